"""One error body everywhere: ``{"ok": false, "error": "...", "errors": [...], "status": N}``."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from coopsec.errors import (
    AuthError,
    ConflictError,
    CoopsecError,
    ForbiddenError,
    InputError,
    RateLimitedError,
    RetractedError,
    StoreBusyError,
    UnknownCodeError,
)

log = logging.getLogger("coopsec.api")


class ErrorBody(BaseModel):
    """The one error body of the API."""

    ok: bool = False
    error: str
    errors: list[str]
    status: int


#: Documented for every route, so clients and schema checkers know the error shape.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorBody, "description": text}
    for code, text in (
        (400, "Bad input"),
        (401, "Not authenticated"),
        (403, "Missing role"),
        (404, "Unknown code"),
        (409, "Conflicting values"),
        (422, "Invalid request"),
        (429, "Too many attempts"),
        (500, "Internal error"),
        (503, "Busy: retry after the seconds in Retry-After"),
    )
}


def error_body(status: int, message: str, errors: list[str] | None = None) -> dict[str, Any]:
    """The common error body."""
    return {"ok": False, "error": message, "errors": errors or [message], "status": status}


def respond(
    status: int, message: str, errors: list[str] | None = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    """A JSON error response."""
    return JSONResponse(error_body(status, message, errors), status_code=status, headers=headers)


def allowed_methods(request: Request) -> list[str]:
    """The methods the service answers for the request's path (HEAD wherever GET is)."""
    methods: set[str] = set()
    for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
        scope = {**request.scope, "method": method}
        if any(route.matches(scope)[0] == Match.FULL for route in request.app.router.routes):
            methods.add(method)
    if "GET" in methods:
        methods.add("HEAD")
    return sorted(methods)


def install(app: FastAPI) -> None:
    """Map every error to the common body."""

    @app.exception_handler(UnknownCodeError)
    async def unknown(_: Request, exc: UnknownCodeError) -> JSONResponse:
        return respond(404, str(exc))

    @app.exception_handler(RetractedError)
    async def retracted(_: Request, exc: RetractedError) -> JSONResponse:
        return respond(410, str(exc))

    @app.exception_handler(ConflictError)
    async def conflict(_: Request, exc: ConflictError) -> JSONResponse:
        return respond(409, str(exc))

    @app.exception_handler(InputError)
    async def bad_input(_: Request, exc: InputError) -> JSONResponse:
        return respond(400, str(exc))

    @app.exception_handler(RateLimitedError)
    async def limited(_: Request, exc: RateLimitedError) -> JSONResponse:
        return respond(429, str(exc), headers={"Retry-After": str(exc.retry_after)})

    @app.exception_handler(ForbiddenError)
    async def forbidden(_: Request, exc: ForbiddenError) -> JSONResponse:
        return respond(403, str(exc))

    @app.exception_handler(AuthError)
    async def denied(_: Request, exc: AuthError) -> JSONResponse:
        return respond(401, str(exc), headers={"WWW-Authenticate": "Bearer"})

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()]
        return respond(422, "the request is not valid: " + "; ".join(errors), errors)

    @app.exception_handler(StarletteHTTPException)
    async def http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        headers = dict(getattr(exc, "headers", None) or {})
        if exc.status_code == 405:  # every documented method of the path, not only the first route's
            headers["Allow"] = ", ".join(allowed_methods(request))
        return respond(exc.status_code, str(exc.detail), headers=headers or None)

    @app.exception_handler(StoreBusyError)
    async def busy(_: Request, exc: StoreBusyError) -> JSONResponse:
        # Saturation, not a fault: say when to come back, in the common body (never a 500 or a reset).
        log.warning("busy: %s", exc)
        return respond(503, str(exc), headers={"Retry-After": str(exc.retry_after)})

    @app.exception_handler(CoopsecError)
    async def internal_known(_: Request, exc: CoopsecError) -> JSONResponse:
        log.error("coopsec error: %s", exc)
        return respond(500, "internal error: the administrator can find the details in the service log")

    @app.exception_handler(Exception)
    async def internal(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error", exc_info=exc)
        return respond(500, "internal error: the administrator can find the details in the service log")
