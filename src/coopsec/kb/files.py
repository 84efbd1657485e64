"""Reading and schema-checking every data file, collecting all issues of the load at once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ValidationError

from coopsec.errors import DataIssue
from coopsec.kb.exchange_schema import ExchangeFile
from coopsec.kb.paths import data_files
from coopsec.kb.response_schema import ActionIn, ResponseFile
from coopsec.kb.schema import (
    ClauseIn,
    MechanismsFile,
    MembershipFile,
    OrganisationIn,
    OrganisationsFile,
    PolicyFile,
    PolicyIn,
    PrecedentsFile,
    RingsFile,
    SourceIn,
    SourcesFile,
    SpellIn,
    StateIn,
    StatesFile,
    TerritoriesFile,
    TerritoryIn,
    TreatyFile,
    VdemFile,
)
from coopsec.kb.yamlio import read_yaml

if TYPE_CHECKING:
    from coopsec.kb.model import KnowledgeBase

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")

#: The fixed files at the top of the data folder and the schema of each.
TOP_FILES: dict[str, type[BaseModel]] = {
    "sources.yaml": SourcesFile,
    "states.yaml": StatesFile,
    "organisations.yaml": OrganisationsFile,
    "security_policy.yaml": PolicyFile,
    "rings.yaml": RingsFile,
    "territories.yaml": TerritoriesFile,
    "mechanisms.yaml": MechanismsFile,
    "precedents.yaml": PrecedentsFile,
    "response.yaml": ResponseFile,
    "exchange.yaml": ExchangeFile,
}

#: Files of the data folder read by their own loader, not part of the knowledge base:
#: ``glossary.yaml`` (the dashboard's /glossary texts, checked by ``coopsec.web.glossary``).
SIDE_FILES = frozenset({"glossary.yaml"})
#: Folders read by their own loader: ``replays/`` (crises replayed by ``coopsec demo``,
#: checked by ``coopsec.response.replays``); ``linkage/`` (record-linkage encoding schemas, checked by
#: ``coopsec.linkage.schema``); ``pnr/`` (PNR screening facts of Directive (EU) 2016/681, checked by
#: ``coopsec.pnr.facts``); ``voting/`` (decision rules and population tables, checked by ``coopsec.voting.data``);
#: ``risk/`` (the risk register of issue 15, checked by ``coopsec.strategy.register``); ``osce/`` (the Vienna
#: Document and the OSCE mechanisms, ``coopsec.osce.facts``); ``missions/`` (``coopsec.missions.registry``);
#: ``council/`` (the Council presidency's terms, ``coopsec.response.presidency``).
SIDE_FOLDERS = ("replays/", "linkage/", "pnr/", "voting/", "risk/", "strategies/", "osce/", "missions/", "council/")


@dataclass
class RawData:
    """The schema-checked content of a data folder, before cross-file checks."""

    sources: SourcesFile | None = None
    states: StatesFile | None = None
    organisations: OrganisationsFile | None = None
    policy: PolicyFile | None = None
    rings: RingsFile | None = None
    vdem: VdemFile | None = None
    territories: TerritoriesFile | None = None
    mechanisms: MechanismsFile | None = None
    precedents: PrecedentsFile | None = None
    response: ResponseFile | None = None
    exchange: ExchangeFile | None = None
    memberships: list[tuple[str, MembershipFile]] = field(default_factory=list)
    treaties: list[tuple[str, TreatyFile]] = field(default_factory=list)
    issues: list[DataIssue] = field(default_factory=list)


def _loc(loc: tuple[int | str, ...], raw: Any) -> str:
    """Turn a pydantic location into ``spells[3] (state FI).start`` using the raw document."""
    parts: list[str] = []
    node = raw
    for item in loc:
        if isinstance(item, int):
            label = f"[{item}]"
            node = node[item] if isinstance(node, list) and item < len(node) else None
            if isinstance(node, dict):
                ident = node.get("state") or node.get("code") or node.get("id") or node.get("clause")
                if ident is not None:
                    label += f" ({ident})"
            parts.append(label)
        else:
            if item in {"str", "SourceIn", "function-after[_has_locator(), SourceIn]"}:
                continue
            parts.append(f".{item}" if parts else str(item))
            node = node.get(item) if isinstance(node, dict) else None
    return "".join(parts)


_HINTS = {
    "extra_forbidden": "unknown key: remove it or fix its spelling",
    "missing": "required key is missing: add it",
    "string_type": 'must be a text value (quote codes such as "NO" so YAML keeps them as text)',
    "literal_error": "is not one of the accepted values",
}


def _parse(model: type[M], raw: Any, label: str, issues: list[DataIssue]) -> M | None:
    try:
        return model.model_validate(raw)
    except ValidationError as err:
        seen: set[tuple[str, str]] = set()
        for error in err.errors():
            where = _loc(tuple(error["loc"]), raw)
            hint = _HINTS.get(error["type"], "")
            message = error["msg"].removeprefix("Value error, ")
            if hint and error["type"] != "literal_error":
                message = hint
            elif hint:
                message = f"{hint}: {message}"
            if (where, message) not in seen:
                seen.add((where, message))
                issues.append(DataIssue(label, where, message))
        return None


#: For each file model, the collections whose entries are checked one by one, so that one bad
#: entry is reported without hiding the good ones (which would cascade into "unknown code" errors).
_ITEMS: dict[type[BaseModel], tuple[str, type[BaseModel]]] = {
    SourcesFile: ("sources", SourceIn),
    StatesFile: ("states", StateIn),
    OrganisationsFile: ("organisations", OrganisationIn),
    MembershipFile: ("spells", SpellIn),
    TreatyFile: ("clauses", ClauseIn),
    PolicyFile: ("statuses", PolicyIn),
    TerritoriesFile: ("territories", TerritoryIn),
    ResponseFile: ("actions", ActionIn),
}


def parse_model(model: type[M], raw: Any, label: str, issues: list[DataIssue]) -> M | None:
    """``raw`` checked against ``model``; each problem appended to ``issues`` naming ``label`` and the key.

    The one way every data file of the folder (the knowledge base's and the side folders': replays,
    linkage schemas, PNR facts, voting rules, ...) reports a schema error, so all say the same.
    """
    return _parse(model, raw, label, issues)


def read_model(path: Path, label: str, model: type[M], issues: list[DataIssue]) -> M | None:
    """The YAML file ``path`` checked against ``model`` (``None`` when unusable; the reasons go to ``issues``)."""
    raw, found = read_yaml(path, label)
    issues.extend(found)
    if raw is None:
        issues.extend([] if found else [DataIssue(label, "", "the file is missing or empty")])
        return None
    return _parse(model, raw, label, issues)


def _parse_file(model: type[M], raw: Any, label: str, issues: list[DataIssue]) -> M | None:
    """Validate a file entry by entry, keeping the valid entries when some are broken."""
    if model in _ITEMS and isinstance(raw, dict):
        key, item_model = _ITEMS[model]
        items = raw.get(key)
        if isinstance(items, list):
            kept: list[Any] = []
            for index, item in enumerate(items):
                found: list[DataIssue] = []
                parsed = _parse(item_model, item, label, found)
                for issue in found:
                    prefix = _loc((key, index), raw)
                    issues.append(DataIssue(label, prefix + (f".{issue.path}" if issue.path else ""), issue.message))
                kept.append(parsed)  # None keeps the original index for later messages
            raw = {**raw, key: kept}
        elif isinstance(items, dict):
            good: dict[Any, Any] = {}
            for name, item in items.items():
                found = []
                parsed = _parse(item_model, item, label, found)
                for issue in found:
                    issues.append(
                        DataIssue(label, f"{key}.{name}" + (f".{issue.path}" if issue.path else ""), issue.message)
                    )
                if parsed is not None:
                    good[name] = parsed
            raw = {**raw, key: good}
    return _parse(model, raw, label, issues)


def read_folder(root: Path) -> RawData:
    """Read and schema-check every file under ``root``; never stops at the first error."""
    data = RawData()
    if not root.is_dir():
        data.issues.append(DataIssue(str(root), "", "the data folder does not exist"))
        return data
    for name, model in TOP_FILES.items():
        path = root / name
        if not path.exists():
            data.issues.append(DataIssue(name, "", "required file is missing"))
            continue
        raw, found = read_yaml(path, name)
        data.issues.extend(found)
        if raw is None and not found:
            data.issues.append(DataIssue(name, "", "the file is empty"))
        if raw is not None:
            parsed = _parse_file(model, raw, name, data.issues)
            setattr(data, name.removesuffix(".yaml").replace("security_policy", "policy"), parsed)
    for path in data_files(root):
        label = path.relative_to(root).as_posix()
        if label in TOP_FILES or label in SIDE_FILES or label.startswith(SIDE_FOLDERS) or path.suffix == ".csv":
            continue
        raw, found = read_yaml(path, label)
        data.issues.extend(found)
        if raw is None:
            continue
        if label.startswith("memberships/"):
            membership = _parse_file(MembershipFile, raw, label, data.issues)
            if membership is not None:
                data.memberships.append((label, membership))
        elif label.startswith("treaties/"):
            treaty = _parse_file(TreatyFile, raw, label, data.issues)
            if treaty is not None:
                data.treaties.append((label, treaty))
        elif label == "vdem/vdem.yaml":
            data.vdem = _parse(VdemFile, raw, label, data.issues)
        else:
            data.issues.append(
                DataIssue(label, "", "unknown data file: move it under memberships/ or treaties/, or delete it")
            )
    if data.vdem is None and not (root / "vdem" / "vdem.yaml").exists():
        data.issues.append(DataIssue("vdem/vdem.yaml", "", "required file is missing"))
    return data


def once_per_kb(cache: dict[str, T], kb: KnowledgeBase, load: Callable[[KnowledgeBase], T]) -> T:
    """``load(kb)`` read once per knowledge base (keyed by its fingerprint) and kept in ``cache``.

    Side data files (OSCE facts, missions, voting data, presidencies) are checked against the KB
    they are loaded with, so their cache is per KB: a test's own KB never sees the bundled one's.
    """
    key = kb.fingerprint or str(id(kb))
    if key not in cache:
        cache[key] = load(kb)
    return cache[key]
