"""Reading a STIX 2.1 bundle into records, refusing any marking coopsec cannot honour.

Why so strict: a TLP marking is a promise made by the originator. A bundle whose TLP object has
been altered (a known id with other content), a forged TLP 1.0 object, an object with two TLP
markings or with none would let an import weaken that promise silently; each is refused with the
object's id and what to change. TLP 1.0 markings (the four STIX 2.1 spec objects) are read as their
TLP 2.0 successors: WHITE as CLEAR, GREEN, AMBER and RED as themselves (FIRST's TLP 2.0 renamed
WHITE to CLEAR; AMBER already admitted the recipients' clients in TLP 1.0).

Only ``report`` objects become records; each object a report references becomes an entity of it
(see :mod:`coopsec.exchange.stix` for the mapping). Revoked reports are not imported (they are
listed as skipped). The bundle's distribution is not taken over: the importer chooses who sees the
records inside coopsec.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from coopsec.errors import InputError
from coopsec.exchange.stix import ENTITY_TYPE, Markings, pattern_for

#: TLP 1.0 (the STIX 2.1 spec's four TLP objects) read as TLP 2.0 labels.
_TLP1 = {"white": "CLEAR", "green": "GREEN", "amber": "AMBER", "red": "RED"}
_SCO_VALUES = frozenset({"ipv4-addr", "ipv6-addr", "domain-name", "url", "email-addr"})
_IDENTITY_KINDS = {"individual": "person", "organization": "organisation", "group": "organisation"}


class StixImportError(InputError):
    """A bundle cannot be imported as it is: the message names the object and what to change."""


@dataclass(frozen=True, slots=True)
class ImportedRecord:
    """A record read from a report, ready to be shared (the distribution is the importer's)."""

    source_id: str
    title: str
    body: str
    entities: list[dict[str, Any]]
    tlp: str
    handling: str
    handling_note: str | None
    evaluation: str


@dataclass(slots=True)
class ReadBundle:
    """What a bundle holds: the records to share and the reports skipped (revoked), with why."""

    records: list[ImportedRecord] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def _tlp1_objects() -> dict[str, dict[str, Any]]:
    import stix2

    found = (stix2.TLP_WHITE, stix2.TLP_GREEN, stix2.TLP_AMBER, stix2.TLP_RED)
    return {m.id: json.loads(m.serialize()) for m in found}


def _tlp_of(markings: Markings) -> dict[str, str]:
    """Every TLP marking-definition id coopsec accepts, with the TLP 2.0 label it stands for."""
    labels = {m.id: m.label for m in markings.tlp}
    for ident, obj in _tlp1_objects().items():
        labels[ident] = _TLP1[obj["definition"]["tlp"]]
    return labels


def _check_marking(obj: Mapping[str, Any], markings: Markings) -> None:
    """Refuse an altered TLP 2.0 object, a TLP 1.0 object other than the spec's, a forged TLP 2.0 one."""
    ident = str(obj.get("id"))
    official = {m.id: m.stix(markings.extension_id) for m in markings.tlp}
    if ident in official:
        if dict(obj) != official[ident]:
            raise StixImportError(
                f"{ident} has the id of {official[ident]['name']} but other content: replace it by the OASIS TLP 2.0 "
                "object (cti-stix-common-objects) or remove it; coopsec supplies the official one"
            )
        return
    tlp1 = _tlp1_objects()
    if ident in tlp1:
        if dict(obj) != tlp1[ident]:
            raise StixImportError(
                f"{ident} has the id of {tlp1[ident]['name']} but other content: use the object of the STIX 2.1 "
                "specification (section 7.2.1.4) or remove it"
            )
        return
    if obj.get("definition_type") == "tlp":
        raise StixImportError(
            f"{ident} is a TLP marking-definition that is not one of the four of the STIX 2.1 specification; STIX "
            "forbids other TLP 1.0 objects: mark the objects with an official TLP 2.0 marking definition instead"
        )
    extension = (obj.get("extensions") or {}).get(markings.extension_id)
    if extension is not None:
        raise StixImportError(
            f"{ident} claims the TLP 2.0 extension but is not one of its five marking definitions: use the OASIS "
            "ids (e.g. TLP:AMBER marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421)"
        )


def _one_tlp(obj: Mapping[str, Any], labels: dict[str, str], default: str | None) -> str | None:
    if any(ref in labels for g in obj.get("granular_markings") or [] for ref in [g.get("marking_ref")]):
        raise StixImportError(
            f"{obj['id']} has a TLP marking on some of its properties only: coopsec marks whole records; "
            "mark the whole object (object_marking_refs) instead"
        )
    found = sorted({labels[ref] for ref in obj.get("object_marking_refs") or [] if ref in labels})
    if len(found) > 1:
        raise StixImportError(
            f"{obj['id']} has {len(found)} TLP markings ({', '.join(found)}): keep exactly one in object_marking_refs"
        )
    return found[0] if found else default


def _entity(obj: Mapping[str, Any]) -> dict[str, Any]:
    kind_value = _kind_value(obj)
    if kind_value is None:
        raise StixImportError(
            f"{obj['id']}: coopsec has no entity for a {obj['type']!r} object (it takes identities, indicators, "
            f"ip/domain/url/e-mail observables and {ENTITY_TYPE}): remove it from the report's object_refs"
        )
    attributes = obj.get("x_coopsec_attributes") or {}
    if not isinstance(attributes, dict):
        raise StixImportError(f"{obj['id']}: x_coopsec_attributes must be an object of texts")
    kind, value = kind_value
    return {"kind": kind, "value": value, "attributes": {str(k): str(v) for k, v in attributes.items()}}


def _kind_value(obj: Mapping[str, Any]) -> tuple[str, str] | None:
    kind = str(obj["type"])
    if kind == "identity" and obj.get("identity_class") in _IDENTITY_KINDS:
        return _IDENTITY_KINDS[str(obj["identity_class"])], str(obj["name"])
    if kind == "indicator":
        name = obj.get("name")
        same = isinstance(name, str) and pattern_for(name) == obj.get("pattern")
        return "indicator", str(name if same else obj["pattern"])
    if kind in _SCO_VALUES:
        return "indicator", str(obj["value"])
    if kind == ENTITY_TYPE:
        if not isinstance(obj.get("kind"), str) or not isinstance(obj.get("value"), str):
            raise StixImportError(f"{obj['id']}: an {ENTITY_TYPE} needs the texts 'kind' and 'value': add them")
        return str(obj["kind"]), str(obj["value"])
    return None


def _validate(bundle: Mapping[str, Any]) -> None:
    """Let ``stix2`` check every object (types, required properties, patterns, timestamps)."""
    import stix2
    from stix2.exceptions import STIXError

    try:
        stix2.parse(dict(bundle), allow_custom=True)
    except (STIXError, ValueError) as err:
        raise StixImportError(f"the bundle is not valid STIX 2.1: {err}") from err


def load_bundle(text: str) -> dict[str, Any]:
    """The bundle in a JSON text (a clear error for anything else)."""
    try:
        found = json.loads(text)
    except ValueError as err:
        raise StixImportError(f"the file is not JSON ({err}): give a STIX 2.1 bundle") from err
    if not isinstance(found, dict) or found.get("type") != "bundle" or not isinstance(found.get("objects"), list):
        raise StixImportError('the file is not a STIX 2.1 bundle: expected {"type": "bundle", "objects": [...]}')
    return found


def read_bundle(
    bundle: Mapping[str, Any],
    markings: Markings,
    *,
    tlp: str | None = None,
    handling: str | None = None,
    evaluation: str | None = None,
) -> ReadBundle:
    """The records of a bundle's reports, every marking checked first.

    Args:
        bundle: the parsed bundle JSON.
        markings: the TLP 2.0 definitions from the data.
        tlp: the TLP label for reports that carry none (``--tlp``); without it they are refused.
        handling: the handling code for reports without ``x_coopsec_handling``.
        evaluation: the evaluation for reports without ``x_coopsec_evaluation``.

    Raises:
        StixImportError: naming the first object that cannot be imported and what to change.

    """
    if tlp is not None and tlp not in markings.by_label:
        raise StixImportError(f"unknown TLP label {tlp!r}: use one of {', '.join(markings.by_label)}")
    objects = [o for o in bundle.get("objects") or [] if isinstance(o, dict)]
    for obj in objects:
        if obj.get("type") == "marking-definition":
            _check_marking(obj, markings)
    _validate(bundle)
    labels = _tlp_of(markings)
    rank = {m.label: i for i, m in enumerate(markings.tlp)}
    by_id = {str(o["id"]): o for o in objects}
    read = ReadBundle()
    for report in (o for o in objects if o.get("type") == "report"):
        if report.get("revoked"):
            read.skipped.append(f"{report['id']}: revoked by its producer")
            continue
        label = _one_tlp(report, labels, tlp)
        if label is None:
            raise StixImportError(
                f"{report['id']} has no TLP marking: add a TLP 2.0 marking definition to its object_marking_refs, "
                "or give the label for unmarked reports (--tlp)"
            )
        entities = []
        for ref in report["object_refs"]:
            if ref == report.get("created_by_ref"):
                continue
            if ref not in by_id:
                raise StixImportError(f"{report['id']} refers to {ref}, which the bundle does not contain: add it")
            entity_label = _one_tlp(by_id[ref], labels, label)
            if entity_label is not None and rank[entity_label] > rank[label]:
                raise StixImportError(
                    f"{ref} is marked TLP:{entity_label}, stricter than its report {report['id']} (TLP:{label}): "
                    "coopsec marks a record as a whole; mark the report at least as strictly"
                )
            entities.append(_entity(by_id[ref]))
        read.records.append(_record(report, label, entities, handling, evaluation))
    return read


def _record(
    report: Mapping[str, Any], label: str, entities: list[dict[str, Any]], handling: str | None, evaluation: str | None
) -> ImportedRecord:
    code = report.get("x_coopsec_handling") or handling
    grade = report.get("x_coopsec_evaluation") or evaluation
    if code is None or grade is None:
        missing = "x_coopsec_handling (or --handling)" if code is None else "x_coopsec_evaluation (or --evaluation)"
        raise StixImportError(f"{report['id']} has no {missing}: add it to the report or give it for the import")
    return ImportedRecord(
        source_id=str(report["id"]),
        title=str(report["name"]),
        body=str(report.get("description") or ""),
        entities=entities,
        tlp=label,
        handling=str(code),
        handling_note=report.get("x_coopsec_handling_note"),
        evaluation=str(grade),
    )
