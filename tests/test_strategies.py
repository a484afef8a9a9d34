"""The strategies of tests/strategies.py: valid, well-formed, and covering the whole vocabulary."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator
from random import Random
from typing import Any

import pytest
from hypothesis import Phase, find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import NoSuchExample
from hypothesis.strategies import SearchStrategy
from lxml import etree

from tests.strategies import CHILD, ELEMENTS, MAX_DEPTH, NUDGES, TEXT, documents, legal_text, nodes, values
from twimlkit import Comment, MessagingResponse, Node, VoiceResponse
from twimlkit._kinds import ChoiceList, Kind, StrList
from twimlkit._rules import RULES
from twimlkit._vocabulary import DOCUMENTS, SPECS
from twimlkit._xmlchars import first_illegal_char

# Settings for the coverage searches: the same draws every run, no shrinking (the search
# stops at the first draw that completes the coverage, and a small one is not needed).
SEARCH = settings(database=None, max_examples=1000, phases=[Phase.generate])


def walk(node: Node) -> Iterator[Node | Comment]:
    """``node`` and everything below it, comments included (text left out)."""
    yield node
    for child in node.children:
        if isinstance(child, Node):
            yield from walk(child)
        elif isinstance(child, Comment):
            yield child


def parse_leniently(data: bytes) -> etree._Element:
    """Parse with lxml, allowing only the undeclared ``amazon:`` prefix (written on purpose)."""
    parser = etree.XMLParser(recover=True, resolve_entities=False)
    root = etree.fromstring(data, parser)
    errors = [entry for entry in parser.error_log if entry.type_name != "NS_ERR_UNDEFINED_NAMESPACE"]
    assert not errors, errors
    assert root is not None
    return root


@settings(max_examples=150)
@given(documents())
def test_documents_are_valid_and_well_formed(doc: VoiceResponse | MessagingResponse) -> None:
    """Drawn documents pass validate() and lxml reads back exactly their elements and comments."""
    doc.validate()
    for data in (doc.to_bytes(), doc.to_bytes(pretty=True)):
        root = parse_leniently(data)
        assert root.tag == "Response"
        drawn = list(walk(doc))
        assert sum(1 for _ in root.iter(etree.Element)) == sum(isinstance(n, Node) for n in drawn)
        assert sum(1 for _ in root.iter(etree.Comment)) == sum(isinstance(n, Comment) for n in drawn)


def missing(strategy: SearchStrategy[Any], wanted: set[str], features: Callable[[Any], Iterable[str]]) -> set[str]:
    """What of ``wanted`` no draw of ``strategy`` shows within the search budget."""
    seen: set[str] = set()

    def complete(value: Any) -> bool:
        seen.update(features(value))
        return wanted <= seen

    with contextlib.suppress(NoSuchExample):
        find(strategy, complete, settings=SEARCH, random=Random(0))
    return wanted - seen


def features(node: Node) -> set[str]:
    """That a node was drawn at all, and the attributes, child classes and text it shows."""
    shown = {"drawn"} | {"@" + name for name in node.attributes} | {"<" + type(c).__name__ for c in node.elements}
    return shown | {"text"} if node.text else shown


def test_nodes_cover_every_attribute_child_and_text() -> None:
    """Each class is drawn, and with every attribute, every child class and text if it takes any."""
    gaps = {}
    for name, spec in SPECS.items():
        wanted = {"drawn"} | {"@" + attr.name for attr in spec.attributes} | {"<" + c.name for c in spec.children}
        wanted |= {"text"} if spec.text.allowed else set()
        # depth=1: children are drawn, their own children are not needed here.
        gap = missing(nodes(name, depth=1), wanted, features)
        if gap:
            gaps[name] = gap
    assert not gaps


def test_every_element_is_within_reach_of_documents() -> None:
    """documents() nests nodes() MAX_DEPTH levels deep, and every class is that close to a root.

    With the previous test (every parent draws every child class) this makes every class
    reachable from documents(); searching documents for the rarest ones directly is slow.
    """
    depth = {spec.name: 0 for spec in DOCUMENTS}
    frontier = list(depth)
    while frontier:
        parent = frontier.pop(0)
        for child in SPECS[parent].children:
            if child.name not in depth:
                depth[child.name] = depth[parent] + 1
                frontier.append(child.name)
    assert set(depth) == set(SPECS)
    assert max(depth.values()) <= MAX_DEPTH


def test_documents_are_voice_and_messaging_with_comments() -> None:
    """Both roots are drawn with elements in them, and comments turn up at the top and below."""
    wanted = {"VoiceResponse", "MessagingResponse", "top comment", "comment below"}
    assert not missing(documents(), wanted, document_features)


def document_features(doc: Node) -> set[str]:
    """Which root ``doc`` is (when it holds elements) and where its comments are."""
    shown = {type(doc).__name__} if doc.elements else set()
    if any(isinstance(child, Comment) for child in doc.children):
        shown.add("top comment")
    if any(isinstance(node, Comment) for child in doc.elements for node in walk(child)):
        shown.add("comment below")
    return shown


def test_nudges_match_the_rules() -> None:
    """Every element with rules has a nudge, and each nudge names what its spec has."""
    assert set(NUDGES) == set(RULES)
    for name, nudge in NUDGES.items():
        spec = SPECS[name]
        children = {child.name for child in spec.children}
        for need in nudge.needs:
            named_child = need.startswith(CHILD) and need.removeprefix(CHILD) in children
            assert need in (TEXT, ELEMENTS) or named_child or spec.attribute(need) is not None, (name, need)
        assert nudge.bare_children <= children
        assert nudge.text_excluding <= children


def vocabulary_kinds() -> dict[str, Kind]:
    """Every distinct kind of the vocabulary (attributes and element text), by a readable id."""
    found: dict[Kind, str] = {}
    for spec in SPECS.values():
        if spec.text_kind is not None:
            found.setdefault(spec.text_kind, f"{spec.name}-text")
        for attr in spec.attributes:
            found.setdefault(attr.kind, f"{spec.name}@{attr.xml}")
    return {label: kind for kind, label in found.items()}


KINDS = vocabulary_kinds()


@pytest.mark.parametrize("kind", KINDS.values(), ids=KINDS.keys())
@settings(max_examples=25)
@given(data=st.data())
def test_values_round_trip_through_their_kind(kind: Kind, data: st.DataObject) -> None:
    """values(kind) draws what the kind accepts, and its XML text reads back as the kept value."""
    value = data.draw(values(kind))
    kept, text = kind.to_xml(value)
    assert first_illegal_char(text) is None
    assert kind.from_xml(text) == kept
    assert kind.to_xml(kept) == (kept, text)
    if isinstance(kind, ChoiceList):
        assert type(kept) is tuple
    if isinstance(kind, StrList):
        assert type(kept) is str


@given(legal_text(max_size=50))
def test_legal_text_is_legal(text: str) -> None:
    """The text alphabet holds only characters XML 1.0 can carry."""
    assert first_illegal_char(text) is None
