"""Bodies of ``/osce/...`` and ``/missions``: the library's OSCE and missions JSON (issue 16), described."""

from __future__ import annotations

from typing import Any

from coopsec.api.models.common import Body


class SourceOut(Body):
    """A source cited, with how sure we are of it."""

    id: str
    title: str
    href: str | None = None
    reference: str | None = None
    verification: str
    last_verified: str


class CitationOut(Body):
    """A paragraph the answer rests on, with its text and verification."""

    paragraph: str
    text: str
    verification: str
    source: str


class ConstraintOut(Body):
    """A constraining provision the activity falls under."""

    id: str
    paragraph: str
    text: str
    exceeded: list[str]


class ActivityOut(Body):
    """``coopsec osce activity --json``."""

    state: str
    start: str
    counts: dict[str, int]
    notifiable: bool
    observable: bool
    notify_by: str | None
    calendar_by: str | None
    constraining: list[ConstraintOut]
    paragraphs: list[str]
    reasons: list[str]
    citations: list[CitationOut]
    document: str
    source: SourceOut


class DeadlineOut(Body):
    """A period and what must happen within it (``by`` when it counts in days from the date)."""

    what: str
    days: int | None = None
    hours: int | None = None
    by: str | None


class PathOut(Body):
    """One way the mechanism can go ahead."""

    id: str
    paragraph: str
    title: str
    needed: int
    has: int
    consent_needed: bool
    met: bool
    reasons: list[str]
    deadlines: list[DeadlineOut]
    verification: str
    note: str | None
    council: dict[str, Any] | None


class MechanismOut(Body):
    """``coopsec osce mechanism NAME --json``."""

    mechanism: str
    title: str
    document: str
    on: str
    requesting: str
    host: str | None
    supporters: list[str]
    without_consent: bool
    paragraph: str | None
    needed: int
    has: int
    deadlines: list[DeadlineOut]
    reasons: list[str]
    paths: list[PathOut]
    source: SourceOut


class MissionOut(Body):
    """One mission of the registry (the shape of issue 17)."""

    id: str
    name: str
    family: str
    kind: str
    hosts: list[str]
    area: str | None = None
    #: The area's countries outside the knowledge base (ISO 3166-1 alpha-2).
    area_countries: list[str]
    #: States contributing personnel, where the source names them.
    contributors: list[str]
    start: str
    start_basis: str
    end: str | None
    end_basis: str | None
    mandate: str
    verification: str
    note: str | None
    source: SourceOut


class MissionsOut(Body):
    """``coopsec missions --json``."""

    on: str | None
    state: str | None
    family: str | None
    count: int
    missions: list[MissionOut]


class MapKindOut(Body):
    """One kind of the atlas's mission filter."""

    id: str
    label: str


class MapMissionOut(Body):
    """One mission as the atlas places it (see :mod:`coopsec.missions.mapdata`)."""

    id: str
    name: str
    kind: str
    start: str
    end: str | None
    hosts: list[str]
    #: ISO 3166-1 alpha-3 codes of the map shapes of an area outside the knowledge base.
    shapes: list[str]
    #: [longitude, latitude] where the map places a sea area or a country it does not draw.
    position: list[float] | None
    area: str | None
    mandate: str
    source: str
    href: str | None


class MissionsMapOut(Body):
    """Every mission of the registry for the atlas, which filters them by date and kind itself."""

    kinds: list[MapKindOut]
    missions: list[MapMissionOut]
