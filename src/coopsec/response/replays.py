"""Replays of crises (``data/replays/*.yaml``): an incident and its coordination steps, as data with sources.

A replay is the record of how a real crisis was coordinated (Paris 2015, Türkiye 2023) or a
scenario marked ``fictional``, written as the steps coopsec's coordination takes: who acted (an
actor: a state's authority and role), when, what, and the source that says so. They are demo data
(``coopsec demo`` plays them into the store through the same transitions as the API, so each step
is checked and audited) and test fixtures. They are checked like the knowledge base's files: every
problem names the file and the key, and every step's source must be in ``sources.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import Field

from coopsec.errors import DataError, DataIssue
from coopsec.kb import KnowledgeBase
from coopsec.kb.files import read_model
from coopsec.kb.paths import default_data_dir
from coopsec.kb.schema import Strict

#: The folder of the data directory that holds the replays.
FOLDER = "replays"
Action = Literal["ipcr", "request", "offer", "accept", "decline", "deliver", "close-request", "close"]
#: What each action needs besides ``by``, ``at`` and ``source``.
NEEDS: dict[str, tuple[str, ...]] = {
    "ipcr": ("mode",),
    "request": ("mechanism", "needs", "ref"),
    "offer": ("request", "what", "ref"),
    "accept": ("offer",),
    "decline": ("offer",),
    "deliver": ("offer", "what"),
    "close-request": ("request",),
    "close": (),
}


class Actor(Strict):
    """Who acts in a replay: a user of a state's authority with one role."""

    state: str = Field(min_length=2, max_length=4)
    agency: str
    role: Literal["liaison-officer", "administrator"] = "liaison-officer"


class IncidentFacts(Strict):
    """The incident as its affected state reports it."""

    kind: str
    victim: str
    place: str
    occurred_at: str
    casualties: int = Field(default=0, ge=0)
    cbrn: bool = False
    cross_border: bool = False
    online_propaganda: bool = False
    perpetrators: str = "unknown"
    by: str | None = None
    reported_by: str
    source: str


class Step(Strict):
    """One coordination step: ``by`` (an actor) does ``action`` at ``at``, as ``source`` says."""

    action: Action
    by: str
    at: str
    source: str
    ref: str | None = Field(default=None, description="A name later steps use for this request or offer")
    request: str | None = None
    offer: str | None = None
    mechanism: str | None = None
    needs: str | None = None
    what: str | None = None
    mode: str | None = None
    note: str | None = Field(default=None, description="For the reader of the file; not played")


class ReplayFile(Strict):
    """A replay file."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str
    fictional: bool
    summary: str
    actors: dict[str, Actor]
    incident: IncidentFacts
    steps: list[Step]


@dataclass(frozen=True)
class Replay:
    """A checked replay and the file it came from."""

    file: str
    data: ReplayFile

    @property
    def id(self) -> str:
        """The replay's id (``paris-2015``)."""
        return self.data.id


def _check(kb: KnowledgeBase, label: str, replay: ReplayFile) -> list[DataIssue]:
    """Cross-checks: actors, states, sources, mechanisms and the references between steps."""
    issues: list[DataIssue] = []

    def bad(key: str, message: str) -> None:
        issues.append(DataIssue(label, key, message))

    for name, actor in replay.actors.items():
        if actor.state not in kb.states:
            bad(f"actors.{name}.state", f"unknown state {actor.state!r}: use a code of states.yaml")
    facts = replay.incident
    if facts.victim not in kb.states:
        bad("incident.victim", f"unknown state {facts.victim!r}: use a code of states.yaml")
    if facts.reported_by not in replay.actors:
        bad("incident.reported_by", f"unknown actor {facts.reported_by!r}: declare it under actors")
    if facts.source not in kb.sources:
        bad("incident.source", f"unknown source {facts.source!r}: add it to sources.yaml or fix the id")
    refs: dict[str, str] = {}
    for index, step in enumerate(replay.steps):
        key = f"steps[{index}]"
        if step.by not in replay.actors:
            bad(f"{key}.by", f"unknown actor {step.by!r}: declare it under actors")
        if step.source not in kb.sources:
            bad(f"{key}.source", f"unknown source {step.source!r}: add it to sources.yaml or fix the id")
        for needed in NEEDS[step.action]:
            if getattr(step, needed) is None:
                bad(f"{key}.{needed}", f"a {step.action} step needs {needed}")
        if step.mechanism is not None and step.mechanism not in kb.mechanisms:
            bad(f"{key}.mechanism", f"unknown mechanism {step.mechanism!r}: use an id of mechanisms.yaml")
        for kind in ("request", "offer"):
            named = getattr(step, kind)
            if named is not None and refs.get(named) != kind:
                bad(f"{key}.{kind}", f"no earlier {kind} step has ref {named!r}")
        if step.ref is not None:
            if step.ref in refs:
                bad(f"{key}.ref", f"ref {step.ref!r} is used twice: give each request and offer its own")
            refs[step.ref] = "request" if step.action == "request" else "offer"
    return issues


def load_replays(kb: KnowledgeBase, root: Path | None = None) -> tuple[Replay, ...]:
    """Every replay of the data folder, checked, in file-name order.

    Raises:
        DataError: every problem of every file at once, each naming the file and the key.

    """
    folder = (root or default_data_dir()) / FOLDER
    replays: list[Replay] = []
    issues: list[DataIssue] = []
    seen: dict[str, str] = {}
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else ():
        label = f"{FOLDER}/{path.name}"
        parsed = read_model(path, label, ReplayFile, issues)
        if parsed is None:
            continue
        issues.extend(_check(kb, label, parsed))
        if parsed.id in seen:
            issues.append(DataIssue(label, "id", f"replay id {parsed.id!r} is also used by {seen[parsed.id]}"))
        seen[parsed.id] = label
        replays.append(Replay(label, parsed))
    if issues:
        raise DataError(issues)
    return tuple(replays)


def replay_named(replays: tuple[Replay, ...], name: str) -> Replay:
    """The replay with id ``name``.

    Raises:
        UnknownCodeError: naming the replays there are.

    """
    from coopsec.errors import UnknownCodeError

    for replay in replays:
        if replay.id == name:
            return replay
    raise UnknownCodeError(f"unknown replay {name!r}: use one of {', '.join(r.id for r in replays)}")
