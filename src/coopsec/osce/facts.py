"""The Vienna Document 2011 and the OSCE mechanisms as data (``data/osce/*.yaml``), read and checked.

A side folder of the data directory (``SIDE_FOLDERS`` in :mod:`coopsec.kb.files`): thresholds, day counts
and paragraph numbers live in the YAML with their source and verification, so a correction to a paragraph
is a data change; the checkers in :mod:`coopsec.osce.activity` and :mod:`coopsec.osce.mechanism` only read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field

from coopsec.errors import DataError, DataIssue
from coopsec.kb import KnowledgeBase
from coopsec.kb.files import once_per_kb, read_model
from coopsec.kb.paths import default_data_dir
from coopsec.kb.schema import Strict

#: The folder of the data directory that holds the OSCE facts.
FOLDER = "osce"
Verification = Literal["confirmed", "unconfirmed"]
#: The measures an activity is counted in (the Vienna Document's categories).
MEASURES: tuple[str, ...] = ("troops", "battle_tanks", "acv", "artillery")
Measure = Literal["troops", "battle_tanks", "acv", "artillery"]


class _Cited(Strict):
    paragraph: str
    text: str
    verification: Verification
    note: str | None = None


class Notification(_Cited):
    """The advance-notice rule (para 38: 42 days)."""

    days_before: int = Field(ge=1, le=365)


class Threshold(_Cited):
    """Met when any measure reaches its figure (``at_least``)."""

    at_least: dict[Measure, int]


class Calendar(_Cited):
    """The annual calendar's exchange date (para 61)."""

    month: int = Field(ge=1, le=12)
    day: int = Field(ge=1, le=31)


class Constraint(_Cited):
    """A constraining provision: applies when any measure exceeds its figure (``more_than``)."""

    id: str
    more_than: dict[Measure, int]


class ChapterIII(_Cited):
    """Unusual military activities: the explanation and the meeting periods."""

    reply_hours: int = Field(ge=1, le=720)
    meeting_hours: int = Field(ge=1, le=720)


class Thresholds(Strict):
    """Prior notification and observation."""

    notification: Threshold
    observation: Threshold


class ViennaDocument(Strict):
    """``vienna_document.yaml``."""

    document: str
    source: str
    notification: Notification
    thresholds: Thresholds
    calendar: Calendar
    constraining: tuple[Constraint, ...]
    chapter_iii: ChapterIII


class Deadline(Strict):
    """A period in days or hours, and what must happen within it."""

    what: str
    days: int | None = Field(default=None, ge=0, le=365)
    hours: int | None = Field(default=None, ge=0, le=720)


class MechanismPath(Strict):
    """One way a mechanism goes ahead: the support it needs, whether the host must consent."""

    id: str
    paragraph: str
    title: str
    supporters: int = Field(ge=0, le=60)
    consent: bool
    serious: bool = False
    council: bool = False
    after_days: int | None = Field(default=None, ge=1, le=60)
    deadlines: tuple[Deadline, ...]
    verification: Verification
    note: str | None = None


class Mechanism(Strict):
    """A mechanism with its document and paths."""

    title: str
    document: str
    source: str
    paths: tuple[MechanismPath, ...] = Field(min_length=1)


class MechanismsFile(Strict):
    """``mechanisms.yaml``."""

    mechanisms: dict[str, Mechanism]


class OsceFacts(Strict):
    """Both files, checked."""

    vienna: ViennaDocument
    mechanisms: dict[str, Mechanism]


def _parse(model: type[Strict], path: Path, label: str, issues: list[DataIssue]) -> Strict | None:
    """The file checked against ``model`` by the KB's one reader of side data files (same error wording)."""
    return read_model(path, label, model, issues)


def load_osce(kb: KnowledgeBase, root: Path | None = None) -> OsceFacts:
    """The Vienna Document and the mechanisms of the data folder, checked against the KB's sources.

    Raises:
        DataError: every problem at once, each naming the file and the key.

    """
    folder = (root or default_data_dir()) / FOLDER
    issues: list[DataIssue] = []
    vd = _parse(ViennaDocument, folder / "vienna_document.yaml", f"{FOLDER}/vienna_document.yaml", issues)
    mech = _parse(MechanismsFile, folder / "mechanisms.yaml", f"{FOLDER}/mechanisms.yaml", issues)
    if isinstance(vd, ViennaDocument) and vd.source not in kb.sources:
        issues.append(DataIssue(f"{FOLDER}/vienna_document.yaml", "source", f"unknown source {vd.source!r}"))
    if isinstance(mech, MechanismsFile):
        for name, m in mech.mechanisms.items():
            if m.source not in kb.sources:
                issues.append(DataIssue(f"{FOLDER}/mechanisms.yaml", f"mechanisms.{name}.source", "unknown source"))
    if issues or not isinstance(vd, ViennaDocument) or not isinstance(mech, MechanismsFile):
        raise DataError(issues)
    return OsceFacts(vienna=vd, mechanisms=mech.mechanisms)


_CACHE: dict[str, OsceFacts] = {}


def bundled_osce(kb: KnowledgeBase) -> OsceFacts:
    """The bundled OSCE facts for ``kb``, read once per knowledge base."""
    return once_per_kb(_CACHE, kb, load_osce)
