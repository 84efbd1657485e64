"""A seeded generator of FEBRL-style person lists with known matches (synthetic data only).

FEBRL's generator (Christen 2005) draws names and addresses from frequency tables and corrupts
duplicates with typos, swaps and missing values; its tables are not shipped here, so names are built
from syllables with Zipf-like frequencies (common names are common, as in real files, which is what
makes unrelated records look alike). List A holds ``n`` originals ``rec-<i>-org``; list B holds one
corrupted duplicate ``rec-<i>-dup-0`` of each, in another order, like FEBRL4.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

import numpy as np

COLUMNS = (
    "rec_id",
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
)
_ONSETS = (
    "",
    "b",
    "br",
    "c",
    "ch",
    "d",
    "f",
    "g",
    "h",
    "j",
    "k",
    "l",
    "m",
    "n",
    "p",
    "r",
    "s",
    "sh",
    "st",
    "t",
    "v",
    "w",
)
_VOWELS = ("a", "e", "i", "o", "u", "ai", "ea", "ie", "ou", "y")
_CODAS = ("", "", "n", "r", "l", "s", "th", "ck", "m", "nd", "rt", "tt", "ll", "ne", "ton", "son", "ley", "ford")
_STREET_TYPES = ("street", "road", "avenue", "place", "crescent", "circuit", "close", "drive", "lane", "parade")
_STATES = (
    ("nsw", 0.32),
    ("vic", 0.25),
    ("qld", 0.2),
    ("wa", 0.1),
    ("sa", 0.07),
    ("tas", 0.03),
    ("act", 0.02),
    ("nt", 0.01),
)
_KEYS = "qwertyuiopasdfghjklzxcvbnm"


class _Maker:
    def __init__(self, seed: int) -> None:
        self.rng = np.random.Generator(np.random.PCG64(seed))

    def word(self, syllables: int) -> str:
        r = self.rng
        parts = [
            _ONSETS[r.integers(len(_ONSETS))] + _VOWELS[r.integers(len(_VOWELS))] + _CODAS[r.integers(len(_CODAS))]
            for _ in range(syllables)
        ]
        return "".join(parts)

    def vocabulary(self, size: int, low: int, high: int) -> list[str]:
        words: dict[str, None] = {}
        while len(words) < size:
            candidate = self.word(int(self.rng.integers(low, high + 1)))
            if len(candidate) >= 3:
                words[candidate] = None
        return list(words)

    def zipf(self, items: Sequence[str], n: int, exponent: float = 1.0) -> list[str]:
        weights = 1.0 / np.arange(1, len(items) + 1) ** exponent
        picks = self.rng.choice(len(items), size=n, p=weights / weights.sum())
        return [items[i] for i in picks]

    def typo(self, value: str) -> str:
        r = self.rng
        if not value:
            return value
        i = int(r.integers(len(value)))
        kind = r.integers(4)
        letter = _KEYS[r.integers(len(_KEYS))] if not value[i].isdigit() else str(r.integers(10))
        if kind == 0:
            return value[:i] + letter + value[i:]
        if kind == 1 and len(value) > 1:
            return value[:i] + value[i + 1 :]
        if kind == 2 and i + 1 < len(value):
            return value[:i] + value[i + 1] + value[i] + value[i + 2 :]
        return value[:i] + letter + value[i + 1 :]


def _originals(m: _Maker, n: int) -> list[dict[str, str]]:
    r = m.rng
    given = m.zipf(m.vocabulary(3000, 1, 3), n, 0.9)
    surname = m.zipf(m.vocabulary(12000, 1, 3), n, 0.8)
    streets = [f"{w} {_STREET_TYPES[r.integers(len(_STREET_TYPES))]}" for w in m.vocabulary(6000, 1, 3)]
    street = m.zipf(streets, n, 0.5)
    places = m.vocabulary(2500, 1, 2)
    suburbs = [w if r.random() < 0.8 else f"{w} {m.word(1)}" for w in places]
    postcodes = [str(r.integers(800, 9999)).zfill(4) for _ in suburbs]
    where = r.choice(len(suburbs), size=n, p=(w := 1.0 / np.arange(1, len(suburbs) + 1) ** 0.7) / w.sum())
    states = r.choice(len(_STATES), size=n, p=np.array([p for _, p in _STATES]))
    extras = m.vocabulary(800, 1, 2)
    days = r.integers(0, 90 * 365, size=n)
    rows = []
    for i in range(n):
        dob = np.datetime64("1925-01-01") + np.timedelta64(int(days[i]), "D")
        rows.append(
            {
                "rec_id": f"rec-{i}-org",
                "given_name": given[i],
                "surname": surname[i],
                "street_number": str(int(r.integers(1, 400)) if r.random() < 0.9 else ""),
                "address_1": street[i],
                "address_2": extras[r.integers(len(extras))] if r.random() < 0.35 else "",
                "suburb": suburbs[where[i]],
                "postcode": postcodes[where[i]],
                "state": _STATES[states[i]][0],
                "date_of_birth": str(dob).replace("-", "") if r.random() < 0.95 else "",
                "soc_sec_id": str(r.integers(1_000_000, 9_999_999)),
            }
        )
    return rows


_FIELDS = ("given_name", "surname", "street_number", "address_1", "address_2", "suburb", "postcode", "date_of_birth")
_FIELD_WEIGHTS = np.array([0.2, 0.2, 0.08, 0.14, 0.06, 0.12, 0.08, 0.12])


def _corrupt(m: _Maker, row: dict[str, str], i: int) -> dict[str, str]:
    r = m.rng
    dup = dict(row, rec_id=f"rec-{i}-dup-0")
    for _ in range(int(r.choice([1, 2, 3, 4, 5], p=[0.3, 0.3, 0.2, 0.12, 0.08]))):
        field = _FIELDS[r.choice(len(_FIELDS), p=_FIELD_WEIGHTS / _FIELD_WEIGHTS.sum())]
        kind = r.random()
        if kind < 0.62:
            dup[field] = m.typo(dup[field])
        elif kind < 0.77:
            dup[field] = ""
        elif kind < 0.84:
            dup["given_name"], dup["surname"] = dup["surname"], dup["given_name"]
        elif kind < 0.9 and len(dob := dup["date_of_birth"]) == 8:
            dup["date_of_birth"] = dob[:4] + dob[6:] + dob[4:6]
        else:
            dup[field] = m.typo(m.typo(dup[field]))
    return dup


def generate(n: int, seed: int = 13) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """``n`` originals and one corrupted duplicate of each, shuffled; the same seed gives the same lists."""
    m = _Maker(seed)
    originals = _originals(m, n)
    duplicates = [_corrupt(m, row, i) for i, row in enumerate(originals)]
    order = m.rng.permutation(n)
    return originals, [duplicates[j] for j in order]


def write_csv(rows: Sequence[dict[str, str]], path: Path) -> None:
    """Write rows with the FEBRL columns."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
