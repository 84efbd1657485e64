"""Authorities, users, roles, passwords (argon2), sessions and API tokens (stored hashed), with audit entries.

Every write goes through these functions so that it is validated, audited in the same transaction,
and either fully done or not at all. Each audit entry records the fields the write leaves behind
(see :mod:`coopsec.store.audit`), so the log's replay can tell a direct table edit from a write.

Password hashing is slow on purpose (about 100 ms): :func:`hash_password` runs it *before* a write
session opens, so the one writer lock is never held while hashing, and :func:`authenticate` verifies
exactly one hash whatever the outcome, so the answer's timing does not tell which usernames exist.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import secrets
from dataclasses import dataclass

from pwdlib import PasswordHash
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from coopsec.errors import AuthError, ConflictError, InputError, UnknownCodeError
from coopsec.store import audit
from coopsec.store.models import AGENCY_KINDS, ROLES, SCOPES, ApiToken, Authority, User, as_utc, utcnow

_hasher = PasswordHash.recommended()
TOKEN_PREFIX = "cst_"
MIN_PASSWORD = 12
#: The lifetime of an API token when none is asked for (capped by COOPSEC_API_TOKEN_MAX_DAYS).
DEFAULT_TOKEN_DAYS = 30


@dataclass(frozen=True, slots=True)
class HashedPassword:
    """A checked password, already hashed (so that a write session never waits for argon2)."""

    value: str


@dataclass(frozen=True, slots=True)
class UserView:
    """A user as shown to others (never the password hash)."""

    username: str
    state: str
    agency: str
    roles: tuple[str, ...]
    disabled: bool

    def to_dict(self) -> dict[str, object]:
        """JSON form."""
        return {
            "username": self.username,
            "authority": {"state": self.state, "agency": self.agency},
            "roles": list(self.roles),
            "disabled": self.disabled,
        }


def view(user: User) -> UserView:
    """The public view of a user."""
    return UserView(user.username, user.authority.state, user.authority.agency, tuple(user.role_list), user.disabled)


def check_roles(roles: list[str]) -> list[str]:
    """Validate roles."""
    bad = [r for r in roles if r not in ROLES]
    if bad or not roles:
        raise InputError(f"unknown or missing role(s) {bad}: use one or more of {', '.join(ROLES)}")
    return roles


def hash_password(password: str) -> HashedPassword:
    """Check a new password and hash it (argon2); call it before opening a write session.

    Raises:
        InputError: for a password shorter than 12 characters.

    """
    if len(password) < MIN_PASSWORD:
        raise InputError(f"the password is shorter than {MIN_PASSWORD} characters: use a longer one")
    return HashedPassword(_hasher.hash(password))


@functools.cache
def _dummy_hash() -> str:
    """A hash no password is known for: verified when the user is unknown, so every failure costs one hash."""
    return _hasher.hash(secrets.token_urlsafe(32))


def authority(session: Session, state: str, agency: str) -> Authority:
    """The authority of ``state`` and ``agency``, created on first use."""
    if agency not in AGENCY_KINDS:
        raise InputError(f"unknown agency kind {agency!r}: use one of {', '.join(AGENCY_KINDS)}")
    found = session.execute(select(Authority).where(Authority.state == state, Authority.agency == agency)).scalar()
    if found is None:
        found = Authority(state=state, agency=agency, name=f"{state} {agency}")
        session.add(found)
        session.flush()
    return found


def _find_user(session: Session, username: str) -> User | None:
    """The user named ``username`` in any case (names are unique without regard to case)."""
    query = select(User).where(func.lower(User.username) == username.lower()).options(joinedload(User.authority))
    return session.execute(query).scalar()


def add_user(
    session: Session,
    actor: str,
    username: str,
    password: str | HashedPassword,
    state: str,
    agency: str,
    roles: list[str],
) -> UserView:
    """Create a user.

    Args:
        session: a write session.
        actor: who does it (for the audit log).
        username: 1-80 ASCII letters, digits, '-', '_' or '.'; unique without regard to case.
        password: preferably hashed already with :func:`hash_password` (outside the write session).
        state: the authority's state.
        agency: the authority's agency kind.
        roles: one or more of ``ROLES``.

    Raises:
        InputError: for a malformed username, a weak password, an unknown agency or role.
        ConflictError: for a username taken in any case.

    """
    plain = username.replace("-", "").replace("_", "").replace(".", "")
    if not username or len(username) > 80 or not plain.isascii() or not plain.isalnum():
        raise InputError(f"username {username!r}: use 1-80 letters, digits, '-', '_' or '.'")
    hashed = password if isinstance(password, HashedPassword) else hash_password(password)
    taken = _find_user(session, username)
    if taken is not None:
        raise ConflictError(
            f"username {username!r} is taken (by {taken.username!r}; case does not count): choose another"
        )
    user = User(
        username=username,
        password_hash=hashed.value,
        authority=authority(session, state, agency),
        roles=",".join(check_roles(roles)),
        disabled=False,
        session_epoch=0,
    )
    session.add(user)
    try:
        session.flush()
    except IntegrityError as err:
        raise ConflictError(f"username {username!r} is taken: choose another") from err
    detail = {
        "state": state,
        "agency": agency,
        "roles": roles,
        "password": audit.fingerprint(user.password_hash),
        "session_epoch": 0,
    }
    audit.append(session, actor, "user.add", username, detail)
    return view(user)


def get_user(session: Session, username: str) -> User:
    """A user by name (in any case).

    Raises:
        UnknownCodeError: when there is no such user.

    """
    user = _find_user(session, username)
    if user is None:
        raise UnknownCodeError(f"no user {username!r}: `coopsec users list` shows the users")
    return user


def list_users(session: Session) -> list[UserView]:
    """Every user, by name."""
    query = select(User).options(joinedload(User.authority)).order_by(User.username)
    return [view(u) for u in session.execute(query).scalars()]


def _enabled_admins(session: Session) -> list[User]:
    rows = session.execute(select(User).where(User.disabled.is_(False))).scalars()
    return [u for u in rows if "administrator" in u.role_list]


def disable_user(session: Session, actor: str, username: str) -> UserView:
    """Disable a user (their sessions and tokens stop working too); a disabled user is left as is, unaudited.

    Raises:
        UnknownCodeError: when there is no such user.
        ConflictError: for the last enabled administrator (nobody could administer coopsec any more).

    """
    user = get_user(session, username)
    if user.disabled:  # nothing changes, so nothing is written (repeated requests must not grow the log)
        return view(user)
    if "administrator" in user.role_list and [u.id for u in _enabled_admins(session)] == [user.id]:
        raise ConflictError(
            f"{user.username} is the last enabled administrator: make another user an administrator first"
        )
    user.disabled = True
    audit.append(session, actor, "user.disable", user.username, {"disabled": True})
    return view(user)


def enable_user(session: Session, actor: str, username: str) -> UserView:
    """Enable a disabled user again; an enabled user is left as is, unaudited.

    Raises:
        UnknownCodeError: when there is no such user.

    """
    user = get_user(session, username)
    if not user.disabled:
        return view(user)
    user.disabled = False
    audit.append(session, actor, "user.enable", user.username, {"disabled": False})
    return view(user)


def authenticate(session: Session, username: str, password: str) -> User:
    """The user with these credentials.

    Exactly one password verification runs whatever the outcome (against a dummy hash for an unknown
    user), so a failure takes as long for a name that does not exist as for a wrong password.

    Raises:
        AuthError: for unknown users, wrong passwords and disabled accounts alike (no hint which).

    """
    user = _find_user(session, username)
    valid = _hasher.verify(password, user.password_hash if user is not None else _dummy_hash())
    if user is None or not valid or user.disabled:
        raise AuthError("wrong username or password, or the account is disabled")
    return user


def change_password(session: Session, actor: str, username: str, password: HashedPassword) -> int:
    """Replace a user's password and end every session of theirs; return the new session epoch.

    Raises:
        UnknownCodeError: when there is no such user.

    """
    user = get_user(session, username)
    user.password_hash = password.value
    user.session_epoch += 1
    detail = {"password": audit.fingerprint(user.password_hash), "session_epoch": user.session_epoch}
    audit.append(session, actor, "user.password", user.username, detail)
    return user.session_epoch


def end_sessions(session: Session, actor: str, username: str) -> int:
    """End every session (JWT) of a user at once by raising their session epoch; return the new epoch.

    Raises:
        UnknownCodeError: when there is no such user.

    """
    user = get_user(session, username)
    user.session_epoch += 1
    audit.append(session, actor, "user.logout", user.username, {"session_epoch": user.session_epoch})
    return user.session_epoch


def _token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def token_expiry(days: int | None, max_days: int) -> dt.datetime:
    """When a token asked to last ``days`` (default: the smaller of 30 and ``max_days``) expires.

    Raises:
        InputError: for fewer than 1 or more than ``max_days`` days.

    """
    days = min(DEFAULT_TOKEN_DAYS, max_days) if days is None else days
    if not 1 <= days <= max_days:
        raise InputError(
            f"an API token may last 1 to {max_days} days, not {days}: ask for fewer days "
            "(the maximum is COOPSEC_API_TOKEN_MAX_DAYS)"
        )
    return utcnow().replace(microsecond=0) + dt.timedelta(days=days)


@dataclass(frozen=True, slots=True)
class NewToken:
    """A token just created: its secret (shown once) and what it allows."""

    id: int
    secret: str
    name: str
    scope: str
    expires_at: dt.datetime

    def to_dict(self) -> dict[str, object]:
        """JSON form (the secret included: show it once)."""
        return {
            "ok": True,
            "id": self.id,
            "token": self.secret,
            "name": self.name,
            "scope": self.scope,
            "expires_at": self.expires_at.isoformat(),
        }


def create_token(
    session: Session,
    actor: str,
    username: str,
    name: str,
    *,
    scope: str = "read",
    expires_at: dt.datetime | None = None,
) -> NewToken:
    """Create an API token for ``username``; the secret is returned once and stored hashed.

    Args:
        session: a write session.
        actor: who does it (for the audit log).
        username: the token's user.
        name: what the token is for.
        scope: ``read`` or ``read-write`` (see :data:`coopsec.store.models.Scope`).
        expires_at: when it stops working (default: :func:`token_expiry` with the default maximum).

    Raises:
        UnknownCodeError: when there is no such user.
        InputError: for an unknown scope or an expiry in the past.

    """
    if scope not in SCOPES:
        raise InputError(f"unknown token scope {scope!r}: use one of {', '.join(SCOPES)}")
    expires = as_utc(expires_at) if expires_at is not None else token_expiry(None, DEFAULT_TOKEN_DAYS)
    if expires <= utcnow():
        raise InputError("the token's expiry is in the past: give a number of days from 1")
    user = get_user(session, username)
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user_id=user.id,
        name=name,
        prefix=secret[:12],
        token_hash=_token_hash(secret),
        scope=scope,
        expires_at=expires,
    )
    session.add(token)
    session.flush()
    detail = {
        "id": token.id,
        "user": user.username,
        "name": name,
        "prefix": token.prefix,
        "secret": audit.fingerprint(token.token_hash),
        "scope": scope,
        "expires": expires.isoformat(),
    }
    audit.append(session, actor, "token.create", f"{user.username}/{token.id}", detail)
    return NewToken(token.id, secret, name, scope, expires)


def revoke_token(session: Session, actor: str, token_id: int, owner: str | None = None) -> None:
    """Revoke a token by its id; with ``owner``, only a token of that user (others are "not found").

    Raises:
        UnknownCodeError: when there is no such active token (of ``owner``): its existence is not revealed.

    """
    token = session.get(ApiToken, token_id)
    others = owner is not None and (token is None or token.user.username.lower() != owner.lower())
    if token is None or token.revoked_at is not None or others:
        where = "`GET /api/v1/auth/api-tokens`" if owner is not None else "`coopsec tokens list`"
        raise UnknownCodeError(f"no active token {token_id}: {where} shows them")
    token.revoked_at = utcnow()
    audit.append(session, actor, "token.revoke", f"{token.user.username}/{token.id}", {"revoked": True})


def list_tokens(session: Session, owner: str | None = None) -> list[dict[str, object]]:
    """Every token, or ``owner``'s (never a secret)."""
    query = select(ApiToken).join(ApiToken.user).options(joinedload(ApiToken.user)).order_by(ApiToken.id)
    if owner is not None:
        query = query.where(func.lower(User.username) == owner.lower())
    now = utcnow()
    return [
        {
            "id": t.id,
            "user": t.user.username,
            "name": t.name,
            "prefix": t.prefix,
            "scope": t.scope,
            "created_at": as_utc(t.created_at).isoformat(),
            "expires_at": as_utc(t.expires_at).isoformat() if t.expires_at else None,
            "expired": t.expires_at is not None and as_utc(t.expires_at) <= now,
            "revoked": t.revoked_at is not None,
        }
        for t in session.execute(query).scalars()
    ]


def token_for_secret(session: Session, secret: str) -> ApiToken:
    """The active API token of ``secret``, with its user.

    Raises:
        AuthError: for unknown, revoked, expired or disabled-user tokens.

    """
    query = (
        select(ApiToken)
        .where(ApiToken.prefix == secret[:12])
        .options(joinedload(ApiToken.user).joinedload(User.authority))
    )
    found = session.execute(query).scalars().all()
    match = next((t for t in found if secrets.compare_digest(t.token_hash, _token_hash(secret))), None)
    if match is None or match.revoked_at is not None or match.user.disabled:
        raise AuthError("the API token is unknown, revoked, or its user is disabled")
    if match.expires_at is not None and as_utc(match.expires_at) <= utcnow():
        raise AuthError(
            f"the API token expired at {as_utc(match.expires_at).isoformat()}: log in and create a new one "
            "(POST /api/v1/auth/api-tokens)"
        )
    return match


def user_for_token(session: Session, secret: str) -> User:
    """The user of an active API token.

    Raises:
        AuthError: for unknown, revoked, expired or disabled-user tokens.

    """
    return token_for_secret(session, secret).user


def user_for_session(session: Session, user_id: int, username: str, epoch: int) -> User:
    """The user of a session token (JWT) that is still open.

    Raises:
        AuthError: when the user no longer exists (401, not 404: the token is what is wrong), was
            renamed or replaced, or ended their sessions (logout, password change) after it was issued.

    """
    user = session.execute(select(User).where(User.id == user_id).options(joinedload(User.authority))).scalar()
    if user is None or user.username.lower() != username.lower():
        raise AuthError("the access token's account no longer exists: log in again")
    if user.session_epoch != epoch:
        raise AuthError("the session has ended (logout or password change): log in again")
    return user
