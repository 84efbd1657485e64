"""Starting the service: settings checked, store migrated, a first administrator created once."""

from __future__ import annotations

import secrets

from sqlalchemy import func, select

from coopsec.settings import Settings
from coopsec.store import Store, open_store
from coopsec.store.accounts import add_user
from coopsec.store.models import User

FIRST_ADMIN = "admin"


def bootstrap(settings: Settings) -> tuple[Store, str | None]:
    """Open the store and, when it has no user yet, create the first administrator.

    Returns:
        The store, and the administrator's one-time password when one was just created (it is
        stored only as an argon2 hash, so it can be shown this once).

    """
    settings.check_safe()
    store = open_store(settings.database_url, pool_size=settings.db_pool_size, timeout=settings.db_timeout)
    with store.session() as session:
        if session.execute(select(func.count()).select_from(User)).scalar_one() > 0:
            return store, None
        password = secrets.token_urlsafe(18)
        add_user(session, "system", FIRST_ADMIN, password, "BE", "foreign-affairs", ["administrator"])
    return store, password
