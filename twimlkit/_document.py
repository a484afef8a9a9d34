"""Documents: the ``<Response>`` roots, their document-wide rules, and lint."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

import attrs

from ._node import XML_DECLARATION, Element, Node, _set_attrs, _set_children, _set_flags, _set_xml, _take
from ._vocabulary import SPECS
from ._xmlchars import escape_attribute, escape_text
from .exceptions import ValidationError

__all__ = ["Document", "LintWarning", "MAX_DOCUMENT_BYTES", "MAX_MESSAGES"]

#: Twilio refuses TwiML documents over 64 kB (error 11750), declaration included.
MAX_DOCUMENT_BYTES: Final = 65_536
#: A Messaging reply holds at most ten <Message>s (error 14109).
MAX_MESSAGES: Final = 10
#: Twilio's codes for a document too big, and for Voice and Messaging verbs in one.
TOO_BIG_CODE: Final = 11750
MIXED_CODE: Final = 14110

# Verbs after which nothing in the same document runs.
_FINAL_VERBS: Final = frozenset({"Hangup", "Reject", "Redirect", "Leave"})
# Verbs that hand the call to their action URL when they finish.
_ACTION_VERBS: Final = frozenset({"Dial", "Enqueue"})
_DECLARATION_BYTES: Final = len(XML_DECLARATION)
# The domains ("voice", "messaging") each known tag belongs to, for Element nodes; shared
# tags (Redirect) and SSML (spoken inside a Voice <Say>) belong to neither alone.
_TAG_DOMAINS: Final = {
    tag: {spec.domain for spec in SPECS.values() if spec.tag == tag} & {"voice", "messaging"}
    for tag in {spec.tag for spec in SPECS.values()}
}


@attrs.frozen
class LintWarning:
    """Something legal that is probably a mistake: where, what, and which rule said so.

    Warnings of a document read leniently (``parse(text, strict=False)``) also carry the
    ``line`` of the source and the Twilio ``code`` that Twilio logs for the same problem.
    """

    path: str
    message: str
    rule: str
    line: int | None = attrs.field(default=None, kw_only=True)
    code: int | None = attrs.field(default=None, kw_only=True)

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line is not None else ""
        code = f" (Twilio {self.code})" if self.code is not None else ""
        return f"{where}{self.path}: {self.message}{code} [{self.rule}]"


LintWarning.__module__ = "twimlkit"


def _says_anything(say: Node) -> bool:
    """Whether a ``<Say>`` holds words or SSML (a lone ``<break>`` is a pause, on purpose);
    whitespace and comments are nothing."""
    return any(isinstance(child, Node) or (type(child) is str and child.strip()) for child in say.children)


def _walk(node: Node, path: str) -> Iterator[tuple[Node, str]]:
    """Every element under ``node`` (itself included) with its absolute path, depth-first
    in document order (a stack, not recursion: as deep as the depth bound)."""
    stack = [(node, path)]
    while stack:
        item, where = stack.pop()
        yield item, where
        elements = [child for child in item.children if isinstance(child, Node)]
        stack.extend((child, f"{where}/{child.tag}[{index}]") for index, child in reversed(list(enumerate(elements))))


class Document(Node):
    """Base of ``VoiceResponse`` and ``MessagingResponse``: a whole TwiML document."""

    # What lenient reading kept unvalidated (set only on documents read with strict=False).
    __slots__ = ("_warnings",)
    _warnings: tuple[LintWarning, ...]

    def _state(self) -> object:
        # What reading leniently kept goes with the tree (a pickle holds it too).
        return getattr(self, "_warnings", None)

    def _restore(self, state: object) -> None:
        if state is not None:
            object.__setattr__(self, "_warnings", state)

    def _read_leniently(self, warnings: tuple[LintWarning, ...]) -> None:
        """Mark a document read with ``strict=False``: its problems are these warnings,
        and document rules that Twilio only warns about no longer raise."""
        object.__setattr__(self, "_warnings", warnings)

    def _hold(self, children: tuple[object, ...], attributes: dict[str, str]) -> None:
        """Hold ``children`` and ``attributes`` as read, unchecked: a ``<Response>`` that
        lenient reading keeps though its constructor refuses it (text directly in it, an
        attribute, more messages than Twilio sends)."""
        merged: list[object] = []
        for child in children:
            if type(child) is str and merged and type(merged[-1]) is str:
                merged[-1] = str(merged[-1]) + child
            else:
                merged.append(child)
        attributes = dict(sorted(attributes.items()))
        start = "<" + self.tag + "".join(" " + key + "=" + escape_attribute(value) for key, value in attributes.items())
        inner = "".join([escape_text(child) if type(child) is str else _take(child) for child in merged])
        _set_children(self, tuple(merged))
        _set_attrs(self, dict(attributes))
        _set_xml(self, start + ">" + inner + "</" + self.tag + ">" if merged else start + "/>")
        _set_flags(self, 1)  # its height is measured when needed

    def _declares(self) -> bool:
        return True

    def validate(self) -> None:
        """Check the document-wide rules; raise ``ValidationError`` on the first broken one.

        Nodes check themselves when built; what is left is what only the whole document
        shows: its size (11750), the number of messages (14109) and Voice/Messaging mixing
        through ``Element`` nodes (14110). ``to_xml`` runs the same checks.
        """
        self._check_tree()
        # Cheap bound first: UTF-8 takes at most 4 bytes a character.
        if (len(self._xml) + _DECLARATION_BYTES) * 4 > MAX_DOCUMENT_BYTES:
            # Encoded now, not kept: a tree keeps its XML once, as text.
            size = len(self.to_bytes())
            if size > MAX_DOCUMENT_BYTES:
                raise self._too_big(size)

    def _too_big(self, size: int) -> ValidationError:
        return ValidationError(
            self.tag,
            f"the document is {size:,} bytes of UTF-8; Twilio accepts at most {MAX_DOCUMENT_BYTES:,}",
            TOO_BIG_CODE,
        )

    def _check_written(self, text: str) -> None:
        self._check_tree()
        # Cheap bound first: UTF-8 takes at most 4 bytes a character.
        if len(text) * 4 > MAX_DOCUMENT_BYTES:
            size = len(text.encode())
            if not text.startswith(XML_DECLARATION):
                size += _DECLARATION_BYTES
            if size > MAX_DOCUMENT_BYTES:
                raise self._too_big(size)

    def _check_tree(self) -> None:
        if not self._unchecked or hasattr(self, "_warnings"):
            # Read leniently: what these rules find is among the document's warnings.
            return
        for _node, problem in self._tree_problems():
            raise problem

    def _tree_problems(self) -> Iterator[tuple[Node, ValidationError]]:
        """What only the whole tree shows once an ``Element`` is in it: a verb of the other
        kind of document anywhere (14110; typed nodes inside an ``Element`` too, since an
        ``Element`` lets anything through) and more messages than Twilio sends (14109)."""
        own_domain = self._spec.domain
        other_domain = "messaging" if own_domain == "voice" else "voice"
        messages = 0
        for node, path in _walk(self, self.tag):
            domains = _TAG_DOMAINS.get(node.tag, set())
            if other_domain in domains and own_domain not in domains:
                other = "Messaging" if own_domain == "voice" else "Voice"
                yield (
                    node,
                    ValidationError(
                        path,
                        f"<{node.tag}> is a {other} element; a {type(self).__name__} cannot hold it",
                        MIXED_CODE,
                    ),
                )
            if node.tag == "Message":
                messages += 1
        if messages > MAX_MESSAGES:
            yield (
                self,
                ValidationError(
                    self.tag,
                    f"the reply holds {messages} <Message>s; Twilio sends at most {MAX_MESSAGES}",
                    14109,
                ),
            )

    def lint(self) -> list[LintWarning]:
        """Warnings about legal TwiML that is probably a mistake; never raises.

        Rules: ``unreachable``, ``unvalidated``, ``deprecated``, ``empty-say`` (a ``<Say>``
        with neither words nor SSML), ``callback-without-url`` and ``stream-query-stripped`` (a
        ``<Stream url>`` query string, which Twilio drops). A
        document read with ``strict=False`` lists first what reading kept unvalidated, each
        with its line and Twilio code (rules ``not-twiml``, ``misplaced``, ``invalid``).
        """
        read: tuple[LintWarning, ...] = getattr(self, "_warnings", ())
        warnings: list[LintWarning] = list(read)
        # Elements that reading reported already (on themselves, an attribute or a child
        # whose problem kept them as written) need no second warning.
        explained = {warning.path.partition("@")[0] for warning in read}
        explained |= {path.rpartition("/")[0] for path in explained}
        ended_by: str | None = None
        index = 0
        for child in self.children:
            if not isinstance(child, Node):
                continue
            path = f"{self.tag}/{child.tag}[{index}]"
            index += 1
            if ended_by is not None:
                warnings.append(LintWarning(path, f"<{child.tag}> can never run: {ended_by}", "unreachable"))
                continue
            if child.tag in _FINAL_VERBS:
                ended_by = f"the call leaves this document at <{child.tag}> before it"
            elif child.tag in _ACTION_VERBS and child.get("action") is not None:
                ended_by = f"<{child.tag} action=...> before it hands the call to its action URL"
        for node, path in _walk(self, self.tag):
            if type(node) is Element:
                if path in explained:
                    continue
                warnings.append(
                    LintWarning(path, f"<{node.tag}> is an Element node: twimlkit does not validate it", "unvalidated")
                )
                continue
            if node.tag == "Sms":
                message = "<Sms> is deprecated: reply with Messaging TwiML or the Messages API"
                warnings.append(LintWarning(path, message, "deprecated"))
            elif node.tag == "Say" and not _says_anything(node):
                warnings.append(LintWarning(path, "<Say> has no text: the caller hears nothing", "empty-say"))
            if node.tag == "Stream":
                stream_url = node.get("url")
                if isinstance(stream_url, str) and "?" in stream_url:
                    message = (
                        "the <Stream> url has a query string, which Twilio strips before connecting: "
                        "pass custom data in <Parameter> children instead"
                    )
                    warnings.append(LintWarning(f"{path}@url", message, "stream-query-stripped"))
            for attr in node._spec.attributes:
                if attr.xml.endswith("allbackEvent") and node.get(attr.name) is not None:
                    target = node._table.by_xml.get(attr.xml[: -len("Event")])
                    if target is not None and node.get(target.name) is None:
                        warnings.append(
                            LintWarning(
                                f"{path}@{attr.xml}",
                                f"{attr.name} is set but {target.name} is not: the events reach no one",
                                "callback-without-url",
                            )
                        )
        return warnings
