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
    assert code == 1 and "rings.yaml: b[0]: uses an alias (*a, line 2)" in message


def test_yaml_nested_500_levels_is_refused(tmp_path: Path) -> None:
    code, message = _check(tmp_path, "a: " + "[" * 500 + "]" * 500 + "\n")
    assert code == 1 and "rings.yaml: a[0][0]" in message and "nested more than" in message


def test_the_refusal_names_the_key_and_comes_before_anything_is_built(tmp_path: Path) -> None:
    """The event stream is checked first: the bomb's 59,049 strings (or an endless one) are never made."""
    from coopsec.kb.yamlio import read_yaml

    path = tmp_path / "rings.yaml"
    path.write_text("rings:\n  - id: x\n    members: [FI, *undefined]\n", encoding="utf-8")
    data, issues = read_yaml(path, "rings.yaml")
    assert data is None and [(i.path, "line 3" in i.message) for i in issues] == [("rings[0].members[1]", True)]
    path.write_text("a: &a [*a, *a]\n", encoding="utf-8")  # a recursive alias: built, it would never end
    data, issues = read_yaml(path, "rings.yaml")
    assert data is None and issues[0].path == "a[0]" and "alias" in issues[0].message
    path.write_text("a:\n" + "".join(f"{'  ' * (n + 1)}k{n}:\n" for n in range(60)), encoding="utf-8")
    _, issues = read_yaml(path, "rings.yaml")
    assert issues[0].path.startswith("a.k0.k1.k2") and "nested more than 50" in issues[0].message
