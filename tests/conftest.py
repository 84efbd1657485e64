"""Shared fixtures: the bundled knowledge base, loaded once, with its cache in a temporary folder."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from coopsec.kb import KnowledgeBase, load_knowledge_base


@pytest.fixture(scope="session", autouse=True)
def _cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("coopsec-cache")
    old = os.environ.get("COOPSEC_CACHE_DIR")
    os.environ["COOPSEC_CACHE_DIR"] = str(path)
    yield path
    if old is None:
        os.environ.pop("COOPSEC_CACHE_DIR", None)
    else:
        os.environ["COOPSEC_CACHE_DIR"] = old


@pytest.fixture(scope="session")
def kb(_cache_dir: Path) -> KnowledgeBase:
    return load_knowledge_base()


def d(text: str) -> dt.date:
    """Shorthand for ISO dates in tests."""
    return dt.date.fromisoformat(text)
