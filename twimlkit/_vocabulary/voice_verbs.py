"""Voice verbs: the elements that sit directly in a Voice ``<Response>``.

``<Redirect>`` and the legacy ``<Sms>`` are shared with Messaging and stated here once
(``domain="shared"``);
``<Prompt>`` is stated here too, although it belongs inside ``<Pay>`` only.
"""

from __future__ import annotations

from .._kinds import Bool, Choice, ChoiceList, Int, Str, StrList, sid
from .._spec import Attr, Child, ElementSpec, Text
from ._common import KEY, LANGUAGE, LANGUAGE_OR_MULTI, PHONE_NUMBER, RECORDING_EVENTS, TRIM, URL, VOICE, method, url
from .ssml import SAY_CHILDREN

_DOCS = "https://www.twilio.com/docs/voice/twiml/"


#: DTMF tones ``<Play digits>`` sends: digits, A-D, ``#``, ``*`` and ``w`` (a half-second wait).
DTMF = Str(
    numbers=True,
    pattern=r"[0-9A-DWw#*]+",
    shape="DTMF tones: digits, A-D, '#', '*' and 'w' for a half-second pause, such as 'wwww3'",
)

#: Keys that end a ``<Record>``: any of 0-9, ``#``, ``*``, written together.
KEY_SET = Str(numbers=True, pattern=r"[0-9#*]*", shape="a set of keys written together, such as '#' or '1234567890*#'")

#: Card brands ``<Pay validCardTypes>`` and ``<Prompt cardType>`` accept.
CARD_TYPES = ("visa", "mastercard", "amex", "maestro", "discover", "optima", "jcb", "diners-club", "enroute")

#: The payment steps a ``<Prompt>`` can customise.
PAY_STEPS = (
    "payment-card-number",
    "expiration-date",
    "security-code",
    "postal-code",
    "payment-processing",
    "bank-account-number",
    "bank-routing-number",
)

#: Failures a ``<Prompt>`` can be specific to.
PAY_ERRORS = (
    "timeout",
    "invalid-card-number",
    "invalid-card-type",
    "invalid-date",
    "invalid-security-code",
    "invalid-postal-code",
    "invalid-bank-routing-number",
    "invalid-bank-account-number",
    "internal-error",
    "input-matching-failed",
)

#: Prompt languages ``<Pay>`` offers: those of Twilio's generated model, plus ``es-MX``, which
#: the Pay page lists for credit cards (the model lacks it; the docs decide). Twilio reads them
#: in any letter case (the page writes the default ``en-us``), so twimlkit takes any case, from
#: Python too, and keeps and writes the value as listed (``en-us`` becomes ``en-US``).
PAY_LANGUAGES = (
    "de-DE",
    "en-AU",
    "en-CA",
    "en-GB",
    "en-IN",
    "en-IE",
    "en-NZ",
    "en-PH",
    "en-ZA",
    "en-US",
    "es-ES",
    "es-MX",
    "es-US",
    "fr-CA",
    "fr-FR",
    "it-IT",
)

#: Country codes of the ringback tones ``<Dial ringTone>`` can play.
RING_TONES = (
    "at", "au", "bg", "br", "be", "ch", "cl", "cn", "cz", "de", "dk", "ee", "es", "fi", "fr", "gr",
    "hu", "il", "in", "it", "lt", "jp", "mx", "my", "nl", "no", "nz", "ph", "pl", "pt", "ru", "se",
    "sg", "th", "uk", "us", "us-old", "tw", "ve", "za",
)  # fmt: skip

#: ``<Gather speechTimeout>``: ``auto`` or a whole number of seconds, written as text.
SPEECH_TIMEOUT = Str(
    numbers=True, pattern=r"auto|[1-9][0-9]*", shape="'auto' or a positive number of seconds such as '3'"
)

#: ``<Gather speechModel>``: Twilio adds provider models often, so only the shape is checked
#: (``phone_call``, ``experimental_conversations``, ``googlev2_telephony``, ``deepgram_nova-3``...).
SPEECH_MODEL = Str(pattern=r"[A-Za-z0-9][A-Za-z0-9_.-]*", shape="a speech model name such as 'phone_call'")

#: ``<Pay chargeAmount>``: a decimal amount from 0 to 1,000,000 (Pay page: "min: 0, max:
#: 1,000,000"); 0 asks for a token instead of a charge.
AMOUNT = Str(
    numbers=True,
    pattern=r"0*([0-9]{1,6}(\.[0-9]+)?|1000000(\.0+)?)",
    shape="a decimal amount from 0 to 1,000,000 such as '10.00' (0 to tokenize)",
)

#: ``<Pay action>``: the Pay page says "Must use https", so ``http://`` is refused. A relative
#: URL is accepted: it resolves against the URL of the document, and nothing stored says Twilio
#: refuses one (a document served over https gives an https action).
PAY_ACTION = Str(
    pattern=r"(?![Hh][Tt][Tt][Pp]:)\S*",
    shape="an https:// URL or one relative to the document's (Twilio requires https for <Pay>, not http://)",
)

#: ``<Dial timeLimit>``: Twilio's maximum is 4 hours unless the account has the 24-Hour Maximum
#: Call Duration feature, which twimlkit cannot know; it refuses above 4 hours and says how to go on.
DIAL_TIME_LIMIT = Int(
    min=1,
    max=14400,
    hint=(
        "calls up to 24 hours (86400) need Twilio's 24-Hour Maximum Call Duration account feature; "
        "with it, write this Dial as Element('Dial', ..., timeLimit=86400), which twimlkit does not validate"
    ),
)

#: ``<Prompt attempt>``: attempt numbers, written separated by spaces.
ATTEMPTS = Str(
    numbers=True,
    pattern=r"[1-9][0-9]*( [1-9][0-9]*)*",
    shape="attempt numbers separated by spaces, such as '1' or '2 3'",
)


SAY = ElementSpec(
    name="Say",
    tag="Say",
    domain="voice",
    verb=True,
    url=_DOCS + "say",
    doc="Speak text to the caller with a text-to-speech voice; SSML elements shape the speech.",
    text=Text.CONTENT,
    # How long depends on the voice (the basic ones 4096, Polly 3000, Google 5000 with its
    # SSML): one rule checks it (twimlkit._rules.say_length), so one message says it.
    text_code=13521,
    text_doc="The words to speak, mixed with SSML elements; at most 4096 characters (Polly 3000, Google 5000).",
    attributes=(
        Attr("language", LANGUAGE, "Language and locale the voice speaks in.", "en-US"),
        Attr(
            "loop",
            Int(min=0),
            "How many times to speak the text; 0 repeats it until the call ends.",
            "1",
            code=13510,
        ),
        Attr(
            "voice",
            VOICE,
            "Text-to-speech voice: man, woman, or an Amazon Polly or Google voice.",
            "man",
            code=13511,
        ),
    ),
    children=SAY_CHILDREN,
)

PLAY = ElementSpec(
    name="Play",
    tag="Play",
    domain="voice",
    verb=True,
    url=_DOCS + "play",
    doc="Play an audio file to the caller, or send DTMF tones on the call.",
    text=Text.VALUE,
    text_kind=URL,
    text_doc="URL of the audio file to play; leave it out when sending digits.",
    attributes=(
        Attr("digits", DTMF, "DTMF tones to send instead of playing audio.", code=13430),
        Attr(
            "loop",
            Int(min=0),
            "How many times to play the audio; 0 repeats it (up to 1000 times).",
            "1",
            code=13410,
        ),
    ),
)

PAUSE = ElementSpec(
    name="Pause",
    tag="Pause",
    domain="voice",
    verb=True,
    url=_DOCS + "pause",
    doc="Wait in silence for a number of seconds before the next verb.",
    attributes=(Attr("length", Int(min=1), "Seconds to wait.", "1", code=13910),),
)

GATHER = ElementSpec(
    name="Gather",
    tag="Gather",
    domain="voice",
    verb=True,
    url=_DOCS + "gather",
    doc="Collect keypad digits or speech from the caller and send them to a URL.",
    attributes=(
        url("URL Twilio sends the caller's input to; defaults to the current document's URL.", xml="action"),
        Attr(
            "actionOnEmptyResult",
            Bool(),
            "Request the action URL even when the caller gave no input.",
            "false",
            code=13338,
        ),
        Attr(
            "bargeIn",
            Bool(),
            "Stop the nested Say or Play as soon as the caller starts speaking.",
            "true",
            code=13332,
        ),
        Attr("debug", Bool(), "Turn on debugging output for this Gather."),
        Attr("enhanced", Bool(), "Use the premium (enhanced) speech model.", "false"),
        Attr("finishOnKey", KEY, "Key that ends the input; empty for none.", "#", code=13310),
        Attr(
            "hints",
            StrList(sep=",", max_items=500, max_item_length=100),
            "Words and phrases the caller is likely to say, to help speech recognition.",
            code=13330,
        ),
        Attr("input", ChoiceList(("dtmf", "speech")), "Kinds of input to accept.", "dtmf", code=13326),
        # multi (detect the language) works with speechModel deepgram_nova-3 only (Gather page:
        # "Language=multi- is available only when you use the specific speechModel
        # deepgram_nova-3"); the rule gather_multi_language checks that.
        Attr("language", LANGUAGE_OR_MULTI, "Language the caller is expected to speak.", "en-US", code=13331),
        Attr("maxSpeechTime", Int(min=1), "Longest speech input to accept, in seconds.", code=13328),
        method("HTTP method for the action URL.", code=13312),
        Attr("numDigits", Int(min=1), "Number of digits to collect before sending them.", code=13314),
        url("URL Twilio sends interim speech results to while the caller speaks.", xml="partialResultCallback"),
        method("HTTP method for the partialResultCallback URL.", xml="partialResultCallbackMethod", code=13329),
        Attr("profanityFilter", Bool(), "Mask profanities in speech results.", "true", code=13333),
        Attr("speechModel", SPEECH_MODEL, "Speech recognition model (and provider) to use.", code=13334),
        Attr(
            "speechTimeout",
            SPEECH_TIMEOUT,
            "Silence after speech that ends the input: seconds, or auto to let Twilio decide.",
            code=13327,
        ),
        Attr("timeout", Int(min=1), "Seconds of silence to wait for input before giving up.", "5", code=13313),
    ),
    children=(Child("Say"), Child("Play"), Child("Pause")),
)

DIAL = ElementSpec(
    name="Dial",
    tag="Dial",
    domain="voice",
    verb=True,
    url=_DOCS + "dial",
    doc="Connect the caller to another party: a number, a browser client, a queue, a conference...",
    text=Text.VALUE,
    text_kind=PHONE_NUMBER,
    text_code=13223,
    text_doc="The phone number to dial, when no noun is given.",
    attributes=(
        url("URL Twilio requests when the dialed call ends; its TwiML continues the call.", xml="action"),
        Attr(
            "answerOnBridge",
            Bool(),
            "Keep the caller hearing ringing until the callee answers.",
            "false",
            code=13219,
        ),
        Attr(
            "callerId",
            Str(min_length=1, shape="a phone number or client:name", single_line=True),
            "Caller ID shown to the callee: a phone number or client:name.",
            code=13214,
        ),
        Attr("callReason", Str(max_length=50), "Branded-calling reason shown to the callee."),
        Attr("events", Choice(("call-progress-event",)), "Events of the dialed call to subscribe to."),
        Attr("hangupOnStar", Bool(), "Let the caller end the dialed leg by pressing *.", "false", code=13213),
        method("HTTP method for the action URL.", code=13210),
        Attr("passports", Str(), "SHAKEN/STIR passports to attach to the outgoing call."),
        Attr(
            "record",
            Choice(
                (
                    "do-not-record",
                    "record-from-answer",
                    "record-from-ringing",
                    "record-from-answer-dual",
                    "record-from-ringing-dual",
                    "true",
                    "false",
                )
            ),
            "Record the dialed call; true and false are legacy aliases.",
            "do-not-record",
            code=13217,
        ),
        Attr("recordingConfigurationId", Str(), "Recording configuration to apply to the recording."),
        url(
            "URL Twilio notifies as the recording's status changes.",
            xml="recordingStatusCallback",
            code=13256,
        ),
        Attr(
            "recordingStatusCallbackEvent",
            RECORDING_EVENTS,
            "Recording events that trigger the recording status callback.",
            "completed",
            code=13621,
        ),
        method("HTTP method for the recording status callback.", xml="recordingStatusCallbackMethod"),
        Attr(
            "recordingTrack",
            Choice(("both", "inbound", "outbound")),
            "Which audio of the call to record.",
            "both",
        ),
        method("HTTP method for the referUrl webhook.", xml="referMethod"),
        url("URL Twilio requests when the dialed SIP party sends a REFER.", xml="referUrl"),
        Attr("ringTone", Choice(RING_TONES), "Country whose ringback tone the caller hears.", code=13220),
        Attr(
            "sequential",
            Bool(),
            "Dial the nouns one after another instead of all at once.",
            "false",
            code=13218,
        ),
        Attr("timeLimit", DIAL_TIME_LIMIT, "Longest the dialed call may last, in seconds.", "14400", code=13216),
        # Dial page: "the minimum allowed value is five seconds, and the maximum value is 600 seconds".
        Attr("timeout", Int(min=5, max=600), "Seconds to let the callee's phone ring.", "30", code=13212),
        Attr("trim", TRIM, "Whether to trim silence from the recording's ends."),
    ),
    # Caps are the documented ones only: "up to ten <Number> nouns", "up to ten <Client> nouns".
    # Where the facts are unclear twimlkit accepts: no combined cap on Number + Client, no cap
    # on Conference or Queue (neither page states one) and none on Sip (only sequential's
    # "call up to ten agents", which is not a cap on the nouns).
    children=(
        Child("Number", max=10),
        Child("Client", max=10),
        Child("Conference"),
        Child("Queue"),
        Child("Sip"),
        Child("Sim"),
        Child("Application"),
        Child("WhatsApp"),
    ),
)

RECORD = ElementSpec(
    name="Record",
    tag="Record",
    domain="voice",
    verb=True,
    url=_DOCS + "record",
    doc="Record the caller's voice and send the recording's URL to a URL.",
    attributes=(
        url(
            "URL Twilio requests when the recording ends; defaults to the current document's URL.",
            xml="action",
        ),
        Attr("finishOnKey", KEY_SET, "Keys that end the recording.", "1234567890*#", code=13613),
        Attr("maxLength", Int(min=1), "Longest recording to make, in seconds.", "3600", code=13612),
        method("HTTP method for the action URL.", code=13610),
        Attr("playBeep", Bool(), "Play a beep before recording starts.", "true", code=13616),
        Attr("recordingConfigurationId", Str(), "Recording configuration to apply to the recording."),
        url(
            "URL Twilio notifies as the recording's status changes.",
            xml="recordingStatusCallback",
            code=13256,
        ),
        Attr(
            "recordingStatusCallbackEvent",
            RECORDING_EVENTS,
            "Recording events that trigger the recording status callback.",
            "completed",
            code=13621,
        ),
        method("HTTP method for the recording status callback.", xml="recordingStatusCallbackMethod"),
        Attr("timeout", Int(min=1), "Seconds of silence that end the recording.", "5", code=13611),
        Attr("transcribe", Bool(), "Have Twilio transcribe the recording.", "false", code=13614),
        url("URL Twilio sends the transcription to.", xml="transcribeCallback", code=13257),
        Attr("trim", TRIM, "Whether to trim silence from the recording's ends.", "trim-silence", code=13699),
    ),
)

REDIRECT = ElementSpec(
    name="Redirect",
    tag="Redirect",
    domain="shared",
    verb=True,
    url=_DOCS + "redirect",
    doc="Hand control to the TwiML at another URL (Voice and Messaging).",
    text=Text.VALUE,
    text_kind=URL,
    text_doc="URL of the TwiML to run next; empty means the current document again.",
    attributes=(method("HTTP method for the redirect URL.", code=13710),),
)

REJECT = ElementSpec(
    name="Reject",
    tag="Reject",
    domain="voice",
    verb=True,
    url=_DOCS + "reject",
    doc="Decline an incoming call without answering it, so it is not billed.",
    attributes=(
        Attr(
            "reason",
            Choice(("rejected", "busy")),
            "Signal the caller hears: rejected or busy.",
            "rejected",
            code=13810,
        ),
    ),
    children=(Child("Parameter"),),
)

HANGUP = ElementSpec(
    name="Hangup",
    tag="Hangup",
    domain="voice",
    verb=True,
    url=_DOCS + "hangup",
    doc="End the call.",
    children=(Child("Parameter"),),
)

ENQUEUE = ElementSpec(
    name="Enqueue",
    tag="Enqueue",
    domain="voice",
    verb=True,
    url=_DOCS + "enqueue",
    doc="Put the caller in a call queue (created on demand) to wait for an agent.",
    text=Text.VALUE,
    text_kind=Str(max_length=64, shape="a queue name", single_line=True),
    text_code=14205,
    text_doc="Name of the queue; at most 64 characters.",
    attributes=(
        url("URL Twilio requests when the call leaves the queue.", xml="action", code=14203),
        Attr("maxQueueSize", Int(min=1, max=5000), "Largest number of calls the queue may hold."),
        method("HTTP method for the action URL.", code=14201),
        url("URL of the TwiML the caller hears while waiting.", xml="waitUrl", code=14202),
        method("HTTP method for the waitUrl.", xml="waitUrlMethod", code=14206),
        Attr(
            "workflowSid",
            sid("WW", "a TaskRouter Workflow SID"),
            "TaskRouter workflow that routes the call.",
            code=14220,
        ),
    ),
    children=(Child("Task", max=1),),
)

LEAVE = ElementSpec(
    name="Leave",
    tag="Leave",
    domain="voice",
    verb=True,
    url=_DOCS + "leave",
    doc="Take the caller out of the queue; the call goes on after the Enqueue.",
)

ECHO = ElementSpec(
    name="Echo",
    tag="Echo",
    domain="voice",
    verb=True,
    url=_DOCS,
    doc="Play the caller's own audio back to them, for testing.",
)

CONNECT = ElementSpec(
    name="Connect",
    tag="Connect",
    domain="voice",
    verb=True,
    url=_DOCS + "connect",
    doc="Connect the call to another service: a media stream, a video room, a virtual agent...",
    attributes=(
        url("URL Twilio requests when the connection ends; its TwiML continues the call.", xml="action"),
        method("HTTP method for the action URL."),
    ),
    children=(
        Child("Room"),
        Child("Autopilot"),
        Child("Stream"),
        Child("VirtualAgent"),
        Child("Conversation"),
        Child("ConversationRelay"),
        Child("AiSession"),
        Child("ConversationRelaySession"),
    ),
)

START = ElementSpec(
    name="Start",
    tag="Start",
    domain="voice",
    verb=True,
    url=_DOCS + "stream",
    doc="Start something alongside the call (a stream, SIPREC, transcription, recording) and go on.",
    attributes=(
        url("URL Twilio requests once the started activity is set up.", xml="action"),
        method("HTTP method for the action URL."),
    ),
    children=(Child("Stream"), Child("Siprec"), Child("Transcription"), Child("Recording")),
)

STOP = ElementSpec(
    name="Stop",
    tag="Stop",
    domain="voice",
    verb=True,
    url=_DOCS + "stream",
    doc="Stop a stream, SIPREC session or transcription started earlier on the call.",
    children=(Child("Stream"), Child("Siprec"), Child("Transcription")),
)

PAY = ElementSpec(
    name="Pay",
    tag="Pay",
    domain="voice",
    verb=True,
    url=_DOCS + "pay",
    doc="Collect card or bank account details by keypad and charge or tokenize them through a Pay Connector.",
    attributes=(
        Attr(
            "action",
            PAY_ACTION,
            "URL Twilio requests with the payment result (https); its TwiML continues the call.",
            code=64016,
        ),
        Attr(
            "bankAccountType",
            Choice(("consumer-checking", "consumer-savings", "commercial-checking", "commercial-savings")),
            "Kind of bank account, for ACH debits.",
            "consumer-checking",
            code=64020,
        ),
        Attr(
            "chargeAmount",
            AMOUNT,
            "Amount to charge, at most 1,000,000; 0 or none creates a token instead.",
            code=64003,
        ),
        Attr(
            "currency",
            Str(pattern=r"[A-Za-z]{3}", shape="a three-letter currency code such as 'usd'"),
            "Currency of the charge amount.",
            code=64020,
        ),
        Attr("description", Str(), "Description of the payment, passed to the processor."),
        Attr("input", Choice(("dtmf",)), "How the caller enters the details.", "dtmf", code=64020),
        Attr(
            "language",
            Choice(PAY_LANGUAGES, any_case=True),
            "Language of the default prompts.",
            "en-US",
            code=64020,
        ),
        Attr("maxAttempts", Int(min=1, max=3), "How many times the caller may retry a step: 1, 2 or 3.", code=64020),
        Attr("minPostalCodeLength", Int(min=0), "Fewest characters a postal code may have.", code=64020),
        Attr("paymentConnector", Str(), "Unique name of the Pay Connector to use.", "Default", code=64004),
        Attr(
            "paymentMethod",
            Choice(("ach-debit", "credit-card")),
            "Payment method to collect.",
            "credit-card",
            code=64020,
        ),
        Attr(
            "postalCode",
            Str(pattern=r"[A-Za-z0-9][A-Za-z0-9 -]*", shape="'true', 'false', or the caller's postal code"),
            "Ask for the postal code (true), skip it (false), or give it directly.",
            "true",
            code=64020,
        ),
        Attr("securityCode", Bool(), "Ask the caller for the card's security code.", "true", code=64020),
        url("URL Twilio notifies as the payment progresses.", xml="statusCallback"),
        method("HTTP method for the status callback.", xml="statusCallbackMethod"),
        Attr("timeout", Int(min=1), "Seconds to wait for the caller's input at each step.", "5", code=64020),
        Attr(
            "tokenType",
            Choice(("one-time", "reusable", "payment-method")),
            "Kind of token to create when tokenizing.",
            "reusable",
            code=64020,
        ),
        Attr(
            "validCardTypes",
            ChoiceList(CARD_TYPES),
            "Card brands to accept.",
            "visa mastercard amex",
            code=64020,
        ),
    ),
    children=(Child("Prompt"), Child("Parameter")),
)

PROMPT = ElementSpec(
    name="Prompt",
    tag="Prompt",
    domain="voice",
    verb=False,
    url=_DOCS + "pay/prompt",
    doc="Replace what the caller hears at one step of <Pay> with your own Say or Play.",
    attributes=(
        Attr("attempt", ATTEMPTS, "Attempts this prompt is for; all of them when left out."),
        Attr("cardType", ChoiceList(CARD_TYPES), "Card brands this prompt is for; all of them when left out."),
        Attr(
            "errorType",
            ChoiceList(PAY_ERRORS),
            "Errors this prompt answers; left out, it is the normal prompt.",
        ),
        Attr("for", Choice(PAY_STEPS), "Payment step whose prompt this replaces."),
        Attr(
            "requireMatchingInputs",
            Bool(),
            "Ask for the input twice and check that both entries match.",
            "false",
        ),
    ),
    children=(Child("Say"), Child("Play"), Child("Pause")),
)

REFER = ElementSpec(
    name="Refer",
    tag="Refer",
    domain="voice",
    verb=True,
    url=_DOCS + "refer",
    doc="Transfer a SIP call elsewhere by sending a SIP REFER.",
    attributes=(
        url("URL Twilio requests when the transfer ends; its TwiML continues the call.", xml="action"),
        method("HTTP method for the action URL."),
    ),
    children=(Child("Sip"),),
)

# Legacy in both kinds of document: Voice documents it, and 14110 lists it for Messaging
# replies ("Valid Verbs are Message, Sms and Redirect").
SMS = ElementSpec(
    name="Sms",
    tag="Sms",
    domain="shared",
    verb=True,
    url=_DOCS + "sms",
    doc="Send a text message during a call (legacy and deprecated: use the Messaging API).",
    text=Text.REQUIRED_CONTENT,
    text_kind=Str(min_length=1),
    text_code=14103,
    text_doc="The text of the message.",
    attributes=(
        Attr("to", PHONE_NUMBER, "Recipient; by default the other party of the call.", code=14101),
        Attr("from", PHONE_NUMBER, "Sender: an SMS-capable number of the account.", code=14102),
        url("URL Twilio requests after queueing the message; its TwiML continues the call.", xml="action"),
        method("HTTP method for the action URL.", code=14104),
        url("URL Twilio notifies with the message's delivery status.", xml="statusCallback", code=14105),
    ),
)

ELEMENTS: tuple[ElementSpec, ...] = (
    SAY,
    PLAY,
    PAUSE,
    GATHER,
    DIAL,
    RECORD,
    REDIRECT,
    REJECT,
    HANGUP,
    ENQUEUE,
    LEAVE,
    ECHO,
    CONNECT,
    START,
    STOP,
    PAY,
    PROMPT,
    REFER,
    SMS,
)
