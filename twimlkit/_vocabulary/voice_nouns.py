"""Voice nouns: the elements that sit inside a Voice verb (Dial, Connect, Start, Enqueue, ...)."""

from __future__ import annotations

from typing import Final

from .._kinds import Bool, Choice, ChoiceList, Float, Int, Str, StrList, sid
from .._spec import Attr, Child, ElementSpec, Text
from ._common import (
    ABSOLUTE_URL,
    LANGUAGE,
    LANGUAGE_OR_MULTI,
    PHONE_NUMBER,
    RECORDING_EVENTS,
    TRIM,
    WSS_URL,
    method,
    url,
)

_DOCS: Final = "https://www.twilio.com/docs/voice/twiml/"

# --- shared kinds --------------------------------------------------------------------------------

#: Call progress events reported for a dialed party (Number, Sip, Client, Application, WhatsApp).
CALL_EVENTS: Final = ChoiceList(("initiated", "ringing", "answered", "completed"))
#: Answering-machine detection modes (Number, Sip).
MACHINE_DETECTION: Final = Choice(("Enable", "DetectMessageEnd"))
#: A client identity: up to 256 characters, no whitespace, control, delimiter or "unwise" characters.
CLIENT_IDENTITY: Final = Str(
    pattern=r"[^\s\x00-\x1f\x7f<>#%\"{}|\\^\[\]`]+",
    max_length=256,
    shape='a client identity without spaces, control characters or any of <>#%"{}|\\^[]`',
)
#: A SIP URI (the sip: scheme may be left out), custom headers appended as ``?name=value&...``.
#: The two parts are capped separately (Sip page: "While the SIP URI itself must be under 255
#: chars, the headers must be under 1024 characters").
SIP_URI: Final = Str(
    pattern=r"(?=[^?]{1,255}(\?|$))(sips?:)?[^\s?]+(\?[^\s]{0,1024})?",
    shape="a SIP URI such as 'sip:alice@example.com': at most 255 characters, and at most 1024 in the '?headers' part",
)
#: Keys and pauses played after answer: digits, A-D, '#', '*', 'w' (0.5 s pause), 'W' (1 s pause).
SEND_DIGITS: Final = Str(
    numbers=True,
    pattern=r"[0-9A-D#*wW]+",
    shape="DTMF keys: 0-9, A-D, '#', '*', 'w' (half-second pause) or 'W' (one-second pause)",
)
#: Names of SIP headers Twilio forwards: custom X- headers and four standard ones, in any
#: letter case as SIP header names are (the Sip page itself writes ``User-To-User``).
SIP_HEADER_NAME: Final = Str(
    pattern=r"(?i)x-[a-z0-9!%*_+`'~.\-]+|User-to-User|Remote-Party-ID|P-Preferred-Identity|P-Called-Party-ID",
    shape="an X- header name, or User-to-User, Remote-Party-ID, P-Preferred-Identity or P-Called-Party-ID",
)
#: Provider names (speech-to-text, text-to-speech) change at Twilio, so only their shape is checked.
PROVIDER: Final = Str(pattern=r"[A-Za-z][A-Za-z0-9_.\-]*", shape="a provider name such as 'Google' or 'Deepgram'")
#: Media-stream tracks (Stream, Siprec, Transcription).
STREAM_TRACK: Final = Choice(("inbound_track", "outbound_track", "both_tracks"))
#: A Media Streams endpoint: "A relative or absolute URL ... wss is the only supported protocol"
#: (Stream page). A query string is legal TwiML that Twilio strips before connecting, so it is
#: accepted here and ``Document.lint()`` warns about it (custom data goes in <Parameter>).
STREAM_URL: Final = Str(
    pattern=r"[Ww][Ss][Ss]://\S+|(?![A-Za-z][A-Za-z0-9+.\-]*:)\S+",
    shape="a wss:// URL or a URL relative to the document's",
)
#: Recording modes of a call leg (as for Dial record).
CALL_RECORD: Final = Choice(
    (
        "do-not-record",
        "record-from-answer",
        "record-from-ringing",
        "record-from-answer-dual",
        "record-from-ringing-dual",
        "true",
        "false",
    )
)
#: How caller input may interrupt ConversationRelay speech; true/false are Twilio's aliases of any/none.
INTERRUPTION: Final = Choice(("none", "dtmf", "speech", "any", "true", "false"))
#: ConversationRelay text normalization settings.
NORMALIZATION: Final = Choice(("auto", "on", "off"))
#: A TaskRouter task's attributes: one JSON object.
JSON_OBJECT: Final = Str(pattern=r"\{[\s\S]*\}", shape='a JSON object such as \'{"type": "support"}\'')
#: Conference participant labels: at most 128 characters, no '/', not shaped like a Call SID.
PARTICIPANT_LABEL: Final = Str(
    pattern=r"(?!CA[0-9a-fA-F]{32}$)(?![\s\S]*%2[Ff])[^/]*",
    max_length=128,
    shape="a participant label without '/' that does not look like a Call SID",
)


def _status_callbacks(what: str) -> tuple[Attr, ...]:
    """statusCallbackEvent / statusCallback / statusCallbackMethod for a dialed party."""
    return (
        Attr("statusCallbackEvent", CALL_EVENTS, f"Call progress events of the {what} to report."),
        url(f"URL Twilio notifies of the {what}'s call progress events.", xml="statusCallback"),
        method("HTTP method for the statusCallback URL.", xml="statusCallbackMethod"),
    )


def _machine_detection() -> tuple[Attr, ...]:
    """The answering-machine detection attributes shared by Number and Sip."""
    return (
        Attr("machineDetection", MACHINE_DETECTION, "Detect an answering machine, or the end of its greeting."),
        Attr(
            "machineDetectionTimeout",
            Int(min=3, max=60),
            "Seconds Twilio may spend deciding whether a machine answered.",
            "30",
        ),
        Attr(
            "machineDetectionSpeechThreshold",
            Int(min=1000, max=6000),
            "Milliseconds of speech beyond which the answerer is taken for a machine.",
            "2400",
        ),
        Attr(
            "machineDetectionSpeechEndThreshold",
            Int(min=500, max=5000),
            "Milliseconds of silence after speech that end the detection.",
            "1200",
        ),
        Attr(
            "machineDetectionSilenceTimeout",
            Int(min=2000, max=10000),
            "Milliseconds of initial silence after which the result is unknown.",
            "5000",
        ),
        url("URL that receives the answering-machine detection result.", xml="amdStatusCallback"),
        method("HTTP method for the amdStatusCallback URL.", xml="amdStatusCallbackMethod"),
    )


# --- Dial nouns ----------------------------------------------------------------------------------

NUMBER = ElementSpec(
    name="Number",
    tag="Number",
    domain="voice",
    url=_DOCS + "number",
    doc="A phone number for Dial to call, with its own whisper URL and progress callbacks.",
    text=Text.REQUIRED_VALUE,
    text_kind=PHONE_NUMBER,
    text_code=13223,
    text_doc="The phone number to call, in E.164 format (unformatted US numbers also work).",
    attributes=(
        Attr(
            "sendDigits",
            SEND_DIGITS,
            "Keys to play once the call is answered, e.g. an extension.",
            code=13222,
        ),
        url("TwiML run for the called party after answer, before the parties are connected."),
        method("HTTP method for the url attribute.", code=13221),
        Attr("byoc", sid("BY", "a BYOC trunk SID"), "BYOC trunk to route this call through."),
        *_status_callbacks("number"),
        *_machine_detection(),
    ),
)

CLIENT = ElementSpec(
    name="Client",
    tag="Client",
    domain="voice",
    url=_DOCS + "client",
    doc="A Voice SDK client identity for Dial to ring.",
    text=Text.VALUE,
    text_kind=CLIENT_IDENTITY,
    text_doc="The client identity to ring (or give it in an Identity child).",
    attributes=(
        url("TwiML run for the client after answer, before the parties are connected."),
        method("HTTP method for the url attribute."),
        *_status_callbacks("client"),
        url(
            "URL Twilio asks for push-notification details before ringing the client.",
            xml="clientNotificationUrl",
            code=13806,
        ),
    ),
    children=(Child("Identity", max=1), Child("Parameter")),
)

IDENTITY = ElementSpec(
    name="Identity",
    tag="Identity",
    domain="voice",
    url=_DOCS + "client",
    doc="The identity of the client to ring, when Client carries custom parameters.",
    text=Text.REQUIRED_VALUE,
    text_kind=CLIENT_IDENTITY,
    text_doc="The client identity.",
)

PARAMETER = ElementSpec(
    name="Parameter",
    tag="Parameter",
    domain="voice",
    url=_DOCS + "stream",
    doc="A custom name/value pair passed along to the dialed party, stream or connector.",
    attributes=(
        Attr("name", Str(), "Name of the custom parameter."),
        Attr("value", Str(), "Value of the custom parameter."),
    ),
)

CONFERENCE = ElementSpec(
    name="Conference",
    tag="Conference",
    domain="voice",
    url=_DOCS + "conference",
    doc="A named conference room for Dial to join.",
    text=Text.REQUIRED_VALUE,
    text_kind=Str(min_length=1, max_length=128, shape="a conference name", single_line=True),
    text_code=13237,
    text_doc="The conference room's name, scoped to the account.",
    attributes=(
        Attr("muted", Bool(), "Join the conference muted (still able to listen).", "false", code=13230),
        Attr(
            "beep",
            Choice(("true", "false", "onEnter", "onExit")),
            "When to play a notification tone as participants enter or leave.",
            "true",
            code=13235,
        ),
        Attr(
            "startConferenceOnEnter",
            Bool(),
            "Start the conference when this participant joins.",
            "true",
            code=13232,
        ),
        Attr(
            "endConferenceOnExit",
            Bool(),
            "End the conference for everyone when this participant leaves.",
            "false",
            code=13231,
        ),
        Attr("participantLabel", PARTICIPANT_LABEL, "Label that names this participant in the API.", code=16023),
        Attr(
            "jitterBufferSize",
            Choice(("small", "medium", "large", "off")),
            "Size of this participant's jitter buffer.",
            "large",
        ),
        url(
            "TwiML or audio played while waiting for the conference to start; empty for silence.",
            xml="waitUrl",
            code=13233,
        ),
        method("HTTP method for the waitUrl.", xml="waitMethod", code=13234),
        # Conference page: "positive integer <= 250".
        Attr("maxParticipants", Int(min=1, max=250), "Most participants the conference admits.", "250"),
        Attr(
            "record",
            Choice(("do-not-record", "record-from-start")),
            "Record the whole conference.",
            "do-not-record",
        ),
        Attr("recordingConfigurationId", Str(), "Recording configuration to apply to the recording."),
        Attr(
            "region",
            Choice(("us1", "us2", "ie1", "de1", "sg1", "br1", "au1", "jp1")),
            "Region where the conference audio is mixed.",
        ),
        Attr("coach", sid("CA", "a Call SID"), "Call SID of the participant this one coaches.", code=13240),
        Attr("trim", TRIM, "Trim leading and trailing silence from the recording.", "trim-silence", code=13239),
        Attr(
            "statusCallbackEvent",
            ChoiceList(("start", "end", "join", "leave", "mute", "hold", "modify", "speaker", "announcement")),
            "Conference events to report to the statusCallback URL.",
        ),
        url("URL Twilio notifies of conference events.", xml="statusCallback"),
        method("HTTP method for the statusCallback URL.", xml="statusCallbackMethod"),
        url("URL Twilio notifies when the recording is available.", xml="recordingStatusCallback", code=13256),
        method("HTTP method for the recordingStatusCallback URL.", xml="recordingStatusCallbackMethod"),
        Attr(
            "recordingStatusCallbackEvent",
            RECORDING_EVENTS,
            "Recording events to report to the recordingStatusCallback URL.",
            "completed",
        ),
        url("Legacy URL for conference event callbacks.", xml="eventCallbackUrl"),
    ),
)

QUEUE = ElementSpec(
    name="Queue",
    tag="Queue",
    domain="voice",
    url=_DOCS + "queue",
    doc="A call queue for Dial to take the first waiting caller from.",
    text=Text.REQUIRED_VALUE,
    text_kind=Str(min_length=1, max_length=64, shape="a queue name", single_line=True),
    text_code=14213,
    text_missing_code=14212,
    text_doc="The name of the queue to dequeue from.",
    attributes=(
        url("TwiML played to the queued caller just before the two are connected.", code=14211),
        method("HTTP method for the url attribute.", code=14210),
        Attr(
            "reservationSid",
            sid("WR", "a TaskRouter Reservation SID"),
            "TaskRouter reservation to accept when bridging the call.",
            code=14215,
        ),
        Attr(
            "postWorkActivitySid",
            sid("WA", "a TaskRouter Activity SID"),
            "TaskRouter activity the worker moves to after the call.",
        ),
    ),
)

SIP = ElementSpec(
    name="Sip",
    tag="Sip",
    domain="voice",
    url=_DOCS + "sip",
    doc="A SIP endpoint for Dial to call (inside Refer: the SIP URI to transfer to).",
    text=Text.VALUE,
    text_kind=SIP_URI,
    text_code=13243,
    text_doc="The SIP URI to call, headers appended as a query string (or give Uri children).",
    attributes=(
        Attr("username", Str(single_line=True), "Username for SIP authentication.", code=13249),
        Attr("password", Str(single_line=True), "Password for SIP authentication.", code=13249),
        url("TwiML run for the SIP party after answer, before the parties are connected."),
        method("HTTP method for the url attribute.", code=13241),
        *_status_callbacks("SIP endpoint"),
        *_machine_detection(),
    ),
    children=(Child("Uri", max=5, code=13250), Child("Headers")),
)

URI = ElementSpec(
    name="Uri",
    tag="Uri",
    domain="voice",
    url=_DOCS + "sip",
    doc="One of the SIP URIs a Sip tries, ordered by priority and shared by weight.",
    text=Text.REQUIRED_VALUE,
    text_kind=SIP_URI,
    text_code=13243,
    text_doc="The SIP URI.",
    attributes=(
        Attr("priority", Int(), "Order of this URI among the Sip's URIs (lower is tried first)."),
        Attr("weight", Int(), "Share of calls this URI gets among URIs of equal priority."),
        Attr("username", Str(single_line=True), "Username for SIP authentication.", code=13249),
        Attr("password", Str(single_line=True), "Password for SIP authentication.", code=13249),
    ),
)

HEADERS = ElementSpec(
    name="Headers",
    tag="Headers",
    domain="voice",
    url=_DOCS + "sip",
    doc="The custom SIP headers to send with a Sip's INVITE.",
    children=(Child("Header", code=13251),),
)

HEADER = ElementSpec(
    name="Header",
    tag="Header",
    domain="voice",
    url=_DOCS + "sip",
    doc="One SIP header sent with the INVITE.",
    attributes=(
        Attr(
            "name",
            SIP_HEADER_NAME,
            "Header name: X- prefixed, or one of four supported standard headers.",
            code=13252,
        ),
        Attr("value", Str(max_length=1024), "Header value.", code=13253),
    ),
)

SIM = ElementSpec(
    name="Sim",
    tag="Sim",
    domain="voice",
    url=_DOCS + "sim",
    doc="A Programmable Wireless SIM for Dial to call.",
    text=Text.REQUIRED_VALUE,
    text_kind=sid("DE", "a SIM SID"),
    text_doc="The SID of the SIM to call.",
)

APPLICATION = ElementSpec(
    name="Application",
    tag="Application",
    domain="voice",
    url=_DOCS + "dial/application",
    doc="A TwiML App (possibly another account's) for Dial to connect the call to.",
    text=Text.VALUE,
    text_kind=sid("AP", "an Application SID"),
    text_doc="The SID of the TwiML App to dial (or give it in an ApplicationSid child).",
    attributes=(
        url("TwiML run for the called side after answer, before the parties are connected."),
        method("HTTP method for the url attribute."),
        *_status_callbacks("application call"),
        Attr(
            "customerId",
            Str(max_length=256),
            "Identifier of the caller's side, passed to the TwiML App (defaults to the account SID).",
        ),
        Attr(
            "copyParentTo",
            Bool(),
            "Pass the parent call's To on to the TwiML App instead of the Application SID.",
            "false",
        ),
    ),
    children=(Child("ApplicationSid", max=1), Child("Parameter")),
)

APPLICATION_SID = ElementSpec(
    name="ApplicationSid",
    tag="ApplicationSid",
    domain="voice",
    url=_DOCS + "dial/application",
    doc="The SID of the TwiML App an Application dials.",
    text=Text.REQUIRED_VALUE,
    text_kind=sid("AP", "an Application SID"),
    text_doc="The Application SID.",
)

WHATSAPP = ElementSpec(
    name="WhatsApp",
    tag="WhatsApp",
    domain="voice",
    url=_DOCS + "whatsapp",
    doc="A WhatsApp user for Dial to call through WhatsApp Business Calling.",
    text=Text.REQUIRED_VALUE,
    text_kind=PHONE_NUMBER,
    text_doc="The WhatsApp user's phone number in E.164 format.",
    attributes=(
        url("TwiML run for the WhatsApp user after answer, before the parties are connected."),
        method("HTTP method for the url attribute."),
        *_status_callbacks("WhatsApp call"),
    ),
)

# --- Enqueue noun --------------------------------------------------------------------------------

TASK = ElementSpec(
    name="Task",
    tag="Task",
    domain="voice",
    url=_DOCS + "enqueue",
    doc="The TaskRouter task Enqueue creates for the queued call.",
    text=Text.REQUIRED_VALUE,
    text_kind=JSON_OBJECT,
    text_code=14221,
    text_doc="The task's attributes, as a JSON object.",
    attributes=(
        Attr("priority", Int(min=0, max=2147483647), "Priority of the task (higher is routed first)."),
        Attr("timeout", Int(min=1, max=1209600), "Seconds the task may wait before it is canceled.", "86400"),
    ),
)

# --- Connect nouns -------------------------------------------------------------------------------

ROOM = ElementSpec(
    name="Room",
    tag="Room",
    domain="voice",
    url=_DOCS + "connect",
    doc="A Twilio Video room for Connect to join the call to.",
    text=Text.REQUIRED_VALUE,
    text_kind=Str(min_length=1, shape="a room name", single_line=True),
    text_doc="The unique name of the Video room.",
    attributes=(Attr("participantIdentity", Str(), "Identity of the caller as a participant in the room."),),
)

AUTOPILOT = ElementSpec(
    name="Autopilot",
    tag="Autopilot",
    domain="voice",
    url=_DOCS + "connect",
    doc="An Autopilot assistant for Connect to hand the call to (Autopilot is retired).",
    text=Text.REQUIRED_VALUE,
    text_kind=Str(min_length=1, shape="an assistant SID (UA...) or unique name", single_line=True),
    text_doc="The assistant's SID or unique name.",
)

VIRTUAL_AGENT = ElementSpec(
    name="VirtualAgent",
    tag="VirtualAgent",
    domain="voice",
    url=_DOCS + "connect/virtualagent",
    doc="A Dialogflow CX virtual agent for Connect to hand the call to.",
    attributes=(
        Attr("connectorName", Str(), "Unique name of the Dialogflow CX connector to use."),
        Attr("language", LANGUAGE, "Language the virtual agent listens and speaks in.", "en-US"),
        Attr("sentimentAnalysis", Bool(), "Run sentiment analysis on the conversation.", "false"),
        url("URL Twilio notifies when the virtual agent session ends.", xml="statusCallback"),
        method("HTTP method for the statusCallback URL.", xml="statusCallbackMethod"),
    ),
    children=(Child("Config"), Child("Parameter")),
)

CONFIG = ElementSpec(
    name="Config",
    tag="Config",
    domain="voice",
    url=_DOCS + "connect/virtualagent",
    doc="A provider-specific configuration name/value pair.",
    attributes=(
        Attr("name", Str(), "Name of the configuration setting."),
        Attr("value", Str(), "Value of the configuration setting."),
    ),
)

CONVERSATION = ElementSpec(
    name="Conversation",
    tag="Conversation",
    domain="voice",
    url=_DOCS + "connect/conversation",
    doc="A Twilio Conversations conversation for Connect to join the call to.",
    attributes=(
        Attr("serviceInstanceSid", sid("IS", "a Conversations Service SID"), "Conversations Service to use."),
        Attr("inboundAutocreation", Bool(), "Create a conversation for the inbound call automatically."),
        Attr("routingAssignmentTimeout", Int(), "Seconds to wait for the conversation to be routed."),
        Attr("inboundTimeout", Int(), "Seconds to wait for the inbound leg to be answered."),
        url("TwiML run when the conversation ends."),
        method("HTTP method for the url attribute."),
        Attr("record", CALL_RECORD, "Record the call.", "do-not-record"),
        Attr("trim", TRIM, "Trim leading and trailing silence from the recording."),
        url("URL Twilio notifies when the recording is available.", xml="recordingStatusCallback", code=13256),
        method("HTTP method for the recordingStatusCallback URL.", xml="recordingStatusCallbackMethod"),
        Attr(
            "recordingStatusCallbackEvent",
            RECORDING_EVENTS,
            "Recording events to report to the recordingStatusCallback URL.",
            "completed",
        ),
        url("URL Twilio notifies of call events.", xml="statusCallback"),
        method("HTTP method for the statusCallback URL.", xml="statusCallbackMethod"),
        Attr(
            "statusCallbackEvent",
            ChoiceList(("call-initiated", "call-ringing", "call-answered", "call-completed")),
            "Call events to report to the statusCallback URL.",
        ),
    ),
)

CONVERSATION_RELAY = ElementSpec(
    name="ConversationRelay",
    tag="ConversationRelay",
    domain="voice",
    url=_DOCS + "connect/conversationrelay",
    doc="A ConversationRelay session: Twilio does speech-to-text and text-to-speech for your WebSocket app.",
    attributes=(
        Attr("url", WSS_URL, "WebSocket URL of the application that drives the conversation."),
        Attr("welcomeGreeting", Str(), "Sentence spoken as soon as the session connects."),
        Attr(
            "welcomeGreetingInterruptible",
            INTERRUPTION,
            "Which caller input may interrupt the welcome greeting.",
            "any",
        ),
        Attr("language", LANGUAGE_OR_MULTI, "Language for both speech recognition and text-to-speech.", "en-US"),
        Attr("ttsLanguage", LANGUAGE_OR_MULTI, "Language for text-to-speech, overriding language."),
        Attr("transcriptionLanguage", LANGUAGE_OR_MULTI, "Language for speech recognition, overriding language."),
        Attr("ttsProvider", PROVIDER, "Text-to-speech provider."),
        Attr("voice", Str(), "Text-to-speech voice of the chosen provider."),
        Attr("transcriptionProvider", PROVIDER, "Speech-to-text provider."),
        Attr("speechModel", Str(), "Speech-to-text model of the chosen provider."),
        Attr("profanityFilter", Bool(), "Mask profanities in transcripts."),
        Attr("dtmfDetection", Bool(), "Report keypresses to the application."),
        Attr("partialPrompts", Bool(), "Send partial transcripts before the caller finishes speaking."),
        Attr("partialPromptOnHangup", Bool(), "Send the in-progress partial transcript as a prompt on hang-up."),
        Attr("interruptible", INTERRUPTION, "Which caller input may interrupt text-to-speech playback.", "any"),
        Attr(
            "interruptSensitivity",
            Choice(("low", "medium", "high")),
            "How readily caller speech interrupts playback.",
            "high",
        ),
        Attr(
            "reportInputDuringAgentSpeech",
            INTERRUPTION,
            "Which caller input is reported while the agent speaks without interrupting it.",
            "none",
        ),
        Attr("preemptible", Bool(), "Let the next talk cycle's text cut off the current speech."),
        Attr("hints", StrList(sep=","), "Words and phrases that help speech recognition."),
        Attr("intelligenceService", Str(), "Conversational Intelligence service (SID or unique name) to use."),
        Attr(
            "elevenlabsTextNormalization",
            NORMALIZATION,
            "ElevenLabs text normalization (superseded by ttsTextNormalization).",
        ),
        Attr("ttsTextNormalization", NORMALIZATION, "Text normalization before text-to-speech."),
        Attr(
            "ttsLanguageTextNormalization",
            Bool(),
            "Apply language-specific text normalization before speech.",
        ),
        Attr(
            "elevenlabsLanguageTextNormalization",
            Bool(),
            "Legacy spelling of ttsLanguageTextNormalization.",
        ),
        Attr("debug", Str(), "Debugging options to turn on, separated by spaces."),
        Attr("backgroundNoiseReduction", Bool(), "Filter background noise before speech recognition."),
        Attr("speechTimeout", Str(), "Silence that marks the end of the caller's speech."),
        Attr("deepgramSmartFormat", Bool(), "Let Deepgram format numbers, dates and punctuation."),
        Attr("asrSmartFormat", Bool(), "Format transcripts (takes precedence over deepgramSmartFormat)."),
        Attr(
            "ignoreBackchannel",
            Bool(),
            "Ignore brief acknowledgements such as 'uh-huh' while the agent speaks.",
        ),
        Attr("events", Str(), "Event subscriptions to turn on."),
        Attr("eagerEotThreshold", Float(min=0.3, max=0.9), "Confidence at which an early end-of-turn fires."),
        Attr(
            "includeInPrompt",
            Str(
                pattern=r"(turn-state|prompt-segments)([ ,]+(turn-state|prompt-segments))*",
                shape="turn-state and/or prompt-segments",
            ),
            "Extra fields to include in prompt messages.",
        ),
        Attr("customerName", Str(), "Customer name reported to Conversations and Intelligence."),
        Attr("applicationReconnect", Bool(), "Reconnect the WebSocket if it drops during the call.", "false"),
        Attr("echoPromptFiltering", Bool(), "Drop transcripts that echo the agent's own speech.", "false"),
        Attr("turnDetection", Bool(), "Use turn detection to decide when the caller has finished.", "false"),
    ),
    children=(Child("Language"), Child("Parameter")),
)

LANGUAGE_NOUN = ElementSpec(
    name="Language",
    tag="Language",
    domain="voice",
    url=_DOCS + "connect/conversationrelay",
    doc="Per-language speech settings for a ConversationRelay session.",
    attributes=(
        Attr("code", LANGUAGE_OR_MULTI, "Language these settings apply to."),
        Attr("ttsProvider", PROVIDER, "Text-to-speech provider for this language."),
        Attr("voice", Str(), "Text-to-speech voice for this language."),
        Attr("transcriptionProvider", PROVIDER, "Speech-to-text provider for this language."),
        Attr("speechModel", Str(), "Speech-to-text model for this language."),
        Attr("hints", StrList(sep=","), "Words and phrases that help recognition in this language."),
        Attr("asrSmartFormat", Bool(), "Format transcripts in this language."),
        Attr("ttsTextNormalization", NORMALIZATION, "Text normalization before speech in this language."),
        Attr("ttsLanguageTextNormalization", Bool(), "Apply language-specific normalization before speech."),
    ),
)

AI_SESSION = ElementSpec(
    name="AiSession",
    tag="AiSession",
    domain="voice",
    url=_DOCS + "connect",
    doc="A session with an AI connector add-on.",
    attributes=(
        Attr("aiConnector", Str(), "Unique name or SID of the installed AI connector add-on."),
        Attr("aiSessionConfiguration", Str(), "Unique name or ID of the AiSession configuration."),
    ),
)

CONVERSATION_RELAY_SESSION = ElementSpec(
    name="ConversationRelaySession",
    tag="ConversationRelaySession",
    domain="voice",
    url=_DOCS + "connect",
    doc="A ConversationRelay session configured through a connector add-on.",
    attributes=(
        Attr("connector", Str(), "Unique name or SID of the installed ConversationRelaySession connector."),
        Attr("sessionConfiguration", Str(), "Unique name or ID of the session configuration."),
    ),
)

# --- Start / Stop / Connect media nouns ----------------------------------------------------------

STREAM = ElementSpec(
    name="Stream",
    tag="Stream",
    domain="voice",
    url=_DOCS + "stream",
    doc="A Media Stream: the call's raw audio sent to a WebSocket (both ways under Connect).",
    attributes=(
        Attr("url", STREAM_URL, "WebSocket URL that receives the audio."),
        Attr("name", Str(), "Unique name of the stream, used to stop it."),
        Attr("connectorName", Str(), "Unique name of the Stream connector add-on to use."),
        Attr("track", STREAM_TRACK, "Which audio track to stream.", "inbound_track"),
        Attr("statusCallback", ABSOLUTE_URL, "Absolute URL Twilio notifies of stream events."),
        method("HTTP method for the statusCallback URL.", xml="statusCallbackMethod"),
        Attr("audioFormat", Str(), "Audio format required for the stream."),
        Attr("sampleRate", Str(), "Sample rate for an HD-codec stream."),
    ),
    children=(Child("Parameter"),),
)

SIPREC = ElementSpec(
    name="Siprec",
    tag="Siprec",
    domain="voice",
    url=_DOCS + "siprec",
    doc="A SIPREC fork of the call's audio to a recording server through a connector.",
    attributes=(
        Attr("name", Str(), "Unique name of the SIPREC session, used to stop it."),
        Attr("connectorName", Str(), "Unique name of the SIPREC connector add-on to use."),
        Attr("track", STREAM_TRACK, "Which audio track to send.", "both_tracks"),
        url("URL Twilio notifies of SIPREC session events.", xml="statusCallback"),
        method("HTTP method for the statusCallback URL.", xml="statusCallbackMethod"),
    ),
    children=(Child("Parameter"),),
)

TRANSCRIPTION = ElementSpec(
    name="Transcription",
    tag="Transcription",
    domain="voice",
    url=_DOCS + "transcription",
    doc="A real-time transcription of the call's audio.",
    attributes=(
        Attr("name", Str(), "Unique name of the transcription, used to stop it."),
        Attr("track", STREAM_TRACK, "Which audio track to transcribe.", "both_tracks"),
        Attr("statusCallbackUrl", ABSOLUTE_URL, "Absolute URL that receives transcription events."),
        method("HTTP method for the statusCallbackUrl.", xml="statusCallbackMethod"),
        Attr("inboundTrackLabel", Str(), "Label for the inbound track's speaker."),
        Attr("outboundTrackLabel", Str(), "Label for the outbound track's speaker."),
        Attr("partialResults", Bool(), "Send interim results as well as final ones.", "false"),
        # multi is documented for ConversationRelay and Gather, not for <Transcription>; it is
        # plausible here (the same providers), so twimlkit accepts it rather than refuse.
        Attr("languageCode", LANGUAGE_OR_MULTI, "Language spoken on the call.", "en-US"),
        Attr("transcriptionEngine", PROVIDER, "Speech-to-text engine.", "google"),
        Attr("profanityFilter", Bool(), "Mask profanities in transcripts.", "true"),
        Attr("speechModel", Str(), "Speech model of the chosen engine."),
        Attr("hints", StrList(sep=","), "Words and phrases that help recognition."),
        Attr("enableAutomaticPunctuation", Bool(), "Add punctuation to transcripts.", "true"),
        Attr("intelligenceService", Str(), "Conversational Intelligence service (SID or unique name) to use."),
    ),
    children=(Child("Config"), Child("Parameter")),
)

RECORDING = ElementSpec(
    name="Recording",
    tag="Recording",
    domain="voice",
    url=_DOCS + "recording",
    doc="A recording of the call started in the background.",
    attributes=(
        Attr("name", Str(), "Unique name of the recording, used to stop it with Stop."),
        url("URL Twilio notifies of recording events.", xml="recordingStatusCallback", code=13256),
        method("HTTP method for the recordingStatusCallback URL.", xml="recordingStatusCallbackMethod"),
        Attr(
            "recordingStatusCallbackEvent",
            RECORDING_EVENTS,
            "Recording events to report to the recordingStatusCallback URL.",
            "completed",
        ),
        Attr("trim", TRIM, "Trim leading and trailing silence from the recording.", "do-not-trim"),
        Attr("track", Choice(("inbound", "outbound", "both")), "Which audio track to record.", "both"),
        Attr("channels", Choice(("mono", "dual")), "Mix the tracks into one channel or keep two.", "mono"),
        Attr("recordingConfigurationId", Str(), "Recording configuration to apply."),
    ),
)

ELEMENTS: tuple[ElementSpec, ...] = (
    CLIENT,
    IDENTITY,
    PARAMETER,
    CONFERENCE,
    NUMBER,
    QUEUE,
    SIP,
    URI,
    HEADERS,
    HEADER,
    SIM,
    APPLICATION,
    APPLICATION_SID,
    WHATSAPP,
    TASK,
    ROOM,
    STREAM,
    SIPREC,
    TRANSCRIPTION,
    RECORDING,
    CONFIG,
    VIRTUAL_AGENT,
    CONVERSATION,
    CONVERSATION_RELAY,
    LANGUAGE_NOUN,
    AI_SESSION,
    CONVERSATION_RELAY_SESSION,
    AUTOPILOT,
)
