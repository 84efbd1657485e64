"""``/api/v1/incidents``: the Paris 2015 replay through the API, refused transitions, bodies fitting their models."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import BaseModel

from coopsec.api.models.incidents import (
    DeliveryOut,
    IncidentDetail,
    IncidentOut,
    IncidentsOut,
    OfferOut,
    ReportOut,
    RequestOut,
)
from coopsec.http import create_app
from coopsec.kb import KnowledgeBase
from coopsec.service import bootstrap
from coopsec.settings import Settings

PASSWORD = "a-long-test-password"
USERS = {
    "fr": ("FR", "foreign-affairs", ["liaison-officer"]),
    "de": ("DE", "defence", ["liaison-officer"]),
    "be": ("BE", "police", ["liaison-officer"]),
    "us": ("US", "defence", ["liaison-officer"]),
    "viewer": ("FR", "police", ["viewer"]),
}


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory, kb: KnowledgeBase) -> Iterator[dict[str, TestClient]]:
    """One service; a client per user, each logged in with its own bearer token."""
    settings = Settings(
        data_dir=tmp_path_factory.mktemp("incidents"),
        environment="test",
        secret_key="an-incidents-test-secret-long-enough-for-hs256",
        login_attempts_per_minute=1_000_000,
    )
    store, password = bootstrap(settings)
    assert password is not None
    app = create_app(settings, kb, store)
    with TestClient(app) as admin:
        clients = {"admin": _login(admin, "admin", password)}
        for name, (state, agency, roles) in USERS.items():
            user = {"username": name, "password": PASSWORD, "state": state, "agency": agency, "roles": roles}
            assert admin.post("/api/v1/users", json=user).status_code == 201
            clients[name] = _login(TestClient(app), name, PASSWORD)
        yield clients


def _login(client: TestClient, username: str, password: str) -> TestClient:
    token = client.post("/api/v1/auth/token", data={"username": username, "password": password}).json()
    client.headers["Authorization"] = f"Bearer {token['access_token']}"
    return client


def fits(model: type[BaseModel], body: Any) -> Any:
    parsed = model.model_validate_json(json.dumps(body))
    assert json.loads(parsed.model_dump_json(by_alias=True)) == body
    return body


def ok(response: Any, model: type[BaseModel], status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return fits(model, response.json())


def refused(response: Any, status: int, words: str) -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["ok"] is False and body["status"] == status and words in body["error"], body


PARIS = {
    "kind": "terrorist-attack",
    "victim": "FR",
    "place": "Paris and Saint-Denis",
    "occurred_at": "2015-11-13T21:16:00+01:00",
    "casualties": 130,
    "cross_border": True,
    "online_propaganda": True,
    "perpetrators": "ISIL cells from Belgium and Syria",
    "by": "non-state",
}


def test_paris_2015_replay_through_the_api(service: dict[str, TestClient]) -> None:
    fr, de, be, admin = service["fr"], service["de"], service["be"], service["admin"]
    incident = ok(fr.post("/api/v1/incidents", json=PARIS), IncidentOut, 201)
    base = f"/api/v1/incidents/{incident['id']}"
    ok(admin.post(f"{base}/ipcr", json={"mode": "information-sharing", "at": "2015-11-14T09:00:00+01:00"}), IncidentOut)
    needs = {"mechanism": "teu-42-7", "needs": "Support for operations in Syria and Iraq", "at": "2015-11-17"}
    request = ok(fr.post(f"{base}/requests", json=needs), RequestOut, 201)
    offers = base + f"/requests/{request['id']}/offers"
    de_offer = ok(de.post(offers, json={"what": "Reconnaissance aircraft", "at": "2015-11-26"}), OfferOut, 201)
    be_offer = ok(be.post(offers, json={"what": "A frigate", "at": "2015-11-20"}), OfferOut, 201)
    accepted = ok(
        fr.post(f"{base}/offers/{de_offer['id']}/accept", json={"version": de_offer["version"], "at": "2015-11-27"}),
        OfferOut,
    )
    assert accepted["status"] == "accepted" and accepted["decided_by"] == "fr"
    ok(fr.post(f"{base}/offers/{be_offer['id']}/accept", json={"at": "2015-11-21"}), OfferOut)
    ok(de.post(f"{base}/offers/{de_offer['id']}/deliveries", json={"what": "Tornado jets", "at": "2016-01-08"}),
       DeliveryOut, 201)  # fmt: skip
    ok(fr.post(f"{base}/close", json={"at": "2016-02-01"}), IncidentOut)
    shown = ok(service["viewer"].get(base), IncidentDetail)  # every user reads
    assert [s["action"] for s in shown["timeline"]] == [
        "report", "ipcr", "request", "offer", "accept", "offer", "accept", "deliver", "close",
    ]  # fmt: skip
    assert ok(fr.get("/api/v1/incidents?status=closed"), IncidentsOut)["total"] >= 1
    markdown = ok(fr.get(f"{base}/report?format=md"), ReportOut)
    page = ok(fr.get(f"{base}/report?format=html"), ReportOut)
    assert markdown["filename"].endswith(".md") and page["media_type"] == "text/html"
    for step in shown["timeline"]:
        assert step["summary"] in markdown["content"]
    assert "Article 42(7)" in markdown["content"] and "Open items" in page["content"]
    verified = admin.get("/api/v1/audit/verify").json()
    assert verified["ok"] is True, verified["problems"]


def test_illegal_transitions_answer_403_or_409(service: dict[str, TestClient]) -> None:
    fr, de, us, admin, viewer = (service[n] for n in ("fr", "de", "us", "admin", "viewer"))
    refused(de.post("/api/v1/incidents", json=PARIS), 403, "only a liaison officer of FR")
    refused(viewer.post("/api/v1/incidents", json=PARIS), 403, "may read incidents but not change them")
    incident = fr.post("/api/v1/incidents", json=PARIS).json()
    base = f"/api/v1/incidents/{incident['id']}"
    refused(fr.post(f"{base}/ipcr", json={"mode": "monitoring"}), 403, "presidency")
    request = fr.post(f"{base}/requests", json={"mechanism": "teu-42-7", "needs": "help"}).json()
    offers = f"{base}/requests/{request['id']}/offers"
    refused(us.post(offers, json={"what": "Intelligence"}), 409, "does not bind or admit US")
    refused(admin.post(offers, json={"what": "Intelligence", "state": "NO"}), 409, "does not bind or admit NO")
    offer = de.post(offers, json={"what": "A frigate"}).json()
    refused(de.post(f"{base}/offers/{offer['id']}/accept"), 403, "only a liaison officer of FR")
    refused(fr.post(f"{base}/offers/{offer['id']}/accept", json={"version": 7}), 409, "reload it")
    refused(de.post(f"{base}/offers/{offer['id']}/deliveries", json={"what": "x"}), 409, "accepted offers")
    ok(fr.post(f"{base}/offers/{offer['id']}/decline"), OfferOut)
    refused(fr.post(f"{base}/offers/{offer['id']}/accept"), 409, "already declined")
    ok(fr.post(f"{base}/requests/{request['id']}/close"), RequestOut)
    refused(de.post(offers, json={"what": "A frigate"}), 409, "is closed")
    ok(fr.post(f"{base}/close"), IncidentOut)
    refused(fr.post(f"{base}/requests", json={"mechanism": "tfeu-222", "needs": "help"}), 409, "is closed")
    refused(admin.post(f"{base}/ipcr", json={"mode": "monitoring"}), 409, "is closed")
    refused(fr.get("/api/v1/incidents/9999"), 404, "no incident 9999")
    refused(fr.get(f"{base}/report?format=pdf"), 400, "unknown report format")
    assert admin.get("/api/v1/audit/verify").json()["ok"] is True


def test_two_officers_deciding_the_same_offer_at_once_through_the_api(
    database_url: str, tmp_path: Path, kb: KnowledgeBase
) -> None:
    """Offers from three states and opposite decisions race through the API; each offer is decided exactly once."""
    settings = Settings(
        data_dir=tmp_path,
        database_url=database_url,
        environment="test",
        secret_key="an-incidents-test-secret-long-enough-for-hs256",
        login_attempts_per_minute=1_000_000,
    )
    store, password = bootstrap(settings)
    assert password is not None
    app = create_app(settings, kb, store)
    with TestClient(app) as root:
        admin = _login(root, "admin", password)
        for name in ("fr", "de", "be"):
            state, agency, roles = USERS[name]
            user = {"username": name, "password": PASSWORD, "state": state, "agency": agency, "roles": roles}
            assert admin.post("/api/v1/users", json=user).status_code == 201
        fr, de, be = (_login(TestClient(app), n, PASSWORD) for n in ("fr", "de", "be"))
        base = f"/api/v1/incidents/{fr.post('/api/v1/incidents', json=PARIS).json()['id']}"
        request = fr.post(f"{base}/requests", json={"mechanism": "teu-42-7", "needs": "help"}).json()
        offers_url = f"{base}/requests/{request['id']}/offers"
        posts = [(de, {"what": "frigate"}), (be, {"what": "frigate"}), (admin, {"what": "jets", "state": "IT"})] * 2
        made = _together([partial(client.post, offers_url, json=body) for client, body in posts])
        assert [r.status_code for r in made] == [201] * len(posts)
        offers = [r.json() for r in made]
        calls = [
            partial(client.post, f"{base}/offers/{o['id']}/{verb}", json={"version": o["version"]})
            for o in offers
            for client, verb in ((fr, "accept"), (admin, "decline"))
        ]
        answers = _together(calls)
        assert sorted(r.status_code for r in answers) == [200] * len(offers) + [409] * len(offers)
        shown = fr.get(base).json()
        assert all(o["status"] in ("accepted", "declined") and o["version"] == 2 for o in shown["offers"])
        assert len(shown["timeline"]) == 2 + 2 * len(offers)
        assert admin.get("/api/v1/audit/verify").json()["ok"] is True
    store.engine.dispose()


def _together(calls: Sequence[Callable[[], Any]]) -> list[Any]:
    barrier = threading.Barrier(len(calls))

    def run(call: Callable[[], Any]) -> Any:
        barrier.wait()
        return call()

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))
