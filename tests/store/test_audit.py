"""The audit chain detects any changed, removed or reordered entry, and says which."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from coopsec.store import Store, audit, open_store
from coopsec.store.accounts import add_user, create_token, disable_user


@pytest.fixture
def store(database_url: str) -> Store:
    store = open_store(database_url)
    with store.session() as session:
        add_user(session, "test", "alice", "a-long-password-1", "FI", "police", ["analyst"])
        add_user(session, "test", "bob", "a-long-password-2", "EE", "defence", ["viewer"])
        create_token(session, "test", "alice", "script")
        disable_user(session, "test", "bob")
    return store


def _verify(store: Store) -> list[str]:
    with store.session() as session:
        count, findings = audit.verify(session)
    assert count >= 1
    return [str(f) for f in findings]


def test_every_write_is_audited_and_the_chain_is_intact(store: Store) -> None:
    with store.session() as session:
        actions = [row[0] for row in session.execute(text("select action from audit_log order by id"))]
    assert actions == ["user.add", "user.add", "token.create", "user.disable"]
    assert _verify(store) == []


def test_a_changed_entry_is_detected(store: Store) -> None:
    with store.session() as session:
        session.execute(text("update audit_log set target = 'mallory' where id = 2"))
    assert _verify(store) == ["entry 2: its content was changed after it was written (hash mismatch)"]


def test_a_removed_entry_is_detected(store: Store) -> None:
    with store.session() as session:
        session.execute(text("delete from audit_log where id = 2"))
    problems = _verify(store)
    assert any("entry 3: entries 2 are missing" in p for p in problems)
    assert any("entry 3: does not link" in p for p in problems)


def test_reordered_entries_are_detected(store: Store) -> None:
    with store.session() as session:
        session.execute(text("update audit_log set id = 100 where id = 2"))
        session.execute(text("update audit_log set id = 2 where id = 3"))
        session.execute(text("update audit_log set id = 3 where id = 100"))
    problems = _verify(store)
    assert any(p.startswith("entry 2:") for p in problems) and any(p.startswith("entry 3:") for p in problems)


def test_a_failed_write_leaves_no_half_written_record(store: Store) -> None:
    with pytest.raises(ValueError, match="taken"), store.session() as session:
        add_user(session, "test", "alice", "a-long-password-3", "FI", "police", ["analyst"])
    with store.session() as session:
        assert session.execute(text("select count(*) from users")).scalar_one() == 2
        assert session.execute(text("select count(*) from audit_log")).scalar_one() == 4
