"""Reading TwiML: text or bytes back into the same typed trees the constructors build.

lxml parses (no DTD, no entities, no network, bounded depth and size); each element is
then looked up in the vocabulary under its parent and built with its class, so a parsed
tree passes exactly the checks a constructed one does. The fast path (``_fast``) tries
that first with no bookkeeping; when it gives up, the reader here goes over the document
again, reads what is fine the fast way and the rest the slow way, and collects every
problem with its line and element path, then raises ``ParseError`` (strict) or keeps what
fails as written with a warning for each problem (lenient).
"""

from __future__ import annotations

import bisect
import itertools
import re
import threading
from typing import Any, Final, NamedTuple

from lxml import etree

from . import _elements, _fast
from ._document import _DECLARATION_BYTES, MAX_DOCUMENT_BYTES, MIXED_CODE, TOO_BIG_CODE, Document, LintWarning
from ._kinds import Invalid, Str, StrList, _show
from ._node import MAX_DEPTH, Comment, Element, Node
from ._spec import ElementSpec
from ._vocabulary import MESSAGING_RESPONSE, SPECS, VOICE_RESPONSE
from .exceptions import ParseError, Problem, ValidationError

__all__ = ["element_lines", "parse", "salvage"]

#: Twilio cannot parse the document (12100), its root is not <Response> (12102), or it
#: holds an element or attribute that is not TwiML (schema warning 12200).
PARSE_FAILURE: Final = 12100
ROOT_NOT_RESPONSE: Final = 12102
NOT_IN_SCHEMA: Final = 12200
#: The lint rules of what lenient reading keeps unvalidated: not TwiML (an unknown element
#: or attribute), a known element where it may not stand, and any other broken rule.
NOT_TWIML: Final = "not-twiml"
MISPLACED: Final = "misplaced"
INVALID: Final = "invalid"

_XML_NAMESPACE: Final = "{http://www.w3.org/XML/1998/namespace}"
# The namespace Polly's undeclared amazon: prefix is read in (internal: never written).
_AMAZON_URI: Final = "urn:twimlkit:amazon-polly"
_AMAZON_NAMESPACE: Final = "{" + _AMAZON_URI + "}"
_DECLARATION: Final = b' xmlns:amazon="' + _AMAZON_URI.encode() + b'"'
_ROOT_NAME: Final = re.compile(rb"<[^\s/>!?]+")
_NEWLINE: Final = re.compile(rb"\n")
# Markup in document order: what holds no start tag, or a start tag's name.
_MARKUP: Final = re.compile(rb"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<!DOCTYPE|<(?P<tag>[^\s/>!?]+)", re.DOTALL)
_START_TAG: Final = re.compile(rb"""<[^\s/>]+(?P<attributes>(?:[^>"']|"[^"]*"|'[^']*')*)>""")
_ATTRIBUTE: Final = re.compile(rb"""(?P<name>[^\s=/>]+)\s*=\s*(?:"[^"]*"|'[^']*')""")
_BOM: Final = b"\xef\xbb\xbf"
# libxml2 repeats the line in its messages; ParseError carries it already.
_LINE_IN_MESSAGE: Final = re.compile(r", line \d+, column (\d+)$")

# The classes of the vocabulary, by class name.
_CLASSES: Final[dict[str, type[Node]]] = {name: getattr(_elements, name) for name in SPECS}
# Every tag the vocabulary knows, with the specs that carry it (for "wrong place" errors).
_KNOWN_TAGS: Final[dict[str, list[ElementSpec]]] = {}
for _spec in SPECS.values():
    _KNOWN_TAGS.setdefault(_spec.tag, []).append(_spec)

_new = object.__new__
_local = threading.local()
_fromstring = etree.fromstring
_document = _fast.document


def _parser() -> etree.XMLParser:
    """This thread's lxml parser (lxml parsers are not shared between threads).

    It resolves no entities, loads no DTD and touches no network. (``collect_ids`` is
    left alone on purpose: turning it off makes libxml2 open a DOCTYPE's external file.)
    Made with it: the parser ``parse`` takes for bytes without a DOCTYPE, which collects
    no IDs (TwiML has none), a twentieth quicker.
    """
    parser: etree.XMLParser | None = getattr(_local, "parser", None)
    if parser is None:
        options: dict[str, bool | str] = {
            "resolve_entities": False,
            "no_network": True,
            "load_dtd": False,
            "dtd_validation": False,
            "huge_tree": False,
            "remove_blank_text": False,
            "remove_comments": False,
            "remove_pis": False,
            "strip_cdata": True,
            "encoding": "utf-8",
        }
        parser = etree.XMLParser(**options)  # type: ignore[arg-type]
        _local.without_doctype = etree.XMLParser(**options, collect_ids=False)  # type: ignore[arg-type]
        _local.parser = parser
    return parser


def parse(source: str | bytes, *, strict: bool = True) -> _elements.VoiceResponse | _elements.MessagingResponse:
    r"""Read a TwiML document into a tree: a ``MessagingResponse`` when ``<Response>`` holds
    a ``<Message>``, a ``VoiceResponse`` otherwise.

    ``strict`` (the default) refuses whatever breaks a rule: an unknown element or
    attribute, a value outside its set, an element where it may not stand, missing text.
    ``strict=False`` reads TwiML the way Twilio does, which logs most problems as warnings
    and runs the call: each such element is kept exactly as written, an unvalidated
    ``Element`` (its typed children stay typed), and each problem is a ``LintWarning``
    with its line, path and Twilio code, listed first by ``doc.lint()``. Then only
    malformed XML, a DTD or entities, a document over 64 kB and a root other than
    ``<Response>`` raise. Nothing in the input is dropped, except comments outside
    ``<Response>``, the XML declaration, and (leniently, with a warning) processing
    instructions before, inside or after ``<Response>`` (strict reading refuses them),
    namespace declarations and elements named in a namespace. Lenient warnings include
    every problem strict reading reports, and may hold more: an element strict reading
    refuses cannot be built, so the checks its parent makes of it (a
    cap, text mixed with elements) are made only when it stands as written.

    Whitespace-only text between elements is formatting and is dropped; text of elements
    that speak or send it (``Say``, ``Message``, SSML) is kept exactly; the text of value
    elements (``Number``, ``Queue``, ``Redirect``, ...) is stripped, as Twilio strips it.
    So ``parse(doc.to_xml()) == doc`` for every valid tree of typed nodes, with one
    exception the XML cannot tell apart: a ``MessagingResponse`` without a ``<Message>``
    reads back as a ``VoiceResponse`` with the same children. A tree with ``Element``
    nodes reads back with ``strict=False`` only, and as XML has it: their attribute
    values as the text written (``flag=True`` as ``'true'``, ``n=5`` as ``'5'``), and
    whitespace-only text beside their child elements dropped as formatting.

    Raises ``ParseError`` listing every problem found (``.errors``), each with its line,
    path (``Response/Dial[0]@timeout``), reason and Twilio code.

        >>> from twimlkit import ParseError, parse
        >>> parse('<Response><Dial hangupOnStar="true"><Queue>radio</Queue></Dial></Response>')
        VoiceResponse(Dial(Queue('radio'), hangup_on_star=True))
        >>> try:
        ...     parse('<Response>\n<Dial timeout="0">+15558675310</Dial>\n<Play loop="x"/></Response>')
        ... except ParseError as error:
        ...     print(*error.errors, sep="\n")
        line 2: Response/Dial[0]@timeout: timeout='0' is not allowed: got 0; expected an integer from 5 to 600 [13212]
        line 3: Response/Play[1]@loop: loop='x' is not allowed: got 'x'; expected an integer of at least 0 [13410]
    """
    root: etree._Element | None = None
    outside: tuple[LintWarning, ...] = ()
    # The common case first: plain bytes, no BOM, DTD or namespace declaration, well
    # formed, this thread's parser made. (XML spells both keywords exactly so; CPython's
    # reverse search of bytes is the quickest test, quicker than ``in``.)
    if (
        type(source) is bytes
        and len(source) <= MAX_DOCUMENT_BYTES
        and source.rfind(b"xmlns") < 0
        and source.rfind(b"<!DOCTYPE") < 0
        and source
        and source[0] != 0xEF
        and (parser := getattr(_local, "without_doctype", None)) is not None
    ):
        data = source
        try:
            root = _fromstring(data, parser)
        except etree.XMLSyntaxError:
            root = None  # the full route below says why
        if root is not None:
            if root.tag != "Response":
                root = None
            elif root.getprevious() is not None or root.getnext() is not None:
                # Comments or processing instructions outside <Response>.
                outside = _instructions_outside(root, strict)
    if root is None:
        data = _as_bytes(source)
        root = _root(data)
        outside = _instructions_outside(root, strict)
        if b"xmlns" in data:
            # Namespace declarations: the fast path reads none of it.
            return _noting(_Reader(data, strict, fast=False).document(root), outside)
    try:
        doc = _document(root, len(data))
    except _fast.GiveUp as failure:
        doc = _Reader(data, strict, failure.failing()).document(root)
    except ValidationError:
        doc = _Reader(data, strict).document(root)
    return _noting(doc, outside) if outside else doc


def _parse_full(source: str | bytes, *, strict: bool = True) -> _elements.VoiceResponse | _elements.MessagingResponse:
    """``parse`` without its fast path: the full reader alone (for tests that compare)."""
    data = _as_bytes(source)
    root = _root(data)
    outside = _instructions_outside(root, strict)
    return _noting(_Reader(data, strict, fast=False).document(root), outside)


def _instructions_outside(root: etree._Element, strict: bool) -> tuple[LintWarning, ...]:
    """Processing instructions before or after ``<Response>`` (``<?xml-stylesheet ...?>``).

    TwiML has none there, as inside ``<Response>``: strict reading refuses them, lenient
    reading warns that they are not kept. (Comments there are not kept either, silently:
    they are comments.)"""
    before = [node for node in root.itersiblings(preceding=True) if isinstance(node, etree._ProcessingInstruction)]
    after = [node for node in root.itersiblings() if isinstance(node, etree._ProcessingInstruction)]
    if not before and not after:
        return ()
    problems = [
        Problem(
            _line(node) or 1,
            "Response",
            f"the processing instruction {_show(str(node))} {side} <Response> is not TwiML",
            NOT_IN_SCHEMA,
        )
        for side, nodes in (("before", reversed(before)), ("after", after))
        for node in nodes
    ]
    if strict:
        raise ParseError.of(problems)
    return tuple(
        LintWarning(p.path, p.reason + "; it is not kept", NOT_TWIML, line=p.line, code=p.code) for p in problems
    )


def _noting(
    doc: _elements.VoiceResponse | _elements.MessagingResponse, outside: tuple[LintWarning, ...]
) -> _elements.VoiceResponse | _elements.MessagingResponse:
    """``doc`` with the warnings of what stood outside ``<Response>``, in line order."""
    if outside:
        kept = getattr(doc, "_warnings", ())
        doc._read_leniently(tuple(sorted((*outside, *kept), key=lambda warning: warning.line or 0)))
    return doc


def _root(data: bytes) -> etree._Element:
    """The document's root element, which must be ``<Response>``."""
    root = _read_xml(data)
    if root.tag != "Response":
        tag = str(root.tag)
        if tag.startswith("{"):
            namespace, _, local = tag[1:].partition("}")
            if namespace == _AMAZON_URI:
                reason = f"the root element is <amazon:{local}>; TwiML documents are <Response>"
            else:
                reason = f"the root element <{local}> is in the XML namespace {namespace!r}; TwiML elements have none"
        else:
            reason = f"the root element is <{tag}>; TwiML documents are <Response>"
        raise ParseError(reason, line=_line(root), code=ROOT_NOT_RESPONSE)
    return root


# -- bytes and XML ---------------------------------------------------------------------------


def _as_bytes(source: str | bytes) -> bytes:
    """The document as UTF-8 bytes (BOM removed), checked for size and encoding."""
    if type(source) is bytes:
        data = source
    elif isinstance(source, str):
        if len(source) > MAX_DOCUMENT_BYTES:  # a character is at least one byte
            raise _too_big(len(source.encode("utf-8", "surrogatepass")))
        try:
            data = source.encode("utf-8")
        except UnicodeEncodeError as exc:
            line = source.count("\n", 0, exc.start) + 1
            raise ParseError(
                f"the text holds {source[exc.start]!r}, a lone surrogate that no XML document can carry",
                line=line,
                code=PARSE_FAILURE,
            ) from None
    elif isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
    else:
        raise TypeError(f"parse() takes TwiML as str or bytes, got {type(source).__name__}")
    if len(data) > MAX_DOCUMENT_BYTES:
        raise _too_big(len(data))
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    return data


def _too_big(size: int) -> ParseError:
    return ParseError(
        f"the document is {size:,} bytes; Twilio reads at most {MAX_DOCUMENT_BYTES:,}",
        code=TOO_BIG_CODE,
    )


def _read_xml(data: bytes) -> etree._Element:
    parser = _parser()
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        code = exc.code  # type: ignore[attr-defined]
        declared = None
        if code == etree.ErrorTypes.NS_ERR_UNDEFINED_NAMESPACE and "prefix amazon " in exc.msg:
            if b"<!DOCTYPE" in data:
                raise _has_dtd() from None
            declared = _declare_amazon(data)
        if declared is None:
            raise _not_well_formed(data, exc.msg, exc.lineno, code) from None
        try:
            root = etree.fromstring(declared, parser)
        except etree.XMLSyntaxError as again:
            # Columns on the root's line count the declaration twimlkit added: take it out.
            root_line = data.count(b"\n", 0, declared.index(_DECLARATION)) + 1
            shift = len(_DECLARATION) if again.lineno == root_line else 0
            again_code = again.code  # type: ignore[attr-defined]
            raise _not_well_formed(data, again.msg, again.lineno, again_code, shift=shift) from None
    if root is None:
        raise _not_well_formed(data, "no element", 1)
    # XML is case-sensitive: a DTD starts with exactly "<!DOCTYPE"; only then look closer.
    if b"<!DOCTYPE" in data and root.getroottree().docinfo.internalDTD is not None:
        raise _has_dtd()
    return root


def _has_dtd() -> ParseError:
    return ParseError(
        "the document has a DTD (<!DOCTYPE ...>); TwiML has none, and twimlkit refuses them "
        "(entities and external references are a security risk)",
        line=1,
        code=PARSE_FAILURE,
    )


def _declare_amazon(data: bytes) -> bytes | None:
    """``data`` with Polly's ``amazon:`` prefix declared on the root element.

    Polly and Twilio write ``<amazon:effect>`` without declaring the prefix, which a
    namespace-aware parser refuses. Declaring it in the root start tag (on the same line, so
    line numbers hold) lets the strict parser read the rest of the document unchanged.
    Returns None when the prolog is not the plain one of a TwiML document.
    """
    at = 0
    while True:
        while at < len(data) and data[at] in b" \t\r\n":
            at += 1
        if data.startswith(b"<?", at):
            end = data.find(b"?>", at)
            at = end + 2
        elif data.startswith(b"<!--", at):
            end = data.find(b"-->", at)
            at = end + 3
        else:
            break
        if end < 0:
            return None
    name = _ROOT_NAME.match(data, at)
    if name is None:
        return None
    return data[: name.end()] + _DECLARATION + data[name.end() :]


def _not_well_formed(data: bytes, message: str, line: int | None, code: int = 0, *, shift: int = 0) -> ParseError:
    if not data.strip():
        return ParseError("the document is empty; TwiML is a <Response> element", line=1, code=PARSE_FAILURE)
    message = _LINE_IN_MESSAGE.sub(lambda match: f" (column {max(1, int(match.group(1)) - shift)})", message)
    encoding = _wide_encoding(data)
    if encoding is not None:
        message = f"the document is {encoding}; TwiML is read as UTF-8"
    elif code == etree.ErrorTypes.ERR_INVALID_ENCODING:
        # The parser reads UTF-8 whatever the declaration says, as Twilio's helpers write it.
        message = f"the bytes are not UTF-8 ({message}); TwiML is read as UTF-8"
    elif message.startswith("Excessive depth"):
        message = f"elements nest deeper than {MAX_DEPTH} levels; TwiML needs a handful"
    return ParseError(f"not well-formed XML: {_clean(message)}", line=line, code=PARSE_FAILURE)


def _wide_encoding(data: bytes) -> str | None:
    """UTF-16 or UTF-32, told by the byte order mark or, without one, by the zero bytes
    around the first ``<`` (XML starts with ASCII); None for anything else."""
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    head = data[:4]
    if head in (b"<\x00\x00\x00", b"\x00\x00\x00<"):
        return "UTF-32"
    if head[:2] in (b"<\x00", b"\x00<"):
        return "UTF-16"
    return None


def _clean(message: str) -> str:
    return " ".join(message.split())


# -- the tree ------------------------------------------------------------------------------


class _Entry(NamedTuple):
    """What the reader needs of an element class."""

    cls: type[Node]
    # XML attribute name -> (keyword, reader of the text; None when the text is the value)
    converters: dict[str, tuple[str, Any]]
    # Whether text is content (spoken or sent, whitespace kept) rather than a value.
    content: bool
    spec: ElementSpec
    # Child tag -> its entry.
    lookup: dict[str, _Entry]


def _converters(spec: ElementSpec) -> dict[str, tuple[str, Any]]:
    return {
        attr.xml: (attr.name, None if isinstance(attr.kind, Str | StrList) else attr.kind.from_xml)
        for attr in spec.attributes
    }


_ENTRIES: Final[dict[str, _Entry]] = {
    name: _Entry(cls, _converters(SPECS[name]), SPECS[name].text.is_content, SPECS[name], {})
    for name, cls in _CLASSES.items()
}
for _name, _entry in _ENTRIES.items():
    _entry.lookup.update({SPECS[child.name].tag: _ENTRIES[child.name] for child in SPECS[_name].children})
_VOICE: Final = _ENTRIES[VOICE_RESPONSE.name]
_MESSAGING: Final = _ENTRIES[MESSAGING_RESPONSE.name]
# The root, before its children say which document it is: it allows what either allows.
_ROOT: Final = _Entry(_elements.VoiceResponse, {}, False, VOICE_RESPONSE, {**_MESSAGING.lookup, **_VOICE.lookup})
# Where each tag may appear, for "wrong place" messages: tag -> the tags of its parents.
_PARENTS: Final[dict[str, list[str]]] = {}
for _spec in SPECS.values():
    for _child in _spec.children:
        _parents = _PARENTS.setdefault(SPECS[_child.name].tag, [])
        if _spec.tag not in _parents:
            _parents.append(_spec.tag)


class _Pending(NamedTuple):
    """A problem found during the walk, placed (path, line) once the walk is over."""

    element: etree._Element
    reason: str
    code: int | None
    attribute: str = ""
    # A constructor's error: its path relative to ``element`` (``Dial/Number[10]``).
    relative: ValidationError | None = None
    # The lint rule it becomes when reading leniently.
    rule: str = INVALID


class _Reader:
    """One parse: builds nodes bottom-up and collects problems.

    Paths and lines are worked out only when there are problems to report, in one pass
    over the tree, so a valid document costs one walk and one constructor call per element.

    Strict, an element with a problem builds nothing and its problems are raised together.
    Lenient, it is kept as written, an ``Element``, and each problem becomes a warning.
    """

    def __init__(
        self, data: bytes, strict: bool, failing: frozenset[etree._Element] = frozenset(), *, fast: bool = True
    ) -> None:
        self.data = data
        self.strict = strict
        # Whether what reads fine is read the fast way: off to test that it changes nothing,
        # and where namespaces are declared, which the fast path does not read (on, the
        # caller has made sure the data declares none).
        self.fast = fast
        # Elements the fast path found failing: no second fast attempt for them.
        self.failing = failing
        self.pending: list[_Pending] = []
        # Each reason worded once: the many elements one mistake repeats share its text.
        self.reasons: dict[str, str] = {}
        # Whether the root holds a <Message>, once a message needs to know.
        self.messaging: bool | None = None

    def problem(
        self, at: etree._Element, reason: str, code: int | None = None, *, attribute: str = "", rule: str = INVALID
    ) -> None:
        self.pending.append(_Pending(at, self.reasons.setdefault(reason, reason), code, attribute, rule=rule))

    def as_read(self, exc: ValidationError, doc: Document) -> ValidationError:
        """A document-wide error as the reader reports it: a document too big to write is
        told apart from its input, which is within the limit (parse checked that)."""
        if exc.code != TOO_BIG_CODE:
            return exc
        written = len(doc._xml.encode()) + _DECLARATION_BYTES
        return ValidationError(
            exc.path,
            f"the document is {len(self.data):,} bytes, but written as TwiML it is {written:,} (twimlkit "
            "escapes characters the input leaves bare, such as > in text and \" inside '...'); "
            f"Twilio reads at most {MAX_DOCUMENT_BYTES:,}",
            exc.code,
        )

    def relocate(self, exc: ValidationError, element: etree._Element) -> None:
        """Record a constructor's error (its path relative to ``element``)."""
        self.pending.append(_Pending(element, exc.reason, exc.code, relative=exc))

    # -- the document ------------------------------------------------------------------------

    def document(self, root: etree._Element) -> _elements.VoiceResponse | _elements.MessagingResponse:
        # Reading the fast way implies no namespace declaration (parse looked for one).
        if not self.fast and b"xmlns" in self.data:
            self.namespaces(root, None)
        doc = self.element(root, _ROOT)
        if type(doc) is _elements.VoiceResponse or type(doc) is _elements.MessagingResponse:
            if self.strict:
                try:
                    doc.validate()
                except ValidationError as exc:
                    self.relocate(self.as_read(exc, doc), root)
                if not self.pending:
                    return doc
            else:
                if doc._unchecked:
                    # A typed node of the other kind of document inside an Element is valid
                    # where it stands, so the walk did not see it: a warning, as strict
                    # reading refuses it. (Elements themselves were reported as read.)
                    for node, problem in doc._tree_problems():
                        if type(node) is not Element and problem.code == MIXED_CODE:
                            self.relocate(problem, root)
                problems = _place_each(root, self.data, self.pending)
                doc._read_leniently(
                    tuple(
                        LintWarning(
                            problem.path, problem.reason, self.pending[at].rule, line=problem.line, code=problem.code
                        )
                        for at in _in_document_order(root, self.pending, problems)
                        for problem in (problems[at],)
                    )
                )
                try:
                    doc.validate()  # what is left: the size of what it writes
                except ValidationError as exc:
                    exc = self.as_read(exc, doc)
                    raise ParseError(exc.reason, line=1, path=exc.path, code=exc.code) from None
                return doc
        raise ParseError.of(_place(root, self.data, self.pending))

    def root_entry(self, root: etree._Element, children: list[Any]) -> _Entry | None:
        """The document ``children`` make: Messaging if one is a <Message>, else Voice.

        Each child a Messaging reply cannot hold is reported; strict, None is returned,
        lenient, the child is kept in ``children`` as written.
        """
        for child in children:
            if type(child) is _elements.Message or (type(child) is Element and child.tag == "Message"):
                break
        else:
            return _VOICE
        # The element children that are kept, one for each node (lenient reading drops the
        # ones in XML namespaces).
        elements = iter(child for child in root if isinstance(child.tag, str) and not _foreign(_tag_name(child)))
        ok = True
        for at, node in enumerate(children):
            if not isinstance(node, Node):
                continue
            element = next(elements)
            if node.tag not in _MESSAGING.lookup and node.tag in _KNOWN_TAGS:
                # Read already (as what it is); lenient, kept as written where it stands.
                reason, code = self.misplaced(element, MESSAGING_RESPONSE) or ("", None)
                if self.strict:
                    self.problem(element, reason, code, rule=MISPLACED)
                    ok = False
                    continue
                self.problem(element, reason + "; kept unvalidated", code, rule=MISPLACED)
                children[at] = _as_element(node, element)
        return _MESSAGING if ok else None

    def namespaces(self, element: etree._Element, parent: etree._Element | None) -> None:
        """Refuse namespace declarations: TwiML has none (``amazon:`` is read undeclared)."""
        inherited = {} if parent is None else parent.nsmap
        for prefix, uri in element.nsmap.items():
            injected = prefix == "amazon" and uri == _AMAZON_URI and b"xmlns:amazon" not in self.data
            if prefix not in inherited and not injected:
                shown = "xmlns" if prefix is None else f"xmlns:{prefix}"
                self.problem(
                    element,
                    f"declares an XML namespace ({shown}=...); TwiML elements have none "
                    "(Polly's amazon: elements are written without a declaration)"
                    + ("" if self.strict else "; the declaration is not kept"),
                    NOT_IN_SCHEMA,
                    rule=NOT_TWIML,
                )
        for child in element:
            if isinstance(child.tag, str):
                self.namespaces(child, element)

    # -- elements ----------------------------------------------------------------------------

    def element(self, element: etree._Element, entry: _Entry) -> Node | None:  # noqa: PLR0911  # one exit per outcome
        """Build one known element and everything below it.

        Strict, None if anything failed. Lenient, never None: what fails is kept as written.
        """
        if self.fast and entry is not _ROOT and element not in self.failing:
            # Most of a document with a problem is fine: read that the fast way.
            fast = _fast.subtree(element, entry.spec.name)
            if fast is not None:
                return fast
        cls, converters, content, spec, lookup = entry
        strict = self.strict
        keywords: dict[str, object] = {}
        raw = False
        ok = True
        checked = False
        # Whether an attribute was not read before (by the fast path).
        fresh = False
        # lxml gives attribute names and values as str (the stubs say str | bytes).
        items: list[tuple[str, str]] = element.items()  # type: ignore[assignment]
        if items:
            known = _fast.known_valid(spec.name) if self.fast else {}
            for key, written in items:
                memo = known.get(key)
                if memo is not None:
                    # Read before or now, as the fast path reads it (and remembered): its
                    # value, or a Refused for a text its attribute refuses.
                    seen = memo.get(written)
                    if seen is None:
                        seen = _fast.learn(spec.name, key, written)
                    if seen:
                        keywords[seen[0]] = seen[1]  # type: ignore[index]  # a Refused is false
                    else:
                        ok = False
                    continue
                fresh = True
                found = converters.get(key) or converters.get(_attribute_name(key))
                if found is None:
                    raw = True
                    continue
                name, read = found
                if read is None:
                    keywords[name] = written
                    continue
                try:
                    keywords[name] = read(written)
                except Invalid:
                    ok = False  # reported by check_attributes, with the others
            if raw or not ok:
                # Lenient, unknown attributes are warnings and the element is still built
                # (then kept as an Element) so that every other check of its kind runs.
                if strict or raw:
                    ok = self.check_attributes(element, spec) and ok and not strict
                else:
                    self.check_attributes(element, spec)
                checked = True
        children: list[Any] = []
        text = element.text
        if text and (content or (text := text.strip())):
            children.append(text)
        if len(element):
            for child in element:
                tag = child.tag
                if type(tag) is str:
                    found_entry = lookup.get(tag)
                    if found_entry is None and tag[0] == "{":  # amazon:, read in its namespace
                        found_entry = lookup.get(_tag_name(child))
                    if found_entry is not None:
                        node = self.element(child, found_entry)
                    else:
                        node = self.stranger(child, spec, content=content)
                    if node is not None:
                        children.append(node)
                    elif strict:
                        ok = False  # lenient, a child not kept (reported)
                elif tag is etree.Comment:  # type: ignore[comparison-overlap]
                    children.append(Comment(child.text or ""))
                else:
                    self.not_twiml(element, child)
                    ok = ok and not strict
                tail = child.tail
                if tail and (content or (tail := tail.strip())):
                    children.append(tail)
        if entry is _ROOT and (ok or not strict):
            chosen = self.root_entry(element, children)
            if chosen is None:
                return None
            cls = chosen.cls
        if not ok:
            if strict:
                if items and not checked:
                    self.check_attributes(element, spec)  # what a failed child hides
                return None
            return self.as_written(element, children, cls=cls if entry is _ROOT else None, content=content)
        if self.fast and not fresh and len(children) == 1 and type(children[0]) is str:
            # A text alone that the fast path saw refused: the error building it raises.
            known_error = _fast.refused_text(spec.name, children[0])
            if known_error is not None:
                self.relocate(known_error, element)
                return None if strict else self.as_written(element, children, cls=None, content=content)
        try:
            # What the class's __init__ does, minus one call: the same checks.
            node = _new(cls)
            node._build(tuple(children), keywords)
        except ValidationError as exc:
            # An attribute's value: report every invalid one. Otherwise (or for a rule that
            # spans attributes, which no single value breaks) the constructor's own error.
            if "@" not in exc.path or (checked and not strict) or self.check_attributes(element, spec):
                self.relocate(exc, element)
            if strict:
                return None
            return self.as_written(element, children, cls=cls if entry is _ROOT else None, content=content)
        if raw:
            # strict=False, attributes twimlkit does not know: the element passed every
            # check of its kind; it is kept as written, an Element, with all its attributes.
            if entry is _ROOT:
                return self.as_written(element, children, cls=cls, content=content)
            return Element(spec.tag, *node.children, **_attributes(element))
        return node

    def as_written(
        self, element: etree._Element, children: list[Any], *, cls: type[Node] | None, content: bool
    ) -> Node:
        """An element kept as written (lenient): an ``Element`` of its tag, attributes and
        children, its text as in the source; the root stays a document (``cls``)."""
        if cls is not None:
            doc = _new(cls)
            assert isinstance(doc, Document)
            doc._hold(tuple(children), _attributes(element))
            return doc
        nodes = iter(child for child in children if not isinstance(child, str))
        out: list[Any] = [element.text] if element.text else []
        for child in element:
            if child.tag is etree.Comment or (isinstance(child.tag, str) and not _foreign(_tag_name(child))):  # type: ignore[comparison-overlap]
                out.append(next(nodes))  # a name in an XML namespace is not kept (reported)
            if child.tail:
                out.append(child.tail)
        return self.written(element, out, content=content)

    def written(self, element: etree._Element, children: list[Any], *, content: bool) -> Node:
        """``Element(tag, *children, **attributes)`` for ``element``, whitespace-only text
        between child elements dropped unless the text is spoken or sent (``content``)."""
        blank = all(not child.strip() for child in children if isinstance(child, str))
        if not content and blank and any(isinstance(child, Node | Comment) for child in children):
            children = [child for child in children if not isinstance(child, str)]
        try:
            return Element(_tag_name(element), *children, **_attributes(element))
        except ValidationError as exc:
            # Only what an Element cannot write (a name in an undeclared-away namespace).
            raise ParseError(exc.reason, line=_line(element), code=NOT_IN_SCHEMA) from None

    def not_twiml(self, element: etree._Element, child: etree._Element) -> None:
        reason = f"holds {_show(str(child))}, which is not TwiML"
        self.problem(element, reason + ("" if self.strict else "; it is not kept"), NOT_IN_SCHEMA, rule=NOT_TWIML)

    def check_attributes(self, element: etree._Element, spec: ElementSpec) -> bool:
        """Report every attribute problem of ``element``, in order; True if there is none.

        Construction stops at the first problem; a reader of TwiML wants them all.
        Lenient, unknown attributes are reported as well but do not count as problems.
        """
        ok = True
        by_xml = _CLASSES[spec.name]._table.by_xml
        known = _fast.known_valid(spec.name) if self.fast else {}
        items: list[tuple[str, str]] = element.items()  # type: ignore[assignment]
        for key, written in items:
            memo = known.get(key)
            seen = memo.get(written) if memo is not None else None
            if seen:
                continue  # read before, and valid
            if type(seen) is _fast.Refused and seen.reason is not None:
                self.problem(element, seen.reason, seen.code, attribute=_attribute_name(key))
                ok = False
                continue
            name = _attribute_name(key)
            attr = by_xml.get(name)
            if attr is None:
                allowed = ", ".join(a.xml for a in spec.attributes) or "none"
                reason = f"<{spec.tag}> has no attribute {name!r} (allowed: {allowed})"
                if not self.strict:
                    reason += "; kept unvalidated"
                elif spec.tag != "Response":  # a document cannot be an unvalidated Element
                    reason += f"; {_LENIENT_KEEPS} unvalidated"
                self.problem(element, reason, NOT_IN_SCHEMA, attribute=name, rule=NOT_TWIML)
                ok = ok and not self.strict
                continue
            refused = _fast.refusal(attr, written)
            if refused.reason is not None:
                self.problem(element, refused.reason, refused.code, attribute=attr.xml)
                ok = False
        return ok

    def stranger(self, element: etree._Element, parent: ElementSpec, *, content: bool) -> Node | None:
        """An element ``parent`` does not allow: known elsewhere, or not TwiML at all.

        Strict, None (and what is inside it is read for its own problems too). Lenient, the
        element kept as written, or None for one that no ``Element`` can hold (a name in an
        XML namespace), which is not kept.
        """
        tag = _tag_name(element)
        misplaced = self.misplaced(element, parent)
        if misplaced is not None:
            reason, code = misplaced
            self.problem(element, reason + ("" if self.strict else "; kept unvalidated"), code, rule=MISPLACED)
            # Checked as what it is (its own children, values); lenient, kept as written.
            specs = _KNOWN_TAGS[tag]
            if len(specs) == 1:
                node = _as_element(self.element(element, _ENTRIES[specs[0].name]), element)
            else:
                node = self.raw(element, content=content)
            return None if self.strict else node
        if not self.strict and self.foreign(element):
            return None
        where, allowed = self.where(element, parent)
        if self.strict:
            reason = f"<{tag}> is not a TwiML element twimlkit knows ({where} allows {allowed}); {_LENIENT_KEEPS}"
            self.problem(element, reason + " as an Element", NOT_IN_SCHEMA, rule=NOT_TWIML)
            self.raw(element, content=content)  # for the problems inside it
            return None
        reason = f"<{tag}> is not a TwiML element twimlkit knows ({where} allows {allowed}); kept unvalidated"
        self.problem(element, reason, NOT_IN_SCHEMA, rule=NOT_TWIML)
        return self.raw(element, content=content)

    def foreign(self, element: etree._Element) -> bool:
        """Whether ``element``'s name is in an XML namespace (Polly's ``amazon:`` aside),
        which no ``Element`` can hold; if so it is reported as not kept (lenient)."""
        name = _tag_name(element)
        if not _foreign(name):
            return False
        self.problem(
            element,
            f"<{name}> is in an XML namespace; TwiML elements have none; it is not kept",
            NOT_IN_SCHEMA,
            rule=NOT_TWIML,
        )
        return True

    def where(self, element: etree._Element, parent: ElementSpec) -> tuple[str, str]:
        """How messages name ``parent`` (the root: which document it is), and what it allows."""
        if parent is VOICE_RESPONSE:
            # The root: which document it is decides what it allows.
            if self.messaging is None:
                root = element.getparent()
                self.messaging = root is not None and root.find("Message") is not None
            if self.messaging:
                parent = MESSAGING_RESPONSE
        allowed = ", ".join(f"<{SPECS[c.name].tag}>" for c in parent.children) or "no elements"
        if parent is VOICE_RESPONSE:
            return "a Voice document", allowed
        if parent is MESSAGING_RESPONSE:
            return "a Messaging reply (a <Response> that holds <Message>)", allowed
        return f"<{parent.tag}>", allowed

    def misplaced(self, element: etree._Element, parent: ElementSpec) -> tuple[str, int | None] | None:
        """Why a TwiML element cannot stand in ``parent``, and the code; None if it is not TwiML."""
        tag = _tag_name(element)
        elsewhere = _KNOWN_TAGS.get(tag)
        if elsewhere is None:
            return None
        if parent is VOICE_RESPONSE:
            self.where(element, parent)  # decides which document the root is
            if self.messaging:
                parent = MESSAGING_RESPONSE
        # The reason depends on the tag and the parent alone: worked out once for each pair.
        known = _MISPLACED.get((tag, parent.name))
        if known is None:
            where, allowed = self.where(element, parent)
            known = _MISPLACED[tag, parent.name] = _misplaced(tag, parent, elsewhere, where, allowed)
        return known

    def raw(self, element: etree._Element, *, content: bool) -> Node | None:
        """An unknown element, kept as an ``Element`` with everything below it.

        Under an element whose text is spoken (``content``), all text is kept as it is;
        elsewhere whitespace-only text between elements is formatting.
        """
        children: list[Any] = [element.text] if element.text else []
        ok = True
        for child in element:
            if isinstance(child.tag, str):
                # Below an unknown element, a tag only one vocabulary element has is that
                # element (validated); anything else stays raw.
                specs = _KNOWN_TAGS.get(_tag_name(child), ())
                if len(specs) == 1:
                    node = self.element(child, _ENTRIES[specs[0].name])
                elif not self.strict and self.foreign(child):
                    node = None  # reported, not kept
                else:
                    node = self.raw(child, content=content)
                if node is not None:
                    children.append(node)
                elif self.strict:
                    ok = False
            elif child.tag is etree.Comment:
                children.append(Comment(child.text or ""))
            else:
                self.not_twiml(element, child)
                ok = ok and not self.strict
            if child.tail:
                children.append(child.tail)
        if not ok:
            return None
        if self.strict:
            try:
                return self.written(element, children, content=content)
            except ParseError:
                return None  # the namespace problem is reported already
        return self.written(element, children, content=content)


# (tag, parent class name) -> why that element cannot stand there, and the code.
_MISPLACED: Final[dict[tuple[str, str], tuple[str, int | None]]] = {}


def _misplaced(
    tag: str, parent: ElementSpec, elsewhere: list[ElementSpec], where: str, allowed: str
) -> tuple[str, int | None]:
    """Why a TwiML element ``tag`` (known as ``elsewhere``) cannot stand in ``parent``."""
    domains = {spec.domain for spec in elsewhere}
    code = None
    reason = f"{where} cannot contain <{tag}>; allowed: {allowed}"
    parents = [f"<{name}>" for name in _PARENTS.get(tag, ()) if name != "Response"]
    top = "Response" in _PARENTS.get(tag, ())
    if top and parents:
        reason += f" (<{tag}> belongs at the top level or in {', '.join(parents)})"
    elif top:
        reason += f" (<{tag}> belongs at the top level)"
    elif parents:
        reason += f" (<{tag}> belongs in {', '.join(parents)})"
    crossed = domains <= {"voice", "messaging"} and domains.isdisjoint({parent.domain, "shared"})
    if crossed and parent.domain in ("voice", "messaging"):
        other = "Voice" if "voice" in domains else "Messaging"
        code = 14110
        reason = f"<{tag}> is a {other} element; {reason}"
    return reason, code


def _foreign(name: str) -> bool:
    """Whether an element name is in an XML namespace other than Polly's ``amazon:``."""
    return ":" in name and not name.startswith("amazon:")


def _as_element(node: Node | None, element: etree._Element) -> Node | None:
    """A node that may not stand where it was read, as an ``Element`` written the same."""
    if node is None or type(node) is Element:
        return node
    return Element(node.tag, *node.children, **_attributes(element))


_LENIENT_KEEPS: Final = "lenient parsing (strict=False, twimlkit --lenient) keeps it"


# -- placing problems ----------------------------------------------------------------------------


def _place(root: etree._Element, data: bytes, pending: list[_Pending]) -> list[Problem]:
    """The problems with their absolute paths and lines, in document order."""
    problems = _place_each(root, data, pending)
    if len(problems) == 1:
        return problems
    return [problems[at] for at in _in_document_order(root, pending, problems)]


def _in_document_order(root: etree._Element, pending: list[_Pending], problems: list[Problem]) -> list[int]:
    """The indexes of ``problems`` (placed ``pending``) in document order: by line, and on
    one line by element in document order, an element's own problems before those of its
    attributes, attributes in the order written. (The order problems are found in
    depends on how the document was read; this does not.)"""
    lines = [problem.line or 0 for problem in problems]
    order = sorted(range(len(problems)), key=lines.__getitem__)
    if all(lines[a] != lines[b] for a, b in itertools.pairwise(order)):
        return order
    position = {element: at for at, element in enumerate(root.iter())}
    # Each element's attribute names -> their order as written, worked out once per element.
    ranks: dict[etree._Element, dict[str, int]] = {}

    def rank_of(element: etree._Element, attribute: str) -> int:
        order = ranks.get(element)
        if order is None:
            names = [_attribute_name(str(key)) for key in element.keys()]  # noqa: SIM118  # an lxml element
            order = {name: at for at, name in reversed(list(enumerate(names)))}
            order[""] = len(names)
            ranks[element] = order
        return order.get(attribute, order[""])

    def where(at: int) -> tuple[int, int, int]:
        item = pending[at]
        target, attribute = item.element, item.attribute
        if item.relative is not None:
            head, slash, _rest = item.relative.path.partition("/")
            child = _child_named(target, item.relative.path) if slash else None
            if child is not None:
                target = child
            attribute = head.partition("@")[2]
        rank = rank_of(target, attribute) if attribute else -1
        return (lines[at], position.get(target, -1), rank)

    return sorted(range(len(problems)), key=where)


def _place_each(root: etree._Element, data: bytes, pending: list[_Pending]) -> list[Problem]:
    """The problems with their absolute paths and lines, in the order of ``pending``."""
    # A few problems: each path from the element's ancestors. Many: every path in one pass.
    path_of = _path if len(pending) <= _FEW else _paths(root).__getitem__
    lines: _Lines | _TagLines = _TAG_LINES if _tags_on_one_line(data) else _Lines(root, data)
    problems = []
    for item in pending:
        element = item.element
        path = path_of(element)
        if item.relative is not None:
            moved = item.relative.within(path)
            target = _child_named(element, item.relative.path)
            line = lines.start(target) if target is not None else lines.start(element)
            problems.append(Problem(line, moved.path, moved.reason, moved.code))
            continue
        if item.attribute:
            problems.append(
                Problem(lines.attribute(element, item.attribute), f"{path}@{item.attribute}", item.reason, item.code)
            )
        else:
            problems.append(Problem(lines.start(element), path, item.reason, item.code))
    return problems


# Up to this many problems, paths are worked out one by one from the ancestors.
_FEW: Final = 8
# What may put a start tag over several lines: from a "<", through quoted values (which may
# hold ">") and the rest of the markup, a newline, or a quote not closed on its line. The
# quantifiers are possessive so that a closed quote is never given back to the last class.
# Without a match every start tag is on one line: the line libxml2 reports, where it ends.
# (Comments and the like may match too; that only costs the full scan.)
_SPANS: Final = re.compile(rb"""<[^>"'\n]*+(?:(?:"[^"\n]*+"|'[^'\n]*+')[^>"'\n]*+)*+[\n"']""")
# libxml2 counts lines in 16 bits unless told otherwise; below this size no line is larger.
_SMALL: Final = 65_000


def _tags_on_one_line(data: bytes) -> bool:
    """Whether every start tag in ``data`` is on one line (and libxml2 counts lines as we do)."""
    return len(data) < _SMALL and b"\r" not in data and _SPANS.search(data) is None


def _path(element: etree._Element) -> str:
    """The path of one element (``Response/Dial[0]/Number[3]``), from its ancestors."""
    parts = []
    parent = element.getparent()
    while parent is not None:
        position = index = parent.index(element)
        if position:
            # Comments and processing instructions before it do not count.
            for other in parent.iterchildren(*_NOT_ELEMENTS):
                if parent.index(other) < position:
                    index -= 1
        parts.append(f"{_tag_name(element)}[{index}]")
        element = parent
        parent = element.getparent()
    parts.append(_tag_name(element))
    return "/".join(reversed(parts))


# What a parent may hold besides elements (lxml's filters for them).
_NOT_ELEMENTS: Final = (etree.Comment, etree.ProcessingInstruction, etree.Entity)


def _child_named(element: etree._Element, relative: str) -> etree._Element | None:
    """The child a relative path such as ``Dial/Number[10]`` points at, if any."""
    _head, slash, rest = relative.partition("/")
    index = rest.partition("[")[2].partition("]")[0]
    if not slash or not index.isdigit():
        return None
    children = [child for child in element if isinstance(child.tag, str)]
    return children[int(index)] if int(index) < len(children) else None


def _paths(root: etree._Element) -> dict[etree._Element, str]:
    """Every element's path (``Response/Dial[0]/Number[3]``), each index counting the
    element children before it; one pass over the tree."""
    paths = {root: _tag_name(root)}
    stack = [root]
    while stack:
        element = stack.pop()
        base = paths[element]
        index = 0
        for child in element:
            if isinstance(child.tag, str):
                paths[child] = f"{base}/{_tag_name(child)}[{index}]"
                index += 1
                stack.append(child)
    return paths


def element_lines(source: str | bytes) -> dict[str, int]:
    """Element path -> the line its start tag begins on, for a document ``parse`` reads."""
    data = _as_bytes(source)
    root = _read_xml(data)
    lines = _Lines(root, data)
    return {path: line for element, path in _paths(root).items() if (line := lines.start(element)) is not None}


class _TagLines:
    """Lines of elements and attributes when every start tag is on one line: the line
    libxml2 reports for each element."""

    def start(self, element: etree._Element) -> int | None:
        return _line(element)

    def attribute(self, element: etree._Element, name: str) -> int | None:
        return _line(element)


_TAG_LINES: Final = _TagLines()


class _Lines:
    """Lines of elements and attributes in the source.

    libxml2 reports the line where a start tag ends; a tag written over several lines
    begins earlier, and each attribute sits on its own line. The start tags are found by
    one forward scan in document order (comments, CDATA and processing instructions
    skipped), so the n-th start tag is the n-th element.
    """

    def __init__(self, root: etree._Element, data: bytes) -> None:
        self.data = data
        self.ends = [match.start() for match in _NEWLINE.finditer(data)]
        self.starts = [match.start() for match in _MARKUP.finditer(data) if match.group("tag")]
        self.order = {element: index for index, element in enumerate(root.iter(etree.Element))}

    def _begin(self, element: etree._Element) -> int | None:
        index = self.order.get(element)
        return self.starts[index] if index is not None and index < len(self.starts) else None

    def _line_at(self, offset: int) -> int:
        return bisect.bisect_left(self.ends, offset) + 1

    def start(self, element: etree._Element) -> int | None:
        begin = self._begin(element)
        return self._line_at(begin) if begin is not None else _line(element)

    def attribute(self, element: etree._Element, name: str) -> int | None:
        begin = self._begin(element)
        if begin is None:
            return _line(element)
        tag = _START_TAG.match(self.data, begin)
        if tag is not None:
            for match in _ATTRIBUTE.finditer(self.data, tag.start("attributes"), tag.end("attributes")):
                if match.group("name").decode("utf-8", "replace") == name:
                    return self._line_at(match.start("name"))
        return self._line_at(begin)


def _tag_name(element: etree._Element) -> str:
    tag = element.tag
    assert isinstance(tag, str)
    if tag[0] == "{":
        local = tag.rpartition("}")[2]
        return f"{element.prefix}:{local}" if element.prefix else local
    return tag


def _line(element: etree._Element) -> int | None:
    line = element.sourceline
    return line if isinstance(line, int) else None


def _attributes(element: etree._Element) -> dict[str, str]:
    """The attributes by name as written (``xml:lang``, ``amazon:max-duration``)."""
    return {_attribute_name(str(key)): str(value) for key, value in element.items()}


def _attribute_name(key: str) -> str:
    if key[0] != "{":
        return key
    if key.startswith(_XML_NAMESPACE):
        return "xml:" + key[len(_XML_NAMESPACE) :]
    if key.startswith(_AMAZON_NAMESPACE):
        return "amazon:" + key[len(_AMAZON_NAMESPACE) :]
    return key.rpartition("}")[2]


def salvage(node: Element, within: type[Node] = _elements.VoiceResponse) -> Node | None:
    """What Twilio runs of an element that ``parse(strict=False)`` kept as written (an
    ``Element``) in a ``within`` (a Voice verb, or a noun of ``within``'s): the element
    with the attributes and children it can read, the rest dropped (the lint warnings say
    what); None when nothing of it can run, or ``within`` holds no such element.

    Twilio logs most TwiML problems as warnings and goes on: an unknown or invalid attribute
    is ignored, a child out of place is left out. The simulator runs verbs this way.
    """
    entry = _ENTRIES[within.__name__].lookup.get(node.tag)
    return None if entry is None else _salvaged(node, entry)


def _salvaged(node: Element, entry: _Entry) -> Node | None:
    children: list[Any] = []
    for child in node.children:
        if isinstance(child, Element):
            found = entry.lookup.get(child.tag)
            kept = _salvaged(child, found) if found is not None else None
            if kept is not None:
                children.append(kept)
        else:
            children.append(child)
    try:
        entry.cls(*children)
    except ValidationError:
        return None
    keywords: dict[str, object] = {}
    for key, written in node.xml_attributes.items():
        found_attribute = entry.converters.get(key)
        if found_attribute is None:
            continue  # an attribute Twilio does not know: ignored
        name, read = found_attribute
        try:
            value = written if read is None else read(written)
            entry.cls(*children, **keywords, **{name: value})
        except (Invalid, ValidationError):
            continue  # a value Twilio refuses: ignored, with its warning
        keywords[name] = value
    return entry.cls(*children, **keywords)
