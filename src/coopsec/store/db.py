"""Opening the store: SQLite by default (a WAL-mode file under the data folder), PostgreSQL by URL.

The schema is created and upgraded by the Alembic migrations shipped in the package, so a new data
folder and an old one are brought to the same schema the same way.

Writes are serialised, one writer at a time per database, because every write appends to the audit
chain, which reads the last entry and links to it: two writers at once would both link to the same
entry (a fork, or a duplicate key). A writer first takes a lock shared by the threads of this process
(so waiting costs no connection and no polling), then the database's own lock for other processes:
``BEGIN IMMEDIATE`` on SQLite (with ``busy_timeout``), a transaction-scoped advisory lock on
PostgreSQL. Readers take neither: WAL lets SQLite readers run beside the writer. Whatever cannot get
a connection or a lock within the timeout raises :class:`~coopsec.errors.StoreBusyError`, which the
API answers with 503 and ``Retry-After`` rather than a 500.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from sqlalchemy.orm import Session, sessionmaker

from coopsec.errors import StoreBusyError, StoreError

MIGRATIONS = Path(__file__).parent / "migrations"
#: The PostgreSQL advisory lock every coopsec writer takes (any constant works; this one spells "coopsec").
WRITER_LOCK_KEY = 0x636F6F70736563
#: Connections per process: anyio's default thread limiter (the threads FastAPI runs blocking code in).
DEFAULT_POOL_SIZE = 40
#: Seconds to wait for a connection or the writer lock before giving up with StoreBusyError.
DEFAULT_TIMEOUT = 10.0
#: PostgreSQL SQLSTATEs that mean "busy, try again", not "broken": lock or statement timeout, serialisation
#: failure, deadlock, too many connections.
_BUSY_SQLSTATES = frozenset({"55P03", "57014", "40001", "40P01", "53300"})
_WRITER_OPTION = "coopsec_writer"

_writer_locks: dict[str, threading.Lock] = {}
_writer_locks_guard = threading.Lock()


def _writer_lock(url: str) -> threading.Lock:
    """The lock the writers of this process share for the database at ``url`` (one per database, not per Store)."""
    with _writer_locks_guard:
        return _writer_locks.setdefault(url, threading.Lock())


def _is_busy(err: BaseException) -> bool:
    """Whether a database error means contention (retrying later helps) rather than a fault."""
    if isinstance(err, PoolTimeoutError):
        return True
    if not isinstance(err, DBAPIError):
        return False
    if getattr(err.orig, "sqlstate", None) in _BUSY_SQLSTATES:
        return True
    message = str(err.orig).lower()
    return isinstance(err, OperationalError) and ("database is locked" in message or "database is busy" in message)


def _busy(timeout: float, what: str) -> StoreBusyError:
    return StoreBusyError(
        f"the database is busy: {what} within {timeout:g} s; retry in a moment (if this persists, the service is "
        "overloaded: raise COOPSEC_DB_TIMEOUT or COOPSEC_DB_POOL_SIZE, or move to PostgreSQL)"
    )


class Store:
    """An engine, a session factory, the writer lock, and the migrations applied."""

    def __init__(self, engine: Engine, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.engine = engine
        self.timeout = timeout
        self.sessions = sessionmaker(engine, expire_on_commit=False)
        self._writer = _writer_lock(engine.url.render_as_string(hide_password=False))

    @contextmanager
    def session(self, *, write: bool = True) -> Iterator[Session]:
        """A session committed on success and rolled back on any error (nothing half-written).

        Args:
            write: ``True`` (the default, so that no write can slip past the lock) makes this session
                the one writer of the database until it ends; ``False`` is for sessions that only read,
                which then run beside the writer and every other reader. Keep write sessions short and
                free of slow work (password hashing, network calls): every other writer waits for them.

        Raises:
            StoreBusyError: when no connection or lock could be had within the timeout.

        """
        if write and not self._writer.acquire(timeout=self.timeout):
            raise _busy(self.timeout, "another write did not finish")
        try:
            session = self.sessions()
            try:
                if write:
                    self._begin_writer(session)
                yield session
                session.commit()
            except BaseException as err:
                session.rollback()
                if _is_busy(err):
                    raise _busy(self.timeout, "no connection or lock was free") from err
                raise
            finally:
                session.close()
        finally:
            if write:
                self._writer.release()

    def _begin_writer(self, session: Session) -> None:
        """Start the session's transaction as the database's one writer, across processes too."""
        if self.engine.dialect.name == "sqlite":
            session.connection(execution_options={_WRITER_OPTION: True})  # BEGIN IMMEDIATE, see _begin
        elif self.engine.dialect.name == "postgresql":
            session.execute(
                text("SELECT set_config('lock_timeout', :ms, true)"), {"ms": f"{int(self.timeout * 1000)}ms"}
            )
            session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITER_LOCK_KEY})

    def migrate(self) -> None:
        """Bring the schema to the latest migration (one process at a time, as a writer)."""
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with self._writer, self.engine.connect() as plain:
            connection = plain.execution_options(**{_WRITER_OPTION: True})
            with connection.begin():
                if self.engine.dialect.name == "postgresql":  # two workers starting at once migrate in turn
                    connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITER_LOCK_KEY})
                config.attributes["connection"] = connection
                command.upgrade(config, "head")


def _sqlite_connect(timeout: float) -> Any:
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # The driver's own transaction handling would BEGIN (deferred) on its own; coopsec emits BEGIN
        # itself (see _begin), so writers can start with BEGIN IMMEDIATE (SQLAlchemy's pysqlite recipe).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(timeout * 1000)}")
        cursor.close()

    return on_connect


def _begin(connection: Connection) -> None:
    """Begin a SQLite transaction: IMMEDIATE for writers, so the write lock is taken before the first read.

    A deferred transaction that reads and then writes cannot wait for the lock when another writer
    committed in between: SQLite fails it at once with "database is locked", whatever busy_timeout says.
    """
    writer = connection.get_execution_options().get(_WRITER_OPTION, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if writer else "BEGIN")


def open_store(url: str, *, pool_size: int = DEFAULT_POOL_SIZE, timeout: float = DEFAULT_TIMEOUT) -> Store:
    """Open (and migrate) the store at ``url``.

    Args:
        url: a SQLAlchemy URL (``sqlite:///PATH`` or ``postgresql://...``).
        pool_size: connections kept per process; match it to the threads that use them (FastAPI's
            thread pool), so a request never waits for a connection another thread is not using.
        timeout: seconds to wait for a connection or a lock before :class:`StoreBusyError`.

    Raises:
        StoreError: when the URL is invalid or the database unreachable, saying which.

    """
    if url.startswith(("postgresql://", "postgres://")):  # use psycopg 3, the driver coopsec ships with
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    memory = url in ("sqlite://", "sqlite:///:memory:")
    try:
        if url.startswith("sqlite:///") and not memory:
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        # A pre-ping guards against server restarts; a SQLite file needs none, and it costs a query.
        pool: dict[str, Any] = {} if memory else {"pool_size": pool_size, "max_overflow": 0, "pool_timeout": timeout}
        engine = create_engine(url, pool_pre_ping=not url.startswith("sqlite"), **pool)
    except (ArgumentError, ImportError, OSError) as err:
        raise StoreError(f"cannot open the database {url!r}: {err}; check COOPSEC_DATABASE_URL") from err
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_connect(timeout))
        event.listen(engine, "begin", _begin)
    store = Store(engine, timeout)
    try:
        store.migrate()
    except OperationalError as err:
        raise StoreError(
            f"cannot reach or migrate the database {url!r}: {err.orig}; check COOPSEC_DATABASE_URL"
        ) from err
    return store
