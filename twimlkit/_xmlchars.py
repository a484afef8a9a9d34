"""XML character rules and escaping.

The legal characters are XML 1.0's ``Char`` production, the same rule lxml enforces when
it is given text (a test checks the two agree). Escaping is the standard library's
``xml.sax.saxutils``; the extra entities keep tabs, newlines and carriage returns intact
through a parser's attribute-value and line-end normalisation.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

__all__ = ["escape_attribute", "escape_text", "find_not_plain", "first_illegal_char", "plain"]

# XML 1.0 (Fifth Edition) section 2.2: Char ::= #x9 | #xA | #xD | [#x20-#xD7FF]
#   | [#xE000-#xFFFD] | [#x10000-#x10FFFF]. This matches the first character outside it.
_ILLEGAL = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_TEXT_ENTITIES = {"\r": "&#13;"}
_ATTR_ENTITIES = {'"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}
# Characters that make escaping necessary; the common case has none and skips the work.
_TEXT_SPECIAL = re.compile("[&<>\r]")
_ATTR_SPECIAL = re.compile('[&<>"\n\r\t]')
# Anything that is not written as-is in both text and attributes: specials and illegal
# characters. Text without any of these needs neither escaping nor a character check.
_NOT_PLAIN = re.compile("[^\x20-\x21\x23-\x25\x27-\x3b\x3d\x3f-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


#: ``find_not_plain(text)`` is None when ``text`` is legal XML that needs no escaping
#: anywhere (the common case, checked in one pass).
find_not_plain = _NOT_PLAIN.search


def plain(text: str) -> bool:
    """Whether ``text`` is legal XML that needs no escaping anywhere."""
    return _NOT_PLAIN.search(text) is None


def first_illegal_char(text: str) -> str | None:
    """The first character of ``text`` that XML 1.0 cannot carry, or None."""
    found = _ILLEGAL.search(text)
    return None if found is None else found.group()


def escape_text(text: str) -> str:
    """``text`` as element content."""
    if _TEXT_SPECIAL.search(text) is None:
        return text
    escaped = escape(text)
    return escaped.replace("\r", _TEXT_ENTITIES["\r"]) if "\r" in escaped else escaped


def escape_attribute(value: str) -> str:
    """``value`` as a double-quoted attribute value, quotes included."""
    if _ATTR_SPECIAL.search(value) is None:
        return '"' + value + '"'
    return '"' + escape(value, _ATTR_ENTITIES) + '"'
