"""Golden scenarios in YAML, collected by pytest (OpenFisca style): each case says what it checks.

A case has a ``name`` (the sentence it checks), an ``event`` (kind, victim, by, at, date, scale) and
``expect``: a status per mechanism, or a list of defensible statuses where the law is open.
Optional ``obligated`` lists parties that must be bound under a mechanism, ``not_obligated``
parties that must not, and ``reason`` a phrase one of a mechanism's reasons must contain.
``not_reason`` is a phrase none of its reasons may contain, and ``overridden`` the labels of rules
that fired but were overridden by an exception: each is in the trace, marked overridden, and its
reason is not among the mechanism's reasons.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from coopsec.kb import load_knowledge_base
from coopsec.obligations import assess, make_event


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.Collector | None:
    if file_path.suffix == ".yaml" and file_path.parent.name == "scenarios":
        return ScenarioFile.from_parent(parent, path=file_path)
    return None


class ScenarioFile(pytest.File):
    def collect(self) -> Iterator[pytest.Item]:
        cases = YAML(typ="safe", pure=True).load(self.path.read_text(encoding="utf-8"))
        for case in cases:
            yield ScenarioItem.from_parent(self, name=str(case["name"]), case=case)


class ScenarioError(AssertionError):
    pass


class ScenarioItem(pytest.Item):
    def __init__(self, *, case: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case = case

    def runtest(self) -> None:
        kb = load_knowledge_base()
        e = self.case["event"]
        event = make_event(kb, e["kind"], e["victim"], e.get("by"), e.get("at"), e["date"], e.get("scale"))
        result = assess(kb, event)
        problems = []
        for mechanism, expected in self.case["expect"].items():
            got = result.mechanism(mechanism)
            allowed = [expected] if isinstance(expected, str) else list(expected)
            if got.status not in allowed:
                problems.append(
                    f"{mechanism}: expected {' or '.join(allowed)}, got {got.status} because {' / '.join(got.reasons)}"
                )
            if not got.trace or (got.clause is None and mechanism != "eu-ucpm"):
                problems.append(f"{mechanism}: no trace or citation")
        for mechanism, parties in self.case.get("obligated", {}).items():
            bound = {o.party for o in result.mechanism(mechanism).obligated}
            missing = set(parties) - bound
            if missing:
                problems.append(f"{mechanism}: {sorted(missing)} should be bound, bound are {sorted(bound)}")
        for mechanism, parties in self.case.get("not_obligated", {}).items():
            bound = {o.party for o in result.mechanism(mechanism).obligated}
            if set(parties) & bound:
                problems.append(f"{mechanism}: {sorted(set(parties) & bound)} should not be bound")
        for mechanism, phrase in self.case.get("reason", {}).items():
            if not any(phrase in r for r in result.mechanism(mechanism).reasons):
                problems.append(f"{mechanism}: no reason mentions {phrase!r}: {result.mechanism(mechanism).reasons}")
        for mechanism, phrase in self.case.get("not_reason", {}).items():
            if any(phrase in r for r in result.mechanism(mechanism).reasons):
                problems.append(f"{mechanism}: a reason mentions {phrase!r}: {result.mechanism(mechanism).reasons}")
        for mechanism, labels in self.case.get("overridden", {}).items():
            got = result.mechanism(mechanism)
            for label in labels:
                marked = [t.text for t in got.trace if t.kind == "rule" and t.text.startswith(f"{label} -> ")]
                if label not in got.rules or not marked or "(overridden by " not in marked[0]:
                    problems.append(f"{mechanism}: {label} should have fired and be marked overridden in the trace")
                elif any(marked[0].endswith(r) or r in marked[0] for r in got.reasons):
                    problems.append(f"{mechanism}: the reason of the overridden {label} is given as a reason")
        if problems:
            raise ScenarioError("\n".join(problems))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, ScenarioError):
            return f"scenario '{self.name}' failed:\n{excinfo.value}"
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"scenario: {self.name}"
