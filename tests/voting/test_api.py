"""``/api/v1/votes`` and ``/api/v1/power``: the CLI's JSON, and the one error shape for bad input."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from coopsec.kb import KnowledgeBase
from tests.api.test_api import assert_error
from tests.apiclients import admin_client


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory, kb: KnowledgeBase) -> Iterator[TestClient]:
    with admin_client(tmp_path_factory.mktemp("voting-api"), kb) as signed_in_admin:
        yield signed_in_admin


def test_vote_answers_the_outcome(client: TestClient) -> None:
    body = client.get("/api/v1/votes", params={"rule": "qmv", "no": "DE,FR,IT", "on": "2026-01-01"}).json()
    assert body["rule"] == "qmv" and body["on"] == "2026-01-01" and body["adopted"] is True
    assert [c["id"] for c in body["criteria"]][:3] == ["members", "members_min", "population"]
    assert body["flips"] == [{"state": "MT", "from": "yes", "to": "no"}]
    assert body["council"]["table"]["basis"] == "eurostat"


def test_vote_for_pesco_and_nato(client: TestClient) -> None:
    pesco = client.get(
        "/api/v1/votes", params={"rule": "qmv", "participants": "PESCO", "no": "DE,FR,IT,ES", "on": "2026-01-01"}
    ).json()
    assert pesco["rule"] == "qmv-partial" and pesco["adopted"] is False and pesco["council"]["partial"] is True
    nato = client.get("/api/v1/votes", params={"rule": "consensus", "forum": "NATO", "objections": "HU"}).json()
    assert nato["adopted"] is False


def test_power_sums_to_one(client: TestClient) -> None:
    body = client.get("/api/v1/power", params={"rule": "qmv", "on": "2026-01-01"}).json()
    assert len(body["members"]) == 27
    assert sum(m["banzhaf"] for m in body["members"].values()) == pytest.approx(1)
    assert sum(m["shapley_shubik"] for m in body["members"].values()) == pytest.approx(1)


@pytest.mark.parametrize(
    ("params", "status", "words"),
    [
        ({"rule": "qmv", "no": "XX", "on": "2026-01-01"}, 404, "unknown state"),
        ({"rule": "qmv", "no": "US", "on": "2026-01-01"}, 400, "not a member"),
        ({"rule": "qmv", "no": "DE", "abstain": "DE", "on": "2026-01-01"}, 409, "both"),
        ({"rule": "qmv", "abstain_formally": "DE", "on": "2026-01-01"}, 409, "formal abstention"),
        ({"rule": "nope"}, 404, "unknown rule"),
        ({"rule": "consensus"}, 409, "--forum"),
        ({"rule": "qmv", "on": "2019-01-01"}, 400, "no population table"),
        ({"rule": "qmv-partial", "on": "2026-01-01"}, 409, "not all members"),
    ],
)
def test_bad_input_has_the_one_error_shape(client: TestClient, params: dict[str, str], status: int, words: str) -> None:
    body = assert_error(client.get("/api/v1/votes", params=params), status)
    assert words in body["error"]
