"""``coopsec check`` beyond the knowledge base: every side folder of the data directory, checked by its own loader.

Each side folder (``kb.files.SIDE_FOLDERS``) has one loader that raises ``DataError`` naming file and
key; here they are listed once, with what to count, so ``coopsec check`` reports them all and a new
folder is one line. A folder missing from a custom data directory is said in words, not counted as 0.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coopsec.kb import KnowledgeBase

Count = Callable[["KnowledgeBase", Path], int]


def _replays(kb: KnowledgeBase, root: Path) -> int:
    from coopsec.response.replays import load_replays

    return len(load_replays(kb, root))


def _linkage(kb: KnowledgeBase, root: Path) -> int:
    from coopsec.linkage.schema import load_schemas

    return len(load_schemas(root))


def _pnr(kb: KnowledgeBase, root: Path) -> int:
    from coopsec.pnr.facts import load_facts

    return len(load_facts(root).directive.annex_i.elements)


def _voting(kb: KnowledgeBase, root: Path) -> int:
    from coopsec.voting.data import load_voting

    return len(load_voting(kb, root).rules)


def _risk(kb: KnowledgeBase, root: Path) -> int:
    from coopsec.strategy.register import load_register

    return len(load_register(kb, root).data.entries)


def _strategies(kb: KnowledgeBase, root: Path) -> int:
    from coopsec.strategy.register import load_register
    from coopsec.strategy.strategies import load_strategies

    paths = sorted((root / "strategies").glob("*.yaml"))
    return len(load_strategies(paths, load_register(kb, root)))


def _osce(kb: KnowledgeBase, root: Path) -> int:
    from coopsec.osce.facts import load_osce

    return len(load_osce(kb, root).mechanisms)


def _missions(kb: KnowledgeBase, root: Path) -> int:
    from coopsec.missions.registry import load_missions

    return len(load_missions(kb, root))


def _council(kb: KnowledgeBase, root: Path) -> int:
    from coopsec.response.presidency import load_presidencies

    return len(load_presidencies(kb, root))


#: (count's name, side folder, loader): the folders of ``kb.files.SIDE_FOLDERS`` and what is counted.
SIDE_CHECKS: tuple[tuple[str, str, Count], ...] = (
    ("replays", "replays", _replays),
    ("linkage_schemas", "linkage", _linkage),
    ("pnr_annex_i_elements", "pnr", _pnr),
    ("voting_rules", "voting", _voting),
    ("risk_entries", "risk", _risk),
    ("example_strategies", "strategies", _strategies),
    ("osce_mechanisms", "osce", _osce),
    ("missions", "missions", _missions),
    ("presidency_terms", "council", _council),
)


def side_counts(kb: KnowledgeBase, data_dir: Path | None) -> dict[str, int | str]:
    """Every side folder checked (``DataError`` on the first folder with problems, naming file and key)."""
    from coopsec.kb.paths import default_data_dir

    root = data_dir or default_data_dir()
    counts: dict[str, int | str] = {}
    for name, folder, count in SIDE_CHECKS:
        counts[name] = count(kb, root) if (root / folder).is_dir() else f"no {folder}/ folder"
    return counts
