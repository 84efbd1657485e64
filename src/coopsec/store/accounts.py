"""Authorities, users, roles, passwords (argon2) and API tokens (stored hashed), with audit entries.

Every write goes through these functions so that it is validated, audited in the same transaction,
and either fully done or not at all.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from pwdlib import PasswordHash
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from coopsec.errors import AuthError, ConflictError, InputError, UnknownCodeError
from coopsec.store import audit
from coopsec.store.models import AGENCY_KINDS, ROLES, ApiToken, Authority, User, utcnow

_hasher = PasswordHash.recommended()
TOKEN_PREFIX = "cst_"


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


def add_user(
    session: Session, actor: str, username: str, password: str, state: str, agency: str, roles: list[str]
) -> UserView:
    """Create a user.

    Raises:
        InputError: for a taken username, a weak password, an unknown agency or role.

    """
    if not username or len(username) > 80 or not username.replace("-", "").replace("_", "").replace(".", "").isalnum():
        raise InputError(f"username {username!r}: use 1-80 letters, digits, '-', '_' or '.'")
    if len(password) < 12:
        raise InputError("the password is shorter than 12 characters: use a longer one")
    if session.execute(select(User).where(User.username == username)).scalar() is not None:
        raise ConflictError(f"username {username!r} is taken: choose another")
    user = User(
        username=username,
        password_hash=_hasher.hash(password),
        authority=authority(session, state, agency),
        roles=",".join(check_roles(roles)),
        disabled=False,
    )
    session.add(user)
    try:
        session.flush()
    except IntegrityError as err:
        raise ConflictError(f"username {username!r} is taken: choose another") from err
    detail = {"state": state, "agency": agency, "roles": roles, "password": audit.fingerprint(user.password_hash)}
    audit.append(session, actor, "user.add", username, detail)
    return view(user)


def get_user(session: Session, username: str) -> User:
    """A user by name."""
    user = session.execute(select(User).where(User.username == username).options(joinedload(User.authority))).scalar()
    if user is None:
        raise UnknownCodeError(f"no user {username!r}: `coopsec users list` shows the users")
    return user


def list_users(session: Session) -> list[UserView]:
    """Every user, by name."""
    return [view(u) for u in session.execute(select(User).order_by(User.username)).scalars()]


def disable_user(session: Session, actor: str, username: str) -> UserView:
    """Disable a user (their tokens stop working too)."""
    user = get_user(session, username)
    user.disabled = True
    audit.append(session, actor, "user.disable", username, {"disabled": True})
    return view(user)


def authenticate(session: Session, username: str, password: str) -> User:
    """The user with these credentials.

    Raises:
        AuthError: for unknown users, wrong passwords and disabled accounts alike (no hint which).

    """
    user = session.execute(select(User).where(User.username == username)).scalar()
    if user is None or not _hasher.verify(password, user.password_hash) or user.disabled:
        raise AuthError("wrong username or password, or the account is disabled")
    return user


def _token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(session: Session, actor: str, username: str, name: str) -> str:
    """Create a long-lived API token for ``username``; the secret is returned once and stored hashed."""
    user = get_user(session, username)
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=name, prefix=secret[:12], token_hash=_token_hash(secret))
    session.add(token)
    session.flush()
    detail = {
        "id": token.id,
        "user": username,
        "name": name,
        "prefix": token.prefix,
        "secret": audit.fingerprint(token.token_hash),
    }
    audit.append(session, actor, "token.create", f"{username}/{token.id}", detail)
    return secret


def revoke_token(session: Session, actor: str, token_id: int) -> None:
    """Revoke a token by its id."""
    token = session.get(ApiToken, token_id)
    if token is None or token.revoked_at is not None:
        raise InputError(f"no active token {token_id}: `coopsec tokens list` shows them")
    token.revoked_at = utcnow()
    audit.append(session, actor, "token.revoke", f"{token.user.username}/{token.id}", {"revoked": True})


def list_tokens(session: Session) -> list[dict[str, object]]:
    """Every token (never its secret)."""
    rows = session.execute(select(ApiToken).order_by(ApiToken.id)).scalars()
    return [
        {
            "id": t.id,
            "user": t.user.username,
            "name": t.name,
            "prefix": t.prefix,
            "created_at": t.created_at.isoformat(),
            "revoked": t.revoked_at is not None,
        }
        for t in rows
    ]


def user_for_token(session: Session, secret: str) -> User:
    """The user of an API token.

    Raises:
        AuthError: for unknown, revoked or disabled-user tokens.

    """
    query = (
        select(ApiToken)
        .where(ApiToken.prefix == secret[:12])
        .options(joinedload(ApiToken.user).joinedload(User.authority))
    )
    token = session.execute(query).scalars().all()
    match = next((t for t in token if secrets.compare_digest(t.token_hash, _token_hash(secret))), None)
    if match is None or match.revoked_at is not None or match.user.disabled:
        raise AuthError("the API token is unknown, revoked, or its user is disabled")
    return match.user
