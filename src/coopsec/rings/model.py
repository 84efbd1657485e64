"""Result types of the ring classification, each with its JSON form (``../DESIGN.md`` contract)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from coopsec.kb.model import Source, cite
from coopsec.rings.criterion import Reading

Place = Literal["core", "below_criterion", "no_data", "outer_area", "outside"]
"""Where a state stands. ``no_data`` (a member of the core's organisations whose criterion cannot be
read on the date) is a class of its own, never folded into ``below_criterion``."""


@dataclass(frozen=True, slots=True)
class Reason:
    """One step of an explanation, with the fact's date and source where there is one."""

    text: str
    source: Source | None = None
    date: dt.date | None = None

    def to_dict(self) -> dict[str, object]:
        """JSON form."""
        return {"text": self.text, "date": self.date.isoformat() if self.date else None, "source": cite(self.source)}


@dataclass(frozen=True, slots=True)
class Bond:
    """A ring-1 structure binding a state to other states."""

    organisation: str
    clause: str | None
    citation: str | None
    commitment: str
    parties: tuple[str, ...]
    source: Source | None

    def to_dict(self) -> dict[str, object]:
        """JSON form."""
        return {
            "organisation": self.organisation,
            "clause": self.clause,
            "citation": self.citation,
            "commitment": self.commitment,
            "with": list(self.parties),
            "source": cite(self.source),
        }


@dataclass(frozen=True, slots=True)
class Cooperation:
    """A co-operation structure against transnational threats open to a state."""

    organisation: str
    threats: tuple[str, ...]
    structures: str

    def to_dict(self) -> dict[str, object]:
        """JSON form."""
        return {"organisation": self.organisation, "threats": list(self.threats), "structures": self.structures}


@dataclass(frozen=True, slots=True)
class HeldGuarantee:
    """A collective-defence guarantee a state holds on a date, and from whom."""

    clause: str
    citation: str
    organisation: str
    scope: str
    duty: str
    parties: tuple[str, ...]
    caveats: tuple[tuple[str, tuple[str, ...]], ...]
    source: Source

    def to_dict(self) -> dict[str, object]:
        """JSON form."""
        return {
            "clause": self.clause,
            "citation": self.citation,
            "organisation": self.organisation,
            "scope": self.scope,
            "duty": self.duty,
            "from": list(self.parties),
            "caveats": [{"text": text, "parties": list(parties)} for text, parties in self.caveats],
            "source": cite(self.source),
        }


@dataclass(frozen=True, slots=True)
class Instrument:
    """Stability-promotion instruments open to a state of the outer area."""

    organisation: str
    status: str
    instruments: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        """JSON form."""
        return {"organisation": self.organisation, "status": self.status, "instruments": list(self.instruments)}


@dataclass(frozen=True, slots=True)
class Placement:
    """A state's place in the cooperative security system on a date, with every reason."""

    state: str
    name: str
    on: dt.date
    place: Place
    core_organisations: tuple[str, ...]
    criterion: Reading | None
    bonds: tuple[Bond, ...]
    cooperation: tuple[Cooperation, ...]
    guarantees: tuple[HeldGuarantee, ...]
    instruments: tuple[Instrument, ...]
    reasons: tuple[Reason, ...] = field(default=())

    @property
    def in_ring1(self) -> bool:
        """Whether the state is bound by a ring-1 commitment."""
        return bool(self.bonds)

    @property
    def in_ring2(self) -> bool:
        """Whether the state holds at least one collective-defence guarantee."""
        return bool(self.guarantees)

    @property
    def category(self) -> str:
        """A single label for maps: the place, refined for the core by the defence guarantees held.

        ``core-nato-eu`` (NATO Art. 5 and TEU 42(7)), ``core-nato`` (Art. 5 without the EU clause),
        ``core-eu`` (the EU clause without Art. 5), ``core`` (no defence guarantee), then
        ``below-criterion``, ``no-data`` (its own colour on the map), ``outer-area`` and ``outside``.
        """
        if self.place != "core":
            return self.place.replace("_", "-")
        clauses = {g.clause for g in self.guarantees}
        nato, eu = "nato-art5" in clauses, "teu-42-7" in clauses
        return "core-nato-eu" if nato and eu else "core-nato" if nato else "core-eu" if eu else "core"

    def to_dict(self) -> dict[str, object]:
        """JSON form."""
        return {
            "state": self.state,
            "name": self.name,
            "category": self.category,
            "on": self.on.isoformat(),
            "place": self.place,
            "core": {
                "organisations": list(self.core_organisations),
                "criterion": self.criterion.to_dict() if self.criterion else None,
            },
            "ring1": {
                "bound": self.in_ring1,
                "structures": [b.to_dict() for b in self.bonds],
                "cooperation": [c.to_dict() for c in self.cooperation],
            },
            "ring2": {"guarantees": [g.to_dict() for g in self.guarantees]},
            "outer": {"instruments": [i.to_dict() for i in self.instruments]},
            "reasons": [r.to_dict() for r in self.reasons],
        }
