"""Fixtures of the strategy tests: the register, the example strategies, a copy of the data folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from coopsec.kb import KnowledgeBase
from coopsec.kb.paths import default_data_dir
from coopsec.strategy import Register, Strategy, bundled_register, load_strategies

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
NAMES = ("east-heavy", "balanced", "south-heavy")


@pytest.fixture(scope="session")
def register(kb: KnowledgeBase) -> Register:
    return bundled_register(kb)


@pytest.fixture(scope="session")
def examples(register: Register) -> list[Strategy]:
    return load_strategies([EXAMPLES / "strategies" / f"{n}.yaml" for n in NAMES], register)


@pytest.fixture
def risk_copy(tmp_path: Path) -> Path:
    """A data folder holding only a copy of the register (what ``load_register(kb, root)`` reads)."""
    (tmp_path / "risk").mkdir()
    shutil.copy(default_data_dir() / "risk" / "register.yaml", tmp_path / "risk" / "register.yaml")
    return tmp_path
