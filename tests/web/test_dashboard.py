"""The dashboard in a real browser: the map, the slider, the assessment form, and no outside request."""

from __future__ import annotations

from typing import Any

import pytest

from coopsec.kb import KnowledgeBase
from tests.web.conftest import SCREENSHOTS, Service, close, login


@pytest.fixture
def page(browser: Any, service: Service) -> Any:
    logged_in = login(browser, service)
    yield logged_in
    close(logged_in)


def _show(page: Any, day: str) -> None:
    page.fill("#date-input", day)
    page.dispatch_event("#date-input", "change")
    page.wait_for_selector(f'#map[data-date="{day}"]')


def test_the_map_draws_every_state_of_the_region(page: Any, kb: KnowledgeBase) -> None:
    page.wait_for_selector('#map[data-ready="true"]')
    drawn = set(page.eval_on_selector_all("#map path[data-code]", "els => els.map(e => e.dataset.code)"))
    # The region: every state whose metropolitan territory is in Europe, and every partner of the
    # Eastern Partnership, the Union for the Mediterranean and the Neighbourhood Policy.
    assert kb.places is not None
    europe = {t.sovereign for t in kb.places.territories.values() if t.metropolitan and t.continent == "europe"}
    partners = {s.state for s in kb.spells if s.organisation in {"EAP", "UFM", "ENP"}}
    region = {code for code in europe | partners if not kb.states[code].historic}
    assert len(region) > 60
    assert region - drawn == set()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "map.png"), full_page=True)


def test_the_slider_recolours_finland_when_it_joins_nato(page: Any) -> None:
    page.wait_for_selector('#map[data-ready="true"]')
    _show(page, "2023-04-03")
    before = page.get_attribute('#map path[data-code="FI"]', "class")
    _show(page, "2023-04-04")
    after = page.get_attribute('#map path[data-code="FI"]', "class")
    assert (before, after) == ("core-eu", "core-nato-eu")
    _show(page, "2020-01-31")
    uk_in = page.get_attribute('#map path[data-code="GB"]', "class")
    _show(page, "2020-02-01")
    assert (uk_in, page.get_attribute('#map path[data-code="GB"]', "class")) == ("core-nato-eu", "core-nato")
    page.keyboard.press("Tab")
    page.focus('#map path[data-code="FI"]')
    page.keyboard.press("Enter")
    page.wait_for_selector("#details h2")
    assert page.inner_text("#details h2") == "Finland"


def test_in_1955_the_map_paints_the_founders_core_and_no_data_has_its_own_legend(page: Any) -> None:
    page.wait_for_selector('#map[data-ready="true"]')
    _show(page, "1955-06-01")
    colour = {code: page.get_attribute(f'#map path[data-code="{code}"]', "class") for code in ("GB", "FR", "PT")}
    assert colour == {"GB": "core-nato", "FR": "core-nato", "PT": "below-criterion"}
    legend = page.inner_text(".legend")
    assert "no V-Dem data" in legend and "below the value criterion" in legend
    swatch = "el => getComputedStyle(el).backgroundColor"
    assert page.eval_on_selector(".swatch.no-data", swatch) != page.eval_on_selector(".swatch.below-criterion", swatch)
    page.focus('#map path[data-code="GB"]')
    page.keyboard.press("Enter")
    page.wait_for_selector("#details h2")
    assert "V-Dem v15, 1954: 3 (met)" in page.inner_text("#details")


def test_the_assessment_form_shows_every_mechanism(page: Any, service: Service) -> None:
    page.goto(service.url + "/assess")
    page.select_option("#kind", "armed-attack")
    page.select_option("#victim", "UA")
    page.fill("#by", "RU")
    page.fill("#date", "2022-02-24")
    page.get_by_role("button", name="Assess").click()
    page.wait_for_selector("table.summary")
    assert page.inner_text('td[data-mechanism="nato-art5"]') == "does not apply"  # in words (issue 10)
    assert page.get_attribute('td[data-mechanism="nato-art5"]', "data-status") == "does_not_apply"
    assert page.inner_text('td[data-mechanism="un-art51"]') == "applies"
    page.screenshot(path=str(SCREENSHOTS / "assess.png"), full_page=True)


def test_the_timeline_page(page: Any, service: Service) -> None:
    page.goto(service.url + "/timeline?code=SE")
    page.wait_for_selector("table.timeline")
    assert "7 March 2024" in page.inner_text("table.timeline")  # dates in words, ISO in <time datetime>
    assert page.query_selector('table.timeline time[datetime="2024-03-07"]') is not None
    page.screenshot(path=str(SCREENSHOTS / "timeline.png"), full_page=True)


def test_the_login_page(browser: Any, service: Service) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(service.url + "/?on=1990-10-03&state=DE")
    assert page.url.endswith("/login?next=%2F%3Fon%3D1990-10-03%26state%3DDE")  # back to the same view afterwards
    page.screenshot(path=str(SCREENSHOTS / "login.png"))
    context.close()
