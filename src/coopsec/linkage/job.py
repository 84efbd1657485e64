"""The matching job of a linkage exchange: the library's match on every pair of parties, progress persisted.

:func:`run` loads the submitted lists, and for each pair of parties (in authority order) runs
:func:`coopsec.linkage.match` with the exchange's mode and a threshold calibrated from its acceptable
false-hit rate, on Dask when ``COOPSEC_DASK_SCHEDULER`` is set, here otherwise: never a matcher of its
own. After each step it writes the stage and the fraction done on the exchange row, in a short
transaction of its own, so any process can show a progress bar; the pairs are written at the end in one
transaction with the audit entry. A failure is stored in words (``status=failed``) and the creator may
start the job again; so may they a job silent for ``COOPSEC_LINKAGE_STALE_MINUTES`` (its process died),
and a run that finds it was started again after it (its ``started_at`` replaced) stops without writing.
:func:`launch` runs it in a background thread (the API), the CLI calls it directly.
"""

from __future__ import annotations

import contextlib
import itertools
import threading
from typing import TYPE_CHECKING, Any

import numpy as np

from coopsec.errors import CoopsecError
from coopsec.exchange.lookup import now_text
from coopsec.linkage.clk import Encoding
from coopsec.linkage.match import MatchResult, match
from coopsec.store import audit
from coopsec.store.linkage_models import LinkageExchange, LinkagePair, LinkageSubmission

if TYPE_CHECKING:
    from distributed import Client
    from sqlalchemy.orm import Session

    from coopsec.store.db import Store

ACTOR = "linkage-job"


def _load(store: Store, exchange_id: str) -> tuple[LinkageExchange, list[tuple[str, Encoding]]]:
    """The exchange and its submitted lists as encodings, by authority."""
    with store.session(write=False) as session:
        exchange = session.query(LinkageExchange).filter_by(id=exchange_id).one()
        lists = []
        for party in sorted(exchange.parties, key=lambda p: p.authority):
            sub = session.get(LinkageSubmission, party.id)
            if sub is None:
                continue
            words = np.frombuffer(sub.filters, dtype="<u8").astype(np.uint64).reshape(len(sub.refs), -1)
            lists.append(
                (
                    party.authority,
                    Encoding(tuple(sub.refs), words, exchange.schema, exchange.schema_digest, exchange.key_check),
                )
            )
        return exchange, lists


class _SupersededError(Exception):
    """The job was started again (this run was presumed dead): this run stops without writing."""


def _row(session: Session, exchange_id: str, token: str | None) -> LinkageExchange:
    """The exchange's row, if this run (started at ``token``) is still its job."""
    row = session.query(LinkageExchange).filter_by(id=exchange_id).one()
    if row.status != "matching" or row.started_at != token:
        raise _SupersededError
    return row


def _progress(store: Store, exchange_id: str, token: str | None, stage: str, fraction: float, **changes: Any) -> None:
    with store.session() as session:
        row = _row(session, exchange_id, token)
        row.stage, row.progress = stage[:80], round(min(1.0, max(0.0, fraction)), 4)
        row.heartbeat_at = now_text()
        for key, value in changes.items():
            setattr(row, key, value)


def _client() -> Client | None:
    from coopsec.linkage.distributed import DaskSettings, connect

    return connect() if DaskSettings().dask_scheduler else None


def run(store: Store, exchange_id: str, client: Client | None = None) -> None:
    """Match every pair of submitted lists of the exchange and store the pairs; failures stored in words.

    ``client``: a Dask client to run on; default: one to ``COOPSEC_DASK_SCHEDULER`` when it is set
    (closed afterwards), else this process.
    """
    own: Client | None = None
    token: str | None = None
    try:
        exchange, lists = _load(store, exchange_id)
        token = exchange.started_at
        steps = list(itertools.combinations(lists, 2))
        if client is None:
            client = own = _client()
        found: list[tuple[str, str, MatchResult, Encoding, Encoding]] = []
        for n, ((name_a, a), (name_b, b)) in enumerate(steps):
            _progress(store, exchange_id, token, f"matching {name_a} with {name_b}", n / (len(steps) + 1))
            result = match(a, b, mode=exchange.mode, false_hits=exchange.false_hits, client=client)  # type: ignore[arg-type]
            found.append((name_a, name_b, result, a, b))
        _progress(store, exchange_id, token, "storing the pairs", len(steps) / (len(steps) + 1))
        with store.session() as session:
            row = _row(session, exchange_id, token)
            counts: dict[str, int] = {}
            for name_a, name_b, result, a, b in found:
                p = result.pairs
                session.add_all(
                    LinkagePair(
                        exchange_pk=row.pk,
                        authority_a=name_a,
                        ref_a=a.ids[int(i)],
                        authority_b=name_b,
                        ref_b=b.ids[int(j)],
                        similarity=round(float(s), 6),
                    )
                    for i, j, s in zip(p.ia, p.ib, p.sims, strict=True)
                )
                counts[f"{name_a}|{name_b}"] = len(p)
            row.thresholds = {f"{a}|{b}": r.threshold for a, b, r, _, _ in found}
            row.status, row.stage, row.progress, row.finished_at = "done", "done", 1.0, now_text()
            audit.append(
                session, ACTOR, "linkage.matched", exchange_id, {"pairs": counts, "thresholds": row.thresholds}
            )
    except _SupersededError:
        return
    except Exception as err:  # any failure must end in words on the row, not a silent dead thread
        said = str(err) if isinstance(err, CoopsecError) else f"{type(err).__name__}: {err}"
        error = f"the matching job failed: {said[:400]}. The creator may start it again."
        with contextlib.suppress(_SupersededError):
            _progress(store, exchange_id, token, "failed", 0.0, status="failed", finished_at=now_text(), error=error)
    finally:
        if own is not None:
            own.close()  # type: ignore[no-untyped-call]


def launch(store: Store, exchange_id: str) -> threading.Thread:
    """Run the job in a background thread (the API answers at once; the dashboard polls the progress)."""
    thread = threading.Thread(target=run, args=(store, exchange_id), name=f"linkage-{exchange_id[:8]}", daemon=True)
    thread.start()
    return thread
