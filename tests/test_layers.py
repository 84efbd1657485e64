"""The API and the web pages never import each other; only ``coopsec.http`` assembles them."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import coopsec

SRC = Path(coopsec.__file__).parent


def _imports(package: str) -> set[tuple[str, str]]:
    found = set()
    for path in (SRC / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                found.add((path.relative_to(SRC).as_posix(), node.module))
            elif isinstance(node, ast.Import):
                found.update((path.relative_to(SRC).as_posix(), alias.name) for alias in node.names)
    return found


@pytest.mark.parametrize(("package", "forbidden"), [("api", "coopsec.web"), ("web", "coopsec.api")])
def test_the_api_and_the_pages_do_not_import_each_other(package: str, forbidden: str) -> None:
    bad = sorted(f"{where} imports {module}" for where, module in _imports(package) if module.startswith(forbidden))
    assert not bad, bad


def test_only_the_assembly_imports_both() -> None:
    both = {where for where, module in _imports("http") if module.startswith(("coopsec.web", "coopsec.api"))}
    assert both <= {"http/app.py", "http/__init__.py"}, both
