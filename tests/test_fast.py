"""The reader's fast path makes exactly the tree the full reader makes, or gives up.

Every comparison is in every respect: classes, children (text, comments, nodes), attribute
dicts item by item in their written order, with value types, the written XML and the unchecked
flag. The documents are the corpus, drawn documents (compact and pretty) and mutations of
them that the fast path must either read the same or leave to the full reader.
"""

from __future__ import annotations

import copy
import re
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from tests.strategies import documents, legal_text
from tests.test_corpus import DOCUMENTS
from twimlkit import Comment, MessagingResponse, Node, ParseError, Problem, VoiceResponse, _fast, parse
from twimlkit import _parse as parse_module

_AMAZON_DECLARATION = b' xmlns:amazon="urn:twimlkit:amazon-polly"'


def shape(value: object) -> Any:
    """Everything about a tree that two readers must agree on, as plain data."""
    if isinstance(value, Node):
        return (
            type(value),
            value.tag,
            [(key, type(item), item) for key, item in value.attributes.items()],
            value._xml,
            value._unchecked,
            [shape(child) for child in value.children],
        )
    assert type(value) is str or type(value) is Comment, type(value)
    return (type(value), value)


def full(data: bytes | str, strict: bool) -> Any:
    try:
        return parse_module._parse_full(data, strict=strict)
    except ParseError as error:
        return error


def check(data: bytes) -> bool:
    """The fast path gives up on ``data`` or agrees with the full reader, and ``parse`` returns
    what the full reader returns for str and bytes, strict and lenient; True if it read it."""
    try:
        root = parse_module._root(parse_module._as_bytes(data))
    except ParseError:
        return False
    fast = _fast.read(root) if b"xmlns" not in data else None
    for strict in (True, False):
        expected = full(data, strict)
        if fast is not None:
            assert not isinstance(expected, ParseError), expected
            assert shape(fast) == shape(expected)
        for source in (data, data.decode("utf-8")):
            try:
                got: Any = parse(source, strict=strict)
            except ParseError as error:
                got = error
            if isinstance(expected, ParseError):
                assert isinstance(got, ParseError)
                assert got.errors == expected.errors
                assert str(got) == str(expected)
                assert got.errors == placed_by_scanning(source, strict)
            else:
                assert shape(got) == shape(expected)
    return fast is not None


def never(_data: bytes) -> bool:
    return False


def placed_by_scanning(source: bytes | str, strict: bool) -> tuple[Problem, ...]:
    """The problems as placed with every path from one walk and every line from a scan of
    the source (what parse does for many problems, or start tags over several lines)."""
    with mock.patch.object(parse_module, "_FEW", -1), mock.patch.object(parse_module, "_tags_on_one_line", never):
        try:
            parse_module._parse_full(source, strict=strict)
        except ParseError as error:
            return error.errors
    raise AssertionError("the document was refused, and is not now")


def written(root: etree._Element) -> bytes:
    """The lxml tree as a document, Polly's amazon: prefix left undeclared as TwiML writes it."""
    return etree.tostring(root).replace(_AMAZON_DECLARATION, b"")


def test_the_fast_path_reads_every_accepted_corpus_document() -> None:
    read = 0
    for path in DOCUMENTS:
        data = path.read_bytes()
        if check(data):
            read += 1
        elif not isinstance(full(data, True), ParseError):
            raise AssertionError(f"the fast path gave up on {path.name}, which is valid")
    assert read == 171


@settings(max_examples=300, deadline=None)
@given(documents())
def test_drawn_documents_read_the_same(doc: VoiceResponse | MessagingResponse) -> None:
    for data in (doc.to_bytes(), doc.to_xml(pretty=True).encode()):
        # Bytes that name "xmlns" anywhere (text included) take the full reader, by design.
        assert check(data) or b"xmlns" in data


# -- mutations -------------------------------------------------------------------------------

ODD_VALUES = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            "true",
            "TRUE",
            " true ",
            "false",
            "0",
            "-1",
            "+5",
            " 5 ",
            "1.0",
            "1e3",
            "1_0",
            "\u0661\u0662",
            "nan",
            "inf",
            "POST",
            "post",
            " Get ",
            "dtmf speech",
            "speech  dtmf",
            "dtmf dtmf",
            "a,b, c",
            "https://example.com/a b",
            "Polly.Joanna",
            "alice",
            "en-US",
            "x" * 600,
            "AC" + "0" * 32,
            "&<>\"'",
            "\t\n",
        ]
    ),
    legal_text(),
)
NAMES = st.sampled_from(
    ["voice", "Voice", "foo", "url", "method", "loop", "{http://www.w3.org/XML/1998/namespace}lang"]
)


def _elements(root: etree._Element) -> list[etree._Element]:
    return [element for element in root.iter() if isinstance(element.tag, str)]


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    """A drawn document, written compact or pretty, with one to three changes."""
    doc = draw(documents())
    text = doc.to_xml(pretty=draw(st.booleans()), xml_declaration=draw(st.booleans()))
    root = parse_module._read_xml(text.encode())
    for _ in range(draw(st.integers(1, 3))):
        elements = _elements(root)
        element = draw(st.sampled_from(elements))
        change = draw(
            st.sampled_from(
                [
                    "value",
                    "case",
                    "attribute",
                    "move",
                    "copy",
                    "whitespace",
                    "text",
                    "comment",
                    "newline in a start tag",
                ]
            )
        )
        if change == "value" and element.keys():
            element.set(draw(st.sampled_from(element.keys())), draw(ODD_VALUES))
        elif change == "case":
            if element.keys() and draw(st.booleans()):
                key = draw(st.sampled_from(element.keys()))
                value = element.get(key)
                del element.attrib[key]
                element.set(key[0].swapcase() + key[1:] if key[0] != "{" else key, value)
            elif element.getparent() is not None and element.tag[0] != "{":
                element.tag = element.tag.swapcase()
        elif change == "attribute":
            element.set(draw(NAMES), draw(ODD_VALUES))
        elif change in ("move", "copy") and element.getparent() is not None:
            target = draw(st.sampled_from(elements))
            if element not in target.iterancestors() and target is not element:
                moving = copy.deepcopy(element) if change == "copy" else element
                target.insert(draw(st.integers(0, len(target))), moving)
        elif change == "whitespace":
            space = draw(st.sampled_from([" ", "\n", "\n  ", "\t", "\r\n", "\u00a0"]))
            if draw(st.booleans()):
                element.text = (element.text or "") + space if draw(st.booleans()) else space + (element.text or "")
            elif element.getparent() is not None:
                element.tail = (element.tail or "") + space
        elif change == "text":
            element.text = draw(st.one_of(ODD_VALUES, st.none()))
        elif change == "newline in a start tag":
            key = draw(st.sampled_from(element.keys())) if element.keys() else None
            if key is not None:
                # Marked here, written as a line break inside the start tag below.
                element.set(key, element.get(key) + "\u2063")
        elif change == "comment":
            comment = etree.Comment(draw(st.sampled_from(["", " note ", "x"])))
            element.insert(draw(st.integers(0, len(element))), comment)
    data = written(root).replace(b'&#8291;"', b'"\n   ')
    if draw(st.integers(0, 3)) == 0:
        # Every start tag over several lines, one attribute a line.
        data = re.sub(rb'" (?=[\w:{}-]+=")', b'"\n    ', data)
    return data


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_documents_read_the_same_or_are_left_to_the_full_reader(data: bytes) -> None:
    check(data)


def test_lines_of_start_tags_over_several_lines_with_a_quoted_greater_than() -> None:
    """A ">" inside a quoted value does not end the tag: the lines still come from the source."""
    data = b'<Response>\n<Play digits="1>"\n   loop="x">a</Play></Response>'
    errors = full(data, True).errors
    assert [(problem.line, problem.path) for problem in errors] == [
        (2, "Response/Play[0]@digits"),
        (3, "Response/Play[0]@loop"),
    ]
    assert errors == placed_by_scanning(data, True)
    assert check(data) is False


@pytest.mark.parametrize(
    ("data", "one_line"),
    [
        (b'<Response>\n  <Say voice="alice">Hi</Say>\n  <Hangup/>\n</Response>', True),
        (b"<?xml version='1.0'?>\n<Response><Play loop='2'>a.mp3</Play></Response>", True),
        (b'<Response>\n<Say\n voice="alice">Hi</Say></Response>', False),
        (b'<Response><Gather hints="a > b"\n timeout="5"/></Response>', False),
        (b'<Response><Say voice="al\nice">Hi</Say></Response>', False),
        (b"<Response><Say voice='it\"s'\n>Hi</Say></Response>", False),
        (b'<Response><Say voice="it\'s">Hi</Say>\n</Response>', True),
    ],
)
def test_start_tags_on_one_line_are_told_apart(data: bytes, one_line: bool) -> None:
    assert parse_module._tags_on_one_line(data) is one_line


def _str_kinds() -> list[Any]:
    """Every string kind of the vocabulary (attributes and element text), once each."""
    from twimlkit._kinds import Str
    from twimlkit._vocabulary import SPECS

    kinds = [attr.kind for spec in SPECS.values() for attr in spec.attributes]
    kinds += [spec.text_kind for spec in SPECS.values() if spec.text_kind is not None]
    unique: list[Any] = []
    for kind in kinds:
        if isinstance(kind, Str) and kind not in unique:
            unique.append(kind)
    return unique


STR_KINDS = _str_kinds()


@st.composite
def kind_and_text(draw: st.DrawFn) -> tuple[Any, str]:
    from tests.strategies import values

    kind = draw(st.sampled_from(STR_KINDS))
    text = draw(st.one_of(values(kind), legal_text(), legal_text(max_size=300)))
    assert isinstance(text, str)
    return kind, text


@settings(max_examples=1000, deadline=None)
@given(kind_and_text())
def test_each_string_kind_reads_xml_text_as_its_constructor_checks_it(drawn: tuple[Any, str]) -> None:
    """``Str.bounds``, all the fast path checks of text from XML (which holds only
    characters XML allows), passes exactly the texts ``to_xml`` takes, as they are."""
    from twimlkit._kinds import Invalid

    kind, text = drawn
    low, high, fullmatch = kind.bounds()
    passes = low <= len(text) <= high and (fullmatch is None or fullmatch(text) is not None)
    try:
        kept, written = kind.to_xml(text)
    except Invalid:
        assert not passes
    else:
        assert passes
        assert kept == text == written


def test_the_string_kinds_are_all_checked() -> None:
    assert len(STR_KINDS) > 40


@pytest.mark.parametrize(
    ("template", "limit"),
    [
        ('<Response><Say voice="Google.en-US-Neural2-A">{}</Say></Response>', 5000),
        ("<Response><Message>{}</Message></Response>", 1600),
        ("<Response><Message><Body>{}</Body></Message></Response>", 1600),
    ],
)
def test_content_text_is_read_up_to_its_length_limit_and_no_further(template: str, limit: int) -> None:
    """Content text's one check in the fast path is its length."""
    text = ('Hello & <welcome> "caller"\r\n\t\u00e9\U0001f600 ' * 200)[:limit]
    written = text.replace("&", "&amp;").replace("<", "&lt;").replace("\r", "&#13;")
    data = template.format(written).encode()
    assert check(data)
    assert parse(data).children[0].text in (text, "")
    assert parse(data) == parse(parse(data).to_xml())
    longer = template.format(written + "x").encode()
    assert not check(longer)
    with pytest.raises(ParseError, match=f"at most {limit}"):
        parse(longer)


@settings(max_examples=500, deadline=None)
@given(legal_text(max_size=40))
def test_every_comment_xml_reads_is_one_comment_takes(text: str) -> None:
    """The fast path builds comments without Comment's checks: XML refuses every comment
    they would refuse, so a comment lxml reads is always one the constructor takes."""
    data = ("<Response><!--" + text + "--><Hangup/></Response>").encode()
    try:
        root = etree.fromstring(data, parse_module._parser())
    except etree.XMLSyntaxError:
        return
    read = root[0].text or ""
    assert Comment(read) == parse(data).children[0]
    assert check(data) or b"xmlns" in data or b"<!DOCTYPE" in data  # those go the full way


INTEGER_TEXTS = [
    "0",
    "1",
    "5",
    "007",
    "600",
    "601",
    "4",
    "99999",
    "+5",
    "-1",
    " 5 ",
    "5 ",
    "1_0",
    "\u0661",
    "5" * 30,
    "5" * 31,
]


@pytest.mark.parametrize("text", INTEGER_TEXTS)
def test_integer_texts_are_learned_as_the_integer_kind_reads_them(text: str) -> None:
    """The quick reading of plain digits for an integer attribute gives what the kind's own
    reading gives, refusals included, for every integer attribute of the vocabulary."""
    from twimlkit._node import _piece

    learned = 0
    for entry in _fast._ENTRIES.values():
        for key in entry.ints:
            quick = _fast._learn(entry, key, text)
            with mock.patch.object(entry, "ints", {}):
                slow = _fast._learn(entry, key, text)
            assert bool(quick) == bool(slow), (entry.cls.__name__, key, text)
            if slow:
                keyword, value, piece, alone = quick  # type: ignore[misc]
                assert (keyword, type(value), value) == (slow[0], type(slow[1]), slow[1])  # type: ignore[index]
                assert alone == slow[3]  # type: ignore[index]
                assert (piece or _piece(entry.spec, entry.table, keyword, value)) == slow[2]  # type: ignore[index]
                learned += 1
            else:
                assert (quick.reason, quick.code) == (slow.reason, slow.code)  # type: ignore[union-attr]
    if text.isascii() and text.isdigit() and int(text) <= 600:
        assert learned  # such as timeout="600"
