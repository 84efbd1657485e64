"""The missions registry: before a launch, on it, after an end; by host and family; the data checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from coopsec.errors import DataError, InputError
from coopsec.kb import KnowledgeBase
from coopsec.missions import missions_report
from coopsec.missions.registry import load_missions
from tests.conftest import d


def _ids(kb: KnowledgeBase, on: str, **kw: str) -> set[str]:
    return {m["id"] for m in missions_report(kb, d(on), **kw)["missions"]}


def test_the_1992_missions_of_long_duration(kb: KnowledgeBase) -> None:
    assert "osce-kosovo-sandjak-vojvodina" not in _ids(kb, "1992-09-07")
    assert "osce-kosovo-sandjak-vojvodina" in _ids(kb, "1992-09-08")
    assert "osce-kosovo-sandjak-vojvodina" not in _ids(kb, "1993-08-01")


def test_the_special_monitoring_mission(kb: KnowledgeBase) -> None:
    assert "osce-smm-ukraine" not in _ids(kb, "2014-03-20")
    assert "osce-smm-ukraine" in _ids(kb, "2014-03-21")
    assert "osce-smm-ukraine" in _ids(kb, "2022-03-31")
    assert "osce-smm-ukraine" not in _ids(kb, "2022-04-01")


def test_issue_17_shape(kb: KnowledgeBase) -> None:
    body = missions_report(kb, d("2015-06-01"), state="UA", family="osce")
    assert body["on"] == "2015-06-01" and body["state"] == "UA"
    smm = next(m for m in body["missions"] if m["id"] == "osce-smm-ukraine")
    assert {"id", "name", "family", "kind", "hosts", "start", "end", "mandate", "source"} <= set(smm)
    assert smm["family"] == "osce" and smm["hosts"] == ["UA"] and smm["end"] == "2022-03-31"
    assert smm["source"]["id"] == "osce-smm-2014"
    csdp = missions_report(kb, d("2015-06-01"), family="csdp")["missions"]
    assert csdp and all(m["family"] == "csdp" for m in csdp)


def test_unknown_family(kb: KnowledgeBase) -> None:
    with pytest.raises(InputError, match="osce, csdp"):
        missions_report(kb, d("2015-06-01"), family="nato")


def _errors(kb: KnowledgeBase, tmp_path: Path, family: str, missions: str) -> str:
    """The loader's error text for a missions folder holding one family file with ``missions``."""
    (tmp_path / "missions").mkdir()
    (tmp_path / "missions" / f"{family}.yaml").write_text(f"family: {family}\nmissions:\n{missions}", encoding="utf-8")
    with pytest.raises(DataError) as error:
        load_missions(kb, tmp_path)
    return str(error.value)


def test_bad_data_is_reported_with_file_and_key(kb: KnowledgeBase, tmp_path: Path) -> None:
    text = _errors(
        kb,
        tmp_path,
        "osce",
        "  - {id: x, name: X, kind: civilian, hosts: [ZZ], start: 2000-01-02,"
        " start_basis: b, end: 2000-01-01, end_basis: e, mandate: m, source: nope, verification: confirmed}\n",
    )
    assert "unknown state 'ZZ'" in text and "unknown source 'nope'" in text and "before it starts" in text


def test_an_area_needs_a_place_on_the_map_and_real_codes(kb: KnowledgeBase, tmp_path: Path) -> None:
    text = _errors(
        kb,
        tmp_path,
        "csdp",
        "  - {id: a, name: A, kind: military, area: somewhere, start: 2000-01-01, start_basis: b, mandate: m,"
        " source: osce-participating, verification: confirmed}\n"
        "  - {id: b, name: B, kind: civilian, area: land, area_countries: [QQ, FR], contributors: [ZZ],"
        " start: 2000-01-01, start_basis: b, mandate: m, source: osce-participating, verification: confirmed}\n"
        "  - {id: c, name: C, kind: military, area: sea, position: [200, 10], start: 2000-01-01, start_basis: b,"
        " mandate: m, source: osce-participating, verification: confirmed}\n",
    )
    assert "missions[0] (a).area" in text and "a position [lon, lat]" in text
    assert "'QQ' is not an ISO 3166-1 alpha-2 code" in text and "FR is a KB state" in text
    assert "unknown state 'ZZ'" in text and "missions[2] (c).position" in text
