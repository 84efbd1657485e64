"""Issue 10, defects 5, 6, 8 and 9 in Chromium: the assessment page in words, shareable, with every
source a link; dates out of range refused; the header on a phone; the skip link; the favicon.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from coopsec.dates import EARLIEST, latest
from coopsec.kb import KnowledgeBase
from tests.web.conftest import SCREENSHOTS, SOURCES_ARE_LINKS, Service, close, login, module_service

SHARED = "/assess?kind=armed-attack&victim=FI&by=RU&on=2022-06-01"
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory, kb: KnowledgeBase) -> Iterator[Service]:
    """One service for this module's tests."""
    with module_service(tmp_path_factory, kb, "web-assess") as found:
        yield found


@pytest.fixture(scope="module")
def page(browser: Any, service: Service) -> Iterator[Any]:
    logged_in = login(browser, service)
    yield logged_in
    close(logged_in)


@pytest.fixture(scope="module")
def phone(browser: Any, page: Any) -> Iterator[Any]:
    """A phone-sized, touch page with the same session."""
    context = browser.new_context(
        viewport=PHONE, has_touch=True, is_mobile=True, storage_state=page.context.storage_state()
    )
    found = context.new_page()
    found.requests_seen = []
    found.on("request", lambda request: found.requests_seen.append(request.url))
    yield found
    close(found)


def test_the_shared_url_shows_the_summary_in_words_with_names(page: Any, service: Service) -> None:
    page.goto(service.url + SHARED)
    assert (
        page.inner_text("#results")
        == "An armed attack on Finland by the Russian Federation, on its territory, 1 June 2022"
    )
    summary = page.inner_text("#summary")
    assert summary.startswith("An armed attack on Finland by the Russian Federation on 1 June 2022: ")
    assert "NATO Art. 5 does not apply because Finland is not a Party" in summary
    # The summary comes before the mechanisms' answers.
    assert page.evaluate(
        "document.querySelector('#summary').compareDocumentPosition(document.querySelector('article.mechanism')) "
        "& Node.DOCUMENT_POSITION_FOLLOWING"
    )
    assert page.inner_text('td[data-mechanism="nato-art5"]') == "does not apply"
    assert page.inner_text('td[data-mechanism="teu-42-7"]') == "applies"
    text = page.inner_text("main")
    assert "does_not_apply" not in text and "may_apply" not in text
    assert not re.search(r"\b1 steps\b|\ba armed\b", text)
    assert re.search(r"How this was decided \(\d+ steps\)", text)
    # "does not apply" is neutral: not red like an error.
    colour = page.evaluate("getComputedStyle(document.querySelector('td.status.does_not_apply')).color")
    red, green, blue = (int(x) for x in re.findall(r"\d+", colour)[:3])
    assert not (red > 120 and green < 80 and blue < 80), colour
    # Bound parties by name, a long list folded after eight.
    bound = page.inner_text("#teu-42-7 .bound")
    assert "Austria, Belgium" in bound and " AT," not in bound
    assert re.search(r"and \d+ more", bound)
    page.screenshot(path=str(SCREENSHOTS / "assess-summary.png"), full_page=False)


def test_the_shared_url_survives_the_login(browser: Any, service: Service) -> None:
    context = browser.new_context()
    other = context.new_page()
    other.goto(service.url + SHARED)
    assert "/login?next=" in other.url
    other.get_by_label("Username").fill("admin")
    other.get_by_label("Password").fill(service.password)
    other.get_by_role("button", name="Log in").click()
    other.wait_for_selector("#summary")
    assert other.url == service.url + SHARED
    context.close()


def test_every_source_shown_is_a_link(page: Any, service: Service) -> None:
    page.goto(service.url + SHARED)
    found = page.evaluate(SOURCES_ARE_LINKS)
    assert found["links"] > 10 and found["empty"] == 0 and found["bare"] == 0
    assert all(h.startswith(("http", "/sources#")) for h in found["hrefs"])
    page.goto(service.url + "/timeline?code=SE")
    found = page.evaluate(SOURCES_ARE_LINKS)
    assert found["links"] >= 5 and found["empty"] == 0 and found["bare"] == 0
    assert "entry into force" in page.inner_text("table.timeline") and "_" not in page.inner_text("table.timeline")


def test_the_form_sends_a_shareable_get_and_post_with_date_still_works(page: Any, service: Service) -> None:
    page.goto(service.url + "/assess")
    assert page.get_attribute("#date", "min") == EARLIEST.isoformat()
    assert page.get_attribute("#date", "max") == latest().isoformat()
    page.select_option("#kind", "natural-disaster")
    page.select_option("#victim", "TR")
    page.fill("#date", "2023-02-06")
    page.get_by_role("button", name="Assess").click()
    page.wait_for_selector("#summary")
    assert "kind=natural-disaster" in page.url and "victim=TR" in page.url and "on=2023-02-06" in page.url
    assert page.inner_text("#results").startswith("A natural disaster affecting Türkiye")
    posted = page.request.post(
        service.url + "/assess", form={"kind": "armed-attack", "victim": "FI", "by": "RU", "date": "2022-06-01"}
    )
    assert posted.status == 200 and "Finland is not a Party" in posted.text()


def test_a_date_out_of_range_is_refused_with_a_message(page: Any, service: Service) -> None:
    response = page.goto(service.url + "/assess?kind=armed-attack&victim=FI&by=RU&on=1900-01-01")
    assert response.status == 400
    message = page.get_by_role("alert").inner_text()
    assert "1900-01-01 is outside the dates coopsec answers for" in message
    assert f"from {EARLIEST.isoformat()} to {latest().isoformat()}" in message
    assert page.query_selector("#summary") is None


def test_the_skip_link_is_the_first_stop_of_the_keyboard(page: Any, service: Service) -> None:
    page.goto(service.url + SHARED)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to content"
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#main"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    links = page.eval_on_selector_all("header nav a", "as => as.map((a) => a.getAttribute('href'))")
    for href in ("/", "/list", "/compare", "/diagram", "/assess", "/timeline", "/glossary", "/sources", "/api/v1/docs"):
        assert href in links
    assert page.get_by_role("navigation", name="Main").get_by_role("link", name="Glossary").is_visible()  # a bar


def test_the_favicon(page: Any, service: Service) -> None:
    icon = page.get_attribute('link[rel="icon"]', "href")
    assert icon and icon.startswith("/static/favicon.svg")
    response = page.request.get(service.url + "/favicon.ico", max_redirects=0)
    assert response.status == 200 or (300 <= response.status < 400 and "favicon.svg" in response.headers["location"])
    assert page.request.get(service.url + icon).headers["content-type"].startswith("image/svg+xml")


@pytest.mark.parametrize("path", [SHARED, "/timeline?code=SE"])
def test_a_phone_never_scrolls_sideways_and_log_out_is_in_reach(phone: Any, service: Service, path: str) -> None:
    phone.goto(service.url + path)
    assert phone.evaluate("matchMedia('(pointer: coarse)').matches")
    width = phone.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert width[0] <= width[1] == PHONE["width"], width
    box = phone.get_by_role("button", name="Log out").bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] and box["height"] >= 44
    assert phone.get_by_role("button", name="Log out").is_visible()
    # The views are one tap away, in a menu that works without script; every link in it is 44 px tall.
    assert not phone.is_visible('header nav a[href="/glossary"]')
    phone.click(".menu > summary")
    heights = phone.eval_on_selector_all("header nav a", "as => as.map((a) => a.getBoundingClientRect().height)")
    assert heights and min(heights) >= 44
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    name = "assess" if path.startswith("/assess") else "timeline"
    phone.screenshot(path=str(SCREENSHOTS / f"{name}-phone.png"), full_page=False)
