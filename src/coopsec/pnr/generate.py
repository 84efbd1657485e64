"""A seeded generator of synthetic PNR batches: fictional people only, never real PNR data.

Names come from ``data/pnr/names.yaml``; documents, dates, seats and payments are random under the
seed, so a seed always gives the same batch. ``invalid`` records carry one typical defect each (a
missing locator, a malformed date of birth, a name without letters), to exercise the rejection path.
Some names are written without a slash and with the title glued on (``SMITHJOHNMR``), as carriers do.
"""

from __future__ import annotations

import datetime as dt
import random
import string
from typing import Any

from coopsec.pnr.facts import PnrFacts

_PORTS = ("ATH", "FRA", "CDG", "MAD", "FCO", "WAW", "HEL", "IST", "TUN", "CAI", "JFK", "DXB", "LIS", "VIE")
_COUNTRIES = ("GRC", "DEU", "FRA", "ESP", "ITA", "POL", "FIN", "TUR", "TUN", "EGY", "USA", "ARE", "PRT", "AUT")
_DEFECTS = ("locator", "date_of_birth", "name")


def _locator(rng: random.Random) -> str:
    return "".join(rng.choice(string.ascii_uppercase + string.digits) for _ in range(6))


def person(rng: random.Random, facts: PnrFacts) -> dict[str, Any]:
    """A fictional person: names, date of birth, document, nationality, gender."""
    given = rng.choice(facts.names.given_names)
    return {
        "surname": rng.choice(facts.names.surnames),
        "given_names": given,
        "date_of_birth": (dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(365 * 55))).isoformat(),
        "document_number": "".join(rng.choice(string.ascii_uppercase[:6] + string.digits) for _ in range(9)),
        "nationality": rng.choice(_COUNTRIES),
        "gender": rng.choice("MF"),
    }


def _passenger(rng: random.Random, facts: PnrFacts, who: dict[str, Any], departure: dt.datetime) -> dict[str, Any]:
    title = ("MR" if who["gender"] == "M" else rng.choice(("MRS", "MS"))) if rng.random() < 0.8 else ""
    if rng.random() < 0.3:
        name = f"{who['surname']}{who['given_names']}{title}"
    else:
        name = f"{who['surname']}/{who['given_names']}" + (f" {title}" if title else "")
    api = {
        "document_type": "P",
        "document_number": who["document_number"],
        "document_country": who["nationality"],
        "document_expiry": (departure.date() + dt.timedelta(days=rng.randrange(30, 3000))).isoformat(),
        "nationality": who["nationality"],
        "surname": who["surname"],
        "given_names": who["given_names"],
        "gender": who["gender"],
        "date_of_birth": who["date_of_birth"],
    }
    return {
        "name": name,
        "travel_status": rng.choice(("confirmed", "checked-in", "boarded")),
        "seat": f"{rng.randrange(1, 40)}{rng.choice('ABCDEF')}",
        "baggage": {"pieces": rng.randrange(0, 3), "weight_kg": round(rng.uniform(0, 30), 1)},
        "frequent_flyer": {"airline": "XX", "number": str(rng.randrange(10**8, 10**9))} if rng.random() < 0.3 else None,
        "api": api if rng.random() < 0.9 else None,
    }


def generate_batch(
    facts: PnrFacts,
    *,
    seed: int = 0,
    records: int = 20,
    invalid: int = 0,
    departure: dt.datetime | None = None,
    people: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """A batch of ``records`` valid PNRs (then ``invalid`` defective ones) for one synthetic flight.

    Args:
        facts: the PNR facts (their name lists).
        seed: the random seed; the same seed gives the same batch.
        records: how many valid PNRs.
        invalid: how many defective PNRs to append.
        departure: the flight's departure (default: 2026-11-24 10:00 UTC).
        people: persons (as :func:`person` makes them) to place as the first passengers, e.g. watchlisted ones.

    """
    rng = random.Random(seed)
    departure = departure or dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.UTC)
    origin, destination = rng.sample(_PORTS, 2)
    placed = list(people or [])
    out: list[dict[str, Any]] = []
    for index in range(records + invalid):
        travellers = [placed.pop(0) if placed else person(rng, facts) for _ in range(rng.choice((1, 1, 1, 2, 3)))]
        booked = departure.date() - dt.timedelta(days=rng.randrange(1, 120))
        record: dict[str, Any] = {
            "locator": _locator(rng),
            "reservation_date": booked.isoformat(),
            "travel_dates": [departure.date().isoformat()],
            "passengers": [_passenger(rng, facts, who, departure) for who in travellers],
            "contact": {"phone": f"+30 21{rng.randrange(10**7, 10**8)}", "email": f"traveller{index}@example.org"},
            "payment": [
                {"form": "card", "card_last4": f"{rng.randrange(10**4):04d}", "billing_address": "1 Example Street"}
            ],
            "itinerary": [
                {
                    "flight": f"XX{rng.randrange(100, 999)}",
                    "departure_port": origin,
                    "arrival_port": destination,
                    "departure": departure.isoformat(),
                }
            ],
            "travel_agency": rng.choice((None, "Example Travel")),
            "general_remarks": rng.choice((None, "window seat requested")),
            "ticketing": {"ticket_number": str(rng.randrange(10**12, 10**13)), "issued": booked.isoformat()},
            "history": [{"at": f"{booked.isoformat()}T09:00:00Z", "change": "booked"}],
        }
        if index >= records:
            defect = _DEFECTS[(index - records) % len(_DEFECTS)]
            if defect == "locator":
                del record["locator"]
            elif defect == "date_of_birth" and record["passengers"][0]["api"]:
                record["passengers"][0]["api"]["date_of_birth"] = "31/02/1980"
            else:
                record["passengers"][0]["name"] = "/ 123"
        out.append(record)
    return {
        "format": "coopsec-pnr/1",
        "flight": {
            "carrier": "XX",
            "number": str(rng.randrange(100, 9999)),
            "departure_port": origin,
            "arrival_port": destination,
            "departure": departure.isoformat(),
        },
        "records": out,
    }
