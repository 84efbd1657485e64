"""TAXII 2.1: a live coopsec read by taxii2-client with Bearer tokens; each reader sees exactly their records."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import requests
import stix2
from sqlalchemy import select
from taxii2client.v21 import Server, as_pages

from coopsec.exchange.model import Entity, RecordIn
from coopsec.exchange.records import list_visible, retract, share
from coopsec.exchange.stix import markings
from coopsec.exchange.taxii import COLLECTION_ID, MEDIA_TYPE, Batch, objects_page
from coopsec.kb import KnowledgeBase
from coopsec.settings import Settings
from coopsec.store import Store, open_store
from coopsec.store.accounts import add_user, create_token, get_user, hash_password
from coopsec.store.models import AuditEntry
from tests.web.conftest import running

PASSWORD = "a-long-taxii-test-password"
#: name -> (state, agency, role): a core state's liaison officer (clearance RED), a partner state's analyst.
USERS = {
    "alice": ("FR", "police", "liaison-officer"),
    "dora": ("DE", "police", "liaison-officer"),
    "uma": ("UA", "police", "analyst"),
}


class BearerAuth(requests.auth.AuthBase):
    def __init__(self, token: str) -> None:
        self.token = token

    def __call__(self, request: Any) -> Any:
        request.headers["Authorization"] = f"Bearer {self.token}"
        return request


@dataclass
class Setup:
    url: str
    store: Store
    tokens: dict[str, str]
    ids: dict[str, str]  # label -> record id


def _share(store: Store, kb: KnowledgeBase, user: str, data: RecordIn) -> str:
    with store.session() as session:
        return share(session, kb, get_user(session, user), data).id


def _record(title: str, scope: str, tlp: str, **more: Any) -> RecordIn:
    entities = (Entity("person", f"Person of {title}", {"role": "courier"}), Entity("indicator", "198.51.100.23"))
    return RecordIn(title=title, body=f"Body of {title}", scope=scope, handling="H1", tlp=tlp, evaluation="B2",
                    entities=entities, **more)  # fmt: skip


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory, kb: KnowledgeBase) -> Iterator[Setup]:
    settings = Settings(
        data_dir=Path(tmp_path_factory.mktemp("taxii")),
        environment="test",
        secret_key="a-taxii-test-secret-long-enough-for-hs256",
    )
    with running(settings, kb) as service:
        store = open_store(settings.database_url)
        hashed = hash_password(PASSWORD)
        tokens = {}
        with store.session() as session:
            for name, (state, agency, role) in USERS.items():
                add_user(session, "admin", name, hashed, state, agency, [role])
                tokens[name] = create_token(session, "admin", name, "taxii").secret
        ids = {
            "members": _share(store, kb, "alice", _record("members green", "members", "GREEN")),
            "core": _share(store, kb, "alice", _record("core amber", "ring", "AMBER", ring="core")),
            "partners": _share(store, kb, "alice", _record("partners green", "ring", "GREEN", ring="partners")),
            "red-de": _share(
                store, kb, "alice", _record("red for DE", "authorities", "RED", authorities=("DE/police",))
            ),
            "own": _share(store, kb, "alice", _record("own only", "authority", "AMBER+STRICT")),
            "retracted": _share(store, kb, "alice", _record("to retract", "ring", "GREEN", ring="collective-security")),
        }
        for i in range(12):  # enough objects for several pages
            ids[f"bulk{i}"] = _share(store, kb, "alice", _record(f"bulk {i}", "members", "CLEAR"))
        with store.session() as session:
            retract(session, kb, get_user(session, "alice"), ids["retracted"], "wrong vehicle")
        yield Setup(service.url, store, tokens, ids)


def _walk(setup: Setup, user: str, per_request: int = 7, **filters: str) -> list[dict[str, Any]]:
    server = Server(f"{setup.url}/taxii2/", auth=BearerAuth(setup.tokens[user]))
    (root,) = server.api_roots
    (collection,) = root.collections
    assert collection.id == COLLECTION_ID
    assert collection.can_read and not collection.can_write
    objects: list[dict[str, Any]] = []
    for envelope in as_pages(collection.get_objects, per_request=per_request, **filters):
        assert len(envelope.get("objects", [])) <= per_request
        objects.extend(envelope.get("objects", []))
    return objects


def _api_ids(setup: Setup, kb: KnowledgeBase, user: str) -> set[str]:
    """The ids ``GET /api/v1/records`` lists for the user (and the library, which the API is thin over)."""
    auth = {"Authorization": f"Bearer {setup.tokens[user]}"}
    listed = httpx.get(f"{setup.url}/api/v1/records", params={"limit": 1000}, headers=auth).json()
    assert listed["total"] == len(listed["items"])
    with setup.store.session() as session:
        page = list_visible(session, kb, get_user(session, user), order="oldest", limit=1000)
    assert {r["id"] for r in listed["items"]} == {r.id for r in page.items}
    return {r.id for r in page.items}


@pytest.mark.parametrize("user", ["alice", "dora", "uma"])
def test_each_reader_sees_exactly_what_the_api_lists(setup: Setup, kb: KnowledgeBase, user: str) -> None:
    objects = _walk(setup, user)
    stix2.parse(json.dumps({"type": "bundle", "id": "bundle--0a4c2e4b-7a55-4f0e-9b1e-6d7f9a2b3c4d",
                            "objects": objects}), allow_custom=True)  # fmt: skip
    reports = {o["id"].removeprefix("report--") for o in objects if o["type"] == "report"}
    assert reports == _api_ids(setup, kb, user)
    # no entity of a record the reader may not see, and every object in one page order, oldest first
    titles = {o["name"] for o in objects if o["type"] == "report"}
    for label, record_id in setup.ids.items():
        if record_id not in reports:
            assert not any(record_id in json.dumps(o) for o in objects), label
    names = {o.get("name") for o in objects if o["type"] == "identity"}
    for title in {"members green", "core amber", "partners green", "red for DE", "own only"} - titles:
        assert f"Person of {title}" not in names
    assert len({m.id for m in markings(kb).tlp} & {o["id"] for o in objects}) == 5


def test_core_and_partner_readers_differ(setup: Setup) -> None:
    def seen(user: str) -> set[str]:
        return {o["name"] for o in _walk(setup, user, per_request=50) if o["type"] == "report"}

    dora, uma = seen("dora"), seen("uma")
    assert {"core amber", "red for DE", "partners green", "members green"} <= dora
    assert "own only" not in dora
    assert {"partners green", "members green"} <= uma
    assert not {"core amber", "red for DE", "own only"} & uma
    assert "own only" in seen("alice")


def test_retraction_shows_as_revoked(setup: Setup) -> None:
    wanted = f"report--{setup.ids['retracted']}"
    (report,) = [o for o in _walk(setup, "dora", per_request=5) if o["id"] == wanted]
    assert report["revoked"] is True
    assert "wrong vehicle" in report["description"]
    assert "Body of to retract" not in json.dumps(report)
    assert wanted not in {o["id"] for o in _walk(setup, "uma", per_request=50)}


def test_a_client_polling_with_added_after_receives_the_retraction(setup: Setup) -> None:
    """The retraction came after every share: polling after the last share brings the revoked version only."""
    from coopsec.store.exchange_models import Record

    with setup.store.session(write=False) as session:
        last_share = session.query(Record).filter(Record.id == setup.ids["bulk11"]).one().created_at
    objects = _walk(setup, "dora", per_request=5, added_after=last_share)
    reports = [o for o in objects if o["type"] == "report"]
    assert [r["id"] for r in reports] == [f"report--{setup.ids['retracted']}"]
    assert reports[0]["revoked"] is True
    assert not [o for o in _walk(setup, "uma", per_request=5, added_after=last_share) if o["type"] == "report"]


def test_filters_headers_and_audit(setup: Setup) -> None:
    reports = _walk(setup, "dora", per_request=3, type="report")
    assert reports and {o["type"] for o in reports} == {"report"}
    one = reports[2]["id"]
    assert [o["id"] for o in _walk(setup, "dora", id=one)] == [one]
    server = Server(f"{setup.url}/taxii2/", auth=BearerAuth(setup.tokens["dora"]))
    (collection,) = server.api_roots[0].collections
    assert [o["id"] for o in collection.get_object(one)["objects"]] == [one]
    hidden = f"report--{setup.ids['own']}"  # alice's own: dora may not see it, answered as if it did not exist
    with pytest.raises(requests.HTTPError, match="404"):
        collection.get_object(hidden)
    revoked = collection.get_object(f"report--{setup.ids['retracted']}")["objects"]
    assert revoked[0]["revoked"] is True
    entity = next(o for o in _walk(setup, "dora", per_request=50, type="identity") if o["name"].startswith("Person"))
    assert collection.get_object(entity["id"])["objects"] == [entity]
    headers = {"Authorization": f"Bearer {setup.tokens['dora']}", "Accept": MEDIA_TYPE}
    url = f"{setup.url}/taxii2/coopsec/collections/{COLLECTION_ID}/objects/"
    first = httpx.get(url, params={"limit": 8}, headers=headers)
    assert first.headers["content-type"] == MEDIA_TYPE
    body = first.json()
    assert body["more"] is True and body["next"]
    assert first.headers["X-TAXII-Date-Added-First"] <= first.headers["X-TAXII-Date-Added-Last"]
    after = first.headers["X-TAXII-Date-Added-Last"]
    later = httpx.get(url, params={"added_after": after, "limit": 1000}, headers=headers).json()
    assert later["objects"] and all(o["type"] != "marking-definition" for o in later["objects"])
    assert later["more"] is False
    assert httpx.get(url, params={"added_after": "yesterday"}, headers=headers).status_code == 400
    assert httpx.get(url, params={"next": "not-ours"}, headers=headers).status_code == 400
    with setup.store.session(write=False) as session:
        actions = set(session.scalars(select(AuditEntry.action).where(AuditEntry.actor == "dora")))
    assert "record.list" in actions  # the AMBER and RED records read through TAXII


def test_authentication_and_media_type(setup: Setup) -> None:
    for headers in ({}, {"Authorization": "Bearer nonsense"}, {"Authorization": "Basic YTpi"}):
        answer = httpx.get(f"{setup.url}/taxii2/", headers=headers)
        assert answer.status_code == 401
        assert answer.headers["www-authenticate"].startswith("Bearer")
        assert answer.headers["content-type"] == MEDIA_TYPE
        assert answer.json()["http_status"] == "401"
    auth = {"Authorization": f"Bearer {setup.tokens['uma']}"}
    for accept in ("text/html", "application/taxii+json;version=2.0"):
        assert httpx.get(f"{setup.url}/taxii2/", headers=auth | {"Accept": accept}).status_code == 406
    for accept in ("application/taxii+json", "text/html, */*;q=0.8"):
        assert httpx.get(f"{setup.url}/taxii2/", headers=auth | {"Accept": accept}).status_code == 200
    unknown = httpx.get(f"{setup.url}/taxii2/coopsec/collections/nope/", headers=auth)
    assert unknown.status_code == 404 and unknown.headers["content-type"] == MEDIA_TYPE
    posted = httpx.post(f"{setup.url}/taxii2/coopsec/collections/{COLLECTION_ID}/objects/", headers=auth, json={})
    assert posted.status_code == 405 and posted.headers["content-type"] == MEDIA_TYPE


def test_paging_stops_inside_records_and_resumes(kb: KnowledgeBase) -> None:
    """The pure pager: any ``limit`` walks the same objects, none twice, none lost."""
    records: list[dict[str, Any]] = [
        {"id": f"00000000-0000-4000-8000-{i:012d}", "title": f"t{i}", "body": "b", "entities":
         [{"kind": "phone", "value": str(i), "attributes": {}}] * (i % 3),
         "originator": {"authority": "FR/police", "user": "alice"},
         "created_at": (dt.datetime(2026, 1, 1, tzinfo=dt.UTC) + dt.timedelta(seconds=i)).isoformat(),
         "changed_at": (dt.datetime(2026, 1, 1, tzinfo=dt.UTC) + dt.timedelta(seconds=i)).isoformat(),
         "distribution": {"scope": "members", "authorities": [], "ring": None}, "handling": "H0",
         "handling_note": None, "tlp": "GREEN", "evaluation": "A1", "status": "active"}
        for i in range(9)
    ]  # fmt: skip

    def fetch(added: str | None, cursor: str | None, size: int) -> Batch:
        start = int(cursor or 0)
        end = start + min(size, 3)  # small batches: pages cross batch and record boundaries
        return Batch(records[start:end], str(end) if end < len(records) else None)

    marks = markings(kb)
    whole = objects_page(fetch, marks, limit=1000).objects
    for limit in (1, 2, 3, 5, 8):
        walked, token = [], None
        while True:
            page = objects_page(fetch, marks, limit=limit, next_token=token)
            assert len(page.objects) <= limit
            walked.extend(page.objects)
            if not page.more:
                break
            assert page.next
            token = page.next
        assert walked == whole
