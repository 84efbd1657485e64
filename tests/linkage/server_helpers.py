"""Shared set-up of the linkage-exchange tests: users of four authorities, three encoded lists."""

from __future__ import annotations

import warnings
from functools import cache
from typing import Any

from sqlalchemy import MetaData, select
from sqlalchemy.exc import SAWarning

from coopsec.linkage import Encoding, encode, load_schema
from coopsec.linkage.synthetic import generate
from coopsec.store.accounts import add_user, hash_password
from coopsec.store.db import Store

SECRET = b"the secret the three authorities share"
PASSWORD = "a-long-test-password"
#: name -> (state, agency, role). FR, DE and NL police take part; ES police is an outsider; UA police is
#: outside the core ring; fr-viewer reads only.
USERS = {
    "fr": ("FR", "police", "analyst"),
    "de": ("DE", "police", "liaison-officer"),
    "nl": ("NL", "police", "analyst"),
    "es": ("ES", "police", "analyst"),
    "ua": ("UA", "police", "analyst"),
    "fr-viewer": ("FR", "police", "viewer"),
}
PARTIES = ("FR/police", "DE/police", "NL/police")


def add_users(store: Store) -> None:
    """The users of :data:`USERS`."""
    hashed = hash_password(PASSWORD)
    with store.session() as session:
        for name, (state, agency, role) in USERS.items():
            add_user(session, "test", name, hashed, state, agency, [role])


@cache
def people() -> dict[str, list[dict[str, str]]]:
    """The plaintext lists: FR the originals, DE their corrupted duplicates, NL some duplicates again."""
    org, dup = generate(120, seed=11)
    nl = [{**row, "rec_id": f"nl-case-{n}"} for n, row in enumerate(dup[:40])]
    return {"FR/police": org, "DE/police": dup, "NL/police": nl}


@cache
def encodings() -> dict[str, Encoding]:
    """Each party's list encoded under the shared secret (the ids are opaque case numbers)."""
    schema = load_schema("persons")
    return {who: encode(rows, schema, SECRET) for who, rows in people().items()}


def names() -> set[str]:
    """Every name and date of birth of the lists, at least five characters long (shorter ones occur by chance)."""
    found: set[str] = set()
    for rows in people().values():
        for row in rows:
            for key in ("given_name", "surname", "date_of_birth", "address_1", "soc_sec_id"):
                if len(row[key]) >= 5:
                    found.add(row[key])
    return found


def every_value(store: Store) -> list[tuple[str, str]]:
    """(table, text) for every cell of every table; bytes read as Latin-1, so every byte is searchable."""
    meta = MetaData()
    with warnings.catch_warnings():  # an expression index of the users table cannot be reflected: not needed
        warnings.simplefilter("ignore", SAWarning)
        meta.reflect(store.engine)
    found: list[tuple[str, str]] = []
    with store.engine.connect() as conn:
        for table in meta.sorted_tables:
            for row in conn.execute(select(table)):
                for value in row:
                    found.append((table.name, _text(value)))
    return found


def _text(value: Any) -> str:
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).decode("latin-1")
    return str(value)
