"""Benchmarks of the knowledge-base queries: cold starts of the CLI and warm in-process queries.

Run with ``make bench``. Speed is measured here, never asserted in tests.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
from collections.abc import Callable
from pathlib import Path

COMMANDS = [
    ["members", "NATO", "--on", "2024-03-07", "--json"],
    ["overlap", "EU", "NATO", "--on", "2021-06-01", "--json"],
    ["state", "FI", "--on", "2022-06-01", "--json"],
    ["rings", "--on", "1995-06-01", "--json"],
    ["timeline", "SE", "--json"],
]


def _cli(args: list[str], cache: str) -> float:
    env = {**os.environ, "COOPSEC_CACHE_DIR": cache}
    exe = Path(sys.executable).with_name("coopsec")
    start = time.perf_counter()
    subprocess.run([str(exe), *args], env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def cold_starts() -> None:
    """Each command as a new process: first with an empty cache, then with the cache built."""
    with tempfile.TemporaryDirectory() as cache:
        first = _cli(COMMANDS[0], cache)
        print(f"cold start, empty cache (validates and caches the data): {first * 1000:7.0f} ms")
        for args in COMMANDS:
            runs = [_cli(args, cache) for _ in range(5)]
            median = statistics.median(runs) * 1000
            print(f"cold start, cached  coopsec {' '.join(args[:-1]):38s} median {median:6.0f} ms")


def warm_queries() -> None:
    """Queries inside one process with the knowledge base loaded."""
    from coopsec.architecture import members, overlap, state_timeline
    from coopsec.kb import load_knowledge_base
    from coopsec.rings import classify
    from coopsec.rings.profile import state_report

    with tempfile.TemporaryDirectory() as cache:
        os.environ["COOPSEC_CACHE_DIR"] = cache
        kb = load_knowledge_base()
        day = dt.date(2024, 3, 7)
        cases: dict[str, Callable[[], object]] = {
            "members NATO": lambda: members(kb, "NATO", day),
            "overlap EU NATO": lambda: overlap(kb, "EU", "NATO", day),
            "state FI (report)": lambda: state_report(kb, "FI", day),
            "rings (all states)": lambda: classify(kb, day).to_dict(kb),
            "timeline SE": lambda: state_timeline(kb, "SE"),
        }
        for name, case in cases.items():
            number = 200
            seconds = min(timeit.repeat(case, number=number, repeat=3)) / number
            print(f"warm  {name:24s} {seconds * 1e6:10.1f} µs per query")


if __name__ == "__main__":
    cold_starts()
    warm_queries()
