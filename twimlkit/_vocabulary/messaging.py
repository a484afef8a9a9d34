"""Messaging TwiML: ``<Message>`` and its nouns ``<Body>`` and ``<Media>``.

``<Redirect>`` and the legacy ``<Sms>`` are shared with Voice and stated in ``voice_verbs``.
"""

from __future__ import annotations

from .._kinds import Str
from .._spec import Attr, Child, ElementSpec, Text
from ._common import URL, method, url

_MESSAGE_URL = "https://www.twilio.com/docs/messaging/twiml/message"

#: Twilio's limit on a message body, in characters (warning 14103, REST error 21617).
BODY_MAX = 1600

#: A recipient: a phone number (E.164 or a national format Twilio resolves with the sender's
#: country code), a channel address such as ``whatsapp:+14155238886``, or a Wireless SIM SID.
MESSAGE_TO = Str(
    pattern=r"[a-z][a-z0-9-]*:\S+|\+?[0-9(][0-9()\-. ]*[0-9]|DE[0-9a-fA-F]{32}",
    shape="a phone number such as '+16175551212', a channel address such as 'whatsapp:+14155238886' "
    "or a Wireless SIM SID",
)

#: A sender: the same shapes as ``to``, or an alphanumeric sender ID of 1 to 11 characters
#: (ASCII letters, digits and space).
MESSAGE_FROM = Str(
    pattern=(
        r"[a-z][a-z0-9-]*:\S+|\+?[0-9(][0-9()\-. ]*[0-9]|DE[0-9a-fA-F]{32}"
        r"|[A-Za-z0-9](?:[A-Za-z0-9 ]{0,9}[A-Za-z0-9])?"
    ),
    shape="a phone number such as '+16175551212', a channel address such as 'whatsapp:+14155238886', "
    "a Wireless SIM SID or an alphanumeric sender ID of 1 to 11 characters",
)

MESSAGE = ElementSpec(
    name="Message",
    tag="Message",
    domain="messaging",
    verb=True,
    url=_MESSAGE_URL,
    doc="Send a message (SMS, MMS or a channel message) as a reply or to another number.",
    text=Text.CONTENT,
    text_kind=Str(max_length=BODY_MAX),
    text_code=14103,
    text_doc="The message body, when no <Body> noun is given; at most 1600 characters.",
    attributes=(
        Attr(
            "to",
            MESSAGE_TO,
            "Recipient of the message; without it the reply goes back to the sender.",
            code=14101,
        ),
        Attr(
            "from",
            MESSAGE_FROM,
            "Sender: a message-capable number of the account or an alphanumeric sender ID; "
            "defaults to the number that received the incoming message.",
            code=14102,
        ),
        url("URL Twilio requests with the message's status once it is sent.", xml="action"),
        method("HTTP method for the action URL.", code=14104),
        url(
            "URL Twilio notifies as the message's delivery status changes.",
            xml="statusCallback",
            code=14105,
        ),
    ),
    # Several <Body>s are concatenated (Message page: "If more than one <Body> element is used
    # in a single <Message> the contents of the two will be concatenated together").
    children=(
        Child("Body"),
        Child("Media", max=10),
    ),
)

BODY = ElementSpec(
    name="Body",
    tag="Body",
    domain="messaging",
    url=_MESSAGE_URL,
    doc="The text of a message, when it goes with <Media> nouns.",
    text=Text.REQUIRED_CONTENT,
    text_kind=Str(max_length=BODY_MAX),
    text_code=14103,
    text_doc="The words to send; at most 1600 characters.",
)

MEDIA = ElementSpec(
    name="Media",
    tag="Media",
    domain="messaging",
    url=_MESSAGE_URL,
    doc="One media file (image, audio, video, vCard...) to attach to the message, by URL.",
    text=Text.REQUIRED_VALUE,
    text_kind=URL,
    text_doc="The URL Twilio fetches the media from.",
)

ELEMENTS: tuple[ElementSpec, ...] = (MESSAGE, BODY, MEDIA)
