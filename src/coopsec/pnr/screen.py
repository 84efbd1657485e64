"""Screening passengers against a watchlist with the pre-determined criteria; every hit goes to review.

A run states its purpose: terrorist offences or one of the serious crimes of Annex II (Art. 1(2) and
6(2) of Directive (EU) 2016/681; C-817/19). Any other purpose is refused before anything is read. The
criteria are fixed rules from data (:mod:`coopsec.pnr.facts`): exact fields and, for names, a Dice
similarity on letter bigrams above a stated threshold; nothing is learned from the data. A match is
never a decision: it becomes a *pending* hit that a person must review (:mod:`coopsec.pnr.review`).

Only passengers whose identifying data are still readable are screened: after depersonalisation only
those with a recorded objective-evidence flag (C-817/19).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import select

from coopsec.errors import InputError
from coopsec.pnr.clock import iso, utc
from coopsec.pnr.names import key
from coopsec.store import audit
from coopsec.store.pnr_models import PnrHit, PnrPassenger, PnrScreening

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from coopsec.pnr.facts import CriteriaFile, Criterion, PnrFacts


class Entry(BaseModel):
    """One watchlist entry: the identifiers screening may use, nothing else (no sensitive characteristic)."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    id: str = Field(min_length=1, max_length=80)
    surname: str | None = Field(default=None, max_length=80)
    given_names: str | None = Field(default=None, max_length=120)
    date_of_birth: dt.date | None = None
    document_number: str | None = Field(default=None, pattern=r"^[A-Z0-9]{5,20}$")
    nationality: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    gender: Literal["M", "F", "X", "U"] | None = None


class Watchlist(BaseModel):
    """A unit's own watchlist in plain JSON (``{"name": ..., "entries": [...]}``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, max_length=200)
    entries: tuple[Entry, ...] = Field(min_length=1)


def read_watchlist(doc: Any) -> Watchlist:
    """A checked watchlist document.

    Raises:
        InputError: naming each bad entry and field; fields beyond the allowed identifiers are refused.

    """
    try:
        return Watchlist.model_validate(doc)
    except ValidationError as err:
        reasons = "; ".join(
            ".".join(str(p) for p in e["loc"])
            + ": "
            + (
                "field not allowed in a watchlist entry (only id, surname, "
                "given_names, date_of_birth, document_number, nationality, gender)"
                if e["type"] == "extra_forbidden"
                else e["msg"]
            )
            for e in err.errors()[:10]
        )
        raise InputError(f"the watchlist cannot be used: {reasons}") from err


def load_watchlist_file(path: Path) -> Any:
    """The JSON document of a watchlist file.

    Raises:
        InputError: when it cannot be read.

    """
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise InputError(f"cannot read the watchlist {path} ({err}): give a JSON file") from err


def check_purpose(facts: PnrFacts, purpose: str) -> str:
    """The purpose code, if it is terrorism or an Annex II serious crime.

    Raises:
        InputError: naming the accepted purposes.

    """
    codes = facts.directive.purpose_codes()
    if purpose not in codes:
        raise InputError(
            f"purpose {purpose!r} is not allowed: PNR data may be processed only for terrorist offences and the "
            f"serious crimes of Annex II (Art. 1(2); C-817/19): use one of {', '.join(codes)}"
        )
    return purpose


def bigram_dice(a: str, b: str) -> float:
    """Dice similarity of the letter bigrams of two name keys (1.0 when equal)."""
    if a == b:
        return 1.0
    grams_a = {a[i : i + 2] for i in range(len(a) - 1)}
    grams_b = {b[i : i + 2] for i in range(len(b) - 1)}
    total = len(grams_a) + len(grams_b)
    return 0.0 if total == 0 else 2 * len(grams_a & grams_b) / total


def _values(p: PnrPassenger) -> dict[str, str]:
    return {
        "surname": key(p.surname),
        "given_names": key(p.given_names),
        "date_of_birth": p.date_of_birth or "",
        "document_number": p.document_number or "",
        "nationality": p.nationality or "",
        "gender": p.gender or "",
    }


def _entry_values(e: Entry) -> dict[str, str]:
    return {
        "surname": key(e.surname),
        "given_names": key(e.given_names),
        "date_of_birth": e.date_of_birth.isoformat() if e.date_of_birth else "",
        "document_number": e.document_number or "",
        "nationality": e.nationality or "",
        "gender": e.gender or "",
    }


def _matches(crit: Criterion, p: dict[str, str], e: dict[str, str]) -> dict[str, float] | None:
    """The fields' scores when the criterion holds (every value present on both sides), else ``None``."""
    scores: dict[str, float] = {}
    for name in crit.exact:
        if not p[name] or p[name] != e[name]:
            return None
        scores[name] = 1.0
    for name, threshold in crit.similar.items():
        if not p[name] or not e[name]:
            return None
        score = bigram_dice(p[name], e[name])
        if score < threshold:
            return None
        scores[name] = round(score, 3)
    return scores


@dataclass(frozen=True)
class ScreeningResult:
    """A run and the hits it queued for review."""

    screening_id: int
    purpose: str
    screened: int
    hits: tuple[int, ...]

    def as_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "screening": self.screening_id,
            "purpose": self.purpose,
            "screened": self.screened,
            "hits": list(self.hits),
            "review": "every hit is pending human review; none is a decision",
        }


def screenable(session: Session) -> list[PnrPassenger]:
    """Passengers whose identifiers are readable: not depersonalised, or kept in full on objective evidence."""
    rows = session.execute(select(PnrPassenger).where(PnrPassenger.depersonalised_at.is_(None))).scalars()
    return list(rows)


def record_run(
    session: Session,
    *,
    purpose: str,
    watchlist: str,
    encoded: bool,
    criteria: list[str],
    actor: str,
    screened: int,
    found: list[tuple[PnrPassenger, str, str, dict[str, Any]]],
    now: dt.datetime | None,
) -> ScreeningResult:
    """Store a run and its pending hits, and audit it (ids and counts, never a name)."""
    at = iso(utc(now))
    run = PnrScreening(
        purpose=purpose,
        watchlist=watchlist,
        encoded=encoded,
        criteria=criteria,
        run_by=actor,
        run_at=at,
        screened=screened,
        hits=len(found),
    )
    session.add(run)
    session.flush()
    hits = [
        PnrHit(
            screening_id=run.id,
            passenger_id=p.id,
            entry=entry,
            criterion=crit,
            detail=detail,
            created_at=at,
            status="pending",
        )
        for p, entry, crit, detail in found
    ]
    session.add_all(hits)
    session.flush()
    audit.append(
        session,
        actor,
        "pnr.screen",
        f"pnr-screening:{run.id}",
        {
            "purpose": purpose,
            "watchlist": watchlist,
            "encoded": encoded,
            "criteria": criteria,
            "screened": screened,
            "hits": [h.id for h in hits],
        },
    )
    for hit in hits:
        audit.append(
            session,
            actor,
            "pnr.hit.queued",
            f"pnr-hit:{hit.id}",
            {"screening": run.id, "passenger": hit.passenger_id, "criterion": hit.criterion},
        )
    return ScreeningResult(run.id, purpose, screened, tuple(h.id for h in hits))


def screen(
    session: Session,
    facts: PnrFacts,
    watchlist: Watchlist,
    purpose: str,
    actor: str,
    *,
    criteria: CriteriaFile | None = None,
    now: dt.datetime | None = None,
) -> ScreeningResult:
    """Screen every screenable passenger against a plain watchlist; queue each hit for review.

    One hit per passenger and entry, naming the first criterion that holds (in the criteria's order)
    and the scores of every criterion that holds. Entries are blocked by the first exact field of
    each criterion, so a run costs about (passengers + entries) per criterion, not their product.

    Raises:
        InputError: when the purpose is not terrorism or an Annex II serious crime.

    """
    check_purpose(facts, purpose)
    rules = (criteria or facts.criteria).criteria
    entries = [(e.id, _entry_values(e)) for e in watchlist.entries]
    blocks: list[dict[str, list[tuple[str, dict[str, str]]]]] = []
    for crit in rules:
        index: dict[str, list[tuple[str, dict[str, str]]]] = defaultdict(list)
        block_on = crit.exact[0] if crit.exact else None
        for entry in entries:
            index[entry[1][block_on] if block_on else ""].append(entry)
        blocks.append(index)
    passengers = screenable(session)
    found: list[tuple[PnrPassenger, str, str, dict[str, Any]]] = []
    for passenger in passengers:
        values = _values(passenger)
        per_entry: dict[str, dict[str, dict[str, float]]] = {}
        for crit, index in zip(rules, blocks, strict=True):
            block_on = crit.exact[0] if crit.exact else None
            for entry_id, entry_values in index.get(values[block_on] if block_on else "", ()):
                scores = _matches(crit, values, entry_values)
                if scores is not None:
                    per_entry.setdefault(entry_id, {})[crit.id] = scores
        for entry_id, held in per_entry.items():
            found.append((passenger, entry_id, next(iter(held)), {"criteria": held}))
    return record_run(
        session,
        purpose=purpose,
        watchlist=watchlist.name,
        encoded=False,
        criteria=[c.id for c in rules],
        actor=actor,
        screened=len(passengers),
        found=found,
        now=now,
    )
