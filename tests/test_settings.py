"""Settings are checked at start: every bad variable named, with what it allows; never a traceback."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from coopsec.cli.app import app
from coopsec.errors import SettingsError
from coopsec.settings import get_settings


def test_bad_settings_are_named_with_their_range(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COOPSEC_LOGIN_ATTEMPTS_PER_MINUTE", "0")
    monkeypatch.setenv("COOPSEC_ACCESS_TOKEN_MINUTES", "525600000000")
    monkeypatch.setenv("COOPSEC_ENVIRONMENT", "prod")
    get_settings.cache_clear()
    try:
        with pytest.raises(SettingsError) as caught:
            get_settings()
        message = str(caught.value)
        assert "COOPSEC_LOGIN_ATTEMPTS_PER_MINUTE='0'" in message and "at least 1" in message
        assert "COOPSEC_ACCESS_TOKEN_MINUTES" in message and "at most 1440" in message
        assert "COOPSEC_ENVIRONMENT='prod'" in message and "production" in message
        result = CliRunner().invoke(app, ["serve", "--port", "1"])
        assert result.exit_code == 2 and "COOPSEC_ENVIRONMENT" in result.stderr
        assert "Traceback" not in result.output
    finally:
        get_settings.cache_clear()
