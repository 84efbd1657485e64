"""The coopsec side of ``bench/bench_linkage.py``, in its own process so its peak memory is its own.

    python -m bench.linkage_coopsec A.csv B.csv OUT.npz --floor 0.5

Times encoding both lists (persons schema), calibrating the thresholds (one-to-one at 0.1 expected
false hits per query, threshold-only at 0.01), LSH blocking and Dice at ``--floor`` (low, so the
benchmark can sweep thresholds), and the greedy one-to-one assignment; writes the pairs, the time
and the peak memory.
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import sys
import time
from pathlib import Path

import numpy as np

from coopsec.linkage import calibrate, candidate_pairs, encode, load_schema, select

ONE_TO_ONE_FALSE_HITS = 0.1
THRESHOLD_FALSE_HITS = 0.01


def run(path_a: Path, path_b: Path, out: Path, floor: float) -> dict[str, float]:
    """Match the two CSV files end to end and save the pairs."""
    rows = [list(csv.DictReader(p.open(encoding="utf-8", newline=""))) for p in (path_a, path_b)]
    schema = load_schema("persons")
    secret = b"bench secret shared by both parties"
    start = time.perf_counter()
    a, b = encode(rows[0], schema, secret), encode(rows[1], schema, secret)
    encoded = time.perf_counter()
    one_t = calibrate(a, b, ONE_TO_ONE_FALSE_HITS).threshold
    thr_t = calibrate(a, b, THRESHOLD_FALSE_HITS).threshold
    pairs = candidate_pairs(a, b, min(floor, one_t, thr_t))
    compared = time.perf_counter()
    one = select(pairs.take(np.nonzero(pairs.sims >= one_t)[0]), "one-to-one")
    done = time.perf_counter()
    np.savez(
        out,
        ia=pairs.ia,
        ib=pairs.ib,
        sims=pairs.sims,
        one_a=one.ia,
        one_b=one.ib,
        ids_a=np.array(a.ids),
        ids_b=np.array(b.ids),
    )
    return {
        "seconds": done - start,
        "encode": encoded - start,
        "compare": compared - encoded,
        "solve": done - compared,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "threshold": one_t,
        "calibrated_threshold": thr_t,
        "candidates": float(len(pairs)),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("a", type=Path)
    parser.add_argument("b", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--floor", type=float, default=0.5)
    args = parser.parse_args()
    json.dump(run(args.a, args.b, args.out, args.floor), sys.stdout)


if __name__ == "__main__":
    main()
