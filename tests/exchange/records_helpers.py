"""Shared set-up of the exchange tests: users of several authorities and roles, records of every kind."""

from __future__ import annotations

from typing import Any

from coopsec.exchange.model import Entity, RecordIn
from coopsec.exchange.records import share
from coopsec.kb import KnowledgeBase
from coopsec.store.accounts import add_user, get_user, hash_password
from coopsec.store.db import Store

PASSWORD = "a-long-test-password"
ROLES = ("viewer", "analyst", "liaison-officer")
#: The reading authorities: a core state, a ring-1 state below the core's criterion, an outer-area partner.
READER_STATES = ("FR", "TR", "UA")
ORIGIN = "DE/police"
TLPS = ("CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED")
#: Every distribution: (scope, named authorities, ring).
DISTRIBUTIONS: tuple[tuple[str, tuple[str, ...], str | None], ...] = (
    ("authority", (), None),
    ("authorities", ("FR/police", "UA/police"), None),
    ("ring", (), "core"),
    ("ring", (), "collective-security"),
    ("ring", (), "partners"),
    ("members", (), None),
)


def username(state: str, role: str) -> str:
    """The test user of ``state``'s police with ``role``."""
    return f"{state.lower()}-{role}"


def add_users(store: Store) -> list[str]:
    """The originator (DE police liaison officer), a DE viewer, and every reader state x role."""
    hashed = hash_password(PASSWORD)
    names = []
    with store.session() as session:
        add_user(session, "test", "de-origin", hashed, "DE", "police", ["liaison-officer"])
        add_user(session, "test", "de-viewer", hashed, "DE", "police", ["viewer"])
        for state in READER_STATES:
            for role in ROLES:
                add_user(session, "test", username(state, role), hashed, state, "police", [role])
                names.append(username(state, role))
    return ["de-origin", "de-viewer", *names]


def share_all(store: Store, kb: KnowledgeBase) -> dict[str, dict[str, Any]]:
    """One record per distribution x TLP that may be shared (RED only to named recipients), all by DE police.

    Returns every record's facts by id: scope, authorities, ring, tlp, and a word unique to it.
    """
    made: dict[str, dict[str, Any]] = {}
    with store.session() as session:
        origin = get_user(session, "de-origin")
        for n, (scope, authorities, ring) in enumerate(DISTRIBUTIONS):
            for m, tlp in enumerate(TLPS):
                if tlp == "RED" and scope not in ("authority", "authorities"):
                    continue
                word = f"tag{n}x{m}"
                data = RecordIn(
                    title=f"Matrix {scope} {ring or ''} {tlp}",
                    body=f"matrix record {word} about a courier",
                    scope=scope,
                    handling="H2" if m % 2 else "H0",
                    tlp=tlp,
                    evaluation="B2",
                    entities=(Entity("phone", f"+49 30 {n}{m}"),),
                    authorities=authorities,
                    ring=ring,
                )
                record = share(session, kb, origin, data)
                made[record.id] = {"scope": scope, "authorities": authorities, "ring": ring, "tlp": tlp, "word": word}
    return made
