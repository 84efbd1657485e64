"""Opening the store: SQLite by default (a WAL-mode file under the data folder), PostgreSQL by URL.

The schema is created and upgraded by the Alembic migrations shipped in the package, so a new data
folder and an old one are brought to the same schema the same way.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from coopsec.errors import StoreError

MIGRATIONS = Path(__file__).parent / "migrations"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


class Store:
    """An engine, a session factory, and the migrations applied."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.sessions = sessionmaker(engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session committed on success and rolled back on any error (nothing half-written)."""
        session = self.sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def migrate(self) -> None:
        """Bring the schema to the latest migration."""
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with self.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")


def open_store(url: str) -> Store:
    """Open (and migrate) the store at ``url``.

    Raises:
        StoreError: when the URL is invalid or the database unreachable, saying which.

    """
    if url.startswith(("postgresql://", "postgres://")):  # use psycopg 3, the driver coopsec ships with
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    try:
        if url.startswith("sqlite:///"):
            path = Path(url.removeprefix("sqlite:///"))
            if str(path) != ":memory:":
                path.parent.mkdir(parents=True, exist_ok=True)
        # A pre-ping guards against server restarts; a SQLite file needs none, and it costs a query.
        engine = create_engine(url, pool_pre_ping=not url.startswith("sqlite"))
    except (ArgumentError, ImportError, OSError) as err:
        raise StoreError(f"cannot open the database {url!r}: {err}; check COOPSEC_DATABASE_URL") from err
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    store = Store(engine)
    try:
        store.migrate()
    except OperationalError as err:
        raise StoreError(
            f"cannot reach or migrate the database {url!r}: {err.orig}; check COOPSEC_DATABASE_URL"
        ) from err
    return store
