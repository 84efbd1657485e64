"""The incident pages in Chromium: the Paris 2015 replay walked end to end by FR, DE, the US and an administrator.

Two officers keep the incident page open in their own browsers: what one does reaches the other's
page without a reload (the page polls the API). Refusals come from the API and are shown in words.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from coopsec.kb import KnowledgeBase
from coopsec.settings import Settings
from coopsec.store import open_store
from coopsec.web.pages.incidents import planner_perpetrators, when_words
from tests.response.coordination_helpers import PASSWORD, add_users
from tests.web.conftest import PHONE, SCREENSHOTS, WATCH, Service, close, running

#: Collects every CSP violation the page reports (as in test_csp).
#: Long enough for a poll (every 3 s) and its redraw.
LIVE = 12_000


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory, kb: KnowledgeBase) -> Iterator[Service]:
    """One service for the module, with liaison officers of FR, DE and the US and a French analyst."""
    settings = Settings(
        data_dir=Path(tmp_path_factory.mktemp("web-incidents")),
        environment="test",
        secret_key="a-browser-test-secret-long-enough-for-hs256",
        login_attempts_per_minute=1000,
    )
    with running(settings, kb) as found:
        store = open_store(settings.database_url)
        add_users(store, ("fr", "de", "us", "ana"))
        store.engine.dispose()
        yield found


def as_user(browser: Any, service: Service, name: str, context: dict[str, Any] | None = None) -> Any:
    """A page logged in as ``name`` in a browser context of its own (Paris time), watching the CSP."""
    options = {"viewport": {"width": 1400, "height": 1000}, **(context or {}), "timezone_id": "Europe/Paris"}
    opened = browser.new_context(accept_downloads=True, **options)
    opened.add_init_script(WATCH)
    page = opened.new_page()
    page.requests_seen = []
    page.on("request", lambda request: page.requests_seen.append(request.url))
    page.goto(service.url + "/login")
    page.get_by_label("Username").fill(name)
    page.get_by_label("Password").fill(service.password if name == "admin" else PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(service.url + "/")
    return page


def done(page: Any) -> None:
    """No CSP violation on the page, nothing fetched off the machine; then close its context."""
    assert page.evaluate("window.__violations || []") == []
    close(page)


def _report(fr: Any, service: Service) -> str:
    fr.goto(service.url + "/incidents")
    expect(fr.get_by_text("No incident has been reported.")).to_be_visible()
    expect(fr.get_by_label("Affected state")).to_have_value("FR")
    fr.get_by_label("Kind").select_option("natural-disaster")
    expect(fr.get_by_label("Attributed to")).to_have_value("")  # disasters have no perpetrator
    fr.get_by_label("Kind").select_option("terrorist-attack")
    fr.get_by_label("Place").fill("Paris and Saint-Denis")
    fr.get_by_label("Occurred (local time)").fill("2015-11-13T21:16")
    fr.get_by_label("UTC offset there").fill("+01:00")
    fr.get_by_label("Casualties").fill("130")
    fr.get_by_label("Cross-border links").check()
    fr.get_by_label("Propaganda spreads online").check()
    fr.get_by_label("Perpetrators").fill("ISIL cells from Belgium and Syria")
    fr.get_by_label("Attributed to").fill("non-state")
    fr.get_by_role("button", name="Report the incident").click()
    fr.wait_for_url(service.url + "/incidents/*")
    return str(fr.url)


def test_the_paris_2015_replay_walked_end_to_end_with_live_updates(browser: Any, service: Service) -> None:
    admin = as_user(browser, service, "admin")
    admin.goto(service.url + "/incidents")
    expect(admin.get_by_text("No incident has been reported.")).to_be_visible()
    fr = as_user(browser, service, "fr")
    url = _report(fr, service)
    listed = admin.locator("#incident-rows tr")  # the admin's list: the new incident arrives without a reload
    expect(listed).to_contain_text("Paris and Saint-Denis", timeout=LIVE)
    expect(listed).to_contain_text("open")
    expect(admin.get_by_text("No incident has been reported.")).to_be_hidden()
    expect(fr.locator("h1")).to_have_text("Incident 1: terrorist attack in France")
    expect(fr.locator("dl.facts")).to_contain_text("13 November 2015, 21:16 (UTC+01:00)")
    plan = fr.locator("main")
    expect(plan).to_contain_text("European Counter Terrorism Centre")
    expect(fr.locator(".plan-mechanisms")).to_contain_text("France may be able to invoke TEU Art. 42(7)")
    expect(fr.locator("#timeline tr")).to_have_count(1)

    admin.goto(url)
    admin.get_by_label("Mode", exact=True).select_option("information-sharing")
    admin.locator("#ipcr-at").fill("2015-11-14T09:00")
    admin.get_by_role("button", name="Record the IPCR mode").click()
    expect(admin.locator("#f-ipcr")).to_have_text("information sharing")
    expect(fr.locator("#f-ipcr")).to_have_text("information sharing", timeout=LIVE)  # live, no reload

    de = as_user(browser, service, "de")
    de.goto(url)
    expect(de.locator("#requests")).to_contain_text("No assistance has been requested.")
    assert de.locator("#request-form").count() == 0  # only the affected state requests

    fr.get_by_label("Mechanism").select_option("teu-42-7")
    fr.get_by_label("Needs").fill("Support for French operations in Syria and Iraq")
    fr.locator("#request-at").fill("2015-11-17T10:00")
    fr.get_by_role("button", name="Send the request").click()
    expect(fr.locator("[data-request]")).to_contain_text("TEU Art. 42(7)")

    request = de.locator("[data-request]")  # DE's page: the request arrives without a reload
    expect(request).to_contain_text("Support for French operations", timeout=LIVE)
    expect(de.locator("#live-announce")).to_contain_text("invokes", timeout=LIVE)
    de.get_by_label("What Germany (DE) offers").fill("Reconnaissance aircraft and a frigate")
    request.get_by_label("When (optional, for replays)").fill("2015-11-26T12:00")
    de.get_by_role("button", name="Offer assistance").click()
    expect(de.locator("[data-offer]")).to_contain_text("pending")

    us = as_user(browser, service, "us")
    us.goto(url)
    us.get_by_label("What United States (US) offers").fill("Intelligence support")
    us.get_by_role("button", name="Offer assistance").click()
    expect(us.locator("[data-request] .form-message")).to_contain_text("Refused:")
    expect(us.locator("[data-request] .form-message")).to_contain_text("does not bind or admit US")
    done(us)

    offer = fr.locator("[data-offer]")  # FR's page: the offer arrives without a reload
    expect(offer).to_contain_text("Reconnaissance aircraft", timeout=LIVE)
    expect(admin.locator("[data-offer]")).to_contain_text("pending", timeout=LIVE)
    admin.route("**/api/v1/incidents/1", lambda route: route.abort())  # the admin's page goes stale
    offer.get_by_label("When (optional, for replays)").fill("2015-11-27T09:00")
    fr.get_by_role("button", name="Accept the offer of Germany (DE)").click()
    expect(fr.locator("[data-offer] .offer-status")).to_have_text("accepted")
    expect(fr.locator("#coordination-message")).to_have_text("Offer accepted.")

    admin.get_by_role("button", name="Decline the offer of Germany (DE)").click()  # decided on a stale copy
    expect(admin.locator("[data-offer] .form-message")).to_contain_text("Someone else acted first")
    admin.unroute("**/api/v1/incidents/1")
    expect(admin.locator("[data-offer] .offer-status")).to_have_text("accepted", timeout=LIVE)
    expect(admin.locator("#coordination-message")).to_contain_text("Someone else acted first")

    expect(de.locator("[data-offer] .offer-status")).to_have_text("accepted", timeout=LIVE)
    de.get_by_label("What was delivered").fill("Tornado reconnaissance jets deployed")
    de.locator("[data-offer]").get_by_label("When (optional, for replays)").fill("2016-01-08T09:00")
    de.get_by_role("button", name="Record the delivery").click()
    expect(de.locator(".deliveries")).to_contain_text("Tornado reconnaissance jets deployed")
    expect(fr.locator(".deliveries")).to_contain_text("Tornado", timeout=LIVE)

    fr.locator("#close-at").fill("2016-02-01T09:00")
    fr.get_by_role("button", name="Close the incident").click()
    expect(fr.locator("#f-status")).to_have_text("closed")
    expect(fr.locator("#close-form")).to_be_hidden()
    expect(de.locator("#f-status")).to_have_text("closed", timeout=LIVE)
    assert de.locator("[data-request] form").count() == 0  # nothing more to do on a closed incident
    steps = fr.locator("#timeline tr")
    expect(steps).to_have_count(7)  # report, IPCR, request, offer, accept, delivery, close
    expect(steps.nth(0)).to_contain_text("2015-11-13 21:16 (UTC+01:00)")
    expect(steps.nth(6)).to_contain_text("2016-02-01 09:00 (UTC+01:00)")

    with fr.expect_download() as download:
        fr.get_by_role("link", name="Download as HTML").click()
    assert download.value.suggested_filename == "incident-1-after-action.html"
    html = Path(download.value.path()).read_text(encoding="utf-8")
    assert "Reconnaissance aircraft and a frigate" in html and "Tornado reconnaissance jets deployed" in html
    markdown = fr.request.get(url + "/after-action.md")
    assert markdown.ok and 'filename="incident-1-after-action.md"' in markdown.headers["content-disposition"]
    assert "Tornado reconnaissance jets deployed" in markdown.text() and "42(7)" in markdown.text()

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    fr.screenshot(path=str(SCREENSHOTS / "incident.png"), full_page=True)
    fr.goto(service.url + "/incidents")
    fr.screenshot(path=str(SCREENSHOTS / "incidents.png"), full_page=True)
    row = fr.locator("#incident-rows tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Paris and Saint-Denis")
    expect(row).to_contain_text("closed")
    for page in (fr, de, admin):
        done(page)


def test_an_analyst_reads_on_a_phone_but_sees_no_action_form(browser: Any, service: Service) -> None:
    ana = as_user(browser, service, "ana", PHONE)
    ana.goto(service.url + "/incidents")
    assert ana.locator("#report-form").count() == 0
    expect(ana.locator("#incident-rows tr").first).to_be_visible()
    ana.locator("#incident-rows a").first.click()
    expect(ana.locator("#timeline tr").first).to_be_visible()
    assert ana.locator("main form").count() == 0
    wide = ana.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert wide <= 0, "the incident page scrolls sideways on a phone"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    ana.screenshot(path=str(SCREENSHOTS / "incident-phone.png"), full_page=True)
    done(ana)


def test_a_poll_that_fails_is_said_in_words(browser: Any, service: Service) -> None:
    ana = as_user(browser, service, "ana")
    ana.goto(service.url + "/incidents/1")
    expect(ana.locator("#timeline tr").first).to_be_visible()
    ana.route("**/api/v1/incidents/1", lambda route: route.abort())
    expect(ana.locator("#live-status")).to_contain_text("Live updates paused:", timeout=LIVE)
    expect(ana.locator("#live-status")).to_contain_text("retrying")
    expect(ana.locator("#timeline tr").first).to_be_visible()  # the last data stays
    done(ana)


def test_an_unknown_incident_is_said_in_words_and_the_pages_need_a_login(browser: Any, service: Service) -> None:
    ana = as_user(browser, service, "ana")
    answer = ana.goto(service.url + "/incidents/999")
    assert answer is not None and answer.status == 404
    expect(ana.get_by_role("alert")).to_contain_text("999")
    anonymous = browser.new_context()
    reply = anonymous.request.get(service.url + "/incidents/1/after-action.md", max_redirects=0)
    assert reply.status == 303 and reply.headers["location"].startswith("/login?next=")
    anonymous.close()
    done(ana)


def test_times_keep_their_offset_and_named_perpetrators_count_as_known() -> None:
    assert when_words("2015-11-13T21:16:00+01:00") == "13 November 2015, 21:16 (UTC+01:00)"
    assert when_words("2023-02-06T01:17:00+00:00") == "6 February 2023, 01:17 (UTC)"
    assert when_words("2023-02-06") == "6 February 2023"
    assert planner_perpetrators("ISIL cells from Belgium and Syria") == "known"
    assert planner_perpetrators("At-large") == "at-large"
    assert planner_perpetrators("") is None
