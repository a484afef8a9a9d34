"""Hypothesis strategies for valid twimlkit trees, derived from the vocabulary.

``documents()`` draws whole Voice and Messaging documents, ``nodes(name)`` one element of
any class in ``SPECS`` and ``values(kind)`` a Python value an attribute of that kind takes.
Elements, attributes, children, caps and text all come from the specs; the only
hand-written knowledge is ``NUDGES``: what the rules of ``twimlkit._rules`` need, which a
spec cannot state. Every drawn node was built by its class, so it is valid; the rare
draw a rule still refuses is filtered out.

Values are drawn so that they survive a trip through XML: ``parse(doc.to_xml()) == doc``.
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any, Final, TypeVar, cast

import attrs
from hypothesis import strategies as st

import twimlkit
from twimlkit import Comment, Node, ValidationError
from twimlkit._kinds import MAX_DIGITS, Bool, Choice, ChoiceList, Float, Int, Kind, Sid, Str, StrList
from twimlkit._spec import ElementSpec, Text
from twimlkit._vocabulary import MESSAGING_RESPONSE, SPECS, VOICE_RESPONSE

# The largest integer a kind takes (no TwiML number has more digits).
LONGEST = 10**MAX_DIGITS - 1

__all__ = [
    "ELEMENTS",
    "MAX_DEPTH",
    "NODE_DEPTH",
    "NUDGES",
    "TEXT",
    "XML_CHARS",
    "Nudge",
    "documents",
    "legal_text",
    "nodes",
    "values",
]

#: How many levels of elements may sit below a document. Four reach every element
#: (Response/Dial/Sip/Headers/Header is the longest path a class needs); the fifth gives
#: SSML room to nest.
MAX_DEPTH: Final = 5
#: Depth budget of ``nodes(name)`` when none is given.
NODE_DEPTH: Final = 3
#: Longest free text drawn (attribute values, text pieces, comments), in characters.
SHORT: Final = 16
#: Bounded strings up to this length are also drawn at exactly their maximum length.
LONGEST_BOUNDARY: Final = 256
T = TypeVar("T")

# -- characters ------------------------------------------------------------------------------

_CONTROLS: Final = "".join(chr(code) for code in range(0x20) if chr(code) not in "\t\n\r")
#: Every character XML 1.0 can carry: no surrogates (UTF-8 has none), no C0 controls but tab, LF and CR,
#: no U+FFFE or U+FFFF.
XML_CHARS: Final = st.characters(codec="utf-8", exclude_characters=_CONTROLS + "\ufffe\uffff")
#: Characters that escaping, whitespace handling and encodings have to get right.
_TRICKY: Final = st.sampled_from("&<>\"' \t\n\r-]\u00a0\u0085\u2028\u00e9\u20ac\u4e2d\U0001f600")
#: Mostly readable text with tricky and arbitrary legal characters mixed in.
_ALPHABET: Final = st.one_of(st.characters(min_codepoint=0x20, max_codepoint=0x7E), _TRICKY, XML_CHARS)


def legal_text(*, min_size: int = 0, max_size: int = SHORT) -> st.SearchStrategy[str]:
    """Text of XML 1.0 characters only, with markup characters, whitespace and non-ASCII."""
    return st.text(_ALPHABET, min_size=min_size, max_size=max_size)


# -- values ----------------------------------------------------------------------------------


@functools.cache
def values(kind: Kind) -> st.SearchStrategy[object]:
    """Python values ``kind`` accepts and that read back equal from their XML text.

    A value may be given in any form the kind takes (a ``ChoiceList`` as a str, list or
    tuple; a ``StrList`` as the written str or its items); nodes keep the normalised form.
    """
    make = _VALUES.get(type(kind))
    if make is None:
        raise TypeError(f"no strategy for kind {kind!r}; add one to tests/strategies.py")
    return make(kind)


def _numbers(kind: Float) -> st.SearchStrategy[object]:
    """Finite floats in range (their repr reads back equal) and the ints in range."""
    floats = st.floats(min_value=kind.min, max_value=kind.max, allow_nan=False, allow_infinity=False)
    low = -LONGEST if kind.min is None else math.ceil(kind.min)
    high = LONGEST if kind.max is None else math.floor(kind.max)
    if low is not None and high is not None and low > high:
        return floats
    return st.one_of(floats, st.integers(min_value=low, max_value=high))


def _strings(kind: Str) -> st.SearchStrategy[str]:
    """Strings matching the pattern (if any), within the length bounds, XML-legal (and on
    one line for a single-line kind)."""
    strings = _unbroken_strings(kind)
    if kind.single_line:
        return strings.map(lambda s: s.replace("\r", " ").replace("\n", " ")).filter(
            lambda s: kind._compiled() is None or kind._compiled().fullmatch(s) is not None  # type: ignore[union-attr]
        )
    return strings


def _unbroken_strings(kind: Str) -> st.SearchStrategy[str]:
    low, high = kind.min_length, kind.max_length
    if kind.pattern is not None:
        matching = st.from_regex(kind.pattern, fullmatch=True, alphabet=XML_CHARS)
        return matching.filter(lambda s: low <= len(s) and (high is None or len(s) <= high))
    short = legal_text(min_size=low, max_size=max(low, SHORT if high is None else min(high, SHORT)))
    if high is not None and SHORT < high <= LONGEST_BOUNDARY:
        return st.one_of(short, legal_text(min_size=high, max_size=high))
    return short


def _str_lists(kind: StrList) -> st.SearchStrategy[object]:
    """The written string (any spacing around items) or a list/tuple of items without the separator."""
    item_max = SHORT if kind.max_item_length is None else min(kind.max_item_length, SHORT)
    item = legal_text(max_size=item_max).filter(lambda s: kind.sep not in s)
    items = st.lists(item, max_size=4 if kind.max_items is None else min(kind.max_items, 4))
    return st.one_of(items.map(kind.sep.join), legal_text(max_size=item_max), items, items.map(tuple))


def _choice_lists(kind: ChoiceList) -> st.SearchStrategy[object]:
    """Distinct listed values: one as a plain str, several as a tuple, list or written str."""
    chosen = st.lists(st.sampled_from(kind.values), min_size=1, unique=True)
    return st.one_of(st.sampled_from(kind.values), chosen.map(tuple), chosen, chosen.map(kind.sep.join))


_VALUES: Final[dict[type[Kind], Callable[[Any], st.SearchStrategy[object]]]] = {
    Bool: lambda _: st.booleans(),
    Int: lambda kind: st.integers(
        min_value=-LONGEST if kind.min is None else kind.min, max_value=LONGEST if kind.max is None else kind.max
    ),
    Float: _numbers,
    Choice: lambda kind: st.sampled_from(kind.values),
    ChoiceList: _choice_lists,
    StrList: _str_lists,
    Str: _strings,
    Sid: _strings,
}


@functools.cache
def _value_text(kind: Kind | None) -> st.SearchStrategy[str]:
    """The text of a VALUE element: non-empty, no surrounding whitespace (Twilio strips it)."""
    if kind is None:
        return legal_text(min_size=1).map(str.strip).filter(bool)
    if not isinstance(kind, Str):
        raise TypeError(f"element text of kind {kind!r} is not a str; add a strategy to tests/strategies.py")
    if kind.pattern is None:
        # Strip free text rather than filter it: whitespace at the ends is common in the alphabet.
        low = max(kind.min_length, 1)
        return _strings(kind).map(str.strip).filter(lambda s: len(s) >= low)
    # Patterns that allow "" draw it often: retry more than .filter() would before giving up.
    return _retried(_strings(kind), lambda s: bool(s) and s == s.strip())


@st.composite
def _retried(draw: st.DrawFn, strategy: st.SearchStrategy[T], keep: Callable[[T], bool], tries: int = 10) -> T:
    """A draw of ``strategy`` that ``keep`` accepts, trying up to ``tries`` times."""
    for _ in range(tries - 1):
        value = draw(strategy)
        if keep(value):
            return value
    return draw(strategy.filter(keep))


# -- rules the specs cannot state --------------------------------------------------------------

#: A ``Nudge.needs`` entry: non-blank text directly in the element.
TEXT: Final = "<text>"
#: A ``Nudge.needs`` entry: at least one element child.
ELEMENTS: Final = "<elements>"
#: A ``Nudge.needs`` entry's prefix: a child of the class named after it.
CHILD: Final = "child:"


@attrs.frozen
class Nudge:
    """How to draw an element so that its rules in ``twimlkit._rules`` pass.

    ``needs``: at least one of these must be present (an attribute keyword, ``TEXT``,
    ``ELEMENTS`` or a child class as ``CHILD + "Name"``); the strategy picks one and
    provides it. ``bare_children``: children that may hold only their text value here.
    ``text_excluding``: children next to which the element's own text may only be whitespace.
    """

    needs: tuple[str, ...] = ()
    bare_children: frozenset[str] = frozenset()
    text_excluding: frozenset[str] = frozenset()


#: One entry per element with rules (a test checks ``RULES`` has no others), by rule.
NUDGES: Final[dict[str, Nudge]] = {
    "Say": Nudge(),  # say_length: drawn text stays far below 3,000 characters
    "Play": Nudge(needs=(TEXT, "digits")),  # play_needs_source
    "Enqueue": Nudge(needs=(TEXT, "workflow_sid")),  # enqueue_needs_queue
    "Dial": Nudge(needs=(TEXT, ELEMENTS)),  # dial_needs_target
    "Client": Nudge(needs=(TEXT, CHILD + "Identity")),  # client_needs_identity
    "Gather": Nudge(),  # gather_multi_language: 'multi' is one of many drawn languages; refused draws are dropped
    "Stream": Nudge(),  # stream_parameter_length: drawn names and values stay far below 500 characters
    # message_has_content, message_body_once
    "Message": Nudge(needs=(TEXT, ELEMENTS), text_excluding=frozenset({"Body"})),
    # refer_sip_is_uri: <Sip> is Refer's only child, and there it is a bare URI
    "Refer": Nudge(needs=(ELEMENTS,), bare_children=frozenset({"Sip"})),
    "Parameter": Nudge(needs=("name",)),  # needs_name
    "Header": Nudge(needs=("name",)),  # needs_name
    "Config": Nudge(needs=("name",)),  # needs_name
}
_NO_NUDGE: Final = Nudge()


# -- nodes -----------------------------------------------------------------------------------


def _class(spec: ElementSpec) -> type[Node]:
    cls: type[Node] = getattr(twimlkit.ssml if spec.domain == "ssml" else twimlkit, spec.name)
    return cls


#: Comment text: no ``--``, no trailing ``-`` (XML rules) and no CR, which comments cannot
#: escape (a parser reads it back as LF), so ``Comment`` refuses it.
_COMMENTS: Final = (
    legal_text(max_size=SHORT)
    .map(lambda t: t.replace("\r", ""))
    .filter(lambda t: "--" not in t and not t.endswith("-"))
    .map(Comment)
)


@st.composite
def _maybe_comment(draw: st.DrawFn) -> list[Comment]:
    """No comment, or one time in eight a comment (shrinking towards none)."""
    return [draw(_COMMENTS)] if draw(st.integers(0, 7)) == 7 else []


#: A piece of content text: anything legal, or only whitespace (as pretty-printing leaves).
_PIECES: Final = st.one_of(legal_text(min_size=1), st.text(st.sampled_from(" \t\n\r"), min_size=1, max_size=4))
_WORDS: Final = legal_text(min_size=1).filter(lambda t: bool(t.strip()))


def _max_children(budget: int) -> int:
    """Longest child list at a depth budget: wide at the root, narrow deep down."""
    return 6 if budget >= MAX_DEPTH else 2 if budget <= 1 else 3


@functools.cache
def _choice(spec: ElementSpec, budget: int) -> st.SearchStrategy[Node] | None:
    """One allowed element child, drawn with ``budget`` levels left below it; None if none."""
    if budget < 0 or not spec.children:
        return None
    bare = NUDGES.get(spec.name, _NO_NUDGE).bare_children
    return st.one_of([_node(child.name, budget, child.name in bare) for child in spec.children])


def _insert(draw: st.DrawFn, items: list[object], extra: Sequence[object]) -> list[object]:
    """``items`` with each of ``extra`` put at a drawn position."""
    items = list(items)
    for thing in extra:
        items.insert(draw(st.integers(0, len(items))), thing)
    return items


def _capped(spec: ElementSpec, children: list[object]) -> list[object]:
    """``children`` without the element children beyond their ``Child.max``."""
    caps = {child.name: child.max for child in spec.children if child.max is not None}
    seen: Counter[str] = Counter()
    kept = []
    for child in children:
        name = type(child).__name__
        if name in caps:
            seen[name] += 1
            if seen[name] > caps[name]:
                continue
        kept.append(child)
    return kept


@st.composite
def _parts(draw: st.DrawFn, spec: ElementSpec, budget: int, bare: bool) -> tuple[list[object], dict[str, object]]:
    """Children and keywords for one element (``bare``: its text value alone)."""
    nudge = NUDGES.get(spec.name, _NO_NUDGE)
    need = draw(st.sampled_from(nudge.needs)) if nudge.needs and not bare else None
    keywords: dict[str, object] = {}
    if not bare:
        keywords = dict(draw(_attributes(spec)))
        attr = spec.attribute(need) if need is not None else None
        if attr is not None and attr.name not in keywords:
            keywords[attr.name] = draw(values(attr.kind))
    # Children a rule needs are drawn even at the bottom, with no budget below them.
    choice = _choice(spec, max(budget - 1, 0) if need == ELEMENTS else budget - 1)
    size = _max_children(budget)
    elements = st.lists(choice, max_size=size) if choice is not None and not bare else st.just([])
    comments = _maybe_comment()

    children: list[object]
    if spec.text.is_content:
        pieces = st.one_of(_PIECES, choice) if choice is not None and not bare else _PIECES
        children = draw(st.lists(pieces, max_size=size + 1))
        texts = [child for child in children if isinstance(child, str)]
        if need == TEXT and not any(text.strip() for text in texts):
            children = _insert(draw, children, [draw(_WORDS)])
        elif (spec.text.required or bare) and not texts:
            children = _insert(draw, children, [draw(_PIECES)])
        if need == ELEMENTS and choice is not None and not any(isinstance(c, Node) for c in children):
            children = _insert(draw, children, [draw(choice)])
        children = _capped(spec, children)
        if any(type(child).__name__ in nudge.text_excluding for child in children):
            children = [c for c in children if not isinstance(c, str) or not c.strip()]
        children = _insert(draw, children, draw(comments))
    elif spec.text is Text.NONE:
        children = list(draw(elements))
        if need == ELEMENTS and choice is not None and not children:
            children = [draw(choice)]
        children = _insert(draw, _capped(spec, children), draw(comments))
    else:  # VALUE / REQUIRED_VALUE: one text, or element children, never both
        wanted = need.removeprefix(CHILD) if need is not None and need.startswith(CHILD) else None
        with_text = (
            bare or need == TEXT or spec.text.required or (need != ELEMENTS and wanted is None and draw(st.booleans()))
        )
        if with_text:
            children = [draw(_value_text(spec.text_kind))]
        else:
            children = list(draw(elements))
            if need == ELEMENTS and choice is not None and not children:
                children = [draw(choice)]
            if wanted is not None and not any(type(child).__name__ == wanted for child in children):
                children.insert(0, draw(_node(wanted, max(budget - 1, 0))))
            children = _capped(spec, children)
        children = _insert(draw, children, draw(comments))
    return children, keywords


@functools.cache
def _attributes(spec: ElementSpec) -> st.SearchStrategy[dict[str, object]]:
    """Any subset of the element's attributes, each with a valid value."""
    return st.fixed_dictionaries({}, optional={attr.name: values(attr.kind) for attr in spec.attributes})


def _build(cls: type[Node], parts: tuple[list[object], dict[str, object]]) -> Node | None:
    """The node, or None when a rule refuses the draw (rare: see ``NUDGES``)."""
    children, keywords = parts
    try:
        return cls(*children, **keywords)
    except ValidationError:
        return None


@functools.cache
def _node(name: str, budget: int, bare: bool = False) -> st.SearchStrategy[Node]:
    spec = SPECS[name]
    cls = _class(spec)
    built = _parts(spec, budget, bare).map(functools.partial(_build, cls))
    return cast("st.SearchStrategy[Node]", built.filter(lambda node: node is not None))


def nodes(name: str, depth: int = NODE_DEPTH) -> st.SearchStrategy[Node]:
    """Valid nodes of the class ``name`` (a key of ``SPECS``), with at most ``depth`` levels below."""
    if name not in SPECS:
        raise KeyError(f"{name!r} is not an element class; known: {', '.join(SPECS)}")
    return _node(name, depth)


def documents() -> st.SearchStrategy[twimlkit.VoiceResponse | twimlkit.MessagingResponse]:
    """Valid ``VoiceResponse`` and ``MessagingResponse`` documents over the whole vocabulary."""
    roots = st.one_of(_node(VOICE_RESPONSE.name, MAX_DEPTH), _node(MESSAGING_RESPONSE.name, MAX_DEPTH))
    return cast("st.SearchStrategy[twimlkit.VoiceResponse | twimlkit.MessagingResponse]", roots)
