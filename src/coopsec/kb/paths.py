"""Where the data lives and which files make it up (kept free of heavy imports for fast starts)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

DATA_SUFFIXES = {".yaml", ".yml", ".csv"}


def default_data_dir() -> Path:
    """The data folder shipped inside the package."""
    return Path(str(resources.files("coopsec") / "data"))


def data_files(root: Path) -> list[Path]:
    """Every file whose content makes up the knowledge base, in a stable order."""
    files = [p for p in root.rglob("*") if p.is_file() and p.suffix in DATA_SUFFIXES]
    return sorted(files, key=lambda p: p.relative_to(root).as_posix())
