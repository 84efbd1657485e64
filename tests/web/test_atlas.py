"""Issue 10 in Chromium: the atlas draws the states of the date, keeps the view in the URL, speaks
dates on the slider, follows the date in its panel, filters by organisations, and works on a phone.

Expectations (members, names, existence) are read from the knowledge base, not written here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

from coopsec.kb import KnowledgeBase
from tests.web.conftest import PHONE, SCREENSHOTS, Service, close, login, module_service

#: A point inside the fill of the first element matching `selector` that the browser hits there
#: (elementFromPoint finds the same state), in CSS pixels of the viewport, nearest the shape's middle.
POINT_IN = """([selector, code]) => {
  const el = document.querySelector(selector);
  if (!el) return null;
  const box = el.getBBox();
  const ctm = el.getScreenCTM();
  const found = [];
  const steps = 40;
  for (let i = 1; i < steps; i++) for (let j = 1; j < steps; j++) {
    const x = box.x + box.width * i / steps, y = box.y + box.height * j / steps;
    if (!el.isPointInFill(new DOMPoint(x, y))) continue;
    const p = new DOMPoint(x, y).matrixTransform(ctm);
    if (p.x < 0 || p.y < 0 || p.x >= innerWidth || p.y >= innerHeight) continue;
    const hit = document.elementFromPoint(p.x, p.y);
    const owner = hit && hit.closest("[data-code]");
    if (!owner || owner.dataset.code !== code || owner.classList.contains("marker")) continue;
    const d = Math.hypot(i - steps / 2, j - steps / 2);
    found.push([d, p.x, p.y]);
  }
  found.sort((a, b) => a[0] - b[0]);
  return found.length ? [found[0][1], found[0][2]] : null;
}"""


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory, kb: KnowledgeBase) -> Iterator[Service]:
    """A service of this module's own, so its logins spend no other module's login limit."""
    with module_service(tmp_path_factory, kb, "web-atlas") as found:
        yield found


@pytest.fixture
def page(browser: Any, service: Service) -> Iterator[Any]:
    logged_in = login(browser, service)
    yield logged_in
    close(logged_in)


def _open(page: Any, service: Service, query: str) -> None:
    page.goto(service.url + "/?" + query)
    page.wait_for_selector('#map[data-ready="true"]')


def _codes(page: Any) -> list[str]:
    return list(page.eval_on_selector_all("#map .fills path[data-code]", "els => els.map(e => e.dataset.code)"))


def _click_state(page: Any, code: str) -> None:
    """Click a point inside the state's own fill (not its outline, not a marker)."""
    point = page.evaluate(POINT_IN, [f'#map .fills path[data-code="{code}"]', code])
    assert point is not None, f"no point of {code} can be clicked"
    page.mouse.click(point[0], point[1])
    page.wait_for_selector(f'#details[data-state="{code}"] h2')


def _query(page: Any) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()}


def _members(kb: KnowledgeBase, org: str, day: dt.date) -> set[str]:
    return {
        s.state
        for s in kb.spells
        if s.organisation == org
        and s.status == "member"
        and s.start <= day
        and (s.end is None or day < s.end)
        and kb.states[s.state].exists_on(day)
    }


def test_1955_and_1990_draw_the_states_of_the_time(page: Any, service: Service, kb: KnowledgeBase) -> None:
    for day in ("1955-06-01", "1990-10-02"):
        _open(page, service, f"on={day}")
        codes = _codes(page)
        # Two German states, the USSR, Czechoslovakia and Yugoslavia, each drawn as one shape.
        for code in ("DE", "DDDE", "SUHH", "CSHH", "YUCS"):
            assert codes.count(code) == 1, (day, code)
        assert not {"RU", "UA", "CZ", "SK", "RS", "HR"} & set(codes)
        _click_state(page, "DDDE")
        assert page.inner_text("#details h2") == kb.states["DDDE"].name
        _click_state(page, "SUHH")
        assert page.inner_text("#details h2") == kb.states["SUHH"].name
        if day == "1955-06-01":
            assert codes.count("XSDE") == 1  # the Saar, until 1957
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / "map-1955.png"), full_page=True)
    _open(page, service, "on=1990-10-03&state=DE")
    page.wait_for_selector('#details[data-state="DE"] h2')
    codes = _codes(page)
    assert codes.count("DE") == 1 and "DDDE" not in codes and "SUHH" in codes
    page.screenshot(path=str(SCREENSHOTS / "map-1990.png"), full_page=True)
    _open(page, service, "")
    assert "RU" in _codes(page) and "SUHH" not in _codes(page)
    page.screenshot(path=str(SCREENSHOTS / "map-today.png"), full_page=True)


def test_the_shareable_url_round_trip_and_the_slider_keys(page: Any, service: Service, kb: KnowledgeBase) -> None:
    _open(page, service, "on=1990-10-03&state=DE")
    page.wait_for_selector('#details[data-state="DE"][data-on="1990-10-03"] h2')
    assert page.inner_text("#details h2") == kb.states["DE"].name
    slider = page.locator("#date-slider")
    assert slider.get_attribute("aria-valuetext") == "3 October 1990"
    seen = len(page.requests_seen)
    slider.focus()
    page.keyboard.press("ArrowRight")
    assert slider.get_attribute("aria-valuetext") == "3 November 1990"
    assert _query(page) == {"on": "1990-11-03", "state": "DE"}
    page.keyboard.press("PageUp")
    assert slider.get_attribute("aria-valuetext") == "3 November 1991"
    page.keyboard.press("ArrowLeft")
    assert _query(page)["on"] == "1991-10-03"
    page.wait_for_selector('#map[data-date="1991-10-03"]')
    # The panel follows the date: the same state, asked again for the new date.
    page.wait_for_selector('#details[data-state="DE"][data-on="1991-10-03"] h2')
    # The colours came from the page itself: the only requests are the panel's.
    asked = [u for u in page.requests_seen[seen:] if "/api/" in u]
    assert asked and all("/api/v1/states/DE?on=" in u for u in asked), asked
    page.keyboard.press("Home")
    assert slider.get_attribute("aria-valuetext") == "1 January 1949"
    page.keyboard.press("End")
    assert _query(page)["on"] == page.get_attribute("#date-input", "max")
    # The URL, opened again, gives the same view.
    page.goto(page.url)
    page.wait_for_selector('#details[data-state="DE"] h2')
    assert page.get_attribute("#map", "data-date") == page.get_attribute("#date-input", "max")


def test_a_state_that_no_longer_exists_points_to_its_heirs(page: Any, service: Service, kb: KnowledgeBase) -> None:
    _open(page, service, "on=1980-01-01&state=SUHH")
    page.wait_for_selector('#details[data-state="SUHH"] h2')
    page.fill("#date-input", "1995-01-01")
    page.dispatch_event("#date-input", "change")
    page.wait_for_selector("#details .not-then")
    assert "no longer existed on 1 January 1995" in page.inner_text("#details")
    page.get_by_role("button", name="Show " + kb.states["RU"].name).click()
    page.wait_for_selector('#details[data-state="RU"] h2')
    assert _query(page)["state"] == "RU"


def test_a_typed_date_out_of_range_is_refused_with_words(page: Any, service: Service) -> None:
    _open(page, service, "on=2000-01-01")
    page.fill("#date-input", "1930-05-01")
    page.dispatch_event("#date-input", "change")
    error = page.locator("#date-error")
    error.wait_for()
    assert "outside the atlas" in error.inner_text() and "1 January 1949" in error.inner_text()
    assert page.get_attribute("#map", "data-date") == "2000-01-01"


def test_the_organisation_filter_counts_intersections(page: Any, service: Service, kb: KnowledgeBase) -> None:
    day = dt.date(2026, 1, 1)
    eu, nato = _members(kb, "EU", day), _members(kb, "NATO", day)
    _open(page, service, "on=2026-01-01&org=EU*NATO")
    count = page.locator("#org-count")
    assert f"{len(eu & nato)} of the {len(eu)} EU members are in NATO" in count.inner_text()
    lit = set(
        page.eval_on_selector_all("#map .fills path[data-code]:not([data-dim])", "e => e.map(x => x.dataset.code)")
    )
    assert eu & nato <= lit and not (eu - nato) & lit
    page.select_option("#org-filter", "EU-NATO")
    assert f"{len(eu - nato)} of the {len(eu)} EU members are not in NATO" in count.inner_text()
    assert _query(page)["org"] == "EU-NATO"
    page.select_option("#org-filter", "")
    assert "org" not in _query(page) and not page.locator("#map [data-dim]").count()


def test_microstates_have_markers_that_select_them(page: Any, service: Service) -> None:
    _open(page, service, "on=2026-01-01")
    for code in ("LI", "MT", "AD"):
        page.click(f'#map .marker[data-code="{code}"] .dot', force=True)
        page.wait_for_selector(f'#details[data-state="{code}"] h2')


def _phone(browser: Any, service: Service) -> Any:
    """A logged-in phone: 390 CSS px wide, touch, coarse pointer."""
    return login(browser, service, context=PHONE)


def test_on_a_phone_the_map_fits_and_taps_hit_the_intended_state(browser: Any, service: Service) -> None:
    phone = _phone(browser, service)
    try:
        _open(phone, service, "on=2026-01-01")
        # No horizontal scroll, and no zoomed-out layout either (a phone widens it to fit what overflows).
        assert phone.evaluate("[innerWidth, document.documentElement.scrollWidth <= innerWidth]") == [390, True]
        width = phone.evaluate("document.getElementById('map').getBoundingClientRect().width")
        assert width >= 370
        logout = phone.get_by_role("button", name="Log out")
        box = logout.bounding_box()
        assert logout.is_visible() and box["x"] >= 0 and box["x"] + box["width"] <= 390 and box["y"] >= 0
        phone.locator("#map").scroll_into_view_if_needed()
        point = phone.evaluate(POINT_IN, ['#map .fills path[data-code="PL"]', "PL"])
        assert point is not None
        phone.touchscreen.tap(point[0], point[1])
        phone.wait_for_selector('#details[data-state="PL"] h2')
        # The zoom buttons are big enough for a finger and change the view.
        before = phone.get_attribute("#map", "viewBox")
        zoom_in = phone.locator("#zoom-in")
        assert zoom_in.bounding_box()["height"] >= 44
        zoom_in.click()
        assert phone.get_attribute("#map", "viewBox") != before
        phone.locator("#zoom-reset").click()
        assert phone.get_attribute("#map", "viewBox") == before
        # A microstate: the marker's hit area is at least 44 CSS px across.
        marker = phone.locator('#map .marker[data-code="SM"] .hit')
        assert marker.bounding_box()["width"] >= 44
        centre = phone.evaluate(
            "() => { const r = document.querySelector('#map .marker[data-code=\"SM\"] .dot').getBoundingClientRect();"
            " return [r.x + r.width / 2, r.y + r.height / 2]; }"
        )
        phone.touchscreen.tap(centre[0], centre[1])
        phone.wait_for_selector('#details[data-state="SM"] h2')
        phone.screenshot(path=str(SCREENSHOTS / "map-phone.png"), full_page=False)
        for day in ("1955-06-01", "1990-10-03"):  # history on a phone too: the two German states, the USSR
            phone.goto(f"{service.url}/?on={day}&state=DE")
            phone.wait_for_selector(f'#map[data-date="{day}"] path[data-code="SUHH"]')
            phone.screenshot(path=str(SCREENSHOTS / f"map-phone-{day[:4]}.png"), full_page=False)
    finally:
        close(phone)


def test_a_failed_map_says_so_in_words(page: Any, service: Service) -> None:
    page.route("**/static/map/**", lambda route: route.fulfill(status=503, body="down"))
    page.goto(service.url + "/?on=2000-01-01")
    page.wait_for_selector('#map[data-ready="failed"]')
    assert "cannot be drawn" in page.inner_text("#map-status")
    assert not page.locator("#map path").count()


def test_the_map_exports_as_svg(page: Any, service: Service) -> None:
    _open(page, service, "on=1990-10-03")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the map as SVG").click()
    assert download.value.suggested_filename == "coopsec-atlas-1990-10-03.svg"
    text = Path(download.value.path()).read_text()
    assert "<svg" in text and 'data-code="SUHH"' in text


def test_a_special_territory_has_its_own_panel(page: Any, service: Service, kb: KnowledgeBase) -> None:
    _open(page, service, "on=2026-01-01&state=GL")
    page.wait_for_selector('#details[data-state="GL"] h2')
    text = page.inner_text("#details")
    assert page.inner_text("#details h2") == "Greenland" and kb.states["DK"].name in text
    assert "_" not in text  # statuses in words ("may apply"), not ids
    assert page.locator("#details a.source").count() >= 2


def test_play_moves_a_year_at_a_time_and_milestones_jump(page: Any, service: Service, kb: KnowledgeBase) -> None:
    _open(page, service, "on=2000-01-01")
    page.get_by_role("button", name="Play the years").click()
    page.wait_for_selector('#map[data-date="2001-01-01"]')
    page.get_by_role("button", name="Pause").click()
    assert page.get_attribute("#play", "aria-pressed") == "false"
    page.locator(".milestones summary").click()
    nato = kb.organisations["NATO"].founded.isoformat()
    page.locator(f'#milestones button[data-date="{nato}"]').first.click()
    assert _query(page)["on"] == nato
