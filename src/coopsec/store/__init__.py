"""Persistence of what users create (authorities, users, tokens, audit log); never the reference facts."""

from coopsec.store import audit
from coopsec.store.db import Store, StoreError, open_store

__all__ = ["Store", "StoreError", "audit", "open_store"]
