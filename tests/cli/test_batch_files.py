"""Batch files that are not what they should be: exit 2 with the line and what to do, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from coopsec.cli.app import app

runner = CliRunner()
HEADER = b"kind,victim,by,at,date\n"


def _run(tmp_path: Path, content: bytes) -> tuple[int, str, str]:
    path = tmp_path / "events.csv"
    path.write_bytes(content)
    result = runner.invoke(app, ["assess", "--batch", str(path)])
    return result.exit_code, result.stdout, result.stderr


def test_a_binary_file_is_refused_with_its_line(tmp_path: Path) -> None:
    code, _, message = _run(tmp_path, bytes(range(128, 256)) + bytes(range(256)) * 4)
    assert code == 2 and "line 1 is not UTF-8 text" in message and "Traceback" not in message


def test_latin_1_text_is_refused_at_its_line_after_the_good_rows(tmp_path: Path) -> None:
    code, out, message = _run(tmp_path, HEADER + b"armed-attack,FR,unknown,,2020-01-01\nthreat,PL,,,2022-02-24\xe9\n")
    assert code == 2 and "line 3 is not UTF-8 text" in message and "CSV UTF-8" in message
    assert [json.loads(line)["line"] for line in out.splitlines()] == [2]  # the good row before it is kept


def test_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    code, out, _ = _run(tmp_path, b"\xef\xbb\xbf" + HEADER + b"threat,PL,,,2022-02-24\n")
    assert code == 0 and json.loads(out)["ok"] is True


def test_a_field_over_the_csv_limit_names_its_line(tmp_path: Path) -> None:
    code, _, message = _run(tmp_path, HEADER + b"armed-attack,FR," + b"x" * 200_000 + b",,2020-01-01\n")
    assert code == 2 and "line 2" in message and "field" in message


def test_a_line_too_long_for_an_event_is_refused(tmp_path: Path) -> None:
    code, _, message = _run(tmp_path, b'{"kind": "threat", "victim": "PL", "by": "' + b"y" * 1_100_000 + b'"}\n')
    assert code == 2 and "line 1 is longer than" in message


def test_a_repeated_column_is_refused(tmp_path: Path) -> None:
    code, _, message = _run(tmp_path, b"kind,victim,victim\nthreat,PL,PL\n")
    assert code == 2 and "victim" in message


def test_a_large_file_without_line_ends_is_refused_without_reading_it_whole(tmp_path: Path) -> None:
    """A sparse 8 GiB file (a disk image, say): refused after one bounded read, never loaded into memory."""
    from coopsec.cli.assessment import MAX_LINE_BYTES

    path = tmp_path / "disk.img"
    with path.open("wb") as handle:
        handle.truncate(8 << 30)  # sparse: no space used, but 8 GiB to anyone who reads it whole
    result = runner.invoke(app, ["assess", "--batch", str(path)])
    assert result.exit_code == 2 and f"line 1 is longer than {MAX_LINE_BYTES} bytes" in result.stderr
    assert "Traceback" not in result.output


def test_stdin_gets_the_same_checks_as_a_file() -> None:
    result = runner.invoke(app, ["assess", "--batch", "-"], input=HEADER + b"threat,PL,,,2022-02-24\xe9\n")
    assert result.exit_code == 2 and "line 2 is not UTF-8 text" in result.stderr
    result = runner.invoke(
        app, ["assess", "--batch", "-"], input=b"\xef\xbb\xbf" + HEADER + b"threat,PL,,,2022-02-24\n"
    )
    assert result.exit_code == 0 and json.loads(result.stdout)["ok"] is True


def test_a_directory_is_refused_with_what_to_give(tmp_path: Path) -> None:
    result = runner.invoke(app, ["assess", "--batch", str(tmp_path)])
    assert result.exit_code == 2 and "give a" in result.stderr and "Traceback" not in result.output


def test_a_date_outside_the_range_is_a_bad_row_with_the_range(tmp_path: Path) -> None:
    code, out, message = _run(tmp_path, HEADER + b"threat,PL,,,1900-01-01\nthreat,PL,,,9999-12-31\n")
    assert code != 0 and "1945-01-01" in message
    assert [json.loads(line)["line"] for line in out.splitlines()] == [2, 3]
