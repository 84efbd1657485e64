"""The rings of the cooperative security system: core, collective security, collective defence, outer area."""

from coopsec.rings.atlas import Atlas, atlas_for, build_atlas
from coopsec.rings.classify import Rings, classify, clause_on, criterion_dict, criterion_summary, place_state
from coopsec.rings.compare import Comparison, MembershipChange, StateChange, compare
from coopsec.rings.criterion import DataYear, Reading, data_year, parse_criterion, reading
from coopsec.rings.model import Bond, HeldGuarantee, Instrument, Placement, Reason

__all__ = [
    "Atlas",
    "Bond",
    "Comparison",
    "DataYear",
    "HeldGuarantee",
    "Instrument",
    "MembershipChange",
    "Placement",
    "Reading",
    "Reason",
    "Rings",
    "StateChange",
    "atlas_for",
    "build_atlas",
    "classify",
    "clause_on",
    "compare",
    "criterion_dict",
    "criterion_summary",
    "data_year",
    "parse_criterion",
    "place_state",
    "reading",
]
