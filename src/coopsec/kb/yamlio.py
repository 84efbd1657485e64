"""Reading YAML strictly: YAML 1.2 (so ``NO`` stays Norway), and every duplicate key reported.

PyYAML's YAML 1.1 turns ``NO`` into ``false`` and ``on`` into ``true``, and most loaders keep the
last of two duplicate keys without a word. Both silently corrupt legal facts, so coopsec composes the
node tree first, reports every duplicate key with its line, and only then builds Python objects from the same
node tree (parsing once).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, SequenceNode

from coopsec.errors import DataIssue


def _yaml() -> YAML:
    yaml = YAML(typ="safe", pure=True)
    yaml.allow_duplicate_keys = True  # we report duplicates ourselves, all of them
    return yaml


def _duplicates(node: Node, path: str, file: str, issues: list[DataIssue]) -> None:
    if isinstance(node, MappingNode):
        seen: dict[str, str] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            mark = key_node.start_mark
            line = f"{mark.line + 1}, column {mark.column + 1}"
            child = f"{path}.{key}" if path else key
            if key in seen:
                issues.append(
                    DataIssue(
                        file,
                        child,
                        f"duplicate key {key!r} (line {line}; first on line {seen[key]}): "
                        "keep one and delete the other",
                    )
                )
            else:
                seen[key] = line
            _duplicates(value_node, child, file, issues)
    elif isinstance(node, SequenceNode):
        for index, item in enumerate(node.value):
            _duplicates(item, f"{path}[{index}]", file, issues)


def read_yaml(path: Path, label: str) -> tuple[Any, list[DataIssue]]:
    """Parse one YAML file.

    Args:
        path: the file to read.
        label: how to name the file in error messages (relative to the data folder).

    Returns:
        The parsed document (``None`` when it could not be read) and the issues found.

    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        return None, [DataIssue(label, "", f"cannot be read ({err}); save it as UTF-8 text")]
    yaml = _yaml()
    try:
        shape = _check_shape(yaml, text, label)
        if shape is not None:
            return None, [shape]
        node = yaml.compose(text)
    except YAMLError as err:
        return None, [DataIssue(label, _where(err), f"is not valid YAML: {_reason(err)}")]
    issues: list[DataIssue] = []
    if node is not None:
        _duplicates(node, "", label, issues)
    if issues:
        return None, issues
    try:
        return (None if node is None else yaml.constructor.construct_document(node)), []
    except (YAMLError, ValueError) as err:
        return None, [DataIssue(label, _where(err), f"cannot be read: {_reason(err)}")]


#: Deeper nesting than any data file needs (the deepest is under ten levels).
MAX_DEPTH = 50


def _check_shape(yaml: YAML, text: str, label: str) -> DataIssue | None:
    """Refuse aliases and deep nesting from the event stream, before anything is built.

    An alias can make a few hundred bytes expand without end (a "billion laughs"), and nesting can
    exhaust the stack; coopsec's data needs neither, so both are refused in one linear pass.
    """
    depth = 0
    for event in yaml.parse(text):
        kind = type(event).__name__
        if kind == "AliasEvent":
            line = event.start_mark.line + 1
            return DataIssue(
                label, f"line {line}", f"uses an alias (*{event.anchor}): write the value out, aliases are not allowed"
            )
        if kind in ("MappingStartEvent", "SequenceStartEvent"):
            depth += 1
            if depth > MAX_DEPTH:
                return DataIssue(
                    label,
                    f"line {event.start_mark.line + 1}",
                    f"is nested more than {MAX_DEPTH} levels deep: flatten it",
                )
        elif kind in ("MappingEndEvent", "SequenceEndEvent"):
            depth -= 1
    return None


def _where(err: Exception) -> str:
    mark = getattr(err, "problem_mark", None) if isinstance(err, MarkedYAMLError) else None
    return f"line {mark.line + 1}" if mark is not None else ""


def _reason(err: Exception) -> str:
    problem = getattr(err, "problem", None)
    return str(problem or err).strip().splitlines()[0]
