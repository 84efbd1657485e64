"""Name normalisation: slashes, glued titles, names without a slash, accents; properties with Hypothesis."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coopsec.pnr.facts import load_facts
from coopsec.pnr.names import Name, fold, key, parse_name

FACTS = load_facts()
TITLES, GIVEN = FACTS.names.titles, FACTS.names.given_names


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("SMITHJOHNMR", Name("SMITH", "JOHN", "MR")),
        ("DOE/JANE MRS", Name("DOE", "JANE", "MRS")),
        ("DOE/JANEMRS", Name("DOE", "JANE", "MRS")),
        ("doe / jane mary", Name("DOE", "JANE MARY", None)),
        ("Müller/Hans Dr", Name("MULLER", "HANS", "DR")),
        ("VON DER LEYEN/URSULA MS", Name("VON DER LEYEN", "URSULA", "MS")),
        ("DOE/WILLIAMS", Name("DOE", "WILLIAMS", None)),  # a given name ending in MS keeps it
        ("SMITHTHOMAS", Name("SMITH", "THOMAS", None)),  # also without a slash
        ("SMITHTHOMASMR", Name("SMITH", "THOMAS", "MR")),
        ("XYZABCMR", Name("XYZABC", None, "MR", split=False)),  # unknown given name: kept whole, marked
    ],
)
def test_examples(raw: str, expected: Name) -> None:
    assert parse_name(raw, TITLES, GIVEN) == expected


def test_the_api_surname_splits_a_name_the_lists_cannot() -> None:
    assert parse_name("OKONKWOCHIDIMR", TITLES, GIVEN, api_surname="Okonkwo") == Name("OKONKWO", "CHIDI", "MR")


def test_spelling_variants_compare_equal() -> None:
    assert key("Jean-Pierre") == key("JEAN PIERRE") == key("jeanpierre")
    assert fold("  Ñúñez /  José ") == "NUNEZ/JOSE"


@settings(max_examples=500)
@given(
    surname=st.sampled_from(FACTS.names.surnames),
    given_name=st.sampled_from(FACTS.names.given_names),
    title=st.sampled_from(("", *FACTS.names.titles)),
    slash=st.booleans(),
    glue=st.booleans(),
)
def test_generated_pnr_names_come_apart_again(
    surname: str, given_name: str, title: str, slash: bool, glue: bool
) -> None:
    raw = f"{surname}/{given_name}" if slash else f"{surname}{given_name}"
    raw += title if glue or not slash else f" {title}" if title else ""
    name = parse_name(raw, TITLES, GIVEN)
    assert (name.surname, name.given_names, name.title) == (surname, given_name, title or None)


@given(st.text(max_size=60))
def test_any_text_parses_without_error_and_folding_is_idempotent(text: str) -> None:
    name = parse_name(text, TITLES, GIVEN)
    assert name.surname == fold(name.surname)
    assert fold(fold(text)) == fold(text)
