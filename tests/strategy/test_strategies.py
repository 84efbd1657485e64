"""Strategies as files: the examples load; unknown flanks and instruments are refused by name."""

from __future__ import annotations

from pathlib import Path

import pytest

from coopsec.errors import InputError
from coopsec.strategy import Register, Strategy, check_strategy, load_strategies
from coopsec.strategy.strategies import StrategyFileError

GOOD = {
    "name": "tiny",
    "title": "A tiny strategy",
    "ends": ["test"],
    "ways": [{"instrument": "police", "line": "Europol"}],
    "means": {"eastern": {"police": 1}},
}


def test_examples_load_with_ends_ways_means(examples: list[Strategy], register: Register) -> None:
    assert [s.name for s in examples] == ["east-heavy", "balanced", "south-heavy"]
    for s in examples:
        assert s.data.ends and s.data.ways
        assert len(s.capacity(register)) == len(register.flanks)
        assert s.cost(register) > 0


def test_unknown_flank_and_instrument_are_named(register: Register) -> None:
    raw = dict(GOOD, means={"north": {"police": 1}, "eastern": {"navy": 2}}, reserve={"police": -1})
    with pytest.raises(StrategyFileError) as caught:
        check_strategy("mine.yaml", raw, register)
    paths = {i.path: i.message for i in caught.value.issues}
    assert "unknown flank 'north': use one of eastern, southern, internal" in paths["means.north"]
    assert "unknown instrument 'navy'" in paths["means.eastern.navy"]
    assert "give 0 or more" in paths["reserve.police"]
    assert all(i.file == "mine.yaml" for i in caught.value.issues)
    assert str(caught.value).startswith("the strategy file has 3 error(s)")


def test_bad_fields_and_missing_files(register: Register, tmp_path: Path) -> None:
    with pytest.raises(StrategyFileError, match="ends"):
        check_strategy("x.yaml", dict(GOOD, ends=[]), register)
    with pytest.raises(InputError, match="no strategy file"):
        load_strategies([tmp_path / "none.yaml"], register)
    (tmp_path / "a.yaml").write_text(
        "name: same\ntitle: t\nends: [a]\nways: [{instrument: police, line: x}]\nmeans: {}\n"
    )
    with pytest.raises(InputError, match="used by two files"):
        load_strategies([tmp_path / "a.yaml", tmp_path / "a.yaml"], register)
