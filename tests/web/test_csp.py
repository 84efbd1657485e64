"""The Content-Security-Policy holds in a real browser: no page breaks it, the API docs included (offline)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlparse

import pytest
import uvicorn

from coopsec.api import create_app
from coopsec.kb import KnowledgeBase
from coopsec.service import bootstrap
from coopsec.settings import Settings
from tests.web.conftest import Service, _free_port

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
    store, password = bootstrap(settings)
    assert password is not None
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings, kb, store), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "the test service did not start within 20 s"
    yield Service(f"http://127.0.0.1:{port}", password)
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def watched(browser: Any, service: Service) -> Any:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.add_init_script(f"({WATCH})()")
    page = context.new_page()
    page.console_csp = []
    page.on("console", lambda m: page.console_csp.append(m.text) if "Content Security Policy" in m.text else None)
    page.requests_seen = []
    page.on("request", lambda request: page.requests_seen.append(request.url))
    page.goto(service.url + "/login")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill(service.password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(service.url + "/")
    yield page
    hosts = {urlparse(url).hostname for url in page.requests_seen if not url.startswith(("data:", "about:"))}
    assert hosts <= {"127.0.0.1"}, f"requests left loopback: {hosts}"
    context.close()


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
