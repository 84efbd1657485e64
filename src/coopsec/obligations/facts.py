"""The facts of one event that the rules read, each recorded in the trace when it is used.

Rules never touch the knowledge base directly: they ask this object ("is the victim a Party?",
"is the clause in force?", "is the place inside the Art. 6 area?"), and every answer is logged
with its date and source, so each mechanism's trace lists exactly the facts it relied on.

Every answer is a :class:`Fact` (a value and the trace entries behind it) computed once per epoch
and *interned*: two epochs, or two events, with the same fact share one object. That makes facts
cheap to compare, which the assessor uses to memoise decisions (see :mod:`coopsec.obligations.assess`).
"""

from __future__ import annotations

import datetime as dt

from coopsec.architecture.codes import state_name
from coopsec.errors import RuleDefinitionError
from coopsec.kb.model import Clause, KnowledgeBase, Source
from coopsec.obligations.event import Event, Place
from coopsec.obligations.index import EpochIndex
from coopsec.obligations.memo import Memo
from coopsec.obligations.result import TraceEntry
from coopsec.obligations.rules.area import AreaFinding, art6_finding, europe_finding, treaty_territory_finding

#: Every value each place fact can take. The rule sets that read a place fact declare the values they
#: were written for (``RuleSet(values=...)``); the whole-domain check fails when the two differ, and
#: a value outside this table is refused when it is computed.
PLACE_VALUES: dict[str, tuple[str, ...]] = {
    "place:art6": ("in", "out", "contested"),
    "place:treaty": ("treaties", "national", "sea", "forces"),
    "place:europe": ("in", "out", "contested"),
}


class Fact:
    """A value and the trace entries that support it; compared by identity (facts are interned).

    ``key`` is the part of the value rules can decide on (a clause's version does not matter to
    them, only whether it is in force).
    """

    __slots__ = ("entries", "key", "value")

    def __init__(self, value: object, entries: tuple[TraceEntry, ...]) -> None:
        self.value = value
        self.entries = entries
        self.key = value if isinstance(value, (bool, str)) or value is None else True


class FactCache:
    """Facts shared by all events of a knowledge base, interned by content."""

    def __init__(self, kb: KnowledgeBase, index: EpochIndex) -> None:
        self.kb = kb
        self.index = index
        self._by_epoch: dict[tuple[object, ...], Fact] = {}
        self._interned_entries: dict[tuple[str, dt.date | None, str | None], TraceEntry] = {}
        self._interned_facts: dict[tuple[object, ...], Fact] = {}

    def register(self, memo: Memo) -> None:
        """Count this cache's tables in ``memo`` (bounded by the data: never dropped)."""
        memo.adopt("facts.by-stretch", "a fact and its stretch of time -> the interned fact", self._by_epoch)
        memo.adopt("facts.entries", "a trace entry's content -> the one entry", self._interned_entries)
        memo.adopt("facts.interned", "a value and its entries -> the one fact", self._interned_facts)

    def entry(self, text: str, date: dt.date | None, source: Source | None) -> TraceEntry:
        """The one trace entry with this content."""
        key = (text, date, source.id if source else None)
        found = self._interned_entries.get(key)
        if found is None:
            found = TraceEntry("fact", text, date, source)
            self._interned_entries[key] = found
        return found

    def fact(self, value_key: object, value: object, entries: tuple[TraceEntry, ...]) -> Fact:
        """The one fact with this value and these entries."""
        key = (value_key, *map(id, entries))
        found = self._interned_facts.get(key)
        if found is None:
            found = Fact(value, entries)
            self._interned_facts[key] = found
        return found

    def get(self, key: tuple[object, ...]) -> Fact | None:
        """A fact already computed for ``key`` (which includes the epoch)."""
        return self._by_epoch.get(key)

    def put(self, key: tuple[object, ...], fact: Fact) -> Fact:
        """Remember the fact of ``key``."""
        self._by_epoch[key] = fact
        return fact


class Facts:
    """Traced facts about one event."""

    __slots__ = (
        "_by",
        "_by_class",
        "_date",
        "_kind",
        "_tokens",
        "_victim",
        "_where",
        "cache",
        "cited",
        "consulted",
        "epoch",
        "event",
        "fields",
        "kb",
        "used",
    )

    def __init__(self, cache: FactCache, event: Event) -> None:
        self.cache = cache
        self.kb = cache.kb
        self.event = event
        self._kind = event.kind
        self._victim = event.victim
        self._by = event.by
        self._by_class = event.by if event.by in (None, "non-state", "unknown") else "a state"
        self._where = event.place
        self._date = event.date
        self.fields: set[str] | None = None
        self.epoch = cache.index.epoch(event.date)
        self.used: dict[TraceEntry, None] = {}
        self.cited: dict[TraceEntry, None] = {}
        self.consulted: dict[str, None] = {}
        self._tokens: dict[str, object] = {}

    def begin(self) -> None:
        """Start the trace of a new mechanism."""
        self.used = {}
        self.cited = {}
        self.consulted = {}

    def _use(self, read: str, fact: Fact) -> object:
        self.consulted[read] = None
        for entry in fact.entries:
            self.used[entry] = None
        return fact.value

    def cite(self, precedent_id: str) -> None:
        """Record a precedent or authority (``precedents.yaml``) the rule relies on."""
        precedent = self.kb.precedents[precedent_id]
        self.cited[self.cache.entry(precedent.text, precedent.date, precedent.source)] = None

    def span(self, clause_id: str) -> str:
        """When ``clause_id`` is in force, from the data (e.g. ``in force from 2009-12-01``)."""
        self.consulted[f"clause:{clause_id}"] = None
        versions = self.kb.clauses.get(clause_id, ())
        if not versions:
            return "never in force"
        end = versions[-1].end
        return f"in force from {versions[0].start}" + (f" to {end}" if end else "")

    # ------------------------------------------------------------------ the event, with the fields read tracked
    # While the assessor words a decision (``fields`` is a set), every field of the event that the
    # wording reads is noted, so the wording is shared by every event that agrees on those fields.
    def _read(self, field: str) -> None:
        if self.fields is not None:
            self.fields.add(field)

    @property
    def kind(self) -> str:
        """The event kind."""
        self._read("kind")
        return self._kind

    @property
    def scale(self) -> str | None:
        """The gravity of an attack (``incident`` or ``attack``), ``None`` for disasters and threats.

        Decisions and wordings are keyed by the kind qualified by the scale (:attr:`Event.nature`),
        so reading it needs no field of its own.
        """
        return self.event.scale

    @property
    def victim(self) -> str:
        """The victim's code."""
        self._read("victim")
        return self._victim

    @property
    def by(self) -> str | None:
        """The perpetrator: a state code, ``non-state``, ``unknown`` or ``None``."""
        self._read("by")
        return self._by

    @property
    def by_class(self) -> str | None:
        """The perpetrator's class: ``a state``, ``non-state``, ``unknown`` or ``None``."""
        self._read("by_class")
        return self._by_class

    @property
    def place(self) -> Place:
        """Where the event happens."""
        self._read("place")
        return self._where

    @property
    def date(self) -> dt.date:
        """The event date."""
        self._read("date")
        return self._date

    def name(self, code: str) -> str:
        """A state's name."""
        return state_name(self.kb, code)

    @property
    def victim_name(self) -> str:
        """The victim's name and code."""
        return f"{self.name(self.victim)} ({self.victim})"

    # ------------------------------------------------------------------ the facts, as tokens
    def token(self, read: str) -> object:
        """What ``read`` contributes to the memo key of a decision, without recording it.

        The interned :class:`Fact` for facts about the victim, clauses, places and organisations;
        for the perpetrator only the value (member or not), so that decisions are shared between
        perpetrators and the perpetrator's own facts are added to each event's trace.
        """
        found = self._tokens.get(read)
        if found is None and read not in self._tokens:
            found = self._token(read)
            self._tokens[read] = found
        return found

    def perpetrator_entries(self, organisations: tuple[str, ...]) -> tuple[TraceEntry, ...]:
        """The trace entries of the perpetrator's memberships in ``organisations``."""
        if self._by_class != "a state":
            return ()
        return tuple(self._membership(str(self._by), org).entries[0] for org in organisations)

    def _token(self, read: str) -> object:
        kind, _, arg = read.partition(":")
        if kind == "perpetrator":
            return self._membership(str(self._by), arg).value if self._by_class == "a state" else None
        if kind == "victim":
            return self._membership(self._victim, arg)
        if kind == "clause":
            return self._clause(arg)
        if kind == "place":
            return self._place(arg)
        if kind == "org":
            return self._organisation(arg)
        raise KeyError(read)

    def _membership(self, state: str, organisation: str) -> Fact:
        segment = self.cache.index.pair_segment(state, organisation, self._date)
        key = ("member", state, organisation, segment)
        found = self.cache.get(key)
        if found is None:
            value, entry = self._describe_membership(state, organisation)
            found = self.cache.put(key, self.cache.fact(value, value, (entry,)))
        return found

    def _describe_membership(self, state: str, organisation: str) -> tuple[bool, TraceEntry]:
        spell = self.epoch.spell(state, organisation) if state in self.kb.states else None
        org = self.kb.organisations[organisation]
        name = org.name_on(self.epoch.day)
        who = f"{self.name(state)} ({state})"
        entry = self.cache.entry
        if spell is not None and spell.status == "member":
            until = f" until {spell.end}" if spell.end else ""
            text = f"{who} is a member of the {name} from {spell.start} ({spell.start_basis.replace('_', ' ')}){until}"
            return True, entry(text, spell.start, spell.source)
        if spell is not None:
            return False, entry(
                f"{who} is {spell.status}, not a member, of the {name} from {spell.start}", spell.start, spell.source
            )
        spells = [s for s in self.cache.index.by_state_org.get((state, organisation), ()) if s.status == "member"]
        later = [s for s in spells if s.start > self.epoch.day]
        earlier = [s for s in spells if s.end is not None and s.end <= self.epoch.day]
        if later:
            first = min(later, key=lambda s: s.start)
            return False, entry(
                f"{who} is not yet a member of the {name}: it becomes one on {first.start}", first.start, first.source
            )
        if earlier:
            last = max(earlier, key=lambda s: s.start)
            return False, entry(
                f"{who} is no longer a member of the {name}: its membership ended on {last.end}", last.end, last.source
            )
        return False, entry(f"{who} has never been a member of the {org.name}", None, org.source)

    def _clause(self, clause_id: str) -> Fact:
        key = ("clause", self.epoch.number, clause_id)
        found = self.cache.get(key)
        if found is None:
            current = self.epoch.clause(clause_id)
            versions = self.kb.clauses.get(clause_id, ())
            entries: tuple[TraceEntry, ...] = ()
            if current is not None:
                until = f" until {current.end}" if current.end else ""
                entries = (
                    self.cache.entry(
                        f"{current.citation} is in force from {current.start}{until}", current.start, current.source
                    ),
                )
            elif versions:
                first, last = versions[0], versions[-1]
                span = f"from {first.start}" + (f" to {last.end}" if last.end else "")
                entries = (
                    self.cache.entry(
                        f"{first.citation} is not in force on the date of the event (it is in force {span})",
                        first.start,
                        first.source,
                    ),
                )
            value_key = (current.id, current.start) if current is not None else None
            found = self.cache.put(key, self.cache.fact(value_key, current, entries))
        return found

    def _organisation(self, organisation: str) -> Fact:
        key = ("org", self.epoch.number, organisation)
        found = self.cache.get(key)
        if found is None:
            org = self.kb.organisations[organisation]
            operates = org.operates_on(self._date)
            applies = f", its founding act applying from {org.applies_from}" if org.applies_from else ""
            text = f"the {org.name} exists from {org.founded}{applies}" + (
                f" to {org.dissolved}" if org.dissolved else ""
            )
            start = org.applies_from or org.founded
            found = self.cache.put(
                key, self.cache.fact(operates, operates, (self.cache.entry(text, start, org.source),))
            )
        return found

    def _place(self, kind: str) -> Fact:
        # By epoch: the text of Art. 6 in force, who holds the territory and who are Parties change.
        key = ("place", kind, self._where.code, self.epoch.number)
        found = self.cache.get(key)
        if found is None:
            finding = self._compute(kind)
            if finding.value not in PLACE_VALUES[f"place:{kind}"]:
                raise RuleDefinitionError(
                    f"place:{kind} took the value {finding.value!r}, which no rule set was written for: add it to "
                    "PLACE_VALUES and say in each rule set reading it what it means"
                )
            entries = tuple(self.cache.entry(text, None, source) for text, source in finding.facts)
            found = self.cache.put(key, self.cache.fact((kind, finding.value), finding.value, entries))
        return found

    def _compute(self, kind: str) -> AreaFinding:
        if kind == "art6":
            return art6_finding(self.kb, self.cache.index, self._where, self._date)
        if kind == "treaty":
            return treaty_territory_finding(self._where, self._date)
        return europe_finding(self._where, self._date)

    # ------------------------------------------------------------------ what the rules ask
    def victim_in(self, organisation: str) -> bool:
        """Whether the victim is a member of ``organisation`` (recorded)."""
        return bool(self._use(f"victim:{organisation}", self._membership(self._victim, organisation)))

    def perpetrator_in(self, organisation: str) -> bool:
        """Whether the perpetrator is a state member of ``organisation``.

        Recorded as consulted, but not in ``used``: the assessor adds each event's own perpetrator
        facts to its trace.
        """
        if self._by_class != "a state":
            return False
        self.consulted[f"perpetrator:{organisation}"] = None
        return bool(self._membership(str(self._by), organisation).value)

    def clause(self, clause_id: str) -> Clause | None:
        """The version of ``clause_id`` in force on the event date, if any (recorded)."""
        value = self._use(f"clause:{clause_id}", self._clause(clause_id))
        return value if isinstance(value, Clause) else None

    def in_force(self, clause_id: str) -> bool:
        """Whether ``clause_id`` is in force on the event date (recorded)."""
        return self.clause(clause_id) is not None

    def organisation_exists(self, organisation: str) -> bool:
        """Whether ``organisation`` exists, its founding act applying, on the event date (recorded)."""
        return bool(self._use(f"org:{organisation}", self._organisation(organisation)))

    def art6(self) -> str:
        """``in``, ``out`` or ``contested``: the place and the North Atlantic Treaty Art. 6 area (recorded)."""
        self.clause("nato-art6")
        return str(self._use("place:art6", self._place("art6")))

    def treaty_territory(self) -> str:
        """``treaties`` (the EU Treaties apply there), ``national`` (outside them), ``sea`` or ``forces``."""
        return str(self._use("place:treaty", self._place("treaty")))

    def in_europe(self) -> str:
        """``in``, ``out`` or ``contested``: whether the place is in Europe (Modified Brussels Treaty Art. V)."""
        return str(self._use("place:europe", self._place("europe")))
