"""Privacy-preserving linkage side by side: coopsec against anonlink + clkhash (issue 13), ``make bench``.

Makes its own environment ``.venv-linkage-bench`` for anonlink, clkhash and recordlinkage (from
``bench/linkage-requirements.txt``; clkhash pins old cryptography and bitarray), then on the same data
in the same run: FEBRL4 (5,000 x 5,000, ``recordlinkage.datasets.load_febrl4``) and the seeded
synthetic set of ``coopsec.linkage.synthetic`` (100,000 x 100,000; ``--size`` to change). Each tool runs
in a process of its own (``bench/linkage_anonlink.py``, ``bench/linkage_coopsec.py``), timed end to end
(encode + block + match + assign) with its peak memory. Scoring is done here from the record ids:

* one-to-one: the tool's greedy assignment (anonlink at Dice 0.8 as in its tutorial; coopsec at its
  threshold calibrated for 0.1 expected false hits per query);
* threshold-only: every candidate pair above a threshold is a hit; the best F1 over thresholds (step
  0.005) and where, plus coopsec's F1 at its threshold calibrated for 0.01 false hits per query.

    python -m bench.bench_linkage [--size 100000] [--skip-large] [--workdir var/bench-linkage]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv-linkage-bench"
REQUIREMENTS = ROOT / "bench" / "linkage-requirements.txt"
ANONLINK_FLOOR = 0.75
ANONLINK_SOLVE = 0.8
COOPSEC_FLOOR = 0.5
#: Seconds a tool may take on one pair of lists (a crashed clkhash worker pool hangs instead of failing).
TIMEOUT = 1800


def bench_python() -> Path:
    """The benchmark environment's python, made or refreshed when the requirements changed."""
    python = VENV / "bin" / "python"
    stamp = VENV / ".requirements-sha256"
    wanted = hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()
    if not python.exists() or not stamp.exists() or stamp.read_text() != wanted:
        print(f"making {VENV.name} (anonlink, clkhash, recordlinkage)", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", str(REQUIREMENTS)],
            check=True,
        )
        stamp.write_text(wanted)
    return python


@dataclass(frozen=True)
class Row:
    """One line of the table."""

    data: str
    tool: str
    stats: dict[str, float]
    one: tuple[float, float, float]
    best: tuple[float, float, float, float]
    at_calibrated: float | None


def prf(found: int, true: int, truth: int) -> tuple[float, float, float]:
    """Precision, recall and F1 from counts."""
    precision = true / found if found else 0.0
    recall = true / truth if truth else 0.0
    return precision, recall, (2 * precision * recall / (precision + recall) if precision + recall else 0.0)


def entities(ids: npt.NDArray[np.str_]) -> npt.NDArray[np.int64]:
    """The person behind each FEBRL-style record id (``rec-12-org``, ``rec-12-dup-0``)."""
    return np.array([int(str(i).split("-")[1]) for i in ids], dtype=np.int64)


def score(path: Path, stats: dict[str, float], data: str, tool: str) -> Row:
    """Both scorings of one tool's output."""
    out = np.load(path)
    ea, eb = entities(out["ids_a"]), entities(out["ids_b"])
    truth = len(np.intersect1d(ea, eb))
    one_true = int((ea[out["one_a"]] == eb[out["one_b"]]).sum())
    one = prf(len(out["one_a"]), one_true, truth)
    sims, hit = out["sims"], ea[out["ia"]] == eb[out["ib"]]
    order = np.argsort(-sims, kind="stable")
    sims_sorted, cum_true = sims[order], np.cumsum(hit[order])
    best = (0.0, 0.0, 0.0, 0.0)
    for t in np.arange(round(float(sims.min()), 2) if len(sims) else 1.0, 1.0, 0.005):
        found = int(np.searchsorted(-sims_sorted, -t, side="right"))
        p, r, f = prf(found, int(cum_true[found - 1]) if found else 0, truth)
        if f > best[2]:
            best = (p, r, f, float(t))
    at = None
    if "calibrated_threshold" in stats:
        found = int(np.searchsorted(-sims_sorted, -stats["calibrated_threshold"], side="right"))
        at = prf(found, int(cum_true[found - 1]) if found else 0, truth)[2]
    return Row(data, tool, stats, one, best, at)


def run_pair(python: Path, work: Path, data: str, a: Path, b: Path) -> list[Row]:
    """Both tools on one pair of lists."""
    rows = []
    slug = "".join(ch if ch.isalnum() else "-" for ch in data.split(" (", maxsplit=1)[0].lower())
    an_out, co_out = work / f"{slug}-anonlink.npz", work / f"{slug}-coopsec.npz"
    cmd = [str(python), str(ROOT / "bench" / "linkage_anonlink.py"), "run", str(a), str(b), str(an_out)]
    cmd += ["--floor", str(ANONLINK_FLOOR), "--solve", str(ANONLINK_SOLVE)]
    stats = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=TIMEOUT).stdout)
    rows.append(score(an_out, stats, data, "anonlink 0.15 + clkhash 0.18"))
    cmd = [sys.executable, "-m", "bench.linkage_coopsec", str(a), str(b), str(co_out), "--floor", str(COOPSEC_FLOOR)]
    stats = json.loads(
        subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=ROOT, timeout=TIMEOUT).stdout
    )
    rows.append(score(co_out, stats, data, "coopsec"))
    return rows


def table(rows: list[Row]) -> str:
    """The Markdown table."""
    lines = [
        "| data | tool | 1:1 threshold | 1:1 precision | 1:1 recall | **1:1 F1** | best threshold-only F1 (P / R) "
        "at | threshold-only F1 at calibrated threshold | time end to end (encode / match / assign) | peak memory |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        s = r.stats
        calibrated = "n/a" if r.at_calibrated is None else f"{r.at_calibrated:.4f} at {s['calibrated_threshold']:.3f}"
        lines.append(
            f"| {r.data} | {r.tool} | {s['threshold']:.3f} | {r.one[0]:.4f} | {r.one[1]:.4f} | **{r.one[2]:.4f}** | "
            f"**{r.best[2]:.4f}** ({r.best[0]:.3f} / {r.best[1]:.3f}) at {r.best[3]:.3f} | {calibrated} | "
            f"{s['seconds']:.1f} s ({s['encode']:.1f} / {s['compare']:.1f} / {s['solve']:.1f}) | "
            f"{s['peak_mb']:.0f} MB |"
        )
    return "\n".join(lines)


def main() -> None:
    """Make the environment and the data, run both tools, print the table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=100_000, help="records per list of the synthetic set")
    parser.add_argument("--skip-large", action="store_true", help="FEBRL4 only")
    parser.add_argument("--workdir", type=Path, default=ROOT / "var" / "bench-linkage")
    args = parser.parse_args()
    from coopsec.linkage.synthetic import generate, write_csv

    python = bench_python()
    work = args.workdir
    work.mkdir(parents=True, exist_ok=True)
    subprocess.run([str(python), str(ROOT / "bench" / "linkage_anonlink.py"), "febrl4", str(work)], check=True)
    rows = run_pair(python, work, "FEBRL4 5k x 5k", work / "febrl4_a.csv", work / "febrl4_b.csv")
    if not args.skip_large:
        a, b = generate(args.size, seed=13)
        write_csv(a, work / "synthetic_a.csv")
        write_csv(b, work / "synthetic_b.csv")
        label = f"synthetic {args.size // 1000}k x {args.size // 1000}k (seed 13)"
        rows += run_pair(python, work, label, work / "synthetic_a.csv", work / "synthetic_b.csv")
    with open("/proc/loadavg", encoding="ascii") as handle:
        load = handle.read().split()[:3]
    print(table(rows))
    print(f"\nrun {time.strftime('%Y-%m-%d %H:%M')} UTC, load average {' / '.join(load)} (1 / 5 / 15 min)")


if __name__ == "__main__":
    main()
