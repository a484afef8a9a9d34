"""twimlkit: typed, immutable, validated TwiML.

    >>> from twimlkit import VoiceResponse, Dial, Queue, Redirect
    >>> doc = VoiceResponse(
    ...     Dial(Queue("radio-callin-queue"), hangup_on_star=True),
    ...     Redirect("https://example.com/next", method="GET"),
    ... )
    >>> print(doc.to_xml(pretty=True))
    <?xml version="1.0" encoding="UTF-8"?>
    <Response>
      <Dial hangupOnStar="true">
        <Queue>radio-callin-queue</Queue>
      </Dial>
      <Redirect method="GET">https://example.com/next</Redirect>
    </Response>

Every Voice and Messaging element is a class here; SSML lives in ``twimlkit.ssml``.
"""

from __future__ import annotations

from . import ssml
from ._document import Document, LintWarning
from ._elements import *  # noqa: F403 - the generated element classes, listed in _elements.__all__
from ._elements import __all__ as _element_names
from ._node import Comment, Element, Node
from .exceptions import ParseError, TwiMLError, ValidationError

__version__ = "0.1.0"

__all__ = sorted(
    [
        *_element_names,
        "Comment",
        "Document",
        "Element",
        "LintWarning",
        "Node",
        "ParseError",
        "TwiMLError",
        "ValidationError",
        "ssml",
    ]
)
