"""The strategy page (issue 15): the risk matrix, and the example strategies' outcomes side by side.

The matrix is a table whose cells name their entries and classes in words (the shading only repeats
what the words say). Each strategy's figure is a matplotlib rendering served from this module
(PNG or SVG, computed once per process, no network); under each figure, its cost, its outcomes, what
it leaves uncovered and every assumption the numbers rest on.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from coopsec.errors import UnknownCodeError
from coopsec.http.deps import DB, KB, AppSettings
from coopsec.strategy import bundled_register
from coopsec.strategy.examples import RUNS, SEED, YEARS, shown
from coopsec.strategy.view import register_dict
from coopsec.web.pages.common import templates, to_login, user_or_login

router = APIRouter(include_in_schema=False)
MEDIA = {"png": "image/png", "svg": "image/svg+xml"}


def band(risk: int) -> str:
    """The risk band of likelihood x impact, in words (UI wording)."""
    return "very high" if risk >= 15 else "high" if risk >= 10 else "medium" if risk >= 5 else "low"


@router.get("/strategy", response_class=HTMLResponse)
def strategy_page(request: Request, kb: KB, session: DB, settings: AppSettings) -> Response:
    """The register's matrix and entries, and the three example strategies compared."""
    user = user_or_login(request, session, settings)
    if user is None:
        return to_login(request)
    register = bundled_register(kb)
    risk = register_dict(kb, register, register.data.as_of)
    examples = shown(kb)
    return templates.TemplateResponse(
        request,
        "strategy.html",
        {
            "user": user,
            "risk": risk,
            "band": band,
            "result": examples.comparison.payload if examples else None,
            "sizes": {"years": YEARS, "runs": RUNS, "seed": SEED},
        },
    )


@router.get("/strategy/plot/{name}.{ext}")
def strategy_plot(name: str, ext: str, request: Request, kb: KB, session: DB, settings: AppSettings) -> Response:
    """A strategy's figure, as rendered by matplotlib (cached)."""
    if user_or_login(request, session, settings) is None:
        return to_login(request)
    examples = shown(kb)
    if examples is None or name not in examples.figures or ext not in MEDIA:
        raise UnknownCodeError(f"no figure {name}.{ext}: use an example strategy's name with .png or .svg")
    return Response(
        examples.figures[name][ext], media_type=MEDIA[ext], headers={"Cache-Control": "private, max-age=3600"}
    )
