"""The atlas's companion views in Chromium: the list (sorting, CSV), the comparison of two dates, the
membership diagram and its export, the glossary and the sources, print styles and phone width.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from coopsec.kb import KnowledgeBase
from tests.web.conftest import SCREENSHOTS, SOURCES_ARE_LINKS, WATCH, Service, close, login, module_service


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory, kb: KnowledgeBase) -> Iterator[Service]:
    """One service for this module's tests."""
    with module_service(tmp_path_factory, kb, "web-views") as found:
        yield found


#: Collects every CSP violation the page reports (as in test_csp).
def _watch_console(page: Any) -> None:
    page.console_csp = []
    page.on("console", lambda m: page.console_csp.append(m.text) if "Content Security Policy" in m.text else None)


@pytest.fixture(scope="module")
def page(browser: Any, service: Service) -> Iterator[Any]:
    """One logged-in page for the module (the service limits logins per minute), watching the CSP."""
    logged_in = login(browser, service, WATCH, _watch_console)
    yield logged_in
    close(logged_in)


def _no_csp_violation(page: Any) -> None:
    assert [*page.evaluate("window.__violations || []"), *page.console_csp] == []


def _codes(page: Any) -> list[str]:
    return list(page.eval_on_selector_all("#listing tbody tr", "rows => rows.map(r => r.dataset.code)"))


def test_the_list_sorts_by_its_headers_and_downloads_its_rows(page: Any, service: Service, kb: KnowledgeBase) -> None:
    page.goto(service.url + "/list?on=2024-04-01")
    codes = _codes(page)
    assert len(codes) == len({s.code for s in kb.states.values() if s.exists_on(dt.date(2024, 4, 1))})
    assert page.get_attribute("#listing th[aria-sort]", "aria-sort") == "ascending"
    page.get_by_role("link", name="Place on the map").click()
    page.wait_for_url("**sort=category**")
    assert page.inner_text("#listing th[aria-sort]").startswith("Place on the map")
    assert page.get_attribute("#listing th[aria-sort]", "aria-sort") == "ascending"
    first = page.inner_text("#listing tbody tr:first-child td:nth-child(3)")
    assert first == "Core: NATO Art. 5 and TEU 42(7)"
    page.get_by_role("link", name="Place on the map").click()
    page.wait_for_url("**dir=desc**")
    assert page.get_attribute("#listing th[aria-sort]", "aria-sort") == "descending"
    assert page.inner_text("#listing tbody tr:last-child td:nth-child(3)") == first
    finland = page.locator('#listing tr[data-code="FI"]')
    assert finland.locator("td").nth(2).inner_text() == "yes"  # code, place, ring 1
    with page.expect_download() as info:
        page.get_by_role("link", name="Download as CSV").click()
    download = info.value
    assert download.suggested_filename == "coopsec-list-2024-04-01.csv"
    text = Path(download.path()).read_text(encoding="utf-8")
    assert any("CC BY-SA 4.0" in line for line in text.splitlines() if line.startswith("#"))
    rows = list(csv.DictReader(io.StringIO("\n".join(x for x in text.splitlines() if not x.startswith("#")))))
    assert [r["state"] for r in rows] == _codes(page)  # the same rows, in the order shown
    assert next(r for r in rows if r["state"] == "SE")["category"] == "core-nato-eu"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    _no_csp_violation(page)
    page.screenshot(path=str(SCREENSHOTS / "list.png"))


def test_the_list_filters_by_organisation_and_refuses_bad_dates(page: Any, service: Service) -> None:
    page.goto(service.url + "/list?on=2023-01-01")
    page.select_option("#org", "NATO")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**org=NATO**")
    codes = _codes(page)
    assert len(codes) == 30 and "FI" not in codes
    page.goto(service.url + "/list?on=1900-01-01")
    assert "outside the dates coopsec answers for" in page.inner_text("[role=alert]")


def test_the_comparison_shows_finland_entering_nato(page: Any, service: Service) -> None:
    page.goto(service.url + "/compare")
    page.fill("#a", "2022-01-01")
    page.fill("#b", "2024-04-01")
    page.get_by_role("button", name="Compare").click()
    page.wait_for_url("**/compare?a=2022-01-01&b=2024-04-01")
    finland = page.locator('#changed tr[data-code="FI"]')
    assert "Finland becomes member of the North Atlantic Treaty Organization" in finland.inner_text()
    joined = page.eval_on_selector_all(
        '#memberships tr[data-organisation="NATO"][data-change="gained"]', "rows => rows.map(r => r.dataset.code)"
    )
    assert joined == ["FI", "SE"]
    found = page.evaluate(SOURCES_ARE_LINKS)
    assert found["links"] > 10 and found["empty"] == 0 and found["bare"] == 0
    _no_csp_violation(page)
    page.screenshot(path=str(SCREENSHOTS / "compare.png"))


def test_the_diagram_draws_the_groups_and_exports_svg_and_png(page: Any, service: Service) -> None:
    page.goto(service.url + "/diagram?on=2024-04-01")
    regions = page.eval_on_selector_all("#diagram-figure g.region", "gs => gs.map(g => g.dataset.set)")
    assert {"OSCE", "COE", "EU"} <= set(regions)
    assert page.locator('#diagram-figure g.state[data-code="FI"] title').text_content() == "Finland"
    assert "Finland" in page.inner_text(".diagram-groups")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download SVG").click()
    svg = Path(info.value.path()).read_text(encoding="utf-8")
    assert info.value.suggested_filename == "coopsec-diagram-2024-04-01.svg"
    assert svg.startswith("<?xml") and 'data-code="FI"' in svg and "fill=" in svg
    with page.expect_download() as info:
        page.get_by_role("button", name="Download PNG").click()
    png = Path(info.value.path()).read_bytes()
    assert info.value.suggested_filename == "coopsec-diagram-2024-04-01.png"
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width = struct.unpack(">I", png[16:20])[0]
    box = page.evaluate("() => document.querySelector('#diagram-figure svg').viewBox.baseVal.width")
    assert width == round(box * 2)  # drawn at twice its size
    _no_csp_violation(page)  # the PNG is drawn from a data: URL, which img-src allows
    page.screenshot(path=str(SCREENSHOTS / "diagram.png"), full_page=True)


def test_the_glossary_and_the_sources_link_every_source(page: Any, service: Service, kb: KnowledgeBase) -> None:
    page.goto(service.url + "/glossary")
    assert "The first ring is collective security" in page.inner_text("#term-ring1 + dd")
    assert kb.rings.criterion.text in page.inner_text("main")
    found = page.evaluate(SOURCES_ARE_LINKS)
    assert found["links"] > 5 and found["empty"] == 0 and found["bare"] == 0
    assert "/sources#paper" in found["hrefs"]
    page.goto(service.url + "/sources")
    ids = page.eval_on_selector_all("li.source-entry", "items => items.map(i => i.id)")
    assert set(ids) == set(kb.sources)
    found = page.evaluate(SOURCES_ARE_LINKS)
    assert found["links"] == len(kb.sources) and found["empty"] == 0 and found["bare"] == 0
    page.goto(service.url + "/sources#paper")
    assert "Cooperative security" in page.inner_text("#paper")
    _no_csp_violation(page)


def test_printing_hides_the_controls_and_phones_need_no_sideways_scroll(page: Any, service: Service) -> None:
    page.goto(service.url + "/list?on=2024-04-01")
    page.emulate_media(media="print")
    assert not page.is_visible("form.controls-form")
    assert not page.is_visible(".site-header nav")
    assert not page.is_visible("text=Download as CSV")
    after = page.evaluate("() => getComputedStyle(document.querySelector('#listing tbody th a'), '::after').content")
    assert "/?on=2024-04-01" in after  # links print their address
    page.emulate_media(media="screen")
    page.set_viewport_size({"width": 390, "height": 844})
    for path in ("/list?on=2024-04-01", "/compare?a=2022-01-01&b=2024-04-01", "/diagram?on=2024-04-01", "/glossary"):
        page.goto(service.url + path)
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, path


def test_export_inlines_the_maps_computed_colours_and_adds_the_legend(page: Any, service: Service) -> None:
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(service.url + "/?on=2024-04-01")
    page.wait_for_selector('#map[data-ready="true"]')
    page.add_script_tag(url="/static/js/export.js")  # the map page wires its own buttons; the function is shared
    exported = page.evaluate(
        """() => {
          const svg = document.querySelector('#map');
          const fill = getComputedStyle(svg.querySelector('path[data-code="FI"]')).fill;
          const text = window.coopsec.exportSvgText(svg, {legend: [{label: 'Core: NATO Art. 5 and TEU 42(7)', fill}],
                                                           title: 'Legend'});
          const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
          return {fill, inlined: doc.querySelector('path[data-code="FI"]').getAttribute('fill'),
                  legend: doc.querySelector('.export-legend').textContent, root: doc.documentElement.tagName};
        }"""
    )
    assert exported["root"] == "svg"
    assert exported["inlined"] == exported["fill"] and exported["fill"].startswith("rgb")
    assert exported["legend"] == "LegendCore: NATO Art. 5 and TEU 42(7)"
    _no_csp_violation(page)
