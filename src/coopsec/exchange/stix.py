"""Records as STIX 2.1: one ``report`` per record, its entities as objects, TLP 2.0 markings from the data.

Why this shape: STIX is what other tools (MISP, OpenCTI, national CERT platforms) read, so a coopsec
record must survive the trip without losing what makes it a law-enforcement message: its handling
code, its evaluation and its distribution travel as custom properties (``x_coopsec_*``), and its TLP
as the OASIS TLP 2.0 marking-definition objects, whose ids are fixed by OASIS and read from
``data/exchange.yaml``, never invented here.

Mapping (documented in README "STIX 2.1 and TAXII 2.1"):

- record -> ``report`` (``id`` ``report--<record uuid>``, ``name`` title, ``description`` body,
  ``published`` created_at, ``created_by_ref`` the originating authority's ``identity``, whose id is
  a uuid5 of the authority so every export names it alike);
- person -> ``identity`` (``identity_class: individual``), organisation -> ``identity``
  (``organization``); indicator -> ``indicator`` when its value is a STIX pattern or a value a pattern
  can be written for (IP address, domain, URL, e-mail address, MD5/SHA-1/SHA-256 hash);
- bank-account, phone, travel-document, vehicle, and indicators that are no pattern -> a custom
  object ``x-coopsec-entity`` (``kind``, ``value``): STIX 2.1 has no object for them, and a custom
  object keeps each one addressable (a report can reference it) where a custom property could not;
- every entity object carries the record's marking and ``x_coopsec_attributes``;
- a retracted record -> a new version of its report (``modified`` = retraction time,
  ``revoked: true``) that no longer carries the body or the entities, as recipients no longer see them.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import re
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from coopsec.errors import DataError, DataIssue

if TYPE_CHECKING:
    from coopsec.kb import KnowledgeBase

#: Namespace of coopsec's deterministic STIX ids (uuid5): an authority or an entity gets the same id in every export.
NAMESPACE = uuid.UUID("6f1c43a4-54d2-5b0e-9a39-2bb4f6a0c2de")
#: ``created`` of the authorities' identity objects: fixed, so the same identity never appears in two versions.
IDENTITY_CREATED = "2026-01-01T00:00:00.000Z"
#: The TLP 2.0 extension-definition object as OASIS publishes it (cti-stix-common-objects); its id comes from the data.
EXTENSION_DEFINITION: dict[str, Any] = {
    "type": "extension-definition",
    "spec_version": "2.1",
    "name": "TLP 2.0",
    "description": "This defines TLP 2.0 as a STIX extension",
    "created": "2022-10-01T00:00:00.000Z",
    "modified": "2022-10-01T00:00:00.000Z",
    "created_by_ref": "identity--b3bca3c2-1f3d-4b54-b44f-dac42c3a8f01",
    "schema": "https://github.com/oasis-open/cti-stix-common-objects/tree/master/extension-definition-specifications/tlp-2.0",
    "version": "1.0.0",
    "extension_types": ["property-extension"],
}
ENTITY_TYPE = "x-coopsec-entity"
_HASHES = {32: "MD5", 40: "SHA-1", 64: "SHA-256"}
_DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$", re.IGNORECASE)
_EMAIL = re.compile(r"^[^@\s'\\]+@[^@\s'\\]+\.[a-z]{2,63}$", re.IGNORECASE)
_URL = re.compile(r"^https?://[^\s'\\]+$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class TlpMarking:
    """One TLP 2.0 label and its OASIS marking-definition (``id``, ``created``)."""

    label: str
    id: str
    created: str

    def stix(self, extension_id: str) -> dict[str, Any]:
        """The marking-definition object exactly as OASIS publishes it."""
        return {
            "type": "marking-definition",
            "spec_version": "2.1",
            "id": self.id,
            "created": self.created,
            "name": f"TLP:{self.label}",
            "extensions": {extension_id: {"extension_type": "property-extension", "tlp_2_0": self.label.lower()}},
        }


@dataclass(frozen=True, slots=True)
class Markings:
    """The TLP 2.0 marking definitions and the extension-definition id, as the data file gives them."""

    tlp: tuple[TlpMarking, ...]
    extension_id: str

    @property
    def by_label(self) -> dict[str, TlpMarking]:
        """Each label's marking (``AMBER+STRICT`` -> its marking)."""
        return {m.label: m for m in self.tlp}

    @property
    def by_id(self) -> dict[str, TlpMarking]:
        """Each marking-definition id's label."""
        return {m.id: m for m in self.tlp}

    def objects(self) -> list[dict[str, Any]]:
        """The five marking definitions and the extension definition, as every bundle carries them."""
        return [*(m.stix(self.extension_id) for m in self.tlp), {"id": self.extension_id, **EXTENSION_DEFINITION}]


def markings(kb: KnowledgeBase) -> Markings:
    """The TLP 2.0 markings of the knowledge base (``exchange.yaml``), least restricted first."""
    if kb.exchange is None:
        raise DataError([DataIssue("exchange.yaml", "", "the exchange facts are missing: restore exchange.yaml")])
    labels = sorted(kb.exchange.tlp.values(), key=lambda t: t.rank)
    return Markings(tuple(TlpMarking(t.label, t.stix_id, t.stix_created) for t in labels),
                    kb.exchange.extension_definition)  # fmt: skip


def stix_time(value: str | dt.datetime) -> str:
    """A STIX timestamp (UTC, milliseconds, ``Z``) from an ISO 8601 text or a datetime."""
    when = dt.datetime.fromisoformat(value.replace("Z", "+00:00")) if isinstance(value, str) else value
    when = when.replace(tzinfo=dt.UTC) if when.tzinfo is None else when.astimezone(dt.UTC)
    return when.strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}Z"


def authority_id(authority: str) -> str:
    """The identity id of an authority (``FR/police``): the same in every export."""
    return f"identity--{uuid.uuid5(NAMESPACE, 'authority:' + authority)}"


def authority_identity(authority: str) -> dict[str, Any]:
    """The ``identity`` object of an originating authority."""
    return {
        "type": "identity",
        "spec_version": "2.1",
        "id": authority_id(authority),
        "created": IDENTITY_CREATED,
        "modified": IDENTITY_CREATED,
        "name": authority,
        "identity_class": "organization",
        "x_coopsec_authority": authority,
    }


def pattern_for(value: str) -> str | None:
    """A STIX pattern for an indicator's value: the value itself if it is a pattern, else one written for it.

    ``None`` when the value is neither a pattern nor an IP address, domain, URL, e-mail address or hash.
    """
    text = value.strip()
    if text.startswith("[") and text.endswith("]"):
        return text if _valid_pattern(text) else None
    written = _written_pattern(text)
    return written if written is not None and _valid_pattern(written) else None


def _written_pattern(text: str) -> str | None:
    try:
        address = ipaddress.ip_network(text, strict=False)
    except ValueError:
        address = None
    if address is not None:
        return f"[ipv{address.version}-addr:value = '{text}']"
    if len(text) in _HASHES and re.fullmatch(r"[0-9a-fA-F]+", text):
        return f"[file:hashes.'{_HASHES[len(text)]}' = '{text.lower()}']"
    if _URL.match(text):
        return f"[url:value = '{text}']"
    if _EMAIL.match(text):
        return f"[email-addr:value = '{text}']"
    if _DOMAIN.match(text):
        return f"[domain-name:value = '{text}']"
    return None


def _valid_pattern(pattern: str) -> bool:
    from stix2patterns.validator import validate

    try:
        return bool(validate(pattern, ret_errs=False, stix_version="2.1"))
    except Exception:  # the validator raises on some inputs instead of reporting them
        return False


def _entity_object(record: Mapping[str, Any], index: int, entity: Mapping[str, Any], marking: str) -> dict[str, Any]:
    kind, value = str(entity["kind"]), str(entity["value"])
    created = stix_time(record["created_at"])
    base = {
        "spec_version": "2.1",
        "created": created,
        "modified": created,
        "object_marking_refs": [marking],
        "x_coopsec_attributes": dict(entity.get("attributes") or {}),
    }
    key = uuid.uuid5(NAMESPACE, f"entity:{record['id']}:{index}")
    if kind in {"person", "organisation"}:
        identity_class = "individual" if kind == "person" else "organization"
        return {"type": "identity", "id": f"identity--{key}", **base, "name": value, "identity_class": identity_class}
    pattern = pattern_for(value) if kind == "indicator" else None
    if pattern is not None:
        return {"type": "indicator", "id": f"indicator--{key}", **base, "name": value, "pattern": pattern,
                "pattern_type": "stix", "valid_from": created}  # fmt: skip
    return {"type": ENTITY_TYPE, "id": f"{ENTITY_TYPE}--{key}", **base, "kind": kind, "value": value}


def record_objects(record: Mapping[str, Any], markings: Markings) -> list[dict[str, Any]]:
    """The STIX objects of one record (the record JSON of ``record_dict``): its entities, then its report.

    The originator's identity is not among them: a bundle carries each authority once
    (:func:`bundle`).
    """
    marking = markings.by_label[str(record["tlp"])].id
    created = stix_time(record["created_at"])
    originator = authority_id(str(record["originator"]["authority"]))
    retracted = record.get("status") == "retracted"
    entities = [] if retracted else list(record.get("entities") or [])
    objects = [_entity_object(record, i, e, marking) for i, e in enumerate(entities)]
    report: dict[str, Any] = {
        "type": "report",
        "spec_version": "2.1",
        "id": f"report--{record['id']}",
        "created": created,
        "modified": stix_time(record["retracted_at"]) if retracted and record.get("retracted_at") else created,
        "created_by_ref": originator,
        "name": record["title"],
        "description": record["body"],
        "published": created,
        "report_types": ["threat-report"],
        # A report needs one reference at least: a record without entities refers to its originator.
        "object_refs": [o["id"] for o in objects] or [originator],
        "object_marking_refs": [marking],
        "x_coopsec_handling": record["handling"],
        "x_coopsec_handling_note": record.get("handling_note"),
        "x_coopsec_evaluation": record["evaluation"],
        "x_coopsec_distribution": _distribution(record["distribution"]),
    }
    if retracted:
        reason = record.get("retraction_reason") or "no reason given"
        report |= {"revoked": True, "description": f"Retracted by the originator: {reason}",
                   "x_coopsec_retraction_reason": record.get("retraction_reason")}  # fmt: skip
    return [*objects, {k: v for k, v in report.items() if v is not None}]


def _distribution(distribution: Mapping[str, Any]) -> dict[str, Any]:
    shown: dict[str, Any] = {"scope": distribution["scope"]}
    if distribution.get("authorities"):
        shown["authorities"] = list(distribution["authorities"])
    if distribution.get("ring"):
        shown["ring"] = distribution["ring"]
    return shown


def bundle(records: Iterable[Mapping[str, Any]], markings: Markings) -> dict[str, Any]:
    """A STIX 2.1 bundle of records: the TLP 2.0 definitions, the originators' identities, each record's objects."""
    objects = markings.objects()
    authorities: dict[str, dict[str, Any]] = {}
    body: list[dict[str, Any]] = []
    for record in records:
        authority = str(record["originator"]["authority"])
        authorities.setdefault(authority, authority_identity(authority))
        body.extend(record_objects(record, markings))
    return {"type": "bundle", "id": f"bundle--{uuid.uuid4()}", "objects": [*objects, *authorities.values(), *body]}
