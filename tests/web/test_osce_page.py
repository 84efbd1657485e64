"""The /osce page in Chromium: the three forms answer with paragraphs, and no CSP violation is reported."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from coopsec.kb import KnowledgeBase
from tests.web.conftest import WATCH, Service, close, login, module_service


@pytest.fixture(scope="module")
def osce_service(tmp_path_factory: pytest.TempPathFactory, kb: KnowledgeBase) -> Iterator[Service]:
    with module_service(tmp_path_factory, kb, "osce") as found:
        yield found


def test_the_page_answers_all_three_forms_without_csp_violation(browser: Any, osce_service: Service) -> None:
    page = login(browser, osce_service, init_script=WATCH)
    page.get_by_role("link", name="OSCE").first.click()
    expect(page.get_by_role("heading", name="The OSCE as forum")).to_be_visible()
    page.fill("#a_state", "BY")
    page.fill("#a_start", "2026-09-01")
    page.fill("#a_troops", "12000")
    page.fill("#a_tanks", "200")
    page.locator("#osce-activity-form button").click()
    expect(page.locator("#osce-activity-answer")).to_contain_text("notify by 2026-07-21")
    expect(page.locator("#osce-activity-answer")).to_contain_text("Para 40.1.1")
    page.goto(
        osce_service.url
        + "/osce?m_name=moscow&m_requesting=LT&m_supporters=EE,LV,PL,DE,FR,GB,US,CA,DK"
        + "&m_on=2022-07-28&m_serious=on&on=2015-06-01"
    )
    expect(page.locator("#osce-mechanism-answer")).to_contain_text("under para 12")
    expect(page.locator("#osce-missions")).to_contain_text("Special Monitoring Mission to Ukraine")
    html = page.content()
    assert "style=" not in html and not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)", html)
    page.goto(osce_service.url + "/osce?a_state=JP&a_start=2026-09-01&a_troops=10000")
    expect(page.locator("#osce-activity-problem")).to_contain_text("not an OSCE participating State")
    assert page.evaluate("window.__violations") == []
    close(page)
