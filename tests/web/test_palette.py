"""The map's colours stay apart for the common colour-vision deficiencies and stand out from the sea.

The palette is read from the page's own stylesheet (``--cat-<category>`` custom properties and
``--sea``), simulated for protanopia, deuteranopia and tritanopia (Machado et al. 2009, via
colorspacious), and compared in the perceptually uniform CAM02-UCS space.
"""

from __future__ import annotations

import itertools
import re

import pytest
from colorspacious import cspace_convert, deltaE  # type: ignore[import-untyped]

from coopsec.kb import KnowledgeBase
from coopsec.rings.atlas import CATEGORIES
from coopsec.web import STATIC

CSS = STATIC / "css" / "atlas.css"
#: The smallest CAM02-UCS difference accepted between two map categories (about "clearly different").
MIN_DELTA_E = 8.0


def _palette() -> dict[str, tuple[float, float, float]]:
    found = {}
    for name, value in re.findall(r"--(cat-[a-z0-9-]+|sea)\s*:\s*#([0-9a-fA-F]{6})\b", CSS.read_text()):
        found[name] = tuple(int(value[i : i + 2], 16) for i in (0, 2, 4))
    return found  # type: ignore[return-value]


def _luminance(rgb: tuple[float, float, float]) -> float:
    channels = [c / 255 for c in rgb]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_every_category_has_a_colour(kb: KnowledgeBase) -> None:
    palette = _palette()
    missing = [c for c, _ in CATEGORIES if f"cat-{c}" not in palette]
    assert not missing and "sea" in palette, missing


def test_every_category_stands_out_from_the_sea() -> None:
    palette = _palette()
    weak = {c: round(_contrast(palette[f"cat-{c}"], palette["sea"]), 2) for c, _ in CATEGORIES}
    assert all(ratio >= 3.0 for ratio in weak.values()), weak


@pytest.mark.parametrize("deficiency", ["protanomaly", "deuteranomaly", "tritanomaly"])
def test_categories_stay_apart_for_colour_vision_deficiencies(deficiency: str) -> None:
    palette = _palette()
    space = {"name": "sRGB1+CVD", "cvd_type": deficiency, "severity": 100}
    seen = {c: cspace_convert([v / 255 for v in palette[f"cat-{c}"]], space, "sRGB1") for c, _ in CATEGORIES}
    close = []
    for (a, ra), (b, rb) in itertools.combinations(seen.items(), 2):
        difference = float(deltaE(ra.clip(0, 1), rb.clip(0, 1), input_space="sRGB1"))
        if difference < MIN_DELTA_E:
            close.append((a, b, round(difference, 1)))
    assert not close, close
