"""The JSON contract of the architecture queries (``DESIGN.md``), shared by the CLI and the API."""

from __future__ import annotations

import datetime as dt
from typing import Any

from coopsec.architecture.queries import Overlap, members, spells_on
from coopsec.architecture.timeline import Change
from coopsec.kb.model import KnowledgeBase, PolicyStatus, Spell, State, Status


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def spell_dict(kb: KnowledgeBase, spell: Spell) -> dict[str, Any]:
    """One membership spell with its dates, their basis and its source."""
    return {
        "state": spell.state,
        "organisation": spell.organisation,
        "organisation_name": kb.organisations[spell.organisation].name,
        "status": spell.status,
        "start": spell.start.isoformat(),
        "end": _iso(spell.end),
        "start_basis": spell.start_basis,
        "end_basis": spell.end_basis,
        "precision": spell.precision,
        "verification": spell.verification,
        "last_verified": spell.last_verified.isoformat(),
        "derived_from": spell.derived_from,
        "note": spell.note,
        "source": spell.source.to_dict(),
    }


def policy_dict(policy: PolicyStatus) -> dict[str, Any]:
    """A security-policy status spell."""
    return {
        "status": policy.status,
        "start": policy.start.isoformat(),
        "end": _iso(policy.end),
        "precision": policy.precision,
        "verification": policy.verification,
        "note": policy.note,
        "source": policy.source.to_dict(),
    }


def state_dict(state: State) -> dict[str, Any]:
    """A state's identity and, where it falls after 1949, its lifetime."""
    return {
        "code": state.code,
        "name": state.name,
        "alpha3": state.alpha3,
        "historic": state.historic,
        "start": _iso(state.start),
        "end": _iso(state.end),
        "continues": state.continues,
        "successors": [{"state": s.state, "kind": s.kind} for s in state.successors],
        "note": state.note,
        "source": state.source.to_dict(),
    }


def members_report(kb: KnowledgeBase, organisation: str, on: dt.date, status: Status = "member") -> dict[str, Any]:
    """``coopsec members``: sorted codes, their count, and each spell with its source."""
    codes = members(kb, organisation, on, status)
    return {
        "organisation": organisation,
        "name": kb.organisations[organisation].name_on(on),
        "on": on.isoformat(),
        "status": status,
        "members": codes,
        "count": len(codes),
        "coverage": kb.organisations[organisation].coverage,
        "spells": [spell_dict(kb, s) for s in sorted(spells_on(kb, organisation, on, status), key=lambda s: s.state)],
    }


def overlap_report(result: Overlap) -> dict[str, Any]:
    """``coopsec overlap``."""
    return {
        "on": result.on.isoformat(),
        "a": result.a,
        "b": result.b,
        "both": list(result.both),
        "only_a": list(result.only_a),
        "only_b": list(result.only_b),
        "counts": {"both": len(result.both), "only_a": len(result.only_a), "only_b": len(result.only_b)},
    }


def change_dict(change: Change) -> dict[str, Any]:
    """One dated change of a timeline."""
    return {
        "date": change.date.isoformat(),
        "kind": change.kind,
        "description": change.description,
        "state": change.state,
        "organisation": change.organisation,
        "status": change.status,
        "basis": change.basis,
        "precision": change.precision,
        "verification": change.verification,
        "note": change.note,
        "source": change.source.to_dict(),
    }


def timeline_report(kind: str, code: str, changes: list[Change]) -> dict[str, Any]:
    """``coopsec timeline``."""
    return {kind: code, "changes": [change_dict(c) for c in changes], "count": len(changes)}
