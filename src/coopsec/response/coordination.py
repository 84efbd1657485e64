"""The crisis-coordination workflow: an explicit state machine over incidents, requests, offers and deliveries.

States and transitions (anything else raises :class:`~coopsec.errors.TransitionError`, 409)::

    incident   open --close--> closed            (nothing happens on a closed incident)
    IPCR mode  none | monitoring | information-sharing | full-activation   (the presidency, any order)
    request    open --close--> closed            (closing the incident closes its requests)
    offer      pending --accept--> accepted --deliver--> (deliveries recorded)
               pending --decline--> declined

Each function takes a write session (``Store.session()``), checks who may act (the victim's liaison
officers invoke, accept, decline and close; another state's liaison officers offer and deliver;
administrators may do all), checks the transition, and records the step and its audit entry in the
same transaction. ``version`` arguments are optimistic locks: pass the version you read to be sure
nobody decided in between.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from coopsec.errors import ConflictError, ForbiddenError, InputError, TransitionError
from coopsec.kb import KnowledgeBase, load_knowledge_base
from coopsec.obligations import Assessor, make_event
from coopsec.response import coordination_rules as rules
from coopsec.response.coordination_store import check_version, get, moment, record
from coopsec.store.incident_models import AssistanceRequest, Delivery, Incident, IncidentStep, Offer
from coopsec.store.models import Base, User


def _open(incident: Incident) -> None:
    if incident.status != "open":
        raise TransitionError(f"incident {incident.id} is closed: nothing more can be recorded on it")


def _not_before(when: str, earlier: str | None, what: str) -> str:
    """Refuse a step dated before what it follows (an acceptance before its offer, ...): replays give times.

    Raises:
        ConflictError: naming both times.

    """
    if earlier is not None and dt.datetime.fromisoformat(when) < dt.datetime.fromisoformat(earlier):
        raise ConflictError(f"{when} is before {what} ({earlier}): give a later time, or none for now")
    return when


def _text(value: str, what: str, limit: int = 4000) -> str:
    text = value.strip()
    if not text or len(text) > limit:
        raise InputError(f"{what}: give 1 to {limit} characters")
    return text


def report_incident(
    session: Session,
    assessor: Assessor,
    user: User,
    *,
    kind: str,
    victim: str,
    place: str,
    occurred_at: str,
    casualties: int = 0,
    cbrn: bool = False,
    cross_border: bool = False,
    online_propaganda: bool = False,
    perpetrators: str = "unknown",
    by: str | None = None,
) -> Incident:
    """Record an incident reported by a liaison officer of the affected state (or an administrator).

    Raises:
        InputError: for an unknown kind or state, a bad time or negative casualties.
        ForbiddenError: for a user who may not report for ``victim``.

    """
    when = moment(occurred_at)
    event = make_event(assessor.kb, kind, victim, by=by, on=when[:10])  # validates kind, state and date
    if casualties < 0:
        raise InputError(f"casualties {casualties}: give 0 or more")
    incident = Incident(
        kind=event.kind,
        victim=event.victim,
        by=event.by or "none",
        place=_text(place, "place", 200),
        occurred_at=when,
        casualties=casualties,
        cbrn=cbrn,
        cross_border=cross_border,
        online_propaganda=online_propaganda,
        perpetrators=_text(perpetrators or "unknown", "perpetrators", 400),
        ipcr_mode="none",
        status="open",
        reported_by=user.username,
        reported_at=when,
    )
    rules.require_victim_side(user, incident, "report an incident in it")
    session.add(incident)
    session.flush()
    summary = f"{event.victim} reports a {event.kind} at {incident.place} ({casualties} casualties)"
    record(session, user, incident, "report", summary, when, [incident])
    return incident


def set_ipcr_mode(
    session: Session,
    user: User,
    incident_id: int,
    mode: str,
    at: str | None = None,
    version: int | None = None,
    *,
    kb: KnowledgeBase | None = None,
) -> Incident:
    """Record the presidency's decision on the IPCR mode (see :mod:`.coordination_rules`).

    Who may is decided on the day of the decision (``at``, or now): a liaison officer of the state
    holding the Council presidency that day, or an administrator. ``kb`` defaults to the bundled one.
    """
    when = moment(at)
    rules.require_ipcr_decider(user, kb or load_knowledge_base(), dt.date.fromisoformat(when[:10]))
    incident = get(session, Incident, incident_id, "incident")
    _open(incident)
    check_version(incident, version, f"incident {incident_id}")
    new = rules.check_mode(mode)
    if new == incident.ipcr_mode:
        raise TransitionError(f"the IPCR mode of incident {incident_id} is already {new}")
    old, incident.ipcr_mode = incident.ipcr_mode, new
    when = _not_before(when, incident.occurred_at, "the incident")
    record(session, user, incident, "ipcr", f"IPCR mode {old} -> {new}", when, [incident])
    return incident


def request_assistance(
    session: Session,
    assessor: Assessor,
    user: User,
    incident_id: int,
    mechanism: str,
    needs: str,
    at: str | None = None,
) -> AssistanceRequest:
    """The victim invokes ``mechanism`` (it must apply, by the engine) and states its needs."""
    incident = get(session, Incident, incident_id, "incident")
    rules.require_victim_side(user, incident, "invoke a mechanism for it")
    _open(incident)
    result = rules.mechanism_for(assessor, incident, mechanism)
    when = _not_before(moment(at), incident.occurred_at, "the incident")
    request = AssistanceRequest(
        incident_id=incident.id,
        mechanism=result.id,
        needs=_text(needs, "needs"),
        status="open",
        requested_by=user.username,
        requested_at=when,
    )
    session.add(request)
    session.flush()
    summary = f"{incident.victim} invokes {result.title}; needs: {request.needs}"
    record(session, user, incident, "request", summary, when, [request])
    return request


def close_request(
    session: Session, user: User, request_id: int, at: str | None = None, version: int | None = None
) -> AssistanceRequest:
    """The requester closes a request: no more offers under it."""
    request = get(session, AssistanceRequest, request_id, "request")
    incident = get(session, Incident, request.incident_id, "incident")
    rules.require_victim_side(user, incident, "close its requests")
    _open(incident)
    check_version(request, version, f"request {request_id}")
    if request.status != "open":
        raise TransitionError(f"request {request_id} is already closed")
    request.status = "closed"
    when = _not_before(moment(at), request.requested_at, "the request")
    record(session, user, incident, "close-request", f"request {request_id} closed", when, [request])
    return request


def make_offer(
    session: Session,
    assessor: Assessor,
    user: User,
    request_id: int,
    what: str,
    *,
    state: str | None = None,
    at: str | None = None,
) -> Offer:
    """An authority of another state offers assistance under the request's mechanism.

    Args:
        session: a write session.
        assessor: the obligation engine, which says which states the mechanism binds or admits.
        user: a liaison officer (offering for their authority's state) or an administrator.
        request_id: the open request answered.
        what: what is offered.
        state: the offering state (default the user's); liaison officers may only give their own. An
            administrator recording an offer for another state records it under that state's foreign-affairs
            authority.
        at: when (ISO), default now.

    Raises:
        ForbiddenError: for a liaison officer offering for another state.
        TransitionError: on a closed request or incident, or from a state the mechanism does not bind.

    """
    rules.require_writer(user)
    request = get(session, AssistanceRequest, request_id, "request")
    incident = get(session, Incident, request.incident_id, "incident")
    _open(incident)
    if request.status != "open":
        raise TransitionError(f"request {request_id} is closed: offers are no longer taken under it")
    own = rules.actor_state(user)
    offering = (state or own).upper()
    if offering != own and not rules.is_admin(user):
        raise ForbiddenError(f"{user.username} acts for {own} and cannot offer for {offering}")
    rules.check_offering_state(assessor, incident, request.mechanism, offering)
    when = _not_before(moment(at), request.requested_at, "the request")
    agency = user.authority.agency if offering == own else "foreign-affairs"
    offer = Offer(
        request_id=request.id,
        incident_id=incident.id,
        state=offering,
        agency=agency,
        what=_text(what, "what is offered"),
        status="pending",
        offered_by=user.username,
        offered_at=when,
    )
    session.add(offer)
    session.flush()
    mechanism = assessor.kb.mechanisms.get(request.mechanism)
    summary = f"{offering} offers under {mechanism.title if mechanism else request.mechanism}: {offer.what}"
    record(session, user, incident, "offer", summary, when, [offer])
    return offer


def decide_offer(
    session: Session, user: User, offer_id: int, accept: bool, at: str | None = None, version: int | None = None
) -> Offer:
    """The requester accepts or declines a pending offer.

    Raises:
        ForbiddenError: for anyone but the affected state's liaison officers and administrators.
        TransitionError: for an offer already decided, or on a closed incident.

    """
    offer = get(session, Offer, offer_id, "offer")
    incident = get(session, Incident, offer.incident_id, "incident")
    verb = "accept" if accept else "decline"
    rules.require_victim_side(user, incident, f"{verb} offers made to it")
    _open(incident)
    check_version(offer, version, f"offer {offer_id}")
    if offer.status != "pending":
        raise TransitionError(f"offer {offer_id} was already {offer.status}: it cannot be {verb}ed now")
    when = _not_before(moment(at), offer.offered_at, "the offer")
    offer.status = "accepted" if accept else "declined"
    offer.decided_by, offer.decided_at = user.username, when
    summary = f"{incident.victim} {offer.status} the offer of {offer.state}: {offer.what}"
    record(session, user, incident, verb, summary, when, [offer])
    return offer


def deliver(session: Session, user: User, offer_id: int, what: str, at: str | None = None) -> Delivery:
    """Record assistance delivered under an accepted offer (by the offering or the affected state)."""
    rules.require_writer(user)
    offer = get(session, Offer, offer_id, "offer")
    incident = get(session, Incident, offer.incident_id, "incident")
    _open(incident)
    if offer.status != "accepted":
        raise TransitionError(f"offer {offer_id} is {offer.status}: deliveries are recorded against accepted offers")
    if not rules.is_admin(user) and rules.actor_state(user) not in (offer.state, incident.victim):
        raise ForbiddenError(f"only {offer.state} or {incident.victim} record deliveries under offer {offer_id}")
    when = _not_before(moment(at), offer.decided_at, "the acceptance of the offer")
    delivery = Delivery(
        offer_id=offer.id, incident_id=incident.id, what=_text(what, "what was delivered"),
        delivered_by=user.username, delivered_at=when,
    )  # fmt: skip
    session.add(delivery)
    session.flush()
    record(session, user, incident, "deliver", f"{offer.state} delivered: {delivery.what}", when, [delivery])
    return delivery


def close_incident(
    session: Session, user: User, incident_id: int, at: str | None = None, version: int | None = None
) -> Incident:
    """Close the incident and its open requests; pending offers stay as open items of the report."""
    incident = get(session, Incident, incident_id, "incident")
    rules.require_victim_side(user, incident, "close it")
    _open(incident)
    check_version(incident, version, f"incident {incident_id}")
    stamps = session.execute(select(IncidentStep.at).where(IncidentStep.incident_id == incident.id)).scalars()
    latest = max(stamps, key=dt.datetime.fromisoformat, default=None)
    when = _not_before(moment(at), latest, "the last step recorded")
    touched: list[Base] = []
    for request in session.query(AssistanceRequest).filter_by(incident_id=incident.id, status="open"):
        request.status = "closed"
        touched.append(request)
    incident.status, incident.closed_at = "closed", when
    record(session, user, incident, "close", f"incident {incident.id} closed", when, [incident, *touched])
    return incident
