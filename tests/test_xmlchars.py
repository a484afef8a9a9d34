"""XML character rules and escaping agree with lxml."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from twimlkit._xmlchars import escape_attribute, escape_text, first_illegal_char, plain


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
