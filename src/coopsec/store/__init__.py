"""Persistence of what users create (authorities, users, tokens, audit log); never the reference facts."""

from coopsec.errors import StoreError
from coopsec.store import audit
from coopsec.store.db import Store, open_store

__all__ = ["Store", "StoreError", "audit", "open_store"]
