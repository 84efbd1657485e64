"""The Council presidency on a date: golden days, one holder a day, loader errors, who sets the IPCR mode."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from coopsec.api.models.presidency import PresidencyOut
from coopsec.architecture import is_member
from coopsec.cli.app import app
from coopsec.errors import DataError, ForbiddenError
from coopsec.kb import KnowledgeBase, default_data_dir
from coopsec.obligations import assessor_for
from coopsec.response import coordination as co
from coopsec.response import presidency_on, presidency_report
from coopsec.response.presidency import bundled_presidencies, load_presidencies
from coopsec.store import Store, open_store
from tests.api.test_api import assert_error
from tests.apiclients import admin_client
from tests.response.coordination_helpers import act, add_user_for, add_users

FIRST, LAST = dt.date(2007, 1, 1), dt.date(2030, 12, 31)
runner = CliRunner()


@pytest.mark.parametrize(
    ("day", "state"),
    [
        ("2015-11-13", "LU"),  # the Paris attacks
        ("2023-02-06", "SE"),  # the Türkiye earthquakes
        ("2017-06-30", "MT"),  # the last day of the 2009/908/EU order used here
        ("2017-07-01", "EE"),  # Estonia in the slot the United Kingdom gave up (2016/1316)
        ("2026-11-28", "IE"),
        ("2030-06-30", "SK"),
        ("2030-12-31", "MT"),  # Decision (EU) 2016/1316 ends with Malta, July-December 2030
    ],
)
def test_golden_days(kb: KnowledgeBase, day: str, state: str) -> None:
    on = dt.date.fromisoformat(day)
    term = presidency_on(kb, on)
    assert term is not None and term.state == state
    report = presidency_report(kb, on)
    assert report["state"] == state and report["note"] is None
    assert report["start"] <= day <= report["end"] and report["source"]["id"] in kb.sources


@pytest.mark.parametrize("day", ["2031-01-01", "2006-12-31"])
def test_days_without_data_are_said_in_words(kb: KnowledgeBase, day: str) -> None:
    on = dt.date.fromisoformat(day)
    assert presidency_on(kb, on) is None
    report = presidency_report(kb, on)
    assert report["state"] is None and report["source"] is None
    assert (
        f"no data on the Council presidency on {day}" in report["note"] and "2007-01-01 to 2030-12-31" in report["note"]
    )


@given(st.dates(min_value=FIRST, max_value=LAST))
def test_every_covered_day_has_one_holder_an_eu_member(kb: KnowledgeBase, day: dt.date) -> None:
    holders = [t for t in bundled_presidencies(kb) if t.covers(day)]
    assert len(holders) == 1
    assert is_member(kb, holders[0].state, "EU", day)


def test_terms_are_half_years(kb: KnowledgeBase) -> None:
    for term in bundled_presidencies(kb):
        assert (term.start.month, term.start.day) in {(1, 1), (7, 1)}
        assert term.end == (
            dt.date(term.start.year, 6, 30) if term.start.month == 1 else dt.date(term.start.year, 12, 31)
        )


def _root(tmp_path: Path, terms: str) -> Path:
    (tmp_path / "council").mkdir()
    (tmp_path / "council" / "presidencies.yaml").write_text("terms:\n" + terms, encoding="utf-8")
    return tmp_path


def _issues(kb: KnowledgeBase, root: Path) -> dict[str, str]:
    with pytest.raises(DataError) as caught:
        load_presidencies(kb, root)
    assert all(i.file == "council/presidencies.yaml" for i in caught.value.issues)
    return {i.path: i.message for i in caught.value.issues}


def test_loader_errors_name_file_and_key(kb: KnowledgeBase, tmp_path: Path) -> None:
    src = "source: council-presidency-2016-1316"
    root = _root(
        tmp_path,
        f"  - {{state: XX, start: 2020-01-01, end: 2020-06-30, {src}}}\n"
        f"  - {{state: DE, start: 2020-06-01, end: 2020-12-31, {src}}}\n"  # overlaps
        f"  - {{state: PT, start: 2021-02-01, end: 2021-06-30, source: nowhere}}\n"  # gap, unknown source
        f"  - {{state: SI, start: 2021-12-31, end: 2021-07-01, {src}}}\n"  # ends before it starts
        f"  - {{state: GB, start: 2022-01-01, end: 2022-06-30, {src}}}\n"  # not a member any more
        f"  - {{state: TR, start: 2022-07-01, end: 2022-12-31, {src}}}\n",  # never a member
    )
    issues = _issues(kb, root)
    assert "unknown state 'XX'" in issues["terms[0] (XX).state"]
    assert "may not overlap" in issues["terms[1] (DE).start"]
    assert "unknown source 'nowhere'" in issues["terms[2] (PT).source"]
    assert "have no presidency; start it 2021-01-01" in issues["terms[2] (PT).start"]
    assert "ends 2021-07-01 before it starts 2021-12-31" in issues["terms[3] (SI).end"]
    assert "GB is not an EU member" in issues["terms[4] (GB).state"]
    assert "TR is not an EU member" in issues["terms[5] (TR).state"]


def test_loader_reports_schema_and_missing_file(kb: KnowledgeBase, tmp_path: Path) -> None:
    root = _root(tmp_path, "  - {state: DE, start: 2020-07-01, end: 2020-12-31}\n")
    assert "required key is missing" in _issues(kb, root)["terms[0] (DE).source"]
    assert "the file is missing" in _issues(kb, tmp_path / "elsewhere")[""]


def test_bundled_file_loads_from_the_data_folder(kb: KnowledgeBase) -> None:
    terms = load_presidencies(kb, default_data_dir())
    assert (terms[0].start, terms[-1].end, len(terms)) == (FIRST, LAST, 48)


# --- who records the IPCR mode -------------------------------------------------------------------


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(f"sqlite:///{tmp_path / 'coopsec.db'}")
    add_users(opened, ("admin", "fr"))
    add_user_for(opened, "lu", "LU", "foreign-affairs")
    yield opened
    opened.engine.dispose()


def _report(store: Store, kb: KnowledgeBase, occurred_at: str) -> int:
    incident = act(store, "fr", co.report_incident, assessor_for(kb), kind="terrorist-attack", victim="FR",
                   place="Paris and Saint-Denis", occurred_at=occurred_at, by="non-state")  # fmt: skip
    return int(incident.id)


def test_the_presidency_liaison_sets_the_ipcr_mode(store: Store, kb: KnowledgeBase) -> None:
    incident = _report(store, kb, "2015-11-13T21:16:00+01:00")
    with pytest.raises(ForbiddenError) as refused:
        act(store, "fr", co.set_ipcr_mode, incident, "monitoring", at="2015-11-14T09:00:00+01:00", kb=kb)
    assert str(refused.value).startswith(
        "the IPCR mode is decided by the Council presidency, held by Luxembourg on 2015-11-14: "
        "only a liaison officer of LU or an administrator records it"
    )
    shown = act(store, "lu", co.set_ipcr_mode, incident, "monitoring", at="2015-11-14T09:00:00+01:00", kb=kb)
    assert shown.ipcr_mode == "monitoring"
    # Luxembourg's term ends on 31 December 2015: in January 2016 the Netherlands decide.
    with pytest.raises(ForbiddenError, match="held by Netherlands on 2016-01-04: only a liaison officer of NL"):
        act(store, "lu", co.set_ipcr_mode, incident, "none", at="2016-01-04T09:00:00+01:00", kb=kb)
    assert act(store, "admin", co.set_ipcr_mode, incident, "full-activation", at="2015-11-15", kb=kb).ipcr_mode == (
        "full-activation"
    )


def test_without_presidency_data_only_administrators(store: Store, kb: KnowledgeBase) -> None:
    incident = _report(store, kb, "2006-07-01T10:00:00+02:00")
    with pytest.raises(ForbiddenError, match=r"no data on who held it on 2006-07-02.*only an administrator"):
        act(store, "lu", co.set_ipcr_mode, incident, "monitoring", at="2006-07-02T10:00:00+02:00", kb=kb)
    assert act(store, "admin", co.set_ipcr_mode, incident, "monitoring", at="2006-07-02", kb=kb).ipcr_mode == (
        "monitoring"
    )


# --- CLI and API ---------------------------------------------------------------------------------


def test_cli_json_and_words() -> None:
    result = runner.invoke(app, ["presidency", "--on", "2015-11-13", "--json"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert (body["state"], body["state_name"], body["start"], body["end"]) == (
        "LU",
        "Luxembourg",
        "2015-07-01",
        "2015-12-31",
    )
    PresidencyOut.model_validate(body)
    words = runner.invoke(app, ["presidency", "--on", "2031-01-01"])
    assert words.exit_code == 0 and "no data on the Council presidency" in words.output
    bad = runner.invoke(app, ["presidency", "--on", "2015-13-01"])
    assert bad.exit_code == 2 and "not a calendar date" in bad.output


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory, kb: KnowledgeBase) -> Iterator[TestClient]:
    with admin_client(tmp_path_factory.mktemp("presidency-api"), kb) as signed_in_admin:
        yield signed_in_admin


def test_api_shape(client: TestClient) -> None:
    response = client.get("/api/v1/presidency", params={"on": "2023-02-06"})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = PresidencyOut.model_validate(response.json()).model_dump()
    assert body["state"] == "SE" and body["source"]["id"] == "council-presidency-2016-1316"
    none = client.get("/api/v1/presidency", params={"on": "2031-01-01"}).json()
    assert none["state"] is None and "no data" in none["note"]


def test_api_bad_date_is_the_one_error_shape(client: TestClient) -> None:
    assert_error(client.get("/api/v1/presidency", params={"on": "2015-13-01"}), 422)
    assert_error(client.get("/api/v1/presidency", params={"on": "yesterday"}), 422)


def test_the_ipcr_form_is_shown_to_the_presidency_during_the_incident(kb: KnowledgeBase) -> None:
    from coopsec.web.pages.incidents import _may_set_ipcr

    paris = {"occurred_at": "2015-11-13T21:16:00+01:00", "closed_at": "2016-02-01T09:00:00+01:00"}

    def who(state: str, admin: bool = False, liaison: bool = True) -> dict[str, Any]:
        return {"state": state, "admin": admin, "liaison": liaison}

    assert _may_set_ipcr(kb, who("LU"), paris) and _may_set_ipcr(kb, who("NL"), paris)  # 2015 H2, 2016 H1
    assert not _may_set_ipcr(kb, who("FR"), paris) and not _may_set_ipcr(kb, who("LU", liaison=False), paris)
    assert _may_set_ipcr(kb, who("BE", admin=True, liaison=False), paris)
