"""XML character rules and escaping agree with lxml."""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from twimlkit import _xmlchars
from twimlkit._xmlchars import escape_attribute, escape_text, first_illegal_char, plain

#: Every code point, surrogates included, in order: position i holds chr(i).
EVERY_CODE_POINT = "".join(map(chr, range(0x110000)))

# XML 1.0 (Fifth Edition) section 2.2, Char, as a set of code points.
XML_CHAR = {0x9, 0xA, 0xD, *range(0x20, 0xD800), *range(0xE000, 0xFFFE), *range(0x10000, 0x110000)}
# Written as-is in both text and double-quoted attributes.
PLAIN_CHAR = XML_CHAR - {ord(c) for c in '\t\n\r"&<>'}


def lxml_accepts(text: str) -> bool:
    try:
        etree.Element("x").text = text
    except (ValueError, UnicodeEncodeError):
        return False
    return True


@given(st.text(alphabet=st.characters(codec=None), max_size=20))
def test_illegal_characters_match_lxml(text: str) -> None:
    """first_illegal_char finds something exactly when lxml refuses the text."""
    assert (first_illegal_char(text) is None) == lxml_accepts(text)


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1f", "\ufffe", "\uffff", "\ud800"])
def test_known_illegal_characters(char: str) -> None:
    """Control characters, non-characters and lone surrogates are refused."""
    assert first_illegal_char("ok" + char) == char


@given(st.text(max_size=30))
def test_text_escaping_round_trips_through_lxml(text: str) -> None:
    """Escaped text parses back to the same string."""
    if first_illegal_char(text) is not None:
        return
    parsed = etree.fromstring(f"<x>{escape_text(text)}</x>".encode())
    assert (parsed.text or "") == text


@given(st.text(max_size=30))
def test_attribute_escaping_round_trips_through_lxml(text: str) -> None:
    """Escaped attribute values (tabs, newlines and quotes too) parse back unchanged."""
    if first_illegal_char(text) is not None:
        return
    parsed = etree.fromstring(f"<x a={escape_attribute(text)}/>".encode())
    assert parsed.get("a") == text


@given(st.text(max_size=30))
def test_plain_means_nothing_to_escape(text: str) -> None:
    """A plain string is legal and written unchanged in text and attributes."""
    if plain(text):
        assert first_illegal_char(text) is None
        assert escape_text(text) == text
        assert escape_attribute(text) == f'"{text}"'


def matched(pattern: re.Pattern[str]) -> set[int]:
    """The code points ``pattern`` matches, out of all 1,114,112."""
    return {m.start() for m in pattern.finditer(EVERY_CODE_POINT)}


def test_illegal_class_is_the_complement_of_xml_char() -> None:
    """_ILLEGAL matches exactly the code points outside XML's Char, on every code point."""
    assert matched(_xmlchars._ILLEGAL) == set(range(0x110000)) - XML_CHAR
    # The same as the production written the other way round (a negated class).
    assert matched(_xmlchars._ILLEGAL) == matched(re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"))


def test_not_plain_class_is_the_complement_of_plain_chars() -> None:
    """_NOT_PLAIN matches exactly the code points that are illegal or need escaping somewhere."""
    assert matched(_xmlchars._NOT_PLAIN) == set(range(0x110000)) - PLAIN_CHAR
    negated = "[^\x20-\x21\x23-\x25\x27-\x3b\x3d\x3f-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
    assert matched(_xmlchars._NOT_PLAIN) == matched(re.compile(negated))


SPECIALS = st.text(alphabet=st.sampled_from("&<>\"'\t\n\r a;#"), max_size=30) | st.text(max_size=30)


@given(SPECIALS)
def test_text_escaping_is_saxutils(text: str) -> None:
    """Text is escaped byte for byte as xml.sax.saxutils.escape does, plus carriage returns."""
    assert escape_text(text) == escape(text, {"\r": "&#13;"})


@given(SPECIALS)
def test_attribute_escaping_is_saxutils(text: str) -> None:
    """Attribute values are escaped byte for byte as saxutils.escape with the extra entities."""
    entities = {'"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}
    assert escape_attribute(text) == '"' + escape(text, entities) + '"'


def test_the_parser_refuses_every_character_xml_does_not_allow() -> None:
    """Text and attribute values read from XML hold only characters XML allows, which the
    reader's fast path counts on: the parser ``parse`` uses refuses every other character,
    written as itself or as a character reference."""
    from twimlkit import _parse

    parser = _parse._parser()
    illegal = sorted(set(range(0x110000)) - XML_CHAR)
    assert len(illegal) == 29 + 2048 + 2
    accepted = []
    for code in illegal:
        raw = chr(code).encode("utf-8", "surrogatepass")
        for written in (raw, b"&#%d;" % code, b"&#x%X;" % code):
            for template in (b"<Response><Say>a%sb</Say></Response>", b'<Response><Play digits="a%sb"/></Response>'):
                try:
                    etree.fromstring(template % written, parser)
                except etree.XMLSyntaxError:
                    continue
                accepted.append((hex(code), written, template))
    assert accepted == []
    # The same documents with a legal character in their place are read.
    for written in (b"x", b"&#9;", b"&#xD;", "\u00e9".encode(), b"&#x10FFFF;"):
        root = etree.fromstring(b'<Response><Play digits="a%sb"/></Response>' % written, parser)
        assert len(root[0].get("digits")) == 3
