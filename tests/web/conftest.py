"""A real service on a free loopback port, and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
import uvicorn

from coopsec.http import create_app
from coopsec.kb import KnowledgeBase
from coopsec.service import bootstrap
from coopsec.settings import Settings

CHROMIUM = os.environ.get("COOPSEC_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(os.environ.get("COOPSEC_SCREENSHOTS", "var/screenshots"))


@dataclass
class Service:
    url: str
    password: str


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running(settings: Settings, kb: KnowledgeBase) -> Iterator[Service]:
    """The service on a free loopback port, in a thread, with its first administrator; stopped afterwards."""
    store, password = bootstrap(settings)
    assert password is not None
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings, kb, store), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the test service did not start within 20 s")
        time.sleep(0.05)
    try:
        yield Service(f"http://127.0.0.1:{port}", password)
    finally:
        server.should_exit = True
        thread.join(timeout=10)


#: A phone: 390 CSS px wide, touch, coarse pointer (pass as ``login(..., context=PHONE)``).
PHONE: dict[str, Any] = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}

#: Every <a class="source"> has an address, and every <cite> in the page is inside a link.
SOURCES_ARE_LINKS = """() => {
  const links = [...document.querySelectorAll('main a.source')];
  const bare = [...document.querySelectorAll('main cite')].filter((c) => !c.closest('a[href]'));
  return {links: links.length, empty: links.filter((a) => !a.getAttribute('href')).length, bare: bare.length,
          hrefs: links.map((a) => a.getAttribute('href'))};
}"""


@contextmanager
def module_service(tmp_path_factory: pytest.TempPathFactory, kb: KnowledgeBase, name: str) -> Iterator[Service]:
    """A service of a test module's own: its logins and logouts touch no other module's limits or sessions."""
    settings = Settings(
        data_dir=Path(tmp_path_factory.mktemp(name)),
        environment="test",
        secret_key="a-browser-test-secret-long-enough-for-hs256",
        login_attempts_per_minute=1000,
    )
    with running(settings, kb) as found:
        yield found


def login(
    browser: Any,
    service: Service,
    init_script: str | None = None,
    prepare: Any = None,
    context: dict[str, Any] | None = None,
) -> Any:
    """A new browser page, logged in as the administrator, that records every URL it requests.

    ``init_script`` runs in every document the page loads; ``prepare(page)`` runs before the first load;
    ``context`` gives the browser context's options (default: a 1400 x 1000 desktop; see :data:`PHONE`).
    """
    opened = browser.new_context(**(context or {"viewport": {"width": 1400, "height": 1000}}))
    if init_script is not None:
        opened.add_init_script(init_script)
    page = opened.new_page()
    if prepare is not None:
        prepare(page)
    page.requests_seen = []
    page.on("request", lambda request: page.requests_seen.append(request.url))
    page.goto(service.url + "/login")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill(service.password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(service.url + "/")
    return page


def close(page: Any) -> None:
    """Close the page's context, after checking it never requested anything off the machine."""
    hosts = {urlparse(url).hostname for url in page.requests_seen if not url.startswith(("data:", "about:"))}
    assert hosts <= {"127.0.0.1"}, f"requests left loopback: {hosts}"
    page.context.close()


@pytest.fixture(scope="session")
def service(tmp_path_factory: pytest.TempPathFactory, kb: KnowledgeBase) -> Iterator[Service]:
    settings = Settings(
        data_dir=tmp_path_factory.mktemp("web"),
        environment="test",
        secret_key="a-browser-test-secret-long-enough-for-hs256",
    )
    with running(settings, kb) as found:
        yield found


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: `make test` installs Debian's chromium (apt-get install chromium)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


#: An init script that records every CSP violation a page reports, for the tests to read back.
WATCH = """(() => {
  window.__violations = [];
  document.addEventListener("securitypolicyviolation",
    e => window.__violations.push(e.violatedDirective + " " + e.blockedURI));
})()"""
