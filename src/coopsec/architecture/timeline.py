"""The dated history of a state or an organisation, each change with its source."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from coopsec.kb.model import KnowledgeBase, Source, Spell


@dataclass(frozen=True, slots=True)
class Change:
    """One dated change: a state joins, leaves or changes status, a policy starts or ends, ..."""

    date: dt.date
    kind: str
    description: str
    state: str | None
    organisation: str | None
    status: str | None
    basis: str | None
    precision: str
    source: Source
    verification: str
    note: str | None = None


def _spell_changes(kb: KnowledgeBase, spell: Spell) -> list[Change]:
    state = kb.states[spell.state].name
    org = kb.organisations[spell.organisation]
    holder = f"{state} (as the {spell.held_as})" if spell.held_as else state
    out = [
        Change(
            spell.start,
            "start",
            f"{holder} becomes {spell.status} of the {org.name_on(spell.start)}",
            spell.state,
            spell.organisation,
            spell.status,
            spell.start_basis,
            spell.precision,
            spell.source,
            spell.verification,
            spell.note,
        )
    ]
    if spell.end is not None:
        out.append(
            Change(
                spell.end,
                "end",
                f"{state} is no longer {spell.status} of the {org.name_on(spell.end)}",
                spell.state,
                spell.organisation,
                spell.status,
                spell.end_basis,
                "day",
                spell.source,
                spell.verification,
                spell.note,
            )
        )
    return out


def state_timeline(kb: KnowledgeBase, code: str) -> list[Change]:
    """Every dated change for state ``code``, oldest first."""
    state = kb.states[code]
    changes: list[Change] = []
    if state.start is not None:
        changes.append(
            Change(
                state.start,
                "exists",
                f"{state.name} comes into being",
                code,
                None,
                None,
                state.start_basis,
                "day",
                state.source,
                state.verification,
                state.note,
            )
        )
    if state.end is not None:
        heirs = ", ".join(f"{s.state} ({s.kind})" for s in state.successors)
        changes.append(
            Change(
                state.end,
                "ceases",
                f"{state.name} ceases to exist; successors: {heirs}",
                code,
                None,
                None,
                state.end_basis,
                "day",
                state.source,
                state.verification,
                state.note,
            )
        )
    for spell in kb.spells_by_state.get(code, ()):
        changes.extend(_spell_changes(kb, spell))
    for policy in kb.policies:
        if policy.state != code:
            continue
        label = policy.status.replace("_", " ")
        changes.append(
            Change(
                policy.start,
                "policy",
                f"{state.name}: {label} from",
                code,
                None,
                policy.status,
                policy.start_basis,
                policy.precision,
                policy.source,
                policy.verification,
                policy.note,
            )
        )
        if policy.end is not None:
            changes.append(
                Change(
                    policy.end,
                    "policy",
                    f"{state.name}: {label} ends",
                    code,
                    None,
                    policy.status,
                    policy.end_basis,
                    "day",
                    policy.source,
                    policy.verification,
                    policy.note,
                )
            )
    return sorted(changes, key=lambda c: (c.date, c.organisation or "", c.kind))


def organisation_timeline(kb: KnowledgeBase, code: str) -> list[Change]:
    """Every dated change for organisation ``code``, oldest first."""
    org = kb.organisations[code]
    changes = [
        Change(
            org.founded,
            "founded",
            f"{org.name_on(org.founded)} founded",
            None,
            code,
            None,
            org.founded_basis,
            "day",
            org.source,
            org.source.verification,
            org.basis_note,
        )
    ]

    def event(day: dt.date, kind: str, text: str) -> Change:
        return Change(day, kind, text, None, code, None, "effective", "day", org.source, org.source.verification)

    changes.extend(event(end, "renamed", f"{name} becomes the {org.name}") for name, end in org.former_names)
    if org.dissolved is not None:
        changes.append(event(org.dissolved, "dissolved", f"{org.name} ceases to exist"))
    for spell in kb.spells_by_org.get(code, ()):
        changes.extend(_spell_changes(kb, spell))
    return sorted(changes, key=lambda c: (c.date, c.state or "", c.kind))
