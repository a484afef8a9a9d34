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
# Python's parser reads at most 200 nested brackets: deeper subtrees become variables.
_NESTING: Final = 40


def python_source(node: Node, *, name: str = "response") -> str:
    """Source code (imports, then ``name = ...``) that builds a node equal to ``node``.

    A tree nested deeper than one expression may be (Python reads at most 200 brackets)
    is built in steps: ``{name}_1 = ...`` for each deep part, then ``name = ...``."""
    main: set[str] = set()
    ssml: set[str] = set()
    for item in node.iter():
        cls = type(item)
        (ssml if cls.__module__ == "twimlkit.ssml" else main).add(cls.__name__)
        if any(isinstance(child, Comment) for child in item.children):
            main.add("Comment")
    lines = []
    if main:
        lines.append(f"from twimlkit import {', '.join(sorted(main))}")
    if ssml:
        lines.append(f"from twimlkit.ssml import {', '.join(sorted(ssml))}")
    names = _Names()
    steps: list[str] = []
    levels: dict[int, int] = {}
    for item in _post_order(node):
        level = 1 + max((levels[id(child)] for child in item.children if isinstance(child, Node)), default=0)
        if level >= _NESTING and item is not node and id(item) not in names.variables:
            variable = f"{name}_{len(steps) + 1}"
            steps.append(f"{variable} = {_expression(item, len(variable) + 3, 0, names)}")
            names.variables[id(item)] = variable
            level = 0
        levels[id(item)] = level
    body = _expression(node, len(name) + 3, 0, names)
    return "\n".join([*lines, "", *steps, f"{name} = {body}", ""])


class _Names:
    """What one ``python_source`` call knows of the tree's nodes (by id; the tree is alive
    throughout): the variables deep parts are assigned to, and each node's one-line form."""

    __slots__ = ("flat", "variables")

    def __init__(self) -> None:
        self.variables: dict[int, str] = {}
        self.flat: dict[int, str] = {}


def _post_order(root: Node) -> list[Node]:
    """Every node under ``root`` (itself last), each after its children."""
    out: list[Node] = []
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, ready = stack.pop()
        if ready:
            out.append(node)
            continue
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(node.children) if isinstance(child, Node))
    return out


def _expression(node: object, column: int, depth: int, names: _Names) -> str:
    """``node`` as an expression starting at ``column``, its continuation lines at ``depth``;
    the nodes in ``names`` are written as those variables."""
    if isinstance(node, str):
        return _string(node)
    if isinstance(node, Comment):
        return f"Comment({_string(node.text)})"
    assert isinstance(node, Node)
    variable = names.variables.get(id(node))
    if variable is not None:  # defined before (a node being defined is not named yet)
        return variable
    head, arguments = _call(node)
    flat = _flat(node, names)
    if column + len(flat) <= _WIDTH or not arguments:
        return flat
    pad = _INDENT * (depth + 1)
    parts = []
    for argument in arguments:
        if isinstance(argument, tuple):
            parts.append(f"{pad}{_flat(argument, names)},")
        else:
            parts.append(f"{pad}{_expression(argument, len(pad), depth + 1, names)},")
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


def _flat(argument: object, names: _Names) -> str:
    if isinstance(argument, tuple):
        key, value = argument
        return f"**{_value(value)}" if key == "**" else f"{key}={_value(value)}"
    if not isinstance(argument, Node):
        return _expression(argument, 0, 0, names)
    variable = names.variables.get(id(argument))
    if variable is not None:
        return variable
    # Each node's one-line form is made once: a deep tree would otherwise make the forms
    # below it again at each level.
    made = names.flat.get(id(argument))
    if made is None:
        head, arguments = _call(argument)
        made = f"{head}({', '.join(_flat(item, names) for item in arguments)})"
        names.flat[id(argument)] = made
    return made


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
