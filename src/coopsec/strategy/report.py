"""The Markdown report of a comparison (``coopsec strategy simulate ... --report DIR``).

The folder gets ``report.md`` (per strategy: cost, the outcomes' p5/p50/p95, what it leaves
uncovered, its ends, ways and means; then the sensitivity and every assumption), ``result.json``
(the ``--json`` body), ``runs.csv`` (the outcomes of every run) and the figures as PNG and SVG.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from coopsec.strategy.compare import Comparison
from coopsec.strategy.plots import render
from coopsec.strategy.simulate import OUTCOMES


def _num(x: float | None) -> str:
    return "n/a" if x is None else f"{x:,.1f}"


def _strategy(s: dict[str, Any]) -> list[str]:
    lines = [f"## {s['name']}: {s['title']}", "", f"![Outcomes of {s['name']}]({s['name']}.svg)", ""]
    lines += [f"Cost: **{s['cost_per_year']:,.0f}** million euros a year (the register's unit costs).", ""]
    lines += ["| outcome | p5 | p50 | p95 | mean |", "|---|---:|---:|---:|---:|"]
    for key in OUTCOMES:
        o = s["outcomes"][key]
        lines.append(f"| {key} | {_num(o['p5'])} | {_num(o['p50'])} | {_num(o['p95'])} | {_num(o['mean'])} |")
    gaps = [c for c in s["uncovered"] if c["unmet_per_year"] > 0][:5]
    lines += ["", "What it leaves uncovered (mean unmet units a year, largest first):", ""]
    lines += [
        f"- {c['flank']} / {c['instrument']}: {c['unmet_per_year']:.2f} of {c['demand_per_year']:.2f} "
        f"({c['unmet_share']:.0%})"
        for c in gaps
    ] or ["- nothing: every request with a legal basis is met in every run"]
    lines += ["", "Ends:", ""] + [f"- {e}" for e in s["ends"]]
    lines += ["", "Ways:", ""] + [f"- {w['instrument']}: {w['line']}" for w in s["ways"]]
    means = "; ".join(f"{f}: " + ", ".join(f"{i} {u:g}" for i, u in row.items() if u) for f, row in s["means"].items())
    reserve = ", ".join(f"{i} {u:g}" for i, u in s["reserve"].items() if u) or "none"
    lines += ["", f"Means (units): {means}; reserve: {reserve}.", ""]
    return lines


def markdown(payload: dict[str, Any]) -> str:
    """The report's text."""
    names = ", ".join(s["name"] for s in payload["strategies"])
    lines = [
        f"# Strategy comparison: {names}",
        "",
        f"{payload['runs']} runs of {payload['years']} years, seed {payload['seed']}, flanks as on {payload['on']} "
        f"(register {payload['risk_register']['file']}). Every strategy meets the same incidents.",
        "",
        "Outcomes:",
        "",
    ]
    lines += [f"- `{k}`: {v}" for k, v in payload["outcome_words"].items()] + [""]
    for s in payload["strategies"]:
        lines += _strategy(s)
    sens = payload.get("sensitivity")
    if sens:
        lines += [f"## Sensitivity ({sens['method']}, {sens['runs']} runs per setting; {sens['note']})", ""]
        lines += ["| factor | setting | " + " | ".join(s["name"] for s in payload["strategies"]) + " |"]
        lines += ["|---|---|" + "---:|" * len(payload["strategies"])]
        names_list = [s["name"] for s in payload["strategies"]]
        lines.append(
            "| base | register | " + " | ".join(_num(sens["base"][n]["expected_harm_p50"]) for n in names_list) + " |"
        )
        for f in sens["factors"]:
            for label, value in (("at_low", f["low"]), ("at_high", f["high"])):
                cells = " | ".join(_num(f[label][n]["expected_harm_p50"]) for n in names_list)
                lines.append(f"| {f['moves']} | x{value:g} | {cells} |")
        lines += ["", "(cells: median expected harm)", ""]
    lines += ["## Assumptions", ""] + [f"- {a}" for a in payload["assumptions"]] + [""]
    return "\n".join(lines)


def write_report(comparison: Comparison, folder: Path) -> list[Path]:
    """Write the report, the JSON, the per-run CSV and the figures into ``folder``; the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, files in render(comparison.per_run).items():
        for ext, data in files.items():
            path = folder / f"{name}.{ext}"
            path.write_bytes(data)
            written.append(path)
    rows = ["strategy,run," + ",".join(OUTCOMES)]
    for name, outcomes in comparison.per_run.items():
        for k in range(len(outcomes[OUTCOMES[0]])):
            rows.append(f"{name},{k}," + ",".join(f"{float(outcomes[o][k]):.4f}" for o in OUTCOMES))
    for fname, text in (
        ("report.md", markdown(comparison.payload)),
        ("result.json", json.dumps(comparison.payload, ensure_ascii=False, indent=2) + "\n"),
        ("runs.csv", "\n".join(rows) + "\n"),
    ):
        path = folder / fname
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
