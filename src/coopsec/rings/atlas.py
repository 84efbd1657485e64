"""The atlas: every state's place in the system on every date since 1949, compactly, for the map.

A map that asks the server for each date is slow on a phone and paints nothing while it waits. The
atlas instead lists, per state, the days on which its map category changes, and per map shape
(keyed by ISO alpha-3, like the shapes of the map) which state held it from which day. The page
then finds the answer for any date by itself. The days are every day on which any fact the rings
read can change (a membership, a clause version, a state's start or end, a territory changing
hands, the V-Dem year read on 1 January), so the atlas agrees with :func:`classify` on every date.

Shapes follow the knowledge base, never today's borders: the shape of Ukraine is the USSR's until
Ukraine exists, the GDR's territory is its own shape until 1990, Malta is British until 1964.
Special territories (Greenland, the Faroes, Svalbard, ...) take their holder's place with the
defence guarantees the obligation engine finds for an armed attack *there* on that date.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import json
import threading
from dataclasses import dataclass
from typing import Any

import pycountry

from coopsec.kb.model import KnowledgeBase, State, Territory
from coopsec.obligations import Assessor, assessor_for, make_event
from coopsec.rings.classify import classify
from coopsec.rings.model import Placement
from coopsec.rings.rival import RIVAL_PREFIX

#: The first day the atlas draws: the year the North Atlantic Treaty was signed.
ATLAS_START = dt.date(1949, 1, 1)

CATEGORIES: tuple[tuple[str, str], ...] = (
    ("core-nato-eu", "Core: NATO Art. 5 and TEU 42(7)"),
    ("core-nato", "Core: NATO Art. 5"),
    ("core-eu", "Core: EU mutual assistance (TEU 42(7)) only"),
    ("core", "Core: no defence guarantee"),
    ("below-criterion", "Member below the value criterion"),
    ("no-data", "Member with no V-Dem data for the date"),
    ("outer-area", "Outer area: partners reached by the system's instruments"),
    ("outside", "Outside the system"),
)
MARKS: tuple[tuple[str, str], ...] = (
    ("ring1", "Ring 1: bound not to use force against the others and to settle disputes peacefully"),
    ("weu", "Holds the WEU guarantee (modified Brussels Treaty, Art. V)"),
    ("rival", "Belongs to a rival bloc (CSTO, Eurasian Economic Union): bound elsewhere"),
)
#: The guarantee clause that earns each mark, and the mechanism the engine answers for it.
_WEU_CLAUSE = "weu-art5"
_MECHANISMS = {"nato": "nato-art5", "eu": "teu-42-7", "weu": "weu-art5"}

Entry = tuple[str, str | None, tuple[str, ...]]


@dataclass(frozen=True)
class Atlas:
    """Places per state and holders per shape, each as a list of changes from a day on."""

    start: dt.date
    end: dt.date
    states: dict[str, dict[str, Any]]
    places: dict[str, list[Entry]]
    shapes: dict[str, list[tuple[str, str | None]]]
    organisations: dict[str, dict[str, Any]]
    milestones: list[dict[str, str]]

    @functools.cached_property
    def json(self) -> str:
        """The JSON form, compact (the map page embeds it and the API serves it)."""
        return json.dumps(self.to_dict(), separators=(",", ":"), ensure_ascii=False)

    def place_on(self, state: str, day: dt.date) -> tuple[str | None, tuple[str, ...]] | None:
        """The category and marks of ``state`` on ``day`` as the map shows them (``None`` before its first day)."""
        return _at(self.places.get(state, []), day)

    def holder_on(self, shape: str, day: dt.date) -> str | None:
        """The state holding the map shape ``shape`` (alpha-3) on ``day``."""
        found = _at([(d, h, ()) for d, h in self.shapes.get(shape, [])], day)
        return found[0] if found else None

    def to_dict(self) -> dict[str, Any]:
        """The JSON the map page reads (see the atlas contract in the README)."""
        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "categories": [{"id": i, "label": label} for i, label in CATEGORIES],
            "marks": [{"id": i, "label": label} for i, label in MARKS],
            "states": self.states,
            "places": {code: [[d, c, list(m)] for d, c, m in entries] for code, entries in self.places.items()},
            "shapes": {a3: [[d, h] for d, h in entries] for a3, entries in self.shapes.items()},
            "organisations": self.organisations,
            "milestones": self.milestones,
        }


def _at(entries: list[Entry], day: dt.date) -> tuple[str | None, tuple[str, ...]] | None:
    index = bisect.bisect_right([e[0] for e in entries], day.isoformat()) - 1
    return None if index < 0 else (entries[index][1], entries[index][2])


def change_days(kb: KnowledgeBase, start: dt.date, end: dt.date) -> list[dt.date]:
    """Every day in ``[start, end]`` on which something the rings read may change, ``start`` first."""
    days: set[dt.date] = {start} | {dt.date(y, 1, 1) for y in range(start.year + 1, end.year + 1)}
    for spell in kb.spells:
        days.update(d for d in (spell.start, spell.end) if d)
    for state in kb.states.values():
        days.update(d for d in (state.start, state.end) if d)
    for versions in kb.clauses.values():
        for clause in versions:
            days.update(d for d in (clause.start, clause.end) if d)
    for org in kb.organisations.values():
        days.update(d for d in (org.founded, org.dissolved, org.applies_from) if d)
        days.update(d for _, d in org.former_names)
    for policy in kb.policies:
        days.update(d for d in (policy.start, policy.end) if d)
    if kb.places is not None:
        for territory in kb.places.territories.values():
            days.update(_territory_days(territory))
    return sorted(d for d in days if start <= d <= end)


def _territory_days(territory: Territory) -> set[dt.date]:
    days = set(territory.change_dates)
    for spell in territory.eu_status:
        days.update(d for d in (spell.start, spell.end) if d)
    return days


def _entry(placement: Placement) -> tuple[str, tuple[str, ...]]:
    marks: tuple[str, ...] = ("ring1",) if placement.in_ring1 else ()
    if any(g.clause == _WEU_CLAUSE for g in placement.guarantees):
        marks += ("weu",)
    if any(r.text.startswith(RIVAL_PREFIX) for r in placement.reasons):
        marks += ("rival",)
    return placement.category, marks


def _push(entries: list[Entry], day: dt.date, category: str | None, marks: tuple[str, ...]) -> None:
    if not entries or entries[-1][1:] != (category, marks):
        entries.append((day.isoformat(), category, marks))


def _holder(kb: KnowledgeBase, code: str, day: dt.date, depth: int = 0) -> str | None:
    """Who held the territory of ``code`` on ``day``: a former sovereign, the state itself, or its predecessor."""
    territories = kb.places.territories if kb.places is not None else {}
    territory = territories.get(code)
    if territory is not None and (former := territory.sovereign_on(day)) is not None:
        return former.state if depth > 4 else _holder(kb, former.state, day, depth + 1)
    state = kb.states.get(code)
    if state is None:
        return territory.holder_on(day) if territory is not None else None
    if state.exists_on(day):
        return code
    if state.start is not None and day < state.start and depth <= 4:
        before = state.predecessor(kb.states)
        return _holder(kb, before, day, depth + 1) if before else None
    return None


def _alpha3(kb: KnowledgeBase, code: str) -> str | None:
    if code in kb.states:
        return kb.states[code].alpha3
    country = pycountry.countries.get(alpha_2=code) if len(code) == 2 else None
    return country.alpha_3 if country is not None else None


def build_atlas(kb: KnowledgeBase, end: dt.date | None = None) -> Atlas:
    """The atlas from 1949 to ``end`` (today by default), computed from the knowledge base."""
    end = end or dt.date.today()
    days = change_days(kb, ATLAS_START, end)
    places: dict[str, list[Entry]] = {}
    by_day: dict[dt.date, dict[str, tuple[str, tuple[str, ...]]]] = {}
    for day in days:
        rings = classify(kb, day)
        today = {p.state: _entry(p) for p in rings.placements}
        by_day[day] = today
        for code in set(places) | set(today):
            category, marks = today.get(code, (None, ()))
            if code in places or category is not None:
                _push(places.setdefault(code, []), day, category, marks)
    shapes = _shapes(kb, days)
    _territory_places(kb, days, by_day, shapes, places)
    return Atlas(
        ATLAS_START,
        end,
        _states(kb),
        places,
        shapes,
        _organisations(kb),
        milestones(kb, end),
    )


def _states(kb: KnowledgeBase) -> dict[str, dict[str, Any]]:
    """Names for every code the atlas uses: states, and special territories with whose they are."""
    found = {code: _state_dict(s) for code, s in sorted(kb.states.items())}
    if kb.places is not None:
        for code, territory in sorted(kb.places.territories.items()):
            if code not in found and _alpha3(kb, code) is not None:
                found[code] = {
                    "name": territory.name,
                    "alpha3": _alpha3(kb, code),
                    "historic": False,
                    "start": None,
                    "end": None,
                    "territory_of": territory.sovereign,
                }
    return found


def _state_dict(state: State) -> dict[str, Any]:
    return {
        "name": state.name,
        "alpha3": state.alpha3,
        "historic": state.historic,
        "start": state.start.isoformat() if state.start else None,
        "end": state.end.isoformat() if state.end else None,
    }


def _shapes(kb: KnowledgeBase, days: list[dt.date]) -> dict[str, list[tuple[str, str | None]]]:
    """The holder of every shape with an alpha-3: the states', and the special territories' own shapes."""
    codes = list(kb.states)
    if kb.places is not None:
        codes += [c for c in kb.places.territories if c not in kb.states]
    shapes: dict[str, list[tuple[str, str | None]]] = {}
    for code in codes:
        a3 = _alpha3(kb, code)
        if a3 is None:
            continue
        entries: list[tuple[str, str | None]] = []
        for day in days:
            holder = _holder(kb, code, day)
            if not entries or entries[-1][1] != holder:
                entries.append((day.isoformat(), holder))
        shapes[a3] = entries
    return shapes


def _territory_places(
    kb: KnowledgeBase,
    days: list[dt.date],
    by_day: dict[dt.date, dict[str, tuple[str, tuple[str, ...]]]],
    shapes: dict[str, list[tuple[str, str | None]]],
    places: dict[str, list[Entry]],
) -> None:
    """Places of special territories: the holder's, with the guarantees the engine finds there.

    A territory's place is keyed by its own code (``GL``), and its shape's holder becomes that code
    while a core state holds it, so the map colours Greenland by what covers Greenland.
    """
    if kb.places is None:
        return
    assessor: Assessor = assessor_for(kb)
    for code in sorted(kb.places.territories):
        a3 = _alpha3(kb, code)
        if code in kb.states or a3 is None:
            continue
        entries: list[Entry] = []
        for day in days:
            holder = _holder(kb, code, day)
            held = by_day[day].get(holder) if holder else None
            if held is None:
                _push(entries, day, None, ())
                continue
            category, marks = held
            if category.startswith("core"):
                category, marks = _covered(kb, assessor, holder or "", code, day, marks)
            _push(entries, day, category, marks)
        if any(c is not None for _, c, _ in entries):
            places[code] = entries
            shapes[a3] = [(d, code if c is not None else None) for d, c, _ in entries]
            shapes[a3] = [e for i, e in enumerate(shapes[a3]) if i == 0 or shapes[a3][i - 1][1] != e[1]]


def _covered(
    kb: KnowledgeBase, assessor: Assessor, holder: str, code: str, day: dt.date, marks: tuple[str, ...]
) -> tuple[str, tuple[str, ...]]:
    """The core category of a territory: which guarantees the engine finds for an armed attack there."""
    answer = assessor.assess(make_event(kb, "armed-attack", holder, "unknown", code, day.isoformat(), None))
    applies = {m.id for m in answer.mechanisms if m.status == "applies"}
    nato, eu = _MECHANISMS["nato"] in applies, _MECHANISMS["eu"] in applies
    category = "core-nato-eu" if nato and eu else "core-nato" if nato else "core-eu" if eu else "core"
    marks = tuple(m for m in marks if m != "weu") + (("weu",) if _MECHANISMS["weu"] in applies else ())
    return category, marks


def _organisations(kb: KnowledgeBase) -> dict[str, dict[str, Any]]:
    return {
        code: {
            "name": org.name,
            "spells": [
                [s.state, s.status, s.start.isoformat(), s.end.isoformat() if s.end else None]
                for s in kb.spells_by_org.get(code, ())
            ],
        }
        for code, org in sorted(kb.organisations.items())
    }


def milestones(kb: KnowledgeBase, end: dt.date) -> list[dict[str, str]]:
    """Founding days, enlargements and withdrawals of the core's organisations and the WEU."""
    found: list[dict[str, str]] = []
    for code in (*kb.rings.core_organisations, "WEU"):
        org = kb.organisations.get(code)
        if org is None:
            continue
        start = max(org.founded, org.applies_from or org.founded)
        if ATLAS_START <= start <= end:
            found.append({"date": start.isoformat(), "organisation": code, "label": f"{org.name_on(start)} founded"})
        joins: dict[dt.date, list[str]] = {}
        leaves: dict[dt.date, list[str]] = {}
        for spell in kb.spells_by_org.get(code, ()):
            if spell.status != "member":
                continue
            if spell.start > start and ATLAS_START <= spell.start <= end:
                joins.setdefault(spell.start, []).append(kb.states[spell.state].name)
            state_end = kb.states[spell.state].end
            if spell.end and spell.end not in (state_end, org.dissolved) and spell.end <= end:
                leaves.setdefault(spell.end, []).append(kb.states[spell.state].name)
        for day, names in joins.items():
            what = f"the {org.name_on(day)}" if org.name_on(day) != org.name else code
            verb = "joins" if len(names) == 1 else "join"
            found.append({"date": day.isoformat(), "organisation": code, "label": f"{_names(names)} {verb} {what}"})
        for day, names in leaves.items():
            what = f"the {org.name_on(day)}" if org.name_on(day) != org.name else code
            verb = "leaves" if len(names) == 1 else "leave"
            found.append({"date": day.isoformat(), "organisation": code, "label": f"{_names(names)} {verb} {what}"})
        if org.dissolved and ATLAS_START <= org.dissolved <= end:
            found.append({"date": org.dissolved.isoformat(), "organisation": code, "label": f"{org.name} dissolved"})
    return sorted(found, key=lambda m: (m["date"], m["organisation"]))


def _names(names: list[str]) -> str:
    names = sorted(names)
    if len(names) > 3:
        return f"{', '.join(names[:2])} and {len(names) - 2} more"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


_CACHE: dict[tuple[str, dt.date], Atlas] = {}
_LOCK = threading.Lock()


def atlas_for(kb: KnowledgeBase) -> Atlas:
    """The atlas up to today, built once per knowledge base and day (the build takes about a second)."""
    key = (kb.fingerprint, dt.date.today())
    with _LOCK:
        found = _CACHE.get(key)
        if found is None:
            _CACHE.clear()
            found = _CACHE[key] = build_atlas(kb)
        return found
