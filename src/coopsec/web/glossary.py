"""The glossary's texts (``data/glossary.yaml``), loaded and checked like the knowledge base's files.

The glossary quotes the paper and says how coopsec reads it; those words are facts with a source, so
they live in the data folder, not in a template. They are read for the dashboard only, hence this
small loader beside the pages rather than in :mod:`coopsec.kb` (whose loader skips the file). It
checks the file the same way: every entry names a source of ``sources.yaml``, and every error names
the file and the key, with how to fix it, all at once (:class:`~coopsec.errors.DataError`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from coopsec.errors import DataError, DataIssue
from coopsec.kb.model import KnowledgeBase, Source
from coopsec.kb.paths import default_data_dir
from coopsec.kb.yamlio import read_yaml

FILE = "glossary.yaml"


class EntryIn(BaseModel):
    """One term: the source's words (``quote``, verbatim) and/or coopsec's reading (``text``)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    id: str
    term: str
    quote: str | None = None
    text: str | None = None
    source: str

    @model_validator(mode="after")
    def _has_words(self) -> EntryIn:
        if not self.quote and not self.text:
            raise ValueError("an entry needs a 'quote' (the source's words) or a 'text' (coopsec's reading)")
        return self


class GlossaryFile(BaseModel):
    """``glossary.yaml``: the list of entries."""

    model_config = ConfigDict(extra="forbid", strict=True)

    entries: list[EntryIn]


@dataclass(frozen=True, slots=True)
class Entry:
    """A glossary term with its words and its source."""

    id: str
    term: str
    quote: str | None
    text: str | None
    source: Source


def _where(raw: object, loc: tuple[int | str, ...]) -> str:
    """``entries[2] (ring1).source`` from a pydantic location."""
    parts: list[str] = []
    node = raw
    for item in loc:
        if isinstance(item, int):
            node = node[item] if isinstance(node, list) and item < len(node) else None
            ident = node.get("id") if isinstance(node, dict) else None
            parts.append(f"[{item}]" + (f" ({ident})" if ident else ""))
        else:
            parts.append(f".{item}" if parts else str(item))
            node = node.get(item) if isinstance(node, dict) else None
    return "".join(parts)


def _flat(text: str | None) -> str | None:
    return " ".join(text.split()) if text else None


def load_glossary(kb: KnowledgeBase, path: Path | None = None) -> tuple[Entry, ...]:
    """The glossary's entries, in the file's order, each with its source from the knowledge base.

    Raises:
        DataError: every problem of the file at once, each naming the file and the key.

    """
    path = path or default_data_dir() / FILE
    raw, issues = read_yaml(path, FILE) if path.exists() else (None, [DataIssue(FILE, "", "required file is missing")])
    if issues:
        raise DataError(issues)
    try:
        parsed = GlossaryFile.model_validate(raw)
    except ValidationError as err:
        raise DataError(
            [
                DataIssue(FILE, _where(raw, tuple(e["loc"])), e["msg"].removeprefix("Value error, "))
                for e in err.errors()
            ]
        ) from err
    entries: list[Entry] = []
    seen: set[str] = set()
    for index, entry in enumerate(parsed.entries):
        where = f"entries[{index}] ({entry.id})"
        if entry.id in seen:
            issues.append(DataIssue(FILE, f"{where}.id", "duplicate id: give each entry its own"))
        seen.add(entry.id)
        source = kb.sources.get(entry.source)
        if source is None:
            issues.append(
                DataIssue(
                    FILE, f"{where}.source", f"unknown source {entry.source!r}: add it to sources.yaml or fix the id"
                )
            )
            continue
        entries.append(Entry(entry.id, entry.term, _flat(entry.quote), _flat(entry.text), source))
    if issues:
        raise DataError(issues)
    return tuple(entries)
