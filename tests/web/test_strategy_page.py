"""The strategy page in Chromium: the risk matrix in words, three strategies side by side with their
figures (served by the service, rendered by matplotlib) and the assumptions under each; no CSP violation."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from coopsec.kb import KnowledgeBase
from tests.web.conftest import WATCH, Service, close, login, module_service


@pytest.fixture(scope="module")
def strategy_service(tmp_path_factory: pytest.TempPathFactory, kb: KnowledgeBase) -> Iterator[Service]:
    with module_service(tmp_path_factory, kb, "strategy") as found:
        yield found


def test_matrix_plots_and_assumptions(browser: Any, strategy_service: Service) -> None:
    page = login(browser, strategy_service, init_script=WATCH)
    page.get_by_role("link", name="Strategy").first.click()
    page.wait_for_url(strategy_service.url + "/strategy")
    matrix = page.locator("#risk-matrix")
    expect(matrix.locator("thead th")).to_have_count(6)
    expect(matrix).to_contain_text("very high risk")  # bands in words, not colour alone
    expect(matrix).to_contain_text("Illegal immigration (southern)")
    sections = page.locator("#strategies section.strategy")
    expect(sections).to_have_count(3)
    for name in ("east-heavy", "balanced", "south-heavy"):
        section = page.locator(f"#strategy-{name}")
        image = section.locator("figure img")
        expect(image).to_have_attribute("src", f"/strategy/plot/{name}.svg")
        page.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=image.element_handle())
        expect(section.locator("ul.assumptions li").first).to_contain_text("Means (units held ready)")
        expect(section.locator("ul.assumptions")).to_contain_text("may_apply_share")
        expect(section.locator("table.outcomes")).to_contain_text("expected harm")
    # side by side on a wide screen: the three figures share one row
    tops = [page.locator(f"#strategy-{n}").bounding_box()["y"] for n in ("east-heavy", "balanced", "south-heavy")]
    assert max(tops) - min(tops) < 2
    png = page.request.get(strategy_service.url + "/strategy/plot/balanced.png")
    assert png.ok and png.body().startswith(b"\x89PNG")
    assert page.evaluate("window.__violations") == []
    close(page)
