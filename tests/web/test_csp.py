"""The Content-Security-Policy holds in a real browser: no page breaks it, the API docs included (offline)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from coopsec.kb import KnowledgeBase
from coopsec.settings import Settings
from tests.web.conftest import Service, close, login, running

#: Collects every CSP violation the page reports (the browser fires this event for each refusal).
WATCH = """() => {
  window.__violations = [];
  document.addEventListener("securitypolicyviolation",
    e => window.__violations.push(e.violatedDirective + " " + e.blockedURI));
}"""


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory, kb: KnowledgeBase) -> Iterator[Service]:
    """A service of its own: the shared one's login limit (5 a minute) is spent by the dashboard tests."""
    settings = Settings(
        data_dir=tmp_path_factory.mktemp("csp"),
        environment="test",
        secret_key="a-csp-test-secret-long-enough-for-hs256-signing",
    )
    with running(settings, kb) as found:
        yield found


def _watch_console(page: Any) -> None:
    page.console_csp = []
    page.on("console", lambda m: page.console_csp.append(m.text) if "Content Security Policy" in m.text else None)


@pytest.fixture
def watched(browser: Any, service: Service) -> Any:
    page = login(browser, service, f"({WATCH})()", _watch_console)
    yield page
    close(page)


def _violations(page: Any) -> list[str]:
    return [*page.evaluate("window.__violations || []"), *page.console_csp]


def test_the_dashboard_pages_break_no_csp_rule(watched: Any, service: Service) -> None:
    watched.wait_for_selector('#map[data-ready="true"]')
    assert _violations(watched) == []
    watched.goto(service.url + "/assess")
    watched.select_option("#kind", "armed-attack")
    watched.select_option("#victim", "FI")
    watched.get_by_role("button", name="Assess").click()
    watched.wait_for_selector("table.summary")
    assert _violations(watched) == []
    watched.goto(service.url + "/timeline?code=SE")
    watched.wait_for_selector("table.timeline")
    assert _violations(watched) == []


def test_the_api_docs_work_offline_under_the_csp(watched: Any, service: Service) -> None:
    response = watched.goto(service.url + "/api/v1/docs")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    watched.wait_for_selector(".opblock", timeout=20_000)
    assert watched.locator(".opblock").count() > 10
    assert "coopsec" in watched.inner_text(".info")
    watched.locator(".opblock-summary", has_text="/api/v1/health").first.click()
    watched.get_by_role("button", name="Try it out").click()
    watched.get_by_role("button", name="Execute").click()
    watched.wait_for_selector(".live-responses-table tbody .response-col_status")
    assert "200" in watched.inner_text(".live-responses-table tbody .response-col_status")
    assert _violations(watched) == []
