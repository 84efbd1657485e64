"""The PNR batch format (``coopsec-pnr/1``): one flight's PNRs, covering the 19 elements of Annex I.

A batch is JSON: the carrier, the flight, when it was transferred to the Passenger Information Unit
(Art. 12's clock starts then) and the records. Each record is validated on its own so that one bad
record is rejected with its reasons while the good ones are kept. ``data/pnr/directive.yaml`` maps
every Annex I element to its field here (``annex_i.elements[].field``); ``coopsec pnr schema`` prints
the JSON Schema generated from these models.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

FORMAT = "coopsec-pnr/1"
_PORT = r"^[A-Z]{3}$"
_COUNTRY = r"^[A-Z]{3}$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Flight(_Strict):
    """The flight the batch was sent for (Art. 8(3): 24-48 h before departure and at boarding)."""

    carrier: str = Field(pattern=r"^[A-Z0-9]{2,3}$", description="IATA/ICAO airline designator")
    number: str = Field(pattern=r"^[0-9]{1,4}[A-Z]?$")
    departure_port: str = Field(pattern=_PORT)
    arrival_port: str = Field(pattern=_PORT)
    departure: dt.datetime


class Contact(_Strict):
    """Annex I (5): address and contact information."""

    address: str | None = Field(default=None, max_length=400)
    phone: str | None = Field(default=None, max_length=40)
    email: str | None = Field(default=None, max_length=200)


class Payment(_Strict):
    """Annex I (6): forms of payment, billing address."""

    form: Literal["card", "cash", "invoice", "miles", "other"]
    card_last4: str | None = Field(default=None, pattern=r"^[0-9]{4}$")
    billing_address: str | None = Field(default=None, max_length=400)
    amount: str | None = Field(default=None, max_length=40)


class Segment(_Strict):
    """Annex I (7): one leg of the itinerary."""

    flight: str = Field(max_length=10)
    departure_port: str = Field(pattern=_PORT)
    arrival_port: str = Field(pattern=_PORT)
    departure: dt.datetime


class FrequentFlyer(_Strict):
    """Annex I (8)."""

    airline: str = Field(pattern=r"^[A-Z0-9]{2,3}$")
    number: str = Field(max_length=30)


class Baggage(_Strict):
    """Annex I (16)."""

    pieces: int = Field(ge=0, le=50)
    weight_kg: float | None = Field(default=None, ge=0, le=1000)
    tags: tuple[str, ...] = ()


class Api(_Strict):
    """Annex I (18): advance passenger information, as far as collected."""

    document_type: Literal["P", "I", "V", "A", "C", "O"] = Field(description="P passport, I identity card, ...")
    document_number: str = Field(pattern=r"^[A-Z0-9]{5,20}$")
    document_country: str = Field(pattern=_COUNTRY)
    document_expiry: dt.date | None = None
    nationality: str = Field(pattern=_COUNTRY)
    surname: str = Field(min_length=1, max_length=80)
    given_names: str | None = Field(default=None, max_length=120)
    gender: Literal["M", "F", "X", "U"]
    date_of_birth: dt.date


class Passenger(_Strict):
    """One traveller of the PNR: Annex I (4), (8), (10), (14), (16), (18)."""

    name: str = Field(min_length=2, max_length=120, description='As the carrier sent it: "DOE/JANE MRS", "SMITHJOHNMR"')
    frequent_flyer: FrequentFlyer | None = None
    travel_status: Literal["confirmed", "checked-in", "boarded", "no-show", "go-show", "cancelled"] = "confirmed"
    seat: str | None = Field(default=None, pattern=r"^[0-9]{1,3}[A-K]$")
    baggage: Baggage | None = None
    api: Api | None = None


class Ticketing(_Strict):
    """Annex I (13)."""

    ticket_number: str | None = Field(default=None, pattern=r"^[0-9]{13}$")
    issued: dt.date | None = None
    one_way: bool = False
    fare_quote: str | None = Field(default=None, max_length=200)


class Change(_Strict):
    """Annex I (19): one historical change of the PNR."""

    at: dt.datetime
    change: str = Field(max_length=400)


class PnrRecord(_Strict):
    """One PNR: the Annex I elements as far as the carrier collected them."""

    locator: str = Field(pattern=r"^[A-Z0-9]{5,8}$", description="Annex I (1): record locator")
    reservation_date: dt.date = Field(description="Annex I (2)")
    travel_dates: tuple[dt.date, ...] = Field(min_length=1, description="Annex I (3)")
    passengers: tuple[Passenger, ...] = Field(min_length=1, max_length=99, description="Annex I (4), (17)")
    contact: Contact | None = None
    payment: tuple[Payment, ...] = ()
    itinerary: tuple[Segment, ...] = ()
    travel_agency: str | None = Field(default=None, max_length=200)
    split_info: str | None = Field(default=None, max_length=200)
    general_remarks: str | None = Field(default=None, max_length=2000)
    ticketing: Ticketing | None = None
    code_share: str | None = Field(default=None, max_length=200)
    history: tuple[Change, ...] = ()


class BatchHead(_Strict):
    """What a batch says about itself, read before its records (which are checked one by one)."""

    format: Literal["coopsec-pnr/1"] = "coopsec-pnr/1"
    flight: Flight
    transferred_at: dt.datetime | None = Field(default=None, description="Transfer to the PIU; default: now")
