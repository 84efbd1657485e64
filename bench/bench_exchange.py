"""Benchmark of the exchange (issue 12): list and search latency over many shared records.

Fills a fresh store with ``--records`` records (default 1,000,000) generated fast (``executemany``
on SQLite with the full-text index rebuilt once at the end; ``COPY`` on PostgreSQL with the indexes
rebuilt after), then times, for an analyst of a ring-1 state (TR: collective-security and partners
rings, clearance AMBER+STRICT), the first page of the list (newest first, 50), a deep page (offset
10,000), a one-word search, a two-word search, and an oldest-first cursor page (TAXII). Each query
runs through ``list_visible`` with its audit entry, as the API does. Prints p50 and p95.

    .venv/bin/python -m bench.bench_exchange [--records N] [--db sqlite|postgresql] [--runs 40]

PostgreSQL needs ``COOPSEC_TEST_POSTGRES_URL`` (``scripts/with-postgres .venv/bin/python -m
bench.bench_exchange --db postgresql``). Not part of the tests: speed is measured, never asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

STATES = [
    "FR",
    "DE",
    "IT",
    "ES",
    "NL",
    "BE",
    "PL",
    "SE",
    "FI",
    "AT",
    "PT",
    "GR",
    "CZ",
    "HU",
    "TR",
    "UA",
    "MD",
    "NO",
    "GB",
    "US",
    "CA",
    "RS",
    "CH",
    "GE",
    "RO",
    "BG",
    "HR",
    "SI",
    "SK",
    "LT",
    "LV",
    "EE",
    "DK",
    "IE",
]
AGENCIES = ["police", "financial-intelligence-unit", "defence"]
START = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
TLPS = ["CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"]
RINGS = ["core", "collective-security", "partners"]
COLUMNS = ("id", "originator", "origin_state", "origin_agency", "created_at", "changed_at", "title", "body", "entities",
           "entities_text", "scope", "ring", "handling", "handling_note", "tlp", "evaluation", "version")  # fmt: skip


def _vocabulary(rng: random.Random) -> list[str]:
    syllables = ["ka", "lo", "mi", "ne", "ru", "ta", "vo", "zi", "pe", "sa", "do", "fu"]
    return sorted({"".join(rng.choice(syllables) for _ in range(3)) for _ in range(6000)})


def _rows(n: int, seed: int = 7) -> Iterator[tuple[Any, ...]]:
    """``n`` records with some variety (scopes, rings, labels, words), as tuples in COLUMNS order."""
    rng = random.Random(seed)
    words = _vocabulary(rng)
    for i in range(n):
        state, agency = rng.choice(STATES), rng.choice(AGENCIES)
        roll = rng.random()
        scope = "ring" if roll < 0.5 else "members" if roll < 0.7 else "authorities" if roll < 0.9 else "authority"
        tlp = rng.choice(TLPS[:4]) if scope in ("ring", "members") else rng.choice(TLPS)
        body = " ".join(rng.choice(words) for _ in range(30))
        value = f"+{rng.randrange(10**9, 10**10)}"
        created = (START + dt.timedelta(milliseconds=31 * i)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        entities = json.dumps([{"kind": "phone", "value": value, "attributes": {}}])
        ring = rng.choice(RINGS) if scope == "ring" else None
        evaluation = rng.choice("ABCX") + rng.choice("1234")
        uid = str(uuid.UUID(int=rng.getrandbits(128)))
        title = f"Record {i} {rng.choice(words)}"
        handling = rng.choice(["H0", "H1", "H2"])
        yield (uid, "bench", state, agency, created, created, title, body, entities, value, scope, ring, handling,
               None, tlp, evaluation, 1)  # fmt: skip


def _recipients(n: int, seed: int = 8) -> Iterator[tuple[int, str]]:
    rng = random.Random(seed)
    for pk in range(1, n + 1):
        if rng.random() < 0.2:
            for authority in {f"{rng.choice(STATES)}/{rng.choice(AGENCIES)}" for _ in range(rng.randint(1, 3))}:
                yield pk, authority


def _fill_sqlite(url: str, n: int) -> None:
    import sqlite3

    con = sqlite3.connect(url.removeprefix("sqlite:///"))
    con.execute("PRAGMA synchronous=OFF")
    con.execute("DROP TRIGGER exchange_records_ai")
    marks = ",".join("?" * len(COLUMNS))
    con.executemany(f"INSERT INTO exchange_records ({','.join(COLUMNS)}) VALUES ({marks})", _rows(n))
    con.executemany("INSERT INTO exchange_recipients (record_pk, authority) VALUES (?, ?)", _recipients(n))
    con.execute("INSERT INTO exchange_records_fts(exchange_records_fts) VALUES ('rebuild')")
    con.execute(
        "CREATE TRIGGER exchange_records_ai AFTER INSERT ON exchange_records BEGIN "
        "INSERT INTO exchange_records_fts(rowid, title, body, entities_text) "
        "VALUES (new.pk, new.title, new.body, new.entities_text); END"
    )
    con.commit()
    con.execute("ANALYZE")
    con.close()


def _fill_postgres(url: str, n: int) -> None:
    import psycopg

    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as con:
        con.execute("DROP INDEX ix_exchange_records_search")
        with con.cursor().copy(f"COPY exchange_records ({','.join(COLUMNS)}) FROM STDIN") as copy:
            for row in _rows(n):
                copy.write_row(row)
        with con.cursor().copy("COPY exchange_recipients (record_pk, authority) FROM STDIN") as copy:
            for row in _recipients(n):
                copy.write_row(row)
        con.execute("CREATE INDEX ix_exchange_records_search ON exchange_records USING GIN (search)")
        con.execute("ANALYZE")


def _time(runs: int, action: Callable[[], Any]) -> tuple[float, float]:
    action()  # warm
    took = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        took.append((time.perf_counter() - start) * 1000)
    took.sort()
    return statistics.median(took), took[max(0, int(len(took) * 0.95) - 1)]


def main() -> None:
    """Fill, then time list and search for a ring-1 reader."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()

    from coopsec.exchange.records import audited, list_visible
    from coopsec.kb import load_knowledge_base
    from coopsec.store import open_store
    from coopsec.store.models import Authority, User

    kb = load_knowledge_base()
    with tempfile.TemporaryDirectory() as tmp:
        if args.db == "sqlite":
            url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        else:
            server = os.environ.get("COOPSEC_TEST_POSTGRES_URL")
            if not server:
                raise SystemExit("set COOPSEC_TEST_POSTGRES_URL (run through scripts/with-postgres)")
            import psycopg

            name = f"coopsec_bench_{uuid.uuid4().hex[:8]}"
            with psycopg.connect(server, autocommit=True) as admin:
                admin.execute(f'CREATE DATABASE "{name}"')
            url = f"{server.rsplit('/', 1)[0]}/{name}"
        store = open_store(url)
        start = time.perf_counter()
        (_fill_sqlite if args.db == "sqlite" else _fill_postgres)(
            store.engine.url.render_as_string(False), args.records
        )
        print(f"{args.db}: {args.records:,} records generated and indexed in {time.perf_counter() - start:.1f} s")
        reader = User(username="bench-tr", roles="analyst", authority=Authority(state="TR", agency="police", name="x"))
        first = audited(store, lambda s: list_visible(s, kb, reader, limit=1))
        seen = f"{first.total:,}" + ("" if first.exact else "+ (counted up to the limit)")
        print(f"reader TR/police analyst (rings collective-security, partners; AMBER+STRICT): {seen} visible")
        words = _vocabulary(random.Random(7))
        word, other = words[100], words[200]
        cases: dict[str, Callable[[Any], Any]] = {
            "list, first page (50, newest first)": lambda s: list_visible(s, kb, reader),
            "list, page at offset 10,000": lambda s: list_visible(s, kb, reader, offset=10_000),
            f"search one word ({word!r})": lambda s: list_visible(s, kb, reader, q=word),
            f"search two words ({word!r} + {other!r})": lambda s: list_visible(s, kb, reader, q=f"{word} {other}"),
            "oldest first, cursor page (TAXII)": lambda s: list_visible(s, kb, reader, order="oldest", limit=100),
        }
        for label, case in cases.items():
            p50, p95 = _time(args.runs, lambda case=case: audited(store, case))  # type: ignore[misc]
            print(f"  {label:48s} p50 {p50:8.1f} ms   p95 {p95:8.1f} ms")
        store.engine.dispose()


if __name__ == "__main__":
    main()
