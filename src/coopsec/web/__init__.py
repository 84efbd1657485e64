"""The web dashboard: server-rendered pages (Jinja2) with a little local JavaScript; no outside requests.

:data:`router` holds every page, :data:`STATIC` the folder of scripts, styles and map shapes served
under ``/static``. The pages never import :mod:`coopsec.api`: both build on :mod:`coopsec.http`.
"""

from coopsec.web.pages import STATIC, router

__all__ = ["STATIC", "router"]
