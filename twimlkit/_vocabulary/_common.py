"""Kinds and attributes that many elements share, stated once."""

from __future__ import annotations

from .._kinds import Choice, ChoiceList, Int, Str
from .._spec import Attr

#: ``method`` and its variants: Twilio accepts GET or POST (in any letter case when read).
METHOD = Choice(("GET", "POST"), fold_case=True)
#: An absolute URL or one relative to the document's own URL. Empty is the document itself.
URL = Str(pattern=r"\S*", shape="a URL without whitespace")
#: An absolute http(s) URL, for callbacks Twilio must reach without a base.
#: URL schemes are case-insensitive (RFC 3986), so HTTPS:// is one too.
ABSOLUTE_URL = Str(pattern=r"[Hh][Tt][Tt][Pp][Ss]?://\S+", shape="an absolute http:// or https:// URL")
#: A secure websocket URL (ConversationRelay): Twilio connects with wss only, never ws.
WSS_URL = Str(pattern=r"[Ww][Ss][Ss]://\S+", shape="a wss:// URL")
#: Voice names change monthly at Twilio, so only their shape is checked: Polly names in any
#: letters (Twilio lists ``Polly.Mía-Generative``, ``Polly.Rémi-Generative``, ``Polly.Léa``) and
#: Google locales in either case for the region (Twilio lists ``Google.fil-ph-Neural2-A``).
VOICE = Str(
    pattern=(
        r"man|woman|alice"
        r"|Polly\.[A-ZÀ-ÖØ-Þ][^\W\d_]+(-(Neural|Generative|LongForm))?"
        r"|Google\.[a-z]{2,3}-[A-Za-z]{2}-[A-Za-z0-9]+(-[A-Za-z0-9]+)*"
    ),
    shape="a voice: man, woman, alice, Polly.<Name>[-Neural|-Generative|-LongForm] or Google.<locale>-<model>",
)
#: A BCP-47 language tag such as en-US, pt-BR, cmn-Hans-CN.
LANGUAGE = Str(
    pattern=r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*",
    shape="a BCP-47 language tag such as 'en-US'",
)
#: A language tag, or ``multi``: the provider detects the language and follows it as it changes
#: (Deepgram speech-to-text, ElevenLabs text-to-speech; Twilio changelog 2025-10-07, "you can
#: specify multi as the active speech-to-text (STT) language ... as the active TTS language").
LANGUAGE_OR_MULTI = Str(
    pattern="multi|" + str(LANGUAGE.pattern),
    shape="a BCP-47 language tag such as 'en-US', or 'multi' to detect the language",
)
#: Keys a caller may press: digits, '#', '*'.
KEY = Str(numbers=True, pattern=r"[0-9#*]?", shape="a single key: 0-9, '#' or '*', or '' for none")
#: E.164 and friends: Twilio also accepts national formats, so only the character set is checked.
PHONE_NUMBER = Str(pattern=r"\+?[0-9(][0-9()\-. ]*[0-9]", shape="a phone number such as '+15558675310'")
#: Seconds for timeouts that Twilio documents without an upper bound.
SECONDS = Int(min=1)
#: TwiML booleans spelled as words where Twilio documents words, not true/false.
ON_OFF = Choice(("true", "false"))
#: recordingStatusCallbackEvent values.
RECORDING_EVENTS = ChoiceList(("in-progress", "completed", "absent"))
#: Recording channel layouts for Dial/Conference record=.
TRIM = Choice(("trim-silence", "do-not-trim"))


def method(doc: str, *, xml: str = "method", code: int | None = None, default: str | None = "POST") -> Attr:
    """An HTTP method attribute (``method``, ``statusCallbackMethod``, ...)."""
    return Attr(xml, METHOD, doc, default=default, code=code)


def url(doc: str, *, xml: str = "url", code: int | None = None, default: str | None = None) -> Attr:
    """A URL attribute Twilio requests (action, url, statusCallback, ...)."""
    return Attr(xml, URL, doc, default=default, code=code)
