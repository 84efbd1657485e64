"""Benchmarks of the obligation engine: batch throughput and single-assessment latency.

Run with ``make bench``. Two generated batches of 100,000 events are assessed with the knowledge
base loaded: a *realistic* mix (mostly recent dates, metropolitan territories, a few usual
perpetrators) and a *uniform* worst case (any date since 1949, any territory, kind and
perpetrator). Each figure counts complete results: every mechanism with its reasons, obligated
parties and trace. Speed is measured here, never asserted in tests.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from coopsec.kb import KnowledgeBase, load_knowledge_base
from coopsec.obligations import KINDS, Assessor, Event, make_event

N = 100_000
TODAY = dt.date(2026, 11, 25)
USUAL_SUSPECTS = ["RU", "BY", "SY", "IR", "KP", "CN", "LY", "RS", "TR", "AZ", "AM"]
DEPLOYMENTS = ["forces:AF", "forces:ML", "forces:XK", "forces:EE", "forces:LT", "forces:PL", "forces:RO", "forces:DE"]
KIND_WEIGHTS = [20, 20, 15, 10, 15, 10, 10]


def _exists(kb: KnowledgeBase, code: str, day: dt.date) -> bool:
    state = kb.states[code]
    return (state.start is None or state.start <= day) and (state.end is None or day < state.end)


def generate(kb: KnowledgeBase, n: int, seed: int, realistic: bool) -> list[Event]:
    """``n`` valid events drawn with a fixed seed."""
    assert kb.places is not None
    rng = random.Random(seed)
    territories = sorted(kb.places.territories.values(), key=lambda t: t.code)
    metropolitan = [t for t in territories if t.metropolitan]
    overseas = [t for t in territories if not t.metropolitan]
    seas = sorted(kb.places.seas)
    states = sorted(c for c in kb.states if not kb.states[c].historic)
    events: list[Event] = []
    while len(events) < n:
        if realistic:
            low = dt.date(1990, 1, 1) if rng.random() < 0.8 else dt.date(1949, 1, 1)
            high = TODAY if low.year == 1990 else dt.date(1989, 12, 31)
            roll = rng.random()
            territory = rng.choice(metropolitan if roll < 0.7 else overseas if roll < 0.9 else territories)
            kind = rng.choices(KINDS, KIND_WEIGHTS)[0]
            by = rng.choice(["non-state", "unknown"]) if rng.random() < 0.7 else rng.choice(USUAL_SUSPECTS)
        else:
            low, high = dt.date(1949, 1, 1), TODAY
            territory = rng.choice(territories)
            kind = rng.choice(KINDS)
            by = rng.choice(["non-state", "unknown", rng.choice(states)])
        day = dt.date.fromordinal(rng.randint(low.toordinal(), high.toordinal()))
        victim = territory.sovereign
        if not _exists(kb, victim, day) or by == victim:
            continue
        at = territory.code
        if rng.random() < 0.1:
            abroad = DEPLOYMENTS if realistic else [f"forces:{t.code}" for t in territories]
            at = rng.choice(seas) if rng.random() < 0.5 else rng.choice(abroad)
        events.append(make_event(kb, kind, victim, by, at, day))
    return events


def throughput(kb: KnowledgeBase, events: list[Event]) -> float:
    """Assessments per second for a fresh assessor (memo empty), over the whole batch."""
    assessor = Assessor(kb)
    start = time.perf_counter()
    for _ in assessor.assess_many(events):
        pass
    return len(events) / (time.perf_counter() - start)


def warm_throughput(kb: KnowledgeBase, events: list[Event]) -> float:
    """Assessments per second for the same batch assessed a second time (memo warm)."""
    assessor = Assessor(kb)
    for _ in assessor.assess_many(events):
        pass
    start = time.perf_counter()
    for _ in assessor.assess_many(events):
        pass
    return len(events) / (time.perf_counter() - start)


def latency(kb: KnowledgeBase, events: list[Event]) -> tuple[float, float]:
    """Median and 99th percentile of one assessment, in microseconds, on a warm assessor."""
    assessor = Assessor(kb)
    for event in events[:20_000]:
        assessor.assess(event)
    samples = []
    for event in events[20_000:30_000]:
        start = time.perf_counter()
        assessor.assess(event)
        samples.append((time.perf_counter() - start) * 1e6)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.99)]


def cold_cli() -> float:
    """One ``coopsec assess`` in a new process (knowledge base cache built), in seconds."""
    exe = Path(sys.executable).with_name("coopsec")
    args = [str(exe), "assess", "armed-attack", "--victim", "FI", "--by", "RU", "--on", "2022-06-01", "--json"]
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "COOPSEC_CACHE_DIR": cache}
        subprocess.run(args, env=env, check=True, stdout=subprocess.DEVNULL)
        runs = []
        for _ in range(5):
            start = time.perf_counter()
            subprocess.run(args, env=env, check=True, stdout=subprocess.DEVNULL)
            runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> None:
    """Print the figures."""
    with tempfile.TemporaryDirectory() as cache:
        os.environ["COOPSEC_CACHE_DIR"] = cache
        kb = load_knowledge_base()
        for label, realistic in (("realistic mix", True), ("uniform worst case", False)):
            events = generate(kb, N, seed=2026, realistic=realistic)
            rates = [throughput(kb, events) for _ in range(3)]
            warm = warm_throughput(kb, events)
            median, p99 = latency(kb, events)
            print(
                f"{label:20s} {N} events: {statistics.median(rates):8.0f} assessments/s first pass "
                f"(best {max(rates):.0f}), {warm:.0f}/s on a second pass; "
                f"single assessment median {median:.0f} µs, p99 {p99:.0f} µs"
            )
    print(f"single `coopsec assess` from a cold process: {cold_cli() * 1000:.0f} ms")


if __name__ == "__main__":
    main()
