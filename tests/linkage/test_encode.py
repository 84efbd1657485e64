import json
import re
from pathlib import Path

import numpy as np
import pytest

from coopsec.errors import ConflictError, DataError, InputError, UnknownCodeError
from coopsec.linkage import Encoding, check_comparable, encode, load_schema, load_schemas, read_secret
from coopsec.linkage.encode import normalise, tokens
from tests.linkage.conftest import SECRET, Lists

ROW = {
    "rec_id": "r1",
    "given_name": "Jürgen",
    "surname": "Habermas",
    "street_number": "12",
    "address_1": "Goethestraße",
    "address_2": "",
    "suburb": "Starnberg",
    "postcode": "82319",
    "state": "by",
    "date_of_birth": "19290618",
}


def test_encodings_are_deterministic_for_one_key(lists: Lists) -> None:
    schema = load_schema("persons")
    first, again = encode(lists[0][:50], schema, SECRET), encode(lists[0][:50], schema, SECRET)
    assert np.array_equal(first.words, again.words) and first.ids == again.ids
    assert first.bits == 2048 and first.key_check == again.key_check


def test_encodings_differ_across_keys(lists: Lists) -> None:
    schema = load_schema("persons")
    one, other = encode(lists[0][:50], schema, SECRET), encode(lists[0][:50], schema, SECRET + b"!")
    same_rows = (one.words == other.words).all(axis=1)
    assert not same_rows.any() and one.key_check != other.key_check
    with pytest.raises(ConflictError, match="same secret"):
        check_comparable(one, other)


def test_the_document_holds_no_plaintext(tmp_path: Path) -> None:
    schema = load_schema("persons")
    path = tmp_path / "one.clk.json"
    encode([ROW], schema, SECRET).save(path)
    text = path.read_text()
    doc = json.loads(text)
    assert set(doc) == {"format", "schema", "schema_digest", "key_check", "bits", "count", "ids", "clks"}
    lowered = text.lower()
    for field, value in ROW.items():
        if field == "rec_id" or not value:
            continue
        grams = tokens(next(f for f in schema.fields if f.name == field), value)
        assert normalise(value) not in lowered
        assert not any(len(g.strip("_")) >= 3 and g in lowered for g in grams)
    assert not re.search(r"habermas|starnberg|goethe", lowered)
    assert Encoding.load(path).words.shape == (1, 32)


def test_similar_names_share_bits_and_swaps_still_overlap() -> None:
    schema = load_schema("persons")
    swapped = dict(ROW, rec_id="r2", given_name=ROW["surname"], surname=ROW["given_name"])
    typo = dict(ROW, rec_id="r3", surname="Habremas")
    other = dict(ROW, rec_id="r4", given_name="Hannah", surname="Arendt", date_of_birth="19061014")
    enc = encode([ROW, swapped, typo, other], schema, SECRET)
    from coopsec.linkage.similarity import dice

    assert dice(enc.words[0], enc.words[1]) > 0.95
    assert dice(enc.words[0], enc.words[2]) > 0.85
    assert dice(enc.words[0], enc.words[3]) < dice(enc.words[0], enc.words[2])


def test_balanced_hardening_sets_exactly_half_the_bits(lists: Lists) -> None:
    schema = load_schema("persons").model_copy(update={"hardening": "balanced"})
    enc = encode(lists[0][:40], schema, SECRET)
    assert enc.bits == 4096
    assert (np.bitwise_count(enc.words).sum(axis=1) == 2048).all()


def test_short_or_missing_secrets_are_refused(tmp_path: Path) -> None:
    short = tmp_path / "k.key"
    short.write_text("too short\n")
    with pytest.raises(InputError, match="at least 16"):
        read_secret(short)
    with pytest.raises(InputError, match="cannot read"):
        read_secret(tmp_path / "absent.key")


def test_schemas_are_checked(tmp_path: Path) -> None:
    assert "persons" in load_schemas()
    with pytest.raises(UnknownCodeError, match="persons"):
        load_schema("nobody")
    folder = tmp_path / "linkage"
    folder.mkdir()
    (folder / "bad.yaml").write_text(
        "id: bad\ntitle: x\nsource: somewhere long\nrationale: because it is\n"
        "id_column: id\nbits: 1000\nfields: [{name: a, insertions: 10}]\n"
    )
    with pytest.raises(DataError, match="power of two") as caught:
        load_schemas(tmp_path)
    assert caught.value.issues[0].file == "linkage/bad.yaml"
