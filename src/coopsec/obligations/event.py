"""Events: what happened, to whom, by whom, where and when, checked against the knowledge base."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal, cast

from coopsec.architecture.codes import resolve_any_state, resolve_state, state_name
from coopsec.dates import check_range, parse_date, shown
from coopsec.errors import ConflictError, InputError, UnknownCodeError, choose
from coopsec.kb.model import KnowledgeBase, SeaArea, Territory
from coopsec.obligations.kinds import ATTACKS, DEFAULT_SCALE, DISASTERS, KINDS, SCALES, Scale

Kind = str
ACTORS = ("non-state", "unknown")


@dataclass(frozen=True, slots=True)
class Place:
    """Where an event happens: a territory, a sea or air area, or the victim's forces abroad."""

    code: str
    kind: Literal["territory", "sea", "forces"]
    territory: Territory | None
    sea: SeaArea | None

    @property
    def label(self) -> str:
        """A readable name of the place."""
        if self.sea is not None:
            return self.sea.name
        assert self.territory is not None
        prefix = "forces, vessels or aircraft in or over " if self.kind == "forces" else ""
        return f"{prefix}{self.territory.name} ({self.territory.code})"


@dataclass(frozen=True, slots=True)
class Event:
    """An event to assess."""

    kind: Kind
    victim: str
    by: str | None
    place: Place
    date: dt.date
    scale: Scale | None = None  # the gravity of an attack; None for disasters and threats
    #: The names of the victim and of a perpetrator state, for sentences about the event (the plain
    #: summary): words only, so they take no part in comparing events or in the memo's keys.
    victim_name: str = field(default="", compare=False, repr=False)
    by_name: str = field(default="", compare=False, repr=False)

    @property
    def nature(self) -> str:
        """The kind, qualified by the scale when it is an incident: what the memo keys on."""
        return self.kind if self.scale != "incident" else f"{self.kind}@incident"

    def to_dict(self) -> dict[str, object]:
        """JSON form."""
        return {
            "kind": self.kind,
            "scale": self.scale,
            "victim": self.victim,
            "by": self.by,
            "at": self.place.code,
            "place": self.place.label,
            "date": self.date.isoformat(),
        }


def check_kind(text: str) -> Kind:
    """Validate an event kind."""
    return choose(text, KINDS, "event kind")


def check_scale(kind: str, text: str | None) -> Scale | None:
    """Validate the gravity of an event: only attacks have one (default ``attack``).

    Raises:
        ConflictError: ``incident`` for a disaster or a threat, which have no gravity to qualify.
        InputError: an unknown scale.

    """
    value = None if text is None or not str(text).strip() else cast(Scale, choose(str(text), SCALES, "scale"))
    if kind not in ATTACKS:
        if value is not None:
            raise ConflictError(
                f"scale {shown(value)} qualifies attacks only ({', '.join(sorted(ATTACKS))}); leave the scale empty "
                f"for a {kind.replace('-', ' ')}"
            )
        return None
    return value or DEFAULT_SCALE


def resolve_place(kb: KnowledgeBase, victim: str, text: str | None, day: dt.date | None = None) -> Place:
    """Resolve ``--at``: a territory, ``sea:AREA`` or ``forces:TERRITORY``; default: the victim's own territory.

    A territory is the victim's when the victim holds it on ``day`` (default today): the Algerian
    departments were France's until 3 July 1962.

    The victim's forces on its own territory are an attack on that territory.

    Raises:
        InputError: for an unknown place, or a territory that is not the victim's.

    """
    assert kb.places is not None
    places = kb.places
    if text is None or not text.strip():
        return Place(victim, "territory", places.territories[victim], None)
    value = text.strip()
    lowered = value.lower()
    if lowered.startswith("sea:"):
        sea = places.seas.get(lowered)
        if sea is None:
            raise UnknownCodeError(
                f"unknown sea or air area {shown(value)}: use one of {', '.join(sorted(places.seas))}"
            )
        return Place(sea.code, "sea", None, sea)
    forces = lowered.startswith("forces:")
    code = value.split(":", 1)[1].strip().upper() if forces else value.upper()
    territory = places.territories.get(code)
    if territory is None:
        territory = next((t for t in places.territories.values() if code in t.aliases), None)
    if territory is None:
        try:
            territory = places.territories.get(resolve_state(kb, code))
        except InputError:
            territory = None
    if territory is None:
        raise UnknownCodeError(
            f"unknown place {shown(value)}: use a territory code (a state code such as ES for its metropolitan "
            "territory, an ISO code such as GL or PR, or ISO 3166-2 such as ES-ML, US-HI), "
            f"sea:AREA ({', '.join(sorted(places.seas))}) or forces:TERRITORY for forces abroad"
        )
    if forces and territory.holder_on(day or dt.date.today()) != victim:
        return Place(f"forces:{territory.code}", "forces", territory, None)
    holder = territory.holder_on(day or dt.date.today())
    if holder != victim:
        when = f" on {day}" if day is not None else ""
        raise ConflictError(
            f"place {territory.code} ({territory.name}) belongs to {holder}, not {victim}{when}: give the "
            f"victim's own territory, or forces:{territory.code} for the victim's forces there"
        )
    return Place(territory.code, "territory", territory, None)


def make_event(
    kb: KnowledgeBase,
    kind: str,
    victim: str,
    by: str | None = None,
    at: str | None = None,
    on: str | dt.date | None = None,
    scale: str | None = None,
) -> Event:
    """Build and check an event from user input.

    Raises:
        InputError: naming the bad value and the accepted forms.

    """
    event_kind = check_kind(kind)
    event_scale = check_scale(event_kind, scale)
    victim_code = resolve_state(kb, victim)
    day = check_range(on) if isinstance(on, dt.date) else dt.date.today() if on is None else parse_date(on, what="--on")
    perpetrator: str | None
    if by is None or not by.strip():
        perpetrator = None if event_kind in DISASTERS else "unknown"
    elif by.strip().lower() in ACTORS:
        perpetrator = by.strip().lower()
    else:
        try:
            perpetrator = resolve_any_state(kb, by)
        except InputError as err:
            raise UnknownCodeError(f"--by {shown(by)}: use a state code, 'non-state' or 'unknown' ({err})") from err
        if perpetrator == victim_code:
            raise ConflictError(f"--by {shown(by)} is the victim itself: give another state, 'non-state' or 'unknown'")
    state = kb.states[victim_code]
    if not state.exists_on(day):
        span = f"from {state.start or 'before 1949'}" + (f" to {state.end}" if state.end else "")
        raise InputError(
            f"{state.name} ({victim_code}) does not exist on {day} (it exists {span}): "
            "give a date within its existence, or its predecessor or successor state"
        )
    by_name = "" if perpetrator is None or perpetrator in ACTORS else state_name(kb, perpetrator)
    place = resolve_place(kb, victim_code, at, day)
    return Event(event_kind, victim_code, perpetrator, place, day, event_scale, state.name, by_name)
