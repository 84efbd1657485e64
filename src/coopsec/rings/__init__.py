"""The rings of the cooperative security system: core, collective security, collective defence, outer area."""

from coopsec.rings.classify import Rings, classify, clause_on, place_state
from coopsec.rings.criterion import Reading, parse_criterion, reading
from coopsec.rings.model import Bond, HeldGuarantee, Instrument, Placement, Reason

__all__ = [
    "Bond",
    "HeldGuarantee",
    "Instrument",
    "Placement",
    "Reading",
    "Reason",
    "Rings",
    "classify",
    "clause_on",
    "parse_criterion",
    "place_state",
    "reading",
]
