"""From event to obligations: which mechanisms an event triggers, for whom, and why."""

from coopsec.obligations.assess import Assessor, assess, assessor_for
from coopsec.obligations.event import Event, Place, make_event, resolve_place
from coopsec.obligations.kinds import KINDS, SCALES, EventKind
from coopsec.obligations.result import Assessment, MechanismResult, Obligation, TraceEntry
from coopsec.obligations.summary import STATUS_LABELS, summarise

__all__ = [
    "KINDS",
    "SCALES",
    "STATUS_LABELS",
    "Assessment",
    "Assessor",
    "Event",
    "EventKind",
    "MechanismResult",
    "Obligation",
    "Place",
    "TraceEntry",
    "assess",
    "assessor_for",
    "make_event",
    "resolve_place",
    "summarise",
]
