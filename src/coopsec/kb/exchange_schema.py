"""The schema of ``exchange.yaml`` and the facts built from it (``KnowledgeBase.exchange``).

The codes a shared record carries (handling, TLP 2.0, evaluation) and the distributions it may name
are facts with sources, so they live in data; :mod:`coopsec.exchange` only reads them. The TLP labels
are kept in the file's order, which is their order of restriction: the access decision compares ranks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from pydantic import StrictBool, StrictStr

from coopsec.errors import DataIssue
from coopsec.kb.schema import SourceRef, Strict

if TYPE_CHECKING:
    from coopsec.kb.build import Builder
    from coopsec.kb.model import Source

FILE = "exchange.yaml"
#: The places of :mod:`coopsec.rings` a distribution ring may include (``ring1``: bound in ring 1).
RingPlace = Literal["core", "ring1", "outer_area"]
#: The roles of :mod:`coopsec.store.models` (kept here as text so the knowledge base does not import the store).
_ROLES = ("viewer", "analyst", "liaison-officer", "administrator")


class HandlingIn(Strict):
    """A handling code and its wording."""

    code: StrictStr
    text: StrictStr
    source: SourceRef
    needs_note: StrictBool = False
    restricted: StrictBool = False


class LabelIn(Strict):
    """A TLP 2.0 label with its STIX 2.1 marking definition."""

    label: StrictStr
    meaning: StrictStr
    stix_id: StrictStr
    stix_created: StrictStr
    restricted: StrictBool = False
    named_recipients_only: StrictBool = False


class TlpIn(Strict):
    """The TLP labels, least restricted first."""

    source: SourceRef
    stix_source: SourceRef
    extension_definition: StrictStr
    labels: list[LabelIn]


class CodeIn(Strict):
    """An evaluation code and its wording."""

    code: StrictStr
    text: StrictStr


class EvaluationIn(Strict):
    """Source reliability and information accuracy codes."""

    source: SourceRef
    reliability: list[CodeIn]
    accuracy: list[CodeIn]


class RingIn(Strict):
    """A distribution ring over the places of the rings."""

    id: StrictStr
    title: StrictStr
    places: list[RingPlace]
    source: SourceRef


class ExchangeFile(Strict):
    """``exchange.yaml``."""

    handling_codes: list[HandlingIn]
    tlp: TlpIn
    evaluation: EvaluationIn
    rings: list[RingIn]
    clearance: dict[StrictStr, StrictStr]


@dataclass(frozen=True, slots=True)
class HandlingCode:
    """A handling code (H0-H3)."""

    code: str
    text: str
    source: Source
    needs_note: bool
    restricted: bool


@dataclass(frozen=True, slots=True)
class TlpLabel:
    """A TLP 2.0 label; ``rank`` orders them (0 = CLEAR)."""

    label: str
    rank: int
    meaning: str
    stix_id: str
    stix_created: str
    restricted: bool
    named_recipients_only: bool


@dataclass(frozen=True, slots=True)
class DistributionRing:
    """A ring a record may be distributed to, defined over the places of the rings."""

    id: str
    title: str
    places: tuple[str, ...]
    source: Source


@dataclass(frozen=True, slots=True)
class ExchangeFacts:
    """Everything :mod:`coopsec.exchange` reads from the knowledge base."""

    handling: dict[str, HandlingCode]
    tlp: dict[str, TlpLabel]
    tlp_source: Source
    stix_source: Source
    extension_definition: str
    reliability: dict[str, str]
    accuracy: dict[str, str]
    evaluation_source: Source
    rings: dict[str, DistributionRing]
    clearance: dict[str, str]

    def rank(self, label: str) -> int | None:
        """The rank of a TLP label (``None`` when unknown)."""
        found = self.tlp.get(label)
        return found.rank if found else None

    def evaluation_codes(self) -> tuple[str, ...]:
        """Every evaluation code, ``A1`` to ``X4``."""
        return tuple(r + a for r in self.reliability for a in self.accuracy)


def build_exchange(builder: Builder, raw: ExchangeFile | None) -> ExchangeFacts | None:
    """The exchange facts, with every source, label and role checked."""
    if raw is None:
        return None
    ok = True

    def issue(path: str, message: str) -> None:
        nonlocal ok
        ok = False
        builder.issues.append(DataIssue(FILE, path, message))

    handling: dict[str, HandlingCode] = {}
    for i, h in enumerate(raw.handling_codes):
        source = builder.source(h.source, FILE, f"handling_codes[{i}] ({h.code})")
        if h.code in handling:
            issue(f"handling_codes[{i}] ({h.code})", f"handling code {h.code} is listed twice: keep one")
        elif source is None:
            ok = False
        else:
            handling[h.code] = HandlingCode(h.code, " ".join(h.text.split()), source, h.needs_note, h.restricted)
    tlp: dict[str, TlpLabel] = {}
    for i, lab in enumerate(raw.tlp.labels):
        if lab.label in tlp:
            issue(f"tlp.labels[{i}] ({lab.label})", f"label {lab.label} is listed twice: keep one")
        if not lab.stix_id.startswith("marking-definition--"):
            issue(f"tlp.labels[{i}] ({lab.label}).stix_id", "must start with 'marking-definition--'")
        tlp[lab.label] = TlpLabel(
            lab.label, i, lab.meaning, lab.stix_id, lab.stix_created, lab.restricted, lab.named_recipients_only
        )
    rings: dict[str, DistributionRing] = {}
    for i, r in enumerate(raw.rings):
        source = builder.source(r.source, FILE, f"rings[{i}] ({r.id})")
        if source is None:
            ok = False
        elif r.id in rings:
            issue(f"rings[{i}] ({r.id})", f"ring {r.id} is listed twice: keep one")
        else:
            rings[r.id] = DistributionRing(r.id, r.title, tuple(r.places), source)
    for role, label in raw.clearance.items():
        if role not in _ROLES:
            issue(f"clearance.{role}", f"unknown role: use one of {', '.join(_ROLES)}")
        if label not in tlp:
            issue(f"clearance.{role}", f"unknown TLP label {label!r}: use one of {', '.join(tlp)}")
    for role in _ROLES:
        if role not in raw.clearance:
            issue("clearance", f"role {role} has no default clearance: add one")
    tlp_source = builder.source(raw.tlp.source, FILE, "tlp")
    stix_source = builder.source(raw.tlp.stix_source, FILE, "tlp.stix_source")
    eval_source = builder.source(raw.evaluation.source, FILE, "evaluation")
    if not ok or tlp_source is None or stix_source is None or eval_source is None:
        return None
    return ExchangeFacts(
        handling=handling,
        tlp=tlp,
        tlp_source=tlp_source,
        stix_source=stix_source,
        extension_definition=raw.tlp.extension_definition,
        reliability={c.code: c.text for c in raw.evaluation.reliability},
        accuracy={c.code: c.text for c in raw.evaluation.accuracy},
        evaluation_source=eval_source,
        rings=rings,
        clearance=dict(raw.clearance),
    )
