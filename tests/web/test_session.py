"""Issue 10, defect 1, in Chromium: the session is renewed while the user is active, and when it
really ends the page says so (never a grey map) and brings the user back to the same view.

The session is ended server-side by logging out in a second browser context, which ends every
session of the user; the page's clock is moved with Playwright's ``page.clock``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest

from coopsec.kb import KnowledgeBase
from tests.web.conftest import SCREENSHOTS, Service, close, login, module_service

VIEW = "/?on=1990-10-03&state=DE"


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory, kb: KnowledgeBase) -> Iterator[Service]:
    """A service of this module's own: its logouts end no other module's sessions, and it logs in often."""
    with module_service(tmp_path_factory, kb, "web-session") as found:
        yield found


def _log_out_elsewhere(browser: Any, service: Service) -> None:
    """Log in and out in another browser: every session of the user ends, this page's too."""
    other = login(browser, service)
    other.get_by_role("button", name="Log out").click()
    other.wait_for_url(service.url + "/login")
    close(other)


def _notice_is_shown(page: Any) -> str:
    """The notice is visible, focused, links to the login with this view; the header names no one."""
    notice = page.get_by_role("alertdialog", name="Your session has ended — log in again")
    notice.wait_for()
    assert notice.is_visible()
    assert page.evaluate("document.activeElement.id") == "session-ended-login"
    here: str = page.evaluate("location.pathname + location.search")
    link = page.get_attribute("#session-ended-login", "href")
    assert link == f"/login?next={quote(here, safe='')}&ended=1"
    assert page.is_hidden('header form[action="/logout"]')
    assert "admin" not in page.inner_text("header")
    return here


def test_an_ended_session_shows_the_notice_and_login_returns_to_the_view(browser: Any, service: Service) -> None:
    page = login(browser, service)
    page.goto(service.url + VIEW)
    page.wait_for_selector("body[data-session-expires]", state="attached")
    _log_out_elsewhere(browser, service)
    outcome = page.evaluate("coopsec.api('/api/v1/auth/me').then(() => 'answered', (e) => e.name + ': ' + e.message)")
    assert outcome == "SessionEnded: Your session has ended — log in again"
    here = _notice_is_shown(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert page.evaluate("coopsec.api('/api/v1/auth/me').catch((e) => e.name)") == "SessionEnded"
    page.screenshot(path=str(SCREENSHOTS / "session-ended.png"))
    page.get_by_role("link", name="Log in again").click()
    page.wait_for_url("**/login?**")
    assert "Your session has ended" in page.inner_text("main")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill(service.password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(service.url + here)
    # Other failures reject with the API's own words (callers show them as words, not as data).
    assert page.evaluate("coopsec.api('/api/v1/nothing-here').catch((e) => e.name + ' ' + e.status)") == "ApiError 404"
    assert page.evaluate("coopsec.api('/api/v1/auth/me').then((me) => me.username)") == "admin"
    close(page)


def test_the_session_is_renewed_while_active_and_ends_when_idle(browser: Any, service: Service) -> None:
    page = login(browser, service, prepare=lambda p: p.clock.install())
    page.wait_for_selector("body[data-session-expires]", state="attached")
    life = page.evaluate("Number(document.body.dataset.sessionExpires) - Number(document.body.dataset.sessionIssued)")
    assert life == 15 * 60
    # Eight of the token's fifteen minutes later, the user moves the mouse: the page renews the session.
    page.clock.fast_forward("08:00")
    with page.expect_response(lambda r: r.url.endswith("/api/v1/auth/session/renew")) as renewal:
        page.mouse.move(200, 300)
        page.mouse.move(260, 340)
    response = renewal.value
    assert response.status == 200 and response.request.headers.get("x-coopsec-renew") == "1"
    expires = response.json()["expires"]
    page.wait_for_function("at => Number(document.body.dataset.sessionExpires) * 1000 === Date.parse(at)", arg=expires)
    assert not page.get_by_role("alertdialog").is_visible()
    # The user leaves; meanwhile the session ends elsewhere. When the expiry passes, the page says so.
    _log_out_elsewhere(browser, service)
    page.clock.fast_forward("16:00")
    _notice_is_shown(page)
    close(page)
