"""Rules a single attribute's kind cannot express: several attributes or children at once.

Each rule takes a freshly built node and raises ``ValidationError`` with a path relative
to that node, as every check at construction does. ``RULES`` maps element class names to
their rules; the generated classes attach them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Final

from ._node import Comment, _text_length
from .exceptions import ValidationError

if TYPE_CHECKING:
    from ._node import Node

__all__ = ["RULES"]

Rule = Callable[["Node"], None]

#: How many characters one <Say> may speak, by voice family (warning 13521). Google voices
#: take the most; the vocabulary caps every <Say> at that and this rule at the voice's own.
SAY_LIMITS: Final = {"Polly.": 3000, "Google.": 5000}
BASIC_SAY_LIMIT: Final = 4096
# What every voice speaks: a <Say> no longer passes whatever its voice.
_SHORTEST_SAY_LIMIT: Final = min(*SAY_LIMITS.values(), BASIC_SAY_LIMIT)


def say_length(node: Node) -> None:
    """Polly voices speak at most 3,000 characters, basic voices 4,096, Google 5,000 (13521).

    For Polly and the basic voices SSML tags do not count; for Google "SSML tags, newlines and
    spaces contribute to the character count", so the SSML as written counts (text as given,
    elements as their XML). Twilio also speaks of "UTF-8 single byte characters"; what that
    means for other text is unclear, so characters are counted, which accepts more.
    """
    # Nothing counted is longer than one text alone, or than the element as written: short
    # ones pass at once.
    children = node.children
    if len(children) == 1 and type(children[0]) is str:
        if len(children[0]) <= _SHORTEST_SAY_LIMIT:
            return
    elif len(node._xml) <= _SHORTEST_SAY_LIMIT:
        return
    voice = node._attrs.get("voice")
    family = next((prefix for prefix in SAY_LIMITS if isinstance(voice, str) and voice.startswith(prefix)), None)
    if family == "Google.":
        # Comments are not spoken: XML readers drop them before the SSML reaches Google.
        length = sum(
            len(child) if type(child) is str else 0 if child.tag == "!--" else len(child._xml) for child in children
        )
        counted = "text with its SSML tags"
    else:
        length = len(children[0]) if len(children) == 1 and type(children[0]) is str else _text_length(node)
        counted = "text"
    limit = SAY_LIMITS[family] if family is not None else BASIC_SAY_LIMIT
    if length > limit:
        who = f"{family[:-1]} voices" if family is not None else "the basic voices (man, woman, alice)"
        shown = "<Say>" if voice is None else f"<Say voice={voice!r}>"
        raise ValidationError("Say", f"{shown} {counted} is {length} characters; {who} speak at most {limit}", 13521)


#: The speech models ``<Gather language="multi">`` works with (Gather page: "available only when
#: you use the specific speechModel deepgram_nova-3"); later variants of the name are accepted.
MULTI_LANGUAGE_MODEL: Final = "deepgram_nova-3"


def gather_multi_language(node: Node) -> None:
    """``language="multi"`` needs ``speech_model="deepgram_nova-3"`` (13331)."""
    if node._attrs.get("language") != "multi":
        return
    model = node._attrs.get("speech_model")
    if not (isinstance(model, str) and model.startswith(MULTI_LANGUAGE_MODEL)):
        raise ValidationError(
            "Gather@language",
            f"language='multi' is not allowed with speech_model={model!r}: Twilio detects the language "
            f"only with speech_model={MULTI_LANGUAGE_MODEL!r}; give a language tag such as 'en-US' otherwise",
            13331,
        )


#: Stream page: "The combined length of each <Parameter> name and value attributes must be
#: under 500 characters": each parameter on its own, not all of them together.
STREAM_PARAMETER_LIMIT: Final = 500


def stream_parameter_length(node: Node) -> None:
    """Each <Parameter> of a <Stream>: name and value together under 500 characters."""
    for index, child in enumerate(node.elements):
        if child.tag != "Parameter":
            continue
        name, value = child.get("name"), child.get("value")
        length = (len(name) if isinstance(name, str) else 0) + (len(value) if isinstance(value, str) else 0)
        if length >= STREAM_PARAMETER_LIMIT:
            raise ValidationError(
                f"Stream/Parameter[{index}]",
                f"<Parameter> of a <Stream> has a name and value of {length} characters together; "
                f"Twilio takes under {STREAM_PARAMETER_LIMIT}",
            )


def _starts_with_text(node: Node) -> bool:
    """Whether the first child is text (the common case, checked before the full test)."""
    children = node.children
    return bool(children) and type(children[0]) is str and children[0] != ""


def play_needs_source(node: Node) -> None:
    """<Play> plays a URL, or sends ``digits``; with neither it does nothing."""
    if _starts_with_text(node):
        return
    if not node.text and node.get("digits") is None:
        raise ValidationError("Play", "<Play> needs a URL to play (its text) or digits= to send")


def refer_sip_is_uri(node: Node) -> None:
    """Inside <Refer>, <Sip> is only the SIP URI to refer to: no attributes, no children."""
    sips = 0
    for index, child in enumerate(node.elements):
        if child.tag != "Sip":
            continue
        sips += 1
        extra = [f"{name}=" for name in child.attributes] + [f"<{element.tag}>" for element in child.elements]
        if extra:
            raise ValidationError(
                f"Refer/Sip[{index}]",
                f"inside <Refer>, <Sip> takes only its SIP URI as text; got {', '.join(extra)}",
            )
        if not child.text:
            raise ValidationError(f"Refer/Sip[{index}]", "inside <Refer>, <Sip> needs the SIP URI as its text")
    if not sips:
        raise ValidationError("Refer", "<Refer> needs a <Sip> with the SIP URI to refer the call to")


def message_has_content(node: Node) -> None:
    """A <Message> sends text, a <Body> or <Media>; an empty one fails (14103)."""
    children = node.children
    if children:
        first = children[0]
        if (first.strip() != "") if type(first) is str else type(first) is not Comment:
            return
    if not node.text.strip() and not node.elements:
        raise ValidationError("Message", "<Message> needs text, a <Body> or a <Media> to send", 14103)


def message_body_once(node: Node) -> None:
    """Text directly in <Message> and a <Body> child would be two bodies."""
    if len(node.children) == 1:
        return  # text or a <Body>, not both
    if node.text.strip() and any(child.tag == "Body" for child in node.elements):
        raise ValidationError("Message", "<Message> has both text and a <Body>: give the body once")


def enqueue_needs_queue(node: Node) -> None:
    """<Enqueue> names a queue (its text) unless TaskRouter routes it (``workflow_sid``) (14204)."""
    if _starts_with_text(node):
        return
    if not node.text and node.get("workflow_sid") is None:
        raise ValidationError("Enqueue", "<Enqueue> needs a queue name (its text) or workflow_sid=", 14204)


def dial_needs_target(node: Node) -> None:
    """<Dial> calls something: a number as its text, or at least one noun."""
    children = node.children
    if children:
        first = children[0]
        if first != "" if type(first) is str else type(first) is not Comment:
            return
    if not node.text and not node.elements:
        raise ValidationError("Dial", "<Dial> needs a number (its text) or a noun such as <Number>, <Client>, <Queue>")


def client_needs_identity(node: Node) -> None:
    """<Client> dials a client identity: its text, or an <Identity> child."""
    if _starts_with_text(node):
        return
    if not node.text and not any(child.tag == "Identity" for child in node.elements):
        raise ValidationError(
            "Client", "<Client> needs the identity to dial: its text (Client('alice')) or Identity('alice')"
        )


def needs_name(node: Node) -> None:
    """<Parameter>, <Header> and <Config> pass a named value: the name is required."""
    if node._attrs.get("name") is None:
        raise ValidationError(f"{node.tag}@name", f"<{node.tag}> needs name=")


RULES: Final[dict[str, tuple[Rule, ...]]] = {
    "Say": (say_length,),
    "Gather": (gather_multi_language,),
    "Stream": (stream_parameter_length,),
    "Play": (play_needs_source,),
    "Refer": (refer_sip_is_uri,),
    "Message": (message_has_content, message_body_once),
    "Enqueue": (enqueue_needs_queue,),
    "Dial": (dial_needs_target,),
    "Client": (client_needs_identity,),
    "Parameter": (needs_name,),
    "Header": (needs_name,),
    "Config": (needs_name,),
}
