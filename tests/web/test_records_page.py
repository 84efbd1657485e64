"""The exchange's pages in Chromium: a French analyst shares, a German analyst reads, Ukraine is not entitled.

FR/police shares an AMBER, H2 record to the collective-security ring. DE/police (core) sees it in the
list and in a search, and reads its markings explained. UA/police (outer area, not in ring 1 today)
gets the one "not entitled" page (404, the same as for a record that does not exist) and does not
find it by search. The originator retracts; DE then gets the retraction notice (410). A viewer
gets no share form. No page reports a CSP violation.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from coopsec.kb import KnowledgeBase
from coopsec.settings import Settings
from coopsec.store import open_store
from coopsec.store.accounts import add_user, hash_password
from coopsec.store.models import AuditEntry
from coopsec.web.pages.records import NOT_ENTITLED
from tests.web.conftest import WATCH, Service, close, running

PASSWORD = "a-long-test-password"
#: username -> (state, agency, role)
USERS = {
    "fr-ana": ("FR", "police", "analyst"),
    "de-ana": ("DE", "police", "analyst"),
    "ua-ana": ("UA", "police", "analyst"),
    "de-viewer": ("DE", "police", "viewer"),
}
#: Collects every CSP violation the page reports (as in test_csp).
#: The database of each running test service (by URL), for checking the audit chain.
service_db: dict[str, str] = {}
TITLE = "Smuggling network using the Calais ferries"


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory, kb: KnowledgeBase) -> Iterator[Service]:
    """One service for the module, with analysts of FR, DE and UA police and a German viewer."""
    settings = Settings(
        data_dir=Path(tmp_path_factory.mktemp("web-records")),
        environment="test",
        secret_key="a-browser-test-secret-long-enough-for-hs256",
        login_attempts_per_minute=1000,
    )
    with running(settings, kb) as found:  # as module_service, but the users go straight into its store
        store = open_store(settings.database_url)
        hashed = hash_password(PASSWORD)
        with store.session() as session:
            for name, (state, agency, role) in USERS.items():
                add_user(session, "system", name, hashed, state, agency, [role])
        store.engine.dispose()
        service_db[found.url] = settings.database_url
        yield found


def as_user(browser: Any, service: Service, name: str) -> Any:
    """A page logged in as ``name`` in a browser context of its own, watching the CSP."""
    opened = browser.new_context(viewport={"width": 1300, "height": 1000})
    opened.add_init_script(WATCH)
    page = opened.new_page()
    page.requests_seen = []
    page.on("request", lambda request: page.requests_seen.append(request.url))
    page.goto(service.url + "/login")
    page.get_by_label("Username").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(service.url + "/")
    return page


def done(page: Any) -> None:
    """No CSP violation on the page, nothing fetched off the machine; then close its context."""
    assert page.evaluate("window.__violations || []") == []
    close(page)


def _share(fr: Any, service: Service) -> str:
    fr.goto(service.url + "/records")
    expect(fr.locator("#records-empty")).to_have_text("No records have been shared with you yet.")
    form = fr.locator("#share-form")
    form.get_by_label("Title").fill(TITLE)
    form.get_by_label("Text").fill("Two vans cross weekly; payments go through a shell company.")
    form.get_by_label("Entities").fill("phone: +33 6 12 34 56 78\nvehicle: AB-123-CD")
    form.get_by_label("Handling code").select_option("H2")
    form.get_by_label("TLP", exact=True).select_option("RED")  # RED to a ring: the library refuses, in words
    form.get_by_role("button", name="Share the record").click()
    expect(fr.locator("#share-message")).to_contain_text("eyes and ears of individual recipients only")
    form.get_by_label("TLP", exact=True).select_option("AMBER")
    expect(form.get_by_label("Ring", exact=True)).to_have_value("collective-security")
    expect(form.get_by_label("Named authorities", exact=True)).to_be_disabled()  # only the chosen distribution's field
    expect(form.get_by_label("TLP", exact=True).locator("option[value=RED]")).to_contain_text("(above your clearance)")
    form.get_by_role("button", name="Share the record").click()
    fr.wait_for_url(service.url + "/records/*")
    expect(fr.locator("h1")).to_have_text(TITLE)
    return str(fr.url)


def test_share_read_refuse_retract(browser: Any, service: Service) -> None:
    fr = as_user(browser, service, "fr-ana")
    url = _share(fr, service)
    expect(fr.get_by_role("heading", name="Release requests")).to_be_visible()

    de = as_user(browser, service, "de-ana")
    de.goto(service.url + "/records")
    row = de.locator("#record-rows li").first
    expect(row).to_contain_text(TITLE)
    expect(row.locator(".tlp")).to_have_text("TLP:AMBER")
    expect(row).to_contain_text("Not to be disseminated without the permission of the provider.")
    expect(row).to_contain_text("ring: collective security, as of today")
    expect(row).to_contain_text("From FR/police (France, police)")
    de.get_by_label("Search the records you may see").fill("calais")
    de.get_by_role("button", name="Search").click()
    expect(de.locator("#record-rows li")).to_have_count(1)
    de.get_by_role("link", name=TITLE).click()
    marks = de.locator("#markings")
    expect(marks).to_contain_text("recipients can only spread this on a need-to-know basis within their organization")
    expect(marks).to_contain_text("H2: Not to be disseminated without the permission of the provider.")
    expect(marks).to_contain_text("B2: source reliability B")
    expect(marks).to_contain_text("ring: collective security, as of today")
    assert marks.locator("a.source").count() == 4  # TLP, handling, evaluation, ring: each with its source
    expect(de.locator("#entities")).to_contain_text("+33 6 12 34 56 78")
    expect(de.locator("#entities")).to_contain_text("vehicle")
    assert de.locator("#retract-form").count() == 0  # only the originator retracts
    de.get_by_label("Authority").fill("NL/police")
    de.get_by_label("Why").fill("The vans are registered in Rotterdam.")
    de.get_by_role("button", name="Ask for the release").click()
    expect(de.locator("#release-message")).to_have_text("Asked: the originator decides on the release to NL/police.")
    de.get_by_label("Authority").fill("NL/police")
    de.get_by_label("Why").fill("Again.")
    de.get_by_role("button", name="Ask for the release").click()  # a second pending request: refused in words
    expect(de.locator("#release-message")).to_contain_text("Refused: a release to NL/police is already pending")

    fr.reload()
    expect(fr.locator("#release-requests")).to_contain_text("The vans are registered in Rotterdam.")
    fr.get_by_role("button", name="Grant the release to NL/police").click()
    expect(fr.locator("#markings")).to_contain_text("NL/police, granted by fr-ana")
    expect(fr.locator("#release-requests")).to_contain_text("granted")

    ua = as_user(browser, service, "ua-ana")
    refused = ua.goto(url)
    assert refused is not None and refused.status == 404
    expect(ua.locator("#not-entitled")).to_have_text(NOT_ENTITLED)
    assert TITLE not in ua.content()
    missing = ua.goto(f"{service.url}/records/{uuid.uuid4()}")  # no such record: the very same words
    assert missing is not None and missing.status == 404
    expect(ua.locator("#not-entitled")).to_have_text(NOT_ENTITLED)
    ua.goto(service.url + "/records?q=calais")
    expect(ua.locator("#records-empty")).to_have_text("Nothing matches “calais” among the records you may see.")
    done(ua)

    fr.get_by_label("Why").fill("The source withdrew the information.")
    fr.get_by_role("button", name="Retract the record").click()
    expect(fr.locator("#retraction")).to_contain_text("The source withdrew the information.")

    gone = de.goto(url)
    assert gone is not None and gone.status == 410
    notice = de.locator("#retraction")
    expect(notice).to_contain_text("This record was retracted by its originator.")
    expect(notice).to_contain_text("fr-ana of FR/police (France, police)")
    expect(notice).to_contain_text("The source withdrew the information.")
    assert "+33 6 12 34 56 78" not in de.content()
    de.goto(service.url + "/records")
    expect(de.locator("#record-rows li").first).to_contain_text("Retracted by its originator")
    done(de)
    done(fr)
    refusals = _audited(service, "record.refused")
    assert ("ua-ana", url.rsplit("/", 1)[1]) in refusals  # the refusal was committed with the 404 page


def _audited(service: Service, action: str) -> set[tuple[str, str]]:
    """(actor, target) of the audit entries of one action in the service's store."""
    store = open_store(service_db[service.url])
    with store.session(write=False) as session:
        rows = session.execute(select(AuditEntry.actor, AuditEntry.target).where(AuditEntry.action == action))
        found = {(actor, target) for actor, target in rows}
    store.engine.dispose()
    return found


def test_a_viewer_reads_only(browser: Any, service: Service) -> None:
    viewer = as_user(browser, service, "de-viewer")
    viewer.goto(service.url + "/records")
    expect(viewer.get_by_role("heading", name="Exchange", exact=True)).to_be_visible()
    assert viewer.locator("#share-form").count() == 0
    expect(viewer.get_by_role("link", name="Exchange")).to_have_attribute("aria-current", "page")
    done(viewer)
