"""Shared pieces of the OSCE tests: the bundled facts and the golden cases."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from coopsec.kb import KnowledgeBase
from coopsec.osce import OsceFacts, bundled_osce

GOLDEN = Path(__file__).with_name("golden.yaml")


def golden() -> dict[str, Any]:
    """The golden cases of ``golden.yaml``."""
    data: dict[str, Any] = YAML(typ="safe").load(GOLDEN.read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="session")
def facts(kb: KnowledgeBase) -> OsceFacts:
    return bundled_osce(kb)
