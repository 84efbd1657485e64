"""Checks on what a user shares: who may share, valid codes, and the rules between markings and distribution.

Each error says which value is wrong and what is accepted, since the people sharing are analysts
under time pressure, not the authors of the code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coopsec.errors import ConflictError, ForbiddenError, InputError
from coopsec.exchange.access import SCOPES, clearance_of, exchange_facts
from coopsec.exchange.model import ENTITY_KINDS, RecordIn
from coopsec.store.models import AGENCY_KINDS

if TYPE_CHECKING:
    from coopsec.kb.model import KnowledgeBase
    from coopsec.store.models import User

#: The roles that may share, retract and decide releases; viewers read only.
SHARING_ROLES = ("analyst", "liaison-officer", "administrator")
MAX_TITLE = 200
MAX_BODY = 20_000
MAX_ENTITIES = 200
MAX_RECIPIENTS = 100


def require_sharer(user: User, what: str) -> None:
    """Refuse a user without a sharing role."""
    if not set(user.role_list) & set(SHARING_ROLES):
        raise ForbiddenError(
            f"{user.username} may not {what}: it needs the role analyst, liaison-officer or administrator "
            "(viewers read only)"
        )


def authority_code(kb: KnowledgeBase, text: str) -> str:
    """A checked ``STATE/agency`` code (state upper case, agency lower case)."""
    state, sep, agency = text.strip().partition("/")
    state, agency = state.upper(), agency.lower()
    if not sep or not state or not agency:
        raise InputError(f"authority {text[:60]!r} must be written STATE/agency, e.g. FR/police")
    if state not in kb.states:
        raise InputError(f"unknown state {state!r} in authority {text[:60]!r}: use an ISO 3166 alpha-2 code, e.g. FR")
    if agency not in AGENCY_KINDS:
        raise InputError(f"unknown agency {agency!r} in authority {text[:60]!r}: use one of {', '.join(AGENCY_KINDS)}")
    return f"{state}/{agency}"


def check_record(kb: KnowledgeBase, user: User, data: RecordIn) -> RecordIn:
    """``data`` with its codes normalised, or the first error found in it."""
    facts = exchange_facts(kb)
    title, body = data.title.strip(), data.body.strip()
    if not title or len(title) > MAX_TITLE:
        raise InputError(f"the title must have 1 to {MAX_TITLE} characters")
    if len(body) > MAX_BODY:
        raise InputError(f"the body has {len(body)} characters: keep it under {MAX_BODY}")
    tlp = data.tlp.strip().upper().removeprefix("TLP:")
    if tlp not in facts.tlp:
        raise InputError(f"unknown TLP label {data.tlp[:40]!r}: use one of {', '.join(facts.tlp)}")
    handling = data.handling.strip().upper()
    if handling not in facts.handling:
        raise InputError(f"unknown handling code {data.handling[:10]!r}: use one of {', '.join(facts.handling)}")
    evaluation = data.evaluation.strip().upper()
    if evaluation not in facts.evaluation_codes():
        raise InputError(
            f"unknown evaluation {data.evaluation[:10]!r}: give the source reliability "
            f"({', '.join(facts.reliability)}) then the information accuracy ({', '.join(facts.accuracy)}), e.g. B2"
        )
    note = (data.handling_note or "").strip() or None
    if facts.handling[handling].needs_note and not note:
        raise InputError(f"handling code {handling} needs a handling_note stating the provider's restrictions")
    scope = data.scope.strip().lower()
    if scope not in SCOPES:
        raise InputError(f"unknown distribution scope {data.scope[:20]!r}: use one of {', '.join(SCOPES)}")
    authorities = tuple(dict.fromkeys(authority_code(kb, a) for a in data.authorities))
    ring = data.ring.strip().lower() if data.ring else None
    if scope == "authorities" and not authorities:
        raise InputError("scope 'authorities' needs at least one authority (STATE/agency)")
    if scope != "authorities" and authorities:
        raise ConflictError(f"authorities are named only with scope 'authorities', not {scope!r}")
    if len(authorities) > MAX_RECIPIENTS:
        raise InputError(f"{len(authorities)} recipients: name at most {MAX_RECIPIENTS}")
    if scope == "ring" and (ring is None or ring not in facts.rings):
        raise InputError(f"scope 'ring' needs a ring: use one of {', '.join(facts.rings)}")
    if scope != "ring" and ring is not None:
        raise ConflictError(f"a ring is named only with scope 'ring', not {scope!r}")
    if facts.tlp[tlp].named_recipients_only and scope not in ("authority", "authorities"):
        raise ConflictError(
            f"TLP:{tlp} is for the eyes and ears of individual recipients only: use scope 'authority' or "
            "'authorities' (named recipients), or a lower TLP label"
        )
    clearance = clearance_of(kb, user)
    if (facts.rank(tlp) or 0) > (facts.rank(clearance) or 0):
        raise ForbiddenError(
            f"TLP:{tlp} is above your clearance TLP:{clearance}: you cannot mark what you may not read"
        )
    if len(data.entities) > MAX_ENTITIES:
        raise InputError(f"{len(data.entities)} entities: give at most {MAX_ENTITIES}")
    for i, entity in enumerate(data.entities):
        if entity.kind not in ENTITY_KINDS:
            raise InputError(f"entities[{i}]: unknown kind {entity.kind[:30]!r}: use one of {', '.join(ENTITY_KINDS)}")
        if not entity.value.strip() or len(entity.value) > 500:
            raise InputError(f"entities[{i}]: the value must have 1 to 500 characters")
    return RecordIn(
        title=title,
        body=body,
        scope=scope,
        handling=handling,
        tlp=tlp,
        evaluation=evaluation,
        entities=data.entities,
        authorities=authorities,
        ring=ring,
        handling_note=note,
    )
