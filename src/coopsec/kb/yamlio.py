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
    # One frame per open mapping or sequence: [is_mapping, current key or index, expecting a key].
    frames: list[list[Any]] = []
    for event in yaml.parse(text):
        kind = type(event).__name__
        if kind in ("MappingEndEvent", "SequenceEndEvent"):
            frames.pop()
            continue
        if kind not in ("ScalarEvent", "AliasEvent", "MappingStartEvent", "SequenceStartEvent") or not frames:
            parent = None
        else:
            parent = frames[-1]
        is_key = parent is not None and parent[0] and parent[2]
        if parent is not None:
            if not parent[0]:
                parent[1] += 1
            elif is_key:
                parent[1] = str(event.value) if kind == "ScalarEvent" else "?"
            parent[2] = parent[0] and not is_key
        line = f"line {event.start_mark.line + 1}"
        if kind == "AliasEvent":
            return DataIssue(
                label,
                _key_path(frames) or line,
                f"uses an alias (*{event.anchor}, {line}): write the value out, aliases are not allowed",
            )
        if kind in ("MappingStartEvent", "SequenceStartEvent"):
            frames.append([kind == "MappingStartEvent", -1, True])
            if len(frames) > MAX_DEPTH:
                return DataIssue(
                    label,
                    _key_path(frames[:-1]) or line,
                    f"is nested more than {MAX_DEPTH} levels deep ({line}): flatten it",
                )
    return None


def _key_path(frames: list[list[Any]], limit: int = 80) -> str:
    """Where the parser is, as a key path (``spells[3].start``), cut to ``limit`` characters."""
    path = ""
    for is_mapping, key, _ in frames:
        if is_mapping and key != -1:
            path += f".{key}" if path else str(key)
        elif not is_mapping and key >= 0:
            path += f"[{key}]"
    return path if len(path) <= limit else path[:limit] + "..."


def _where(err: Exception) -> str:
    mark = getattr(err, "problem_mark", None) if isinstance(err, MarkedYAMLError) else None
    return f"line {mark.line + 1}" if mark is not None else ""


def _reason(err: Exception) -> str:
    problem = getattr(err, "problem", None)
    return str(problem or err).strip().splitlines()[0]
