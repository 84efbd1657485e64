"""Batches: streamed reading, the summary, full and CSV outputs, and their round trips to ``assess --json``."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from coopsec.errors import ConflictError, InputError
from coopsec.kb import KnowledgeBase
from coopsec.obligations import Assessor, Event, batchio, make_event
from coopsec.obligations.batch import read_batch, read_events, run_batch
from coopsec.obligations.batchio import CSV_COLUMNS, read_full

EVENTS = [
    ("armed-attack", "FI", "RU", "", "2022-06-01", ""),
    ("armed-attack", "FI", "RU", "", "2023-06-01", ""),
    ("armed-attack", "ES", "unknown", "ES-ML", "2026-01-01", ""),
    ("armed-attack", "TR", "SY", "", "2012-06-22", "incident"),
    ("terrorist-attack", "FR", "non-state", "", "2015-11-13", ""),
    ("natural-disaster", "TR", "", "", "2023-02-06", ""),
    ("threat", "PL", "", "", "2022-02-24", ""),
    ("armed-attack", "GB", "AR", "FK", "1982-04-02", ""),
    ("cyber-attack", "EE", "RU", "", "2007-04-27", "attack"),
    ("armed-attack", "US", "unknown", "sea:north-atlantic", "1962-10-27", ""),
    ("hybrid-campaign", "LT", "BY", "forces:PL", "2021-08-01", ""),
]


def _csv(rows: Sequence[tuple[str, ...]]) -> str:
    return "kind,victim,by,at,date,scale\n" + "".join(",".join(r) + "\n" for r in rows)


def _event(kb: KnowledgeBase, row: tuple[str, ...]) -> Event:
    kind, victim, by, at, date, scale = row
    return make_event(kb, kind, victim, by or None, at or None, date, scale or None)


def _run(kb: KnowledgeBase, text: str, detail: str = "summary", output: str = "jsonl") -> tuple[str, int]:
    out = io.StringIO()
    summary = run_batch(kb, None, io.StringIO(text), out, detail, output)
    return out.getvalue(), summary.bad


def test_the_summary_is_the_answer_by_codes_and_ids(kb: KnowledgeBase) -> None:
    text, bad = _run(kb, _csv(EVENTS))
    assert bad == 0
    lines = [json.loads(line) for line in text.splitlines()]
    assert [line["line"] for line in lines] == list(range(2, 2 + len(EVENTS)))
    assessor = Assessor(kb)
    for row, line in zip(EVENTS, lines, strict=True):
        expected = assessor.assess(_event(kb, row))
        assert line["ok"] is True and line["event"] == expected.to_dict()["event"]
        assert line["mechanisms"] == [
            {
                "id": m.id,
                "status": m.status,
                "reasons": list(m.reasons),
                "rules": list(m.rules),
                "parties": [o.party for o in m.obligated],
                "clause": m.clause.id if m.clause else None,
            }
            for m in expected.mechanisms
        ]
    assert lines[0]["mechanisms"][2]["clause"] == "teu-42-7"


def test_full_lines_rebuilt_from_their_definitions_equal_assess_json(kb: KnowledgeBase) -> None:
    text, _ = _run(kb, _csv(EVENTS + EVENTS), detail="full")
    records = [json.loads(line) for line in text.splitlines()]
    definitions = [r for r in records if "define" in r]
    rows = [r for r in records if "define" not in r]
    assert len(rows) == 2 * len(EVENTS)
    # Each definition comes once, before the first line that refers to it.
    assert len({d["id"] for d in definitions}) == len(definitions)
    assert {d["define"] for d in definitions} == {"answer", "citation", "duty", "trace", "source"}
    assert text.count("If a Member State is the victim of armed aggression") == 1
    assessor = Assessor(kb)
    resolved = list(read_full(text.splitlines()))
    for row, line in zip(EVENTS + EVENTS, resolved, strict=True):
        expected = json.loads(json.dumps(assessor.assess(_event(kb, row)).to_dict()))
        del expected["summary"]  # a batch writes the answers, not the plain summary of each event
        assert {k: line[k] for k in ("event", "mechanisms")} == expected


def test_full_stays_sound_when_its_caches_are_emptied(kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batchio, "CACHE_LIMIT", 2)
    text, _ = _run(kb, _csv(EVENTS * 3), detail="full")
    ids = [json.loads(line)["id"] for line in text.splitlines() if line.startswith('{"define"')]
    assert len(ids) == len(set(ids))  # an id is never reused, even after a cache is emptied
    assessor = Assessor(kb)
    for row, line in zip(EVENTS * 3, read_full(text.splitlines()), strict=True):
        expected = json.loads(json.dumps(assessor.assess(_event(kb, row)).to_dict()))
        del expected["summary"]  # a batch writes the answers, not the plain summary of each event
        assert {k: line[k] for k in ("event", "mechanisms")} == expected


def test_csv_has_a_header_and_one_row_per_event_and_mechanism(kb: KnowledgeBase) -> None:
    batch = _csv([*EVENTS[:3], ("armed-attack", "QQ", "", "", "2022-06-01", ""), *EVENTS[3:]])
    text, bad = _run(kb, batch, output="csv")
    assert bad == 1
    table = list(csv.DictReader(io.StringIO(text, newline="")))
    assert tuple(table[0]) == CSV_COLUMNS
    mechanisms = len(Assessor(kb).assess(_event(kb, EVENTS[0])).mechanisms)
    assert len(table) == len(EVENTS) * mechanisms + 1
    error = [r for r in table if r["status"] == "error"]
    assert len(error) == 1 and error[0]["line"] == "5" and error[0]["victim"] == "QQ"
    assert error[0]["error"].startswith("unknown state 'QQ'")
    fi = [r for r in table if r["line"] == "3"]
    assert [r["mechanism"] for r in fi][:3] == ["nato-art4", "nato-art5", "teu-42-7"]
    art5 = next(r for r in fi if r["mechanism"] == "nato-art5")
    assert art5["status"] == "applies" and "DE" in art5["parties"].split(" ")
    assert art5["clause"] == "nato-art5" and "nato-art5" in art5["rules"]
    assert all(r["date"] == "2023-06-01" and r["kind"] == "armed-attack" and r["scale"] == "attack" for r in fi)


def test_csv_makes_a_given_formula_inert(kb: KnowledgeBase) -> None:
    text, bad = _run(kb, "kind,victim\narmed-attack,=HYPERLINK(1)\n", output="csv")
    assert bad == 1
    row = next(iter(csv.DictReader(io.StringIO(text, newline=""))))
    assert row["victim"] == "'=HYPERLINK(1)" and row["status"] == "error"


def test_scale_is_a_column_passed_to_the_event(kb: KnowledgeBase) -> None:
    batch = _csv(
        [
            ("armed-attack", "TR", "SY", "", "2012-06-22", "incident"),
            ("armed-attack", "TR", "SY", "", "2012-06-22", ""),
            ("natural-disaster", "TR", "", "", "2023-02-06", "incident"),
        ]
    )
    text, bad = _run(kb, batch)
    lines = [json.loads(line) for line in text.splitlines()]
    assert [line["event"]["scale"] for line in lines[:2]] == ["incident", "attack"]
    assert lines[2]["ok"] is False and "scale 'incident' qualifies attacks only" in lines[2]["error"]
    assert bad == 1
    incident = Assessor(kb).assess(make_event(kb, "armed-attack", "TR", "SY", None, "2012-06-22", "incident"))
    assert [m["status"] for m in lines[0]["mechanisms"]] == [m.status for m in incident.mechanisms]


def test_json_lines_take_scale_and_aliases(kb: KnowledgeBase) -> None:
    batch = '{"kind": "armed-attack", "victim": "TR", "perpetrator": "SY", "on": "2012-10-03", "scale": "incident"}\n'
    rows = list(read_batch(kb, Path("events.jsonl"), io.StringIO(batch)))
    event = rows[0][1]
    assert isinstance(event, Event) and event.scale == "incident" and event.by == "SY"


def test_bad_rows_keep_their_line_numbers_and_the_good_rows_are_assessed(kb: KnowledgeBase) -> None:
    batch = (
        "\n"
        "kind,victim,by,at,date\n"
        "armed-attack,FI,RU,,2022-06-01\n"
        "armed-attack,FI,RU,,2022-06-01,extra,fields\n"
        "armed-attack,FI,RU,,2022-02-30\n"
        ",FI,,,\n"
        "natural-disaster,TR,,,2023-02-06\n"
    )
    seen: list[tuple[int, str]] = []
    out = io.StringIO()
    summary = run_batch(kb, None, io.StringIO(batch), out, on_error=lambda n, m: seen.append((n, m)))
    assert summary.assessed == 2 and summary.bad == 3
    assert [n for n, _ in seen] == [4, 5, 6] and summary.errors == seen
    assert "header names 5" in seen[0][1] and "kind and victim are required" in seen[2][1]
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [(r["line"], r["ok"]) for r in lines] == [(3, True), (4, False), (5, False), (6, False), (7, True)]
    assert lines[1]["status"] == 400 and lines[1]["errors"] == [lines[1]["error"]]


def test_a_csv_header_that_is_not_understood_stops_the_batch(kb: KnowledgeBase) -> None:
    with pytest.raises(InputError, match="CSV header"):
        list(read_batch(kb, None, io.StringIO("kind,victim,kind\narmed-attack,FI,threat\n")))


def test_a_spreadsheets_byte_order_mark_is_ignored(kb: KnowledgeBase) -> None:
    rows = list(read_batch(kb, None, io.StringIO("\ufeffkind,victim,date\nthreat,PL,2022-02-24\n")))
    assert isinstance(rows[0][1], Event)


def test_full_detail_in_csv_is_refused(kb: KnowledgeBase) -> None:
    with pytest.raises(ConflictError, match="--format csv writes the summary only"):
        run_batch(kb, None, io.StringIO(_csv(EVENTS)), io.StringIO(), "full", "csv")
    with pytest.raises(InputError, match="unknown --detail"):
        run_batch(kb, None, io.StringIO(_csv(EVENTS)), io.StringIO(), "everything")


class _NoRead(io.StringIO):
    def read(self, size: int | None = -1) -> str:
        raise AssertionError("the batch must be read line by line, never whole")


def test_the_input_is_never_read_whole(kb: KnowledgeBase) -> None:
    rows = list(read_events(kb, None, _NoRead(_csv(EVENTS))))
    assert len(rows) == len(EVENTS) and all(isinstance(e, Event) for _, e in rows)


def test_output_comes_before_the_input_is_exhausted(kb: KnowledgeBase) -> None:
    total = 3 * batchio.CHUNK
    consumed: list[int] = []

    def lines() -> Iterator[str]:
        yield "kind,victim,by,date\n"
        for number in range(total):
            consumed.append(number)
            yield f"armed-attack,FI,RU,{2000 + number % 20}-06-01\n"

    class Sink(io.StringIO):
        first_write_after: int | None = None

        def write(self, text: str) -> int:
            if self.first_write_after is None:
                self.first_write_after = len(consumed)
            return super().write(text)

    sink = Sink()
    summary = run_batch(kb, None, lines(), sink)
    assert summary.assessed == total
    assert sink.first_write_after is not None and sink.first_write_after < total
    assert len(sink.getvalue().splitlines()) == total


def test_bad_rows_kept_are_bounded(kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch) -> None:
    from coopsec.obligations import batch

    monkeypatch.setattr(batch, "KEPT_ERRORS", 3)
    summary = run_batch(kb, None, io.StringIO("kind,victim\n" + "threat,QQ\n" * 10), io.StringIO())
    assert summary.bad == 10 and len(summary.errors) == 3
