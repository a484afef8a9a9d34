"""The reader's fast path: a tree straight from lxml's, for documents with nothing unusual.

``read`` walks the lxml tree and builds each node with its class's prepared table, keyed
by XML names: attribute texts it has seen map to (keyword, value, written piece), and the
children, text, rules and document checks are the constructors' own code. Text from lxml
holds only characters XML allows (its parser refuses the rest), so a text needs only the
checks its kind makes (``Str.bounds``), and escaping waits until the node is written.

It makes the tree the full reader makes, or gives up (returns None) at the first thing it
does not handle: an unknown element or attribute, a value or child that fails, a
processing instruction, a namespace. The full reader then reads the document again and
reports every problem with its line and path; the fast path does no such bookkeeping.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from lxml import etree

from . import _elements
from ._document import _DECLARATION_BYTES, MAX_DOCUMENT_BYTES
from ._kinds import MAX_DIGITS, Int, Invalid, Str, StrList, _show
from ._memo import admit
from ._node import (
    _NO_ATTRIBUTES,
    Comment,
    Node,
    _check_children,
    _finish,
    _in_order,
    _piece,
    _render_slow,
    _set_attrs,
    _set_children,
    _set_flags,
    _set_xml,
    _start_tag,
    _Table,
    _take,
)
from ._spec import Attr, ElementSpec
from ._vocabulary import MESSAGING_RESPONSE, SPECS, VOICE_RESPONSE
from ._xmlchars import escape_text
from .exceptions import ValidationError

__all__ = ["read"]

_XML_NAMESPACE: Final = "{http://www.w3.org/XML/1998/namespace}"
# Polly's undeclared amazon: prefix is read in this namespace (see _parse).
_AMAZON_NAMESPACE: Final = "{urn:twimlkit:amazon-polly}"
# How many texts each attribute and each class remembers (and _memo bounds them all together
# in characters): enough for every value of the documented ranges, such as Pause lengths.
_MEMO_SIZE: Final = 1024


class Refused:
    """A remembered text its attribute refuses (false, unlike an accepted text's entry),
    with the problem the full reader reports for it, so that it is worked out once."""

    __slots__ = ("code", "reason")

    def __init__(self, reason: str | None, code: int | None) -> None:
        self.reason = reason
        self.code = code

    def __bool__(self) -> bool:
        return False


def refusal(attr: Attr, text: str) -> Refused:
    """The problem the readers report for ``text`` as the value of ``attr``: a ``Refused``
    whose reason is None when the kind takes it."""
    try:
        attr.kind.to_xml(attr.kind.from_xml(text))
    except Invalid as exc:
        return Refused(f"{attr.xml}={_show(text)} is not allowed: {exc.reason}", exc.code or attr.code)
    return Refused(None, None)


_new = object.__new__
# The attributes of every node read without any: nodes never change their attribute dict.
_COMMENT: Final = etree.Comment
# The most bytes one byte of TwiML read may take when written (' " ' to '&quot;').
_EXPANSION: Final = 6
# A document read from at most this many bytes writes at most what Twilio reads.
_FEW_BYTES: Final = (MAX_DOCUMENT_BYTES - _DECLARATION_BYTES) // _EXPANSION
# Beyond any integer of MAX_DIGITS digits: the bound of an integer attribute without one.
_TOO_BIG: Final = 10**MAX_DIGITS


# An entry's side: what it makes of the document it stands in.
_EITHER: Final = 0  # <Redirect>, which both documents hold
_VOICE_ONLY: Final = 1  # a verb a Messaging reply does not hold
_MESSAGE: Final = 2  # <Message>, which makes a Messaging reply
_BOTH: Final = _VOICE_ONLY | _MESSAGE


class GiveUp(Exception):
    """Something the fast path does not handle: the full reader decides.

    Raised as the class, never as one shared instance, whose traceback would grow with
    every raise. ``at`` is the element where it gave up, the deepest one.
    """

    __slots__ = ("at",)

    def __init__(self, at: etree._Element | None = None) -> None:
        # BaseException.__new__ has set what an exception needs; this is raised often.
        self.at = at

    def failing(self) -> frozenset[etree._Element]:
        """Where it gave up and the ancestors of that element: each of them fails the fast
        way, so the full reader reads them the slow way at once."""
        at = self.at
        return frozenset() if at is None else frozenset((at, *at.iterancestors()))


class _Entry:
    """An element class prepared for reading: its attributes by lxml's key, its children
    by tag."""

    __slots__ = (
        "bare",
        "cls",
        "content",
        "ints",
        "keys",
        "lookup",
        "memos",
        "open",
        "quick",
        "refused",
        "rule",
        "side",
        "spec",
        "table",
        "text_limit",
        "text_quick",
        "text_required",
        "texts",
    )

    def __init__(self, cls: type[Node]) -> None:
        self.cls = cls
        table: _Table = cls._table
        self.table = table
        self.spec: ElementSpec = cls._spec
        self.open: str = table.open
        self.content: bool = table.content
        # Its rules as one call (most classes have none or one).
        self.rule = _one_call(table.rules)
        self.text_required: bool = table.text_required
        # At the root: which document it makes (set below, once the lookups are made).
        self.side = _EITHER
        # lxml's attribute key -> {text: (keyword, value, ' name="text"' or None until an
        # element written at once needs it, the dict of the nodes with it alone or None
        # until such a node is read; only a remembered entry is ever replaced) or a
        # Refused}. Tuples and dicts of plain values, which the garbage collector stops
        # tracking: the memos cost no collection time.
        self.memos: dict[str, dict[str, tuple[Any, ...] | Refused]] = {
            _key(attr.xml): {} for attr in self.spec.attributes
        }
        # lxml's attribute key -> the attribute's keyword and the attribute
        self.keys: dict[str, tuple[str, Attr]] = {_key(attr.xml): (attr.name, attr) for attr in self.spec.attributes}
        # child tag (as lxml gives it) -> its entry
        self.lookup: dict[str, _Entry] = {}
        # lxml's attribute key -> (keyword, fewest and most characters, fullmatch) of
        # attributes of string kinds (Str.bounds)
        self.quick: dict[str, tuple[str, int, int, Callable[[str], object] | None]] = {
            _key(attr.xml): (attr.name, *attr.kind.bounds())
            for attr in self.spec.attributes
            if isinstance(attr.kind, Str)
        }
        # lxml's attribute key -> (keyword, least, most) of integer attributes
        self.ints: dict[str, tuple[str, int, int]] = {
            _key(attr.xml): (
                attr.name,
                -_TOO_BIG if attr.kind.min is None else attr.kind.min,
                _TOO_BIG if attr.kind.max is None else attr.kind.max,
            )
            for attr in self.spec.attributes
            if type(attr.kind) is Int
        }
        # Texts that, alone in the element, its checks refused, with the error they raised.
        self.refused: dict[str, ValidationError] = {}
        # Value text: its kind's bounds (Str.bounds), and the texts that passed them.
        kind = self.spec.text_kind
        self.text_quick = kind.bounds() if isinstance(kind, Str) and not self.content else None
        self.texts: dict[str, tuple[str]] = {}
        # The node of this class with no attributes and no children, once read.
        self.bare: Node | None = None
        # Content text: the most characters it may hold (the one check XML text needs).
        self.text_limit: int = table.text_limit


def _one_call(rules: tuple[Callable[[Node], None], ...]) -> Callable[[Node], None] | None:
    """``rules`` as one function, or None when there are none."""
    if not rules:
        return None
    if len(rules) == 1:
        return rules[0]

    def every(node: Node) -> None:
        for rule in rules:
            rule(node)

    return every


def _key(name: str) -> str:
    """lxml's key for an attribute or tag written ``name`` (``xml:lang``, ``amazon:effect``)."""
    if name.startswith("xml:"):
        return _XML_NAMESPACE + name[4:]
    if name.startswith("amazon:"):
        return _AMAZON_NAMESPACE + name[7:]
    return name


_ENTRIES: Final[dict[str, _Entry]] = {name: _Entry(getattr(_elements, name)) for name in SPECS}
for _name, _entry in _ENTRIES.items():
    _entry.lookup.update({_key(SPECS[child.name].tag): _ENTRIES[child.name] for child in SPECS[_name].children})
_VOICE: Final = _ENTRIES[VOICE_RESPONSE.name]
_MESSAGING: Final = _ENTRIES[MESSAGING_RESPONSE.name]
# The root allows what either document allows, until its children say which it is.
_ROOT_LOOKUP: Final = {**_MESSAGING.lookup, **_VOICE.lookup}
for _tag, _found in _ROOT_LOOKUP.items():
    _found.side = _VOICE_ONLY if _tag not in _MESSAGING.lookup else _MESSAGE if _tag == "Message" else _EITHER
# The two documents and their tables. ``document`` takes their checks as these are: none
# of their own rules, children checked only against caps and text (fast_children).
_DocumentClass = type[_elements.VoiceResponse | _elements.MessagingResponse]
_VOICE_DOCUMENT: Final[tuple[_DocumentClass, _Table]] = (_elements.VoiceResponse, _elements.VoiceResponse._table)
_MESSAGING_DOCUMENT: Final[tuple[_DocumentClass, _Table]] = (
    _elements.MessagingResponse,
    _elements.MessagingResponse._table,
)
for _document_cls, _document_table in (_VOICE_DOCUMENT, _MESSAGING_DOCUMENT):
    if _document_table.rules or not _document_table.fast_children:
        raise AssertionError(f"document() reads {_document_cls.__name__} with checks it no longer has")


def _learn(entry: _Entry, key: str, text: str) -> tuple[Any, ...] | Refused:
    """What attribute ``key`` of ``entry`` makes of ``text``, exactly as the full reader
    and the constructor do; remembered (refusals too) up to a bound."""
    found: tuple[Any, ...] | Refused
    number = entry.ints.get(key)
    if number is not None and text.isascii() and text.isdigit() and len(text) <= MAX_DIGITS:
        # Plain digits, as integers are mostly written: what Int.from_xml makes of them.
        keyword, low, high = number
        read = int(text)
        if low <= read <= high:
            found = (keyword, read, None, {keyword: read})
            memo = entry.memos[key]
            if len(memo) < _MEMO_SIZE and admit(len(text)):
                memo[text] = found
            return found
    keyword, attr = entry.keys[key]
    quick = entry.quick.get(key)
    if quick is not None:
        # A string kind (as _element checks it too): the written piece waits until an
        # element needs it (see _node._piece).
        _keyword, low, high, fullmatch = quick
        ok = low <= len(text) <= high and (fullmatch is None or fullmatch(text) is not None)
        found = (keyword, text, None, {keyword: text}) if ok else refusal(attr, text)
    else:
        try:
            value: object = text if type(attr.kind) is StrList else attr.kind.from_xml(text)
            fast = entry.table.render[keyword][0]
            piece = fast(value) if fast is not None else None
            if piece is None:
                value, piece = _render_slow(entry.spec, attr, value)
            found = (keyword, value, piece, {keyword: value})
        except (Invalid, ValidationError):
            found = refusal(attr, text)
    memo = entry.memos[key]
    if len(memo) < _MEMO_SIZE and admit(len(text)):
        memo[text] = found
    return found


_set_comment_text = Comment.__dict__["text"].__set__


def _comment(text: str) -> Comment:
    """A comment as lxml read it: XML lets no comment hold what ``Comment`` refuses ('--',
    a '-' at the end, a carriage return, an illegal character), so it needs no check."""
    comment = _new(Comment)
    _set_comment_text(comment, text)
    return comment


def _element(element: etree._Element, entry: _Entry, write: bool = False) -> Node:
    """One element and everything below it, built by its class; raises ``GiveUp``.

    The common cases of ``_finish`` are taken here (one text its class remembers, no
    children, element children the class allows), the others are ``_finish`` itself.
    Its XML is written now only when ``write`` (its parent's content is written with it,
    as in ``<Say>``), else when first asked for (``Node._xml``).
    """
    try:
        attributes: dict[str, object] = _NO_ATTRIBUTES
        rendered = entry.open
        # lxml gives attribute names and values as str (the stubs say str | bytes).
        items: list[tuple[str, str]] = element.items()  # type: ignore[assignment]
        if items:
            # Nodes with the same one attribute share one dict (never changed), kept with
            # the value it holds: no dict is made for them, and a tree costs memory in
            # proportion to what it holds.
            single = len(items) == 1
            if not single:
                attributes = {}
            memos = entry.memos
            for key, written in items:
                try:
                    memo = memos[key]
                except KeyError:  # an attribute the class does not have
                    raise GiveUp(element) from None
                found = memo.get(written)
                if not found:  # not remembered (None), or remembered as refused
                    if found is not None:
                        raise GiveUp(element)
                    quick = entry.quick.get(key)
                    if quick is not None:
                        # What _learn does for a string kind, here: misses are rare, and a
                        # call on a rarely taken path costs the most. Refusals go there.
                        keyword, low, high, fullmatch = quick
                        if low <= len(written) <= high and (fullmatch is None or fullmatch(written) is not None):
                            # The dict of nodes with it alone is made when one needs it.
                            found = (keyword, written, None, {keyword: written} if single else None)
                            if len(memo) < _MEMO_SIZE and admit(len(written)):
                                memo[written] = found
                        else:
                            found = _learn(entry, key, written)
                    else:
                        found = _learn(entry, key, written)
                    if not found:
                        raise GiveUp(element)
                keyword, value, piece, alone = found  # type: ignore[misc]  # a Refused is false
                if single:
                    if alone is None:
                        alone = {keyword: value}
                        memo[written] = (keyword, value, piece, alone)
                    attributes = alone
                else:
                    attributes[keyword] = value
                if write:
                    rendered += piece if piece is not None else _piece(entry.spec, entry.table, keyword, value)
            if write and not single and _in_order(entry.table, attributes) is not attributes:
                # Written in the vocabulary's order, as building writes it.
                rendered = _start_tag(entry.spec, entry.table, attributes)
        content = entry.content
        text = element.text
        if len(element):
            children: list[Any] = []
            mixed = False
            if text and (content or (text := text.strip())):
                children.append(text)
                mixed = True
            lookup = entry.lookup
            # Content (<Say>, <Message>) is written with its children's XML when it is built.
            inside = write or content
            # A slice of children is made in one call; iterating makes one per child.
            for child in element[:]:  # type: ignore[index]  # lxml-stubs know int indexes only
                tag = child.tag
                found_entry = lookup.get(tag)
                if found_entry is not None:
                    children.append(_element(child, found_entry, inside))
                elif tag is _COMMENT:  # type: ignore[comparison-overlap]
                    children.append(_comment(child.text or ""))
                    mixed = True
                else:
                    raise GiveUp(element)
                tail = child.tail
                if tail and (content or (tail := tail.strip())):
                    children.append(tail)
                    mixed = True
            table = entry.table
            if mixed or not table.fast_children or len(children) > table.cap_floor:
                node = _new(entry.cls)
                # Content is written now, with its children; the rest when first asked for.
                now = write or content
                start = (rendered if write else _start_tag(entry.spec, table, attributes)) if now else ""
                _finish(node, table, tuple(children), attributes, start, write=now)
                return node
            kept: tuple[object, ...] = tuple(children)
            if write:
                rendered = f"{rendered}>{''.join([_take(child) for child in children])}{table.close}"
        elif text and (content or (text := text.strip())):
            # lxml gives only characters XML allows, so content needs only its length
            # checked, and value text (stripped) its kind's check; the rest, the full checks.
            if content:
                kept = (text,)
                if len(text) > entry.text_limit:
                    kept = _checked(element, entry, text)
            else:
                # Nodes with the same value text share its children tuple.
                shared = entry.texts.get(text)
                if shared is not None:
                    kept = shared
                else:
                    kept = (text,)
                    bounds = entry.text_quick
                    ok = False
                    if bounds is not None:
                        low, high, fullmatch = bounds
                        ok = low <= len(text) <= high and (fullmatch is None or fullmatch(text) is not None)
                    if ok:
                        if len(entry.texts) < _MEMO_SIZE and admit(len(text)):
                            entry.texts[text] = kept
                    else:
                        kept = _checked(element, entry, text)
            if write:
                rendered = f"{rendered}>{escape_text(kept[0])}{entry.table.close}" if kept else rendered + "/>"
        else:
            if entry.text_required:
                node = _new(entry.cls)
                _finish(node, entry.table, (), attributes, entry.open)
                return node
            if not items:
                # Every <Pause/>, <Hangup/>, <break/> read is one node (nodes never change);
                # a parent written at once writes it from its tag (see _node._take).
                bare = entry.bare
                return _bare(entry) if bare is None else bare
            kept = ()
            rendered += "/>"
        node = _new(entry.cls)
        _set_attrs(node, attributes)
        _set_children(node, kept)
        if write:
            # Written at once, inside content: its parent takes its XML and height (1).
            _set_xml(node, rendered)
            _set_flags(node, 2)
        # Else its flags are left unset: 0 (see _node._flags_of).
        rule = entry.rule
        if rule is not None:
            rule(node)
        return node

    except ValidationError:
        raise GiveUp(element) from None


def _bare(entry: _Entry) -> Node:
    """The node of ``entry``'s class with no attributes and no children, made once its
    rule passes it (raises ``ValidationError`` if not): one level of elements."""
    node = _new(entry.cls)
    _set_attrs(node, _NO_ATTRIBUTES)
    _set_children(node, ())
    _set_flags(node, 2)
    if entry.rule is not None:
        entry.rule(node)
    entry.bare = node
    return node


def _checked(element: etree._Element, entry: _Entry, text: str) -> tuple[str, ...]:
    """The children of ``element``, of ``entry``'s class, holding only ``text``, which needs
    the full checks (what ``_finish`` does with it); raises ``GiveUp`` if they refuse it."""
    if text in entry.refused:
        raise GiveUp(element)
    try:
        kept, _unchecked, _inner, _height = _check_children(_new(entry.cls), entry.table, (text,), write=False)
    except ValidationError as exc:
        if len(entry.refused) < _MEMO_SIZE and admit(len(text)):
            entry.refused[text] = exc
        raise GiveUp(element) from None
    return kept  # type: ignore[return-value]  # one text, or none


def document(root: etree._Element, size: int) -> _elements.VoiceResponse | _elements.MessagingResponse:
    """The document of ``root``, read from ``size`` bytes; raises ``GiveUp``."""
    if root.items():
        raise GiveUp
    children: list[Any] = []
    # Which document the verbs so far make (their entries' ``side``): a Messaging reply
    # holds nothing else Voice documents hold, so both at once gives up at once.
    side = 0
    mixed = False
    text = root.text
    if text and (text := text.strip()):
        children.append(text)
        mixed = True
    for child in root[:]:  # type: ignore[index]  # lxml-stubs know int indexes only
        tag = child.tag
        found = _ROOT_LOOKUP.get(tag)
        if found is not None:
            side |= found.side
            if side == _BOTH:
                raise GiveUp
            children.append(_element(child, found))
        elif tag is _COMMENT:  # type: ignore[comparison-overlap]
            children.append(_comment(child.text or ""))
            mixed = True
        else:
            raise GiveUp
        tail = child.tail
        if tail and (tail := tail.strip()):
            children.append(tail)
            mixed = True
    cls, table = _MESSAGING_DOCUMENT if side == _MESSAGE else _VOICE_DOCUMENT
    doc = _new(cls)
    if mixed or not children or len(children) > table.cap_floor:
        _finish(doc, table, tuple(children), _NO_ATTRIBUTES, "", write=False)
        if doc._unchecked:
            doc.validate()
            return doc
    else:
        # Every child is one the document allows: a Voice document's come from the lookup
        # both documents share, less <Message> (which makes a Messaging reply), and a
        # Messaging reply's are <Message>s and what both documents hold (their side).
        # Documents have no rules and no text checks of their own (checked at import, below the entries).
        _set_attrs(doc, _NO_ATTRIBUTES)
        _set_children(doc, tuple(children))
        # Its XML is written when first asked for (Node._xml), not here; its flags are
        # left unset (see _node._flags_of).
    # What validate() checks of a document without Element nodes is its size. Writing
    # escapes make no character more than six bytes (a quote becomes &quot;): a document
    # read from few enough bytes cannot write more than Twilio reads.
    if size > _FEW_BYTES:
        doc.validate()
    return doc


def read(root: etree._Element) -> _elements.VoiceResponse | _elements.MessagingResponse | None:
    """The tree of ``root`` (a ``<Response>`` without namespace declarations), or None
    when the full reader must decide. (``parse`` calls ``document`` itself.)"""
    try:
        return document(root, MAX_DOCUMENT_BYTES)
    except (GiveUp, ValidationError):
        return None


def subtree(element: etree._Element, name: str) -> Node | None:
    """The node of ``element``, read as the element class ``name`` (its parent allows it
    there), or None when the full reader must decide: the full reader takes this first
    for each element, so that only what fails is read the slow way."""
    try:
        return _element(element, _ENTRIES[name])
    except (GiveUp, ValidationError):
        return None


def known_valid(name: str) -> dict[str, dict[str, tuple[Any, ...] | Refused]]:
    """The attribute texts element class ``name`` has read, by lxml's attribute key: a
    true value for a text known valid (the full reader need not check it again), a
    ``Refused`` for one refused."""
    return _ENTRIES[name].memos


def learn(name: str, key: str, text: str) -> tuple[Any, ...] | Refused:
    """What attribute ``key`` (lxml's) of element class ``name`` makes of ``text``, as the
    fast path reads it, remembered for the next time (the full reader asks too)."""
    return _learn(_ENTRIES[name], key, text)


def refused_text(name: str, text: str) -> ValidationError | None:
    """The error element class ``name`` raised for ``text`` alone in it, if remembered."""
    return _ENTRIES[name].refused.get(text)
