"""Benchmarks of ``coopsec assess --batch`` from a cold process, and of the assessor's memory.

Run with ``make bench``. The realistic mix of ``bench_obligations.py`` (100,000 and 300,000 varied
events, fixed seed) is written as CSV to a temporary folder; each figure is one run of

    coopsec assess --batch events.csv [--detail full | --format csv] > out

as a new process (the knowledge base cache built beforehand, as after ``make setup``), timed from
start to exit, with the size of its output and its peak memory (``ru_maxrss`` of that process,
from ``os.wait4``): the same for 100,000 and 300,000 events shows that a batch is streamed. Then the
memory the in-process assessor holds after 100,000 varied events (``tracemalloc``). Speed is
measured here, never asserted in tests.
"""

from __future__ import annotations

import gc
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from coopsec.kb import KnowledgeBase, load_knowledge_base
from coopsec.obligations import Assessor, Event

if __package__ in (None, ""):  # run as a script (make bench): the repository root makes ``bench`` a package
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.bench_obligations import generate  # the event generator of the engine benchmark

# BENCH_BATCH_SIZES=100000,1000000 measures other sizes.
SIZES = tuple(int(n) for n in os.environ.get("BENCH_BATCH_SIZES", "100000,300000").split(","))
RUNS = 2  # runs of each figure at 100,000 events (the machine varies by about ±30%)
OUTPUTS = {
    "summary JSON Lines": [],
    "full JSON Lines": ["--detail", "full"],
    "CSV": ["--format", "csv"],
}
TARGETS = {"summary JSON Lines": 20_000, "full JSON Lines": 5_000}


def write_csv(events: list[Event], path: Path) -> None:
    """The events as a batch file with every column."""
    with path.open("w", encoding="utf-8") as handle:
        handle.write("kind,victim,by,at,date,scale\n")
        for e in events:
            handle.write(f"{e.kind},{e.victim},{e.by or ''},{e.place.code},{e.date.isoformat()},{e.scale or ''}\n")


def cold_batch(args: list[str], batch: Path, out: Path, env: dict[str, str]) -> tuple[float, int]:
    """Seconds from start to exit of one ``coopsec assess --batch``, and its peak RSS in bytes."""
    exe = Path(sys.executable).with_name("coopsec")
    with out.open("wb") as sink:
        start = time.perf_counter()
        process = subprocess.Popen([str(exe), "assess", "--batch", str(batch), *args], stdout=sink, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"coopsec assess --batch {' '.join(args)} exited with {process.returncode}")
    return seconds, usage.ru_maxrss * 1024  # kilobytes on Linux


def assessor_memory(kb: KnowledgeBase, events: list[Event]) -> int:
    """Bytes the assessor holds (its memo) after assessing ``events``, results dropped."""
    gc.collect()
    tracemalloc.start()
    assessor = Assessor(kb)
    for _ in assessor.assess_many(events):
        pass
    gc.collect()
    held, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del assessor
    return held


def main() -> None:
    """Print the figures."""
    with tempfile.TemporaryDirectory() as cache, tempfile.TemporaryDirectory() as work:
        env = {**os.environ, "COOPSEC_CACHE_DIR": cache}
        os.environ["COOPSEC_CACHE_DIR"] = cache
        kb = load_knowledge_base()  # builds the cache the subprocesses read
        folder = Path(work)
        for size in SIZES:
            events = generate(kb, size, seed=2026, realistic=True)
            batch = folder / f"events-{size}.csv"
            write_csv(events, batch)
            del events
            for label, args in OUTPUTS.items():
                out = folder / "out"
                runs = [cold_batch(args, batch, out, env) for _ in range(RUNS if size == SIZES[0] else 1)]
                rates = [size / seconds for seconds, _ in runs]
                rss = max(peak for _, peak in runs)
                per_line = out.stat().st_size / size
                target = TARGETS.get(label)
                verdict = f" (target {target:,}/s: {'met' if min(rates) >= target else 'NOT met'})" if target else ""
                print(
                    f"batch {size:,} events, cold process, CSV in, {label:18s} out: "
                    f"{statistics.median(rates):7,.0f} events/s (runs {', '.join(f'{r:,.0f}' for r in rates)})"
                    f"{verdict}; {per_line:,.0f} bytes a line; peak RSS {rss / 2**20:,.0f} MB"
                )
                out.unlink()
        events = generate(kb, SIZES[0], seed=2026, realistic=True)
        held = assessor_memory(kb, events)
        print(f"in-process assessor after {len(events):,} varied events: {held / 2**20:,.0f} MB held (tracemalloc)")


if __name__ == "__main__":
    main()
