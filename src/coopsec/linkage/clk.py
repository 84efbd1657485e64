"""An encoded list (``*.clk.json``): record ids and their hardened Bloom filters, nothing else.

This file is what leaves an authority's machine. It carries the schema it was made under (id and a
digest of its settings) and an HMAC key check, so the matcher can refuse to compare encodings made
under different schemas or secrets instead of returning meaningless similarities.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from coopsec.errors import ConflictError, InputError

FORMAT = "coopsec-clk/1"


@dataclass(frozen=True)
class Encoding:
    """Encoded records: ``words[i]`` is record ``ids[i]``'s filter as little-endian 64-bit words."""

    ids: tuple[str, ...]
    words: npt.NDArray[np.uint64]
    schema: str
    schema_digest: str
    key_check: str

    @property
    def bits(self) -> int:
        """Length of each filter in bits."""
        return int(self.words.shape[1]) * 64

    def __len__(self) -> int:
        return len(self.ids)

    def to_json(self) -> dict[str, Any]:
        """The document written to ``*.clk.json``."""
        raw = np.ascontiguousarray(self.words).view(np.uint8)
        return {
            "format": FORMAT,
            "schema": self.schema,
            "schema_digest": self.schema_digest,
            "key_check": self.key_check,
            "bits": self.bits,
            "count": len(self.ids),
            "ids": list(self.ids),
            "clks": [base64.b64encode(row.tobytes()).decode() for row in raw],
        }

    @classmethod
    def from_json(cls, doc: dict[str, Any]) -> Encoding:
        """Read a ``*.clk.json`` document.

        Raises:
            InputError: the document is not an encoding of this format.

        """
        if not isinstance(doc, dict) or doc.get("format") != FORMAT:
            raise InputError(f"not a {FORMAT} document: make it with `coopsec linkage encode`")
        bits, clks, ids = int(doc["bits"]), doc["clks"], doc["ids"]
        if len(clks) != len(ids):
            raise InputError(f"the document has {len(ids)} ids but {len(clks)} encodings: re-encode the list")
        raw = b"".join(base64.b64decode(c) for c in clks)
        if len(raw) != len(ids) * bits // 8:
            raise InputError(f"an encoding is not {bits} bits long: re-encode the list")
        words = np.frombuffer(raw, dtype="<u8").astype(np.uint64).reshape(len(ids), bits // 64)
        return cls(tuple(map(str, ids)), words, str(doc["schema"]), str(doc["schema_digest"]), str(doc["key_check"]))

    def save(self, path: Path) -> None:
        """Write the encoding to ``path`` as JSON."""
        path.write_text(json.dumps(self.to_json()), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> Encoding:
        """Read an encoding written by :meth:`save`."""
        try:
            return cls.from_json(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError) as err:
            raise InputError(f"cannot read the encoding {path} ({err}): give a *.clk.json file") from err


def check_comparable(a: Encoding, b: Encoding) -> None:
    """Refuse to compare encodings made under different schemas, settings or secrets.

    Raises:
        ConflictError: naming what differs.

    """
    for what in ("schema", "schema_digest", "key_check", "bits"):
        if getattr(a, what) != getattr(b, what):
            raise ConflictError(
                f"the two encodings differ in {what} ({getattr(a, what)} vs {getattr(b, what)}): "
                "both parties must encode with the same schema file and the same secret"
            )
