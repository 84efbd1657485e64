"""STIX 2.1: records out as reports with TLP 2.0 markings, back in through stix2, forged markings refused."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
import stix2
from sqlalchemy import select
from typer.testing import CliRunner

from coopsec.errors import AuthError
from coopsec.exchange.model import Entity, RecordIn
from coopsec.exchange.records import list_visible, retract, share
from coopsec.exchange.stix import Markings, authority_id, bundle, markings, pattern_for
from coopsec.exchange.stix_import import StixImportError, load_bundle, read_bundle
from coopsec.exchange.stix_io import export_bundle, import_bundle
from coopsec.kb import KnowledgeBase
from coopsec.settings import get_settings
from coopsec.store import Store, open_store
from coopsec.store.accounts import add_user, get_user, hash_password
from coopsec.store.models import AuditEntry

AMBER = "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421"
TLP1_WHITE = "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9"


def record(**changes: Any) -> dict[str, Any]:
    """A record in the JSON shape of ``record_dict``."""
    found: dict[str, Any] = {
        "id": "2f0c7a52-7c1e-4d4b-9a3e-0f9f6d2b1c11",
        "title": "Cash couriers on the A7",
        "body": "Two couriers crossed at Ventimiglia.",
        "entities": [
            {"kind": "person", "value": "Jean Dupont", "attributes": {"born": "1980-02-03"}},
            {"kind": "organisation", "value": "Acme Logistics SARL", "attributes": {}},
            {"kind": "bank-account", "value": "FR76 3000 6000 0112 3456 7890 189", "attributes": {"bank": "X"}},
            {"kind": "phone", "value": "+33 6 12 34 56 78", "attributes": {}},
            {"kind": "travel-document", "value": "FR 12AB34567", "attributes": {"type": "passport"}},
            {"kind": "vehicle", "value": "AB-123-CD", "attributes": {}},
            {"kind": "indicator", "value": "203.0.113.7", "attributes": {}},
            {"kind": "indicator", "value": "[domain-name:value = 'evil.example']", "attributes": {}},
            {"kind": "indicator", "value": "the blue van", "attributes": {}},
        ],
        "originator": {"authority": "FR/police", "user": "alice"},
        "created_at": "2026-11-01T09:30:00.123456Z",
        "distribution": {"scope": "ring", "authorities": [], "ring": "collective-security"},
        "handling": "H3",
        "handling_note": "Not to be shared with customs.",
        "tlp": "AMBER",
        "evaluation": "B2",
        "status": "active",
        "retracted_at": None,
        "retraction_reason": None,
        "version": 1,
    }
    return found | changes


@pytest.fixture(scope="module")
def marks(kb: KnowledgeBase) -> Markings:
    return markings(kb)


def test_bundle_parses_with_stix2_and_carries_the_five_tlp2_objects(marks: Markings) -> None:
    out = bundle([record(), record(id="9a1d6c2e-0000-4000-8000-000000000001", tlp="RED", entities=[])], marks)
    parsed = stix2.parse(json.dumps(out), allow_custom=True)
    ids = {o["id"] for o in parsed.objects}
    assert {m.id for m in marks.tlp} <= ids
    assert marks.extension_id in ids
    # exactly as OASIS publishes them
    amber = next(o for o in out["objects"] if o["id"] == AMBER)
    assert amber == {
        "type": "marking-definition",
        "spec_version": "2.1",
        "id": AMBER,
        "created": "2022-10-01T00:00:00.000Z",
        "name": "TLP:AMBER",
        "extensions": {marks.extension_id: {"extension_type": "property-extension", "tlp_2_0": "amber"}},
    }
    report = next(o for o in out["objects"] if o["id"] == "report--2f0c7a52-7c1e-4d4b-9a3e-0f9f6d2b1c11")
    assert report["name"] == "Cash couriers on the A7"
    assert report["published"] == "2026-11-01T09:30:00.123Z"
    assert report["object_marking_refs"] == [AMBER]
    assert report["created_by_ref"] == authority_id("FR/police") == authority_id("FR/police")
    assert report["x_coopsec_handling"] == "H3"
    assert report["x_coopsec_evaluation"] == "B2"
    assert report["x_coopsec_distribution"] == {"scope": "ring", "ring": "collective-security"}
    kinds = [next(o for o in out["objects"] if o["id"] == ref)["type"] for ref in report["object_refs"]]
    assert kinds == ["identity", "identity", *["x-coopsec-entity"] * 4, "indicator", "indicator", "x-coopsec-entity"]
    # the originator's identity is there once, the record without entities refers to it
    assert sum(o["id"] == authority_id("FR/police") for o in out["objects"]) == 1
    red = next(o for o in out["objects"] if o["id"] == "report--9a1d6c2e-0000-4000-8000-000000000001")
    assert red["object_refs"] == [authority_id("FR/police")]


def test_patterns_for_indicator_values() -> None:
    assert pattern_for("203.0.113.7") == "[ipv4-addr:value = '203.0.113.7']"
    assert pattern_for("2001:db8::1") == "[ipv6-addr:value = '2001:db8::1']"
    assert pattern_for("evil.example") == "[domain-name:value = 'evil.example']"
    assert pattern_for("https://evil.example/x") == "[url:value = 'https://evil.example/x']"
    assert pattern_for("a@evil.example") == "[email-addr:value = 'a@evil.example']"
    assert pattern_for("d41d8cd98f00b204e9800998ecf8427e") == "[file:hashes.'MD5' = 'd41d8cd98f00b204e9800998ecf8427e']"
    assert pattern_for("the blue van") is None
    assert pattern_for("[not a pattern]") is None


def test_round_trip_through_stix2(marks: Markings) -> None:
    original = record()
    text = stix2.parse(json.dumps(bundle([original], marks)), allow_custom=True).serialize()
    read = read_bundle(load_bundle(text), marks)
    assert read.skipped == []
    (got,) = read.records
    assert got.source_id == f"report--{original['id']}"
    assert (got.title, got.body, got.tlp, got.handling, got.handling_note, got.evaluation) == (
        original["title"], original["body"], "AMBER", "H3", "Not to be shared with customs.", "B2"
    )  # fmt: skip
    assert got.entities == original["entities"]


def test_retracted_record_is_a_revoked_version_without_content(marks: Markings) -> None:
    gone = record(status="retracted", retracted_at="2026-11-02T10:00:00Z", retraction_reason="wrong person")
    out = bundle([gone], marks)
    stix2.parse(json.dumps(out), allow_custom=True)
    report = next(o for o in out["objects"] if o["type"] == "report")
    assert report["revoked"] is True
    assert report["modified"] == "2026-11-02T10:00:00.000Z" > report["created"]
    assert "Ventimiglia" not in json.dumps(out)
    assert not [o for o in out["objects"] if o["type"] in {"indicator", "x-coopsec-entity"}]
    assert read_bundle(out, marks).records == []
    assert read_bundle(out, marks).skipped == [f"{report['id']}: revoked by its producer"]


def _exported(marks: Markings, **changes: Any) -> dict[str, Any]:
    return copy.deepcopy(bundle([record(**changes)], marks))


def _report(out: dict[str, Any]) -> dict[str, Any]:
    return next(o for o in out["objects"] if o["type"] == "report")


def test_altered_tlp2_object_is_refused(marks: Markings) -> None:
    out = _exported(marks)
    amber = next(o for o in out["objects"] if o["id"] == AMBER)
    amber["extensions"][marks.extension_id]["tlp_2_0"] = "clear"
    with pytest.raises(StixImportError, match=f"{AMBER} has the id of TLP:AMBER but other content"):
        read_bundle(out, marks)


def test_forged_tlp1_object_is_refused(marks: Markings) -> None:
    out = _exported(marks)
    forged = {"type": "marking-definition", "spec_version": "2.1", "created": "2022-10-01T00:00:00.000Z",
              "id": "marking-definition--00000000-0000-4000-8000-000000000000", "definition_type": "tlp",
              "name": "TLP:CLEAR", "definition": {"tlp": "clear"}}  # fmt: skip
    out["objects"].append(forged)
    with pytest.raises(StixImportError, match=r"not one of the four of the STIX 2\.1 specification"):
        read_bundle(out, marks)
    altered = json.loads(stix2.TLP_WHITE.serialize()) | {"name": "TLP:CLEAR"}
    out["objects"][-1] = altered
    with pytest.raises(StixImportError, match=f"{TLP1_WHITE} has the id of TLP:WHITE but other content"):
        read_bundle(out, marks)


def test_unmarked_and_doubly_marked_reports_are_refused(marks: Markings) -> None:
    out = _exported(marks)
    report = _report(out)
    del report["object_marking_refs"]
    with pytest.raises(StixImportError, match=f"{report['id']} has no TLP marking"):
        read_bundle(out, marks)
    assert read_bundle(out, marks, tlp="RED").records[0].tlp == "RED"
    report["object_marking_refs"] = [AMBER, marks.by_label["RED"].id]
    with pytest.raises(StixImportError, match="has 2 TLP markings \\(AMBER, RED\\): keep exactly one"):
        read_bundle(out, marks)


def test_tlp1_white_reads_as_clear_and_a_stricter_entity_is_refused(marks: Markings) -> None:
    out = _exported(marks)
    out["objects"].append(json.loads(stix2.TLP_WHITE.serialize()))
    report = _report(out)
    report["object_marking_refs"] = [TLP1_WHITE]
    with pytest.raises(StixImportError, match="stricter than its report"):
        read_bundle(out, marks)  # the entities are still AMBER
    for obj in out["objects"]:
        if obj.get("object_marking_refs") == [AMBER]:
            obj["object_marking_refs"] = [TLP1_WHITE]
    assert read_bundle(out, marks).records[0].tlp == "CLEAR"


def test_foreign_objects_and_missing_codes_are_named(marks: Markings) -> None:
    out = _exported(marks)
    report = _report(out)
    del report["x_coopsec_handling"]
    with pytest.raises(StixImportError, match="has no x_coopsec_handling \\(or --handling\\)"):
        read_bundle(out, marks)
    assert read_bundle(out, marks, handling="H1").records[0].handling == "H1"
    report["object_refs"].append("malware--11111111-1111-4111-8111-111111111111")
    with pytest.raises(StixImportError, match="which the bundle does not contain"):
        read_bundle(out, marks, handling="H1")
    out["objects"].append({"type": "malware", "spec_version": "2.1", "id": report["object_refs"][-1],
                           "created": "2026-01-01T00:00:00.000Z", "modified": "2026-01-01T00:00:00.000Z",
                           "name": "x", "is_family": False})  # fmt: skip
    with pytest.raises(StixImportError, match="coopsec has no entity for a 'malware' object"):
        read_bundle(out, marks, handling="H1")
    out["objects"].pop()
    report["object_refs"].pop()
    del next(o for o in out["objects"] if o["type"] == "x-coopsec-entity")["kind"]
    with pytest.raises(StixImportError, match="needs the texts 'kind' and 'value'"):
        read_bundle(out, marks, handling="H1")


def test_not_a_bundle() -> None:
    with pytest.raises(StixImportError, match="not JSON"):
        load_bundle("{")
    with pytest.raises(StixImportError, match=r"not a STIX 2\.1 bundle"):
        load_bundle('{"type": "report"}')


# --- against the store: export what a reader may see, import it back, the CLI ---------------------------------


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("COOPSEC_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("COOPSEC_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def _stored(data_dir: Path, kb: KnowledgeBase) -> Store:
    """A store with an FR liaison officer (alice), a DE analyst (dora), a UA analyst (uma) and three records."""
    store = open_store(f"sqlite:///{data_dir / 'coopsec.db'}")
    with store.session() as session:
        for name, state, role in (("alice", "FR", "liaison-officer"), ("dora", "DE", "analyst"),
                                  ("uma", "UA", "analyst")):  # fmt: skip
            add_user(session, "admin", name, hash_password("a-long-stix-password"), state, "police", [role])
        alice = get_user(session, "alice")
        entities = tuple(Entity(e["kind"], e["value"], e["attributes"]) for e in record()["entities"])
        for title, scope, tlp, ring in (("core amber", "ring", "AMBER", "core"), ("everyone", "members", "GREEN", None),
                                        ("to retract", "ring", "GREEN", "partners")):  # fmt: skip
            share(session, kb, alice, RecordIn(title=title, body=f"About {title}.", scope=scope, tlp=tlp, ring=ring,
                                               handling="H3", handling_note="No customs.", evaluation="B2",
                                               entities=entities))  # fmt: skip
        gone = list_visible(session, kb, alice, q="retract").items[0]
        retract(session, kb, alice, gone.id, "duplicate")
    return store


def _content(records: Iterable[Any]) -> list[tuple[Any, ...]]:
    return sorted((r.title, r.body, r.tlp, r.handling, r.handling_note, r.evaluation, json.dumps(r.entities))
                  for r in records)  # fmt: skip


def test_export_import_round_trip_through_the_store(data_dir: Path, kb: KnowledgeBase) -> None:
    store = _stored(data_dir, kb)
    with store.session() as session:
        exported = export_bundle(session, kb, get_user(session, "uma"))
        assert [o["name"] for o in exported["objects"] if o["type"] == "report"] == ["everyone", "to retract"]
        exported = export_bundle(session, kb, get_user(session, "dora"))
        originals = [r for r in list_visible(session, kb, get_user(session, "dora")).items if r.retracted_at is None]
    text = stix2.parse(json.dumps(exported), allow_custom=True).serialize()
    with store.session() as session:
        shared, read = import_bundle(session, kb, get_user(session, "dora"), load_bundle(text), scope="authority")
        assert len(read.skipped) == 1 and "revoked" in read.skipped[0]
        assert {r.origin for r in shared} == {"DE/police"}
        assert _content(shared) == _content(originals)
        actions = list(session.scalars(select(AuditEntry.action).where(AuditEntry.actor == "dora")))
    assert "record.import" in actions and actions.count("record.share") == 2


def test_import_is_all_or_nothing(data_dir: Path, kb: KnowledgeBase) -> None:
    store = _stored(data_dir, kb)
    two = bundle([record(), record(id="9a1d6c2e-0000-4000-8000-000000000002", tlp="RED")], markings(kb))
    with pytest.raises(AuthError), store.session() as session:  # RED is above an analyst's clearance
        import_bundle(session, kb, get_user(session, "dora"), two, scope="authority")
    with store.session() as session:
        origins = {r.origin for r in list_visible(session, kb, get_user(session, "dora")).items}
    assert origins == {"FR/police"}


def test_cli_export_and_import(data_dir: Path, kb: KnowledgeBase) -> None:
    from coopsec.cli.stix import stix_app

    _stored(data_dir, kb)
    target = data_dir / "bundle.json"
    done = CliRunner().invoke(stix_app, ["export", "--as", "dora", "-o", str(target), "--q", "core"])
    assert done.exit_code == 0, done.output
    assert "1 record(s) written" in done.output
    assert [o["name"] for o in json.loads(target.read_text())["objects"] if o["type"] == "report"] == ["core amber"]
    args = ["import", str(target), "--as", "uma", "--scope", "authorities", "--authorities", "UA/police", "--json"]
    done = CliRunner().invoke(stix_app, args)
    assert done.exit_code == 0, done.output
    assert [r["title"] for r in json.loads(done.stdout)["imported"]] == ["core amber"]
    forged = json.loads(target.read_text())
    next(o for o in forged["objects"] if o["id"] == AMBER)["name"] = "TLP:GREEN"
    target.write_text(json.dumps(forged))
    done = CliRunner().invoke(stix_app, ["import", str(target), "--as", "uma", "--scope", "members"])
    assert done.exit_code == 2 and "has the id of TLP:AMBER but other content" in done.output
    done = CliRunner().invoke(stix_app, ["import", str(data_dir / "missing.json"), "--as", "uma", "--scope", "members"])
    assert done.exit_code == 2 and "cannot read" in done.output
