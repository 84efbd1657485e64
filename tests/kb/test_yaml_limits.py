"""The loader refuses what no data file needs and an attacker could use: aliases and deep nesting."""

from __future__ import annotations

import shutil
from pathlib import Path

from typer.testing import CliRunner

from coopsec.cli.app import app
from coopsec.kb.paths import default_data_dir

BOMB = """a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: [*e,*e,*e,*e,*e,*e,*e,*e,*e]
"""


def _check(tmp_path: Path, text: str) -> tuple[int, str]:
    folder = tmp_path / "data"
    shutil.copytree(default_data_dir(), folder)
    (folder / "rings.yaml").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["check", "--data-dir", str(folder)])
    return result.exit_code, result.stderr


def test_an_alias_bomb_is_refused_with_the_file_and_line(tmp_path: Path) -> None:
    code, message = _check(tmp_path, BOMB)
    assert code == 1 and "rings.yaml: line 2" in message and "alias" in message


def test_yaml_nested_500_levels_is_refused(tmp_path: Path) -> None:
    code, message = _check(tmp_path, "a: " + "[" * 500 + "]" * 500 + "\n")
    assert code == 1 and "rings.yaml" in message and "nested more than" in message
