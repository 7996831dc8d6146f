"""A safe YAML loader that remembers the line of every mapping, key and list entry.

Messages about mapping files must say ``file:line``; plain ``yaml.safe_load`` forgets where
things were. This loader is ``yaml.SafeLoader`` with two constructors changed, so it builds only
the plain types safe_load builds, wrapped so each keeps its start line (1-based).
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, SequenceNode


class LineDict(dict[Any, Any]):
    """A YAML mapping with ``line`` (where it starts) and ``key_lines`` (where each key is)."""

    line: int
    key_lines: dict[Any, int]
    duplicate_keys: list[tuple[Any, int]]


class LineList(list[Any]):
    """A YAML sequence with ``line`` (where it starts) and ``item_lines`` (one per entry)."""

    line: int
    item_lines: list[int]


class LineLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` recording node start marks; duplicate keys are kept for reporting."""

    def construct_line_mapping(self, node: Node) -> LineDict:
        assert isinstance(node, MappingNode)  # noqa: S101 - the resolver guarantees it
        self.flatten_mapping(node)
        result = LineDict()
        result.line = node.start_mark.line + 1
        result.key_lines = {}
        result.duplicate_keys = []
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, str | int | float | bool) and key is not None:
                raise yaml.constructor.ConstructorError(
                    None, None, "a key must be plain text", key_node.start_mark
                )
            line = key_node.start_mark.line + 1
            if key in result:
                result.duplicate_keys.append((key, line))
            result[key] = self.construct_object(value_node, deep=True)
            result.key_lines[key] = line
        return result

    def construct_line_sequence(self, node: Node) -> LineList:
        assert isinstance(node, SequenceNode)  # noqa: S101 - the resolver guarantees it
        result = LineList(self.construct_object(child, deep=True) for child in node.value)
        result.line = node.start_mark.line + 1
        result.item_lines = [child.start_mark.line + 1 for child in node.value]
        return result


LineLoader.add_constructor("tag:yaml.org,2002:map", LineLoader.construct_line_mapping)
LineLoader.add_constructor("tag:yaml.org,2002:seq", LineLoader.construct_line_sequence)


def load_with_lines(text: str) -> Any:
    """Return the document in ``text`` with line-tracking containers; raise yaml.YAMLError."""
    return yaml.load(text, Loader=LineLoader)  # noqa: S506 - LineLoader is a SafeLoader


def error_line(exc: yaml.YAMLError) -> int | None:
    """Return the 1-based line a YAML error points at, if it says."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return mark.line + 1 if mark is not None else None


def line_of(container: Any, key: Any = None, default: int | None = None) -> int | None:
    """Return the line of ``key`` in a LineDict (or entry ``key`` of a LineList), else the
    container's own line, else ``default``."""
    if isinstance(container, LineDict):
        if key is not None and key in container.key_lines:
            return container.key_lines[key]
        return container.line
    if isinstance(container, LineList):
        if isinstance(key, int) and 0 <= key < len(container.item_lines):
            return container.item_lines[key]
        return container.line
    return default
