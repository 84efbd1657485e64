"""What a slow link pays: compressed responses, and static files a browser may keep."""

from __future__ import annotations

from fastapi.testclient import TestClient

from coopsec.web.pages.atlas import MAP_ASSETS
from coopsec.web.pages.common import asset_url
from tests.api.test_api import client, login

__all__ = ["client"]


def test_responses_are_compressed_for_clients_that_accept_it(client: TestClient) -> None:
    headers = {**login(client), "Accept-Encoding": "gzip"}
    response = client.get("/api/v1/atlas", headers=headers)
    assert response.headers["content-encoding"] == "gzip"
    assert int(response.headers["content-length"]) < len(response.content) / 3  # decoded by the client
    plain = client.get("/api/v1/atlas", headers={**headers, "Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers and plain.json() == response.json()


def test_versioned_static_files_are_kept_for_a_year_and_others_revalidated(client: TestClient) -> None:
    url = asset_url("coopsec.css")
    assert url.startswith("/static/coopsec.css?v=") and len(url.split("v=")[1]) == 12
    kept = client.get(url)
    assert kept.status_code == 200 and kept.headers["cache-control"] == "public, max-age=31536000, immutable"
    checked = client.get("/static/coopsec.css")
    assert checked.headers["cache-control"] == "no-cache" and checked.headers["etag"]
    again = client.get("/static/coopsec.css", headers={"If-None-Match": checked.headers["etag"]})
    assert again.status_code == 304


def test_a_missing_static_file_is_a_404_not_kept(client: TestClient) -> None:
    missing = client.get("/static/no-such-file.js?v=abc")
    assert missing.status_code == 404 and "immutable" not in missing.headers.get("cache-control", "")


def test_the_login_page_prefetches_what_the_map_page_loads(client: TestClient) -> None:
    login_page = client.get("/login").text
    assert "map/atlas.topo.json" in MAP_ASSETS and "js/atlas/main.js" in MAP_ASSETS
    for path in MAP_ASSETS:
        assert f'<link rel="prefetch" href="{asset_url(path)}">' in login_page, path
