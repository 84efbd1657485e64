"""Setting a user's clearance: the highest TLP label they may read (administrators only).

A user without a clearance of their own reads with the highest default of their roles
(``exchange.yaml``). An administrator may set a label, or clear it back to the default; the change
is audited with the old and the new value, and applies to the user's next request.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from coopsec.errors import InputError
from coopsec.exchange.access import clearance_of, exchange_facts
from coopsec.store import audit
from coopsec.store.accounts import get_user

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from coopsec.kb import KnowledgeBase
    from coopsec.store.models import User


def clearance_dict(kb: KnowledgeBase, user: User) -> dict[str, Any]:
    """``{"username", "clearance" (own or null), "effective"}``."""
    return {"username": user.username, "clearance": user.clearance, "effective": clearance_of(kb, user)}


def set_clearance(session: Session, kb: KnowledgeBase, actor: str, username: str, label: str | None) -> User:
    """Give ``username`` the clearance ``label`` (a TLP label), or none (``None``: their roles' default).

    Raises:
        InputError: for a label that is not a TLP label of ``exchange.yaml``.
        UnknownCodeError: for an unknown user.

    """
    facts = exchange_facts(kb)
    wanted = label.strip().upper() if label is not None else None
    if wanted is not None and facts.rank(wanted) is None:
        raise InputError(f"clearance {label!r}: use one of {', '.join(facts.tlp)}, or default")
    user = get_user(session, username)
    old = user.clearance
    user.clearance = wanted
    session.flush()
    detail = {"from": old, "to": wanted, "effective": clearance_of(kb, user)}
    audit.append(session, actor, "user.clearance", f"user/{username}", detail)
    return user
