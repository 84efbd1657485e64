"""``coopsec osce ...`` / ``coopsec missions`` and ``/api/v1/osce``, ``/api/v1/missions``: shapes and errors."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from coopsec.cli.app import app
from coopsec.kb import KnowledgeBase
from tests.api.test_api import assert_error
from tests.apiclients import admin_client

runner = CliRunner()


def _json(*args: str) -> Any:
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_cli_activity_has_the_issue_shape() -> None:
    body = _json("osce", "activity", "--troops", "12000", "--tanks", "200", "--start", "2026-09-01", "--state", "BY")
    assert {"notifiable", "observable", "notify_by", "paragraphs", "reasons"} <= set(body)
    assert body["notifiable"] is True and body["notify_by"] == "2026-07-21"


def test_cli_activity_words_cite_paragraphs() -> None:
    result = runner.invoke(app, ["osce", "activity", "--troops", "14000", "--start", "2026-09-01", "--state", "DE"])
    assert result.exit_code == 0 and "para 47.4" in result.output and "notifiable" in result.output


def test_cli_refuses_a_non_participant_with_exit_2() -> None:
    result = runner.invoke(app, ["osce", "activity", "--troops", "12000", "--start", "2026-09-01", "--state", "JP"])
    assert result.exit_code == 2 and "not an OSCE participating State" in result.output


def test_cli_mechanism() -> None:
    body = _json("osce", "mechanism", "moscow", "--requesting", "LT", "--supporters", "EE,LV,PL", "--on", "2022-07-28")
    assert body["without_consent"] is False and body["needed"] == 5 and body["has"] == 3
    words = runner.invoke(app, ["osce", "mechanism", "moscow", "--requesting", "LT", "--supporters", "LT"])
    assert words.exit_code == 2 and "cannot support itself" in words.output


def test_cli_missions_generic_and_osce() -> None:
    body = _json("missions", "--on", "2015-06-01", "--family", "osce")
    assert body["on"] == "2015-06-01" and "osce-smm-ukraine" in {m["id"] for m in body["missions"]}
    every = _json("missions", "--state", "RS")
    assert every["on"] is None and {"osce-kosovo-sandjak-vojvodina", "osce-serbia"} <= {
        m["id"] for m in every["missions"]
    }
    table = runner.invoke(app, ["osce", "missions", "--on", "1993-01-01"])
    assert table.exit_code == 0 and "osce-georgia" in table.output


def test_cli_unusual() -> None:
    body = _json("osce", "unusual", "--requesting", "LT", "--state", "BY", "--requested", "2022-02-09T12:00")
    assert body["reply_by"] == "2022-02-11T12:00"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory, kb: KnowledgeBase) -> Iterator[TestClient]:
    with admin_client(tmp_path_factory.mktemp("osce-api"), kb) as signed_in_admin:
        yield signed_in_admin


def test_api_activity_equals_the_cli(client: TestClient) -> None:
    params = {"troops": 12000, "tanks": 200, "start": "2026-09-01", "state": "BY"}
    body = client.get("/api/v1/osce/activity", params=params).json()
    cli = _json("osce", "activity", "--troops", "12000", "--tanks", "200", "--start", "2026-09-01", "--state", "BY")
    assert body == cli


def test_api_mechanism_and_missions(client: TestClient) -> None:
    body = client.get(
        "/api/v1/osce/mechanisms/moscow",
        params={"requesting": "LT", "supporters": "EE,LV,PL,DE,FR,GB,US,CA,DK", "serious": True, "on": "2022-07-28"},
    ).json()
    assert body["without_consent"] is True and body["paragraph"] == "12"
    missions = client.get("/api/v1/missions", params={"on": "2015-06-01", "state": "UA"}).json()
    assert "osce-smm-ukraine" in {m["id"] for m in missions["missions"]}
    assert all("UA" in m["hosts"] for m in missions["missions"])
    placed = client.get("/api/v1/missions/map").json()
    assert [k["id"] for k in placed["kinds"]] == ["civilian", "military", "osce"]
    by_id = {m["id"]: m for m in placed["missions"]}
    assert by_id["osce-smm-ukraine"]["kind"] == "osce" and by_id["osce-smm-ukraine"]["hosts"] == ["UA"]
    assert by_id["eunavfor-atalanta"]["position"] and by_id["eutm-somalia"]["shapes"] == ["SOM"]


def test_api_errors_have_the_one_shape(client: TestClient) -> None:
    assert_error(client.get("/api/v1/osce/activity", params={"start": "2026-09-01", "state": "JP", "troops": 1}), 400)
    assert_error(client.get("/api/v1/osce/activity", params={"start": "2026-09-01", "state": "DE", "troops": -1}), 422)
    assert_error(client.get("/api/v1/osce/mechanisms/moscow", params={"requesting": "LT", "supporters": "LT"}), 409)
    assert_error(client.get("/api/v1/missions", params={"family": "nato"}), 422)
