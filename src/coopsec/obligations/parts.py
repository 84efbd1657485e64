"""The facts of an event's victim, place and perpetrator, computed once per stretch of time.

The rules read three groups of facts: about the victim (and the clauses and organisations), about
the place, about the perpetrator. Each group, a *part*, is computed once per stretch of time in which
nothing about that state or place changes (:meth:`EpochIndex.segment_epochs`), interned by content
(equal facts, same part, whatever the epoch) and kept in a list per state or place indexed by epoch,
so the assessor finds an event's parts with three list look-ups. A *situation* joins three parts and
numbers, per mechanism, the facts that mechanism reads.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import NamedTuple

from coopsec.obligations.event import Event
from coopsec.obligations.facts import Fact, Facts
from coopsec.obligations.index import EpochIndex
from coopsec.obligations.memo import Memo


class Part(NamedTuple):
    """The facts about a victim, a place or a perpetrator in a stretch of time (read by index when hot)."""

    number: int
    tokens: dict[str, object]  # per fact read, its interned fact (or value, for a perpetrator)
    subs: tuple[int, ...]  # per mechanism, the number of the tokens it reads


class Situation(NamedTuple):
    """Every fact token of an event, and per mechanism the number of those it reads."""

    profile: dict[str, object]
    profile_ids: tuple[int, ...]


ACTORS = ("non-state", "unknown")


class Parts:
    """The interned parts and situations of one assessor."""

    def __init__(
        self, index: EpochIndex, reads: tuple[tuple[str, ...], ...], facts_of: Callable[[Event], Facts], memo: Memo
    ) -> None:
        """Parts for mechanisms reading ``reads`` (one per mechanism), in tables owned by ``memo``.

        ``facts_of`` gives an event's facts.
        """
        self.index = index
        self._reads = reads
        self._facts_of = facts_of
        every = sorted({read for mechanism in reads for read in mechanism})
        self._subject_reads = tuple(r for r in every if r.split(":")[0] in ("victim", "clause", "org"))
        self._place_reads = tuple(r for r in every if r.startswith("place:"))
        self._perpetrator_reads = tuple(r for r in every if r.startswith("perpetrator:"))
        # Per state or place, its part in each epoch (lists indexed by epoch: small and contiguous).
        self.width = len(index.bounds) + 1
        table = memo.table
        self.subjects: dict[str, list[Part | None]] = table("parts.victims", "a state -> its part in each epoch")
        self.places: dict[str, list[Part | None]] = table("parts.places", "a place -> its part in each epoch")
        self.perpetrators: dict[str | None, list[Part | None]] = table(
            "parts.perpetrators", "a state -> its part as perpetrator in each epoch"
        )
        self._parts: dict[tuple[object, ...], Part] = table("parts.parts", "a part's content -> the interned part")
        self._segment_parts: dict[tuple[object, ...], Part] = table(
            "parts.stretches", "a state or place and a stretch of time -> its part"
        )
        self._sub_ids: dict[tuple[object, ...], int] = table(
            "parts.sub-ids", "a mechanism and the tokens of a part it reads -> their number"
        )
        self._situations: dict[tuple[int, int, int], Situation] = table(
            "parts.situations", "three parts -> the situation they make"
        )
        self._profile_ids: dict[tuple[int, ...], int] = table(
            "parts.profile-ids", "a mechanism and its facts in three parts -> their number"
        )
        self.nobody: Part = self.restart()

    def restart(self) -> Part:
        """The part of a non-state, unknown or absent perpetrator (the rules read no fact of it).

        Made anew when the memo's tables have been dropped, since its numbers live in them.
        """
        self.nobody = self._new_part(0, dict.fromkeys(self._perpetrator_reads))
        return self.nobody

    def components(self, event: Event, number: int) -> tuple[Part, Part, Part]:
        """The facts about the event's victim, place and perpetrator in its epoch, each interned.

        Each part is a number and the fact tokens it stands for; equal facts give the same number
        whatever the epoch, so an event is matched with every earlier event of the same situation,
        even one in another epoch. A part is computed once per stretch of time in which nothing
        about its state or place changes (:meth:`EpochIndex.segment_epochs`), then found for each epoch.
        """
        segment = self.index.segment_epochs
        victim, where, day = event.victim, event.place, event.date
        row = self.subjects.get(victim) or self.subjects.setdefault(victim, [None] * self.width)
        subject = row[number]
        if subject is None:
            stretch, epochs = segment(f"state:{victim}", day, (victim,))
            subject = self._part(("victim", victim, stretch), event, self._subject_reads)
            for k in epochs:  # the whole stretch at once
                row[k] = subject
        row = self.places.get(where.code) or self.places.setdefault(where.code, [None] * self.width)
        place = row[number]
        if place is None:
            territory = where.territory
            states: tuple[str, ...] = ()
            extra: tuple[dt.date | None, ...] = ()
            if territory is not None:  # its holders' dates, its TFEU 355 status dates, its change of holder
                states = (territory.sovereign, *(f.state for f in territory.former_sovereigns))
                extra = (
                    *(d for s in territory.eu_status for d in (s.start, s.end)),
                    *territory.change_dates,
                )
            stretch, epochs = segment(f"place:{where.code}", day, states, extra)
            place = self._part(("place", where.code, stretch), event, self._place_reads)
            for k in epochs:
                row[k] = place
        by = event.by
        if by is None or by in ACTORS:
            return subject, place, self.nobody
        # Only the values of the perpetrator's facts matter to the rules (its own facts are added to
        # each event's trace), so perpetrators with the same values share a part.
        row = self.perpetrators.get(by) or self.perpetrators.setdefault(by, [None] * self.width)
        perpetrator = row[number]
        if perpetrator is None:
            stretch, epochs = segment(f"state:{by}", day, (by,))
            perpetrator = self._part(("perpetrator", by, stretch), event, self._perpetrator_reads, False)
            for k in epochs:
                row[k] = perpetrator
        return subject, place, perpetrator

    def _part(self, key: tuple[object, ...], event: Event, reads: tuple[str, ...], named: bool = True) -> Part:
        """The part of ``key`` (a code and a stretch of time), computed from the event's facts the first time.

        Parts are interned by content: a named part (victim, place) by its code and the identity of
        its facts; the perpetrator's by the values alone.
        """
        found = self._segment_parts.get(key)
        if found is None:
            facts = self._facts_of(event)
            tokens = {read: facts.token(read) for read in reads}
            content = (key[1] if named else None, *[id(t) if isinstance(t, Fact) else t for t in tokens.values()])
            found = self._parts.get(content)
            if found is None:
                found = self._parts[content] = self._new_part(len(self._parts) + 1, tokens)
            self._segment_parts[key] = found
        return found

    def _new_part(self, number: int, tokens: dict[str, object]) -> Part:
        """A part, with the number of what it contributes to each mechanism's facts."""
        subs = tuple(
            self._sub_ids.setdefault(
                (index, *[id(t) if isinstance(t, Fact) else t for r, t in tokens.items() if r in reads]),
                len(self._sub_ids),
            )
            for index, reads in enumerate(self._reads)
        )
        return Part(number, tokens, subs)

    def _new_situation(self, subject: Part, where: Part, perpetrator: Part) -> Situation:
        """The facts of an event's victim, place and perpetrator, and their ids per mechanism.

        Each mechanism gets an id of the facts it reads: equal facts, equal id, whatever the epoch.
        """
        profile = {**subject[1], **where[1], **perpetrator[1]}
        ids = self._profile_ids
        keys = zip(range(len(self._reads)), subject[2], where[2], perpetrator[2], strict=True)
        profile_ids = tuple(ids.setdefault(key, len(ids)) for key in keys)
        situation = self._situations[(subject[0], where[0], perpetrator[0])] = Situation(profile, profile_ids)
        return situation

    def situation(self, subject: Part, where: Part, perpetrator: Part) -> Situation:
        """The situation of three parts."""
        found = self._situations.get((subject[0], where[0], perpetrator[0]))
        return found if found is not None else self._new_situation(subject, where, perpetrator)
