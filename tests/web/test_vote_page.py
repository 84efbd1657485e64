"""The votes page in Chromium: set votes, see the outcome and its explanation change without a reload.

Under QMV on 2026-01-01, DE, FR and IT against is adopted (three are no blocking minority); adding ES
makes it "Not adopted", and the page says so through the API without reloading. Switching to NATO
consensus rebuilds the members from the knowledge base; one objection blocks. Without scripts, the
form's "Decide" gives the same outcome from the server. No page reports a CSP violation.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from coopsec.kb import KnowledgeBase
from tests.web.conftest import WATCH, Service, close, login, module_service


@pytest.fixture(scope="module")
def votes_service(tmp_path_factory: pytest.TempPathFactory, kb: KnowledgeBase) -> Iterator[Service]:
    with module_service(tmp_path_factory, kb, "votes") as found:
        yield found


def _vote(page: Any, code: str, vote: str) -> None:
    page.get_by_label(f"Vote of {code}").select_option(vote)


def test_outcome_updates_without_reload(browser: Any, votes_service: Service) -> None:
    page = login(browser, votes_service, init_script=WATCH)
    page.goto(votes_service.url + "/votes?rule=qmv&on=2026-01-01")
    expect(page.locator("html[data-vote-ready='1']")).to_have_count(1)
    expect(page.locator("#vote-verdict")).to_have_text("Adopted")
    page.evaluate("window.__marker = 'same document'")
    for code in ("DE", "FR", "IT"):
        _vote(page, code, "no")
    expect(page.locator("#vote-criteria")).to_contain_text("3 did not vote yes: too few to block")
    expect(page.locator("#vote-verdict")).to_have_text("Adopted")
    expect(page.locator("#vote-flips")).to_have_text("MT: yes → no")
    _vote(page, "ES", "no")
    expect(page.locator("#vote-verdict")).to_have_text("Not adopted")
    expect(page.locator("#vote-criteria li.missed")).to_have_count(2)
    assert page.evaluate("window.__marker") == "same document"
    assert "vote_ES=no" in page.url
    # formal abstention is offered only under unanimity
    assert page.get_by_label("Vote of DE").locator("option[value='abstain-formally']").is_disabled()
    page.select_option("#vote-rule", "consensus")
    expect(page.locator("#vote-forum")).to_be_visible()
    expect(page.locator("#vote-members tr")).to_have_count(32)  # NATO allies on 2026-01-01
    expect(page.locator("#vote-verdict")).to_have_text("Not adopted")  # DE, FR, IT, ES still object
    page.get_by_role("button", name="Everyone yes").click()
    expect(page.locator("#vote-verdict")).to_have_text("Adopted")
    _vote(page, "HU", "no")
    expect(page.locator("#vote-verdict")).to_have_text("Not adopted")
    expect(page.locator("#vote-criteria")).to_contain_text("breaks silence")
    assert page.evaluate("window.__violations") == []
    close(page)


def test_errors_are_said_in_words_and_the_form_works_without_scripts(browser: Any, votes_service: Service) -> None:
    page = login(browser, votes_service, init_script=WATCH)
    page.goto(votes_service.url + "/votes?rule=qmv&on=2026-01-01")
    expect(page.locator("html[data-vote-ready='1']")).to_have_count(1)
    page.fill("#vote-on", "2019-06-01")
    page.locator("#vote-on").dispatch_event("change")
    expect(page.locator("#vote-problem")).to_contain_text("no population table applies on 2019-06-01")
    expect(page.locator("#vote-outcome")).to_be_hidden()
    close(page)
    plain = login(
        browser, votes_service, context={"java_script_enabled": False, "viewport": {"width": 1400, "height": 1000}}
    )
    plain.goto(votes_service.url + "/votes?rule=unanimity&on=2026-01-01")
    for code in ("DE", "FR", "IT", "ES", "PL", "RO", "NL", "BE", "CZ"):
        _vote(plain, code, "abstain-formally")
    plain.get_by_role("button", name="Decide").click()
    expect(plain.locator("#vote-verdict")).to_have_text("Not adopted")
    expect(plain.locator("#vote-criteria")).to_contain_text("they are 9 with")
    close(plain)
