"""The interactive API docs (``/api/v1/docs``), served from the package under the strict CSP.

FastAPI's own docs page loads Swagger UI from a CDN and starts it with an inline script: it would not
work offline (nothing is fetched at run time) nor under ``script-src 'self'``. This page loads the
Swagger UI files shipped in ``web/static/vendor/swagger-ui`` and starts them from ``/static/api-docs.js``,
so it carries the same Content-Security-Policy as every other page.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

DOCS_PATH = "/api/v1/docs"

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>coopsec API</title>
<link rel="stylesheet" href="/static/vendor/swagger-ui/swagger-ui.css">
</head>
<body>
<div id="swagger-ui" data-openapi="/api/v1/openapi.json"></div>
<script src="/static/vendor/swagger-ui/swagger-ui-bundle.js"></script>
<script src="/static/api-docs.js"></script>
</body>
</html>
"""

router = APIRouter()


@router.get(DOCS_PATH, include_in_schema=False, name="docs")
async def docs() -> HTMLResponse:
    """The Swagger UI page: static markup, scripts from the package, no inline script or style."""
    return HTMLResponse(PAGE)
