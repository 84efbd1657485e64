"""The audit chain: every write is an entry that commits to the one before it.

Each entry's hash is SHA-256 over the previous entry's hash and the entry's own fields in a
canonical JSON form. Changing an entry breaks its hash; removing one leaves a gap in the sequence
and breaks the next entry's link; reordering breaks the links. ``verify`` names every such entry.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from coopsec.store.models import AuditEntry

GENESIS = "0" * 64


def _digest(prev_hash: str, entry_id: int, at: str, actor: str, action: str, target: str, detail: str) -> str:
    body = json.dumps(
        [prev_hash, entry_id, at, actor, action, target, detail], ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def append(session: Session, actor: str, action: str, target: str, detail: dict[str, Any] | None = None) -> AuditEntry:
    """Append an entry in the caller's transaction (so the write and its audit land together)."""
    last = session.execute(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)).scalar_one_or_none()
    prev_hash = last.hash if last else GENESIS
    entry_id = (last.id if last else 0) + 1
    at = dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")
    text = json.dumps(detail or {}, ensure_ascii=False, sort_keys=True)
    entry = AuditEntry(
        id=entry_id,
        at=at,
        actor=actor,
        action=action,
        target=target,
        detail=text,
        prev_hash=prev_hash,
        hash=_digest(prev_hash, entry_id, at, actor, action, target, text),
    )
    session.add(entry)
    session.flush()
    return entry


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found in the chain."""

    entry: int
    problem: str

    def __str__(self) -> str:
        return f"entry {self.entry}: {self.problem}"


def verify(session: Session) -> tuple[int, list[Finding]]:
    """Check the whole chain; return the number of entries and every problem found."""
    entries = session.execute(select(AuditEntry).order_by(AuditEntry.id)).scalars().all()
    findings: list[Finding] = []
    prev_hash, expected_id = GENESIS, 1
    for entry in entries:
        if entry.id != expected_id:
            missing = f"{expected_id}" if entry.id == expected_id + 1 else f"{expected_id}-{entry.id - 1}"
            findings.append(Finding(entry.id, f"entries {missing} are missing (removed)"))
        if entry.prev_hash != prev_hash:
            findings.append(
                Finding(
                    entry.id,
                    "does not link to the entry before it (an entry was removed, inserted or the order changed)",
                )
            )
        own = _digest(entry.prev_hash, entry.id, entry.at, entry.actor, entry.action, entry.target, entry.detail)
        if own != entry.hash:
            findings.append(Finding(entry.id, "its content was changed after it was written (hash mismatch)"))
        prev_hash, expected_id = entry.hash, entry.id + 1
    return len(entries), findings
