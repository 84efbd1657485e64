"""Turning what a user types into the codes of the knowledge base.

States are accepted as ISO alpha-2, alpha-3 or (for historic states) alpha-4 codes, in any case;
output is always the canonical code. An unknown code is an :class:`UnknownCodeError` that lists the
accepted forms, because a liaison officer typing ``UK`` deserves to be told ``GB``.
"""

from __future__ import annotations

from difflib import get_close_matches
from functools import lru_cache

from coopsec.dates import shown
from coopsec.errors import UnknownCodeError
from coopsec.kb.model import KnowledgeBase

_ALIASES = {"UK": "GB", "EL": "GR"}  # EU protocol codes that differ from ISO 3166-1


def resolve_state(kb: KnowledgeBase, text: str) -> str:
    """The canonical state code for ``text`` (alpha-2, alpha-3 or alpha-4, any case).

    Raises:
        UnknownCodeError: when no state of the knowledge base has that code.

    """
    found = _known(kb, text.strip().upper())
    if found is not None:
        return found
    by_name = {s.name.upper(): s.code for s in kb.states.values()}
    near = get_close_matches(text.strip().upper(), list(by_name), n=1, cutoff=0.8)
    hint = f" Did you mean {by_name[near[0]]} ({near[0].title()})?" if near else ""
    historic = ", ".join(sorted(c for c, s in kb.states.items() if s.historic))
    raise UnknownCodeError(
        f"unknown state {shown(text)}: use an ISO 3166-1 alpha-2 code such as FI, an alpha-3 code such as FIN, "
        f"or XK for Kosovo (historic states: {historic}).{hint} "
        "`coopsec rings` lists every state."
    )


def _known(kb: KnowledgeBase, code: str) -> str | None:
    """The state of the knowledge base that ``code`` (upper case) names, by code, alias or name."""
    if code in kb.states:
        return code
    if code in _ALIASES:
        return _ALIASES[code]
    if code in kb.alpha3:
        return kb.alpha3[code]
    for state in kb.states.values():
        if state.name.upper() == code:
            return state.code
    return None


@lru_cache(maxsize=512)
def _iso_country(code: str) -> str | None:
    """Any ISO 3166-1 country's alpha-2 code (pycountry is loaded only when needed)."""
    import pycountry

    found = pycountry.countries.get(alpha_2=code) if len(code) == 2 else pycountry.countries.get(alpha_3=code)
    return None if found is None else str(found.alpha_2)


def resolve_any_state(kb: KnowledgeBase, text: str) -> str:
    """Like :func:`resolve_state`, but also any other ISO 3166-1 country (e.g. a perpetrator such as AR).

    States outside the knowledge base belong to none of its organisations.
    """
    code = text.strip().upper()
    found = _known(kb, code) or _iso_country(code)
    return found if found is not None else resolve_state(kb, text)  # raises, with a suggestion


def state_name(kb: KnowledgeBase, code: str) -> str:
    """The name of a state, from the knowledge base or else from ISO 3166-1."""
    state = kb.states.get(code)
    if state is not None:
        return state.name
    import pycountry

    found = pycountry.countries.get(alpha_2=code)
    return str(getattr(found, "common_name", None) or found.name) if found is not None else code


def resolve_organisation(kb: KnowledgeBase, text: str) -> str:
    """The canonical organisation code for ``text`` (any case; CSCE means OSCE).

    Raises:
        UnknownCodeError: when no organisation has that code.

    """
    code = text.strip().upper()
    if code == "CSCE":
        code = "OSCE"
    if code in kb.organisations:
        return code
    raise UnknownCodeError(f"unknown organisation {shown(text)}: use one of {', '.join(sorted(kb.organisations))}")


def resolve_code(kb: KnowledgeBase, text: str) -> tuple[str, str]:
    """Resolve ``text`` as an organisation or a state: ``("organisation"|"state", code)``."""
    try:
        return "organisation", resolve_organisation(kb, text)
    except UnknownCodeError:
        pass
    try:
        return "state", resolve_state(kb, text)
    except UnknownCodeError as err:
        raise UnknownCodeError(
            f"unknown state or organisation {shown(text)}: use a state code such as SE or an organisation "
            f"({', '.join(sorted(kb.organisations))})"
        ) from err
