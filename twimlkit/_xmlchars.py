"""XML character rules and escaping.

The legal characters are XML 1.0's ``Char`` production, the same rule lxml enforces when
it is given text (a test checks the two agree). Escaping writes what the standard
library's ``xml.sax.saxutils.escape`` writes (``&``, ``<`` and ``>`` as entities), with
plain ``str.replace``: importing ``xml.sax.saxutils`` also loads ``urllib.request``,
``http.client``, ``email`` and ``ssl``. The extra entities keep tabs, newlines and carriage
returns intact through a parser's attribute-value and line-end normalisation.

The character classes are written as what is *not* allowed: a negated class over all of
Unicode takes the ``re`` compiler about ten times as long as its small complement, which
matches the same characters (``tests/test_xmlchars.py`` checks every code point).
"""

from __future__ import annotations

import re

__all__ = ["escape_attribute", "escape_text", "find_not_plain", "first_illegal_char", "plain"]

# XML 1.0 (Fifth Edition) section 2.2: Char ::= #x9 | #xA | #xD | [#x20-#xD7FF]
#   | [#xE000-#xFFFD] | [#x10000-#x10FFFF]. This matches the first character outside it:
#   controls other than tab, newline and carriage return; surrogates; U+FFFE and U+FFFF.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Characters that make escaping necessary; the common case has none and skips the work.
_TEXT_SPECIAL = re.compile("[&<>\r]")
_ATTR_SPECIAL = re.compile('[&<>"\n\r\t]')
# Anything that is not written as-is in both text and attributes: specials and illegal
# characters. Text without any of these needs neither escaping nor a character check:
# all controls (tab, newline and carriage return are escaped in attributes), the four
# specials " & < >, and the illegal surrogates, U+FFFE and U+FFFF.
_NOT_PLAIN = re.compile('[\x00-\x1f"&<>\ud800-\udfff\ufffe\uffff]')


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


def _escape(text: str) -> str:
    """``&``, ``<`` and ``>`` as entities (``&`` first), as ``xml.sax.saxutils.escape`` does."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escape_text(text: str) -> str:
    """``text`` as element content."""
    if _TEXT_SPECIAL.search(text) is None:
        return text
    return _escape(text).replace("\r", "&#13;")


def escape_attribute(value: str) -> str:
    """``value`` as a double-quoted attribute value, quotes included."""
    if _ATTR_SPECIAL.search(value) is None:
        return '"' + value + '"'
    escaped = _escape(value).replace('"', "&quot;").replace("\n", "&#10;").replace("\r", "&#13;")
    return '"' + escaped.replace("\t", "&#9;") + '"'
