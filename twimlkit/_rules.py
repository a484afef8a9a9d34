"""Rules a single attribute's kind cannot express: several attributes or children at once.

Each rule takes a freshly built node and raises ``ValidationError`` with a path relative
to that node, as every check at construction does. ``RULES`` maps element class names to
their rules; the generated classes attach them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Final

from .exceptions import ValidationError

if TYPE_CHECKING:
    from ._node import Node

__all__ = ["RULES"]

Rule = Callable[["Node"], None]

#: Amazon Polly voices speak at most this many characters per <Say> (SSML tags aside).
POLLY_SAY_LIMIT: Final = 3000


def _text_length(node: Node) -> int:
    total = 0
    for child in node.children:
        if type(child) is str:
            total += len(child)
        elif hasattr(child, "children"):
            total += _text_length(child)
    return total


def say_polly_length(node: Node) -> None:
    """A Polly voice speaks at most 3,000 characters (13521); basic voices 4,096."""
    voice = node._attrs.get("voice")
    if voice is not None and voice.startswith("Polly."):  # type: ignore[attr-defined]
        length = _text_length(node)
        if length > POLLY_SAY_LIMIT:
            raise ValidationError(
                "Say",
                f"<Say voice={voice!r}> text is {length} characters; Polly voices speak at most {POLLY_SAY_LIMIT}",
                13521,
            )


def play_needs_source(node: Node) -> None:
    """<Play> plays a URL, or sends ``digits``; with neither it does nothing."""
    if not node.children and node.get("digits") is None:
        raise ValidationError("Play", "<Play> needs a URL to play (its text) or digits= to send")


def refer_sip_is_uri(node: Node) -> None:
    """Inside <Refer>, <Sip> is only the SIP URI to refer to: no attributes, no children."""
    index = 0
    for child in node.children:
        if getattr(child, "tag", None) == "Sip":
            if child.attributes or child.elements:
                raise ValidationError(
                    f"Refer/Sip[{index}]",
                    "inside <Refer>, <Sip> takes only its SIP URI as text: no attributes or child elements",
                )
            if not child.text:
                raise ValidationError(f"Refer/Sip[{index}]", "inside <Refer>, <Sip> needs the SIP URI as its text")
        if hasattr(child, "tag"):
            index += 1


def message_has_content(node: Node) -> None:
    """A <Message> sends text, a <Body> or <Media>; an empty one fails (14103)."""
    if not node.text.strip() and not node.elements:
        raise ValidationError("Message", "<Message> needs text, a <Body> or a <Media> to send", 14103)


def message_body_once(node: Node) -> None:
    """Text directly in <Message> and a <Body> child would be two bodies."""
    if node.text.strip() and any(child.tag == "Body" for child in node.elements):
        raise ValidationError("Message", "<Message> has both text and a <Body>: give the body once")


def enqueue_needs_queue(node: Node) -> None:
    """<Enqueue> names a queue (its text) unless TaskRouter routes it (``workflow_sid``) (14204)."""
    if not node.children and node.get("workflow_sid") is None:
        raise ValidationError("Enqueue", "<Enqueue> needs a queue name (its text) or workflow_sid=", 14204)


def dial_needs_target(node: Node) -> None:
    """<Dial> calls something: a number as its text, or at least one noun."""
    if not node.children:
        raise ValidationError("Dial", "<Dial> needs a number (its text) or a noun such as <Number>, <Client>, <Queue>")


def needs_name(node: Node) -> None:
    """<Parameter>, <Header> and <Config> pass a named value: the name is required."""
    if node.get("name") is None:
        raise ValidationError(f"{node.tag}@name", f"<{node.tag}> needs name=")


RULES: Final[dict[str, tuple[Rule, ...]]] = {
    "Say": (say_polly_length,),
    "Play": (play_needs_source,),
    "Refer": (refer_sip_is_uri,),
    "Message": (message_has_content, message_body_once),
    "Enqueue": (enqueue_needs_queue,),
    "Dial": (dial_needs_target,),
    "Parameter": (needs_name,),
    "Header": (needs_name,),
    "Config": (needs_name,),
}
