"""One error body everywhere: ``{"ok": false, "error": "...", "errors": [...], "status": N}``."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from coopsec.api.security import RateLimitedError
from coopsec.errors import CoopsecError, InputError, UnknownCodeError
from coopsec.store.accounts import AuthError

log = logging.getLogger("coopsec.api")


def error_body(status: int, message: str, errors: list[str] | None = None) -> dict[str, Any]:
    """The common error body."""
    return {"ok": False, "error": message, "errors": errors or [message], "status": status}


def respond(
    status: int, message: str, errors: list[str] | None = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    """A JSON error response."""
    return JSONResponse(error_body(status, message, errors), status_code=status, headers=headers)


def install(app: FastAPI) -> None:
    """Map every error to the common body."""

    @app.exception_handler(UnknownCodeError)
    async def unknown(_: Request, exc: UnknownCodeError) -> JSONResponse:
        return respond(404, str(exc))

    @app.exception_handler(InputError)
    async def bad_input(_: Request, exc: InputError) -> JSONResponse:
        return respond(400, str(exc))

    @app.exception_handler(RateLimitedError)
    async def limited(_: Request, exc: RateLimitedError) -> JSONResponse:
        return respond(429, str(exc), headers={"Retry-After": "60"})

    @app.exception_handler(AuthError)
    async def denied(_: Request, exc: AuthError) -> JSONResponse:
        status = 403 if "role" in str(exc) else 401
        return respond(status, str(exc), headers={"WWW-Authenticate": "Bearer"} if status == 401 else None)

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()]
        return respond(422, "the request is not valid: " + "; ".join(errors), errors)

    @app.exception_handler(StarletteHTTPException)
    async def http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        return respond(exc.status_code, str(exc.detail), headers=getattr(exc, "headers", None))

    @app.exception_handler(CoopsecError)
    async def internal_known(_: Request, exc: CoopsecError) -> JSONResponse:
        log.error("coopsec error: %s", exc)
        return respond(500, "internal error: the administrator can find the details in the service log")

    @app.exception_handler(Exception)
    async def internal(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error", exc_info=exc)
        return respond(500, "internal error: the administrator can find the details in the service log")
