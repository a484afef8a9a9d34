"""The TwiML vocabulary: every element twimlkit knows, stated once.

``SPECS`` maps class names to specs, in a stable order: documents first, then Voice
verbs, Voice nouns, Messaging and SSML elements. Everything else derives from it.
"""

from __future__ import annotations

from types import MappingProxyType

from .._spec import Child, ElementSpec
from . import messaging, ssml, voice_nouns, voice_verbs

__all__ = ["DOCUMENTS", "SPECS", "by_tag"]

_VERBS = voice_verbs.ELEMENTS

VOICE_RESPONSE = ElementSpec(
    name="VoiceResponse",
    tag="Response",
    domain="voice",
    url="https://www.twilio.com/docs/voice/twiml",
    doc="A Voice TwiML document: the verbs Twilio runs, in order, for a call.",
    children=tuple(Child(spec.name) for spec in _VERBS if spec.verb and spec.domain in ("voice", "shared")),
)

MESSAGING_RESPONSE = ElementSpec(
    name="MessagingResponse",
    tag="Response",
    domain="messaging",
    url="https://www.twilio.com/docs/messaging/twiml",
    doc="A Messaging TwiML document: the replies Twilio sends for an incoming message.",
    children=(
        Child("Message", max=10, code=14109),
        *(Child(spec.name) for spec in _VERBS if spec.verb and spec.domain == "shared"),
    ),
)

DOCUMENTS: tuple[ElementSpec, ...] = (VOICE_RESPONSE, MESSAGING_RESPONSE)

SPECS: MappingProxyType[str, ElementSpec] = MappingProxyType(
    {
        spec.name: spec
        for spec in (
            *DOCUMENTS,
            *voice_verbs.ELEMENTS,
            *voice_nouns.ELEMENTS,
            *messaging.ELEMENTS,
            *ssml.ELEMENTS,
        )
    }
)


def by_tag(tag: str, parent: ElementSpec) -> ElementSpec | None:
    """The spec of the child with XML tag ``tag`` that ``parent`` allows, if any."""
    for child in parent.children:
        spec = SPECS[child.name]
        if spec.tag == tag:
            return spec
    return None
