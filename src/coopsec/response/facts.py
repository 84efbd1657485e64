"""Incident facts: what the planner reads about an attack or a disaster, checked once.

The facts a trigger may require are flags (:data:`FLAGS`, the same names as ``response.yaml``), so
a trigger is a conjunction of facts that hold: adding a fact can only add actions to a plan.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from coopsec.errors import InputError, choose

#: How much is known of the perpetrators.
PERPETRATORS: tuple[str, ...] = ("known", "unknown", "at-large")

#: Each flag in words, for the reasons of a plan (UI wording).
FLAG_WORDS: dict[str, str] = {
    "cbrn": "chemical, biological, radiological or nuclear material is involved",
    "cross_border": "the incident has cross-border links",
    "online_propaganda": "propaganda about it spreads online",
    "casualties": "there are casualties",
    "perpetrators_known": "the perpetrators are known",
    "perpetrators_unknown": "the perpetrators are unknown",
    "perpetrators_at_large": "the perpetrators are at large",
}


@dataclass(frozen=True, slots=True)
class Incident:
    """An incident as a liaison officer reports it.

    ``kind``, ``victim``, ``by``, ``at`` and ``date`` are read as by ``coopsec assess`` (through
    :func:`coopsec.obligations.make_event`); the other facts only decide which actions are proposed.
    """

    kind: str
    victim: str
    date: dt.date | str | None = None
    at: str | None = None
    by: str | None = None
    casualties: int | None = None
    cbrn: bool = False
    cross_border: bool = False
    online_propaganda: bool = False
    perpetrators: str | None = None
    scale: str | None = None

    def checked(self) -> Incident:
        """The incident with its own facts validated (codes and dates are checked by the event).

        Raises:
            InputError: a negative number of casualties, or perpetrators not in :data:`PERPETRATORS`.

        """
        if self.casualties is not None and (isinstance(self.casualties, bool) or self.casualties < 0):
            raise InputError(f"casualties {self.casualties!r}: give a whole number, 0 or more")
        who = None if self.perpetrators is None else choose(self.perpetrators, PERPETRATORS, "perpetrators")
        if who == self.perpetrators:
            return self
        return Incident(
            self.kind,
            self.victim,
            self.date,
            self.at,
            self.by,
            self.casualties,
            self.cbrn,
            self.cross_border,
            self.online_propaganda,
            who,
            self.scale,
        )

    @property
    def flags(self) -> frozenset[str]:
        """The facts that hold, by the names triggers use."""
        held = {
            name
            for name, value in (
                ("cbrn", self.cbrn),
                ("cross_border", self.cross_border),
                ("online_propaganda", self.online_propaganda),
                ("casualties", bool(self.casualties)),
            )
            if value
        }
        if self.perpetrators:
            held.add("perpetrators_" + self.perpetrators.replace("-", "_"))
        return frozenset(held)
