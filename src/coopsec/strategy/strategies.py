"""Strategies as files: ends (objectives), ways (lines of action on the rings' instruments), means.

A strategy is what a user compares: ``examples/strategies/*.yaml``. Its means are units of
assistance held ready per flank and instrument, plus a common reserve per instrument that can go
to any flank (more slowly). Flanks and instruments are the register's, so an unknown one is refused
with the names that exist, and the error names the file and the key.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from pydantic import Field, ValidationError

from coopsec.errors import DataError, DataIssue, InputError
from coopsec.kb.schema import Strict
from coopsec.kb.yamlio import read_yaml
from coopsec.strategy.register import Register


class StrategyFileError(DataError):
    """A strategy or sweep file is invalid; carries every problem, each naming the file and the key."""

    def __init__(self, issues: list[DataIssue]) -> None:
        super().__init__(issues)
        lines = "\n".join(f"  - {issue}" for issue in self.issues)
        self.args = (f"the strategy file has {len(self.issues)} error(s):\n{lines}",)

    def __str__(self) -> str:
        return str(self.args[0])


class Way(Strict):
    """A line of action: an instrument and what is done with it."""

    instrument: str
    line: str


class StrategyFile(Strict):
    """A strategy file."""

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=60)
    title: str = Field(max_length=200)
    on: dt.date | None = Field(default=None, description="The date whose rings decide the flanks' states")
    ends: list[str] = Field(min_length=1, max_length=20)
    ways: list[Way] = Field(min_length=1, max_length=40)
    means: dict[str, dict[str, float]]
    reserve: dict[str, float] = Field(default_factory=dict)


@dataclass(frozen=True)
class Strategy:
    """A checked strategy: the file's content and the matrices the simulator reads."""

    label: str
    data: StrategyFile

    @property
    def name(self) -> str:
        """The strategy's name (``east-heavy``)."""
        return self.data.name

    def capacity(self, register: Register) -> list[list[float]]:
        """Units per flank (rows, the register's order) and instrument (columns)."""
        return [[self.data.means.get(f, {}).get(i, 0.0) for i in register.instruments] for f in register.flanks]

    def reserve_units(self, register: Register) -> list[float]:
        """Reserve units per instrument (the register's order)."""
        return [self.data.reserve.get(i, 0.0) for i in register.instruments]

    def cost(self, register: Register) -> float:
        """Yearly cost in the register's cost units: every unit held ready, on a flank or in reserve."""
        units = [sum(row[j] for row in self.capacity(register)) for j in range(len(register.instruments))]
        reserve = self.reserve_units(register)
        costs = [register.data.instruments[i].unit_cost for i in register.instruments]
        return float(sum((u + r) * c for u, r, c in zip(units, reserve, costs, strict=True)))


def _where(loc: tuple[int | str, ...]) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else (f".{p}" if i else str(p)) for i, p in enumerate(loc))


def check_strategy(label: str, raw: object, register: Register) -> Strategy:
    """Validate a strategy's content against the register.

    Raises:
        StrategyFileError: every problem at once, naming the file and the key (unknown flank or instrument,
            negative means, a bad field).

    """
    try:
        parsed = StrategyFile.model_validate(raw)
    except ValidationError as err:
        raise StrategyFileError([DataIssue(label, _where(tuple(e["loc"])), e["msg"]) for e in err.errors()]) from None
    issues: list[DataIssue] = []
    flanks, instruments = ", ".join(register.flanks), ", ".join(register.instruments)
    for flank, row in parsed.means.items():
        if flank not in register.flanks:
            issues.append(DataIssue(label, f"means.{flank}", f"unknown flank {flank!r}: use one of {flanks}"))
        for inst, units in row.items():
            if inst not in register.instruments:
                issues.append(
                    DataIssue(label, f"means.{flank}.{inst}", f"unknown instrument {inst!r}: use one of {instruments}")
                )
            if units < 0:
                issues.append(DataIssue(label, f"means.{flank}.{inst}", f"{units} units: give 0 or more"))
    for inst, units in parsed.reserve.items():
        if inst not in register.instruments:
            issues.append(DataIssue(label, f"reserve.{inst}", f"unknown instrument {inst!r}: use one of {instruments}"))
        if units < 0:
            issues.append(DataIssue(label, f"reserve.{inst}", f"{units} units: give 0 or more"))
    for k, way in enumerate(parsed.ways):
        if way.instrument not in register.instruments:
            issues.append(
                DataIssue(
                    label, f"ways[{k}].instrument", f"unknown instrument {way.instrument!r}: use one of {instruments}"
                )
            )
    if issues:
        raise StrategyFileError(issues)
    return Strategy(label, parsed)


def load_strategy(path: Path, register: Register) -> Strategy:
    """A strategy file, checked.

    Raises:
        InputError: the file does not exist.
        StrategyFileError: the file is not valid (every problem, naming the file and the key).

    """
    if not path.is_file():
        raise InputError(f"no strategy file {str(path)!r}: give the path of a YAML file (see examples/strategies/)")
    raw, found = read_yaml(path, path.name)
    if found:
        raise StrategyFileError(list(found))
    return check_strategy(path.name, raw, register)


def load_strategies(paths: list[Path], register: Register) -> list[Strategy]:
    """Several strategy files; names must differ so the results can be told apart.

    Raises:
        InputError: no file, or two strategies with one name.

    """
    if not paths:
        raise InputError("give at least one strategy file (see examples/strategies/)")
    out = [load_strategy(p, register) for p in paths]
    names = [s.name for s in out]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise InputError(f"strategy name {twice[0]!r} is used by two files: give each strategy its own name")
    return out
