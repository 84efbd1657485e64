"""Playing replays into the store (``coopsec demo``): each step through the coordination's own transitions.

Nothing is written around the state machine: a replay's steps are the calls a liaison officer's
API requests would make, as the replay's actors, each in its own write transaction with its audit
entry, so a replay that breaks a rule fails exactly as a user would. The actors become users
(``paris-2015:fr`` style names are avoided: usernames are the actor names, shared across replays,
and must belong to the same state and agency wherever they appear). A replay already in the store
(an incident of the same state, time and reporter) is skipped, so ``coopsec demo`` can run twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from coopsec.errors import ForbiddenError, InputError
from coopsec.response import coordination as co
from coopsec.response.coordination_store import moment
from coopsec.response.replays import Replay, Step
from coopsec.store.accounts import add_user, get_user
from coopsec.store.incident_models import Incident
from coopsec.store.models import User

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from coopsec.obligations import Assessor
    from coopsec.store import Store
    from coopsec.store.accounts import HashedPassword

ACTOR = "demo"


@dataclass(frozen=True)
class Played:
    """What playing one replay did."""

    replay: str
    title: str
    incident: int
    steps: int
    skipped: bool
    users_created: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of ``coopsec demo --json``."""
        return {
            "replay": self.replay,
            "title": self.title,
            "incident": self.incident,
            "steps": self.steps,
            "skipped": self.skipped,
            "users_created": list(self.users_created),
        }


def _users(session: Session, replay: Replay, password: HashedPassword) -> tuple[str, ...]:
    """Create the replay's actors that are not users yet; refuse a name that is someone else."""
    created: list[str] = []
    for name, actor in replay.data.actors.items():
        user = session.execute(select(User).where(User.username == name)).scalar()
        if user is None:
            add_user(session, ACTOR, name, password, actor.state, actor.agency, [actor.role])
            created.append(name)
        elif (user.authority.state, user.authority.agency) != (actor.state, actor.agency):
            raise InputError(
                f"{replay.file}: actor {name!r} is a user of {user.authority.state} {user.authority.agency} in this "
                f"store, not {actor.state} {actor.agency}: rename the actor or use another database"
            )
    return tuple(created)


def _loaded(session: Session, replay: Replay) -> Incident | None:
    facts = replay.data.incident
    found = session.execute(
        select(Incident).where(
            Incident.victim == facts.victim,
            Incident.occurred_at == moment(facts.occurred_at),
            Incident.reported_by == facts.reported_by,
        )
    ).scalar()
    return found


def _instant(text: str) -> dt.datetime:
    """A step's time as an instant (times with different offsets compare correctly)."""
    return dt.datetime.fromisoformat(moment(text))


@dataclass
class _Run:
    """What the steps of one replay share: its incident, the ids of its requests and offers, the assessor."""

    incident: int
    assessor: Assessor
    ids: dict[str, int]


Transition = Callable[["Session", User, Step, _Run], Any]
#: Each action of a replay file as the coordination transition it is.
TRANSITIONS: dict[str, Transition] = {
    "ipcr": lambda s, u, st, r: co.set_ipcr_mode(s, u, r.incident, str(st.mode), st.at),
    "request": lambda s, u, st, r: co.request_assistance(
        s, r.assessor, u, r.incident, str(st.mechanism), str(st.needs), st.at
    ),
    "offer": lambda s, u, st, r: co.make_offer(s, r.assessor, u, r.ids[str(st.request)], str(st.what), at=st.at),
    "accept": lambda s, u, st, r: co.decide_offer(s, u, r.ids[str(st.offer)], True, st.at),
    "decline": lambda s, u, st, r: co.decide_offer(s, u, r.ids[str(st.offer)], False, st.at),
    "deliver": lambda s, u, st, r: co.deliver(s, u, r.ids[str(st.offer)], str(st.what), st.at),
    "close-request": lambda s, u, st, r: co.close_request(s, u, r.ids[str(st.request)], st.at),
    "close": lambda s, u, st, r: co.close_incident(s, u, r.incident, st.at),
}


def play(
    store: Store, assessor: Assessor, replay: Replay, password: HashedPassword, until: str | None = None
) -> Played:
    """Play ``replay`` into ``store`` (its steps up to ``until``, an ISO date or date-time, if given).

    Raises:
        InputError: for an actor name taken by a user of another authority.
        CoopsecError: a step the coordination refuses, with the replay's file and step named.

    """
    limit = _instant(until) if until else None
    with store.session() as session:
        existing = _loaded(session, replay)
        if existing is not None:
            return Played(replay.id, replay.data.title, existing.id, 0, True, ())
        created = _users(session, replay, password)
        facts = replay.data.incident.model_dump(exclude={"reported_by", "source"})
        incident = co.report_incident(session, assessor, get_user(session, replay.data.incident.reported_by), **facts)
        incident_id = incident.id
    run = _Run(incident_id, assessor, {})
    played = 0
    for index, step in enumerate(replay.data.steps):
        if limit is not None and _instant(step.at) > limit:
            break
        try:
            with store.session() as session:
                row = TRANSITIONS[step.action](session, get_user(session, step.by), step, run)
                if step.ref is not None:
                    run.ids[step.ref] = row.id
        except (InputError, ForbiddenError) as err:
            raise type(err)(f"{replay.file} steps[{index}] ({step.action} by {step.by}): {err}") from err
        played += 1
    return Played(replay.id, replay.data.title, incident_id, played, False, created)
