"""The risk register (``data/risk/register.yaml``): threats x regions with sources, checked like the KB.

The register is data, not code: every rate is a public figure times a stated share, or a stated
assumption, and every figure names its source, so each number a simulation prints can be traced.
It is read by its own loader (a side folder of the knowledge base, like ``replays/``): every problem
names the file and the key, and the likelihood class of each entry must agree with its rate under
the calibration the file states (SEC(2010) 1626 asks for the calibration to be explicit).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from coopsec.errors import DataError, DataIssue
from coopsec.kb import KnowledgeBase
from coopsec.kb.paths import default_data_dir
from coopsec.kb.yamlio import read_yaml
from coopsec.rings import classify
from coopsec.strategy.register_schema import Calibration, RegisterFile

#: The folder of the data directory that holds the register.
FOLDER = "risk"
FILE = "register.yaml"


@dataclass(frozen=True)
class Register:
    """The checked register and the file it came from."""

    file: str
    data: RegisterFile

    @property
    def instruments(self) -> tuple[str, ...]:
        """Instrument ids, in the file's order."""
        return tuple(self.data.instruments)

    @property
    def flanks(self) -> tuple[str, ...]:
        """Region ids, in the file's order."""
        return tuple(self.data.flanks)

    def assumption(self, name: str) -> float:
        """The value of a stated assumption."""
        return self.data.assumptions[name].value

    def harm(self, impact: int) -> float:
        """Harm points of an impact class."""
        return float(self.data.calibration.impact[impact - 1].harm or 0.0)

    def likelihood_of(self, rate: float) -> int:
        """The likelihood class a rate falls in under the calibration."""
        for level in self.data.calibration.likelihood:
            if level.up_to is None or rate <= level.up_to:
                return level.level
        return 5


def _where(loc: tuple[int | str, ...]) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else (f".{p}" if i else str(p)) for i, p in enumerate(loc))


def _check_scales(label: str, cal: Calibration) -> list[DataIssue]:
    issues: list[DataIssue] = []
    for name, scale in (("likelihood", cal.likelihood), ("impact", cal.impact)):
        if [lv.level for lv in scale] != [1, 2, 3, 4, 5]:
            issues.append(DataIssue(label, f"calibration.{name}", "list the levels 1 to 5 in order"))
    bounds = [lv.up_to for lv in cal.likelihood]
    if any(b is None for b in bounds[:4]) or bounds[4] is not None or bounds[:4] != sorted(bounds[:4]):  # type: ignore[type-var]
        issues.append(DataIssue(label, "calibration.likelihood", "give rising up_to for levels 1-4 and none for 5"))
    if any(lv.harm is None for lv in cal.impact):
        issues.append(DataIssue(label, "calibration.impact", "give harm points for every impact level"))
    return issues


def _check(kb: KnowledgeBase, label: str, reg: RegisterFile) -> list[DataIssue]:
    """Cross-checks: sources, figures, states, mechanisms, kinds, and likelihood against rate."""
    issues = _check_scales(label, reg.calibration)

    def bad(key: str, message: str) -> None:
        issues.append(DataIssue(label, key, message))

    known_sources = set(reg.sources) | set(kb.sources)
    if reg.calibration.source not in known_sources:
        bad("calibration.source", f"unknown source {reg.calibration.source!r}: add it under sources")
    for name, fig in reg.figures.items():
        if fig.source not in known_sources:
            bad(f"figures.{name}.source", f"unknown source {fig.source!r}: add it under sources or to sources.yaml")
    for name, flank in reg.flanks.items():
        if flank.rest == bool(flank.candidates):
            bad(f"flanks.{name}", "give either candidates (state codes) or rest: true, not both")
        for i, code in enumerate(flank.candidates):
            if code not in kb.states:
                bad(f"flanks.{name}.candidates[{i}]", f"unknown state {code!r}: use a code of states.yaml")
        if flank.source is not None and flank.source not in known_sources:
            bad(f"flanks.{name}.source", f"unknown source {flank.source!r}: add it under sources")
    from coopsec.obligations.kinds import KINDS

    for name, threat in reg.threats.items():
        if threat.kind not in KINDS:
            bad(f"threats.{name}.kind", f"unknown event kind {threat.kind!r}: use one of {', '.join(KINDS)}")
        for i, mech in enumerate(threat.via):
            if mech not in kb.mechanisms:
                bad(f"threats.{name}.via[{i}]", f"unknown mechanism {mech!r}: use an id of mechanisms.yaml")
    seen: set[tuple[str, str]] = set()
    for i, e in enumerate(reg.entries):
        key = f"entries[{i}]"
        for field, value, pool in (
            ("threat", e.threat, reg.threats),
            ("region", e.region, reg.flanks),
            ("instrument", e.instrument, reg.instruments),
        ):
            if value not in pool:
                bad(f"{key}.{field}", f"unknown {field} {value!r}: use one of {', '.join(pool)}")
        for j, fig_id in enumerate(e.figures):
            if fig_id not in reg.figures:
                bad(f"{key}.figures[{j}]", f"unknown figure {fig_id!r}: add it under figures with its source")
        for j, a in enumerate(e.assumptions):
            if a not in reg.assumptions:
                bad(f"{key}.assumptions[{j}]", f"unknown assumption {a!r}: state it under assumptions")
        if not e.figures and not e.basis.startswith("assumption"):
            bad(f"{key}.basis", "an entry without figures rests on an assumption: start the basis with 'assumption:'")
        if e.by is not None and e.by not in kb.states:
            bad(f"{key}.by", f"unknown state {e.by!r}: use a code of states.yaml")
        if (e.threat, e.region) in seen:
            bad(key, f"{e.threat} in {e.region} is listed twice: keep one entry per threat and region")
        seen.add((e.threat, e.region))
        if not issues and reg.calibration.likelihood[4].up_to is None:
            want = Register(label, reg).likelihood_of(e.rate)
            if want != e.likelihood:
                bad(
                    f"{key}.likelihood",
                    f"rate {e.rate} a year is likelihood {want} under the calibration, not {e.likelihood}",
                )
    return issues


def load_register(kb: KnowledgeBase, root: Path | None = None) -> Register:
    """The register of the data folder, checked.

    Raises:
        DataError: every problem at once, each naming the file and the key.

    """
    label = f"{FOLDER}/{FILE}"
    path = (root or default_data_dir()) / FOLDER / FILE
    if not path.is_file():
        raise DataError([DataIssue(label, "", "the risk register is missing: add data/risk/register.yaml")])
    raw, found = read_yaml(path, label)
    issues = list(found)
    if raw is None:
        raise DataError(issues or [DataIssue(label, "", "the file is empty")])
    try:
        parsed = RegisterFile.model_validate(raw)
    except ValidationError as err:
        raise DataError(issues + [DataIssue(label, _where(tuple(e["loc"])), e["msg"]) for e in err.errors()]) from None
    issues.extend(_check(kb, label, parsed))
    if issues:
        raise DataError(issues)
    return Register(label, parsed)


_BUNDLED: dict[int, tuple[KnowledgeBase, Register]] = {}


def bundled_register(kb: KnowledgeBase) -> Register:
    """The bundled register, read once per knowledge base (it is checked against that knowledge base)."""
    held = _BUNDLED.get(id(kb))
    if held is None or held[0] is not kb:
        held = _BUNDLED[id(kb)] = (kb, load_register(kb))
    return held[1]


def flank_states(kb: KnowledgeBase, register: Register, day: dt.date) -> dict[str, tuple[str, ...]]:
    """Each region's states on ``day``: candidates in the core and the EU; ``rest`` takes the other core EU members."""
    rings = classify(kb, day)
    core_eu = [p.state for p in rings.placements if p.place == "core" and "EU" in p.core_organisations]
    out: dict[str, tuple[str, ...]] = {}
    taken: set[str] = set()
    for name, flank in register.data.flanks.items():
        if not flank.rest:
            states = tuple(s for s in core_eu if s in flank.candidates)
            out[name] = states
            taken.update(states)
    for name, flank in register.data.flanks.items():
        if flank.rest:
            out[name] = tuple(s for s in core_eu if s not in taken)
    return out


def left_out(kb: KnowledgeBase, register: Register, day: dt.date) -> dict[str, tuple[str, ...]]:
    """Candidates of each flank that are not in the core EU on ``day`` (so no incident is drawn for them)."""
    states = flank_states(kb, register, day)
    return {
        name: tuple(c for c in flank.candidates if c not in states[name])
        for name, flank in register.data.flanks.items()
        if not flank.rest
    }
