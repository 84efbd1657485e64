"""The missions registry (``data/missions/*.yaml``): who is deployed where, under which mandate, on a date.

One model serves both families the issues name: ``osce`` (field operations, issue 16) and ``csdp`` (EU
missions and operations, issue 17), so ``coopsec missions`` answers for both from one list. Each file holds
one family; every mission names its host states (KB codes), its dates with the decision behind them and a
source of ``sources.yaml``. The files are a side folder of the data directory, checked here like the KB.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Literal

import pycountry
from pydantic import Field

from coopsec.architecture import resolve_state
from coopsec.errors import DataError, DataIssue, InputError
from coopsec.kb import KnowledgeBase
from coopsec.kb.files import once_per_kb, read_model
from coopsec.kb.paths import default_data_dir
from coopsec.kb.schema import Strict

#: The folder of the data directory that holds the registry.
FOLDER = "missions"
Family = Literal["osce", "csdp"]
FAMILIES: tuple[str, ...] = ("osce", "csdp")


class Mission(Strict):
    """One mission or operation with its dates, hosts, mandate and source."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str
    kind: Literal["civilian", "military"]
    hosts: tuple[str, ...] = ()
    #: A sea area or a host outside the KB's states (e.g. "off the Somali coast"): naval operations have one.
    area: str | None = None
    #: The countries of ``area`` that are not states of the KB (ISO 3166-1 alpha-2, e.g. CD, SO): the map
    #: places the mission on them and ``--state`` finds it by them.
    area_countries: tuple[str, ...] = ()
    #: Where the map places a sea area: a representative point (lon, lat) of the area, not a headquarters.
    position: tuple[float, float] | None = None
    #: States contributing personnel (KB codes), only where the mission's source names them.
    contributors: tuple[str, ...] = ()
    start: dt.date
    start_basis: str
    end: dt.date | None = None
    end_basis: str | None = None
    mandate: str
    source: str
    verification: Literal["confirmed", "unconfirmed"]
    note: str | None = None
    family: Family = "osce"

    def active_on(self, day: dt.date) -> bool:
        """Whether the mission is deployed on ``day`` (from its start, up to and including its end)."""
        return self.start <= day and (self.end is None or day <= self.end)


class MissionsFile(Strict):
    """One family's file."""

    family: Family
    missions: tuple[Mission, ...]


def _check(kb: KnowledgeBase, label: str, data: MissionsFile) -> list[DataIssue]:
    issues: list[DataIssue] = []
    for i, m in enumerate(data.missions):
        key = f"missions[{i}] ({m.id})"
        if not m.hosts and not m.area:
            issues.append(DataIssue(label, f"{key}.hosts", "a mission needs host states or an area (a sea area)"))
        if m.area and not m.hosts and not m.area_countries and m.position is None:
            issues.append(
                DataIssue(
                    label,
                    f"{key}.area",
                    "an area needs area_countries (ISO codes) or a position [lon, lat] for the map",
                )
            )
        for country in m.area_countries:
            if country in kb.states:
                issues.append(DataIssue(label, f"{key}.area_countries", f"{country} is a KB state: list it in hosts"))
            elif pycountry.countries.get(alpha_2=country) is None:
                issues.append(
                    DataIssue(label, f"{key}.area_countries", f"{country!r} is not an ISO 3166-1 alpha-2 code")
                )
        if m.position is not None and not (-180 <= m.position[0] <= 180 and -90 <= m.position[1] <= 90):
            issues.append(DataIssue(label, f"{key}.position", "give [longitude, latitude] in degrees"))
        for state in m.contributors:
            if state not in kb.states:
                issues.append(
                    DataIssue(label, f"{key}.contributors", f"unknown state {state!r}: use a code of states.yaml")
                )
        for host in m.hosts:
            if host not in kb.states:
                issues.append(DataIssue(label, f"{key}.hosts", f"unknown state {host!r}: use a code of states.yaml"))
        if m.source not in kb.sources:
            issues.append(DataIssue(label, f"{key}.source", f"unknown source {m.source!r}: add it to sources.yaml"))
        if m.end is not None and m.end < m.start:
            issues.append(DataIssue(label, f"{key}.end", f"ends {m.end} before it starts {m.start}: fix the dates"))
        if m.end is not None and not m.end_basis:
            issues.append(DataIssue(label, f"{key}.end_basis", "an end needs its basis (the decision or expiry)"))
    return issues


def load_missions(kb: KnowledgeBase, root: Path | None = None) -> tuple[Mission, ...]:
    """Every mission of every family file, checked, in start order.

    Raises:
        DataError: every problem at once, each naming the file and the key.

    """
    folder = (root or default_data_dir()) / FOLDER
    issues: list[DataIssue] = []
    found: list[Mission] = []
    seen: set[str] = set()
    for path in sorted(folder.glob("*.yaml")):
        label = f"{FOLDER}/{path.name}"
        data = read_model(path, label, MissionsFile, issues)
        if data is None:
            continue
        issues.extend(_check(kb, label, data))
        for m in data.missions:
            if m.id in seen:
                issues.append(DataIssue(label, m.id, "duplicate mission id: ids are unique across families"))
            seen.add(m.id)
            found.append(m.model_copy(update={"family": data.family}))
    if issues:
        raise DataError(issues)
    return tuple(sorted(found, key=lambda m: (m.start, m.id)))


_CACHE: dict[str, tuple[Mission, ...]] = {}


def bundled_missions(kb: KnowledgeBase) -> tuple[Mission, ...]:
    """The bundled registry for ``kb``, read once per knowledge base."""
    return once_per_kb(_CACHE, kb, load_missions)


def mission_dict(kb: KnowledgeBase, m: Mission) -> dict[str, Any]:
    """One mission in the JSON shape of issue 17."""
    return {
        "id": m.id,
        "name": m.name,
        "family": m.family,
        "kind": m.kind,
        "hosts": list(m.hosts),
        "area": m.area,
        "area_countries": list(m.area_countries),
        "contributors": list(m.contributors),
        "start": m.start.isoformat(),
        "start_basis": m.start_basis,
        "end": m.end.isoformat() if m.end else None,
        "end_basis": m.end_basis,
        "mandate": m.mandate,
        "verification": m.verification,
        "note": m.note,
        "source": kb.sources[m.source].to_dict(),
    }


def missions_report(
    kb: KnowledgeBase, on: dt.date | None = None, state: str | None = None, family: str | None = None
) -> dict[str, Any]:
    """The missions deployed on ``on`` (every mission when ``on`` is None), filtered by host and family.

    Raises:
        InputError: an unknown family; UnknownCodeError: an unknown state code.

    """
    if family is not None and family not in FAMILIES:
        raise InputError(f"unknown family {family!r}: use one of {', '.join(FAMILIES)}")
    code = _host_code(kb, state) if state else None
    chosen = [
        m
        for m in bundled_missions(kb)
        if (on is None or m.active_on(on))
        and (code is None or code in m.hosts or code in m.area_countries)
        and (family is None or m.family == family)
    ]
    return {
        "on": on.isoformat() if on else None,
        "state": code,
        "family": family,
        "count": len(chosen),
        "missions": [mission_dict(kb, m) for m in chosen],
    }


def _host_code(kb: KnowledgeBase, state: str) -> str:
    """A KB state's code, or an ISO code some mission's area names (the DR Congo, Somalia, Chad...).

    Raises:
        UnknownCodeError: neither (the message of :func:`resolve_state`).

    """
    upper = state.strip().upper()
    if upper not in kb.states and any(upper in m.area_countries for m in bundled_missions(kb)):
        return upper
    return resolve_state(kb, state)
