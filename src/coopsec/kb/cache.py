"""Caching the validated knowledge base so a cold CLI start answers well under a second.

The cache key is a hash of every data file, of the model-building code and of the package version,
so editing a fact, or upgrading coopsec, rebuilds the model; a stale cache can never answer. The cache lives in
``$COOPSEC_CACHE_DIR`` (default ``$XDG_CACHE_HOME/coopsec`` or ``~/.cache/coopsec``). It only ever
holds what coopsec itself wrote there.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from functools import lru_cache
from pathlib import Path

from coopsec import __version__
from coopsec.kb.model import KnowledgeBase
from coopsec.kb.paths import data_files, default_data_dir


def cache_dir() -> Path:
    """Where cached knowledge bases are kept."""
    explicit = os.environ.get("COOPSEC_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "coopsec"


def fingerprint(root: Path) -> str:
    """A hash of every data file, of the code that builds the model, and of the package version.

    Hashing the builder's own source means a fix to the loader can never be hidden by a cache
    written before it.
    """
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    for path in data_files(root):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:32]


def load_knowledge_base(data_dir: Path | None = None, *, use_cache: bool = True) -> KnowledgeBase:
    """Load the knowledge base from ``data_dir`` (default: the bundled data), cached.

    Raises:
        DataError: when the data is invalid (never cached).

    """
    root = (data_dir or default_data_dir()).resolve()
    if not use_cache:
        from coopsec.kb.loader import build_knowledge_base  # heavy (pydantic, YAML): only when needed

        return build_knowledge_base(root, fingerprint(root))
    return _cached(str(root), fingerprint(root))


@lru_cache(maxsize=4)
def _cached(root: str, key: str) -> KnowledgeBase:
    target = cache_dir() / f"kb-{key}.pickle"
    try:
        with target.open("rb") as handle:
            kb = pickle.load(handle)
        if isinstance(kb, KnowledgeBase) and kb.fingerprint == key:
            return kb
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        pass  # no cache yet, or written by another version: rebuild below
    from coopsec.kb.loader import build_knowledge_base

    kb = build_knowledge_base(Path(root), key)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=target.parent, delete=False) as tmp:
            pickle.dump(kb, tmp, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp.name, target)
    except OSError:
        pass  # a read-only home only costs speed, never correctness
    return kb
