"""The map page as a phone on a slow link sees it: Chromium throttled to "Slow 3G" (``make bench``).

Chromium DevTools' Slow 3G preset: 2,000 ms latency per request, 50,000 bytes/s each way (500 kbit/s
x 0.8). Measured on the user's path with Debian's Chromium:

- the bytes of a first view with an empty cache (login page, then the map page),
- the time from following a link to the map (``/?on=1990-10-03``) to the first coloured map, after
  login (the login page has let the browser fetch the map's files while the user typed),
- the time from a date change (one key press on the slider) to the map repainted for the new date.
"""

from __future__ import annotations

import os
import statistics
import time
from typing import Any

from playwright.sync_api import sync_playwright

from bench.service import PASSWORD, service

CHROMIUM = os.environ.get("COOPSEC_CHROMIUM", "/usr/bin/chromium")
SLOW_3G = {"offline": False, "latency": 2000, "downloadThroughput": 50_000, "uploadThroughput": 50_000}
#: True once the map is drawn and coloured for the date in the address bar.
COLOURED = "() => { const m = document.getElementById('map'); return !!m && m.dataset.date === new URLSearchParams(location.search).get('on') && !!m.querySelector('path[data-code]'); }"  # noqa: E501


def _throttle(page: Any) -> Any:
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", SLOW_3G)
    return cdp


def _log_in(page: Any, url: str) -> None:
    page.goto(url + "/login")
    page.get_by_label("Username").fill("bench")
    page.get_by_label("Password").fill(PASSWORD)
    page.wait_for_timeout(3000)  # the time a person takes to type: the login page's prefetches run meanwhile
    page.get_by_role("button", name="Log in").click()
    page.wait_for_function(COLOURED.replace("new URLSearchParams(location.search).get('on')", "m.dataset.date"))


def main() -> None:
    """Print the first-view weight, the time to the first coloured map, and the date-change times."""
    with service() as running, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
        page = context.new_page()
        sizes: list[int] = []
        cdp = _throttle(page)
        cdp.on("Network.loadingFinished", lambda event: sizes.append(int(event["encodedDataLength"])))
        _log_in(page, running.url)
        weight = sum(sizes)
        firsts = []
        for _ in range(3):
            start = time.perf_counter()
            page.goto(running.url + "/?on=1990-10-03&state=DE", wait_until="commit")
            page.wait_for_function(COLOURED, polling=50, timeout=60_000)
            firsts.append(time.perf_counter() - start)
        changes = _date_changes(page)
        # The same with every kind of mission shown (issue 17): markers placed and the list rewritten.
        page.goto(running.url + "/?on=1995-10-03&missions=civilian,military,osce", wait_until="commit")
        page.wait_for_function(COLOURED, polling=50, timeout=60_000)
        page.wait_for_selector("#map .missions .mission", timeout=60_000)  # fetched once, on Slow 3G too
        with_missions = _date_changes(page)
        browser.close()
    print(
        f"map page on Slow 3G (2 s latency, 50 kB/s), phone viewport: first view {weight / 1024:.0f} KiB "
        f"transferred (login and map, empty cache); first coloured map after login "
        f"{statistics.median(firsts):.2f} s (median of {len(firsts)}, from following a link); "
        f"date change {statistics.median(changes) * 1000:.0f} ms median, {max(changes) * 1000:.0f} ms max "
        f"(PageUp on the slider, {len(changes)} changes; no request needed); with every kind of mission shown "
        f"{statistics.median(with_missions) * 1000:.0f} ms median, {max(with_missions) * 1000:.0f} ms max"
    )


def _date_changes(page: Any, count: int = 10) -> list[float]:
    """Seconds from a PageUp on the slider to the map painted for the new date, ``count`` times."""
    changes = []
    slider = page.locator("#date-slider")
    for _ in range(count):
        before = page.evaluate("document.getElementById('map').dataset.date")
        start = time.perf_counter()
        slider.press("PageUp")
        page.wait_for_function(f"document.getElementById('map').dataset.date !== '{before}'", polling="raf")
        changes.append(time.perf_counter() - start)
    return changes


if __name__ == "__main__":
    main()
