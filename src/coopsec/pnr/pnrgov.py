"""Reading PNRGOV EDIFACT (the 11.1 message of Implementing Decision (EU) 2017/759) into a batch document.

The message is turned into the same ``coopsec-pnr/1`` document a JSON batch is, so it is validated
record by record the same way (:mod:`coopsec.pnr.ingest`). How far this goes, exactly:

* Syntax: ``UNA`` service characters (default ``:+.? '``), the release character, segments and
  composite elements. Interchange and message envelopes (``UNB``/``UNG``/``UNH``/``MSG``/``ORG``/``EQN``/
  ``UNT``/``UNE``/``UNZ``) are skipped, not checked (no control counts, no syntax version check).
* The flight: the first ``TVL`` before any ``SRC`` (date DDMMYY:HHMM, departure and arrival ports,
  carrier, flight number).
* Each ``SRC`` opens a PNR; in it: ``RCI`` (record locator, 2nd component), the first ``DAT`` (taken as
  the reservation date; qualifiers are not told apart), ``IFT`` (general remarks, joined), ``ADD``
  (address, components joined), ``FOP`` (form of payment: CC becomes ``card`` with the last four digits,
  CA ``cash``, anything else ``other``), ``TKT`` (ticket number), ``TVL`` (itinerary legs and travel
  dates), ``TIF`` (a traveller: surname, given names with title), then for the last traveller ``FTI``
  (frequent flyer), ``SSR+DOCS`` (API data from the free text ``/P/country/number/nationality/DDMMMYY/
  gender/DDMMMYY/surname/given``) and ``SSD`` (seat).
* Not read: the PNRGOV XML 13.1 message; ``TBD`` (baggage), ``EBD``, ``RPI``, ``APD``, ``SSR`` other than
  DOCS, ``LTS`` history, split/divided PNR and code-share information; group levels are inferred from
  segment order, not from the message's segment groups.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from coopsec.errors import InputError

_MONTHS = {
    m: i for i, m in enumerate(("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"), 1)
}


def looks_like_edifact(text: str) -> bool:
    """Whether a file's text is an EDIFACT interchange rather than JSON."""
    return text.lstrip().startswith(("UNA", "UNB"))


def _segments(text: str) -> list[list[list[str]]]:
    """Segments as elements as components, with the UNA service characters and the release character."""
    comp, elem, release, term = ":", "+", "?", "'"
    body = text.strip()
    if body.startswith("UNA"):
        comp, elem, release, term = body[3], body[4], body[6], body[8]
        body = body[9:]
    segments: list[list[list[str]]] = []
    elements: list[list[str]] = []
    parts: list[str] = []
    buf: list[str] = []
    chars = iter(body)
    for ch in chars:
        if ch == release:
            buf.append(next(chars, ""))
        elif ch == comp:
            parts.append("".join(buf))
            buf = []
        elif ch == elem:
            parts.append("".join(buf))
            elements.append(parts)
            parts, buf = [], []
        elif ch == term:
            parts.append("".join(buf))
            elements.append(parts)
            segments.append(elements)
            elements, parts, buf = [], [], []
        elif ch not in "\r\n":
            buf.append(ch)
    return segments


def _get(seg: list[list[str]], element: int, component: int = 0) -> str:
    try:
        return seg[element][component].strip()
    except IndexError:
        return ""


def _date(ddmmyy: str, hhmm: str = "") -> str:
    moment = dt.datetime.strptime(ddmmyy + (hhmm or "0000"), "%d%m%y%H%M").replace(tzinfo=dt.UTC)
    return moment.isoformat()


def _doc_date(text: str, *, past: bool) -> str | None:
    """``12JUL70`` as ISO; a two-digit year is put in the past (birth) or the future (expiry)."""
    found = re.fullmatch(r"(\d{2})([A-Z]{3})(\d{2})", text.strip().upper())
    if not found or found.group(2) not in _MONTHS:
        return text or None  # left as sent: validation reports it
    day, month, year = int(found.group(1)), _MONTHS[found.group(2)], int(found.group(3))
    century = 2000 if (year <= dt.date.today().year % 100 if past else True) else 1900
    try:
        return dt.date(century + year, month, day).isoformat()
    except ValueError:
        return text


def _docs(free: str) -> dict[str, Any] | None:
    fields = free.split("/")
    if len(fields) < 10:
        return None
    _, kind, country, number, nationality, born, gender, expiry, surname, given = fields[:10]
    return {
        "document_type": kind or "P",
        "document_number": number,
        "document_country": country,
        "document_expiry": _doc_date(expiry, past=False),
        "nationality": nationality,
        "surname": surname,
        "given_names": given or None,
        "gender": gender[:1] or "U",
        "date_of_birth": _doc_date(born, past=True),
    }


def _new_pnr() -> dict[str, Any]:
    return {"passengers": [], "travel_dates": [], "itinerary": [], "payment": []}


def _leg(seg: list[list[str]]) -> dict[str, Any]:
    return {
        "flight": _get(seg, 4) + _get(seg, 5),
        "departure_port": _get(seg, 2),
        "arrival_port": _get(seg, 3),
        "departure": _date(_get(seg, 1, 0), _get(seg, 1, 1)),
    }


def parse_pnrgov(text: str) -> dict[str, Any]:
    """A PNRGOV EDIFACT interchange as a ``coopsec-pnr/1`` batch document (see the module for what is read).

    Raises:
        InputError: when no flight (``TVL`` before the first ``SRC``) or no PNR (``SRC``) is found.

    """
    flight: dict[str, Any] | None = None
    records: list[dict[str, Any]] = []
    pnr: dict[str, Any] | None = None
    for seg in _segments(text):
        tag = _get(seg, 0)
        try:
            if tag == "TVL" and pnr is None:
                flight = {
                    "carrier": _get(seg, 4),
                    "number": _get(seg, 5),
                    "departure_port": _get(seg, 2),
                    "arrival_port": _get(seg, 3),
                    "departure": _date(_get(seg, 1, 0), _get(seg, 1, 1)),
                }
            elif tag == "SRC":
                pnr = _new_pnr()
                records.append(pnr)
            elif pnr is None:
                continue
            elif tag == "RCI":
                pnr["locator"] = _get(seg, 1, 1) or _get(seg, 1, 0)
            elif tag == "DAT" and "reservation_date" not in pnr:
                pnr["reservation_date"] = _date(_get(seg, 1, 1))[:10]
            elif tag == "IFT":
                text_parts = [c for element in seg[2:] for c in element if c]
                pnr["general_remarks"] = " ".join(filter(None, [pnr.get("general_remarks"), *text_parts]))
            elif tag == "ADD":
                address = ", ".join(c for c in seg[2][1:] if c) if len(seg) > 2 else ""  # [0]: the qualifier
                pnr["contact"] = {"address": address or None}
            elif tag == "FOP":
                code = _get(seg, 1, 0)
                last4 = re.sub(r"\D", "", _get(seg, 1, 4))[-4:] or None
                form = {"CC": "card", "CA": "cash"}.get(code, "other")
                pnr["payment"].append({"form": form, "card_last4": last4 if form == "card" else None})
            elif tag == "TKT":
                pnr["ticketing"] = {"ticket_number": _get(seg, 1, 0)}
            elif tag == "TVL":
                leg = _leg(seg)
                pnr["itinerary"].append(leg)
                pnr["travel_dates"].append(leg["departure"][:10])
            elif tag == "TIF":
                given = _get(seg, 2, 0)
                pnr["passengers"].append({"name": _get(seg, 1, 0) + (f"/{given}" if given else "")})
            elif tag == "FTI" and pnr["passengers"]:
                pnr["passengers"][-1]["frequent_flyer"] = {"airline": _get(seg, 1, 0), "number": _get(seg, 1, 1)}
            elif tag == "SSD" and pnr["passengers"]:
                pnr["passengers"][-1]["seat"] = _get(seg, 1, 0) or None
            elif tag == "SSR" and _get(seg, 1, 0) == "DOCS" and pnr["passengers"]:
                api = _docs(seg[1][-1] if seg[1] else "")
                if api:
                    pnr["passengers"][-1]["api"] = api
        except ValueError as err:
            raise InputError(f"PNRGOV segment {tag} cannot be read ({err}): check its dates (DDMMYY, HHMM)") from err
    if flight is None or not records:
        raise InputError("not a PNRGOV message coopsec can read: it needs a flight TVL and at least one SRC")
    for record in records:  # dedupe travel dates; an empty payment list is no payment element
        record["travel_dates"] = sorted(set(record["travel_dates"])) or [flight["departure"][:10]]
    return {"format": "coopsec-pnr/1", "flight": flight, "records": records}
