"""The architecture of the system over time: memberships, overlaps, timelines."""

from coopsec.architecture.codes import resolve_code, resolve_organisation, resolve_state
from coopsec.architecture.queries import (
    Overlap,
    check_status,
    existing_states,
    is_member,
    members,
    memberships,
    overlap,
    policies,
    spells_on,
)
from coopsec.architecture.timeline import Change, organisation_timeline, state_timeline

__all__ = [
    "Change",
    "Overlap",
    "check_status",
    "existing_states",
    "is_member",
    "members",
    "memberships",
    "organisation_timeline",
    "overlap",
    "policies",
    "resolve_code",
    "resolve_organisation",
    "resolve_state",
    "spells_on",
    "state_timeline",
]
