"""Who may take a coordination step, and which states a mechanism binds or admits (from the obligation engine).

The list of states entitled to offer is never written here: it is the ``obligated`` parties of the
mechanism as the obligation engine computes them for the incident's event on the incident's date
(EU Member States under Art. 222 and 42(7), participating states of the Civil Protection Mechanism,
NATO Allies under Art. 4 and 5), so it follows the membership data of the knowledge base.

The IPCR mode is decided by the Council presidency (Implementing Decision (EU) 2018/1993). Which
Member State holds the rotating presidency on a day is dated, sourced data (``council/presidencies.yaml``,
read by :mod:`.presidency`): a liaison officer of that state records the decision on the days of its
term, and administrators always may (replays, corrections). The day that counts is the day of the
decision (the step's time), not the incident's. On a day the data does not cover, coopsec does not
know the presidency, and only administrators record the mode.
"""

from __future__ import annotations

import datetime as dt

from coopsec.errors import ForbiddenError, InputError, TransitionError
from coopsec.kb import KnowledgeBase
from coopsec.obligations import Assessment, Assessor, MechanismResult, make_event
from coopsec.response.presidency import presidency_on, state_name
from coopsec.store.incident_models import Incident
from coopsec.store.models import User

#: The IPCR modes in their order of escalation (Implementing Decision (EU) 2018/1993, Art. 2-4).
IPCR_MODES: tuple[str, ...] = ("none", "monitoring", "information-sharing", "full-activation")
ADMIN = "administrator"
LIAISON = "liaison-officer"


def actor_state(user: User) -> str:
    """The state a user acts for: their authority's."""
    return user.authority.state


def is_admin(user: User) -> bool:
    """Whether the user administers coopsec (and so may act for any state)."""
    return ADMIN in user.role_list


def require_writer(user: User) -> None:
    """Only liaison officers and administrators change an incident.

    Raises:
        ForbiddenError: for viewers and analysts.

    """
    if not (is_admin(user) or LIAISON in user.role_list):
        raise ForbiddenError(
            f"{user.username} may read incidents but not change them: coordination steps need the "
            "liaison-officer role (acting for their authority's state) or administrator"
        )


def require_victim_side(user: User, incident: Incident, what: str) -> None:
    """Steps that only the affected state takes (report, invoke, accept, decline, close).

    Raises:
        ForbiddenError: for a liaison officer of another state.

    """
    require_writer(user)
    if not is_admin(user) and actor_state(user) != incident.victim:
        raise ForbiddenError(
            f"only a liaison officer of {incident.victim} (the affected state) or an administrator may {what}; "
            f"{user.username} acts for {actor_state(user)}"
        )


def require_ipcr_decider(user: User, kb: KnowledgeBase, day: dt.date) -> None:
    """Administrators, or a liaison officer of the state holding the Council presidency on ``day``.

    Raises:
        ForbiddenError: for anyone else, naming the presidency on ``day`` (or saying it is not known).

    """
    if is_admin(user):
        return
    term = presidency_on(kb, day)
    if term is None:
        raise ForbiddenError(
            f"the IPCR mode is decided by the Council presidency, and coopsec has no data on who held it on "
            f"{day.isoformat()} (council/presidencies.yaml): only an administrator records it"
        )
    if LIAISON in user.role_list and actor_state(user) == term.state:
        return
    raise ForbiddenError(
        f"the IPCR mode is decided by the Council presidency, held by {state_name(kb, term.state)} on "
        f"{day.isoformat()}: only a liaison officer of {term.state} or an administrator records it; "
        f"{user.username} acts for {actor_state(user)}"
    )


def check_mode(mode: str) -> str:
    """Validate an IPCR mode."""
    if mode not in IPCR_MODES:
        raise InputError(f"unknown IPCR mode {mode!r}: use one of {', '.join(IPCR_MODES)}")
    return mode


def incident_date(incident: Incident) -> dt.date:
    """The day of the incident (the date part of when it occurred)."""
    return dt.date.fromisoformat(incident.occurred_at[:10])


def assessment_for(assessor: Assessor, incident: Incident) -> Assessment:
    """The obligation engine's answer for the incident's event on its date."""
    by = None if incident.by == "none" else incident.by  # disasters have no perpetrator
    return assessor.assess(make_event(assessor.kb, incident.kind, incident.victim, by=by, on=incident_date(incident)))


def mechanism_for(assessor: Assessor, incident: Incident, mechanism: str) -> MechanismResult:
    """The engine's answer for ``mechanism`` on the incident's event and date.

    Raises:
        InputError: for a mechanism the engine does not know.
        TransitionError: when the mechanism does not apply to this incident.

    """
    result = assessment_for(assessor, incident)
    known = [m.id for m in result.mechanisms]
    if mechanism not in known:
        raise InputError(f"unknown mechanism {mechanism!r}: use one of {', '.join(known)}")
    found = result.mechanism(mechanism)
    if found.status == "does_not_apply":
        reason = "; ".join(found.reasons) or "the engine says so"
        raise TransitionError(
            f"{mechanism} does not apply to this {incident.kind} in {incident.victim} on {incident_date(incident)}: "
            f"{reason}. `coopsec assess` lists the mechanisms that do"
        )
    return found


def entitled_states(assessor: Assessor, incident: Incident, mechanism: str) -> list[str]:
    """The states the mechanism binds or admits to assist on the incident's date (never the victim)."""
    found = mechanism_for(assessor, incident, mechanism)
    return sorted({o.party for o in found.obligated} - {incident.victim})


def check_offering_state(assessor: Assessor, incident: Incident, mechanism: str, state: str) -> None:
    """Refuse an offer from a state the mechanism neither binds nor admits.

    Raises:
        TransitionError: naming the mechanism, the date and the states that may offer.

    """
    if state == incident.victim:
        raise TransitionError(f"{state} is the affected state: it cannot offer assistance to itself")
    states = entitled_states(assessor, incident, mechanism)
    if state not in states:
        shown = ", ".join(states) or "none"
        raise TransitionError(
            f"{mechanism} does not bind or admit {state} on {incident_date(incident)}: offers under it may come "
            f"from {shown}. Offer under another mechanism the incident's request names, or bilaterally"
        )
