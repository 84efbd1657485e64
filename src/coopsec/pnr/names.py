"""Normalising PNR names: ``SURNAME/GIVEN NAMES TITLE`` and names written without a slash.

Reservation systems write a passenger's name as ``SURNAME/GIVEN NAMES`` in capitals, often with the
booking title glued on (``DOE/JANE MRS``, ``DOE/JANEMRS``) and sometimes with no slash at all
(``SMITHJOHNMR``). Screening compares surname and given names separately, so both must be recovered
the same way for a passenger and for a watchlist entry.

The rules, in order:

1. Fold to capitals without accents (``Müller`` → ``MULLER``); keep letters, spaces, hyphens and one
   slash; collapse spaces.
2. Strip one title (``names.yaml``: MR, MRS, MS, MISS, MSTR, DR, ...) at the end, as a separate word or
   glued to the last word (``JANEMRS``); after a slash a glued title is stripped only when a known given
   name remains (``DOE/WILLIAMS`` keeps its ``MS``); without a slash, only when the rest ends with a
   known given name or the whole does not (``SMITHTHOMAS`` keeps its ``MS``); never leaving < 2 letters.
3. With a slash: what precedes it is the surname, what follows the given names.
4. Without a slash: if the API surname is known and is a prefix, split there; otherwise split before the
   longest known given name (``names.yaml``) that ends the name; otherwise the whole is the surname and
   the result is marked ``split=False``.

Limits: a title that is also the end of a given name written without a space (``ANNEMR`` is read as
ANNE + MR, but ``DELMAR`` would lose ``MR`` were it glued), given names outside the list in slash-less
names, and surnames of several words without a slash (``VON DER LEYENURSULA``) are not recovered.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_KEEP = re.compile(r"[^A-Z /-]")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Name:
    """A normalised PNR name."""

    surname: str
    given_names: str | None
    title: str | None
    split: bool = True


def fold(text: str) -> str:
    """Capitals without accents, letters, spaces, hyphens and slashes only, spaces collapsed."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").upper()
    plain = _KEEP.sub(" ", plain.replace("ß", "SS"))
    plain = re.sub(r"\s*/\s*", "/", plain)
    return _SPACES.sub(" ", plain).strip()


def _strip_title(text: str, titles: tuple[str, ...], given: frozenset[str]) -> tuple[str, str | None]:
    ordered = sorted(titles, key=len, reverse=True)
    words = text.split(" ")
    last = words[-1]
    if len(words) > 1 and last in ordered:
        return " ".join(words[:-1]), last
    body = last.split("/")[-1]
    slash = "/" in text
    for title in ordered:
        rest = body[: -len(title)]
        if not body.endswith(title) or len(rest) < 2:
            continue
        # After a slash the word is a given name: strip a glued title only when a known given name
        # remains (DOE/JANEMRS), so DOE/WILLIAMS keeps its MS. Without a slash, prefer the reading that
        # ends in a known given name: SMITHJOHNMR loses MR, SMITHTHOMAS keeps its MS.
        rest_known = rest in given if slash else any(rest.endswith(g) for g in given)
        if rest_known or (not slash and not any(body.endswith(g) for g in given)):
            words[-1] = last[: -len(title)]
            return " ".join(words), title
    return text, None


def parse_name(raw: str, titles: tuple[str, ...], given: tuple[str, ...] = (), api_surname: str | None = None) -> Name:
    """Split a PNR name into surname, given names and title (see the module's rules).

    Args:
        raw: the name as the carrier sent it.
        titles: the booking titles (``names.yaml``).
        given: known given names, to split names written without a slash.
        api_surname: the family name of the passenger's API data, if any, the surest way to split.

    """
    text = fold(raw)
    if not text.replace("/", "").strip():
        return Name("", None, None, split=False)
    text, title = _strip_title(text, titles, frozenset(given))
    if "/" in text:
        surname, _, rest = text.partition("/")
        rest = rest.replace("/", " ").strip()
        return Name(surname.strip(), rest or None, title)
    glued = text.replace(" ", "")
    known = fold(api_surname).replace(" ", "") if api_surname else ""
    if " " in text and not known:
        head, _, tail = text.partition(" ")
        return Name(head, tail, title)
    if known and glued.startswith(known) and len(glued) > len(known):
        return Name(known, glued[len(known) :], title)
    for name in sorted(given, key=len, reverse=True):
        if glued.endswith(name) and len(glued) > len(name):
            return Name(glued[: -len(name)], name, title)
    return Name(glued, None, title, split=False)


def key(text: str | None) -> str:
    """A name as compared: folded, without spaces or hyphens (``Jean-Pierre`` and ``JEANPIERRE`` are equal)."""
    return fold(text or "").replace(" ", "").replace("-", "").replace("/", "")
