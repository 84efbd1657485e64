import json
from pathlib import Path

import numpy as np
from typer.testing import CliRunner

from coopsec.cli.app import app
from coopsec.linkage import Encoding, encode, load_schema
from coopsec.linkage.synthetic import generate, write_csv
from tests.linkage.conftest import SECRET

runner = CliRunner()


def test_encode_a_csv(tmp_path: Path) -> None:
    rows, _ = generate(30, seed=2)
    write_csv(rows, tmp_path / "persons.csv")
    (tmp_path / "k.key").write_bytes(SECRET + b"\n")
    out = tmp_path / "persons.clk.json"
    result = runner.invoke(
        app,
        [
            "linkage",
            "encode",
            str(tmp_path / "persons.csv"),
            "--schema",
            "persons",
            "--secret-file",
            str(tmp_path / "k.key"),
            "-o",
            str(out),
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["records"] == 30
    loaded = Encoding.load(out)
    assert loaded.ids == tuple(r["rec_id"] for r in rows)
    assert np.array_equal(loaded.words, encode(rows, load_schema("persons"), SECRET).words)
    assert rows[0]["surname"] not in out.read_text()


def test_encode_names_missing_columns_and_weak_secrets(tmp_path: Path) -> None:
    (tmp_path / "p.csv").write_text("rec_id,given_name\nr1,anna\n")
    (tmp_path / "k.key").write_bytes(SECRET)
    result = runner.invoke(
        app,
        [
            "linkage",
            "encode",
            str(tmp_path / "p.csv"),
            "--schema",
            "persons",
            "--secret-file",
            str(tmp_path / "k.key"),
            "-o",
            str(tmp_path / "o.json"),
        ],
    )
    assert result.exit_code == 2 and "surname" in result.output
    (tmp_path / "weak.key").write_text("1234")
    result = runner.invoke(
        app,
        [
            "linkage",
            "encode",
            str(tmp_path / "p.csv"),
            "--schema",
            "persons",
            "--secret-file",
            str(tmp_path / "weak.key"),
            "-o",
            str(tmp_path / "o.json"),
        ],
    )
    assert result.exit_code == 2 and "at least 16" in result.output
    assert not (tmp_path / "o.json").exists()
