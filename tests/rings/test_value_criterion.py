"""The value criterion from 1949 (V-Dem v15), "no data" as a class of its own, and one definition of a guarantee."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest
from typer.testing import CliRunner

from coopsec.cli.app import app
from coopsec.kb import KnowledgeBase
from coopsec.kb.guarantees import caveats_by_text, clause_in_force, party_caveats
from coopsec.kb.model import Caveat
from coopsec.obligations import assess, make_event
from coopsec.rings import classify, parse_criterion, place_state, reading
from coopsec.rings.profile import state_report
from tests.conftest import d


def _read(body: dict[str, Any]) -> tuple[object, object]:
    """The V-Dem extract and year a rings answer says its criterion reads."""
    return body["criterion"]["dataset"], body["criterion"]["year"]


FOUNDERS_IN_THE_CORE = {"BE", "CA", "DK", "FR", "GB", "IS", "IT", "LU", "NL", "NO", "US"}


def test_in_1955_the_democratic_founders_are_the_core_and_salazars_portugal_is_below(kb: KnowledgeBase) -> None:
    rings = classify(kb, d("1955-06-01"))
    assert FOUNDERS_IN_THE_CORE | {"DE"} <= set(rings.codes("core"))
    assert set(rings.codes("below_criterion")) == {"GR", "PT", "TR"}  # Regimes of the World 0, 1, 1 in 1954
    assert rings.codes("no_data") == []
    pt = place_state(kb, "PT", d("1955-06-01"))
    assert pt.criterion is not None
    assert (pt.criterion.dataset, pt.criterion.year, pt.criterion.value, pt.criterion.met) == (
        "V-Dem v15",
        1954,
        0,
        False,
    )
    gb = next(p for p in rings.placements if p.state == "GB")
    assert gb.category == "core-nato"
    assert any(r.text.startswith("in the core") and "V-Dem v15, 1954: 3" in r.text for r in gb.reasons)
    body: dict[str, Any] = rings.to_dict(kb)
    assert (body["criterion"]["dataset"], body["criterion"]["year"]) == ("V-Dem v15", 1954)
    assert body["no_data"] == [] and "PT" in body["below_criterion"]
    state = next(s for s in body["states"] if s["state"] == "FR")
    assert state["core"]["criterion"] == {
        "dataset": "V-Dem v15",
        "year": 1954,
        "value": 3.0,
        "met": True,
        "no_data": False,
        "note": None,
    }


def test_the_first_date_reads_the_year_before_it(kb: KnowledgeBase) -> None:
    gb = place_state(kb, "GB", d("1949-08-24"))
    assert gb.place == "core" and gb.criterion is not None and gb.criterion.year == 1948


@pytest.mark.parametrize(
    ("historic", "vdem_id", "day"),
    [
        ("SUHH", "RUS", "1985-06-01"),
        ("DDDE", "DDR", "1985-06-01"),
        ("CSHH", "CZE", "1985-06-01"),
        ("YUCS", "SRB", "1985-06-01"),
    ],
)
def test_historic_states_read_the_v_dem_id_of_their_successor(
    kb: KnowledgeBase, historic: str, vdem_id: str, day: str
) -> None:
    found = place_state(kb, historic, d(day))
    assert found.criterion is not None and found.criterion.dataset == "V-Dem v15" and found.criterion.year == 1984
    assert found.criterion.value == 0 and found.criterion.met is False  # every one a closed autocracy in 1984
    assert found.place in {"outer_area", "outside"}  # not a member of the EU or NATO


def test_the_ussr_and_russia_each_read_only_their_own_years(kb: KnowledgeBase) -> None:
    crit = kb.rings.criterion
    assert reading(kb, "SUHH", d("1991-06-01"), crit).year == 1990
    assert reading(kb, "RU", d("1992-06-01"), crit).year == 1991  # Russia exists from 1991-12-26
    assert reading(kb, "CSHH", d("1992-06-01"), crit).value == 3
    # Czechia exists from 1993: 1992 is Czechoslovakia's year, so Czechia has no data on that date.
    assert reading(kb, "CZ", d("1993-06-01"), crit).no_data
    assert reading(kb, "CZ", d("1994-06-01"), crit).year == 1993
    report = state_report(kb, "DDDE", d("1985-06-01"))
    assert report["placement"]["core"]["criterion"]["dataset"] == "V-Dem v15"


@pytest.mark.parametrize("microstate", ["AD", "LI", "MC", "SM"])
def test_a_microstate_has_no_data_and_is_never_below_the_criterion(kb: KnowledgeBase, microstate: str) -> None:
    day = d("2025-06-01")
    found = place_state(kb, microstate, day)
    assert found.criterion is not None and found.criterion.no_data and found.criterion.met is None
    assert found.criterion.note is not None and "no data" in found.criterion.note
    assert found.place != "below_criterion"
    # Were the Council of Europe an organisation of the core, the microstate would be listed as
    # "no data", apart from the core and apart from the members below the criterion.
    wider = dataclasses.replace(kb, rings=dataclasses.replace(kb.rings, core_organisations=("EU", "NATO", "COE")))
    rings = classify(wider, day)
    assert microstate in rings.codes("no_data") and microstate not in rings.codes("below_criterion")
    placed = next(p for p in rings.placements if p.state == microstate)
    assert placed.category == "no-data"
    assert any("'no data', not as below the criterion" in r.text for r in placed.reasons)
    wider_body: dict[str, Any] = rings.to_dict(wider)
    assert microstate in wider_body["no_data"]


def test_a_date_in_2025_reads_the_2024_values(kb: KnowledgeBase) -> None:
    rings = classify(kb, d("2025-06-01"))
    hu = next(p for p in rings.placements if p.state == "HU")
    assert hu.criterion is not None and (hu.criterion.dataset, hu.criterion.year) == ("V-Dem v15", 2024)
    assert hu.place == "below_criterion" and "TR" in rings.codes("below_criterion")
    assert "PL" in rings.codes("core")
    assert _read(rings.to_dict(kb)) == ("V-Dem v15", 2024)
    report = state_report(kb, "PL", d("2025-06-01"))
    assert report["criterion"]["year"] == 2024 and "dataset v15" in report["democracy_attribution"]


def test_libdem_keeps_reading_v14(kb: KnowledgeBase) -> None:
    libdem = parse_criterion("libdem>=0.5")
    dk = reading(kb, "DK", d("2025-06-01"), libdem)
    assert (dk.dataset, dk.year, dk.met) == ("V-Dem v14", 2023, True)
    rings = classify(kb, d("2025-06-01"), libdem)
    assert _read(rings.to_dict(kb)) == ("V-Dem v14", 2023)
    polyarchy = reading(kb, "DK", d("1955-06-01"), parse_criterion("polyarchy>=0.5"))
    assert (polyarchy.dataset, polyarchy.year, polyarchy.met) == ("V-Dem v15", 1954, True)


def test_the_rings_and_the_obligations_agree_on_a_guarantees_parties_and_caveats(kb: KnowledgeBase) -> None:
    for victim, day, clause in [
        ("FI", "2022-06-01", "teu-42-7"),
        ("FR", "2015-11-13", "teu-42-7"),
        ("NO", "1990-01-01", "nato-art5"),
    ]:
        held = next(g for g in place_state(kb, victim, d(day)).guarantees if g.clause == clause)
        result = assess(kb, make_event(kb, "armed-attack", victim, "unknown", None, day)).mechanism(clause)
        assert tuple(o.party for o in result.obligated) == held.parties
        by_party = {o.party: o.caveats for o in result.obligated}
        for text, parties in held.caveats:
            assert all(text in by_party[p] for p in parties)
            assert {p for p, caveats in by_party.items() if text in caveats} == set(parties)


def test_the_kb_definition_of_a_caveat() -> None:
    neutral = Caveat("specific character", policy=("neutral", "non_aligned"))
    nato = Caveat("NATO remains the foundation", member_of="NATO")
    members = {"NATO": frozenset({"DK"})}

    def with_status(organisation: str, status: str) -> frozenset[str]:
        return members.get(organisation, frozenset())

    assert party_caveats((neutral, nato), {"neutral"}, lambda org: False) == ("specific character",)
    assert party_caveats((neutral, nato), set(), lambda org: org == "NATO") == ("NATO remains the foundation",)
    grouped = caveats_by_text((neutral, nato), ("AT", "DK"), lambda p: {"neutral"} if p == "AT" else set(), with_status)
    assert grouped == (("specific character", ("AT",)), ("NATO remains the foundation", ("DK",)))


def test_a_clause_is_in_force_from_its_start_and_not_on_its_end(kb: KnowledgeBase) -> None:
    assert clause_in_force(kb, "teu-42-7", d("2009-11-30")) is None
    found = clause_in_force(kb, "teu-42-7", d("2009-12-01"))
    assert found is not None and found.id == "teu-42-7"


def test_the_cli_names_the_dataset_and_the_year() -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["rings", "--on", "1955-06-01", "--json"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert {"GB", "FR"} <= set(body["core"]) and "PT" in body["below_criterion"] and body["no_data"] == []
    assert (body["criterion"]["dataset"], body["criterion"]["year"]) == ("V-Dem v15", 1954)
    table = runner.invoke(app, ["rings", "--on", "1955-06-01"], env={"COLUMNS": "200"})
    assert table.exit_code == 0, table.output
    assert "reads V-Dem v15, 1954" in table.output and "V-Dem v15, 1954: 0" in table.output
    libdem = runner.invoke(app, ["rings", "--on", "1960-06-01", "--criterion", "libdem>=0.5"], env={"COLUMNS": "200"})
    assert libdem.exit_code == 0, libdem.output
    assert "no data" in libdem.output and "below criterion" not in libdem.output


def test_a_criterion_outside_the_indicators_scale_is_refused() -> None:
    import pytest

    from coopsec.errors import InputError
    from coopsec.rings import parse_criterion

    for text in ("regime>=9", "libdem>1.5", "polyarchy<-1"):
        with pytest.raises(InputError):
            parse_criterion(text)
    assert parse_criterion("regime>=3").value == 3
