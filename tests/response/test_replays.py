"""The bundled crisis replays: checked as data, played through the coordination on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from coopsec.errors import DataError, TransitionError, UnknownCodeError
from coopsec.kb import KnowledgeBase
from coopsec.kb.paths import default_data_dir
from coopsec.obligations import Assessor, assessor_for
from coopsec.response.coordination_views import show_incident
from coopsec.response.demo import play
from coopsec.response.replays import Replay, load_replays, replay_named
from coopsec.response.report import after_action
from coopsec.store import Store, audit, open_store
from coopsec.store.accounts import HashedPassword, hash_password

REPLAYS = ("paris-2015", "turkiye-2023", "cbrn-fictional")


@pytest.fixture(scope="module")
def assessor(kb: KnowledgeBase) -> Assessor:
    return assessor_for(kb)


@pytest.fixture(scope="module")
def replays(kb: KnowledgeBase) -> tuple[Replay, ...]:
    return load_replays(kb)


@pytest.fixture(scope="module")
def password() -> HashedPassword:
    return hash_password("a-long-demo-password")


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    opened = open_store(database_url)
    yield opened
    opened.engine.dispose()


def test_the_three_replays_are_bundled_with_sources(replays: tuple[Replay, ...], kb: KnowledgeBase) -> None:
    assert {r.id for r in replays} >= set(REPLAYS)
    for replay in replays:
        assert replay.data.incident.source in kb.sources
        assert all(step.source in kb.sources for step in replay.data.steps)
    assert replay_named(replays, "cbrn-fictional").data.fictional
    assert not replay_named(replays, "paris-2015").data.fictional


def test_paris_2015_invokes_42_7_on_17_november(replays: tuple[Replay, ...]) -> None:
    paris = replay_named(replays, "paris-2015").data
    assert paris.incident.victim == "FR"
    assert paris.incident.occurred_at.startswith("2015-11-13")
    request = next(s for s in paris.steps if s.action == "request")
    assert (request.mechanism, request.at[:10]) == ("teu-42-7", "2015-11-17")


def test_turkiye_2023_requests_the_mechanism_the_same_day(replays: tuple[Replay, ...]) -> None:
    turkiye = replay_named(replays, "turkiye-2023").data
    request = next(s for s in turkiye.steps if s.action == "request")
    assert (request.mechanism, request.at[:10]) == ("eu-ucpm", turkiye.incident.occurred_at[:10])
    assert {s.action for s in turkiye.steps} >= {"offer", "accept", "deliver"}


@pytest.mark.parametrize("name", REPLAYS)
def test_each_replay_plays_through_the_state_machine_and_audits(
    name: str, store: Store, assessor: Assessor, replays: tuple[Replay, ...], password: HashedPassword
) -> None:
    replay = replay_named(replays, name)
    played = play(store, assessor, replay, password)
    assert not played.skipped
    assert played.steps == len(replay.data.steps)
    with store.session(write=False) as session:
        shown = show_incident(session, played.incident)
        report = after_action(session, assessor, played.incident, "md")
        _, findings = audit.verify(session)
    assert findings == []
    assert [s["action"] for s in shown["timeline"]] == ["report", *(s.action for s in replay.data.steps)]
    closes = replay.data.steps[-1].action == "close"
    assert shown["status"] == ("closed" if closes else "open")
    for step in replay.data.steps:
        if step.what:
            assert " ".join(step.what.split())[:40] in " ".join(report.split())
    again = play(store, assessor, replay, password)
    assert again.skipped and again.incident == played.incident


def test_until_stops_a_replay_part_way_for_the_user_to_finish(
    store: Store, assessor: Assessor, replays: tuple[Replay, ...], password: HashedPassword
) -> None:
    paris = replay_named(replays, "paris-2015")
    played = play(store, assessor, paris, password, until="2015-11-17T23:59:59+01:00")
    with store.session(write=False) as session:
        shown = show_incident(session, played.incident)
    assert shown["status"] == "open"
    assert [r["mechanism"] for r in shown["requests"]] == ["teu-42-7"]
    assert shown["offers"] == []


def test_a_bad_replay_names_file_and_key_of_every_problem(kb: KnowledgeBase, tmp_path: Path) -> None:
    folder = tmp_path / "replays"
    folder.mkdir()
    yaml = YAML(typ="safe", pure=True)
    bad = yaml.load(default_data_dir() / "replays" / "paris-2015.yaml")
    bad["incident"]["source"] = "no-such-source"
    bad["steps"][0]["by"] = "nobody"
    bad["steps"].append({"action": "accept", "by": bad["incident"]["reported_by"], "at": "2016-01-01",
                         "source": "teu-42-7-2015", "offer": "no-such-offer"})  # fmt: skip
    bad["steps"].append({"action": "deliver", "by": bad["incident"]["reported_by"], "at": "2016-01-01",
                         "source": "teu-42-7-2015"})  # fmt: skip
    yaml.dump(bad, folder / "paris-2015.yaml")
    (folder / "typo.yaml").write_text("id: typo\ntitle: x\nfictional: maybe\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_replays(kb, tmp_path)
    said = {(i.file, i.path) for i in caught.value.issues}
    assert ("replays/paris-2015.yaml", "incident.source") in said
    assert ("replays/paris-2015.yaml", "steps[0].by") in said
    n = len(bad["steps"])
    assert ("replays/paris-2015.yaml", f"steps[{n - 2}].offer") in said
    assert ("replays/paris-2015.yaml", f"steps[{n - 1}].offer") in said
    assert ("replays/paris-2015.yaml", f"steps[{n - 1}].what") in said
    assert ("replays/typo.yaml", "fictional") in said
    assert ("replays/typo.yaml", "steps") in said


def test_a_step_the_state_machine_refuses_fails_naming_the_step(
    kb: KnowledgeBase, store: Store, assessor: Assessor, replays: tuple[Replay, ...], password: HashedPassword
) -> None:
    paris = replay_named(replays, "paris-2015")
    offer = next(i for i, s in enumerate(paris.data.steps) if s.action == "offer")
    steps = list(paris.data.steps)
    steps.insert(offer + 1, steps[offer].model_copy(update={"ref": "again", "at": "2015-11-18T10:00:00+01:00"}))
    steps[offer] = steps[offer].model_copy(update={"by": paris.data.incident.reported_by})  # France offers to itself
    broken = Replay(paris.file, paris.data.model_copy(update={"steps": steps}))
    with pytest.raises((TransitionError, UnknownCodeError, PermissionError)) as caught:
        play(store, assessor, broken, password)
    assert f"steps[{offer}]" in str(caught.value)
