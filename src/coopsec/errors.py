"""The one exception hierarchy of coopsec.

Every error a user can cause derives from :class:`CoopsecError` and also from the nearest builtin,
so callers that only know Python's exceptions still catch them. Messages say what was wrong, where,
and how to fix it, because the people reading them are analysts, not the authors of the code.
"""

from __future__ import annotations

from dataclasses import dataclass


class CoopsecError(Exception):
    """Root of every error raised on purpose by coopsec."""


class InputError(CoopsecError, ValueError):
    """A value given by the user (a date, a code, an option) cannot be used.

    The CLI maps it to exit status 2 and the API to a 4xx response.
    """


class BadDateError(InputError):
    """A date is not an ISO ``YYYY-MM-DD`` calendar date."""


class UnknownCodeError(InputError, LookupError):
    """A state, organisation, clause or other code is not in the knowledge base."""


class ConflictError(InputError):
    """Values that are each valid do not fit together (a victim attacking itself, a taken name, ...)."""


class AuthError(CoopsecError, PermissionError):
    """Who the caller is cannot be established: wrong credentials, an expired or forged token, a disabled account.

    The API answers 401 with ``WWW-Authenticate``: logging in again can fix it.
    """


class ForbiddenError(AuthError):
    """The caller is known but lacks the role the action needs: the API answers 403."""


class RateLimitedError(AuthError):
    """Too many attempts in the window: the API answers 429 with ``Retry-After`` (seconds until one is free)."""

    def __init__(self, message: str, retry_after: int = 60) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class StoreError(CoopsecError, RuntimeError):
    """The database cannot be opened or migrated."""


class StoreBusyError(StoreError):
    """No database connection or write lock came free in time: the service is saturated, not broken.

    The API answers 503 with ``Retry-After`` (the same request succeeds a moment later), never a 500.
    """

    retry_after = 1


class SettingsError(InputError):
    """A setting is missing, malformed or unsafe."""


class AuditLogError(StoreError):
    """The audit log or its signed heads cannot be read (a missing or damaged table): the CLI exits 1."""


class AuditKeyError(SettingsError):
    """The key that signs audit tree heads is missing, malformed or readable by others."""


class RuleConflictError(CoopsecError, RuntimeError):
    """Two rules that both hold give different outcomes and neither is an exception to the other."""


class RuleDefinitionError(CoopsecError, ValueError):
    """A rule set is malformed (no single root, an unknown parent, an undeclared read, an unknown kind)."""


@dataclass(frozen=True, slots=True)
class DataIssue:
    """One problem found while loading the knowledge base.

    Attributes:
        file: the data file, relative to the data folder.
        path: the key path inside the file, e.g. ``spells[3].start``.
        message: what is wrong and how to fix it.

    """

    file: str
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.path}" if self.path else self.file
        return f"{where}: {self.message}"


class DataError(CoopsecError, ValueError):
    """The data files are invalid; carries every issue of the load at once.

    Reporting all issues together lets a data editor fix a whole batch in one pass instead of
    discovering them one run at a time.
    """

    def __init__(self, issues: list[DataIssue]) -> None:
        self.issues = tuple(issues)
        lines = "\n".join(f"  - {issue}" for issue in self.issues)
        super().__init__(f"the knowledge base has {len(self.issues)} error(s):\n{lines}")


def choose(text: str, options: tuple[str, ...], what: str) -> str:
    """The option ``text`` names (any case), or an :class:`InputError` listing the options."""
    value = text.strip().lower()
    if value in options:
        return value
    raise InputError(f"unknown {what} {text[:80]!r}: use one of {', '.join(options)}")


class TransitionError(ConflictError):
    """A coordination step that the incident's state does not allow: the API answers 409.

    For example an offer on a closed request, anything on a closed incident, or an offer from a state
    the mechanism does not bind or admit.
    """


class StaleVersionError(TransitionError):
    """Someone else changed the incident, request or offer first: reload it and decide again (409)."""


class RetractedError(CoopsecError, LookupError):
    """A shared record the reader could see was retracted by its originator: the API answers 410.

    The message carries the retraction notice (when, by whom, why), so every recipient learns that
    what they read earlier must no longer be used.
    """

    def __init__(self, message: str, retracted_at: str | None = None, reason: str | None = None) -> None:
        super().__init__(message)
        self.retracted_at = retracted_at
        self.reason = reason
