"""One depth bound for building and reading, every walk working at it, and memory in
proportion to the document: a tree keeps its XML once, at the root, not once per level."""

from __future__ import annotations

import contextlib
import copy
import gc
import pickle
import subprocess
import sys
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

import twimlkit
from tests.test_corpus import DOCUMENTS as SNIPPETS
from tests.test_corpus_wild import DOCUMENTS as WILD
from twimlkit import Element, Node, ParseError, Say, ValidationError, VoiceResponse, parse
from twimlkit._node import MAX_DEPTH
from twimlkit._python import python_source
from twimlkit.ssml import Emphasis, Prosody

DEPTH_CODE = 12100


def chain(levels: int, *, fill: str = "x", tag: str = "emphasis") -> str:
    """A strictly valid document ``levels`` elements deep: Response, Say, then SSML."""
    inner = levels - 2
    return f"<Response><Say>{f'<{tag}>' * inner}{fill}{f'</{tag}>' * inner}</Say></Response>"


def build(source: str) -> Node:
    """What ``twimlkit to-python`` writes for ``source``, run."""
    namespace: dict[str, object] = {}
    exec(python_source(parse(source, strict=False)), namespace)
    built = namespace["response"]
    assert isinstance(built, Node)
    return built


class TestOneBound:
    def test_reading_takes_the_bound_and_no_more(self) -> None:
        assert len(list(parse(chain(MAX_DEPTH)).iter())) == MAX_DEPTH
        with pytest.raises(ParseError, match=f"deeper than {MAX_DEPTH} levels"):
            parse(chain(MAX_DEPTH + 1))

    def test_building_takes_the_bound_and_no_more(self) -> None:
        deepest = build(chain(MAX_DEPTH))
        say = deepest.children[0]
        assert isinstance(say, Say)
        with pytest.raises(ValidationError, match=f"more than {MAX_DEPTH} levels") as caught:
            VoiceResponse(Say(Emphasis(say.children[0])))
        assert caught.value.code == DEPTH_CODE

    def test_elements_have_the_same_bound(self) -> None:
        node: Element | str = "x"
        for _ in range(MAX_DEPTH):
            node = Element("Deep", node)
        with pytest.raises(ValidationError, match=f"more than {MAX_DEPTH} levels"):
            Element("Deep", node)

    def test_a_tree_read_then_built_on_is_measured(self) -> None:
        read = parse(chain(MAX_DEPTH - 1))
        say = read.children[0]
        assert isinstance(say, Say)
        assert VoiceResponse(say) == read
        with pytest.raises(ValidationError, match="levels"):
            VoiceResponse(Say(Emphasis(Emphasis(say.children[0]))))


AT_THE_BOUND = chain(MAX_DEPTH)
DEEP_ELEMENTS = "<Response>" + "<Deep>" * (MAX_DEPTH - 1) + "x" + "</Deep>" * (MAX_DEPTH - 1) + "</Response>"
DEEP_ELEMENTS_IN_SAY = (
    "<Response><Say>" + "<Deep>" * (MAX_DEPTH - 2) + "x" + "</Deep>" * (MAX_DEPTH - 2) + "</Say></Response>"
)


@pytest.mark.parametrize(
    "make",
    [
        lambda: parse(AT_THE_BOUND),
        lambda: build(AT_THE_BOUND),
        lambda: parse(DEEP_ELEMENTS, strict=False),
        lambda: build(DEEP_ELEMENTS_IN_SAY),
    ],
    ids=["read", "built", "elements read leniently", "elements built"],
)
class TestEveryWalkAtTheBound:
    def test_written_compact_and_pretty(self, make: Callable[[], Node]) -> None:
        doc = make()
        assert parse(doc.to_xml(), strict=False) == doc
        try:
            pretty: str | None = doc.to_xml(pretty=True)
        except ValidationError as error:  # indentation took it over Twilio's 64 kB
            assert "Twilio accepts at most 65,536" in str(error)  # noqa: PT017
            pretty = None
        if pretty is not None:
            assert parse(pretty, strict=False) == doc

    def test_repr(self, make: Callable[[], Node]) -> None:
        text = repr(make())
        assert text.startswith("VoiceResponse(")
        assert text.count("(") == text.count(")") >= MAX_DEPTH

    def test_pickle_and_copies(self, make: Callable[[], Node]) -> None:
        doc = make()
        again = pickle.loads(pickle.dumps(doc))
        assert again == doc
        assert again.to_xml() == doc.to_xml()
        assert copy.deepcopy(doc) is doc
        assert copy.copy(doc) is doc

    def test_hash_and_equality(self, make: Callable[[], Node]) -> None:
        assert make() == make()
        assert hash(make()) == hash(make())

    def test_validate_and_lint(self, make: Callable[[], Node]) -> None:
        doc = make()
        assert isinstance(doc, twimlkit.Document)
        doc.validate()
        assert all(warning.rule != "error" for warning in doc.lint())

    def test_navigation(self, make: Callable[[], Node]) -> None:
        assert len(list(make().iter())) == MAX_DEPTH

    def test_to_python(self, make: Callable[[], Node], tmp_path: Path) -> None:
        source = tmp_path / "deep.xml"
        source.write_text(make().to_xml(), encoding="utf-8")
        run = subprocess.run(
            [sys.executable, "-m", "twimlkit", "to-python", "--lenient", str(source)],
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
        assert run.returncode == 0, run.stderr
        namespace: dict[str, object] = {}
        exec(run.stdout, namespace)
        assert namespace["response"] == make()


def test_pickles_grow_with_the_document_not_its_depth() -> None:
    deep = parse(AT_THE_BOUND)
    assert len(pickle.dumps(deep)) < 20 * len(AT_THE_BOUND)


# -- memory -------------------------------------------------------------------------------

#: Retained memory per byte of TwiML, for any document: its nodes, attributes, text and XML.
RATIO = 10
#: What one document holds whatever its size (the Document object, its XML, and when read
#: leniently its warnings): a 30-byte <Response> costs more than 300 bytes.
CONSTANT = 1024


def retained(make: Callable[[], Node]) -> int:
    """Bytes a tree keeps once made and written (compact and pretty), its remembered checks
    warm: what freeing the tree would give back. The least of two tries, so that what the
    interpreter keeps for itself once (a larger frame stack) is not counted."""
    make()
    return min(_retained_once(make), _retained_once(make))


def _retained_once(make: Callable[[], Node]) -> int:
    # Trees hold no cycles; what reading leaves for the collector (an exception and its
    # frames) is young: collecting the young generations is enough, and a full collection
    # in a test process holding many objects would take most of the time.
    gc.collect(1)
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        tree = make()
        tree.to_xml()
        with contextlib.suppress(ValidationError):  # pretty over the 64 kB bound
            tree.to_xml(pretty=True)
        gc.collect(1)
        after = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert tree is not None
    return after - before


def readable(path: Path, strict: bool) -> bool:
    try:
        parse(path.read_bytes(), strict=strict)
    except (ParseError, ValidationError):
        return False
    return True


def test_every_corpus_document_within_the_bound() -> None:
    over = []
    for path in [*SNIPPETS, *WILD]:
        data = path.read_bytes()
        for strict in (True, False):
            if readable(path, strict):
                size = retained(lambda data=data, strict=strict: parse(data, strict=strict))  # type: ignore[misc]
                if size > RATIO * len(data) + CONSTANT:
                    over.append((path.name, strict, len(data), size))
    assert not over


def _prosody(levels: int, fill: str = "x") -> str:
    return chain(levels, fill=fill, tag="prosody rate='slow'").replace("</prosody rate='slow'>", "</prosody>")


SHAPES: dict[str, Callable[[int], str]] = {
    "bare": chain,
    "with an attribute": _prosody,
    # The breaks are one level below the innermost prosody.
    "with 50 kB of breaks": lambda levels: _prosody(min(levels, MAX_DEPTH - 1), "<break/>" * 6250),
    "with 4 kB of words": lambda levels: chain(levels, fill="word " * 800),
    "with 1,000 breaks": lambda levels: _prosody(min(levels, MAX_DEPTH - 1), "<break/>" * 1000),
}


@pytest.mark.parametrize("levels", [3, 10, 50, 100, 200, MAX_DEPTH])
@pytest.mark.parametrize("shape", list(SHAPES))
def test_a_document_read_costs_memory_in_proportion(levels: int, shape: str) -> None:
    text = SHAPES[shape](levels)
    assert retained(lambda: parse(text)) <= RATIO * len(text.encode()) + CONSTANT


@pytest.mark.parametrize("shape", [name for name in SHAPES if "breaks" not in name] + ["with 1,000 breaks"])
def test_a_tree_built_costs_memory_in_proportion_at_any_depth(shape: str) -> None:
    # A built tree holds one object per element its program made (1,000 Break() calls are
    # 1,000 nodes of 64 bytes for 8 bytes of XML each); what depth adds is its own elements,
    # not a copy of the XML below each level.
    shallow, deep = SHAPES[shape](10), SHAPES[shape](MAX_DEPTH)
    kept_deep = retained(lambda: build(deep))
    assert kept_deep - retained(lambda: build(shallow)) <= RATIO * (len(deep) - len(shallow)) + CONSTANT
    assert kept_deep <= RATIO * len(deep) + CONSTANT


def test_a_built_tree_keeps_its_xml_once() -> None:
    inner: Prosody | str = "x" * 200
    for _ in range(200):
        inner = Prosody(inner, rate="slow")
    make = lambda: VoiceResponse(Say(inner))  # noqa: E731
    size = len(make().to_bytes())
    # Before, each level kept the XML of all below it: 200 levels, 100 times the document.
    assert retained(make) <= RATIO * size + CONSTANT


def test_a_node_inside_another_still_writes_itself() -> None:
    say = Say("Hello", Emphasis("there"), voice="alice")
    first = VoiceResponse(say)
    second = VoiceResponse(say, say)
    assert say.to_xml() == '<Say voice="alice">Hello<emphasis>there</emphasis></Say>'
    assert first.to_xml().endswith(f"<Response>{say.to_xml()}</Response>")
    assert second.to_xml().endswith(f"<Response>{say.to_xml() * 2}</Response>")


def test_nodes_read_with_the_same_one_attribute_share_its_dict() -> None:
    # The text is first read beside another attribute, then alone twice: one dict for both.
    doc = parse(
        '<Response><Dial timeout="17" record="true">+15551234567</Dial>'
        '<Dial timeout="17">+15551234567</Dial><Dial timeout="17">+15557654321</Dial></Response>'
    )
    first, second, third = doc.children
    assert second._attrs is third._attrs
    assert first._attrs is not second._attrs
    assert dict(second._attrs) == {"timeout": 17} == {"timeout": first._attrs["timeout"]}


#: Flat documents of thousands of tiny distinct elements hold one node each and its own
#: text: a 64-byte object and a str of at least 50 bytes for 9 to 20 bytes of TwiML. No
#: tree of Python objects holds them within RATIO (lxml's own C tree takes 17 to 26 times
#: their size); what stays true is that their cost grows linearly, at most this much.
FLAT_RATIO = 15

FLAT: dict[str, str] = {
    "3,000 <Play digits>": "<Response>" + "".join(f'<Play digits="{i}"/>' for i in range(3000)) + "</Response>",
    "3,000 <Say>": "<Response>" + "".join(f"<Say>{i}</Say>" for i in range(3000)) + "</Response>",
    "3,000 <Say> on lines": "<Response>\n" + "".join(f"<Say>{i}</Say>\n" for i in range(3000)) + "</Response>",
    "1,000 <w> in one <Say>": "<Response><Say>" + "".join(f"<w>{i}</w>" for i in range(1000)) + "</Say></Response>",
}


@pytest.mark.parametrize("name", list(FLAT))
def test_flat_documents_of_tiny_elements_cost_memory_linearly(name: str) -> None:
    text = FLAT[name]
    assert retained(lambda: parse(text)) <= FLAT_RATIO * len(text) + CONSTANT


def test_a_document_read_keeps_no_second_copy_as_bytes() -> None:
    text = FLAT["3,000 <Play digits>"]
    doc = parse(text)
    assert doc.to_bytes() == doc.to_xml().encode()
    assert doc.to_bytes() is not doc.to_bytes()  # encoded when asked, not kept beside the text


def test_warnings_of_one_mistake_share_their_reason_text() -> None:
    doc = parse("<Response>" + '<Unknown a="1"/>' * 3 + "</Response>", strict=False)
    messages = [warning.message for warning in doc.lint() if "Unknown" in warning.message]
    assert len(messages) == 3
    assert messages[0] is messages[1] is messages[2]
