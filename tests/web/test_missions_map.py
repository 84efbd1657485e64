"""Issue 17 in Chromium: the atlas shows missions, a marker per host state, filtered by kind.

Expectations (which missions are deployed where on a date) come from the missions registry through
:func:`missions_report`, not from a list written here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

from coopsec.kb import KnowledgeBase
from coopsec.missions import bundled_missions, missions_report
from coopsec.missions.mapdata import map_kind
from tests.web.conftest import SCREENSHOTS, WATCH, Service, close, login, module_service


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory, kb: KnowledgeBase) -> Iterator[Service]:
    """A service of this module's own, so its logins spend no other module's login limit."""
    with module_service(tmp_path_factory, kb, "web-missions") as found:
        yield found


@pytest.fixture
def page(browser: Any, service: Service) -> Iterator[Any]:
    logged_in = login(browser, service, init_script=WATCH)
    yield logged_in
    close(logged_in)


def _open(page: Any, service: Service, query: str) -> None:
    page.goto(service.url + "/?" + query)
    page.wait_for_selector('#map[data-ready="true"]')


def _markers(page: Any) -> list[dict[str, str]]:
    return list(
        page.eval_on_selector_all(
            "#map .missions .mission",
            """els => els.map(e => ({code: e.dataset.code || '', place: e.dataset.place,
                 kinds: e.dataset.kinds, off: e.classList.contains('off-frame') ? 'yes' : 'no',
                 title: e.querySelector('title').textContent}))""",
        )
    )


def _listed(page: Any) -> set[str]:
    return set(page.eval_on_selector_all("#missions-list li", "els => els.map(e => e.dataset.mission)"))


def _expected(kb: KnowledgeBase, on: str, kinds: set[str]) -> list[Any]:
    day = dt.date.fromisoformat(on)
    ids = {m["id"] for m in missions_report(kb, day)["missions"]}
    return [m for m in bundled_missions(kb) if m.id in ids and map_kind(m) in kinds]


def test_no_kind_ticked_says_so_draws_nothing_and_loads_nothing(page: Any, service: Service) -> None:
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url) if "/missions/map" in r.url else None)
    _open(page, service, "on=2015-06-01")
    assert _markers(page) == []
    assert "Tick a kind of mission" in page.inner_text("#missions-count")
    assert asked == []  # a first view without missions does not pay for them
    page.check("#missions-osce")
    page.wait_for_selector("#map .missions .mission")
    assert len(asked) == 1
    page.check("#missions-military")
    page.uncheck("#missions-osce")
    assert len(asked) == 1  # fetched once
    assert page.evaluate("window.__csp || []") == []


def test_missions_that_cannot_be_loaded_are_said_so_not_shown_as_none(page: Any, service: Service) -> None:
    page.route(
        "**/api/v1/missions/map",
        lambda route: route.fulfill(
            status=503, content_type="application/json", body='{"error": "the service is busy", "status": 503}'
        ),
    )
    _open(page, service, "on=2015-06-01&missions=osce")
    page.wait_for_selector('#missions-count[data-state="failed"]')
    assert "could not be loaded" in page.inner_text("#missions-count")
    assert _markers(page) == [] and _listed(page) == set()
    page.unroute("**/api/v1/missions/map")
    page.uncheck("#missions-osce")
    page.check("#missions-osce")
    page.wait_for_selector("#map .missions .mission")
    assert "deployed on" in page.inner_text("#missions-count")


def test_each_kind_draws_a_marker_per_host_state_on_the_date(page: Any, service: Service, kb: KnowledgeBase) -> None:
    on = "2015-06-01"
    _open(page, service, f"on={on}")
    for kind in ("civilian", "military", "osce"):
        page.check(f"#missions-{kind}")
        page.wait_for_selector("#map .missions .mission")
        expected = _expected(kb, on, {kind})
        assert expected, kind
        markers = _markers(page)
        hosts = {h for m in expected for h in m.hosts}
        assert {m["code"] for m in markers if m["code"]} == hosts, kind
        assert all(m["kinds"] == kind for m in markers)
        assert _listed(page) == {m.id for m in expected}
        for m in expected:  # every mission is named in its marker's title
            assert any(m.name in marker["title"] for marker in markers), m.id
        page.uncheck(f"#missions-{kind}")
    assert _markers(page) == [] and _listed(page) == set()


def test_the_filter_is_kept_in_the_url_and_follows_the_date(page: Any, service: Service, kb: KnowledgeBase) -> None:
    _open(page, service, "on=2013-06-01&missions=military,osce")
    page.wait_for_selector("#map .missions .mission")
    assert page.is_checked("#missions-military") and page.is_checked("#missions-osce")
    assert not page.is_checked("#missions-civilian")
    markers = _markers(page)
    expected = _expected(kb, "2013-06-01", {"military", "osce"})
    assert _listed(page) == {m.id for m in expected}
    # A host with missions of two kinds (Bosnia and Herzegovina: EUFOR Althea and the OSCE mission) has one
    # marker with both glyphs.
    both = [m for m in markers if m["code"] == "BA"]
    assert len(both) == 1 and set(both[0]["kinds"].split()) == {"military", "osce"}
    # Mali and Somalia lie (mostly) south of the frame: pinned to the edge, and their titles say so.
    mali = [m for m in markers if m["code"] == "ML"]
    assert mali and mali[0]["off"] == "yes"
    somalia = [m for m in markers if m["place"] == "SOM"]
    assert somalia and somalia[0]["off"] == "yes" and "beyond the map's edge" in somalia[0]["title"]
    page.check("#missions-civilian")
    query = {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()}
    assert query["missions"] == "civilian,military,osce"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "map-missions-2013.png"), full_page=True)
    # Before any CSDP mission (EUPM began on 1 January 2003) only OSCE markers remain.
    page.fill("#date-input", "2002-12-31")
    page.press("#date-input", "Enter")
    page.wait_for_selector('#map[data-date="2002-12-31"]')
    assert {m["kinds"] for m in _markers(page)} == {"osce"}
    assert _listed(page) == {m.id for m in _expected(kb, "2002-12-31", {"civilian", "military", "osce"})}


def test_a_sea_area_and_a_host_outside_the_kb_get_markers(page: Any, service: Service, kb: KnowledgeBase) -> None:
    _open(page, service, "on=2020-06-01&missions=military")
    page.wait_for_selector("#map .missions .mission")
    places = {m["place"]: m for m in _markers(page)}
    sea = [m for m in bundled_missions(kb) if m.position and m.active_on(dt.date(2020, 6, 1)) and m.kind == "military"]
    assert sea
    for m in sea:
        assert f"@{m.id}" in places and m.name in places[f"@{m.id}"]["title"]
    somalia = [p for p in places.values() if p["place"] == "SOM"]
    assert somalia and "Somalia" in somalia[0]["title"]
