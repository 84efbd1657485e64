"""Plots of the outcome distributions, rendered offline with matplotlib's Agg canvas (PNG and SVG).

One figure per strategy, the four outcomes the issue names as histograms over the runs, with the
same axes for every strategy so figures placed side by side compare at a glance. Each panel names
its outcome and marks p5, p50 and p95 with labelled lines (words, not colour alone). Figures are
built on :class:`matplotlib.figure.Figure` directly (no pyplot state), so rendering is safe in a
web worker; the SVG carries no date and fixed ids, so the same numbers give the same file.
"""

from __future__ import annotations

import io

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure

from coopsec.strategy.simulate import Floats

#: The outcomes plotted, with their axis labels (UI wording).
PLOTTED: tuple[tuple[str, str], ...] = (
    ("expected_harm", "expected harm (points)"),
    ("unmet_requests", "unmet assistance requests (units)"),
    ("time_to_assistance_days", "time to assistance (days)"),
    ("obligations_triggered", "obligations triggered"),
)
Outcomes = dict[str, Floats]


def ranges(per_run: dict[str, Outcomes]) -> dict[str, tuple[float, float]]:
    """Common axis ranges per outcome over every strategy."""
    out = {}
    for key, _ in PLOTTED:
        values = np.concatenate([o[key][~np.isnan(o[key])] for o in per_run.values()] or [np.zeros(1)])
        low, high = (float(values.min()), float(values.max())) if values.size else (0.0, 1.0)
        out[key] = (low, high if high > low else low + 1.0)
    return out


def figure(name: str, outcomes: Outcomes, axes: dict[str, tuple[float, float]]) -> Figure:
    """The 2 x 2 histograms of one strategy."""
    fig = Figure(figsize=(7.2, 5.4), dpi=100, layout="constrained")
    fig.suptitle(f"Strategy {name}: outcomes over the runs", fontsize=11)
    for panel, (key, label) in zip(fig.subplots(2, 2).flat, PLOTTED, strict=True):
        values = outcomes[key][~np.isnan(outcomes[key])]
        low, high = axes[key]
        panel.hist(values, bins=30, range=(low, high), color="#4c72b0", edgecolor="white", linewidth=0.3)
        panel.set_xlabel(label, fontsize=8)
        panel.set_ylabel("runs", fontsize=8)
        panel.tick_params(labelsize=7)
        if values.size:
            for q, style in ((5, ":"), (50, "-"), (95, "--")):
                x = float(np.percentile(values, q))
                panel.axvline(x, color="black", linestyle=style, linewidth=1)
                panel.annotate(
                    f"p{q}",
                    (x, 1),
                    xycoords=("data", "axes fraction"),
                    xytext=(2, -2),
                    textcoords="offset points",
                    fontsize=7,
                    ha="left",
                    va="top",
                )
    return fig


def png(fig: Figure) -> bytes:
    """The figure as PNG bytes (Agg)."""
    buffer = io.BytesIO()
    FigureCanvasAgg(fig)
    fig.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def svg(fig: Figure) -> bytes:
    """The figure as SVG bytes, without a date and with fixed ids."""
    import matplotlib

    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": "coopsec", "svg.fonttype": "path"}):
        FigureCanvasSVG(fig)
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def render(per_run: dict[str, Outcomes]) -> dict[str, dict[str, bytes]]:
    """PNG and SVG of every strategy's figure, on common axes."""
    axes = ranges(per_run)
    out = {}
    for name, outcomes in per_run.items():
        fig = figure(name, outcomes, axes)
        out[name] = {"png": png(fig), "svg": svg(fig)}
    return out
