"""What the simulator records: each request and its answer, each call's transcript, and the
flow of documents the calls visited."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Final

__all__ = ["Exchange", "Flow", "Transcript"]

#: One count for every request and every transcript line, so that the two can be told in the
#: order they happened (the terminal phone prints them so).
_ORDER: Final = itertools.count()


@dataclass(frozen=True)
class Exchange:
    """One request the simulator made and the app's answer."""

    call_sid: str
    method: str
    url: str
    params: dict[str, str]
    status: int
    body: str
    content_type: str = ""
    at: float = 0.0  # when, on the simulator's clock
    order: int = field(default_factory=lambda: next(_ORDER), compare=False, repr=False)


@dataclass
class Transcript:
    """What happened on a call, in order: what the caller heard and pressed, and when."""

    entries: list[tuple[float, str]] = field(default_factory=list)
    _order: list[int] = field(default_factory=list, compare=False, repr=False)

    def add(self, at: float, what: str) -> None:
        # Rounded: sums of durations on the fake clock are exact to the millisecond, not the bit.
        self.entries.append((round(at, 3), what))
        self._order.append(next(_ORDER))

    def said(self) -> list[str]:
        """The words spoken to the caller, each ``<Say>`` one item."""
        return [what.removeprefix("Say: ") for _at, what in self.entries if what.startswith("Say: ")]

    def __str__(self) -> str:
        return "\n".join(f"{at:7.1f}s  {what}" for at, what in self.entries)

    def __iter__(self) -> Iterator[tuple[float, str]]:
        return iter(self.entries)


@dataclass(frozen=True)
class Flow:
    """The documents a set of calls visited and what took them from one to the next, as
    Mermaid (``str()``, and in notebooks) and Graphviz DOT (``dot``) text."""

    edges: tuple[tuple[str, str, str], ...]  # (from, to, label)

    @property
    def mermaid(self) -> str:
        names: dict[str, str] = {}
        lines = ["flowchart TD"]
        for start, end, label in self.edges:
            for node in (start, end):
                if node not in names:
                    names[node] = f"n{len(names)}"
                    lines.append(f'    {names[node]}["{_mermaid(node)}"]')
            lines.append(f'    {names[start]} -->|"{_mermaid(label)}"| {names[end]}')
        return "\n".join(lines)

    @property
    def dot(self) -> str:
        lines = ["digraph flow {", "    rankdir=TB;"]
        lines += [f'    "{_dot(a)}" -> "{_dot(b)}" [label="{_dot(label)}"];' for a, b, label in self.edges]
        return "\n".join([*lines, "}"])

    def __str__(self) -> str:
        return self.mermaid

    def _repr_markdown_(self) -> str:
        return "```mermaid\n" + self.mermaid + "\n```"


def _mermaid(text: str) -> str:
    """Text for a quoted Mermaid label: its entity codes for what Mermaid would read as
    markup (quotes, tags, an entity's own #)."""
    return "".join(_MERMAID.get(char, char) for char in text)


_MERMAID: Final = {"#": "#35;", '"': "#quot;", "<": "#lt;", ">": "#gt;"}


def _dot(text: str) -> str:
    """Text for a quoted DOT string: backslashes and quotes escaped."""
    return text.replace("\\", "\\\\").replace('"', '\\"')
