"""How long a voice takes to say a ``<Say>``, its SSML included."""

from __future__ import annotations

import re
from typing import Final

from .._node import Node
from ..ssml import Break

__all__ = ["speech_seconds", "spoken"]


def speech_seconds(text: str) -> float:
    """How long a voice takes to say ``text``: 150 words a minute, a second at least."""
    return max(1.0, len(text.split()) / 2.5)


#: How long an SSML <break strength> is, in seconds (SSML leaves it to the voice; these are
#: what common voices do, roughly).
_BREAKS: Final = {"none": 0.0, "x-weak": 0.1, "weak": 0.25, "medium": 0.5, "strong": 0.75, "x-strong": 1.0}
_BREAK_TIME: Final = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s)\s*$")


def spoken(node: Node) -> tuple[str, float]:
    """The words a ``<Say>`` speaks, its SSML included (``<say-as>``, ``<emphasis>``...),
    and the seconds of its ``<break>``s."""
    words: list[str] = []
    pause = 0.0
    for child in node.children:
        if isinstance(child, str):
            words.append(child)
        elif isinstance(child, Break):
            time = _BREAK_TIME.match(str(child.time or ""))
            if time is not None:
                pause += float(time[1]) / (1000 if time[2] == "ms" else 1)
            else:
                pause += _BREAKS.get(str(child.strength or "medium"), 0.5)
            words.append(" ")
        elif isinstance(child, Node):
            inner, more = spoken(child)
            words.append(inner)
            pause += more
    return " ".join("".join(words).split()), pause
