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


def login(browser: Any, service: Service, init_script: str | None = None, prepare: Any = None) -> Any:
    """A new browser page, logged in as the administrator, that records every URL it requests.

    ``init_script`` runs in every document the page loads; ``prepare(page)`` runs before the first load.
    """
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    if init_script is not None:
        context.add_init_script(init_script)
    page = context.new_page()
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
