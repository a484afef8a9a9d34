"""Lenient reading over damaged documents: whatever is done to a valid document's elements
(an unknown attribute, a value outside its set, an element moved where it may not stand,
text taken away or added, a tag renamed), ``parse(strict=False)`` keeps it as written and
warns, and only what Twilio cannot read raises."""

from __future__ import annotations

import copy

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from tests.strategies import documents
from tests.test_corpus import read_leniently
from twimlkit import MessagingResponse, ParseError, Problem, VoiceResponse, parse

MUTATIONS = ("unknown attribute", "odd value", "move", "drop text", "add text", "rename", "duplicate")
ODD_VALUES = ("", " ", "0", "-1", "maybe", "PUT", "x" * 300, "Polly.", "wss://", "é", "1e9")


def _elements(root: etree._Element) -> list[etree._Element]:
    return [element for element in root.iter() if isinstance(element.tag, str)]


@st.composite
def damaged(draw: st.DrawFn) -> bytes:
    """A valid document, written, then damaged a few times at random places."""
    doc: VoiceResponse | MessagingResponse = draw(documents())
    root = etree.fromstring(doc.to_xml().replace("amazon:", "amazon-").encode())
    for _ in range(draw(st.integers(1, 4))):
        elements = _elements(root)
        target = draw(st.sampled_from(elements))
        mutation = draw(st.sampled_from(MUTATIONS))
        if mutation == "unknown attribute":
            target.set(draw(st.sampled_from(["speed", "fooBar", "x"])), "1")
        elif mutation == "odd value" and target.attrib:
            name = draw(st.sampled_from(sorted(target.attrib)))
            target.set(name, draw(st.sampled_from(ODD_VALUES)))
        elif mutation == "move" and target is not root:
            destination = draw(st.sampled_from(elements))
            if target not in destination.iterancestors() and destination is not target:
                tail = target.tail
                target.tail = None
                destination.append(target)
                target.tail = tail
        elif mutation == "drop text":
            target.text = None
        elif mutation == "add text":
            target.text = draw(st.sampled_from(["hello", "+15558675310", " ", "sip:a@b.c"]))
        elif mutation == "rename" and target is not root:
            target.tag = draw(st.sampled_from(["Say", "Dial", "Number", "Message", "Body", "Future", "break", "Queue"]))
        elif mutation == "duplicate" and target is not root:
            twin = copy.deepcopy(target)
            twin.tail = None
            target.addnext(twin)
    return etree.tostring(root).replace(b"amazon-", b"amazon:")


@settings(max_examples=300, deadline=None)
@given(damaged())
def test_lenient_reading_keeps_every_damaged_document_as_written(data: bytes) -> None:
    failure: ParseError | None = None
    try:
        doc = read_leniently(data)
    except ParseError as error:
        failure = error
    if failure is not None:
        # Only the size bound may stop it: the damage never makes the XML malformed.
        assert failure.code == 11750, failure
        return
    warned = [w for w in doc.lint() if w.line is not None]
    refused: tuple[Problem, ...] = ()
    try:
        strict = parse(data)
    except ParseError as error:
        refused = error.errors
    if refused:
        # Everything strict reading refuses is among the warnings, at the same place.
        assert {(p.line, p.path, p.code) for p in refused} <= {(w.line, w.path, w.code) for w in warned}
    else:
        assert strict == doc
        assert not warned


def test_element_trees_read_back_as_the_parse_docstring_says() -> None:
    """The exceptions to parse(doc.to_xml()) == doc that the docstring names for Element."""
    from twimlkit import Element, VoiceResponse, parse

    doc = VoiceResponse(Element("Foo", Element("Bar"), " ", flag=True, n=5))
    read = parse(doc.to_xml(), strict=False)
    assert read == VoiceResponse(Element("Foo", Element("Bar"), flag="true", n="5"))
    assert read != doc
    assert parse(read.to_xml(), strict=False) == read
