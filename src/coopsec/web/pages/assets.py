"""What every page shares that is not a view: the favicon, and how a source shown on a page links.

Browsers ask for ``/favicon.ico`` on their own (bookmarks, tabs, pages that are not HTML); the
package ships one SVG icon, served there as well as under ``/static``. Every source a page shows is
a link (issue 10): to its own address when it has one, else to its entry on ``/sources``, which
lists every source of the knowledge base under its id.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import FileResponse

from coopsec.kb.model import Source
from coopsec.web.pages.common import STATIC, templates

router = APIRouter(include_in_schema=False)

FAVICON = STATIC / "favicon.svg"


@router.get("/favicon.ico")
def favicon() -> FileResponse:
    """The icon, for the browsers that ask for it at the conventional address (no login needed)."""
    return FileResponse(FAVICON, media_type="image/svg+xml", headers={"Cache-Control": "public, max-age=86400"})


def source_link(source: dict[str, Any] | Source | None) -> str:
    """Where a source shown on a page links to: its own address, else its entry on ``/sources``.

    Takes a :class:`~coopsec.kb.model.Source` or its JSON form (``Source.to_dict``, with ``id``).
    """
    if source is None:
        return "/sources"
    if isinstance(source, Source):
        return source.href or f"/sources#{source.id}"
    href, ident = source.get("href"), source.get("id")
    return str(href) if href else f"/sources#{ident}" if ident else "/sources"


templates.env.filters["source_link"] = source_link
