"""Who may process PNR data: the staff of a Passenger Information Unit (Art. 4 of Directive (EU) 2016/681).

Reading the review queue and the retention status needs a user of a ``passenger-information-unit``
authority; screening, ingesting, deciding, flagging and disclosing also need a role that writes
(analyst, liaison officer or administrator). The API, the dashboard and ``coopsec pnr --as`` use this.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coopsec.errors import ForbiddenError

if TYPE_CHECKING:
    from coopsec.store.models import User

PIU = "passenger-information-unit"
WRITERS = frozenset({"analyst", "liaison-officer", "administrator"})


def is_piu(user: User) -> bool:
    """Whether the user belongs to a Passenger Information Unit."""
    return bool(user.authority.agency == PIU)


def require_piu(user: User, *, write: bool = False) -> str:
    """The user's name, if they may read (or, with ``write``, change) PNR data.

    Raises:
        ForbiddenError: naming what is missing.

    """
    if not is_piu(user):
        raise ForbiddenError(
            "PNR data are processed only by a Passenger Information Unit (Art. 4 of Directive (EU) 2016/681): "
            f"{user.username} belongs to {user.authority.state}/{user.authority.agency}"
        )
    if write and not WRITERS & set(user.role_list):
        raise ForbiddenError(f"{user.username} may only read PNR data: screening and decisions need an analyst role")
    return str(user.username)
