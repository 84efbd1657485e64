"""Full-text search over records: SQLite FTS5 or PostgreSQL full-text, the same words on both.

The text a user types is cut into words (letters and digits); a record matches when it holds every
word, in its title, body or entity values. The words are passed as bound parameters, quoted for
FTS5, so no search text can change the query.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from typing import TYPE_CHECKING, cast

from sqlalchemy import text

from coopsec.errors import InputError

if TYPE_CHECKING:
    from sqlalchemy import ColumnElement
    from sqlalchemy.orm import Session

_WORD = re.compile(r"\w+", re.UNICODE)
MAX_WORDS = 16


def words(q: str) -> list[str]:
    """The words of a search text, or an error when it holds none."""
    found = _WORD.findall(q)
    if not found:
        raise InputError(f"the search text {q[:80]!r} holds no words: give at least one word of letters or digits")
    if len(found) > MAX_WORDS:
        raise InputError(f"the search text has {len(found)} words: give at most {MAX_WORDS}")
    return found


def match_clause(session: Session, q: str) -> ColumnElement[bool]:
    """A WHERE condition on ``exchange_records`` matching every word of ``q``."""
    found = words(q)
    if session.get_bind().dialect.name == "postgresql":
        clause = text("exchange_records.search @@ plainto_tsquery('simple', :fts_words)")
        return cast("ColumnElement[bool]", clause.bindparams(fts_words=" ".join(found)))
    query = " ".join('"' + w.replace('"', "") + '"' for w in found)
    clause = text(
        "exchange_records.pk IN (SELECT rowid FROM exchange_records_fts WHERE exchange_records_fts MATCH :fts_words)"
    )
    return cast("ColumnElement[bool]", clause.bindparams(fts_words=query))


def encode_cursor(created_at: str, pk: int) -> str:
    """An opaque cursor after the record last changed at ``created_at`` with key ``pk``."""
    raw = json.dumps([created_at, pk], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[str, int]:
    """The position a cursor of :func:`encode_cursor` names, or an error saying to restart the listing."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        created_at, pk = json.loads(raw)
        if isinstance(created_at, str) and isinstance(pk, int) and not isinstance(pk, bool):
            return created_at, pk
    except (ValueError, binascii.Error, TypeError):
        pass
    raise InputError(f"the cursor {cursor[:40]!r} is not one coopsec gave: start again without a cursor")
