"""The linkage exchange on the server: pairs as the library finds them, shown to both owners only, no names kept."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select, update

from coopsec.errors import ConflictError, ForbiddenError, InputError, RateLimitedError, UnknownCodeError
from coopsec.exchange.lookup import audited
from coopsec.kb import KnowledgeBase
from coopsec.linkage import job as linkage_job
from coopsec.linkage import match
from coopsec.linkage.limits import LinkageLimits
from coopsec.linkage.parties import results, start, submit
from coopsec.linkage.server import ExchangeIn, create_exchange, exchange_dict, get_exchange
from coopsec.store import open_store
from coopsec.store.accounts import get_user
from coopsec.store.db import Store
from coopsec.store.linkage_models import LinkageExchange
from coopsec.store.models import AuditEntry
from tests.linkage.server_helpers import PARTIES, add_users, encodings, every_value, names

LIMITS = LinkageLimits(min_records=20)


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    opened = open_store(database_url)
    add_users(opened)
    yield opened
    opened.engine.dispose()


def act(store: Store, kb: KnowledgeBase, username: str, action: Any) -> Any:
    """Run ``action(session, kb, user)`` as ``username`` through the audited session, as the API does."""
    return audited(store, lambda session: action(session, kb, get_user(session, username)))


def new_exchange(store: Store, kb: KnowledgeBase, creator: str = "fr", **changes: Any) -> str:
    key = encodings()["FR/police"].key_check
    data = ExchangeIn(
        purpose="Cross-match of suspected money mules (AMLD Art. 53)",
        schema="persons",
        key_check=key,
        parties=changes.pop("parties", PARTIES),
        **changes,
    )
    made = act(store, kb, creator, lambda s, k, u: create_exchange(s, k, u, data, LIMITS))
    return str(made.id)


def send(store: Store, kb: KnowledgeBase, username: str, exchange: str, doc: dict[str, Any]) -> dict[str, Any]:
    return dict(act(store, kb, username, lambda s, k, u: submit(s, k, u, exchange, doc, LIMITS)))


def test_pairs_equal_the_library_and_reach_only_their_owners(store: Store, kb: KnowledgeBase) -> None:
    ex = new_exchange(store, kb, parties=("FR/police", "DE/police", "NL/police"))
    docs = {who: enc.to_json() for who, enc in encodings().items()}
    assert send(store, kb, "fr", ex, docs["FR/police"])["ready"] is False
    assert send(store, kb, "de", ex, docs["DE/police"])["ready"] is False
    assert send(store, kb, "nl", ex, docs["NL/police"])["ready"] is True
    act(store, kb, "nl", lambda s, k, u: start(s, u, ex))
    linkage_job.run(store, ex)

    shown = act(store, kb, "de", lambda s, k, u: exchange_dict(get_exchange(s, u, ex), u))
    assert shown["status"] == "done" and shown["progress"] == {"stage": "done", "fraction": 1.0}
    assert set(shown["thresholds"]) == {"DE/police|FR/police", "DE/police|NL/police"}  # only its own pairs of lists

    enc = encodings()
    seen = {who: act(store, kb, who, lambda s, k, u: results(s, k, u, ex))["pairs"] for who in ("fr", "de", "nl")}
    for (name_a, a), (name_b, b) in (
        (("DE/police", enc["DE/police"]), ("FR/police", enc["FR/police"])),
        (("DE/police", enc["DE/police"]), ("NL/police", enc["NL/police"])),
        (("FR/police", enc["FR/police"]), ("NL/police", enc["NL/police"])),
    ):
        local = match(a, b, mode="one-to-one", false_hits=0.01).pairs
        expected = {
            (a.ids[i], b.ids[j], round(float(s), 6)) for i, j, s in zip(local.ia, local.ib, local.sims, strict=True)
        }
        assert expected  # the lists do overlap
        user_a, user_b = name_a[:2].lower(), name_b[:2].lower()
        got_a = {(p["ref"], p["other_ref"], p["similarity"]) for p in seen[user_a] if p["other_authority"] == name_b}
        got_b = {(p["other_ref"], p["ref"], p["similarity"]) for p in seen[user_b] if p["other_authority"] == name_a}
        assert got_a == got_b == expected
    # A third party of the exchange sees no pair between the other two: every pair it sees names it.
    own_refs = set(enc["NL/police"].ids)
    assert seen["nl"] and all(p["ref"] in own_refs for p in seen["nl"])
    assert not {p["other_authority"] for p in seen["nl"]} - {"FR/police", "DE/police"}

    # An outsider: no such exchange; a creator who is not a party: no results; a viewer: no results.
    with pytest.raises(UnknownCodeError):
        act(store, kb, "es", lambda s, k, u: results(s, k, u, ex))
    with pytest.raises(ForbiddenError):
        act(store, kb, "fr-viewer", lambda s, k, u: results(s, k, u, ex))
    ex2 = new_exchange(store, kb, creator="es", parties=("FR/police", "DE/police"))
    send(store, kb, "fr", ex2, docs["FR/police"])
    send(store, kb, "de", ex2, docs["DE/police"])
    act(store, kb, "es", lambda s, k, u: start(s, u, ex2))
    linkage_job.run(store, ex2)
    with pytest.raises(ForbiddenError, match="not a party"):
        act(store, kb, "es", lambda s, k, u: results(s, k, u, ex2))
    assert act(store, kb, "fr", lambda s, k, u: results(s, k, u, ex2))["pairs"]

    # Every submission and result read (refusals too) is in the audit log.
    with store.session(write=False) as session:
        actions = [(e.actor, e.action) for e in session.scalars(select(AuditEntry))]
    assert actions.count(("fr", "linkage.submit")) == 2 and ("de", "linkage.results") in actions
    assert ("es", "linkage.results-refused") in actions and ("fr-viewer", "linkage.results-refused") in actions

    # No name, address, date of birth or id number is anywhere in the database, audit log included.
    cells = [(table, text.lower()) for table, text in every_value(store)]
    assert any(t == "linkage_submissions" for t, _ in cells) and any(t == "audit_log" for t, _ in cells)
    assert len(names()) > 300
    leaked = {(table, name) for name in names() for table, text in cells if name in text}
    assert not leaked, sorted(leaked)[:5]


def test_wrong_encodings_are_refused_with_what_to_fix(store: Store, kb: KnowledgeBase) -> None:
    ex = new_exchange(store, kb, parties=("FR/police", "DE/police"))
    good = encodings()["FR/police"].to_json()
    cases: list[tuple[dict[str, Any], type[Exception], str]] = [
        ({**good, "key_check": "00" * 8}, ConflictError, "secret shared"),
        ({**good, "schema_digest": "ab" * 8}, ConflictError, "schema_digest"),
        ({**good, "schema": "vehicles"}, ConflictError, "schema"),
        ({**good, "names": ["Jean Dupont"]}, InputError, "more than encodings"),
        ({**good, "ids": ["Jean Dupont", *good["ids"][1:]]}, InputError, "opaque reference"),
        ({**good, "ids": [good["ids"][0], *good["ids"][:-1]]}, InputError, "repeat"),
        ({**good, "clks": ["!!", *good["clks"][1:]]}, InputError, "base64 filter"),
        ({**good, "count": 3, "ids": good["ids"][:3], "clks": good["clks"][:3]}, InputError, "membership query"),
        ({k: v for k, v in good.items() if k != "count"}, InputError, "lacks count"),
    ]
    for doc, error, words in cases:
        with pytest.raises(error, match=words):
            send(store, kb, "fr", ex, doc)
    with pytest.raises(UnknownCodeError):  # an outsider cannot submit, nor learn that the exchange exists
        send(store, kb, "es", ex, good)
    with pytest.raises(ForbiddenError):
        send(store, kb, "fr-viewer", ex, good)
    send(store, kb, "fr", ex, good)
    with pytest.raises(ConflictError, match="once"):
        send(store, kb, "fr", ex, good)
    with store.session(write=False) as session:
        refused = session.scalars(select(AuditEntry).where(AuditEntry.action == "linkage.submit-refused")).all()
    assert len(refused) == len(cases) + 3  # the outsider, the viewer, the second submission
    # A watchlist check takes a handful of records, on purpose.
    wl = new_exchange(store, kb, parties=("FR/police", "DE/police"), watchlist=True, mode="threshold")
    small = {**good, "count": 3, "ids": good["ids"][:3], "clks": good["clks"][:3]}
    assert send(store, kb, "fr", wl, small)["you"]["records"] == 3


def test_exchanges_and_submissions_are_rate_limited(store: Store, kb: KnowledgeBase) -> None:
    tight = LinkageLimits(min_records=20, exchanges_per_day=2, submissions_per_day=1)
    key = encodings()["FR/police"].key_check
    data = ExchangeIn(purpose="Watchlist check under AMLD", schema="persons", key_check=key, parties=PARTIES)
    made = [act(store, kb, "de", lambda s, k, u: create_exchange(s, k, u, data, tight)).id for _ in range(2)]
    with pytest.raises(RateLimitedError, match="EXCHANGES_PER_DAY") as caught:
        act(store, kb, "de", lambda s, k, u: create_exchange(s, k, u, data, tight))
    assert 0 < caught.value.retry_after <= 86_400
    doc = encodings()["FR/police"].to_json()
    act(store, kb, "fr", lambda s, k, u: submit(s, k, u, made[0], doc, tight))
    with pytest.raises(RateLimitedError, match="SUBMISSIONS_PER_DAY"):
        act(store, kb, "fr", lambda s, k, u: submit(s, k, u, made[1], doc, tight))


def test_ring_restriction_and_start_rules(store: Store, kb: KnowledgeBase) -> None:
    with pytest.raises(InputError, match="not an authority of coopsec"):
        new_exchange(store, kb, parties=("FR/police", "IT/police"))
    with pytest.raises(InputError, match="unknown ring"):
        new_exchange(store, kb, ring="nowhere")
    with pytest.raises(ForbiddenError, match="not in the core ring"):
        new_exchange(store, kb, parties=("FR/police", "UA/police"), ring="core")
    ex = new_exchange(store, kb, parties=("FR/police", "DE/police"), ring="core")
    with pytest.raises(ConflictError, match="at least two"):
        act(store, kb, "fr", lambda s, k, u: start(s, u, ex))
    with pytest.raises(ForbiddenError, match="creator"):
        act(store, kb, "de", lambda s, k, u: start(s, u, ex))
    with pytest.raises(ForbiddenError):
        new_exchange(store, kb, creator="fr-viewer")
    send(store, kb, "fr", ex, encodings()["FR/police"].to_json())
    send(store, kb, "de", ex, encodings()["DE/police"].to_json())
    act(store, kb, "de", lambda s, k, u: start(s, u, ex))  # every list is in: a party may start
    with pytest.raises(ConflictError, match="already matching"):
        act(store, kb, "fr", lambda s, k, u: start(s, u, ex))
    with store.session() as session:  # the service running the job stopped an hour ago
        session.execute(
            update(LinkageExchange).where(LinkageExchange.id == ex).values(heartbeat_at="2000-01-01T00:00:00.000000Z")
        )
    act(store, kb, "fr", lambda s, k, u: start(s, u, ex))
    linkage_job.run(store, ex)
    assert act(store, kb, "fr", lambda s, k, u: results(s, k, u, ex))["pairs"]
    with pytest.raises(ConflictError, match="already done"):
        act(store, kb, "fr", lambda s, k, u: start(s, u, ex))


def _pairs(store: Store, kb: KnowledgeBase, ex: str) -> set[tuple[str, str, float]]:
    found = act(store, kb, "de", lambda s, k, u: results(s, k, u, ex))["pairs"]
    return {(p["ref"], p["other_ref"], p["similarity"]) for p in found}


def test_the_job_on_dask_equals_the_local_job_and_a_failure_is_said(
    tmp_path: Any, kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    from distributed import Client, LocalCluster

    sqlite = open_store(f"sqlite:///{tmp_path / 'dask.db'}")
    add_users(sqlite)
    made = []
    for _ in range(2):
        ex = new_exchange(sqlite, kb, parties=("FR/police", "DE/police"), mode="threshold")
        send(sqlite, kb, "fr", ex, encodings()["FR/police"].to_json())
        send(sqlite, kb, "de", ex, encodings()["DE/police"].to_json())
        act(sqlite, kb, "fr", lambda s, k, u, ex=ex: start(s, u, ex))
        made.append(ex)
    with (
        LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,  # type: ignore[no-untyped-call]
    ):
        linkage_job.run(sqlite, made[0], client=client)
    linkage_job.run(sqlite, made[1])
    assert _pairs(sqlite, kb, made[0]) == _pairs(sqlite, kb, made[1]) != set()

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise MemoryError("no room for the candidate pairs")

    ex = new_exchange(sqlite, kb, parties=("FR/police", "NL/police"))
    send(sqlite, kb, "fr", ex, encodings()["FR/police"].to_json())
    send(sqlite, kb, "nl", ex, encodings()["NL/police"].to_json())
    act(sqlite, kb, "fr", lambda s, k, u: start(s, u, ex))
    monkeypatch.setattr(linkage_job, "match", broken)
    linkage_job.run(sqlite, ex)
    shown = act(sqlite, kb, "nl", lambda s, k, u: exchange_dict(get_exchange(s, u, ex), u))
    assert shown["status"] == "failed" and "no room for the candidate pairs" in shown["error"]
    with pytest.raises(ConflictError, match="failed"):
        act(sqlite, kb, "nl", lambda s, k, u: results(s, k, u, ex))
    monkeypatch.undo()
    act(sqlite, kb, "fr", lambda s, k, u: start(s, u, ex))  # the creator starts it again
    linkage_job.run(sqlite, ex)
    assert act(sqlite, kb, "nl", lambda s, k, u: results(s, k, u, ex))["pairs"]
    sqlite.engine.dispose()
