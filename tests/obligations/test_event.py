"""Events from user input: codes in any accepted form, and clear errors for the rest."""

from __future__ import annotations

import pytest

from coopsec.errors import InputError
from coopsec.kb import KnowledgeBase
from coopsec.obligations import make_event


def test_codes_in_any_case_and_alpha3(kb: KnowledgeBase) -> None:
    event = make_event(kb, "Armed-Attack", "esp", "rus", "es-ml", "2026-01-01")
    assert (event.kind, event.victim, event.by, event.place.code) == ("armed-attack", "ES", "RU", "ES-ML")
    assert make_event(kb, "armed-attack", "GB", "AR", "FK", "1982-04-02").by == "AR"  # any ISO state as attacker
    assert make_event(kb, "natural-disaster", "TR", on="2023-02-06").by is None
    assert make_event(kb, "armed-attack", "FI", on="2023-01-01").by == "unknown"
    assert make_event(kb, "armed-attack", "IT", at="SEA:Mediterranean", on="2020-01-01").place.kind == "sea"
    assert make_event(kb, "armed-attack", "US", at="forces:at", on="2020-01-01").place.code == "forces:AT"
    assert make_event(kb, "armed-attack", "FR", at="FR-971", on="2020-01-01").place.code == "GP"
    assert make_event(kb, "armed-attack", "US", at="us-pr", on="2020-01-01").place.code == "PR"


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("invasion", "FI"), "unknown event kind 'invasion': use one of armed-attack"),
        (("armed-attack", "QQ"), "unknown state 'QQ'"),
        (("armed-attack", "ES", None, "XX-99"), "unknown place 'XX-99'"),
        (("armed-attack", "ES", None, "GL"), "belongs to DK, not ES"),
        (("armed-attack", "ES", None, "sea:pacific"), "unknown sea or air area"),
        (("armed-attack", "FI", "FI"), "is the victim itself"),
        (("armed-attack", "FI", "martians"), "--by 'martians'"),
        (("armed-attack", "UA", None, None, "1960-01-01"), "does not exist on 1960-01-01"),
        (("armed-attack", "FI", None, None, "2024-02-30"), "YYYY-MM-DD"),
    ],
)
def test_bad_input_names_the_value_and_the_accepted_forms(
    kb: KnowledgeBase, args: tuple[str | None, ...], needle: str
) -> None:
    kind, victim, *rest = args
    by, at, on = [*rest, None, None, "2024-01-01"][:3]
    with pytest.raises(InputError, match=needle.replace("(", r"\(").replace(")", r"\)")):
        make_event(kb, str(kind), str(victim), by, at, on or "2024-01-01")
