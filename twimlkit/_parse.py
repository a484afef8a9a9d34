"""Reading TwiML: text or bytes back into the same typed trees the constructors build.

lxml parses (no DTD, no entities, no network, bounded depth and size); each element is
then looked up in the vocabulary under its parent and built with its class, so a parsed
tree passes exactly the checks a constructed one does. Every problem in the document is
collected, with its line and element path, before ``ParseError`` is raised.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from typing import Final

from lxml import etree

from . import _elements
from ._document import MAX_DOCUMENT_BYTES, Document
from ._kinds import Invalid, _show
from ._node import Comment, Element, Node
from ._spec import ElementSpec, Text
from ._vocabulary import MESSAGING_RESPONSE, SPECS, VOICE_RESPONSE
from .exceptions import ParseError, Problem, ValidationError

__all__ = ["MAX_DEPTH", "parse"]

#: Twilio cannot parse the document (12100), its root is not <Response> (12102), or it
#: holds an element or attribute that is not TwiML (schema warning 12200).
PARSE_FAILURE: Final = 12100
ROOT_NOT_RESPONSE: Final = 12102
NOT_IN_SCHEMA: Final = 12200
#: Deeper nesting than any TwiML needs (Response/Say/prosody/emphasis/... is a handful).
MAX_DEPTH: Final = 64

_XML_NAMESPACE: Final = "{http://www.w3.org/XML/1998/namespace}"
_ENCODING: Final = re.compile(rb"""\A\s*<\?xml[^>]*?\sencoding\s*=\s*["']([^"']*)["']""")
_UTF8_NAMES: Final = frozenset({"utf-8", "utf8"})
_BOM: Final = b"\xef\xbb\xbf"

# The classes of the vocabulary, by class name.
_CLASSES: Final[dict[str, type[Node]]] = {name: getattr(_elements, name) for name in SPECS}
# For each element: the child tags it allows -> (spec, class).
_CHILDREN: Final[dict[str, dict[str, tuple[ElementSpec, type[Node]]]]] = {
    spec.name: {SPECS[child.name].tag: (SPECS[child.name], _CLASSES[child.name]) for child in spec.children}
    for spec in SPECS.values()
}
# Every tag the vocabulary knows, with the specs that carry it (for "wrong place" errors).
_KNOWN_TAGS: Final[dict[str, list[ElementSpec]]] = {}
for _spec in SPECS.values():
    _KNOWN_TAGS.setdefault(_spec.tag, []).append(_spec)

_local = threading.local()


def _parser() -> etree.XMLParser:
    """This thread's lxml parser (lxml parsers are not shared between threads)."""
    parser: etree.XMLParser | None = getattr(_local, "parser", None)
    if parser is None:
        parser = etree.XMLParser(
            # recover=True only so that Polly's undeclared ``amazon:`` prefix reads as a
            # plain name; every other error in the log is still fatal (see _syntax_errors).
            recover=True,
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            dtd_validation=False,
            huge_tree=False,
            remove_blank_text=False,
            remove_comments=False,
            remove_pis=False,
            strip_cdata=True,
            collect_ids=False,
            encoding="utf-8",
        )
        _local.parser = parser
    return parser


def parse(source: str | bytes, *, strict: bool = True) -> _elements.VoiceResponse | _elements.MessagingResponse:
    r"""Read a TwiML document into a tree: a ``MessagingResponse`` when ``<Response>`` holds
    a ``<Message>``, a ``VoiceResponse`` otherwise.

    ``strict`` (the default) refuses elements and attributes twimlkit does not know. With
    ``strict=False`` an unknown element is kept as an ``Element``, and a known element
    that carries unknown attributes is kept as an ``Element`` of its tag with all its
    attributes; known attributes, children and values are still checked. Either way
    invalid values are refused and nothing in the input is dropped, except comments
    outside ``<Response>`` and the XML declaration.

    Whitespace-only text between elements is formatting and is dropped; text of elements
    that speak or send it (``Say``, ``Message``, SSML) is kept exactly; the text of value
    elements (``Number``, ``Queue``, ``Redirect``, ...) is stripped, as Twilio strips it.

    Raises ``ParseError`` listing every problem found (``.errors``), each with its line,
    path (``Response/Dial[0]@timeout``), reason and Twilio code.

        >>> from twimlkit import ParseError, parse
        >>> parse('<Response><Dial hangupOnStar="true"><Queue>radio</Queue></Dial></Response>')
        VoiceResponse(Dial(Queue('radio'), hangup_on_star=True))
        >>> try:
        ...     parse('<Response>\n<Dial timeout="0">+15558675310</Dial>\n<Play loop="x"/></Response>')
        ... except ParseError as error:
        ...     print(*error.errors, sep="\n")
        line 2: Response/Dial[0]@timeout: timeout=0 is not allowed: got 0; expected an integer of at least 1 [13212]
        line 3: Response/Play[1]@loop: loop='x' is not allowed: got 'x'; expected an integer of at least 0 [13410]
    """
    data = _as_bytes(source)
    root = _read_xml(data)
    if root.tag != "Response":
        shown = root.tag if isinstance(root.tag, str) else "?"
        raise ParseError(
            f"the root element is <{shown}>; TwiML documents are <Response>", line=_line(root), code=ROOT_NOT_RESPONSE
        )
    reader = _Reader(strict, check_namespaces=b"xmlns" in data)
    return reader.document(root)


# -- bytes and XML ---------------------------------------------------------------------------


def _as_bytes(source: str | bytes) -> bytes:
    """The document as UTF-8 bytes (BOM removed), checked for size and encoding."""
    if isinstance(source, str):
        if len(source) > MAX_DOCUMENT_BYTES:
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
        if len(data) > MAX_DOCUMENT_BYTES:
            raise _too_big(len(data))
        declared = _ENCODING.match(data)
        if declared is not None and declared.group(1).decode("ascii", "replace").lower() not in _UTF8_NAMES:
            raise ParseError(
                f"the document declares encoding {declared.group(1).decode('ascii', 'replace')!r}; "
                "twimlkit reads TwiML as UTF-8 (what Twilio's helpers write)",
                line=1,
                code=PARSE_FAILURE,
            )
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            raise ParseError(
                f"byte {data[exc.start]:#04x} at offset {exc.start} is not UTF-8; TwiML is read as UTF-8",
                line=line,
                code=PARSE_FAILURE,
            ) from None
    else:
        raise TypeError(f"parse() takes TwiML as str or bytes, got {type(source).__name__}")
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    if not data.strip():
        raise ParseError("the document is empty; TwiML is a <Response> element", line=1, code=PARSE_FAILURE)
    return data


def _too_big(size: int) -> ParseError:
    return ParseError(
        f"the document is {size:,} bytes; Twilio reads at most {MAX_DOCUMENT_BYTES:,}",
        code=11750,
    )


def _read_xml(data: bytes) -> etree._Element:
    parser = _parser()
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:  # raised even in recover mode for some inputs
        raise ParseError(f"not well-formed XML: {_clean(exc.msg)}", line=exc.lineno, code=PARSE_FAILURE) from None
    errors = [
        entry
        for entry in parser.error_log
        if entry.level >= etree.ErrorLevels.ERROR and entry.type != etree.ErrorTypes.NS_ERR_UNDEFINED_NAMESPACE
    ]
    if errors:
        first = errors[0]
        raise ParseError(f"not well-formed XML: {_clean(first.message)}", line=first.line, code=PARSE_FAILURE)
    if root is None:
        raise ParseError("the document holds no element; TwiML is a <Response> element", line=1, code=PARSE_FAILURE)
    info: etree.DocInfo = root.getroottree().docinfo
    if info.internalDTD is not None:  # any <!DOCTYPE>, with or without a subset
        raise ParseError(
            "the document has a DTD (<!DOCTYPE ...>); TwiML has none, and twimlkit refuses them "
            "(entities and external references are a security risk)",
            line=1,
            code=PARSE_FAILURE,
        )
    return root


def _clean(message: str) -> str:
    return " ".join(message.split())


# -- the tree ------------------------------------------------------------------------------


class _Reader:
    """One parse: builds nodes bottom-up and collects problems."""

    def __init__(self, strict: bool, *, check_namespaces: bool) -> None:
        self.strict = strict
        self.check_namespaces = check_namespaces
        self.problems: list[Problem] = []
        # Element path -> source line, to place errors the constructors report.
        self.lines: dict[str, int | None] = {}

    def problem(self, line: int | None, path: str, reason: str, code: int | None = None) -> None:
        self.problems.append(Problem(line, path, reason, code))

    def document(self, root: etree._Element) -> _elements.VoiceResponse | _elements.MessagingResponse:
        messaging = any(child.tag == "Message" for child in root)
        spec = MESSAGING_RESPONSE if messaging else VOICE_RESPONSE
        if self.check_namespaces:
            self.namespaces(root, None, "Response")
        for name, text in _attributes(root).items():
            self.problem(
                _line(root),
                f"Response@{name}",
                f"<Response> takes no attributes, got {name}={_show(text)}",
                NOT_IN_SCHEMA,
            )
        children = self.children(root, spec, "Response", 1)
        doc: Node | None = None
        if children is not None and not self.problems:
            doc = self.build(_CLASSES[spec.name], children, {}, "Response", _line(root))
        if isinstance(doc, Document):
            try:
                doc.validate()
            except ValidationError as exc:
                self.problem(self.line_of(exc.path, _line(root)), exc.path, exc.reason, exc.code)
        if self.problems or doc is None:
            raise ParseError.of(self.problems)
        assert isinstance(doc, _elements.VoiceResponse | _elements.MessagingResponse)
        return doc

    def namespaces(self, element: etree._Element, parent: etree._Element | None, path: str) -> None:
        """Refuse namespace declarations: TwiML has none (``amazon:`` is read undeclared)."""
        inherited = {} if parent is None else parent.nsmap
        declared = [prefix for prefix in element.nsmap if prefix not in inherited]
        for prefix in declared:
            shown = "xmlns" if prefix is None else f"xmlns:{prefix}"
            self.problem(
                _line(element),
                path,
                f"declares an XML namespace ({shown}=...); TwiML elements have none "
                "(Polly's amazon: elements are written without a declaration)",
                NOT_IN_SCHEMA,
            )
        index = 0
        for child in element:
            if isinstance(child.tag, str):
                self.namespaces(child, element, f"{path}/{_tag_name(child)}[{index}]")
                index += 1

    def line_of(self, path: str, default: int | None) -> int | None:
        return self.lines.get(path.partition("@")[0], default)

    def children(self, element: etree._Element, spec: ElementSpec, path: str, depth: int) -> list[object] | None:
        """The children of ``element`` as node arguments, or None if any failed."""
        out: list[object] = []
        ok = True
        if element.text:
            out.append(element.text)
        index = 0
        for child in element:
            tag = child.tag
            if isinstance(tag, str):
                child_path = f"{path}/{_tag_name(child)}[{index}]"
                index += 1
                node = self.element(child, spec, child_path, depth + 1)
                if node is None:
                    ok = False
                else:
                    out.append(node)
            elif tag is etree.Comment:
                out.append(Comment(child.text or ""))
            else:
                self.problem(
                    _line(child),
                    path,
                    f"holds {_show(str(child))}, which is not TwiML (only elements, text and comments are)",
                    PARSE_FAILURE,
                )
                ok = False
            if child.tail:
                out.append(child.tail)
        if not ok:
            return None
        return _text_as_twilio_reads_it(out, spec.text)

    def element(self, element: etree._Element, parent: ElementSpec, path: str, depth: int) -> Node | None:
        line = _line(element)
        self.lines[path] = line
        tag = _tag_name(element)
        if depth > MAX_DEPTH:
            self.problem(line, path, f"elements nest deeper than {MAX_DEPTH} levels; TwiML never needs that")
            return None
        found = _CHILDREN[parent.name].get(tag)
        if found is None:
            return self.stranger(element, parent, tag, path, depth)
        spec, cls = found
        table = cls._table
        keywords: dict[str, object] = {}
        raw: dict[str, str] = {}
        ok = True
        for name, text in _attributes(element).items():
            attr = table.by_xml.get(name)
            if attr is None:
                raw[name] = text
                if self.strict:
                    allowed = ", ".join(a.xml for a in spec.attributes) or "none"
                    self.problem(
                        line,
                        f"{path}@{name}",
                        f"<{tag}> has no attribute {name!r} (allowed: {allowed}); "
                        "parse(..., strict=False) keeps it unvalidated",
                        NOT_IN_SCHEMA,
                    )
                    ok = False
                continue
            try:
                value = attr.kind.from_xml(text)
                if raw or not self.strict:
                    attr.kind.to_xml(value)  # the value is checked here when no constructor will
            except Invalid as exc:
                self.problem(
                    line, f"{path}@{name}", f"{name}={_show(text)} is not allowed: {exc.reason}", exc.code or attr.code
                )
                ok = False
                continue
            keywords[attr.name] = value
        children = self.children(element, spec, path, depth)
        if not ok or children is None:
            return None
        if raw:
            # strict=False: keep everything, written as given.
            return self.build(lambda *c, **a: Element(tag, *c, **a), children, dict(_attributes(element)), path, line)
        return self.build(cls, children, keywords, path, line)

    def stranger(self, element: etree._Element, parent: ElementSpec, tag: str, path: str, depth: int) -> Node | None:
        """An element ``parent`` does not allow: known elsewhere, or not TwiML at all."""
        line = _line(element)
        elsewhere = _KNOWN_TAGS.get(tag)
        allowed = ", ".join(f"<{SPECS[c.name].tag}>" for c in parent.children) or "no elements"
        if elsewhere is not None:
            domains = {spec.domain for spec in elsewhere}
            where = f"<{parent.tag}>"
            if parent is VOICE_RESPONSE:
                where = "a Voice document"
            elif parent is MESSAGING_RESPONSE:
                where = "a Messaging reply (a <Response> that holds <Message>)"
            code = None
            reason = f"{where} cannot contain <{tag}>; allowed: {allowed}"
            if parent.domain in ("voice", "messaging") and domains.isdisjoint({parent.domain, "shared"}):
                other = "Voice" if "voice" in domains else "Messaging"
                code = 14110 if domains <= {"voice", "messaging"} else None
                reason = f"<{tag}> is a {other} element; {reason}"
            self.problem(line, path, reason, code)
            return None
        if self.strict:
            self.problem(
                line,
                path,
                f"<{tag}> is not a TwiML element twimlkit knows (<{parent.tag}> allows {allowed}); "
                "parse(..., strict=False) keeps it as an Element",
                NOT_IN_SCHEMA,
            )
            return None
        return self.raw(element, tag, path, depth)

    def raw(self, element: etree._Element, tag: str, path: str, depth: int) -> Node | None:
        """An unknown element, kept as an ``Element`` with everything below it."""
        children: list[object] = [element.text] if element.text else []
        ok = True
        index = 0
        for child in element:
            if isinstance(child.tag, str):
                child_path = f"{path}/{_tag_name(child)}[{index}]"
                index += 1
                self.lines[child_path] = _line(child)
                if depth + 1 > MAX_DEPTH:
                    self.problem(_line(child), child_path, f"elements nest deeper than {MAX_DEPTH} levels")
                    return None
                node = self.raw(child, _tag_name(child), child_path, depth + 1)
                if node is None:
                    ok = False
                else:
                    children.append(node)
            elif child.tag is etree.Comment:
                children.append(Comment(child.text or ""))
            else:
                self.problem(_line(child), path, f"holds {_show(str(child))}, which is not TwiML", PARSE_FAILURE)
                ok = False
            if child.tail:
                children.append(child.tail)
        if not ok:
            return None
        if any(isinstance(child, Node) for child in children) and all(
            not child.strip() for child in children if isinstance(child, str)
        ):
            children = [child for child in children if not isinstance(child, str)]
        attributes: dict[str, object] = dict(_attributes(element))
        return self.build(lambda *c, **a: Element(tag, *c, **a), children, attributes, path, _line(element))

    def build(
        self,
        cls: Callable[..., Node],
        children: list[object],
        keywords: dict[str, object],
        path: str,
        line: int | None,
    ) -> Node | None:
        try:
            return cls(*children, **keywords)
        except ValidationError as exc:
            moved = exc.within(path)
            self.problem(self.line_of(moved.path, line), moved.path, moved.reason, moved.code)
            return None


def _text_as_twilio_reads_it(children: list[object], text: Text) -> list[object]:
    """Drop formatting whitespace; strip value text. Content text is kept exactly."""
    if text.is_content:
        return children
    out: list[object] = []
    for child in children:
        if isinstance(child, str):
            stripped = child.strip()
            if stripped:
                out.append(stripped)
        else:
            out.append(child)
    return out


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
    return {_attribute_name(str(key)): str(value) for key, value in element.attrib.items()}


def _attribute_name(key: str) -> str:
    if key.startswith(_XML_NAMESPACE):
        return "xml:" + key[len(_XML_NAMESPACE) :]
    return key.rpartition("}")[2] if key[0] == "{" else key
