"""STIX export and import against the store: the reader's records out, a bundle's reports in, all audited.

Export reads only through ``list_visible`` (the one access decision, audited there), so a bundle
never holds a record its reader could not list. Import shares each report as a new record of the
importing user's authority through ``share`` (the same checks as the API: role, clearance, RED only
to named recipients, H3 with a note), in one transaction: a bundle is imported whole or not at all.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from coopsec.errors import InputError
from coopsec.exchange.model import Entity, RecordIn
from coopsec.exchange.records import list_visible, record_dict, share
from coopsec.exchange.stix import bundle, markings
from coopsec.exchange.stix_import import ReadBundle, StixImportError, read_bundle
from coopsec.store import audit

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from coopsec.kb import KnowledgeBase
    from coopsec.store.exchange_models import Record
    from coopsec.store.models import User

_PAGE = 500


def export_bundle(
    session: Session, kb: KnowledgeBase, user: User, *, q: str | None = None, on: dt.date | None = None
) -> dict[str, Any]:
    """A STIX 2.1 bundle of every record ``user`` may see (matching ``q``), oldest first.

    Retracted records are exported as revoked reports without their content.
    """
    records: list[dict[str, Any]] = []
    cursor: str | None = None
    while True:
        page = list_visible(session, kb, user, q=q, on=on, limit=_PAGE, cursor=cursor, order="oldest")
        records.extend(record_dict(r) for r in page.items)
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    return bundle(records, markings(kb))


def import_bundle(
    session: Session,
    kb: KnowledgeBase,
    user: User,
    found: dict[str, Any],
    *,
    scope: str,
    authorities: tuple[str, ...] = (),
    ring: str | None = None,
    tlp: str | None = None,
    handling: str | None = None,
    evaluation: str | None = None,
) -> tuple[list[Record], ReadBundle]:
    """Share every report of a bundle as a record of ``user``'s authority, distributed as given.

    Args:
        session: a write session (the records and their audit entries are written in it).
        kb: the knowledge base.
        user: who imports (an analyst, liaison officer or administrator).
        found: the bundle JSON.
        scope: the distribution inside coopsec (``authority``, ``authorities``, ``ring``, ``members``).
        authorities: the named recipients for ``authorities``.
        ring: the ring for ``ring``.
        tlp: the TLP label of reports that carry none.
        handling: the handling code of reports without ``x_coopsec_handling``.
        evaluation: the evaluation of reports without ``x_coopsec_evaluation``.

    Returns:
        The records shared, and what was read (with the reports skipped).

    Raises:
        StixImportError: for a bundle or report that cannot be imported (nothing is shared then).

    """
    read = read_bundle(found, markings(kb), tlp=tlp, handling=handling, evaluation=evaluation)
    shared = []
    for item in read.records:
        data = RecordIn(
            title=item.title,
            body=item.body,
            scope=scope,
            handling=item.handling,
            tlp=item.tlp,
            evaluation=item.evaluation,
            entities=tuple(Entity(e["kind"], e["value"], e["attributes"]) for e in item.entities),
            authorities=authorities,
            ring=ring,
            handling_note=item.handling_note,
        )
        try:
            shared.append(share(session, kb, user, data))
        except InputError as err:
            raise StixImportError(f"{item.source_id} cannot be shared: {err}") from err
    sources = {r.id: i.source_id for r, i in zip(shared, read.records, strict=True)}
    detail = {"bundle": str(found.get("id")), "records": sources, "skipped": read.skipped}
    audit.append(session, user.username, "record.import", str(found.get("id"))[:200], detail)
    return shared, read
