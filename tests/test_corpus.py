"""Conformance: the real TwiML in ../shared/corpus/api-snippets (Twilio's documentation
samples) parses, validates and writes back canonically equal; the few documents strict
mode refuses each break a documented rule, named here with the file."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from tests._scripts import ROOT
from twimlkit import MessagingResponse, ParseError, VoiceResponse, parse
from twimlkit._vocabulary import SPECS

# A copy of ../shared/corpus/api-snippets (MIT, see its LICENSE), so the suite runs anywhere.
CORPUS = ROOT / "tests" / "data" / "corpus" / "api-snippets"
DOCUMENTS = sorted(path for path in CORPUS.iterdir() if path.suffix in (".twiml", ".xml"))

# Elements whose text is spoken or sent: whitespace there is content. Everywhere else Twilio
# strips text and ignores whitespace between elements, so the comparison does too.
CONTENT_TAGS = frozenset(spec.tag for spec in SPECS.values() if spec.text.is_content)
# Content elements whose children are blocks (<Message>: <Body>, <Media>), not words: the
# whitespace between those children is formatting too.
BLOCK_CONTENT_TAGS = frozenset(
    spec.tag
    for spec in SPECS.values()
    if spec.text.is_content and any(SPECS[child.name].domain != "ssml" for child in spec.children)
)

SID_SHAPE = "a Twilio SID is two letters and 32 hex digits (the API reference's pattern for every SID)"
PLACEHOLDER = f"placeholder SID 'ISxxxx…': {SID_SHAPE}; Conversations Service SIDs are IS + 32 hex digits"
SHORT_SID = f"ApplicationSid 'AP1234567890abcdef1234567890abcd' has 30 hex digits: {SID_SHAPE}"
MESSAGE_IN_CALL = (
    "<Say> beside <Message>: a reply holding <Message> is Messaging TwiML, where Voice verbs are "
    "refused (Twilio error 14110); to text a caller during a call Twilio documents the REST API"
)

# File name -> (the rule it breaks, the path of the first problem, the Twilio code).
REJECTED: dict[str, tuple[str, str, int | None]] = {
    **{
        f"quickstart__{lang}__sms__example-7__send-sms-during-call.twiml": (MESSAGE_IN_CALL, "Response/Say[0]", 14110)
        for lang in ("csharp", "java", "php", "python")
    },
    **{
        f"twiml__voice__application__dial-application-{name}__dial-application-{name}.twiml": (
            SHORT_SID,
            "Response/Dial[0]/Application[0]/ApplicationSid[0]",
            None,
        )
        for name in ("basic", "copyparentto", "customerid", "parameter")
    },
    **{
        f"twiml__voice__connect__conversation__{name}.twiml": (
            PLACEHOLDER,
            "Response/Connect[0]/Conversation[0]@serviceInstanceSid",
            None,
        )
        for name in (
            "conversation-action-method__conversation-action-method",
            "conversation-action-statuscallback__conversation-action-statuscallback",
            "conversation-action__conversation-action",
            "conversation-basic__conversation-basic",
            "conversation-inboundautocreation-routingassignmenttimeout__"
            "conversation-inboundautocreation-routingassignmenttimeout",
            "conversation-inboundautocreation__conversation-inboundautocreation",
            "conversation-inboundtimeout__conversation-inboundtimeout",
            "conversation-record-recordingstatuscallback-and-event__"
            "conversation-record-recordingstatuscallbackmethodevent",
            "conversation-record-recordingstatuscallback-and-method__conversation-record-recordingstatuscallbackmethod",
            "conversation-record-recordingstatuscallback__conversation-record-recordingstatuscallback",
            "conversation-record-trim__conversation-record-trim",
            "conversation-record__conversation-record",
            "conversation-statuscallback-statuscallbackevent__conversation-statuscallback-statuscallbackevent",
            "conversation-statuscallback-statuscallbackmethod__conversation-statuscallback-statuscallbackmethod",
            "conversation-statuscallback__conversation-statuscallback",
        )
    },
}
ACCEPTED = [path for path in DOCUMENTS if path.name not in REJECTED]


def canonical(data: str | bytes) -> bytes:
    """C14N of a document with insignificant whitespace removed (see CONTENT_TAGS)."""
    raw = data.encode() if isinstance(data, str) else data
    # recover=True reads Polly's undeclared amazon: prefix; the corpus is otherwise well-formed.
    root = etree.fromstring(raw, etree.XMLParser(recover=True))
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag in BLOCK_CONTENT_TAGS and len(element):
            if not (element.text or "").strip():
                element.text = None
            for child in element:
                if not (child.tail or "").strip():
                    child.tail = None
            continue
        if element.tag in CONTENT_TAGS:
            continue
        element.text = (element.text or "").strip() or None
        for child in element:
            child.tail = (child.tail or "").strip() or None
    return etree.tostring(root, method="c14n")


def test_the_corpus_is_all_there() -> None:
    assert len(DOCUMENTS) == 194
    assert set(REJECTED) <= {path.name for path in DOCUMENTS}
    assert (len(ACCEPTED), len(REJECTED)) == (171, 23)


@pytest.mark.parametrize("path", ACCEPTED, ids=lambda path: path.name)
def test_document_reads_validates_and_writes_back(path: Path) -> None:
    data = path.read_bytes()
    doc = parse(data)
    doc.validate()
    assert canonical(doc.to_xml()) == canonical(data)
    assert canonical(doc.to_xml(pretty=True)) == canonical(data)
    assert parse(doc.to_xml()) == doc
    assert parse(doc.to_xml(pretty=True)) == doc
    assert parse(data, strict=False) == doc


@pytest.mark.parametrize("path", [CORPUS / name for name in REJECTED], ids=lambda path: path.name)
def test_rejected_document_breaks_the_named_rule(path: Path) -> None:
    rule, where, code = REJECTED[path.name]
    assert rule
    with pytest.raises(ParseError) as info:
        parse(path.read_bytes())
    (problem,) = info.value.errors
    assert problem.path == where
    assert problem.code == code
    assert problem.line is not None
    if rule in (PLACEHOLDER, SHORT_SID):
        assert "this looks like a placeholder: expected " in problem.reason, problem.reason
    # Read leniently, the same problem is a warning, and the document is kept whole.
    doc = parse(path.read_bytes(), strict=False)
    (warning,) = (w for w in doc.lint() if w.line is not None)
    assert (warning.line, warning.path, warning.code) == (problem.line, problem.path, problem.code)


def read_leniently(data: bytes) -> VoiceResponse | MessagingResponse:
    """``parse(data, strict=False)``, checked to write back canonically equal, compact and
    pretty, and to read back equal from its pretty form."""
    doc = parse(data, strict=False)
    assert canonical(doc.to_xml()) == canonical(data)
    assert canonical(doc.to_xml(pretty=True)) == canonical(data)
    assert parse(doc.to_xml(pretty=True), strict=False) == doc
    return doc


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda path: path.name)
def test_every_document_reads_leniently_and_writes_back(path: Path) -> None:
    doc = read_leniently(path.read_bytes())
    assert bool(doc.lint()) or path.name not in REJECTED


def test_only_formatting_differs_from_the_original() -> None:
    """The canonical comparison is not vacuous: changing a value is caught."""
    data = (CORPUS / "twiml__voice__number__number-1__number-1.twiml").read_bytes()
    assert canonical(parse(data).to_xml()) == canonical(data)
    assert canonical(data.replace(b"wwww1928", b"wwww1929")) != canonical(data)
    assert canonical(data.replace(b"415-123-4567", b"415-123-4568")) != canonical(data)
