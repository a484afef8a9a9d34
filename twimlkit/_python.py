"""Python source that builds a tree: the migration path from templates and Twilio's helper.

``python_source(doc)`` writes the imports and one assignment; running it gives a tree equal
to ``doc``. Short nodes stay on one line, longer ones put each child and keyword on its own.
"""

from __future__ import annotations

from typing import Final

from ._node import Comment, Element, Node, _is_keyword_name

__all__ = ["python_source"]

_WIDTH: Final = 100
_INDENT: Final = "    "


def python_source(node: Node, *, name: str = "response") -> str:
    """Source code (imports, then ``name = ...``) that builds a node equal to ``node``."""
    main: set[str] = set()
    ssml: set[str] = set()
    _collect(node, main, ssml)
    lines = []
    if main:
        lines.append(f"from twimlkit import {', '.join(sorted(main))}")
    if ssml:
        lines.append(f"from twimlkit.ssml import {', '.join(sorted(ssml))}")
    body = _expression(node, len(name) + 3, 0)
    return "\n".join([*lines, "", f"{name} = {body}", ""])


def _collect(node: object, main: set[str], ssml: set[str]) -> None:
    if isinstance(node, Comment):
        main.add("Comment")
    elif isinstance(node, Node):
        cls = type(node)
        (ssml if cls.__module__ == "twimlkit.ssml" else main).add(cls.__name__)
        for child in node.children:
            _collect(child, main, ssml)


def _expression(node: object, column: int, depth: int) -> str:
    """``node`` as an expression starting at ``column``, its continuation lines at ``depth``."""
    if isinstance(node, str):
        return _string(node)
    if isinstance(node, Comment):
        return f"Comment({_string(node.text)})"
    assert isinstance(node, Node)
    head, arguments = _call(node)
    flat = f"{head}({', '.join(_flat(argument) for argument in arguments)})"
    if column + len(flat) <= _WIDTH or not arguments:
        return flat
    pad = _INDENT * (depth + 1)
    parts = []
    for argument in arguments:
        if isinstance(argument, tuple):
            parts.append(f"{pad}{_flat(argument)},")
        else:
            parts.append(f"{pad}{_expression(argument, len(pad), depth + 1)},")
    return f"{head}(\n" + "\n".join(parts) + f"\n{_INDENT * depth})"


def _call(node: Node) -> tuple[str, list[object]]:
    """The callable's name and its arguments: children, then (keyword, value) pairs."""
    arguments: list[object] = []
    if isinstance(node, Element):
        arguments.append(node.tag)
        arguments.extend(node.children)
        plain = {k: v for k, v in node.attributes.items() if _is_keyword_name(k)}
        arguments.extend(plain.items())
        others = {k: v for k, v in node.attributes.items() if k not in plain}
        if others:
            arguments.append(("**", others))
        return "Element", arguments
    arguments.extend(node.children)
    arguments.extend(node.attributes.items())
    return type(node).__name__, arguments


def _flat(argument: object) -> str:
    if isinstance(argument, tuple):
        key, value = argument
        return f"**{_value(value)}" if key == "**" else f"{key}={_value(value)}"
    return _expression(argument, 0, 0) if not isinstance(argument, Node) else _flat_node(argument)


def _flat_node(node: Node) -> str:
    head, arguments = _call(node)
    return f"{head}({', '.join(_flat(argument) for argument in arguments)})"


def _value(value: object) -> str:
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, tuple):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_string(k)}: {_value(v)}" for k, v in value.items()) + "}"
    return repr(value)


def _string(text: str) -> str:
    """A string literal, double-quoted where that needs no escapes (the common style)."""
    literal = repr(text)
    if literal.startswith("'") and '"' not in text:
        return '"' + literal[1:-1].replace("\\'", "'") + '"'
    return literal
