"""The loader is strict: every error of a load is reported at once, naming file, key and fix."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from coopsec.errors import DataError, DataIssue
from coopsec.kb import KnowledgeBase, default_data_dir, load_knowledge_base
from coopsec.kb.loader import build_knowledge_base

BROKEN = Path(__file__).parent / "broken"


@pytest.fixture(scope="module")
def issues() -> tuple[DataIssue, ...]:
    with pytest.raises(DataError) as info:
        build_knowledge_base(BROKEN)
    assert isinstance(info.value, ValueError)
    return info.value.issues


def _find(issues: tuple[DataIssue, ...], file: str, path_part: str, message_part: str) -> DataIssue:
    for issue in issues:
        if issue.file == file and path_part in issue.path and message_part in issue.message:
            return issue
    raise AssertionError(f"no issue {file} {path_part!r} {message_part!r} among:\n" + "\n".join(map(str, issues)))


def test_every_error_of_the_broken_folder_is_reported_at_once(issues: tuple[DataIssue, ...]) -> None:
    assert len(issues) >= 10
    _find(issues, "organisations.yaml", "organisations[0] (ORG).colour", "unknown key")
    _find(issues, "memberships/dup.yaml", "spells[0].state", "duplicate key 'state'")
    _find(issues, "memberships/ok.yaml", "spells[0] (FI).source", "required key is missing")
    _find(issues, "memberships/ok.yaml", "spells[1] (SE)", "end 2005-01-01 is not after start 2010-01-01")
    _find(issues, "memberships/ok.yaml", "spells[2] (XX).state", "unknown state code 'XX'")
    _find(issues, "memberships/ok.yaml", "spells[5] (FI).source", "unknown source id 'missing-source'")
    _find(issues, "memberships/nope.yaml", "organisation", "unknown organisation code 'NOPE'")
    _find(issues, "memberships/ok.yaml", "spells[3] (NO)", "overlaps memberships/ok.yaml: spells[4] (NO)")
    _find(issues, "states.yaml", "states[3] (True).code", "must be a text value")
    _find(issues, "states.yaml", "states[4] (ZZ).code", "not an ISO 3166-1 alpha-2")
    _find(issues, "states.yaml", "states[5] (DK).source", "required key is missing")
    _find(issues, "sources.yaml", "sources.no-locator", "needs an 'href' (link) or a 'reference'")


def test_the_error_message_lists_each_issue_with_file_and_path(issues: tuple[DataIssue, ...]) -> None:
    message = str(DataError(list(issues)))
    assert "memberships/ok.yaml: spells[1] (SE)" in message
    assert f"{len(issues)} error(s)" in message


def test_yaml_1_2_keeps_norway_a_code(tmp_path: Path) -> None:
    root = tmp_path / "data"
    shutil.copytree(default_data_dir(), root)
    nato = root / "memberships" / "nato.yaml"
    nato.write_text(nato.read_text(encoding="utf-8").replace('state: "NO"', "state: NO"), encoding="utf-8")
    kb = build_knowledge_base(root)
    assert any(s.state == "NO" and s.organisation == "NATO" for s in kb.spells)


def test_a_syntax_error_names_the_file_and_line(tmp_path: Path) -> None:
    root = tmp_path / "data"
    shutil.copytree(default_data_dir(), root)
    (root / "memberships" / "v4.yaml").write_text("organisation: V4\nspells: [\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        build_knowledge_base(root)
    assert any(i.file == "memberships/v4.yaml" and "not valid YAML" in i.message for i in info.value.issues)


def test_the_bundled_data_loads(kb: KnowledgeBase) -> None:
    assert len(kb.states) >= 80
    assert set(kb.organisations) >= {
        "EU",
        "NATO",
        "OSCE",
        "WEU",
        "PESCO",
        "EAP",
        "UFM",
        "ENP",
        "SCHENGEN",
        "COE",
        "V4",
        "UCPM",
    }


def test_every_fact_has_a_source_with_a_locator_and_a_verification_date(kb: KnowledgeBase) -> None:
    sources = [f.source for f in kb.spells] + [f.source for f in kb.policies]
    sources += [f.source for f in kb.states.values()] + [c.source for v in kb.clauses.values() for c in v]
    for source in sources:
        assert source.title and (source.href or source.reference), source
        assert source.verification in {"confirmed", "unconfirmed"}
        assert source.last_verified.year >= 2024, source


def test_every_spell_records_the_basis_of_its_dates(kb: KnowledgeBase) -> None:
    for spell in kb.spells:
        assert spell.start_basis in {"signature", "deposit", "entry_into_force", "effective"}
        assert spell.precision in {"day", "month", "year"}


def test_the_cache_is_used_and_invalidated_by_a_change(tmp_path: Path) -> None:
    root = tmp_path / "data"
    shutil.copytree(default_data_dir(), root)
    first = load_knowledge_base(root)
    assert load_knowledge_base(root) is first
    v4 = root / "memberships" / "v4.yaml"
    v4.write_text(v4.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert load_knowledge_base(root).fingerprint != first.fingerprint


def test_democracy_data_keeps_its_attribution_and_says_no_data(kb: KnowledgeBase) -> None:
    assert "V-Dem" in kb.democracy.attribution and "CC BY-SA 4.0" in kb.democracy.attribution
    assert (kb.democracy.first_year, kb.democracy.last_year) == (1945, 2024)
    v15, v14 = kb.democracy.datasets
    assert (v15.version, v15.first_year, v15.last_year) == ("v15", 1945, 2024)
    assert (v14.version, v14.first_year, v14.last_year) == ("v14", 1970, 2023)
    assert [d.version for d in kb.democracy.for_indicator("v2x_libdem")] == ["v14"]
    for dataset in (v15, v14):
        for microstate in ("AD", "LI", "MC", "SM", "VA"):
            assert microstate not in dataset.series
    assert v15.series["XK"][2024].regime is not None
    # V-Dem codes Czechoslovakia under CZE: each state gets only the years in which it existed.
    assert v15.series["CSHH"][1992].regime == 3 and 1993 not in v15.series["CSHH"]
    assert v15.series["CZ"][1993].regime is not None and 1992 not in v15.series["CZ"]
    licence = default_data_dir() / "vdem" / "README.md"
    assert "CC BY-SA 4.0" in licence.read_text(encoding="utf-8")
