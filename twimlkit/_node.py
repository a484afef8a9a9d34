"""Nodes: immutable TwiML elements that validate when built and write themselves as XML.

Every element class (generated in ``_elements.py`` from the vocabulary) is a ``Node``
subclass whose ``__init__`` hands its children and keywords to ``Node._build``. That one
routine checks them against the element's spec; a node that exists is valid, and writing
it is a straight walk over strings prepared at construction.
"""

from __future__ import annotations

import keyword
import math
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar, Final, TypeVar, overload

import attrs

from ._kinds import _TOO_LONG, ILLEGAL_CHARACTER_CODE, MAX_DIGITS, Choice, Invalid, _show, plain_str
from ._memo import admit
from ._spec import Attr, Child, ElementSpec, Text
from ._vocabulary import SPECS
from ._xmlchars import escape_attribute, escape_text, find_not_plain, first_illegal_char
from .exceptions import ValidationError

if TYPE_CHECKING:
    from collections.abc import Callable
    from inspect import Signature
    from typing import Self

_N = TypeVar("_N", bound="Node")

__all__ = ["Comment", "Element", "MAX_DEPTH", "Node", "XML_DECLARATION"]

XML_DECLARATION: Final = '<?xml version="1.0" encoding="UTF-8"?>'
#: How many levels of elements a tree may have, <Response> included: as deep as Twilio's
#: XML reader (libxml2, without its "huge" option) reads, and so ``parse``. TwiML needs a
#: handful; every walk over a tree (writing, repr, pickling, lint) works to this depth.
MAX_DEPTH: Final = 256
#: Twilio's code for a document it cannot read as XML.
DEPTH_CODE: Final = 12100
# The attributes of every node that has none (never changed: nodes are immutable).
_NO_ATTRIBUTES: Final[dict[str, object]] = {}
# Tags whose text is content (spoken or sent): Element nodes with them are written inline.
_CONTENT_TAGS: Final = frozenset(spec.tag for spec in SPECS.values() if spec.text.is_content)
_INDENT: Final = "  "
# How many passing texts each element class remembers.
_TEXT_MEMO_SIZE: Final = 1024


class _Table:
    """A spec prepared for fast lookups while building nodes."""

    __slots__ = (
        "attrs",
        "blank_between",
        "by_xml",
        "cap_floor",
        "capped_tags",
        "caps",
        "child_names",
        "close",
        "content",
        "fast_children",
        "has_text",
        "open",
        "orders",
        "rank",
        "render",
        "rules",
        "singles",
        "text",
        "text_fast",
        "text_kind",
        "text_limit",
        "text_memo",
        "text_required",
    )

    def __init__(self, spec: ElementSpec, rules: Sequence[Callable[[Node], None]]) -> None:
        self.attrs: dict[str, Attr] = {attr.name: attr for attr in spec.attributes}
        self.by_xml: dict[str, Attr] = {attr.xml: attr for attr in spec.attributes}
        # Attributes are written in the vocabulary's order, whatever order they come in.
        self.rank: dict[str, int] = {attr.name: index for index, attr in enumerate(spec.attributes)}
        # Keywords in the order given -> the same in the vocabulary's order (see _order).
        self.orders: dict[tuple[str, ...], tuple[str, ...]] = {}
        # (written attribute, value type) -> the one-attribute dict nodes built with it share.
        self.singles: dict[tuple[str, type], Mapping[str, object]] = {}
        # keyword -> (shortcut renderer or None, attr, rank)
        self.render: dict[str, tuple[Callable[[object], str | None] | None, Attr, int]] = {
            attr.name: (attr.kind.fast(" " + attr.xml + '="'), attr, index)
            for index, attr in enumerate(spec.attributes)
        }
        self.child_names = frozenset(child.name for child in spec.children)
        self.caps: dict[str, Child] = {child.name: child for child in spec.children if child.max is not None}
        # Tag -> class name of the capped children, to count Element nodes by their tag.
        self.capped_tags: dict[str, str] = {SPECS[name].tag: name for name in self.caps}
        # With at most this many children no cap can be exceeded.
        self.cap_floor: int = min((child.max for child in self.caps.values() if child.max is not None), default=2**31)
        self.text = spec.text
        self.text_kind = spec.text_kind
        self.text_limit: int = getattr(spec.text_kind, "max_length", None) or 2**63
        # Single texts that passed the checks, written (see _single_text).
        self.text_memo: dict[str, str] = {}
        self.has_text = spec.text is not Text.NONE
        self.text_required = spec.text.required
        self.content = spec.text.is_content
        # Content whose children are blocks, not words (Message: Body, Media), where
        # whitespace between them is formatting.
        self.blank_between = spec.text.is_content and any(SPECS[child.name].domain != "ssml" for child in spec.children)
        self.text_fast = spec.text_kind.fast("") if spec.text_kind is not None and not spec.text.is_content else None
        # Element-only children need no text checks unless text is required or counted.
        self.fast_children = not spec.text.required and not spec.text.is_content
        self.rules = tuple(rules)
        self.open = "<" + spec.tag
        self.close = "</" + spec.tag + ">"


class _LazyTable:
    """``Node._table``: each element class builds its table when it is first used, not
    when ``twimlkit`` is imported (which would also compile every pattern it checks)."""

    def __get__(self, instance: object, owner: type[Node]) -> _Table:
        rules = owner.__dict__.get("_rules")
        if rules is None:  # Node itself, Element, Comment: no spec of their own
            raise AttributeError(f"{owner.__name__} has no table")
        table = _Table(owner._spec, rules)
        owner._table = table  # type: ignore[assignment]  # the class's own table shadows this from now on
        return table


class _LazySignature:
    """``Node.__signature__``: what ``inspect.signature``, ``help()`` and notebook editors
    (jedi) show for an element class, made from its spec when first asked for: every
    keyword with its type, as the generated signature that type checkers read has them."""

    def __get__(self, instance: object, owner: type[Node]) -> Signature | None:
        spec = owner.__dict__.get("_spec")
        if spec is None:  # Node itself, Element: their own __init__ says it
            return None
        import inspect  # noqa: PLC0415  # costs import time for what only tools ask

        kinds = {
            "text": inspect.Parameter.POSITIONAL_ONLY,
            "children": inspect.Parameter.VAR_POSITIONAL,
            "keyword": inspect.Parameter.KEYWORD_ONLY,
        }
        parameters = [
            inspect.Parameter(
                name, kinds[how], default=None if how != "children" else inspect.Parameter.empty, annotation=annotation
            )
            for how, name, annotation in spec.parameters()
        ]
        signature = inspect.Signature(parameters, return_annotation=inspect.Signature.empty)
        owner.__signature__ = signature  # type: ignore[assignment]  # the class's own from now on
        return signature


def _items(attributes: Mapping[str, object]) -> frozenset[tuple[str, object, object]]:
    """What equality compares of the attributes: each value with its type (a list's, with
    its items' types), since True and 1, or 1 and 1.0, are equal in Python but written
    differently."""
    return frozenset((key, _typed(value), value) for key, value in attributes.items())


def _typed(value: object) -> object:
    if type(value) is tuple:
        return tuple(type(item) for item in value)
    return type(value)


class _Shown:
    """How a node or comment shows in Jupyter and IPython (see _display, loaded when shown):
    pretty TwiML, syntax-coloured in HTML, with a document's lint warnings."""

    __slots__ = ()

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        from ._display import mimebundle  # noqa: PLC0415  # only in notebooks

        return mimebundle(self, include, exclude)  # type: ignore[arg-type]

    def _repr_html_(self) -> str:
        from ._display import html_of  # noqa: PLC0415

        return html_of(self)  # type: ignore[arg-type]


class _PrettyPrinted:
    """``_repr_pretty_`` (IPython's printer): a node or comment prints as its TwiML, a class
    as a class. IPython calls ``cls._repr_pretty_(obj, printer, cycle)``; printers that take
    the attribute from the object call it with ``(printer, cycle)``, on a class too."""

    def __get__(self, obj: object, cls: type | None = None) -> Callable[..., None]:
        from ._display import plain_text  # noqa: PLC0415  # only in IPython

        if obj is not None:
            return lambda printer, _cycle=False: printer.text(plain_text(obj))  # type: ignore[arg-type]

        def on_class(*args: Any) -> None:
            if len(args) == 3:  # (obj, printer, cycle)
                args[1].text(plain_text(args[0]))
            else:  # (printer, cycle): the class itself is printed
                args[0].text(repr(cls))

        return on_class


@attrs.frozen(init=False, repr=False, slots=True, weakref_slot=False)
class Node(_Shown):
    """A TwiML element: a tag, attributes and children, immutable and compared by value."""

    children: tuple[Any, ...]
    # Python keyword -> value; never mutated after construction.
    _attrs: Mapping[str, object] = attrs.field(eq=_items, init=False)
    # The whole element as compact XML, written when the node is built. A parent takes it
    # into its own and unsets it here, so a tree keeps its XML once (at the root), not once
    # per level; a node read from TwiML has none until it is first written (see _xml).
    _written: str = attrs.field(eq=False, init=False)
    # Two facts in one slot (a node stays 64 bytes): bit 0 is set when an Element node
    # (unvalidated) is somewhere below, so documents check what only they can, such as
    # Voice/Messaging mixing through Element tags (see _unchecked); the other bits are how
    # many levels of elements the node is, itself included, or 0 for a node read from TwiML
    # until it becomes a child of a node built in Python (see _height_of). The reader leaves
    # it unset, which reads as 0 (see _flags_of).
    _flags: int = attrs.field(eq=False, init=False)

    tag: ClassVar[str]
    _name: ClassVar[str]
    _spec: ClassVar[ElementSpec]
    _rules: ClassVar[tuple[Callable[[Node], None], ...]]
    _table: ClassVar[_LazyTable] = _LazyTable()
    __signature__: ClassVar[_LazySignature] = _LazySignature()

    # -- construction ------------------------------------------------------------------

    def _build(self, children: tuple[object, ...], attributes: Mapping[str, object]) -> None:
        table = self._table
        rendered = table.open
        if attributes:
            if len(attributes) > 1:
                # Written in the vocabulary's order whatever order the keywords came in;
                # each class remembers the orders it has seen.
                keys = tuple(attributes)
                order = table.orders.get(keys)
                if order is None:
                    order = _order(table, keys)
                if order is not keys:
                    attributes = {key: attributes[key] for key in order}
            lookup = table.render
            replaced: dict[str, object] | None = None
            for key, value in attributes.items():
                if value is None:
                    replaced = replaced or {}
                    replaced[key] = None
                    continue
                entry = lookup.get(key)
                if entry is None:
                    raise _unknown_keyword(self._spec, key, value)
                fast = entry[0]
                piece = fast(value) if fast is not None else None
                if piece is None:
                    kept, piece = _render_slow(self._spec, entry[1], value)
                    if kept is not value:
                        replaced = replaced or {}
                        replaced[key] = kept
                elif type(value) is list:
                    replaced = replaced or {}
                    replaced[key] = tuple(value)
                rendered += piece
            if replaced:
                attributes = {
                    key: replaced.get(key, value)
                    for key, value in attributes.items()
                    if replaced.get(key, value) is not None
                }
            elif len(attributes) == 1 and piece is not None:
                # Nodes with the same one attribute share one dict (never changed), as
                # nodes read from TwiML do: memory follows what a tree holds.
                single = (piece, type(value))
                shared = table.singles.get(single)
                if shared is not None:
                    attributes = shared
                elif len(table.singles) < _SINGLES_SIZE and admit(len(piece)):
                    table.singles[single] = attributes
        _finish(self, table, children, attributes, rendered)

    @property
    def _xml(self) -> str:
        """The whole element as compact XML: kept from building, or written now (and kept
        by documents, which are never inside another node)."""
        try:
            return self._written
        except AttributeError:
            xml = _compose(self)
            if self._declares():
                _set_xml(self, xml)
            return xml

    @property
    def _unchecked(self) -> bool:
        """Whether an Element node (unvalidated) is somewhere below."""
        return bool(_flags_of(self) & 1)

    # -- reading -------------------------------------------------------------------------

    @property
    def attributes(self) -> Mapping[str, object]:
        """The attributes set on this node, by Python keyword (``hangup_on_star``), in the
        order they are written (the vocabulary's)."""
        return MappingProxyType(self._ordered())

    @property
    def xml_attributes(self) -> Mapping[str, str]:
        """The attributes as written in XML, by XML name (``hangupOnStar``)."""
        attrs_ = self._table.attrs
        return MappingProxyType({attrs_[k].xml: attrs_[k].kind.to_xml(v)[1] for k, v in self._ordered().items()})

    def _ordered(self) -> Mapping[str, object]:
        """The attributes in the order they are written: built nodes keep them so already,
        nodes read from TwiML in the document's order until asked."""
        return _in_order(self._table, self._attrs)

    def get(self, name: str, default: object = None) -> object:
        """The value of the attribute with Python keyword ``name``, or ``default``."""
        return self._attrs.get(name, default)

    @property
    def text(self) -> str:
        """The text directly inside this node (its ``str`` children, joined)."""
        children = self.children
        if len(children) == 1:
            first = children[0]
            return first if type(first) is str else ""
        return "".join([child for child in children if type(child) is str])

    @property
    def elements(self) -> tuple[Node, ...]:
        """The element children (no text, no comments)."""
        return tuple([child for child in self.children if isinstance(child, Node)])

    # -- navigating and changing -------------------------------------------------------------

    @overload
    def iter(self) -> Iterator[Node]: ...
    @overload
    def iter(self, cls: type[_N], /) -> Iterator[_N]: ...
    @overload
    def iter(self, *classes: type[Node]) -> Iterator[Node]: ...

    def iter(self, *classes: type[Node]) -> Iterator[Node]:
        """Every node of this tree, depth-first in document order, this node first; only
        those of ``classes`` when given (``doc.iter(Say, Play)``). Text and comments are
        not nodes: see ``children`` and ``text``."""
        for cls in classes:
            if not (isinstance(cls, type) and issubclass(cls, Node)):
                raise TypeError(f"iter() takes node classes such as Say, got {_show(cls)} ({type(cls).__name__})")
        # A stack, not recursion: trees as deep as the reader allows are walked too.
        stack: list[Node] = [self]
        while stack:
            node = stack.pop()
            if not classes or isinstance(node, classes):
                yield node
            stack.extend(reversed([child for child in node.children if isinstance(child, Node)]))

    def find(self, cls: type[_N], /) -> _N | None:
        """The first node of class ``cls`` in this tree (depth-first, this node first), or None."""
        return next(self.iter(cls), None)

    def find_all(self, cls: type[_N], /) -> list[_N]:
        """Every node of class ``cls`` in this tree, depth-first, this node first."""
        return list(self.iter(cls))

    def replace(self, *args: Any, **changes: Any) -> Self:
        """A new node like this one with the attributes in ``changes`` set (``None`` removes
        one), checked as building checks it: ``gather.replace(timeout=10)``."""
        if args:
            raise TypeError(
                f"replace() takes keywords only, got {len(args)} positional; "
                f"to change the children use with_children(...)"
            )
        return self._remade(self.children, {**self._ordered(), **changes})

    def with_children(self, *children: Any) -> Self:
        """A new node with these children (text included) and this node's attributes,
        checked as building checks it."""
        return self._remade(children, self._ordered())

    def _remade(self, children: tuple[object, ...], attributes: Mapping[str, object]) -> Self:
        """A node of this class built from ``children`` and ``attributes``."""
        return type(self)(*children, **attributes)

    # -- writing -------------------------------------------------------------------------

    def _write_pretty(self, out: list[str], depth: int) -> None:
        # A stack, not recursion: trees as deep as the depth bound are written too.
        stack: list[tuple[Node | Comment | str, int]] = [(self, depth)]
        while stack:
            node, level = stack.pop()
            pad = "\n" + _INDENT * level
            if isinstance(node, str):  # a closing tag
                out.append(pad + node)
            elif isinstance(node, Comment) or not node.children or node._flows():
                # Text is content: indentation inside would change what is said.
                out.append(pad + node._xml)
            else:
                out.append(pad + _start_of(node) + ">")
                stack.append(("</" + node.tag + ">", level))
                stack.extend((child, level + 1) for child in reversed(node.children))

    def _flows(self) -> bool:
        """Whether children are written inline (text here, or text allowed as content)."""
        return self._table.text.is_content or any(type(child) is str for child in self.children)

    def to_xml(self, *, pretty: bool = False, xml_declaration: bool | None = None) -> str:
        """This node as TwiML text.

        ``pretty`` puts each element on its own line, indented by depth (text content is
        left as it is). The XML declaration is written for documents (``VoiceResponse``,
        ``MessagingResponse``) unless ``xml_declaration`` says otherwise.
        """
        declare = self._declares() if xml_declaration is None else xml_declaration
        if pretty:
            out: list[str] = [XML_DECLARATION] if declare else []
            self._write_pretty(out, 0)
            text = "".join(out) if declare else "".join(out)[1:]
        else:
            text = XML_DECLARATION + self._xml if declare else self._xml
        self._check_written(text)
        return text

    def to_bytes(self, *, pretty: bool = False, xml_declaration: bool | None = None) -> bytes:
        """This node as UTF-8 encoded TwiML (what a web framework sends)."""
        return self.to_xml(pretty=pretty, xml_declaration=xml_declaration).encode()

    def _declares(self) -> bool:
        return False

    def _check_written(self, text: str) -> None:
        """Document rules that need the written text; roots override."""

    def __str__(self) -> str:
        return self.to_xml()

    def __bytes__(self) -> bytes:
        return self.to_bytes()

    def __repr__(self) -> str:
        return _repr(self)

    def _repr_args(self) -> tuple[list[str], list[str]]:
        """What ``repr`` writes before the children and after them."""
        return [], [f"{key}={value!r}" for key, value in self._ordered().items()]

    def _state(self) -> object:
        """What a pickle keeps beyond children and attributes (documents: see there)."""
        return None

    def _restore(self, state: object) -> None:
        """Take back what ``_state`` gave, when unpickled."""

    # Nodes are immutable: a copy is the node itself (at any depth, in no time).
    def __copy__(self) -> Self:
        return self

    def __deepcopy__(self, memo: dict[int, object]) -> Self:
        return self

    def __reduce__(self) -> tuple[Callable[..., Node], tuple[object, ...]]:
        # Pickled flat, not nested: as deep a tree as the depth bound allows pickles.
        return _unflatten, (_flatten(self),)

    # -- class set-up ------------------------------------------------------------------------

    @classmethod
    def _prepare(cls, spec: ElementSpec, rules: Sequence[Callable[[Node], None]] = ()) -> None:
        """Attach a spec to a generated class (called once per class at import)."""
        cls._spec = spec
        cls._name = spec.name
        cls.tag = spec.tag
        cls._rules = tuple(rules)
        for attr in spec.attributes:
            setattr(cls, attr.name, _Keyword(attr.name))


class _Keyword:
    """Read access to one attribute (``dial.hangup_on_star``): its value, or None when it is
    not set. The generated classes declare each as a typed property for type checkers."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, instance: Node | None, owner: type[Node]) -> object:
        if instance is None:
            return self
        return instance._attrs.get(self.name)

    def __repr__(self) -> str:
        return f"<attribute {self.name!r}>"


_set_children = Node.__dict__["children"].__set__
_set_attrs = Node.__dict__["_attrs"].__set__
_set_xml = Node.__dict__["_written"].__set__
_drop_xml = Node.__dict__["_written"].__delete__
_set_flags = Node.__dict__["_flags"].__set__
_new = object.__new__


def _take(child: object) -> str:
    """A child's XML for its parent's own, unset in the child: the parent holds it now."""
    if type(child) is Comment:
        return child._xml
    # getattr: a node read from TwiML has none, and a raised AttributeError costs more.
    xml: str | None = getattr(child, "_written", None)
    if xml is None:
        return _compose(child)  # type: ignore[arg-type]
    try:  # noqa: SIM105  # contextlib.suppress costs more than building a small node
        _drop_xml(child)
    except AttributeError:  # another thread took it first
        pass
    return xml


def _start_of(node: Node) -> str:
    """A node's start tag without its '>'."""
    if isinstance(node, Element):
        tag = node._tag
        return (
            "<"
            + tag
            + "".join(
                " " + key + "=" + escape_attribute(_generic_value(tag, key, value))
                for key, value in node._attrs.items()
            )
        )
    table = node._table
    attributes = node._attrs
    if all(key in table.rank for key in attributes):
        return _start_tag(node._spec, table, attributes)
    # A <Response> read leniently keeps the attributes it cannot hold, by XML name.
    items = sorted(attributes.items())
    return table.open + "".join(" " + key + "=" + escape_attribute(str(value)) for key, value in items)


def _compose(node: Node) -> str:
    """A node's compact XML, from the XML its nodes keep and their start tags and text,
    kept nowhere: what building the node wrote."""
    written: str | None = getattr(node, "_written", None)
    if written is not None:
        return written
    out: list[str] = []
    stack: list[object] = [node]
    while stack:
        item = stack.pop()
        if type(item) is str:  # escaped text or a closing tag
            out.append(item)
            continue
        if type(item) is Comment:
            out.append(item._xml)
            continue
        assert isinstance(item, Node)
        written = getattr(item, "_written", None)
        if written is not None:
            out.append(written)
            continue
        start = _start_of(item)
        children = item.children
        if not children:
            out.append(start + "/>")
            continue
        out.append(start + ">")
        stack.append("</" + item.tag + ">")
        stack.extend(escape_text(child) if type(child) is str else child for child in reversed(children))
    return "".join(out)


def _height_of(node: object) -> int:
    """How many levels of elements ``node`` is (text and comments: 0), measured once for a
    tree read from TwiML."""
    if not isinstance(node, Node):
        return 0
    height = _flags_of(node) >> 1
    if height:
        return height
    # Post-order over the nodes not measured yet.
    stack: list[tuple[Node, bool]] = [(node, False)]
    while stack:
        item, ready = stack.pop()
        if ready:
            below = [_height_of(child) for child in item.children if isinstance(child, Node)]
            _set_flags(item, (1 + max(below, default=0)) << 1 | (_flags_of(item) & 1))
            continue
        stack.append((item, True))
        for child in item.children:
            if isinstance(child, Node) and not _flags_of(child) >> 1:
                stack.append((child, False))
    return node._flags >> 1


def _flags_of(node: Node) -> int:
    """``node._flags``: 0 when unset, as the reader leaves it (no Element below, height
    not measured), which saves a call per node read."""
    try:
        return node._flags
    except AttributeError:
        return 0


def _too_deep(spec_name: str, tag: str) -> ValidationError:
    return ValidationError(
        spec_name,
        f"<{tag}> would nest more than {MAX_DEPTH} levels of elements; TwiML needs a handful, "
        f"and Twilio's XML reader refuses deeper documents",
        DEPTH_CODE,
    )


def _repr(root: Node) -> str:
    """``repr`` of a tree, without recursion (trees as deep as the depth bound)."""
    out: list[str] = []
    # Items: a node or text to write with repr, or a 1-tuple of text to write as it is.
    stack: list[object] = [root]
    while stack:
        item = stack.pop()
        if type(item) is tuple:
            out.append(item[0])
            continue
        if not isinstance(item, Node):
            out.append(repr(item))
            continue
        lead, trail = item._repr_args()
        arguments: list[object] = [*((text,) for text in lead), *item.children, *((text,) for text in trail)]
        pending: list[object] = [(type(item).__name__ + "(",)]
        for index, argument in enumerate(arguments):
            if index:
                pending.append((", ",))
            pending.append(argument)
        pending.append((")",))
        stack.extend(reversed(pending))
    return "".join(out)


def _flatten(root: Node) -> tuple[object, ...]:
    """A tree as a flat sequence in post-order: texts, comments, and for each node a
    ``(class, child count, attributes, unchecked, tag or None)`` after its children."""
    out: list[object] = []
    stack: list[tuple[object, bool]] = [(root, False)]
    while stack:
        item, ready = stack.pop()
        if not isinstance(item, Node):
            out.append(item)
        elif ready:
            tag = item._tag if isinstance(item, Element) else None
            out.append((type(item), len(item.children), dict(item._attrs), item._unchecked, tag, item._state()))
        else:
            stack.append((item, True))
            stack.extend((child, False) for child in reversed(item.children))
    return tuple(out)


def _unflatten(flat: tuple[object, ...]) -> Node:
    """The tree ``_flatten`` made (pickles are trusted: nothing is checked again)."""
    stack: list[object] = []
    for item in flat:
        if type(item) is not tuple:
            stack.append(item)
            continue
        cls, count, attributes, unchecked, tag, state = item
        node = _new(cls)
        children = tuple(stack[len(stack) - count :]) if count else ()
        del stack[len(stack) - count :]
        _set_children(node, children)
        _set_attrs(node, attributes or _NO_ATTRIBUTES)
        _set_flags(node, 1 if unchecked else 0)  # its height is measured when needed
        if tag is not None:
            object.__setattr__(node, "_tag", tag)
        node._restore(state)
        stack.append(node)
    (root,) = stack
    assert isinstance(root, Node)
    return root


def _piece(spec: ElementSpec, table: _Table, key: str, value: object) -> str:
    """How attribute keyword ``key`` with ``value`` (checked already) is written: a space,
    then ``name="value"``."""
    fast, attr, _ = table.render[key]
    piece = fast(value) if fast is not None else None
    return piece if piece is not None else _render_slow(spec, attr, value)[1]


# How many keyword orders, and one-attribute dicts, each class remembers.
_ORDERS_SIZE: Final = 512
_SINGLES_SIZE: Final = 1024


def _order(table: _Table, keys: tuple[str, ...]) -> tuple[str, ...]:
    """``keys`` in the vocabulary's order (``keys`` itself when they are in it already);
    unknown keys are left where they are, for the checks to name."""
    rank = table.rank
    if any(key not in rank for key in keys):
        return keys
    order = tuple(sorted(keys, key=rank.__getitem__))
    if order == keys:
        order = keys
    if len(table.orders) < _ORDERS_SIZE:
        table.orders[keys] = order
    return order


def _in_order(table: _Table, attributes: Mapping[str, object]) -> Mapping[str, object]:
    """``attributes`` in the vocabulary's order (keys it does not know, such as a lenient
    ``<Response>``'s, last, by name): one order for equal nodes, so they write the same."""
    if len(attributes) < 2:
        return attributes
    rank = table.rank
    last = -1
    for key in attributes:
        position = rank.get(key)
        if position is None or position < last:
            return {key: attributes[key] for key in sorted(attributes, key=lambda k: (rank.get(k, len(rank)), k))}
        last = position
    return attributes


def _start_tag(spec: ElementSpec, table: _Table, attributes: Mapping[str, object]) -> str:
    """The start tag of a ``spec`` node with ``attributes`` (checked already), without its
    '>', in the vocabulary's order."""
    rendered = table.open
    for key, value in _in_order(table, attributes).items():
        rendered += _piece(spec, table, key, value)
    return rendered


def _finish(
    node: Node,
    table: _Table,
    children: tuple[object, ...],
    attributes: Mapping[str, object],
    rendered: str,
    *,
    write: bool = True,
) -> None:
    """The rest of building ``node`` once its attributes are checked and ``rendered`` (its
    start tag so far): children and text, its XML, its height, its rules. Shared by the
    constructors and the reader, which writes a node's XML (``write=False``) only when
    first asked, and measures its height only when it goes into a node built in Python."""
    _set_attrs(node, attributes or _NO_ATTRIBUTES)
    unchecked = False
    height = 1
    if not children:
        if table.text_required:
            raise _missing_text(node._spec)
        xml = rendered + "/>"
    else:
        inner: str | None = None
        first = children[0]
        if len(children) == 1 and type(first) is str:
            inner = table.text_memo.get(first)
            if inner is None and first and table.has_text:
                inner = _single_text(table, first)
        elif table.fast_children and len(children) <= table.cap_floor:
            allowed = table.child_names
            parts = []
            below = 0
            for child in children:
                if getattr(child, "_name", None) not in allowed or isinstance(child, type):
                    break
                try:
                    flags = child._flags  # type: ignore[attr-defined]
                except AttributeError:  # read from TwiML (see _flags_of)
                    flags = 0
                if flags & 1:
                    unchecked = True
                if write:
                    # _height_of and _take, inlined: this loop builds most nodes.
                    levels = flags >> 1 or _height_of(child)
                    if levels > below:  # noqa: PLR1730  # max() is a call, this loop is hot
                        below = levels
                    try:
                        xml = child._written  # type: ignore[attr-defined]
                    except AttributeError:
                        xml = _compose(child)  # type: ignore[arg-type]
                    else:
                        try:  # noqa: SIM105  # contextlib.suppress costs more than the rest
                            _drop_xml(child)
                        except AttributeError:  # another thread took it first
                            pass
                    parts.append(xml)
            else:
                inner = "".join(parts)
                height = below + 1
        if inner is None:
            children, unchecked, inner, height = _check_children(node, table, children, write)
        if height > MAX_DEPTH:
            raise _too_deep(node._spec.name, node.tag)
        xml = f"{rendered}>{inner}{table.close}" if children else rendered + "/>"
    _set_children(node, children)
    if write:
        _set_xml(node, xml)
        _set_flags(node, height << 1 | unchecked)
    else:
        _set_flags(node, 1 if unchecked else 0)
    for rule in table.rules:
        rule(node)


def _render_slow(spec: ElementSpec, attr: Attr, value: object) -> tuple[object, str]:
    """Validate an attribute value the full way; return (kept value, ' name="text"')."""
    try:
        kept, text = attr.kind.to_xml(value)
    except Invalid as exc:
        raise ValidationError(
            f"{spec.name}@{attr.xml}",
            f"{attr.name}={_show(value)} is not allowed: {exc.reason}",
            exc.code or attr.code,
        ) from None
    return kept, " " + attr.xml + "=" + escape_attribute(text)


def _single_text(table: _Table, text: str) -> str | None:
    """One piece of text alone, written, when it passes the common-case checks; else None
    (and the full checks decide)."""
    written: str | None = None
    if table.content:
        if len(text) <= table.text_limit:
            if find_not_plain(text) is None:
                written = text
            elif first_illegal_char(text) is None:
                written = escape_text(text)
    else:
        fast = table.text_fast
        if fast is not None and fast(text) is not None and not text[0].isspace() and not text[-1].isspace():
            written = text  # the kind's shortcut only passes text that needs no escaping
    # Prompts, queue names and URLs repeat from call to call: remember the texts that
    # passed, up to a bound.
    if written is not None and len(table.text_memo) < _TEXT_MEMO_SIZE and admit(len(text) + len(written)):
        table.text_memo[text] = written
    return written


def _check_children(
    node: Node, table: _Table, children: tuple[object, ...], write: bool = True
) -> tuple[tuple[object, ...], bool, str, int]:
    """Check children against the spec; merge adjacent text and drop empty text.

    Returns the children to keep, whether an ``Element`` is somewhere below, the children
    written as XML (when ``write``, else "") and the node's height (when ``write``, else 1).
    """
    spec = node._spec
    unchecked = False
    text_rule = table.text
    allowed = table.child_names
    caps = table.caps
    counts: dict[str, int] | None = {} if caps else None
    out: list[object] = []
    index = 0  # counts element children, as paths do
    texts = 0
    for given in children:
        child = str(given) if isinstance(given, str) else given
        if type(child) is str:
            if not child:
                continue
            if text_rule is Text.NONE:
                raise ValidationError(
                    spec.name,
                    f"<{spec.tag}> takes no text, got {_show(child)}; "
                    + (_allowed_children(spec) if spec.children else "it holds nothing"),
                    spec.text_code,
                )
            if out and type(out[-1]) is str:
                if not table.content:
                    raise _second_text(spec, table, out[-1], child)
                out[-1] += child
            else:
                out.append(child)
                texts += 1
            continue
        cls = type(child)
        if isinstance(child, Node):
            child_name = child._name
            if _flags_of(child) & 1:
                unchecked = True
            if not child_name:
                unchecked = True
            elif child_name not in allowed:
                raise _wrong_child(spec, child, index)
            # An Element with a capped child's tag (read leniently) counts as that child.
            capped = child_name or table.capped_tags.get(child.tag, "")
            if counts is not None and capped in caps:
                seen = counts.get(capped, 0) + 1
                counts[capped] = seen
                cap = caps[capped]
                if cap.max is not None and seen > cap.max:
                    total = sum(1 for other in children if getattr(other, "tag", None) == child.tag)
                    raise ValidationError(
                        f"{spec.name}/{child.tag}[{index}]",
                        f"<{spec.tag}> holds at most {cap.max} <{child.tag}>, got {total}",
                        cap.code,
                    )
            index += 1
        elif cls is not Comment:
            raise _not_a_child(spec, child)
        out.append(child)
    if not table.content and texts:
        # Value text (a number, a URL, a name): Twilio strips its surrounding whitespace, and so
        # does reading TwiML, so a template pasted into Python builds the same node.
        # Whitespace-only text is no text.
        out = [child.strip() if type(child) is str else child for child in out]
        out = [child for child in out if type(child) is not str or child]
        texts = sum(1 for child in out if type(child) is str)
    if table.blank_between and index and texts:
        # Whitespace-only text beside block children (<Message>'s <Body>, <Media>) is
        # formatting: Twilio sends nothing for it, and reading the XML back drops it too.
        out = [child for child in out if type(child) is not str or child.strip()]
    if text_rule is not Text.NONE:
        _check_text(spec, table, out, texts, index)
    if not write:
        return tuple(out), unchecked, "", 1
    below = 0
    parts = []
    for child in out:
        if type(child) is str:
            parts.append(escape_text(child))
            continue
        if type(child) is not Comment:
            try:
                levels = child._flags >> 1 or _height_of(child)  # type: ignore[attr-defined]
            except AttributeError:  # read from TwiML (see _flags_of)
                levels = _height_of(child)
            if levels > below:  # noqa: PLR1730  # max() is a call, this loop is hot
                below = levels
        parts.append(_take(child))
    return tuple(out), unchecked, "".join(parts), below + 1


def _second_text(spec: ElementSpec, table: _Table, first: str, extra: str) -> ValidationError:
    """Two texts given one after the other to an element that takes one value: the second
    is most likely a keyword's value (``Redirect("/next", "POST")``, as Twilio's helper
    takes it), and gluing them would write a value nobody meant."""
    taker = None
    for attr in spec.attributes:
        if isinstance(attr.kind, Choice):
            try:
                attr.kind.to_xml(extra)
            except Invalid:
                continue
            taker = attr
            break
    if taker is not None:
        hint = f"; pass it as a keyword: {spec.name}({first!r}, {taker.name}={extra!r})"
    elif spec.attributes:
        names = ", ".join(f"{attr.name}=" for attr in spec.attributes[:3])
        hint = f"; other values are keywords ({names}...)"
    else:
        hint = ""
    return ValidationError(
        spec.name,
        f"<{spec.tag}> takes one text, its value; got a second one, {_show(extra)}, after {_show(first)}{hint}",
    )


def _check_text(spec: ElementSpec, table: _Table, children: list[object], texts: int, elements: int) -> None:
    rule = table.text
    kind = table.text_kind
    if rule.is_content:
        total = 0
        limit = getattr(kind, "max_length", None)
        # Text inside child elements counts toward a cap, or toward required text: walked
        # only then, so that nested SSML is not walked again at every level.
        counted = limit is not None or rule.required
        for child in children:
            if type(child) is str:
                bad = first_illegal_char(child)
                if bad is not None:
                    raise ValidationError(
                        spec.name,
                        f"<{spec.tag}> text {_show(child)} contains {bad!r} (U+{ord(bad):04X}), "
                        "a character XML 1.0 cannot carry",
                        ILLEGAL_CHARACTER_CODE,
                    )
                total += len(child)
            elif counted and isinstance(child, Node):
                total += _text_length(child)
        if rule.required and total == 0:
            raise _missing_text(spec)
        if limit is not None and total > limit:
            raise ValidationError(
                spec.name,
                f"<{spec.tag}> text is {total} characters; at most {limit} are allowed",
                spec.text_code,
            )
        return
    if texts == 0:
        if rule.required:
            raise _missing_text(spec)
        return
    if texts > 1 or elements:
        raise ValidationError(
            spec.name,
            f"<{spec.tag}> takes its value as one piece of text, not mixed with child elements; "
            f"got {_show(tuple(children))}" + _holder_hint(spec, children),
        )
    value = next(child for child in children if type(child) is str)
    assert isinstance(value, str)
    if kind is not None:
        try:
            kind.to_xml(value)
        except Invalid as exc:
            raise ValidationError(spec.name, f"<{spec.tag}> text: {exc.reason}", exc.code or spec.text_code) from None
    else:
        bad = first_illegal_char(value)
        if bad is not None:
            raise ValidationError(
                spec.name,
                f"<{spec.tag}> text {_show(value)} contains {bad!r} (U+{ord(bad):04X}), "
                "a character XML 1.0 cannot carry",
                ILLEGAL_CHARACTER_CODE,
            )


def _holder_hint(spec: ElementSpec, children: list[object]) -> str:
    """How to write a value beside child elements, where a child element holds it (Twilio's
    helper writes ``<Client>name<Parameter/></Client>``; TwiML wants ``<Identity>``)."""
    holder = next((child.name for child in spec.children if SPECS[child.name].one_value), None)
    text = next((child for child in children if type(child) is str), None)
    if holder is None or text is None:
        return ""
    others = ", ".join(type(child).__name__ + "(...)" for child in children if isinstance(child, Node))
    return f"; with child elements, the value goes in <{SPECS[holder].tag}>: {spec.name}({holder}({text!r}), {others})"


def _text_length(node: Node) -> int:
    """How many characters of text are in ``node``, at any depth."""
    total = 0
    stack = [node]
    while stack:
        for child in stack.pop().children:
            if type(child) is str:
                total += len(child)
            elif isinstance(child, Node):
                stack.append(child)
    return total


def _allowed_children(spec: ElementSpec) -> str:
    names = ", ".join(f"<{child.name}>" for child in spec.children) or "no child elements"
    text = {
        Text.NONE: "",
        Text.VALUE: " and optional text",
        Text.REQUIRED_VALUE: " and text",
        Text.CONTENT: " mixed with text",
        Text.REQUIRED_CONTENT: " mixed with text",
    }[spec.text]
    return "allowed: " + names + text


def _wrong_child(spec: ElementSpec, child: Node, index: int) -> ValidationError:
    code = None
    other = child._spec
    if other.domain in ("voice", "messaging") and spec.domain in ("voice", "messaging") and other.domain != spec.domain:
        code = 14110
    return ValidationError(
        f"{spec.name}/{child.tag}[{index}]",
        f"<{spec.tag}> cannot contain <{child.tag}>; {_allowed_children(spec)}",
        code,
    )


def _missing_text(spec: ElementSpec) -> ValidationError:
    what = spec.text_doc or "text"
    code = spec.text_missing_code if spec.text_missing_code is not None else spec.text_code
    return ValidationError(spec.name, f"<{spec.tag}> needs its text: {what}", code)


def _not_a_child(spec: ElementSpec, child: object) -> ValidationError:
    """What is wrong with a child that is no text, node or comment, and the fix."""
    cls = type(child)
    if isinstance(child, type) and issubclass(child, Node | Comment):
        return ValidationError(
            spec.name,
            f"<{spec.tag}> got the class {child.__name__}, not a node: call it, as in {child.__name__}(...)",
        )
    if cls.__module__.startswith("twilio.twiml"):
        return ValidationError(
            spec.name,
            f"<{spec.tag}> got a {cls.__name__} of Twilio's helper library; build it with twimlkit's "
            f"{cls.__name__}(...), or read the helper's TwiML: twimlkit.parse(str(response))",
        )
    if isinstance(child, list | tuple):
        hint = " (unpack a list with *)"
    elif child is None:
        hint = " (leave it out: a child that may be absent goes in a list that is unpacked with *)"
    elif isinstance(child, Iterable) and not isinstance(child, bytes | bytearray | memoryview):
        hint = f" (unpack it with *: {spec.name}(*(...)))"
    else:
        hint = ""
    return ValidationError(
        spec.name,
        f"<{spec.tag}> got {_show(child)} ({cls.__name__}) as a child{hint}; "
        f"children are text (str) or nodes: " + _allowed_children(spec),
    )


# Keywords of Twilio's helper library for what twimlkit takes as the element's text.
_HELPER_TEXT_KEYWORDS: Final = frozenset(
    {"message", "body", "url", "number", "phone_number", "name", "identity", "sip_url", "queue", "value", "text"}
)


# What attrs.evolve passes: the node's fields, by their names.
_FIELD_KEYWORDS: Final = frozenset({"children", "attrs", "written", "unchecked"})


def _unknown_keyword(spec: ElementSpec, key: str, value: object) -> ValidationError:
    import difflib  # noqa: PLC0415  # only for this error message

    if key in _FIELD_KEYWORDS and spec.attribute(key) is None:
        return ValidationError(
            f"{spec.name}@{key}",
            f"{spec.name} takes its children positionally, not as {key}=; to copy a node with changes use "
            f"node.replace(...) for attributes or node.with_children(...) (attrs.evolve does not apply to nodes)",
        )

    names = [attr.name for attr in spec.attributes]
    close = difflib.get_close_matches(key, names, n=1)
    xml_match = next((attr.name for attr in spec.attributes if attr.xml == key), None)
    hint = ""
    if xml_match is not None:
        hint = f" (the keyword for XML {key!r} is {xml_match!r})"
    elif key in _HELPER_TEXT_KEYWORDS and spec.text is not Text.NONE:
        hint = f" (its {key} is its text, the first argument: {spec.name}({_show(value)}))"
    elif close:
        hint = f" (did you mean {close[0]!r}?)"
    allowed = ", ".join(names) if names else "no attributes"
    return ValidationError(
        f"{spec.name}@{key}",
        f"{spec.name} got an unknown keyword {key}={_show(value)}{hint}; allowed: {allowed}",
    )


# -- escape hatches ------------------------------------------------------------------------


def _xml_name(name: str, what: str, *, attribute: bool = False) -> str:
    """Check an XML name with lxml's own rules; the only prefixes are Polly's ``amazon:``
    (written undeclared, as Polly's documentation does) and, for attributes, ``xml:``."""
    if not isinstance(name, str) or not name:
        raise ValidationError("Element", f"{what} must be a non-empty str, got {_show(name)}")
    prefix, colon, local = name.partition(":")
    allowed = ("amazon", "xml") if attribute else ("amazon",)
    if (colon and prefix not in allowed) or name == "xmlns":
        raise ValidationError(
            "Element",
            f"{what} {name!r} uses an XML namespace; TwiML has none (only {', '.join(p + ':' for p in allowed)})",
        )
    # Imported here: building trees needs no lxml unless names are checked (Element only).
    from lxml import etree  # noqa: PLC0415

    for part in (prefix, local) if colon else (name,):
        try:
            etree.QName(part)
        except ValueError:
            raise ValidationError("Element", f"{what} {name!r} is not a valid XML name") from None
    return name


def _is_keyword_name(name: str) -> bool:
    """Whether ``name`` can be written as ``name=value`` in a call and stay the same name."""
    return name.isidentifier() and not keyword.iskeyword(name) and unicodedata.normalize("NFKC", name) == name


_GENERIC_TYPES: Final = "str, bool, int, float or a sequence of them"


def _generic_scalar(tag: str, key: str, value: object) -> str | bool | int | float:
    """An ``Element`` attribute value (or list item) as its plain value: subclasses of
    str, int and float (a ``StrEnum`` member, an ``IntEnum``) are kept as what they equal."""
    if value is True or value is False:
        return value
    if isinstance(value, str):
        return plain_str(value)
    if isinstance(value, int) and not isinstance(value, bool):
        if not -_TOO_LONG < value < _TOO_LONG:
            raise ValidationError(
                f"{tag}@{key}", f"got an integer of more than {MAX_DIGITS} digits; TwiML needs no such number"
            )
        return int(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValidationError(f"{tag}@{key}", f"got {value}; expected a finite number")
        return float(value)
    raise ValidationError(f"{tag}@{key}", f"got {_show(value)} ({type(value).__name__}); expected {_GENERIC_TYPES}")


def _generic_kept(tag: str, key: str, value: object) -> object:
    """What an ``Element`` keeps of an attribute value: a plain value, or a tuple of them
    for any sequence (copied: the caller's list may change later)."""
    if isinstance(value, bytes | bytearray | memoryview):
        kind = type(value).__name__
        reason = f"got {_show(value)} ({kind}); expected {_GENERIC_TYPES} (decode bytes first)"
        raise ValidationError(f"{tag}@{key}", reason)
    if isinstance(value, Sequence) and not isinstance(value, str):
        for item in value:
            if isinstance(item, Sequence) and not isinstance(item, str):
                raise ValidationError(
                    f"{tag}@{key}", f"got {_show(value)}: a sequence inside a sequence; expected {_GENERIC_TYPES}"
                )
        return tuple(_generic_scalar(tag, key, item) for item in value)
    return _generic_scalar(tag, key, value)


def _generic_value(tag: str, key: str, value: object) -> str:
    """The written text of a value ``_generic_kept`` returned."""
    if value is True or value is False:
        text = "true" if value else "false"
    elif type(value) is tuple:
        text = " ".join(_generic_value(tag, key, item) for item in value)
    else:
        text = str(value)
    bad = first_illegal_char(text)
    if bad is not None:
        raise ValidationError(f"{tag}@{key}", f"value {_show(text)} contains {bad!r}, which XML cannot carry")
    return text


class _AnySpec:
    """Placeholder spec so generic code can ask an ``Element`` for its name and domain."""

    name = ""
    domain = "unknown"
    attributes = ()

    def attribute(self, name: str) -> None:
        return None


@attrs.frozen(init=False, repr=False, slots=True, weakref_slot=False)
class Element(Node):  # type: ignore[override]  # adds the tag as a field
    """Any element, written as given and not validated: for TwiML that twimlkit does not
    know yet. ``lint()`` reports each one.

    Attribute keywords are written exactly as given (``Element("Foo", someAttr="x")``);
    values follow the usual rules (bool → true/false, a sequence → space-separated, None → absent;
    str, int and float subclasses are kept as their plain value).
    The tag and attribute names must be XML names, and text must be characters XML can carry.
    """

    _tag: str = attrs.field()

    _spec: ClassVar[Any] = _AnySpec()
    _name: ClassVar[str] = ""

    if TYPE_CHECKING:

        def __init__(self, tag: str, /, *children: str | Node | Comment, **attributes: object) -> None: ...

    else:

        def __init__(self, tag=None, /, *children, **attributes):
            # No tag but the fields by name: attrs.evolve's call.
            if tag is None and "children" in attributes and "tag" in attributes:
                raise ValidationError(
                    "Element",
                    "to copy an Element with changes use node.replace(...) for attributes or "
                    "node.with_children(...) (attrs.evolve does not apply to nodes)",
                )
            self._make(tag, children, attributes)

    def _make(self, tag: str, children: tuple[object, ...], attributes: dict[str, object]) -> None:
        _xml_name(tag, "tag")
        out: list[object] = []
        rendered = "<" + tag
        kept: dict[str, object] = {}
        # Written sorted by name: nodes that compare equal write the same bytes.
        for key, value in sorted(attributes.items()):
            if value is None:
                continue
            _xml_name(key, "attribute name", attribute=True)
            plain = _generic_kept(tag, key, value)
            text = _generic_value(tag, key, plain)
            kept[key] = plain
            rendered += " " + key + "=" + escape_attribute(text)
        for given in children:
            child = str(given) if isinstance(given, str) else given
            if type(child) is str:
                bad = first_illegal_char(child)
                if bad is not None:
                    raise ValidationError(
                        tag, f"text {_show(child)} contains {bad!r} (U+{ord(bad):04X}), which XML cannot carry"
                    )
                if not child:
                    continue
                if out and type(out[-1]) is str:
                    out[-1] += child
                    continue
            elif not isinstance(child, Node | Comment):
                raise ValidationError(
                    tag, f"got {_show(child)} ({type(child).__name__}) as a child; expected text (str) or nodes"
                )
            out.append(child)
        height = 1 + max((_height_of(child) for child in out if isinstance(child, Node)), default=0)
        if height > MAX_DEPTH:
            raise _too_deep("Element", tag)
        inner = "".join([escape_text(child) if type(child) is str else _take(child) for child in out])
        _set_children(self, tuple(out))
        _set_attrs(self, kept or _NO_ATTRIBUTES)
        _set_xml(self, rendered + ">" + inner + "</" + tag + ">" if out else rendered + "/>")
        _set_flags(self, height << 1 | 1)
        object.__setattr__(self, "_tag", tag)

    @property
    def tag(self) -> str:  # type: ignore[override]
        """The element's tag, as given."""
        return self._tag

    def _remade(self, children: tuple[object, ...], attributes: Mapping[str, object]) -> Self:
        return type(self)(self._tag, *children, **attributes)  # type: ignore[arg-type]

    @property
    def xml_attributes(self) -> Mapping[str, str]:
        return MappingProxyType({k: _generic_value(self._tag, k, v) for k, v in self._attrs.items()})

    def _ordered(self) -> Mapping[str, object]:
        return self._attrs  # sorted by name when built

    def _flows(self) -> bool:
        # The tag of an element whose text is spoken or sent: its children stay inline.
        return self._tag in _CONTENT_TAGS or any(type(child) is str for child in self.children)

    def _repr_args(self) -> tuple[list[str], list[str]]:
        plain = {key: value for key, value in self._attrs.items() if _is_keyword_name(key)}
        trail = [f"{key}={value!r}" for key, value in plain.items()]
        others = {key: value for key, value in self._attrs.items() if key not in plain}
        if others:
            trail.append(f"**{others!r}")
        return [repr(self._tag)], trail


@attrs.frozen(repr=False, slots=True, weakref_slot=False)
class Comment(_Shown):
    """An XML comment (``<!--text-->``), allowed anywhere a child is."""

    text: str = attrs.field()

    @text.validator
    def _check(self, _attribute: object, value: object) -> None:
        if not isinstance(value, str):
            raise ValidationError("Comment", f"text must be a str, got {_show(value)} ({type(value).__name__})")
        if "--" in value or value.endswith("-"):
            raise ValidationError("Comment", f"text {_show(value)} may not contain '--' or end with '-' (an XML rule)")
        if "\r" in value:
            # Nothing in a comment is escaped, and XML reads a carriage return as a line feed.
            raise ValidationError(
                "Comment", f"text {_show(value)} contains a carriage return, which XML reads back as a line feed"
            )
        bad = first_illegal_char(value)
        if bad is not None:
            raise ValidationError(
                "Comment", f"text {_show(value)} contains {bad!r} (U+{ord(bad):04X}), which XML cannot carry"
            )

    tag: ClassVar[str] = "!--"

    @property
    def _xml(self) -> str:
        return "<!--" + self.text + "-->"

    _unchecked: ClassVar[bool] = False
    _flags: ClassVar[int] = 0

    def _write_pretty(self, out: list[str], depth: int) -> None:
        out.append("\n" + _INDENT * depth + self._xml)

    def to_xml(self, *, pretty: bool = False, xml_declaration: bool | None = None) -> str:
        """The comment as XML text (``pretty`` changes nothing for a comment)."""
        return (XML_DECLARATION if xml_declaration else "") + self._xml

    def __str__(self) -> str:
        return self.to_xml()

    def __repr__(self) -> str:
        return f"Comment({self.text!r})"


for _cls in (Node, Element, Comment):
    _cls.__module__ = "twimlkit"
    # IPython's printer takes the first of _repr_pretty_ and __repr__ along the MRO: both here.
    _cls._repr_pretty_ = _PrettyPrinted()  # type: ignore[union-attr]
