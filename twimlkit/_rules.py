"""Rules a single attribute's kind cannot express: several attributes or children at once.

Each rule takes a freshly built node and raises ``ValidationError`` (path relative to the
node, as at construction). ``RULES`` maps element class names to their rules.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Final

from .exceptions import ValidationError

if TYPE_CHECKING:
    from ._node import Node

__all__ = ["RULES"]

Rule = Callable[["Node"], None]

RULES: Final[dict[str, tuple[Rule, ...]]] = {}
