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


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("COOPSEC_DB_TIMEOUT", "nan", "finite number"),
        ("COOPSEC_DB_POOL_SIZE", "0", "at least 1"),
        ("COOPSEC_MAX_BODY_BYTES", "abc", "valid integer"),
        ("COOPSEC_MAX_BODY_BYTES", "10", "at least 1024"),
        ("COOPSEC_API_TOKEN_MAX_DAYS", "365000000", "at most 3650"),
        ("COOPSEC_LOGIN_ATTEMPTS_PER_CLIENT_PER_MINUTE", "-1", "at least 1"),
        ("COOPSEC_DATABASE_URL", "mysql://root:hunter2@db/x", "sqlite:///PATH or postgresql://"),
    ],
)
def test_each_bad_value_is_named_and_serve_exits_2(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, expected: str
) -> None:
    monkeypatch.setenv(variable, value)
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["serve", "--port", "1"])
        assert result.exit_code == 2, result.output
        assert variable in result.stderr and expected in result.stderr
        assert "Traceback" not in result.output and "hunter2" not in result.output
    finally:
        get_settings.cache_clear()
