"""The linkage page in Chromium: the progress bar follows a running job by polling, then each party sees its pairs.

FR/police created an exchange with DE/police; both lists are in and the job is "matching" (40 %). The
FR analyst's page shows the bar at 40; the job then finishes, the page's script sees it through the
API and reloads with FR's own pairs. DE sees the same pairs from its side; ES police (not a party) sees
no exchange; a failed job is said in words. No page reports a CSP violation.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect
from sqlalchemy import update

from coopsec.exchange.lookup import audited
from coopsec.kb import KnowledgeBase
from coopsec.linkage import job
from coopsec.linkage.limits import LinkageLimits
from coopsec.linkage.parties import start, submit
from coopsec.linkage.server import ExchangeIn, create_exchange
from coopsec.settings import Settings
from coopsec.store import open_store
from coopsec.store.accounts import get_user
from coopsec.store.db import Store
from coopsec.store.linkage_models import LinkageExchange
from tests.linkage.server_helpers import PASSWORD, add_users, encodings
from tests.web.conftest import WATCH, Service, close, running

PURPOSE = "Cross-match of suspected money mules"


def _act(store: Store, kb: KnowledgeBase, name: str, action: Any) -> Any:
    return audited(store, lambda s: action(s, kb, get_user(s, name)))


def _exchange(store: Store, kb: KnowledgeBase, purpose: str) -> str:
    """An exchange of FR and DE police with both lists in and the job started (not run)."""
    limits = LinkageLimits(min_records=20)
    data = ExchangeIn(purpose, "persons", encodings()["FR/police"].key_check, ("FR/police", "DE/police"))
    ex = str(_act(store, kb, "fr", lambda s, k, u: create_exchange(s, k, u, data, limits)).id)
    for name, who in (("fr", "FR/police"), ("de", "DE/police")):
        doc = encodings()[who].to_json()
        _act(store, kb, name, lambda s, k, u, doc=doc: submit(s, k, u, ex, doc, limits))
    _act(store, kb, "fr", lambda s, k, u: start(s, u, ex))
    return ex


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory, kb: KnowledgeBase) -> Iterator[tuple[Service, Store, str]]:
    settings = Settings(
        data_dir=Path(tmp_path_factory.mktemp("web-linkage")),
        environment="test",
        secret_key="a-browser-test-secret-long-enough-for-hs256",
        login_attempts_per_minute=1000,
    )
    with running(settings, kb) as found:
        store = open_store(settings.database_url)
        add_users(store)
        running_ex = _exchange(store, kb, PURPOSE)
        with store.session() as session:  # as a running job leaves it part-way
            session.execute(
                update(LinkageExchange)
                .where(LinkageExchange.id == running_ex)
                .values(stage="matching DE/police with FR/police", progress=0.4)
            )
        failed = _exchange(store, kb, "A job that breaks")
        with store.session() as session:
            session.execute(
                update(LinkageExchange)
                .where(LinkageExchange.id == failed)
                .values(status="failed", stage="failed", error="the matching job failed: out of memory.")
            )
        yield found, store, running_ex
        store.engine.dispose()


def as_user(browser: Any, service: Service, name: str) -> Any:
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


def test_progress_then_own_results(browser: Any, setup: tuple[Service, Store, str]) -> None:
    service, store, ex = setup
    page = as_user(browser, service, "fr")
    page.get_by_role("link", name="Linkage").first.click()
    item = page.locator(f"#exchange-{ex}")
    expect(item.locator("progress")).to_have_attribute("value", "40")
    expect(item.locator(".linkage-stage")).to_contain_text("matching DE/police with FR/police (40%)")
    expect(item).to_contain_text("DE/police: submitted")
    expect(page.locator(".linkage-error")).to_contain_text("out of memory")
    job.run(store, ex)  # the job ends; the page's polling sees it and reloads with the results
    rows = page.locator(f"#exchange-{ex} .linkage-results tbody tr")
    expect(rows.first).to_be_visible(timeout=15_000)
    expect(item.locator("progress")).to_have_attribute("value", "100")
    fr_pairs = {tuple(r.split("\t")[:3]) for r in rows.evaluate_all("rs => rs.map(r => r.innerText)")}
    assert fr_pairs and {p[1] for p in fr_pairs} == {"DE/police"}
    assert page.evaluate("window.__violations") == []
    close(page)

    de = as_user(browser, service, "de")
    de.goto(service.url + "/linkage")
    de_rows = de.locator(f"#exchange-{ex} .linkage-results tbody tr").evaluate_all("rs => rs.map(r => r.innerText)")
    assert {(r.split("\t")[2], "DE/police", r.split("\t")[0]) for r in de_rows} == fr_pairs
    close(de)

    outsider = as_user(browser, service, "es")
    outsider.goto(service.url + "/linkage")
    expect(outsider.locator("#linkage-empty")).to_be_visible()
    assert PURPOSE not in outsider.content()
    close(outsider)
