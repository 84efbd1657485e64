"""The list view's rows: every state's place on a date, in words, sortable, and as CSV."""

from __future__ import annotations

import csv
import io

import pytest

from coopsec.errors import InputError
from coopsec.kb import KnowledgeBase
from coopsec.rings import classify
from coopsec.rings.listing import list_rows, rows_csv, sort_rows
from tests.conftest import d


def test_the_rows_agree_with_the_rings(kb: KnowledgeBase) -> None:
    day = d("2024-04-01")
    rows = {r.state: r for r in list_rows(kb, day)}
    assert set(rows) == {p.state for p in classify(kb, day).placements}
    finland = rows["FI"]
    assert finland.category == "core-nato-eu"
    assert finland.category_label == "Core: NATO Art. 5 and TEU 42(7)"
    assert finland.ring1
    assert set(finland.core_organisations) == {"EU", "NATO"}
    assert any("Article 5" in g for g in finland.guarantees)
    assert finland.criterion.startswith("met (V-Dem")


def test_no_data_is_said_in_words(kb: KnowledgeBase) -> None:
    rows = {r.state: r for r in list_rows(kb, d("2024-04-01"))}
    assert rows["VA"].no_data
    assert rows["VA"].criterion.startswith("no data")


def test_the_organisation_filter_keeps_its_members(kb: KnowledgeBase) -> None:
    nato = list_rows(kb, d("2024-04-01"), "nato")
    assert len(nato) == 32
    assert "FI" in {r.state for r in nato}
    assert "FI" not in {r.state for r in list_rows(kb, d("2023-01-01"), "NATO")}
    with pytest.raises(InputError):
        list_rows(kb, d("2024-04-01"), "NOPE")


def test_sorting_by_category_puts_the_core_first(kb: KnowledgeBase) -> None:
    rows = sort_rows(list_rows(kb, d("2024-04-01")), "category")
    assert rows[0].category == "core-nato-eu"
    assert rows[-1].category in {"outer-area", "outside"}
    names = [r.name for r in sort_rows(rows, "name", descending=True)]
    assert names == sorted(names, key=str.casefold, reverse=True)
    with pytest.raises(InputError, match="use one of"):
        sort_rows(rows, "colour")


def test_the_csv_has_the_date_the_attribution_and_every_row(kb: KnowledgeBase) -> None:
    day = d("2020-02-01")
    rows = list_rows(kb, day)
    text = rows_csv(kb, day, rows)
    comments = [line for line in text.splitlines() if line.startswith("#")]
    assert "2020-02-01" in comments[0]
    assert any("CC BY-SA 4.0" in line and "V-Dem" in line for line in comments)
    body = list(csv.DictReader(io.StringIO("\n".join(line for line in text.splitlines() if not line.startswith("#")))))
    assert len(body) == len(rows)
    gb = next(r for r in body if r["state"] == "GB")
    assert (gb["category"], gb["ring1"]) == ("core-nato", "yes")
