"""The legal facts and word lists of PNR screening (``data/pnr/*.yaml``), read and checked like the KB's files.

They are a side folder of the data directory (see ``SIDE_FOLDERS`` in :mod:`coopsec.kb.files`): the
directive's Annex I elements, the Art. 12 periods and masked elements, the purposes (Art. 1(2), Annex
II), the characteristics no criterion may use, the Court's rules in C-817/19, the pre-determined
criteria and the name lists. Code reads the periods and lists from here, never from constants, so a
correction to the law is a data change with its source beside it.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, Literal

from pydantic import Field

from coopsec.errors import DataError, DataIssue
from coopsec.kb.files import parse_model, read_model
from coopsec.kb.paths import default_data_dir
from coopsec.kb.schema import Strict
from coopsec.kb.yamlio import read_yaml

#: The folder of the data directory that holds the PNR facts.
FOLDER = "pnr"
Verification = Literal["confirmed", "unconfirmed"]
#: Keys that would make a criterion something other than a fixed rule (a model, learned weights).
LEARNED_KEYS = frozenset({"model", "learned", "training", "weights", "classifier", "score_model", "self_learning"})


class SourceIn(Strict):
    """A source the facts cite."""

    title: str
    href: str
    verification: Verification
    note: str | None = None


class Element(Strict):
    """One data element of Annex I."""

    number: int = Field(ge=1, le=19)
    field: str
    title: str
    masked: Literal["a", "b", "c", "d", "e", "f"] | None = None


class AnnexI(Strict):
    """Annex I with its source."""

    source: str
    verification: Verification
    elements: tuple[Element, ...]


class Disclosure(Strict):
    """Art. 12(3): who may approve a disclosure of full data after six months."""

    needs_reason: str
    approvers: dict[str, str]


class Retention(Strict):
    """Art. 12: the periods and the masked elements."""

    source: str
    verification: Verification
    article: str
    depersonalise_after_months: int = Field(ge=1, le=120)
    delete_after_years: int = Field(ge=1, le=50)
    masked: dict[str, str]
    disclosure: Disclosure


class Purpose(Strict):
    """A purpose a screening run may state."""

    code: str = Field(pattern=r"^[a-z0-9-]+$")
    title: str


class Purposes(Strict):
    """Terrorist offences and the serious crimes of Annex II."""

    source: str
    verification: Verification
    terrorism: Purpose
    serious_crime_definition: str
    annex_ii: tuple[Purpose, ...]


class Sensitive(Strict):
    """Characteristics no criterion may use."""

    source: str
    verification: Verification
    article: str
    names: frozenset[str]


class Ruling(Strict):
    """A rule of the Court and how coopsec enforces it."""

    id: str
    source: str
    paragraphs: str
    verification: Verification
    holding: str
    enforced_by: str


class DirectiveFile(Strict):
    """``directive.yaml``."""

    sources: dict[str, SourceIn]
    annex_i: AnnexI
    retention: Retention
    purposes: Purposes
    sensitive_characteristics: Sensitive
    rulings: tuple[Ruling, ...]

    def purpose_codes(self) -> dict[str, str]:
        """Every purpose a run may state, code to title."""
        every = (self.purposes.terrorism, *self.purposes.annex_ii)
        return {p.code: p.title for p in every}


class Criterion(Strict):
    """A pre-determined criterion: fields that must be equal and fields that must be similar enough."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str
    exact: tuple[str, ...] = ()
    similar: dict[str, float] = Field(default_factory=dict)


class EncodedRule(Strict):
    """The criterion for encoded watchlists: which passenger fields are encoded, and the Dice threshold."""

    fields: tuple[str, ...] = Field(min_length=1)
    threshold: float = Field(ge=0.5, le=1.0)
    rationale: str


class CriteriaFile(Strict):
    """A criteria file (``criteria.yaml`` or one given with ``--criteria``)."""

    source: str
    allowed_fields: tuple[str, ...]
    criteria: tuple[Criterion, ...] = Field(min_length=1)
    encoded: EncodedRule | None = None


class NamesFile(Strict):
    """``names.yaml``: titles, given names and surnames."""

    source: str
    titles: tuple[str, ...]
    given_names: tuple[str, ...]
    surnames: tuple[str, ...]


def _read(path: Path, label: str, issues: list[DataIssue]) -> Any:
    raw, found = read_yaml(path, label)
    issues.extend(found)
    if raw is None and not found:
        issues.append(DataIssue(label, "", "the file is missing or empty"))
    return raw


def check_criteria(raw: Any, label: str, directive: DirectiveFile) -> tuple[CriteriaFile | None, list[DataIssue]]:
    """Check a criteria document: fixed rules over allowed fields, none on a sensitive characteristic.

    A criterion carrying a model or learned weights is refused (C-817/19: no self-learning systems), as is
    one naming a sensitive characteristic (Art. 6(4) and 13(4)), even when ``allowed_fields`` lists it.
    """
    issues: list[DataIssue] = []
    sensitive = directive.sensitive_characteristics.names
    items = raw.get("criteria") if isinstance(raw, dict) else None
    for index, item in enumerate(items if isinstance(items, list) else []):
        for key in sorted(set(item) & LEARNED_KEYS) if isinstance(item, dict) else ():
            issues.append(
                DataIssue(
                    label,
                    f"criteria[{index}].{key}",
                    "criteria must be fixed rules, not learned "
                    "models (C-817/19: no self-learning systems): remove it and state exact or "
                    "similar fields",
                )
            )
    if issues:
        return None, issues
    parsed: CriteriaFile | None = parse_model(CriteriaFile, raw, label, issues)
    if parsed is None:
        return None, issues
    for name in sorted(set(parsed.allowed_fields) & sensitive):
        issues.append(
            DataIssue(
                label,
                "allowed_fields",
                f"{name!r} is a sensitive characteristic (Art. 6(4), 13(4)): no criterion may use it; remove it",
            )
        )
    for index, crit in enumerate(parsed.criteria):
        used = [*crit.exact, *crit.similar]
        if not used:
            issues.append(
                DataIssue(label, f"criteria[{index}]", "a criterion needs at least one exact or similar field")
            )
        for name in used:
            where = f"criteria[{index}] ({crit.id})"
            if name in sensitive:
                issues.append(
                    DataIssue(
                        label,
                        where,
                        f"{name!r} is a sensitive characteristic (Art. 6(4), 13(4)): "
                        "criteria may not be based on it; remove it",
                    )
                )
            elif name not in parsed.allowed_fields:
                issues.append(
                    DataIssue(label, where, f"unknown field {name!r}: use one of {', '.join(parsed.allowed_fields)}")
                )
        for name, threshold in crit.similar.items():
            if not 0.5 <= threshold <= 1.0 or name not in ("surname", "given_names"):
                issues.append(
                    DataIssue(
                        label,
                        f"criteria[{index}].similar.{name}",
                        "similar applies to surname or given_names with a threshold in 0.5-1.0",
                    )
                )
    for name in parsed.encoded.fields if parsed.encoded else ():
        if name in sensitive or name not in parsed.allowed_fields:
            issues.append(DataIssue(label, "encoded.fields", f"{name!r} may not be screened: use allowed fields only"))
    ids = [c.id for c in parsed.criteria]
    issues.extend(
        DataIssue(label, "criteria", f"criterion id {i!r} is used twice")
        for i in sorted({i for i in ids if ids.count(i) > 1})
    )
    return (None if issues else parsed), issues


def _check_directive(d: DirectiveFile, label: str) -> list[DataIssue]:
    issues: list[DataIssue] = []
    numbers = [e.number for e in d.annex_i.elements]
    if sorted(numbers) != list(range(1, 20)):
        issues.append(DataIssue(label, "annex_i.elements", "Annex I has 19 elements numbered 1 to 19: fix the list"))
    cited = [d.annex_i.source, d.retention.source, d.purposes.source, d.sensitive_characteristics.source]
    for where, source in [
        ("annex_i", cited[0]),
        ("retention", cited[1]),
        ("purposes", cited[2]),
        ("sensitive_characteristics", cited[3]),
        *((f"rulings ({r.id})", r.source) for r in d.rulings),
    ]:
        if source not in d.sources:
            issues.append(DataIssue(label, where, f"unknown source {source!r}: add it under sources"))
    masked = {e.masked for e in d.annex_i.elements if e.masked}
    if masked != set(d.retention.masked):
        issues.append(DataIssue(label, "retention.masked", "the masked points must be those Annex I elements name"))
    return issues


class PnrFacts:
    """The checked PNR facts: the directive, the default criteria and the name lists."""

    def __init__(self, directive: DirectiveFile, criteria: CriteriaFile, names: NamesFile) -> None:
        self.directive = directive
        self.criteria = criteria
        self.names = names

    @property
    def retention(self) -> Retention:
        """Art. 12's periods and masked elements."""
        return self.directive.retention


def load_facts(root: Path | None = None) -> PnrFacts:
    """Read and check ``data/pnr/``.

    Raises:
        DataError: every problem of every file at once, each naming the file and the key.

    """
    return _load(root or default_data_dir())


@functools.cache
def _load(root: Path) -> PnrFacts:
    folder = root / FOLDER
    issues: list[DataIssue] = []
    label = f"{FOLDER}/directive.yaml"
    directive: DirectiveFile | None = read_model(folder / "directive.yaml", label, DirectiveFile, issues)
    if directive is not None:
        issues.extend(_check_directive(directive, label))
    names_label = f"{FOLDER}/names.yaml"
    names: NamesFile | None = read_model(folder / "names.yaml", names_label, NamesFile, issues)
    criteria = None
    if directive is not None:
        crit_label = f"{FOLDER}/criteria.yaml"
        criteria, found = check_criteria(_read(folder / "criteria.yaml", crit_label, issues), crit_label, directive)
        issues.extend(found)
    if issues or directive is None or criteria is None or names is None:
        raise DataError(issues or [DataIssue(FOLDER, "", "the PNR facts could not be read")])
    return PnrFacts(directive, criteria, names)


def load_criteria(path: Path, facts: PnrFacts) -> CriteriaFile:
    """A criteria file given by the user, checked like ``criteria.yaml``.

    Raises:
        DataError: naming each refused criterion and how to fix it.

    """
    issues: list[DataIssue] = []
    raw = _read(path, path.name, issues)
    criteria, found = check_criteria(raw, path.name, facts.directive) if raw is not None else (None, [])
    issues.extend(found)
    if issues or criteria is None:
        raise DataError(issues or [DataIssue(path.name, "", "no criteria")])
    return criteria
