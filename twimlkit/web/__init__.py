"""twimlkit in web frameworks: a document as a response, and Twilio's signature checked.

``twiml_response(doc)`` is what any framework needs to send a document. The adapters, each
an optional extra imported only when used, do the rest for their framework:

- ``twimlkit.web.flask.twilio_view`` and ``twimlkit.web.django.twilio_view``: decorators;
- ``twimlkit.web.starlette.TwiMLResponse`` and ``TwilioSignature`` (Starlette, FastAPI).

They check ``X-Twilio-Signature`` (403 when it is missing or wrong) over the URL rebuilt from
the raw request, undecoded, as Twilio requested it: ``public_url`` (the scheme and host
Twilio uses to reach the app, plus any path prefix a proxy strips before the app sees the
request) wins over what the request says; the
``X-Forwarded-Proto`` and ``X-Forwarded-Host`` headers count only when the request comes from
one of ``trusted_proxies``, so a forged header never gets a request past the check. A GET is
signed over the URL alone, a form POST over the form, a JSON webhook over its body's hash.
The auth token is read when a request is checked: the ``auth_token`` argument, else the
framework's settings (``TWILIO_AUTH_TOKEN``), else ``$TWILIO_AUTH_TOKEN``. Checking is off
only with ``validate=False``, never because of a debug flag.

Layering: nothing below ``twimlkit.web`` imports it.
"""

from __future__ import annotations

from typing import Final

from .._document import Document

__all__ = ["CONTENT_TYPE", "twiml_response"]

#: The content type of TwiML sent to Twilio.
CONTENT_TYPE: Final = "application/xml; charset=utf-8"


def twiml_response(doc: Document) -> tuple[bytes, int, dict[str, str]]:
    """The body, status and headers with which to answer Twilio with ``doc``.

    >>> from twimlkit import Hangup, VoiceResponse
    >>> body, status, headers = twiml_response(VoiceResponse(Hangup()))
    >>> body, status
    (b'<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>', 200)
    >>> headers
    {'Content-Type': 'application/xml; charset=utf-8'}
    """
    if not isinstance(doc, Document):
        raise TypeError(f"twiml_response() takes a VoiceResponse or MessagingResponse; got {type(doc).__name__}")
    return doc.to_bytes(), 200, {"Content-Type": CONTENT_TYPE}
