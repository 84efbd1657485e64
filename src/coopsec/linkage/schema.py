"""Encoding schemas (``data/linkage/*.yaml``): which fields of a record go into its Bloom filter, and how.

A schema is a fact the participating authorities agree on (like the shared secret, but public): two
encodings are comparable only when both used the same schema. It is checked like the knowledge
base's files: every problem names the file and the key.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from coopsec.errors import DataError, DataIssue, UnknownCodeError
from coopsec.kb.files import read_model
from coopsec.kb.paths import default_data_dir
from coopsec.kb.schema import Strict

#: The folder of the data directory that holds the schemas.
FOLDER = "linkage"


class FieldSpec(Strict):
    """One field of a record.

    ``text`` fields are normalised (lower case, letters, digits and single spaces) and cut into padded
    q-grams; ``digits`` fields keep their digits only and hash each digit with its position, so a
    one-digit typo in a date or postcode costs one token, not two.
    """

    name: str = Field(min_length=1)
    kind: Literal["text", "digits"] = "text"
    q: int = Field(default=2, ge=1, le=4)
    #: Bits inserted for the field whatever its length (its weight); shared among its tokens.
    insertions: int = Field(ge=1, le=4096)
    #: Fields of one group share a key, so their tokens collide on purpose (e.g. swapped names).
    group: str | None = None

    @property
    def key_group(self) -> str:
        """The name the field's key is derived under."""
        return self.group or self.name


class Schema(Strict):
    """A whole schema file."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str
    source: str = Field(min_length=10)
    rationale: str = Field(min_length=10)
    id_column: str
    #: Length of the filter before hardening; a power of two, so positions are unbiased.
    bits: int = Field(ge=64, le=65536)
    #: ``salted``: per-field keys and independent HMAC positions; ``balanced``: also the complement, permuted.
    hardening: Literal["salted", "balanced"] = "salted"
    fields: tuple[FieldSpec, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _shape(self) -> Schema:
        if self.bits & (self.bits - 1):
            raise ValueError(f"bits={self.bits} is not a power of two: use e.g. 1024 or 2048")
        names = [f.name for f in self.fields]
        if len(set(names)) != len(names) or self.id_column in names:
            raise ValueError("field names must be unique and differ from id_column")
        return self

    @property
    def encoded_bits(self) -> int:
        """Length of the stored encoding (balancing doubles it)."""
        return self.bits * 2 if self.hardening == "balanced" else self.bits

    @property
    def digest(self) -> str:
        """A short fingerprint of the schema's content: encodings made under other settings do not compare."""
        text = json.dumps(self.model_dump(mode="json", exclude={"title", "source", "rationale"}), sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def load_schemas(root: Path | None = None) -> dict[str, Schema]:
    """Every schema of the data folder, checked, by id.

    Raises:
        DataError: every problem of every file at once, each naming the file and the key.

    """
    folder = (root or default_data_dir()) / FOLDER
    schemas: dict[str, Schema] = {}
    issues: list[DataIssue] = []
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else ():
        label = f"{FOLDER}/{path.name}"
        schema = read_model(path, label, Schema, issues)
        if schema is None:
            continue
        if schema.id != path.stem:
            issues.append(DataIssue(label, "id", f"id {schema.id!r} differs from the file name: rename one"))
        schemas[schema.id] = schema
    if issues:
        raise DataError(issues)
    return schemas


def load_schema(name: str, root: Path | None = None) -> Schema:
    """The schema ``name`` (an id of ``data/linkage``), or a YAML file's path.

    Raises:
        UnknownCodeError: naming the schemas there are.

    """
    path = Path(name)
    if path.suffix in {".yaml", ".yml"} and path.is_file():
        issues: list[DataIssue] = []
        schema = read_model(path, str(path), Schema, issues)
        if schema is None:
            raise DataError(issues)
        return schema
    schemas = load_schemas(root)
    if name not in schemas:
        raise UnknownCodeError(f"unknown linkage schema {name!r}: use one of {', '.join(schemas)} or a YAML file")
    return schemas[name]
