"""A record's life in the library: rings on the day of access, retraction, release, audit, refused shares."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from coopsec.errors import ConflictError, ForbiddenError, InputError, RetractedError, UnknownCodeError
from coopsec.exchange.model import Entity, RecordIn
from coopsec.exchange.records import (
    audited,
    decide_release,
    get_visible,
    list_visible,
    record_dict,
    release_dict,
    request_release,
    retract,
    share,
)
from coopsec.kb import KnowledgeBase
from coopsec.store import Store, audit, open_store
from coopsec.store.accounts import add_user, get_user, hash_password
from coopsec.store.models import AuditEntry, User
from tests.conftest import d

T = TypeVar("T")
USERS = {
    "de": ("DE", "police", "liaison-officer"),
    "de2": ("DE", "police", "analyst"),
    "fr": ("FR", "police", "liaison-officer"),
    "hu": ("HU", "police", "liaison-officer"),
    "ua": ("UA", "police", "analyst"),
    "viewer": ("FR", "police", "viewer"),
}


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    made = open_store(database_url)
    hashed = hash_password("a-long-test-password")
    with made.session() as session:
        for name, (state, agency, role) in USERS.items():
            add_user(session, "test", name, hashed, state, agency, [role])
    yield made
    made.engine.dispose()


def _record(scope: str = "ring", tlp: str = "AMBER", **more: Any) -> RecordIn:
    fields: dict[str, Any] = {"entities": (Entity("bank-account", "DE89 3704 0044 0532 0130 00"),)}
    if scope == "ring":
        fields["ring"] = "core"
    return RecordIn(title="Courier network", body="Cash couriers on the A7", scope=scope, handling="H2", tlp=tlp,
                    evaluation="B2", **(fields | more))  # fmt: skip


def _share(store: Store, kb: KnowledgeBase, user: str, data: RecordIn) -> str:
    with store.session() as session:
        return share(session, kb, get_user(session, user), data).id


def _actions(store: Store) -> list[tuple[str, str, str, dict[str, Any]]]:
    with store.session(write=False) as session:
        rows = session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
        return [(r.actor, r.action, r.target, json.loads(r.detail)) for r in rows if r.action.startswith("record.")]


def test_a_state_leaving_the_core_loses_core_material(store: Store, kb: KnowledgeBase) -> None:
    """Hungary is in the core in 2018 and no longer in 2019 (V-Dem reading below the criterion)."""
    rid = _share(store, kb, "de", _record(ring="core"))
    with store.session() as session:
        hu = get_user(session, "hu")
        assert get_visible(session, kb, hu, rid, on=d("2018-06-01")).id == rid
        assert [r.id for r in list_visible(session, kb, hu, on=d("2018-06-01")).items] == [rid]
        with pytest.raises(UnknownCodeError):
            get_visible(session, kb, hu, rid, on=d("2019-06-01"))
        later = list_visible(session, kb, hu, on=d("2019-06-01"), q="courier")
        assert later.items == () and later.total == 0
    refusal = _actions(store)[-1]
    assert refusal[:3] == ("hu", "record.refused", rid)
    assert "HU is not in the core ring on 2019-06-01" in refusal[3]["reasons"]


def _as(store: Store, user: str, step: Callable[[Session, User], T]) -> T:
    """Run a step as ``user`` the way the API and CLI do: refusals raise, their audit entries are kept."""
    return audited(store, lambda session: step(session, get_user(session, user)))


def test_retraction_reaches_every_recipient_and_is_audited(store: Store, kb: KnowledgeBase) -> None:
    rid = _share(store, kb, "de", _record(ring="collective-security"))
    with pytest.raises(ForbiddenError, match="only the originating authority DE/police"):
        _as(store, "fr", lambda s, u: retract(s, kb, u, rid, "not mine"))
    with pytest.raises(UnknownCodeError):  # UA may not see it: the same answer as a missing record
        _as(store, "ua", lambda s, u: retract(s, kb, u, rid, "not visible"))
    done = _as(store, "de2", lambda s, u: record_dict(retract(s, kb, u, rid, "the source was compromised")))
    assert done["status"] == "retracted" and done["body"] == "" and done["entities"] == []
    assert (done["tlp"], done["handling"], done["evaluation"]) == ("AMBER", "H2", "B2")  # markings untouched
    for reader in ("fr", "hu", "de"):
        with pytest.raises(RetractedError, match="the source was compromised"):
            _as(store, reader, lambda s, u: get_visible(s, kb, u, rid))
        listed = _as(store, reader, lambda s, u: [record_dict(r)["status"] for r in list_visible(s, kb, u).items])
        assert listed == ["retracted"]
    with pytest.raises(RetractedError):
        _as(store, "de", lambda s, u: retract(s, kb, u, rid, "twice"))
    with pytest.raises(UnknownCodeError):  # not entitled: never learns of the record, retracted or not
        _as(store, "ua", lambda s, u: get_visible(s, kb, u, rid))
    actions = _actions(store)
    assert ("de2", "record.retract", rid, {"reason": "the source was compromised"}) in actions
    assert [a[0] for a in actions if a[1] == "record.retraction-notice"] == ["fr", "hu", "de"]
    assert [a[0] for a in actions if a[1] == "record.refused"] == ["ua", "ua"]
    with store.session(write=False) as session:
        assert audit.verify(session)[1] == []


def test_release_on_request_by_the_originator_only(store: Store, kb: KnowledgeBase) -> None:
    rid = _share(store, kb, "de", _record(scope="authorities", tlp="RED", authorities=("FR/police",)))
    with pytest.raises(UnknownCodeError):
        _as(store, "ua", lambda s, u: get_visible(s, kb, u, rid))
    with pytest.raises(UnknownCodeError):  # a viewer (clearance GREEN) does not even see a RED record
        _as(store, "viewer", lambda s, u: request_release(s, kb, u, rid, "UA/police", "needed"))
    green = _share(store, kb, "de", _record(scope="ring", tlp="GREEN"))
    with pytest.raises(ForbiddenError, match="viewers read only"):
        _as(store, "viewer", lambda s, u: request_release(s, kb, u, green, "UA/police", "needed"))
    asked = _as(store, "fr", lambda s, u: release_dict(request_release(s, kb, u, rid, "ua/police", "joint team")))
    assert asked["authority"] == "UA/police" and asked["status"] == "pending"
    with pytest.raises(ConflictError, match="already pending"):
        _as(store, "fr", lambda s, u: request_release(s, kb, u, rid, "UA/police", "again"))
    with pytest.raises(ForbiddenError):
        _as(store, "fr", lambda s, u: decide_release(s, kb, u, rid, asked["id"], True))
    assert _as(store, "de", lambda s, u: decide_release(s, kb, u, rid, asked["id"], True).status) == "granted"
    with pytest.raises(ConflictError, match="already granted"):
        _as(store, "de", lambda s, u: decide_release(s, kb, u, rid, asked["id"], False))
    with pytest.raises(UnknownCodeError):  # the grant opens step 3, but step 1 still holds: an analyst is not RED
        _as(store, "ua", lambda s, u: get_visible(s, kb, u, rid))
    rid2 = _share(store, kb, "de", _record(scope="authority", tlp="AMBER"))
    asked = _as(store, "de2", lambda s, u: release_dict(request_release(s, kb, u, rid2, "UA/police", "UA desk")))
    refused = _as(store, "de", lambda s, u: decide_release(s, kb, u, rid2, asked["id"], False).status)
    assert refused == "refused"
    with pytest.raises(UnknownCodeError):
        _as(store, "ua", lambda s, u: get_visible(s, kb, u, rid2))
    asked = _as(store, "de2", lambda s, u: release_dict(request_release(s, kb, u, rid2, "UA/police", "again")))
    _as(store, "de", lambda s, u: decide_release(s, kb, u, rid2, asked["id"], True))
    assert _as(store, "ua", lambda s, u: get_visible(s, kb, u, rid2).tlp) == "AMBER"
    kinds = [a[1] for a in _actions(store)]
    assert kinds.count("record.release-request") == 3 and kinds.count("record.release-grant") == 2
    assert kinds.count("record.release-refuse") == 1


def test_restricted_reads_and_lists_are_audited_in_the_same_transaction(store: Store, kb: KnowledgeBase) -> None:
    green = _share(store, kb, "de", RecordIn("Public note", "nothing secret", "members", "H0", "GREEN", "A1"))
    amber = _share(store, kb, "de", _record(scope="members", tlp="AMBER"))
    before = len(_actions(store))
    with store.session() as session:
        fr = get_user(session, "fr")
        get_visible(session, kb, fr, green)
        get_visible(session, kb, fr, amber)
        page = list_visible(session, kb, fr)
        assert {r.id for r in page.items} == {green, amber}
    after = _actions(store)[before:]
    assert after == [
        ("fr", "record.read", amber, {"tlp": "AMBER", "handling": "H2"}),
        ("fr", "record.list", "list", {"restricted": [amber], "q": None}),
    ]


@pytest.mark.parametrize(
    ("user", "data", "error", "words"),
    [
        ("viewer", _record(ring="core"), ForbiddenError, "viewers read only"),
        ("de2", _record(scope="authority", tlp="RED"), ForbiddenError, "above your clearance"),
        ("de", _record(ring="partners", tlp="RED"), ConflictError, "individual recipients only"),
        ("de", _record(scope="members", tlp="RED"), ConflictError, "individual recipients only"),
        ("de", RecordIn("t", "b", "authority", "H3", "GREEN", "A1"), InputError, "needs a handling_note"),
        ("de", RecordIn("t", "b", "authority", "H0", "WHITE", "A1"), InputError, "unknown TLP label"),
        ("de", RecordIn("t", "b", "authority", "H0", "GREEN", "D1"), InputError, "e.g. B2"),
        ("de", RecordIn("t", "b", "authorities", "H0", "GREEN", "A1"), InputError, "at least one authority"),
        ("de", _record(scope="authorities", authorities=("XX/police",)), InputError, "unknown state"),
        ("de", _record(scope="authorities", authorities=("FR/spies",)), InputError, "unknown agency"),
        ("de", _record(ring="galaxy"), InputError, "core, collective-security, partners"),
        ("de", _record(scope="members", ring="core"), ConflictError, "only with scope 'ring'"),
        ("de", _record(scope="members", authorities=("FR/police",)), ConflictError, "only with scope 'authorities'"),
        ("de", _record(entities=(Entity("pet", "Rex"),)), InputError, "unknown kind"),
    ],
)
def test_refused_shares_say_why(
    store: Store, kb: KnowledgeBase, user: str, data: RecordIn, error: type, words: str
) -> None:
    with store.session() as session, pytest.raises(error, match=words):
        share(session, kb, get_user(session, user), data)


def test_counts_stop_at_the_limit_and_cursor_pages_walk_everything(
    store: Store, kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = [_share(store, kb, "de", _record(scope="members", tlp="GREEN")) for _ in range(5)]
    monkeypatch.setattr("coopsec.exchange.records.COUNT_LIMIT", 3)
    with store.session() as session:
        fr = get_user(session, "fr")
        page = list_visible(session, kb, fr, limit=2)
        assert (page.total, page.exact, [r.id for r in page.items]) == (3, False, ids[::-1][:2])
        assert page.next_cursor is None  # newest first pages by offset
        walked, cursor = [], None
        while True:
            page = list_visible(session, kb, fr, limit=2, cursor=cursor, order="oldest")
            walked += [r.id for r in page.items]
            if page.next_cursor is None:
                break
            cursor = page.next_cursor
        assert walked == ids
        with pytest.raises(InputError, match="page oldest first"):
            list_visible(session, kb, fr, cursor=cursor, order="newest")
        with pytest.raises(InputError, match="not one coopsec gave"):
            list_visible(session, kb, fr, cursor="bm9wZQ")
