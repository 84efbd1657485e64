"""Replaying the audit log into the users and tokens it implies, and comparing them with the tables.

Split out of :mod:`coopsec.store.audit`: the log says what every write did (roles set, token
created or revoked, session ended, password changed), so a direct edit of the ``users`` or
``api_tokens`` tables, which leaves the log untouched, shows as a difference here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, joinedload

from coopsec.errors import AuditLogError
from coopsec.store.models import ApiToken, AuditEntry, User, as_utc


def fingerprint(secret_hash: str) -> str:
    """SHA-256 of a stored password or token hash: lets the log pin the hash without holding it.

    Argon2 hashes carry their salt and token hashes are of 32 random bytes, so the fingerprint
    helps no one guess a password or a token, yet any replacement of the stored hash shows.
    """
    return hashlib.sha256(secret_hash.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found in the log: where (an entry, a head; empty for the users and tokens) and what."""

    where: str
    problem: str

    def __str__(self) -> str:
        return f"{self.where}: {self.problem}" if self.where else self.problem


def read_all(session: Session, what: str, query: Any) -> list[Any]:
    """Every row of ``query``; a missing or damaged table becomes an :class:`AuditLogError`, never a traceback."""
    try:
        return list(session.execute(query).unique().scalars().all())
    except SQLAlchemyError as err:
        reason = str(getattr(err, "orig", None) or err).strip().splitlines()[0]
        raise AuditLogError(
            f"cannot read the {what}: {reason}. The table is missing or damaged, so the log cannot be verified: "
            "restore the database from a backup (then `coopsec audit verify` again)"
        ) from err


@dataclass
class _UserState:
    entry: int
    state: str
    agency: str
    roles: list[str]
    disabled: bool = False
    password: str | None = None
    session_epoch: int = 0


@dataclass
class _TokenState:
    entry: int
    user: str
    name: str | None
    prefix: str | None
    revoked: bool = False
    secret: str | None = None
    scope: str | None = None
    expires: str | None = None


def _replay(entries: Sequence[AuditEntry]) -> tuple[dict[str, _UserState], dict[int, _TokenState], list[Finding]]:
    """The users and tokens that the entries imply, and the entries that cannot be replayed."""
    users: dict[str, _UserState] = {}
    tokens: dict[int, _TokenState] = {}
    findings: list[Finding] = []
    for entry in entries:
        where = f"entry {entry.id}"
        kind = entry.action.split(".", 1)[0]
        if kind not in ("user", "token"):
            continue
        try:
            detail = json.loads(entry.detail or "{}")
        except json.JSONDecodeError:
            findings.append(Finding(where, "its detail is not JSON (damaged): it cannot be replayed"))
            continue
        if not isinstance(detail, dict):
            findings.append(Finding(where, "its detail is not a JSON object (damaged): it cannot be replayed"))
            continue
        if kind == "user":
            _replay_user(entry, detail, users, findings)
        else:
            _replay_token(entry, detail, tokens, findings)
    return users, tokens, findings


def _replay_user(entry: AuditEntry, detail: dict[str, Any], users: dict[str, _UserState], out: list[Finding]) -> None:
    name, where = entry.target, f"entry {entry.id}"
    if entry.action == "user.add":
        if name in users:
            out.append(Finding(where, f"adds user {name} a second time (first added by entry {users[name].entry})"))
        users[name] = _UserState(entry.id, str(detail.get("state")), str(detail.get("agency")), [])
    elif name not in users:
        out.append(Finding(where, f"{entry.action} on user {name}, whom the log never added"))
        return
    user = users[name]
    if entry.action == "user.disable":
        user.disabled = True
    elif entry.action == "user.enable":
        user.disabled = False
    if "roles" in detail:
        user.roles = sorted(str(r) for r in detail["roles"])
    if "state" in detail and "agency" in detail:
        user.state, user.agency = str(detail["state"]), str(detail["agency"])
    if "disabled" in detail:
        user.disabled = bool(detail["disabled"])
    if "password" in detail:
        user.password = str(detail["password"])
    if "session_epoch" in detail:
        user.session_epoch = int(detail["session_epoch"])


def _replay_token(
    entry: AuditEntry, detail: dict[str, Any], tokens: dict[int, _TokenState], out: list[Finding]
) -> None:
    where = f"entry {entry.id}"
    owner, _, number = entry.target.rpartition("/")
    token_id = detail.get("id", number)
    try:
        tid = int(token_id)
    except (TypeError, ValueError):
        out.append(Finding(where, f"{entry.action} names no token id in {entry.target!r}: it cannot be replayed"))
        return
    if entry.action == "token.create":
        if tid in tokens:
            out.append(
                Finding(where, f"creates token {tid} a second time (first created by entry {tokens[tid].entry})")
            )
        tokens[tid] = _TokenState(entry.id, str(detail.get("user", owner)), detail.get("name"), detail.get("prefix"))
    elif tid not in tokens:
        out.append(Finding(where, f"{entry.action} on token {tid}, which the log never created"))
        return
    token = tokens[tid]
    if entry.action == "token.revoke":
        token.revoked = True
    if "revoked" in detail:
        token.revoked = bool(detail["revoked"])
    if "secret" in detail:
        token.secret = str(detail["secret"])
    if "scope" in detail:
        token.scope = str(detail["scope"])
    if "expires" in detail:
        token.expires = str(detail["expires"])


def check_state(session: Session, entries: Sequence[AuditEntry]) -> list[Finding]:
    """Compare the users and tokens tables with what the log implies; one finding per difference."""
    users, tokens, findings = _replay(entries)
    rows: list[User] = read_all(session, "users table", select(User).options(joinedload(User.authority)))
    for row in sorted(rows, key=lambda u: u.username):
        expected = users.pop(row.username, None)
        name = row.username
        if expected is None:
            findings.append(
                Finding("", f"user {name} is in the users table but the log never added them (a direct insert)")
            )
            continue
        roles = sorted(row.role_list)
        if roles != expected.roles:
            findings.append(
                Finding("", f"user {name} has roles {','.join(roles)} but the log gives {','.join(expected.roles)}")
            )
        if (row.authority.state, row.authority.agency) != (expected.state, expected.agency):
            findings.append(
                Finding(
                    "",
                    f"user {name} belongs to {row.authority.state} {row.authority.agency} but the log gives "
                    f"{expected.state} {expected.agency}",
                )
            )
        if bool(row.disabled) != expected.disabled:
            state = ("disabled", "enabled") if row.disabled else ("enabled", "disabled")
            findings.append(Finding("", f"user {name} is {state[0]} in the users table but {state[1]} in the log"))
        if expected.password is not None and fingerprint(row.password_hash) != expected.password:
            findings.append(
                Finding("", f"user {name}'s password hash is not the one the log recorded (replaced outside coopsec)")
            )
        if row.session_epoch != expected.session_epoch:
            findings.append(
                Finding(
                    "",
                    f"user {name} has session epoch {row.session_epoch} but the log gives {expected.session_epoch} "
                    "(changed outside coopsec: ended sessions may have been revived)",
                )
            )
    for name, expected in sorted(users.items()):
        findings.append(
            Finding(
                "",
                f"user {name} was added by entry {expected.entry} but is missing from the users table "
                "(a direct delete)",
            )
        )
    token_rows: list[ApiToken] = read_all(
        session, "api_tokens table", select(ApiToken).options(joinedload(ApiToken.user)).order_by(ApiToken.id)
    )
    for token in token_rows:
        known = tokens.pop(token.id, None)
        label = f"token {token.id} ({token.user.username})"
        if known is None:
            findings.append(
                Finding("", f"{label} is in the api_tokens table but the log never created it (a direct insert)")
            )
            continue
        if token.user.username != known.user:
            findings.append(Finding("", f"{label} belongs to {token.user.username} but the log gives {known.user}"))
        if (known.name is not None and token.name != known.name) or (
            known.prefix is not None and token.prefix != known.prefix
        ):
            findings.append(Finding("", f"{label} has another name or prefix than the log recorded"))
        revoked = token.revoked_at is not None
        if revoked != known.revoked:
            state = ("revoked", "active") if revoked else ("active", "revoked")
            findings.append(Finding("", f"{label} is {state[0]} in the api_tokens table but {state[1]} in the log"))
        if known.secret is not None and fingerprint(token.token_hash) != known.secret:
            findings.append(
                Finding("", f"{label}'s secret hash is not the one the log recorded (replaced outside coopsec)")
            )
        if known.scope is not None and token.scope != known.scope:
            findings.append(Finding("", f"{label} has scope {token.scope} but the log gives {known.scope}"))
        if known.expires is not None and not _same_time(token.expires_at, known.expires):
            findings.append(Finding("", f"{label} expires at {token.expires_at} but the log gives {known.expires}"))
    for tid, known in sorted(tokens.items()):
        findings.append(
            Finding(
                "",
                f"token {tid} ({known.user}) was created by entry {known.entry} but is missing from the "
                "api_tokens table (a direct delete)",
            )
        )
    from coopsec.store.incident_replay import check_incidents  # imports this module: import it when used

    return findings + check_incidents(session, entries)


def _same_time(stored: dt.datetime | None, logged: str) -> bool:
    """Whether a stored time is the ISO time the log recorded (SQLite keeps UTC times without their zone)."""
    if stored is None:
        return False
    try:
        expected = dt.datetime.fromisoformat(logged)
    except ValueError:
        return False
    return as_utc(stored) == as_utc(expected)
