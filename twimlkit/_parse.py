"""Reading TwiML: text or bytes back into the same typed trees the constructors build.

lxml parses (no DTD, no entities, no network, bounded depth and size); each element is
then looked up in the vocabulary under its parent and built with its class, so a parsed
tree passes exactly the checks a constructed one does. Every problem in the document is
collected, with its line and element path, before ``ParseError`` is raised.
"""

from __future__ import annotations

import re
import threading
from typing import Any, Final

from lxml import etree

from . import _elements
from ._document import MAX_DOCUMENT_BYTES
from ._kinds import Invalid, Str, StrList, _show
from ._node import Comment, Element, Node
from ._spec import ElementSpec
from ._vocabulary import MESSAGING_RESPONSE, SPECS, VOICE_RESPONSE
from .exceptions import ParseError, Problem, ValidationError

__all__ = ["parse"]

#: Twilio cannot parse the document (12100), its root is not <Response> (12102), or it
#: holds an element or attribute that is not TwiML (schema warning 12200).
PARSE_FAILURE: Final = 12100
ROOT_NOT_RESPONSE: Final = 12102
NOT_IN_SCHEMA: Final = 12200
#: libxml2 refuses documents nested deeper than this (without its "huge" option, which
#: twimlkit never sets); TwiML needs a handful of levels.
MAX_DEPTH: Final = 256

_XML_NAMESPACE: Final = "{http://www.w3.org/XML/1998/namespace}"
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


def _parsers() -> tuple[etree.XMLParser, etree.XMLParser]:
    """This thread's lxml parsers, strict and recovering (lxml parsers are per thread).

    Both refuse to resolve entities, load DTDs or touch the network. The recovering one
    is used only for documents with an undeclared prefix (Polly's ``amazon:``), which it
    reads as a plain name; any other error in its log is still fatal.
    """
    parsers: tuple[etree.XMLParser, etree.XMLParser] | None = getattr(_local, "parsers", None)
    if parsers is None:
        options: dict[str, Any] = {
            "resolve_entities": False,
            "no_network": True,
            "load_dtd": False,
            "dtd_validation": False,
            "huge_tree": False,
            "remove_blank_text": False,
            "remove_comments": False,
            "remove_pis": False,
            "strip_cdata": True,
            "collect_ids": False,
            "encoding": "utf-8",
        }
        parsers = (etree.XMLParser(**options), etree.XMLParser(recover=True, **options))
        _local.parsers = parsers
    return parsers


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
    So ``parse(doc.to_xml()) == doc`` for every valid tree, with one exception the XML
    cannot tell apart: a ``MessagingResponse`` without a ``<Message>`` reads back as a
    ``VoiceResponse`` with the same children.

    Raises ``ParseError`` listing every problem found (``.errors``), each with its line,
    path (``Response/Dial[0]@timeout``), reason and Twilio code.

        >>> from twimlkit import ParseError, parse
        >>> parse('<Response><Dial hangupOnStar="true"><Queue>radio</Queue></Dial></Response>')
        VoiceResponse(Dial(Queue('radio'), hangup_on_star=True))
        >>> try:
        ...     parse('<Response>\n<Dial timeout="0">+15558675310</Dial>\n<Play loop="x"/></Response>')
        ... except ParseError as error:
        ...     print(*error.errors, sep="\n")
        line 2: Response/Dial[0]@timeout: timeout='0' is not allowed: got 0; expected an integer of at least 1 [13212]
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
        code=11750,
    )


def _read_xml(data: bytes) -> etree._Element:
    strict, recovering = _parsers()
    try:
        root = etree.fromstring(data, strict)
    except etree.XMLSyntaxError as exc:
        if exc.code != etree.ErrorTypes.NS_ERR_UNDEFINED_NAMESPACE:  # type: ignore[attr-defined]
            raise _not_well_formed(data, exc.msg, exc.lineno, exc.code) from None  # type: ignore[attr-defined]
        root = etree.fromstring(data, recovering)
        for entry in recovering.error_log:
            if entry.level >= etree.ErrorLevels.ERROR and entry.type != etree.ErrorTypes.NS_ERR_UNDEFINED_NAMESPACE:
                raise _not_well_formed(data, entry.message, entry.line, entry.type) from None
    if root is None:
        raise _not_well_formed(data, "no element", 1)
    # XML is case-sensitive: a DTD starts with exactly "<!DOCTYPE"; only then look closer.
    if b"<!DOCTYPE" in data and root.getroottree().docinfo.internalDTD is not None:
        raise ParseError(
            "the document has a DTD (<!DOCTYPE ...>); TwiML has none, and twimlkit refuses them "
            "(entities and external references are a security risk)",
            line=1,
            code=PARSE_FAILURE,
        )
    return root


def _not_well_formed(data: bytes, message: str, line: int | None, code: int = 0) -> ParseError:
    if not data.strip():
        return ParseError("the document is empty; TwiML is a <Response> element", line=1, code=PARSE_FAILURE)
    message = _LINE_IN_MESSAGE.sub(r" (column \1)", message)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        message = "the document is UTF-16; TwiML is read as UTF-8"
    elif code == etree.ErrorTypes.ERR_INVALID_ENCODING:
        # The parser reads UTF-8 whatever the declaration says, as Twilio's helpers write it.
        message = f"the bytes are not UTF-8 ({message}); TwiML is read as UTF-8"
    elif message.startswith("Excessive depth"):
        message = f"elements nest deeper than {MAX_DEPTH} levels; TwiML needs a handful"
    return ParseError(f"not well-formed XML: {_clean(message)}", line=line, code=PARSE_FAILURE)


def _clean(message: str) -> str:
    return " ".join(message.split())


# -- the tree ------------------------------------------------------------------------------

# What the reader needs of an element class: (class, XML attribute name -> (keyword, reader
# of the text or None when the text is the value), content?, spec, child tag -> entry).
_Entry = tuple[type[Node], dict[str, tuple[str, Any]], bool, ElementSpec, dict[str, Any]]


def _converters(spec: ElementSpec) -> dict[str, tuple[str, Any]]:
    return {
        attr.xml: (attr.name, None if type(attr.kind) in (Str, StrList) else attr.kind.from_xml)
        for attr in spec.attributes
    }


_ENTRIES: Final[dict[str, _Entry]] = {
    name: (cls, _converters(SPECS[name]), SPECS[name].text.is_content, SPECS[name], {})
    for name, cls in _CLASSES.items()
}
for _name, (*_, _lookup) in _ENTRIES.items():
    _lookup.update({SPECS[child.name].tag: _ENTRIES[child.name] for child in SPECS[_name].children})
_VOICE: Final = _ENTRIES[VOICE_RESPONSE.name]
_MESSAGING: Final = _ENTRIES[MESSAGING_RESPONSE.name]
# The root, before its children say which document it is: it allows what either allows.
_ROOT: Final[_Entry] = (_elements.VoiceResponse, {}, False, VOICE_RESPONSE, {**_MESSAGING[4], **_VOICE[4]})


class _Reader:
    """One parse: builds nodes bottom-up and collects problems.

    Paths are worked out only when there is a problem to report (``_path``), so a valid
    document costs one walk and one constructor call per element.
    """

    def __init__(self, strict: bool, *, check_namespaces: bool) -> None:
        self.strict = strict
        self.check_namespaces = check_namespaces
        self.problems: list[Problem] = []

    def problem(self, at: etree._Element, reason: str, code: int | None = None, *, attribute: str = "") -> None:
        path = _path(at) + (f"@{attribute}" if attribute else "")
        self.problems.append(Problem(_line(at), path, reason, code))

    def document(self, root: etree._Element) -> _elements.VoiceResponse | _elements.MessagingResponse:
        if self.check_namespaces:
            self.namespaces(root, None)
        if not self.strict and root.items():
            # Kept raw, they would turn the document itself into an unvalidated Element.
            for name, text in _attributes(root).items():
                reason = f"<Response> takes no attributes, got {name}={_show(text)}"
                self.problem(root, reason, NOT_IN_SCHEMA, attribute=name)
        doc = self.element(root, _ROOT)
        if type(doc) is _elements.VoiceResponse or type(doc) is _elements.MessagingResponse:
            try:
                doc.validate()
            except ValidationError as exc:
                self.relocate(exc, root)
            if not self.problems:
                return doc
        # Document order: by line, and in the order found within a line.
        raise ParseError.of(sorted(self.problems, key=lambda problem: problem.line or 0))

    def root_entry(self, root: etree._Element, children: list[Any]) -> _Entry | None:
        """The document ``children`` make: Messaging if one is a <Message>, else Voice.

        Returns None, having reported each child the document cannot hold, if there is one.
        """
        for child in children:
            if type(child) is _elements.Message:
                break
        else:
            return _VOICE
        allowed = _MESSAGING[4]
        elements = [child for child in root if isinstance(child.tag, str)]
        ok = True
        for node, element in zip([c for c in children if isinstance(c, Node)], elements, strict=True):
            if type(node) is not Element and allowed.get(node.tag) is None:
                self.stranger(element, MESSAGING_RESPONSE)
                ok = False
        return _MESSAGING if ok else None

    def namespaces(self, element: etree._Element, parent: etree._Element | None) -> None:
        """Refuse namespace declarations: TwiML has none (``amazon:`` is read undeclared)."""
        inherited = {} if parent is None else parent.nsmap
        for prefix in element.nsmap:
            if prefix not in inherited:
                shown = "xmlns" if prefix is None else f"xmlns:{prefix}"
                self.problem(
                    element,
                    f"declares an XML namespace ({shown}=...); TwiML elements have none "
                    "(Polly's amazon: elements are written without a declaration)",
                    NOT_IN_SCHEMA,
                )
        for child in element:
            if isinstance(child.tag, str):
                self.namespaces(child, element)

    def relocate(self, exc: ValidationError, element: etree._Element) -> None:
        """Record a constructor's error (path relative to ``element``) at its absolute place."""
        moved = exc.within(_path(element))
        line = _line(element)
        # "Dial/Number[10]": the line of that child, when the error is about one.
        _head, slash, rest = exc.path.partition("/")
        if slash:
            index = rest.partition("[")[2].partition("]")[0]
            if index.isdigit():
                children = [child for child in element if isinstance(child.tag, str)]
                if int(index) < len(children):
                    line = _line(children[int(index)])
        self.problems.append(Problem(line, moved.path, moved.reason, moved.code))

    def element(self, element: etree._Element, entry: _Entry) -> Node | None:
        """Build one known element and everything below it; None if anything failed."""
        cls, converters, content, spec, lookup = entry
        keywords: dict[str, object] = {}
        raw = False
        ok = True
        # lxml gives attribute names and values as str (the stubs say str | bytes).
        items: list[tuple[str, str]] = element.items()  # type: ignore[assignment]
        if items:
            for key, written in items:
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
            if (raw and self.strict) or not ok:
                self.check_attributes(element, spec)
                ok = False
        children: list[Any] = []
        text = element.text
        if text and (content or (text := text.strip())):
            children.append(text)
        if len(element):
            for child in element:
                tag = child.tag
                if type(tag) is str:
                    found = lookup.get(tag)
                    node = self.element(child, found) if found is not None else self.stranger(child, spec)
                    if node is None:
                        ok = False
                    else:
                        children.append(node)
                elif tag is etree.Comment:  # type: ignore[comparison-overlap]
                    children.append(Comment(child.text or ""))
                else:
                    self.problem(
                        element, f"holds {_show(str(child))}, which is not TwiML (only elements, text, comments)"
                    )
                    ok = False
                tail = child.tail
                if tail and (content or (tail := tail.strip())):
                    children.append(tail)
        if entry is _ROOT and ok:
            chosen = self.root_entry(element, children)
            if chosen is None:
                return None
            cls = chosen[0]
        if not ok:
            return None
        try:
            if raw:
                # strict=False: keep the element as written, an Element, once the
                # attributes twimlkit knows are checked.
                if not self.check_attributes(element, spec):
                    return None
                return Element(spec.tag, *children, **_attributes(element))
            # What the class's __init__ does, minus one call: the same checks.
            node = _new(cls)
            node._build(tuple(children), keywords)
        except ValidationError as exc:
            # An attribute's value: report every invalid one. Otherwise (or for a rule that
            # spans attributes, which no single value breaks) the constructor's own error.
            if "@" not in exc.path or self.check_attributes(element, spec):
                self.relocate(exc, element)
            return None
        return node

    def check_attributes(self, element: etree._Element, spec: ElementSpec) -> bool:
        """Report every attribute problem of ``element``, in order; True if there is none.

        Construction stops at the first problem; a reader of TwiML wants them all.
        """
        ok = True
        by_xml = _CLASSES[spec.name]._table.by_xml
        for name, written in _attributes(element).items():
            attr = by_xml.get(name)
            if attr is None:
                if self.strict:
                    allowed = ", ".join(a.xml for a in spec.attributes) or "none"
                    reason = (
                        f"<{spec.tag}> has no attribute {name!r} (allowed: {allowed}); "
                        "parse(..., strict=False) keeps it unvalidated"
                    )
                    self.problem(element, reason, NOT_IN_SCHEMA, attribute=name)
                    ok = False
                continue
            try:
                attr.kind.to_xml(attr.kind.from_xml(written))
            except Invalid as exc:
                reason = f"{attr.xml}={_show(written)} is not allowed: {exc.reason}"
                self.problem(element, reason, exc.code or attr.code, attribute=attr.xml)
                ok = False
        return ok

    def stranger(self, element: etree._Element, parent: ElementSpec) -> Node | None:
        """An element ``parent`` does not allow: known elsewhere, or not TwiML at all."""
        tag = _tag_name(element)
        allowed = ", ".join(f"<{SPECS[c.name].tag}>" for c in parent.children) or "no elements"
        elsewhere = _KNOWN_TAGS.get(tag)
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
            self.problem(element, reason, code)
            return None
        if self.strict:
            self.problem(
                element,
                f"<{tag}> is not a TwiML element twimlkit knows (<{parent.tag}> allows {allowed}); "
                "parse(..., strict=False) keeps it as an Element",
                NOT_IN_SCHEMA,
            )
            return None
        return self.raw(element)

    def raw(self, element: etree._Element) -> Node | None:
        """An unknown element, kept as an ``Element`` with everything below it."""
        children: list[Any] = [element.text] if element.text else []
        ok = True
        for child in element:
            if isinstance(child.tag, str):
                # Below an unknown element, a tag only one vocabulary element has is that
                # element (validated); anything else stays raw.
                specs = _KNOWN_TAGS.get(_tag_name(child), ())
                node = self.element(child, _ENTRIES[specs[0].name]) if len(specs) == 1 else self.raw(child)
                if node is None:
                    ok = False
                else:
                    children.append(node)
            elif child.tag is etree.Comment:
                children.append(Comment(child.text or ""))
            else:
                self.problem(element, f"holds {_show(str(child))}, which is not TwiML (only elements, text, comments)")
                ok = False
            if child.tail:
                children.append(child.tail)
        if not ok:
            return None
        # Between elements, whitespace-only text is formatting (the pretty writer adds it).
        if any(isinstance(child, Node) for child in children) and all(
            not child.strip() for child in children if isinstance(child, str)
        ):
            children = [child for child in children if not isinstance(child, str)]
        try:
            return Element(_tag_name(element), *children, **_attributes(element))
        except ValidationError as exc:
            self.relocate(exc, element)
            return None


def _path(element: etree._Element) -> str:
    """``Response/Dial[0]/Number[3]``: each index counts the element children before it."""
    parts: list[str] = []
    node: etree._Element | None = element
    while node is not None:
        parent = node.getparent()
        if parent is None:
            parts.append(_tag_name(node))
        else:
            index = sum(1 for sibling in node.itersiblings(preceding=True) if isinstance(sibling.tag, str))
            parts.append(f"{_tag_name(node)}[{index}]")
        node = parent
    return "/".join(reversed(parts))


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
    if key.startswith(_XML_NAMESPACE):
        return "xml:" + key[len(_XML_NAMESPACE) :]
    return key.rpartition("}")[2] if key[0] == "{" else key
