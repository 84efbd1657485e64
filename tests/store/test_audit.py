"""The audit log catches every way of tampering listed in issue 9, each with its own message, on SQLite and PostgreSQL.

The chain catches a changed, removed or reordered entry; signed heads with consistency proofs catch
a cut-off end, a rewrite with recomputed hashes and a fork; the replay catches direct edits of the
users and tokens tables; a missing or damaged table is an error with a message, never a traceback.
"""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import text
from typer.testing import CliRunner

from coopsec.errors import AuditKeyError, AuditLogError
from coopsec.settings import Settings, get_settings
from coopsec.store import Store, audit, open_store
from coopsec.store.accounts import add_user, create_token, disable_user, revoke_token


@pytest.fixture(scope="module")
def key() -> audit.HeadKey:
    return audit.HeadKey(Ed25519PrivateKey.generate(), "test")


def _populate(store: Store, tokens: int = 1) -> Store:
    with store.session() as session:
        add_user(session, "test", "alice", "a-long-password-1", "FI", "police", ["analyst"])
        add_user(session, "test", "bob", "a-long-password-2", "EE", "defence", ["viewer"])
        for i in range(tokens):
            create_token(session, "test", "alice", f"script-{i}")
        disable_user(session, "test", "bob")
    return store


@pytest.fixture
def store(database_url: str) -> Store:
    return _populate(open_store(database_url))


def _check(store: Store, key: audit.HeadKey | None = None, *given: tuple[str, audit.SignedHead]) -> list[str]:
    with store.session() as session:
        report = audit.check(session, key, given)
    return [str(f) for f in report.findings]


def _head(store: Store, key: audit.HeadKey) -> audit.SignedHead:
    with store.session() as session:
        return audit.record_head(session, key)


def _sql(store: Store, *statements: str) -> None:
    with store.session() as session:
        for statement in statements:
            session.execute(text(statement))


def _one(problems: list[str], *fragments: str) -> str:
    """The problem that holds every fragment (the message a reader would act on)."""
    found = [p for p in problems if all(f in p for f in fragments)]
    assert found, f"no problem with {fragments} in {problems}"
    return found[0]


# --- an untouched log ---------------------------------------------------------------------------


def test_every_write_is_audited_and_an_untouched_log_verifies(store: Store, key: audit.HeadKey) -> None:
    with store.session() as session:
        actions = [row[0] for row in session.execute(text("select action from audit_log order by id"))]
    assert actions == ["user.add", "user.add", "token.create", "user.disable"]
    assert _check(store, key) == []
    head = _head(store, key)
    assert head.tree_size == 4 and key.verifies(head)
    with store.session() as session:
        add_user(session, "test", "carol", "a-long-password-3", "DE", "police", ["viewer"])
        revoke_token(session, "test", 1)
    second = _head(store, key)
    assert _check(store, key, ("head file", head), ("head file", second)) == []
    with store.session() as session:
        report = audit.check(session, key)
    assert report.ok and report.entries == 6 and report.heads_checked == 2 and report.latest == second
    assert report.notes == []


def test_a_log_without_heads_says_so(store: Store) -> None:
    with store.session() as session:
        report = audit.check(session)
    assert report.ok and "no signed head is recorded" in report.notes[0]


# --- the chain ----------------------------------------------------------------------------------


def test_a_changed_entry_is_detected(store: Store) -> None:
    _sql(store, "update audit_log set target = 'mallory' where id = 2")
    problems = _check(store)
    assert problems[0] == "entry 2: its content was changed after it was written (hash mismatch)"
    _one(problems, "user bob is in the users table but the log never added them")


def test_a_removed_entry_is_detected(store: Store) -> None:
    _sql(store, "delete from audit_log where id = 2")
    problems = _check(store)
    _one(problems, "entry 3: entries 2 are missing")
    _one(problems, "entry 3: does not link")


def test_reordered_entries_are_detected(store: Store) -> None:
    _sql(
        store,
        "update audit_log set id = 100 where id = 2",
        "update audit_log set id = 2 where id = 3",
        "update audit_log set id = 3 where id = 100",
    )
    problems = _check(store)
    assert any(p.startswith("entry 2:") for p in problems) and any(p.startswith("entry 3:") for p in problems)


def test_a_failed_write_leaves_no_half_written_record(store: Store) -> None:
    with pytest.raises(ValueError, match="taken"), store.session() as session:
        add_user(session, "test", "alice", "a-long-password-3", "FI", "police", ["analyst"])
    with store.session() as session:
        assert session.execute(text("select count(*) from users")).scalar_one() == 2
        assert session.execute(text("select count(*) from audit_log")).scalar_one() == 4


# --- truncation, rewrite, fork against signed heads ------------------------------------------------


def test_deleting_the_last_entry_is_caught_by_the_head(store: Store, key: audit.HeadKey) -> None:
    _head(store, key)
    _sql(store, "delete from audit_log where id = 4")
    problems = _check(store, key)
    _one(problems, "head #1 (size 4", "the log has 3 entries but this head signed 4", "entries 4 were removed")
    _one(problems, "user bob is disabled in the users table but enabled in the log")


def test_deleting_the_last_twenty_entries_is_caught(database_url: str, key: audit.HeadKey) -> None:
    store = _populate(open_store(database_url), tokens=23)  # 26 entries
    _head(store, key)
    _sql(store, "delete from audit_log where id > 6")
    problems = _check(store, key)
    _one(
        problems, "head #1", "the log has 6 entries but this head signed 26", "entries 7-26 were removed", "truncation"
    )


def test_deleting_every_entry_is_caught(store: Store, key: audit.HeadKey) -> None:
    _head(store, key)
    _sql(store, "delete from audit_log")
    problems = _check(store, key)
    _one(problems, "the log has 0 entries but this head signed 4", "entries 1-4 were removed")
    _one(problems, "user alice is in the users table but the log never added them")


def test_deleting_every_entry_and_head_is_caught_by_a_head_kept_elsewhere(store: Store, key: audit.HeadKey) -> None:
    kept = _head(store, key)
    _sql(store, "delete from audit_log", "delete from audit_heads", "delete from api_tokens", "delete from users")
    problems = _check(store, key, ("head file kept.json", kept))
    assert problems == [_one(problems, "head file kept.json (size 4", "the log has 0 entries but this head signed 4")]


def _rehash_from(store: Store, first: int) -> None:
    """Recompute every chain hash from entry ``first`` on, as an attacker who knows the scheme would."""
    with store.session() as session:
        rows = session.execute(
            text("select id, at, actor, action, target, detail, prev_hash from audit_log order by id")
        )
        prev = audit.GENESIS
        for entry_id, at, actor, action, target, detail, stored_prev in list(rows):
            if entry_id < first:
                prev = audit._digest(stored_prev, entry_id, at, actor, action, target, detail)
                continue
            new = audit._digest(prev, entry_id, at, actor, action, target, detail)
            session.execute(
                text("update audit_log set prev_hash = :p, hash = :h where id = :i"),
                {"p": prev, "h": new, "i": entry_id},
            )
            prev = new


def test_a_forged_entry_with_recomputed_hashes_is_caught(store: Store, key: audit.HeadKey) -> None:
    _head(store, key)
    _sql(store, "update audit_log set actor = 'system' where id = 2")
    _rehash_from(store, 2)
    problems = _check(store, key)
    assert not any(p.startswith("entry") for p in problems)  # the chain alone is fooled: heads are needed
    assert problems == [_one(problems, "head #1 (size 4", "consistency proof fails", "forged entry with recomputed")]


def test_an_entry_rewritten_in_the_middle_is_caught(store: Store, key: audit.HeadKey) -> None:
    _head(store, key)
    _sql(store, "update audit_log set at = '2020-01-01T00:00:00+00:00' where id = 3")
    problems = _check(store, key)
    _one(problems, "entry 3: its content was changed")
    _one(problems, "head #1", "entries among 1-4 were changed, removed or replaced")


def test_a_fork_with_a_common_prefix_is_caught(store: Store, key: audit.HeadKey) -> None:
    with store.session() as session:  # the first head, at 2 entries, is the common prefix
        session.execute(text("delete from audit_log where id > 2"))
        session.execute(text("delete from api_tokens"))
        session.execute(text("update users set disabled = false"))
    _head(store, key)
    with store.session() as session:
        create_token(session, "test", "alice", "script")
        disable_user(session, "test", "bob")
    _head(store, key)
    # Another history from entry 3 on: the tail is replaced by different, well-chained writes.
    _sql(store, "delete from audit_log where id > 2", "delete from api_tokens", "update users set disabled = false")
    with store.session() as session:
        add_user(session, "test", "carol", "a-long-password-3", "DE", "police", ["administrator"])
        create_token(session, "test", "carol", "backdoor")
        disable_user(session, "test", "bob")
    problems = _check(store, key)  # chain and tables agree with the forked log: only the heads see it
    assert problems == [
        _one(problems, "head #2 (size 4", "a fork of the log", "still agrees with head #1 (size 2", "entries 3-4")
    ]


# --- direct table edits ---------------------------------------------------------------------------


def test_a_viewer_made_administrator_is_reported(store: Store) -> None:
    _sql(store, "update users set roles = 'administrator' where username = 'bob'")
    assert _check(store) == ["user bob has roles administrator but the log gives viewer"]


def test_direct_edits_of_users_are_reported(store: Store) -> None:
    _sql(
        store,
        "update users set disabled = false where username = 'bob'",
        "update users set password_hash = 'x' where username = 'alice'",
        "update users set authority_id = (select id from authorities where state = 'EE') where username = 'alice'",
    )
    problems = _check(store)
    _one(problems, "user bob is enabled in the users table but disabled in the log")
    _one(problems, "user alice's password hash is not the one the log recorded")
    _one(problems, "user alice belongs to EE defence but the log gives FI police")
    _sql(store, "delete from api_tokens", "delete from users where username = 'alice'")
    _one(_check(store), "user alice was added by entry 1 but is missing from the users table")


def test_direct_edits_of_tokens_are_reported(store: Store) -> None:
    with store.session() as session:
        revoke_token(session, "test", 1)
    assert _check(store) == []
    _sql(store, "update api_tokens set revoked_at = null where id = 1")
    assert _check(store) == ["token 1 (alice) is active in the api_tokens table but revoked in the log"]
    _sql(
        store,
        "update api_tokens set token_hash = 'forged', user_id = (select id from users where username = 'bob')",
        "insert into api_tokens (id, user_id, name, prefix, token_hash, created_at) "
        "select 7, id, 'x', 'cst_x', 'h', created_at from users where username = 'bob'",
    )
    problems = _check(store)
    _one(problems, "token 1 (bob) belongs to bob but the log gives alice")
    _one(problems, "token 1 (bob)'s secret hash is not the one the log recorded")
    _one(problems, "token 7 (bob) is in the api_tokens table but the log never created it")


# --- heads: signatures, other logs, the key --------------------------------------------------------


def test_a_bad_head_signature_is_caught(store: Store, key: audit.HeadKey) -> None:
    _head(store, key)
    _sql(store, "update audit_heads set timestamp = '2030-01-01T00:00:00+00:00'")
    problems = _check(store, key)
    assert problems == [
        "head #1 (size 4, 2030-01-01T00:00:00+00:00): bad signature: the head was altered or forged after it was signed"
    ]
    other = audit.HeadKey(Ed25519PrivateKey.generate(), "other")
    _sql(store, "delete from audit_heads")
    _head(store, other)
    _one(_check(store, key), "head #", "signed by another key")


def test_a_head_file_from_another_log_is_caught(store: Store, key: audit.HeadKey, tmp_path: Path) -> None:
    other = open_store(f"sqlite:///{tmp_path / 'other.db'}")
    with other.session() as session:
        add_user(session, "test", "alice", "a-long-password-1", "FI", "police", ["analyst"])
        add_user(session, "test", "zed", "a-long-password-2", "EE", "defence", ["viewer"])
    foreign = _head(other, key)
    path = tmp_path / "head.json"
    path.write_text(json.dumps(foreign.to_dict()))
    given = [(f"head file {path}", h) for h in audit.read_head_file(path)]
    problems = _check(store, key, *given)
    assert problems == [_one(problems, f"head file {path} (size 2", "consistency proof fails")]
    stranger = audit.HeadKey(Ed25519PrivateKey.generate(), "stranger")
    other = _populate(open_store(f"sqlite:///{tmp_path / 'third.db'}"))
    _one(_check(store, key, ("head file b.json", _head(other, stranger))), "head file b.json", "signed by another key")


def test_a_head_is_never_signed_over_a_tampered_log(store: Store, key: audit.HeadKey) -> None:
    _sql(store, "update users set roles = 'administrator' where username = 'bob'")
    with pytest.raises(AuditLogError, match="no head was signed"), store.session() as session:
        audit.record_head(session, key)


def test_the_key_file_is_made_owner_only_and_refused_when_others_may_read_it(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    assert audit.load_key(settings, create=False) is None
    made = audit.load_key(settings, create=True)
    path = tmp_path / "audit-signing.key"
    assert made is not None and stat.S_IMODE(path.stat().st_mode) == 0o600
    again = audit.load_key(settings, create=False)
    assert again is not None and again.key_id == made.key_id
    path.chmod(0o640)
    with pytest.raises(AuditKeyError, match="chmod 600"):
        audit.load_key(settings, create=False)
    with pytest.raises(AuditKeyError, match="COOPSEC_AUDIT_KEY"):
        audit.load_key(Settings(data_dir=tmp_path, audit_key="not base64!"), create=False)
    seeded = audit.load_key(Settings(data_dir=tmp_path, audit_key="A" * 43 + "="), create=False)
    assert seeded is not None and seeded.source == "COOPSEC_AUDIT_KEY"


# --- missing or damaged tables ----------------------------------------------------------------------


def test_a_missing_or_damaged_audit_table_is_an_error_with_a_message(store: Store) -> None:
    _sql(store, "alter table audit_log drop column detail")
    with pytest.raises(AuditLogError, match=r"cannot read the audit log \(table audit_log\).*restore the database"):
        _check(store)
    _sql(store, "drop table audit_log")
    with pytest.raises(AuditLogError, match="table is missing or damaged"):
        _check(store)


# --- the commands -----------------------------------------------------------------------------------


def test_the_audit_commands_end_to_end(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from coopsec.cli.app import app

    monkeypatch.setenv("COOPSEC_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("COOPSEC_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    try:
        runner = CliRunner()
        store = _populate(open_store(f"sqlite:///{tmp_path / 'coopsec.db'}"))
        head = runner.invoke(app, ["audit", "head", "--json"])
        assert head.exit_code == 0, head.output
        saved = tmp_path / "head.json"
        saved.write_text(head.stdout)
        assert json.loads(head.stdout)["tree_size"] == 4
        ok = runner.invoke(app, ["audit", "verify", "--head", str(saved)])
        assert ok.exit_code == 0 and "audit log intact: 4 entries" in ok.stdout, ok.output
        _sql(store, "delete from audit_log where id = 4", "delete from audit_heads")
        bad = runner.invoke(app, ["audit", "verify", "--head", str(saved), "--json"])
        assert bad.exit_code == 1
        body = json.loads(bad.stdout)
        assert not body["ok"] and any("entries 4 were removed" in p for p in body["problems"])
        _sql(store, "drop table audit_log")
        broken = runner.invoke(app, ["audit", "verify"])
        assert broken.exit_code == 1 and (broken.exception is None or isinstance(broken.exception, SystemExit))
        assert "cannot read the audit log" in broken.output
        wrong = tmp_path / "wrong.json"
        wrong.write_text("{}")
        assert runner.invoke(app, ["audit", "verify", "--head", str(wrong)]).exit_code == 2
    finally:
        get_settings.cache_clear()
