"""The glossary's texts: quoted verbatim from the paper, every entry with a source, errors that say where."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from coopsec.errors import DataError
from coopsec.kb import KnowledgeBase
from coopsec.web.glossary import load_glossary

PAPER = Path("/work/shared/seed/cooperative-security-paper.txt")


def _flat(text: str) -> str:
    """Words only: hyphens at line ends joined, whitespace collapsed (the paper's text is wrapped)."""
    return " ".join(re.sub(r"(\w)-\n\s*(\w)", r"\1\2", text).split())


def test_every_term_has_a_source_and_the_rings_are_all_there(kb: KnowledgeBase) -> None:
    entries = {e.id: e for e in load_glossary(kb)}
    assert {"core", "ring1", "ring2", "outer-area"} <= set(entries)
    assert all(e.source.id in kb.sources for e in entries.values())
    assert entries["ring1"].source.id == "paper"


@pytest.mark.skipif(not PAPER.exists(), reason="the paper's text is not on this machine")
def test_the_quotes_are_the_papers_words(kb: KnowledgeBase) -> None:
    paper = _flat(PAPER.read_text(encoding="utf-8"))
    for entry in load_glossary(kb):
        if entry.quote:
            assert _flat(entry.quote) in paper, entry.id


def test_a_broken_file_names_the_file_and_the_key(kb: KnowledgeBase, tmp_path: Path) -> None:
    path = tmp_path / "glossary.yaml"
    path.write_text(
        "entries:\n"
        "  - {id: core, term: Core, text: words, source: no-such-source}\n"
        "  - {id: ring1, term: Ring 1, source: paper}\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError) as caught:
        load_glossary(kb, path)
    assert "glossary.yaml: entries[1] (ring1)" in str(caught.value)
    path.write_text("entries:\n  - {id: core, term: Core, text: words, source: no-such-source}\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"glossary.yaml: entries\[0\] \(core\).source: unknown source"):
        load_glossary(kb, path)
