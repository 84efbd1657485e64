"""Small seeded lists shared by the linkage tests (encoded once per session)."""

from __future__ import annotations

import pytest

from coopsec.linkage import Encoding, encode, load_schema
from coopsec.linkage.synthetic import generate

SECRET = b"a test secret of enough bytes"
Lists = tuple[list[dict[str, str]], list[dict[str, str]]]


@pytest.fixture(scope="session")
def lists() -> Lists:
    return generate(600, seed=7)


@pytest.fixture(scope="session")
def encoded(lists: Lists) -> tuple[Encoding, Encoding]:
    schema = load_schema("persons")
    return encode(lists[0], schema, SECRET), encode(lists[1], schema, SECRET)


def entity(record_id: str) -> str:
    """The person behind a synthetic record id (``rec-12-org`` and ``rec-12-dup-0`` are person 12)."""
    return record_id.split("-")[1]
