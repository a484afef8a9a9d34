"""One property over the whole vocabulary: any valid tree survives every way out and back
(written and read, repr, pickle), agrees with Twilio's helper canonically, and every tree
equal to it writes exactly its bytes.

The examples are drawn from ``tests.strategies.documents`` (every element, attribute and
kind of text; ``tests/test_strategies.py`` checks the coverage), with the fixed seed of the
"fixed" hypothesis profile (``conftest.py``), so CI draws the same ones every run.
"""

from __future__ import annotations

import pickle

from hypothesis import HealthCheck, assume, given, settings
from lxml import etree
from twilio.twiml import GenericNode

import twimlkit
from tests.strategies import documents
from tests.test_parse import as_read
from twimlkit import Comment, MessagingResponse, Node, VoiceResponse, parse

NAMESPACE = {**vars(twimlkit), **vars(twimlkit.ssml)}
# Polly's amazon: prefix is written undeclared (as Polly's documentation does); declared
# here so that lxml reads both sides the same way.
AMAZON = '<Response xmlns:amazon="urn:twimlkit:amazon-polly"'


def helper_tree(node: Node) -> GenericNode:
    """The same tree in Twilio's helper: generic nodes with the XML names and values."""
    made = GenericNode(node.tag, None)
    made.attrs = dict(node.xml_attributes)
    texts: list[str] = []
    for child in node.children:
        if isinstance(child, str):
            texts.append(child)
            continue
        if isinstance(child, Comment):  # the helper writes no comments; C14N below drops them
            continue
        if texts:
            made.nest("".join(texts))
            texts = []
        made.nest(helper_tree(child))
    if texts:
        made.nest("".join(texts))
    return made


def canonical(xml: str) -> bytes:
    root = etree.fromstring(xml.replace("<Response", AMAZON, 1).encode())
    return etree.tostring(root, method="c14n2", with_comments=False)


def every_text(node: Node) -> list[str]:
    return [child for item in node.iter() for child in item.children if isinstance(child, str)]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_any_tree_round_trips_and_agrees_with_twilios_helper(doc: VoiceResponse | MessagingResponse) -> None:
    written = doc.to_bytes()

    read = parse(written)
    assert read == as_read(doc)
    assert parse(doc.to_xml(pretty=True)) == as_read(doc)
    again = eval(repr(doc), NAMESPACE)  # the repr is Python that builds the tree
    unpickled = pickle.loads(pickle.dumps(doc))
    keywords_reversed = {
        id(node): type(node)(*node.children, **dict(reversed(node.attributes.items())))
        for node in doc.iter()
        if not isinstance(node, twimlkit.Element)
    }

    # == means the same bytes, for every tree equal to it however it was made.
    for equal in (again, unpickled, keywords_reversed[id(doc)], read if read == doc else doc):
        assert equal == doc
        assert hash(equal) == hash(doc)
        assert equal.to_bytes() == written
        assert repr(equal) == repr(doc)
    for node in doc.iter():
        if id(node) in keywords_reversed:
            assert keywords_reversed[id(node)].to_xml() == node.to_xml()

    # Twilio's helper writes a carriage return in text as it is, which XML reads back as a
    # line feed (twimlkit writes &#13;): only there would the two differ.
    assume(not any("\r" in text for text in every_text(doc)))
    theirs = helper_tree(doc).to_xml()
    assert canonical(doc.to_xml()) == canonical(theirs)


def test_the_helper_tree_is_a_faithful_copy() -> None:
    # The comparison above is only as good as this conversion: a known document both ways.
    doc = MessagingResponse(twimlkit.Message("Hi ", Comment("c"), "there", to="+15558675310"))
    assert (
        helper_tree(doc).to_xml(xml_declaration=False)
        == '<Response><Message to="+15558675310">Hi there</Message></Response>'
    )
