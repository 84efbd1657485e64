"""From an event to every mechanism's answer: status, reasons, obligated parties, procedure, trace.

An :class:`Assessor` is built once per knowledge base; it precomputes the index of the dates on
which facts change, so assessing an event reads no file and scans no data. How an answer is built
and memoised is in :mod:`coopsec.obligations.answers`; this module finds, for each event, the facts
it depends on and the answers already given for them.
"""

from __future__ import annotations

import bisect
import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from coopsec.kb.model import Clause, Guarantee, KnowledgeBase, Mechanism
from coopsec.obligations.answers import Answers, Step, parties_basis
from coopsec.obligations.event import Event
from coopsec.obligations.facts import FactCache, Facts
from coopsec.obligations.index import EpochIndex
from coopsec.obligations.memo import Memo
from coopsec.obligations.parts import ACTORS, Part, Parts
from coopsec.obligations.result import Assessment, MechanismResult, new_assessment
from coopsec.obligations.rules import RULESETS, RuleSet


class Assessor:
    """Assesses events against every mechanism's rules.

    Three levels of memo, from the cheapest look-up to the widest sharing:

    - a *cell* (kind, class of perpetrator, and the interned facts about victim, place and
      perpetrator) holds each mechanism's answer for every event that falls into it;
    - a *head* (kind, class of perpetrator, victim, place) and the facts one mechanism reads give
      its answer across cells (cells of other stretches of time, where other facts differ);
    - :class:`~coopsec.obligations.answers.Answers` builds new answers from shared decisions,
      wordings and traces.

    The facts are interned (equal facts are the same object) and the rules are checked never to
    read a fact their rule set does not declare, so the memo can never hide a difference.
    """

    #: Events assessed between two checks of the memo's size (a check sums a few dozen lengths).
    CHECK_EVERY = 1024

    def __init__(
        self,
        kb: KnowledgeBase,
        rulesets: tuple[RuleSet[str], ...] = RULESETS,
        *,
        memo_limit: int = Memo.DEFAULT_LIMIT,
        check_every: int = CHECK_EVERY,
    ) -> None:
        """Index ``kb`` for assessing events against ``rulesets`` (every mechanism's, by default).

        ``memo_limit`` bounds the entries the memo's growing tables may hold together (see
        :class:`~coopsec.obligations.memo.Memo`); their size is checked every ``check_every`` events.
        """
        self.kb = kb
        self.memo = Memo(memo_limit)
        self.index = EpochIndex(kb)
        self.facts = FactCache(kb, self.index)
        self.index.register(self.memo)
        self.facts.register(self.memo)
        self.mechanisms: tuple[tuple[RuleSet[str], Mechanism], ...] = tuple(
            (rules, kb.mechanisms[rules.mechanism]) for rules in rulesets
        )
        self._guarantees: dict[str, Guarantee] = {g.clause: g for g in kb.rings.guarantees}
        self.answers = Answers(self.index, self._guarantees, self.memo)
        self._last_facts: Facts | None = None
        self.parts = Parts(self.index, tuple(rules.reads for rules, _ in self.mechanisms), self._facts_of, self.memo)
        # The parts' lists, read directly by the loop of ``assess``.
        self._subjects, self._places = self.parts.subjects, self.parts.places
        self._perpetrators = self.parts.perpetrators
        self._nobody = self.parts.nobody
        self._width = self.parts.width
        table = self.memo.table
        # Bounded by the data (per epoch and clause): kept when the growing tables are dropped.
        self._citations: dict[tuple[int, str], Clause | None] = table(
            "assessor.citations", "an epoch and a clause -> the version cited", grows=False
        )
        self._epoch_plans: dict[int, _Plan] = table("assessor.plans", "an epoch -> each mechanism's step", grows=False)
        self._parties_ids: dict[tuple[int, ...], int] = table(
            "assessor.parties-ids", "what a mechanism's parties depend on -> its number", grows=False
        )
        self._parties_keys: dict[tuple[int, ...], int] = table(
            "assessor.parties-keys", "every mechanism's parties' numbers -> one number", grows=False
        )
        self._plan_parties: list[int] = [-1] * self._width  # per epoch: which lists of parties
        # Growing with the variety of the events.
        self._cells: dict[tuple[object, ...], _Cell] = table(
            "assessor.cells", "kind, perpetrator class and three parts -> every mechanism's answers"
        )
        self._finished: dict[tuple[object, ...], MechanismResult | dict[int, MechanismResult]] = table(
            "assessor.answers", "mechanism, kind, perpetrator class, victim, place and facts -> the answer"
        )
        self._check_every = self._countdown = check_every
        self._own = False  # whether the event being assessed got an answer of its own
        self._plan = tuple((rules, mech, rules.reads) for rules, mech in self.mechanisms)

    def assess(self, event: Event) -> Assessment:
        """Assess ``event`` against every mechanism.

        The loop is written for speed (see the class notes): the event's epoch is found by one
        bisection, its victim, place and perpetrator facts by three look-ups, and its *cell* (kind,
        class of perpetrator and those facts) holds every mechanism's answer seen before.
        """
        self._countdown -= 1
        if not self._countdown:
            self._countdown = self._check_every
            if self.memo.full():
                self._forget()
        # The kind qualified by the scale (an incident is decided apart from an attack).
        kind, by, victim, place = event.nature, event.by, event.victim, event.place.code
        by_class = by if by is None or by in ACTORS else "a state"
        number = bisect.bisect_right(self.index.bounds, event.date)
        row = self._subjects.get(victim)
        subject = None if row is None else row[number]
        row = self._places.get(place)
        where = None if row is None else row[number]
        if by_class == "a state":
            row = self._perpetrators.get(by)
            perpetrator = None if row is None else row[number]
        else:
            perpetrator = self._nobody
        if subject is None or where is None or perpetrator is None:
            subject, where, perpetrator = self.parts.components(event, number)
        plan = self._epoch_plans.get(number)
        if plan is None:
            plan = self._epoch_plan(self._facts_of(event))
        cell = self._cells.get((kind, by_class, subject[0], where[0], perpetrator[0]))
        if cell is None:
            cell = self._cell(kind, by_class, victim, place, subject, where, perpetrator)
        parties = self._plan_parties[number]
        done = cell.complete.get(parties)  # every answer, for these lists of parties
        if done is not None:
            return new_assessment(event, done)
        out = []
        self._own = False
        for index, slot in enumerate(cell.slots):
            if slot.__class__ is MechanismResult:  # the same answer for every event of the cell
                out.append(slot)
                continue
            found = None if slot is None else slot.get(plan[index][3])  # type: ignore[union-attr]
            out.append(found or self._fill(cell, index, event, plan[index]))
        done = tuple(out)
        if not self._own:  # no answer of this event's own (naming its perpetrator or date)
            cell.complete[parties] = done
        return new_assessment(event, done)

    def _facts_of(self, event: Event) -> Facts:
        """The facts of ``event``, made once however many of its mechanisms need them."""
        last = self._last_facts
        if last is None or last.event is not event:
            last = self._last_facts = Facts(self.facts, event)
        return last

    def _cell(
        self, kind: str, by_class: str | None, victim: str, place: str, subject: Part, where: Part, perpetrator: Part
    ) -> _Cell:
        situation = self.parts.situation(subject, where, perpetrator)
        cell = _Cell(kind, by_class, victim, place, *situation, len(self._plan))
        self._cells[(kind, by_class, subject[0], where[0], perpetrator[0])] = cell
        return cell

    def _fill(self, cell: _Cell, index: int, event: Event, step: Step) -> MechanismResult:
        """One mechanism's answer for an event whose cell does not hold it yet; kept in the cell."""
        profile_id = cell.profile_ids[index]
        # First: the answer for the same kind, perpetrator class, victim (and place, once this
        # mechanism's reasons have named one) and facts, seen in another cell (another stretch of
        # time in which other facts differ, or another place).
        place = cell.place if index in self.answers.place_worded else None
        key = (index, cell.kind, cell.by_class, cell.victim, place, profile_id)
        done = self._finished.get(key)
        if isinstance(done, dict):
            done = done.get(step[3])
        if done is None:
            done, shared = self.answers.answer(event, cell.by_class, cell.profile, profile_id, step, self._facts_of)
            if not shared:  # names this event's perpetrator or the date: never kept
                self._own = True
                return done
            if place is None and index in self.answers.place_worded:  # this answer named the place
                key = (index, cell.kind, cell.by_class, cell.victim, cell.place, profile_id)
            new: tuple[object, ...] | None = key
        else:
            new = None
        if done.status == "does_not_apply" or step[1].parties == "none":
            # An answer without parties is the same whoever the members are.
            cell.slots[index] = done
            if new is not None:
                self._finished[new] = done
            return done
        slot = cell.slots[index]
        if not isinstance(slot, dict):
            slot = cell.slots[index] = {}
        slot[step[3]] = done
        if new is not None:
            by_parties = self._finished.setdefault(new, {})
            assert isinstance(by_parties, dict)
            by_parties[step[3]] = done
        return done

    def _forget(self) -> None:
        """Drop every growing table when they pass the limit (a very long batch of very varied events).

        Called between two events only, so no number or identity taken from a dropped table is in use.
        """
        self.memo.drop()
        self._nobody = self.parts.restart()

    def _epoch_plan(self, facts: Facts) -> _Plan:
        """Per mechanism in this epoch: its rules, the clause it cites, and what its parties depend on."""
        signature = self._signature(facts)
        plan = tuple(
            Step(
                rules,
                mech,
                reads,
                self._parties_ids.setdefault(parties, len(self._parties_ids)),
                self._citation(mech.clause, facts),
                index,
            )
            for index, ((rules, mech, reads), parties) in enumerate(zip(self._plan, signature, strict=True))
        )
        self._epoch_plans[facts.epoch.number] = plan
        key = tuple(step[3] for step in plan)
        self._plan_parties[facts.epoch.number] = self._parties_keys.setdefault(key, len(self._parties_keys))
        return plan

    def _signature(self, facts: Facts) -> tuple[tuple[int, ...], ...]:
        """Per mechanism, what its parties and caveats depend on in this epoch (interned identities).

        Together with the decision key it fixes the whole result, so a result seen before is
        returned by one look-up.
        """
        signature = []
        for _, mech, _ in self._plan:
            guarantee = self._guarantees.get(mech.clause or "")
            members, policy, named = parties_basis(self.index, facts.epoch, mech, guarantee, facts.date)
            signature.append((id(members), id(policy), *map(id, named)))
        return tuple(signature)

    def assess_many(self, events: Iterable[Event]) -> Iterator[Assessment]:
        """Assess events one after the other, with the cyclic garbage collector paused.

        Assessments and the memo hold no reference cycles (they are freed by reference counting),
        but the memo holds many objects, and every collection would walk all of them: pausing the
        collector for a batch doubles its throughput. It is restored when the batch ends.
        """
        with paused_gc():
            for event in events:
                yield self.assess(event)

    def _citation(self, clause_id: str | None, facts: Facts) -> Clause | None:
        if clause_id is None:
            return None
        key = (facts.epoch.number, clause_id)
        if key in self._citations:
            return self._citations[key]
        current = facts.epoch.clause(clause_id)
        if current is None:
            versions = self.kb.clauses.get(clause_id, ())
            current = versions[-1] if versions else None
        self._citations[key] = current
        return current


_Plan = tuple[Step, ...]


class _Cell:
    """Every mechanism's answer for one kind, class of perpetrator and set of facts.

    A slot holds the answer itself when it is the same for every event of the cell, or the answers
    by list of parties (they change with the members), or nothing yet.
    """

    __slots__ = ("by_class", "complete", "kind", "place", "profile", "profile_ids", "slots", "victim")

    def __init__(
        self,
        kind: str,
        by_class: str | None,
        victim: str,
        place: str,
        profile: dict[str, object],
        profile_ids: tuple[int, ...],
        size: int,
    ) -> None:
        self.kind = kind
        self.by_class = by_class
        self.victim = victim
        self.place = place
        self.profile = profile
        self.profile_ids = profile_ids
        self.slots: list[MechanismResult | dict[int, MechanismResult] | None] = [None] * size
        self.complete: dict[int, tuple[MechanismResult, ...]] = {}  # all answers, by lists of parties


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector for the duration of a batch (restored afterwards).

    While it is paused, every object the batch allocates counts as young; re-enabling it as such
    would make the next allocation scan them all (the memo's millions of acyclic objects, ~5% of a
    batch). ``freeze`` then ``unfreeze`` moves them to the oldest generation instead, as surviving
    collections would, without scanning them: any cycle among them is still found by the next full
    collection.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.freeze()
            gc.unfreeze()
            gc.enable()


_ASSESSORS: dict[str, Assessor] = {}


def assessor_for(kb: KnowledgeBase) -> Assessor:
    """The (cached) assessor of a knowledge base."""
    found = _ASSESSORS.get(kb.fingerprint)
    if found is None or found.kb is not kb:
        found = Assessor(kb)
        _ASSESSORS[kb.fingerprint] = found
    return found


def assess(kb: KnowledgeBase, event: Event) -> Assessment:
    """Assess one event against every mechanism."""
    return assessor_for(kb).assess(event)
