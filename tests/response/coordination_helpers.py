"""Shared pieces of the coordination tests: users of several states, and the Paris 2015 replay."""

from __future__ import annotations

from typing import Any

from coopsec.obligations import Assessor
from coopsec.response import coordination as co
from coopsec.store import Store
from coopsec.store.accounts import add_user, get_user, hash_password

PASSWORD = "a-long-test-password"
#: username -> (state, agency, roles)
USERS = {
    "admin": ("BE", "foreign-affairs", ["administrator"]),
    "fr": ("FR", "foreign-affairs", ["liaison-officer"]),
    "de": ("DE", "defence", ["liaison-officer"]),
    "be": ("BE", "police", ["liaison-officer"]),
    "us": ("US", "defence", ["liaison-officer"]),
    "ana": ("FR", "police", ["analyst"]),
}


def add_users(store: Store, names: tuple[str, ...] = tuple(USERS)) -> None:
    hashed = hash_password(PASSWORD)
    with store.session() as session:
        for name in names:
            state, agency, roles = USERS[name]
            add_user(session, "system", name, hashed, state, agency, roles)


def add_user_for(store: Store, name: str, state: str, agency: str, role: str = "liaison-officer") -> None:
    with store.session() as session:
        add_user(session, "system", name, hash_password(PASSWORD), state, agency, [role])


def act(store: Store, username: str, step: Any, *args: Any, **kwargs: Any) -> Any:
    """Run one transition as ``username`` in its own write transaction; return the resulting row."""
    with store.session() as session:
        return step(session, *_bind(session, get_user(session, username), args), **kwargs)


def _bind(session: Any, user: Any, args: tuple[Any, ...]) -> tuple[Any, ...]:
    """Put the user after the assessor when one is given (the functions take (session, [assessor,] user, ...))."""
    if args and isinstance(args[0], Assessor):
        return (args[0], user, *args[1:])
    return (user, *args)


def paris(store: Store, assessor: Assessor) -> dict[str, int]:
    """France reports the attacks of 2015-11-13, invokes TEU 42(7) on 2015-11-17; offers, deliveries, closure."""
    incident = act(
        store, "fr", co.report_incident, assessor,
        kind="terrorist-attack", victim="FR", place="Paris and Saint-Denis", occurred_at="2015-11-13T21:16:00+01:00",
        casualties=130, cross_border=True, online_propaganda=True, perpetrators="ISIL cells from Belgium and Syria",
        by="non-state",
    )  # fmt: skip
    act(store, "admin", co.set_ipcr_mode, incident.id, "information-sharing", at="2015-11-14T09:00:00+01:00")
    request = act(
        store, "fr", co.request_assistance, assessor, incident.id, "teu-42-7",
        "Support for French operations in Syria and Iraq, and relief of French forces in other theatres",
        at="2015-11-17T10:00:00+01:00",
    )  # fmt: skip
    de = act(store, "de", co.make_offer, assessor, request.id, "Reconnaissance aircraft and a frigate",
             at="2015-11-26T12:00:00+01:00")  # fmt: skip
    be = act(store, "be", co.make_offer, assessor, request.id, "A frigate to escort the Charles de Gaulle",
             at="2015-11-20T12:00:00+01:00")  # fmt: skip
    act(store, "fr", co.decide_offer, de.id, True, at="2015-11-27T09:00:00+01:00")
    act(store, "fr", co.decide_offer, be.id, True, at="2015-11-21T09:00:00+01:00")
    act(store, "de", co.deliver, de.id, "Tornado reconnaissance jets deployed", at="2016-01-08T09:00:00+01:00")
    act(store, "be", co.deliver, be.id, "Frigate Leopold I joined the carrier group", at="2016-01-10T09:00:00+01:00")
    act(store, "fr", co.close_incident, incident.id, at="2016-02-01T09:00:00+01:00")
    return {"incident": incident.id, "request": request.id, "de": de.id, "be": be.id}
