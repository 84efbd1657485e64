"""An assessment in one or two plain sentences, and the small grammar helpers they are built with.

A reader who is not a lawyer wants the answer before the trace: which mechanisms apply, which may,
and the one reason that decides the most important of them. :func:`summarise` builds that from
each mechanism's status and its decisive reasons (never an overridden one, see
:meth:`~coopsec.obligations.rules.engine.Decision.decisive`), so it can never say more than the
answers do. The wording (short names of mechanisms, labels of statuses) is UI text, kept here; the
facts stay in the knowledge base. The helpers are shared with the dashboard, so an event is worded
the same everywhere ("an armed attack", "1 step", "2 steps").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from coopsec.obligations.kinds import KIND_CLASS

if TYPE_CHECKING:
    from coopsec.obligations.event import Event
    from coopsec.obligations.result import Assessment, MechanismResult

__all__ = [
    "STATUS_LABELS",
    "a_or_an",
    "count",
    "event_phrase",
    "join_words",
    "kind_words",
    "long_date",
    "mechanism_name",
    "place_phrase",
    "summarise",
    "the_name",
]

#: Statuses as people say them (the JSON keeps the ids).
STATUS_LABELS = {"applies": "applies", "may_apply": "may apply", "does_not_apply": "does not apply"}
#: The same, after a plural subject ("X and Y apply").
_PLURAL_LABELS = {"applies": "apply", "may_apply": "may apply", "does_not_apply": "do not apply"}
#: Short names of the mechanisms, for sentences; a mechanism not named here is called by its title.
SHORT_NAMES = {
    "nato-art4": "NATO Art. 4",
    "nato-art5": "NATO Art. 5",
    "teu-42-7": "TEU Art. 42(7)",
    "tfeu-222": "TFEU Art. 222",
    "weu-art5": "WEU Art. V",
    "un-art51": "UN Charter Art. 51",
    "eu-ucpm": "the EU Civil Protection Mechanism",
}
#: Which mechanism's reason the summary gives first: the defence guarantees before the rest.
PRIORITY = ("nato-art5", "teu-42-7", "un-art51", "weu-art5", "nato-art4", "tfeu-222", "eu-ucpm")
#: Names that take "the" in running text ("the United States", "the Netherlands").
_WITH_THE = (
    "United ", "Netherlands", "Russian Federation", "Holy See", "Czech Republic", "Saar", "Union of ",
    "German Democratic Republic",
)  # fmt: skip
_REPUBLIC = ("Republic", "Federal Republic", "Socialist", "Democratic", "State of", "Kingdom", "Principality")
#: Words that begin with a vowel letter but a consonant sound, or the reverse.
_A_BEFORE = ("uni", "use", "usu", "eu", "one", "once")
_AN_BEFORE = ("hour", "honest", "honour", "heir")
_CODE = re.compile(r" \([A-Z]{2}(?:-[A-Z0-9]{1,3})?\)")
_DORMANT = (".not-in-force", ".not-yet")
_ACTORS = {"unknown": "an unknown perpetrator", "non-state": "a non-state actor"}


def a_or_an(words: str) -> str:
    """``words`` with its indefinite article: "an armed attack", "a terrorist attack", "a unilateral act"."""
    lowered = words.lower()
    vowel = lowered[:1] in tuple("aeiou") and not lowered.startswith(_A_BEFORE)
    return f"{'an' if vowel or lowered.startswith(_AN_BEFORE) else 'a'} {words}"


def count(number: int, noun: str, plural: str | None = None) -> str:
    """``number`` with its noun in the right number: "1 step", "2 steps", "0 steps"."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


def join_words(items: Iterable[str]) -> str:
    """A list in prose: "A", "A and B", "A, B and C"."""
    words = list(items)
    if len(words) < 2:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


def kind_words(kind: str) -> str:
    """An event kind in words: ``armed-attack`` is "armed attack", ``man-made-disaster`` "man-made disaster"."""
    head, _, last = kind.rpartition("-")
    return f"{head} {last}" if head else last


def the_name(name: str) -> str:
    """A state's name as it stands in running text: "the United States", "the State of Palestine", "Finland"."""
    if ", " in name:  # "Palestine, State of": the ISO order turned back
        first, rest = name.split(", ", 1)
        name = f"{rest} {first}"
    plural = name.endswith(("Islands", "Isles"))
    return f"the {name}" if plural or name.startswith(_WITH_THE) or name.startswith(_REPUBLIC) else name


def long_date(day: dt.date) -> str:
    """A date as people write it: "1 June 2022" (English month names whatever the locale)."""
    months = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December")  # fmt: skip
    return f"{day.day} {months[day.month - 1]} {day.year}"


def mechanism_name(result: MechanismResult) -> str:
    """A mechanism's short name in sentences ("NATO Art. 5"), else its title."""
    return SHORT_NAMES.get(result.id, result.title)


def _victim(event: Event) -> str:
    return the_name(event.victim_name or event.victim)


def _perpetrator(event: Event) -> str:
    if event.by is None:
        return ""
    return _ACTORS.get(event.by) or the_name(event.by_name or event.by)


def place_phrase(event: Event) -> str:
    """Where it happened, as seen from the victim: "on its territory", "in Hawaii", "on its forces in or over Syria"."""
    place = event.place
    if place.kind == "sea":
        return f"at sea ({place.sea.name})" if place.sea is not None else "at sea"
    name = place.territory.name if place.territory is not None else place.code
    if place.kind == "forces":
        return f"on its forces in or over {the_name(name)}"
    return "on its territory" if place.code == event.victim else f"in {the_name(name)}"


def event_phrase(event: Event, *, place: bool = False) -> str:
    """The event as a heading or the start of a sentence.

    "An armed attack on Finland by the Russian Federation" (with ``place``: ", on its territory,")
    then the date: "1 June 2022" after a comma with ``place``, "on 1 June 2022" without.
    """
    words = kind_words(event.kind)
    what = f"an incident (possibly {a_or_an(words)})" if event.scale == "incident" else a_or_an(words)
    towards = {"attack": "on", "disaster": "affecting", "threat": "to"}.get(KIND_CLASS.get(event.kind, ""), "against")
    text = f"{what} {towards} {_victim(event)}"
    by = _perpetrator(event)
    if by:
        text += f" by {by}"
    text += f", {place_phrase(event)}, {long_date(event.date)}" if place else f" on {long_date(event.date)}"
    return text[0].upper() + text[1:]


def _subject(results: Sequence[MechanismResult], status: str) -> str:
    """The subject and verb of a list of mechanisms: "X applies", "X and Y apply"."""
    labels = STATUS_LABELS if len(results) == 1 else _PLURAL_LABELS
    return f"{join_words(mechanism_name(r) for r in results)} {labels[status]}"


def _reason(event: Event, result: MechanismResult) -> str:
    """A mechanism's decisive reasons as a clause of the summary: names without codes, the date in words."""
    text = "; ".join(result.reasons)
    if event.victim_name:
        text = text.replace(f"{event.victim_name} ({event.victim})", _victim(event))
    if event.by_name and event.by:
        text = text.replace(f"{event.by_name} ({event.by})", the_name(event.by_name))
    text = _CODE.sub("", text)  # "Hawaii (US-HI)": the name says it
    return text.replace("on the date of the event", f"on {long_date(event.date)}")


def _dormant(result: MechanismResult) -> bool:
    """Whether a mechanism does not apply merely because its clause is not in force (yet) on the date."""
    return any(label.endswith(_DORMANT) for label in result.rules)


def _decisive(results: Sequence[MechanismResult]) -> MechanismResult | None:
    """The mechanism whose reason the summary gives: the guarantees first, a clause merely not in force last."""
    order = {mechanism: n for n, mechanism in enumerate(PRIORITY)}
    ranked = sorted(results, key=lambda r: (_dormant(r), order.get(r.id, len(order))))
    return ranked[0] if ranked else None


def summarise(assessment: Assessment) -> str:
    """One or two sentences: what applies, may apply and does not, then the reason that decides.

    The second sentence gives the reason of the most important mechanism that does not simply
    apply (see :data:`PRIORITY`): "An armed attack on Finland by the Russian Federation on 1 June
    2022: TEU Art. 42(7) and UN Charter Art. 51 apply; NATO Art. 4 and NATO Art. 5 do not apply.
    NATO Art. 5 does not apply because Finland is not a Party to the North Atlantic Treaty on 1 June
    2022."
    """
    event = assessment.event
    grouped: dict[str, list[MechanismResult]] = {"applies": [], "may_apply": [], "does_not_apply": []}
    for result in assessment.mechanisms:
        grouped.setdefault(result.status, []).append(result)
    parts = [_subject(results, status) for status, results in grouped.items() if results]
    first = f"{event_phrase(event)}: {'; '.join(parts) if parts else 'no mechanism answers'}."
    decisive = _decisive([*grouped["may_apply"], *grouped["does_not_apply"]])
    if decisive is None or not decisive.reasons:
        return first
    second = f"{mechanism_name(decisive)} {STATUS_LABELS[decisive.status]} because {_reason(event, decisive)}"
    return f"{first} {second[0].upper()}{second[1:]}."
