"""Writing TwiML: compatibility with Twilio's helper, the ``to_xml`` API, and the escape hatches."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from lxml import etree
from twilio.twiml import TwiML
from twilio.twiml import messaging_response as tm
from twilio.twiml import voice_response as tv

from tests.strategies import documents
from twimlkit import (
    Application,
    ApplicationSid,
    Body,
    Client,
    Comment,
    Conference,
    Config,
    Connect,
    Conversation,
    ConversationRelay,
    Dial,
    Document,
    Echo,
    Element,
    Enqueue,
    Gather,
    Hangup,
    Header,
    Headers,
    Identity,
    Language,
    Leave,
    Media,
    Message,
    MessagingResponse,
    Node,
    Number,
    Parameter,
    Pause,
    Pay,
    Play,
    Prompt,
    Queue,
    Record,
    Recording,
    Redirect,
    Refer,
    Reject,
    Room,
    Say,
    Sim,
    Sip,
    Siprec,
    Sms,
    Start,
    Stop,
    Stream,
    Task,
    Transcription,
    Uri,
    ValidationError,
    VirtualAgent,
    VoiceResponse,
    WhatsApp,
)
from twimlkit import parse as read
from twimlkit.ssml import Break, Emphasis, Lang, P, Phoneme, Prosody, S, SayAs, Sub, W

DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>'

WORKFLOW_SID = "WW0123456789abcdef0123456789abcdef"
APP_SID = "AP0123456789abcdef0123456789abcdef"
SIM_SID = "DE0123456789abcdef0123456789abcdef"
SERVICE_SID = "IS0123456789abcdef0123456789abcdef"

# Every element Twilio documents as a Voice verb, and the elements of a Messaging reply.
VOICE_VERBS = (
    "Say",
    "Play",
    "Pause",
    "Gather",
    "Dial",
    "Record",
    "Redirect",
    "Reject",
    "Hangup",
    "Enqueue",
    "Leave",
    "Echo",
    "Connect",
    "Start",
    "Stop",
    "Pay",
    "Prompt",
    "Refer",
    "Sms",
)
MESSAGING_ELEMENTS = ("Message", "Body", "Media", "Redirect")
NOUNS = (
    "Number",
    "Client",
    "Identity",
    "Parameter",
    "Conference",
    "Queue",
    "Sip",
    "Uri",
    "Headers",
    "Header",
    "Sim",
    "Application",
    "ApplicationSid",
    "WhatsApp",
    "Task",
    "Room",
    "Stream",
    "Siprec",
    "Transcription",
    "Recording",
    "Conversation",
    "VirtualAgent",
    "Config",
    "ConversationRelay",
    "Language",
)
SSML_TAGS = ("break", "emphasis", "lang", "p", "phoneme", "prosody", "s", "say-as", "sub", "w")


def c14n(xml: str) -> bytes:
    """The canonical form (C14N 2.0) of an XML document given as text."""
    return etree.tostring(etree.fromstring(xml.encode()), method="c14n2")


def parse(xml: str, *, remove_blank_text: bool = False) -> etree._Element:
    """``xml`` parsed by lxml (declaration allowed)."""
    parser = etree.XMLParser(remove_blank_text=remove_blank_text)
    return etree.fromstring(xml.encode(), parser)


def tags(xml: str) -> set[str]:
    """Every element tag in a document."""
    return {str(element.tag) for element in parse(xml).iter() if isinstance(element.tag, str)}


def voice(*verbs: TwiML) -> TwiML:
    """A Twilio helper ``VoiceResponse`` holding ``verbs``."""
    response = tv.VoiceResponse()
    for verb in verbs:
        response.append(verb)
    return response


def messaging(*verbs: TwiML) -> TwiML:
    """A Twilio helper ``MessagingResponse`` holding ``verbs``."""
    response = tm.MessagingResponse()
    for verb in verbs:
        response.append(verb)
    return response


def nest(parent: TwiML, *children: TwiML | str) -> TwiML:
    """``parent`` with ``children`` appended (text after an element becomes its tail)."""
    for child in children:
        parent.append(child)
    return parent


Case = tuple[str, Callable[[], Document], Callable[[], TwiML]]

# (id, twimlkit document, the same document built with Twilio's helper)
COMPATIBILITY: list[Case] = [
    (
        "say-attributes",
        lambda: VoiceResponse(Say("Hello, world!", voice="Polly.Joanna", language="en-US", loop=2)),
        lambda: voice(tv.Say("Hello, world!", voice="Polly.Joanna", language="en-US", loop=2)),
    ),
    (
        "say-escaping",
        lambda: VoiceResponse(Say("Tom & Jerry <3 \"quotes\" 'apostrophes' > end & more")),
        lambda: voice(tv.Say("Tom & Jerry <3 \"quotes\" 'apostrophes' > end & more")),
    ),
    (
        "say-loop-zero-woman",
        lambda: VoiceResponse(Say("Forever", voice="woman", loop=0)),
        lambda: voice(tv.Say("Forever", voice="woman", loop=0)),
    ),
    (
        "say-unicode",
        lambda: VoiceResponse(Say("Café — 你好 🎉 naïve", voice="Polly.Celine", language="fr-FR")),
        lambda: voice(tv.Say("Café — 你好 🎉 naïve", voice="Polly.Celine", language="fr-FR")),
    ),
    (
        "say-multiline",
        lambda: VoiceResponse(Say("Line one.\nLine two.\tTabbed.")),
        lambda: voice(tv.Say("Line one.\nLine two.\tTabbed.")),
    ),
    (
        "ssml-break-emphasis",
        lambda: VoiceResponse(
            Say("Hi ", Break(time="100ms"), Emphasis("there", level="strong"), "!", voice="Polly.Joanna")
        ),
        lambda: voice(
            nest(
                tv.Say("Hi ", voice="Polly.Joanna"),
                tv.SsmlBreak(time="100ms"),
                tv.SsmlEmphasis("there", level="strong"),
                "!",
            )
        ),
    ),
    (
        "ssml-prosody-say-as",
        lambda: VoiceResponse(
            Say(
                "Your code is ",
                SayAs("12345", interpret_as="digits"),
                ". ",
                Prosody("Slowly & calmly", rate="slow", pitch="+5%", volume="loud"),
                Break(strength="x-strong"),
                SayAs("20240131", interpret_as="date", format="yyyymmdd"),
                voice="Polly.Matthew",
            )
        ),
        lambda: voice(
            nest(
                tv.Say("Your code is ", voice="Polly.Matthew"),
                tv.SsmlSayAs("12345", interpret_as="digits"),
                ". ",
                tv.SsmlProsody("Slowly & calmly", rate="slow", pitch="+5%", volume="loud"),
                tv.SsmlBreak(strength="x-strong"),
                tv.SsmlSayAs("20240131", interpret_as="date", format="yyyymmdd"),
            )
        ),
    ),
    (
        "ssml-structure",
        lambda: VoiceResponse(
            Say(
                P(S("First sentence."), S("Second sentence.")),
                Lang("Bonjour à tous", xml_lang="fr-FR"),
                Phoneme("tomato", alphabet="ipa", ph="təˈmeɪtoʊ"),
                Sub("W3C", alias="World Wide Web Consortium"),
                W("read", role="amazon:VBD"),
                voice="Polly.Joanna-Neural",
            )
        ),
        lambda: voice(
            nest(
                tv.Say(voice="Polly.Joanna-Neural"),
                nest(tv.SsmlP(), tv.SsmlS("First sentence."), tv.SsmlS("Second sentence.")),
                tv.SsmlLang("Bonjour à tous", xml_lang="fr-FR"),
                tv.SsmlPhoneme("tomato", alphabet="ipa", ph="təˈmeɪtoʊ"),
                tv.SsmlSub("W3C", alias="World Wide Web Consortium"),
                tv.SsmlW("read", role="amazon:VBD"),
            )
        ),
    ),
    (
        "ssml-nested-mixed",
        lambda: VoiceResponse(
            Say(
                "Start. ",
                Prosody("This is ", Emphasis("very ", Break(strength="weak"), "important"), " news.", rate="fast"),
                " End.",
            )
        ),
        lambda: voice(
            nest(
                tv.Say("Start. "),
                nest(
                    tv.SsmlProsody("This is ", rate="fast"),
                    nest(tv.SsmlEmphasis("very "), tv.SsmlBreak(strength="weak"), "important"),
                    " news.",
                ),
                " End.",
            )
        ),
    ),
    (
        "play-url-loop",
        lambda: VoiceResponse(Play("https://api.twilio.com/cowbell.mp3?a=1&b=2", loop=10)),
        lambda: voice(tv.Play("https://api.twilio.com/cowbell.mp3?a=1&b=2", loop=10)),
    ),
    (
        "play-digits",
        lambda: VoiceResponse(Play(digits="wwww3"), Play(digits="1234#")),
        lambda: voice(tv.Play(digits="wwww3"), tv.Play(digits="1234#")),
    ),
    (
        "pause",
        lambda: VoiceResponse(Say("Wait."), Pause(length=5), Pause(), Say("Done.")),
        lambda: voice(tv.Say("Wait."), tv.Pause(length=5), tv.Pause(), tv.Say("Done.")),
    ),
    (
        "gather-dtmf",
        lambda: VoiceResponse(
            Gather(
                Say("Press 1 for sales, 2 for support."),
                Pause(length=1),
                Play("https://example.com/menu.mp3"),
                action="/process?menu=main&step=1",
                method="GET",
                num_digits=1,
                timeout=10,
                finish_on_key="#",
            ),
            Say("We didn't receive any input. Goodbye!"),
        ),
        lambda: voice(
            nest(
                tv.Gather(
                    action="/process?menu=main&step=1", method="GET", num_digits=1, timeout=10, finish_on_key="#"
                ),
                tv.Say("Press 1 for sales, 2 for support."),
                tv.Pause(length=1),
                tv.Play("https://example.com/menu.mp3"),
            ),
            tv.Say("We didn't receive any input. Goodbye!"),
        ),
    ),
    (
        "gather-speech",
        lambda: VoiceResponse(
            Gather(
                Say("Tell us why you are calling."),
                input=["dtmf", "speech"],
                hints="billing, support, sales",
                speech_timeout="auto",
                language="en-GB",
                enhanced=True,
                speech_model="phone_call",
                profanity_filter=False,
                barge_in=False,
                action_on_empty_result=True,
                partial_result_callback="https://example.com/partial",
                max_speech_time=30,
            )
        ),
        lambda: voice(
            nest(
                tv.Gather(
                    input="dtmf speech",
                    hints="billing, support, sales",
                    speech_timeout="auto",
                    language="en-GB",
                    enhanced=True,
                    speech_model="phone_call",
                    profanity_filter=False,
                    barge_in=False,
                    action_on_empty_result=True,
                    partial_result_callback="https://example.com/partial",
                    max_speech_time=30,
                ),
                tv.Say("Tell us why you are calling."),
            )
        ),
    ),
    (
        "dial-text",
        lambda: VoiceResponse(
            Dial(
                "+15558675310",
                caller_id="+15551112222",
                timeout=20,
                time_limit=600,
                record="record-from-answer-dual",
                answer_on_bridge=True,
                ring_tone="uk",
                trim="trim-silence",
            )
        ),
        lambda: voice(
            tv.Dial(
                "+15558675310",
                caller_id="+15551112222",
                timeout=20,
                time_limit=600,
                record="record-from-answer-dual",
                answer_on_bridge=True,
                ring_tone="uk",
                trim="trim-silence",
            )
        ),
    ),
    (
        "dial-numbers",
        lambda: VoiceResponse(
            Dial(
                Number(
                    "+15558675310",
                    send_digits="wwww1928",
                    url="https://example.com/whisper",
                    method="GET",
                    status_callback_event=["initiated", "ringing", "answered", "completed"],
                    status_callback="https://example.com/events",
                    status_callback_method="POST",
                ),
                Number("+15551234567", machine_detection="Enable", machine_detection_timeout=10),
                sequential=True,
                action="https://example.com/after-dial",
            )
        ),
        lambda: voice(
            nest(
                tv.Dial(sequential=True, action="https://example.com/after-dial"),
                tv.Number(
                    "+15558675310",
                    send_digits="wwww1928",
                    url="https://example.com/whisper",
                    method="GET",
                    status_callback_event="initiated ringing answered completed",
                    status_callback="https://example.com/events",
                    status_callback_method="POST",
                ),
                tv.Number("+15551234567", machine_detection="Enable", machine_detection_timeout=10),
            )
        ),
    ),
    (
        "dial-client-identity-parameters",
        lambda: VoiceResponse(
            Dial(
                Client(
                    Identity("alice"),
                    Parameter(name="FirstName", value="Alice"),
                    Parameter(name="Note", value="VIP & <friend>"),
                ),
                Client(
                    "bob",
                    url="https://example.com/client-whisper",
                    status_callback_event=["ringing", "answered"],
                    status_callback="https://example.com/client-events",
                ),
                caller_id="client:support",
            )
        ),
        lambda: voice(
            nest(
                tv.Dial(caller_id="client:support"),
                nest(
                    tv.Client(),
                    tv.Identity("alice"),
                    tv.Parameter(name="FirstName", value="Alice"),
                    tv.Parameter(name="Note", value="VIP & <friend>"),
                ),
                tv.Client(
                    "bob",
                    url="https://example.com/client-whisper",
                    status_callback_event="ringing answered",
                    status_callback="https://example.com/client-events",
                ),
            )
        ),
    ),
    (
        "dial-conference",
        lambda: VoiceResponse(
            Dial(
                Conference(
                    "Room 1234",
                    muted=False,
                    beep="onEnter",
                    start_conference_on_enter=True,
                    end_conference_on_exit=False,
                    wait_url="https://example.com/hold-music",
                    wait_method="GET",
                    max_participants=10,
                    record="record-from-start",
                    region="ie1",
                    status_callback_event=["start", "end", "join", "leave"],
                    status_callback="https://example.com/conference-events",
                    participant_label="customer",
                    jitter_buffer_size="small",
                )
            )
        ),
        lambda: voice(
            nest(
                tv.Dial(),
                tv.Conference(
                    "Room 1234",
                    muted=False,
                    beep="onEnter",
                    start_conference_on_enter=True,
                    end_conference_on_exit=False,
                    wait_url="https://example.com/hold-music",
                    wait_method="GET",
                    max_participants=10,
                    record="record-from-start",
                    region="ie1",
                    status_callback_event="start end join leave",
                    status_callback="https://example.com/conference-events",
                    participant_label="customer",
                    jitter_buffer_size="small",
                ),
            )
        ),
    ),
    (
        "dial-queue-then-redirect",
        lambda: VoiceResponse(
            Dial(Queue("radio-callin-queue", url="https://example.com/about-to-connect"), hangup_on_star=True),
            Redirect("https://example.com/next", method="GET"),
        ),
        lambda: voice(
            nest(
                tv.Dial(hangup_on_star=True),
                tv.Queue("radio-callin-queue", url="https://example.com/about-to-connect"),
            ),
            tv.Redirect("https://example.com/next", method="GET"),
        ),
    ),
    (
        "dial-sip-text",
        lambda: VoiceResponse(
            Dial(
                Sip(
                    "sip:alice@example.com?X-Customer=42&X-Tier=gold",
                    username="admin",
                    password='s3cr&t<"pw">',
                    status_callback_event=["initiated", "completed"],
                    status_callback="https://example.com/sip-events",
                )
            )
        ),
        lambda: voice(
            nest(
                tv.Dial(),
                tv.Sip(
                    "sip:alice@example.com?X-Customer=42&X-Tier=gold",
                    username="admin",
                    password='s3cr&t<"pw">',
                    status_callback_event="initiated completed",
                    status_callback="https://example.com/sip-events",
                ),
            )
        ),
    ),
    (
        "dial-sip-uris-headers",
        lambda: VoiceResponse(
            Dial(
                Sip(
                    Uri("sip:primary@example.com", priority=1, weight=10),
                    Uri("sip:backup@example.com", priority=2, weight=1, username="u", password="p"),
                    Headers(Header(name="X-Account", value="1234")),
                )
            )
        ),
        lambda: voice(
            nest(
                tv.Dial(),
                nest(
                    tv.Sip(),
                    tv.SipUri("sip:primary@example.com", priority=1, weight=10),
                    tv.SipUri("sip:backup@example.com", priority=2, weight=1, username="u", password="p"),
                    nest(tv.Headers(), tv.Header(name="X-Account", value="1234")),
                ),
            )
        ),
    ),
    (
        "dial-sim",
        lambda: VoiceResponse(Dial(Sim(SIM_SID), timeout=15)),
        lambda: voice(nest(tv.Dial(timeout=15), tv.Sim(SIM_SID))),
    ),
    (
        "dial-application",
        lambda: VoiceResponse(
            Dial(
                Application(
                    ApplicationSid(APP_SID),
                    Parameter(name="AccountNumber", value="12345"),
                    url="https://example.com/app-whisper",
                    customer_id="customer-42",
                    copy_parent_to=True,
                )
            )
        ),
        lambda: voice(
            nest(
                tv.Dial(),
                nest(
                    tv.Application(
                        url="https://example.com/app-whisper", customer_id="customer-42", copy_parent_to=True
                    ),
                    tv.ApplicationSid(APP_SID),
                    tv.Parameter(name="AccountNumber", value="12345"),
                ),
            )
        ),
    ),
    (
        "dial-whatsapp",
        lambda: VoiceResponse(
            Dial(WhatsApp("+15551234567", status_callback_event=["answered"], status_callback="https://example.com/wa"))
        ),
        lambda: voice(
            nest(
                tv.Dial(),
                tv.WhatsApp("+15551234567", status_callback_event="answered", status_callback="https://example.com/wa"),
            )
        ),
    ),
    (
        "record",
        lambda: VoiceResponse(
            Say("Leave a message after the beep."),
            Record(
                action="https://example.com/recorded",
                method="POST",
                max_length=30,
                finish_on_key="*",
                play_beep=False,
                timeout=3,
                transcribe=True,
                transcribe_callback="https://example.com/transcribed",
                recording_status_callback="https://example.com/recording-status",
                recording_status_callback_event=["in-progress", "completed"],
                trim="do-not-trim",
            ),
        ),
        lambda: voice(
            tv.Say("Leave a message after the beep."),
            tv.Record(
                action="https://example.com/recorded",
                method="POST",
                max_length=30,
                finish_on_key="*",
                play_beep=False,
                timeout=3,
                transcribe=True,
                transcribe_callback="https://example.com/transcribed",
                recording_status_callback="https://example.com/recording-status",
                recording_status_callback_event="in-progress completed",
                trim="do-not-trim",
            ),
        ),
    ),
    (
        "redirect-query",
        lambda: VoiceResponse(Redirect("https://example.com/next?a=1&b=<2>", method="POST")),
        lambda: voice(tv.Redirect("https://example.com/next?a=1&b=<2>", method="POST")),
    ),
    (
        "reject-busy",
        lambda: VoiceResponse(Reject(reason="busy")),
        lambda: voice(tv.Reject(reason="busy")),
    ),
    (
        "reject-parameter",
        lambda: VoiceResponse(Reject(Parameter(name="Reason", value="blocked"))),
        lambda: voice(nest(tv.Reject(), tv.Parameter(name="Reason", value="blocked"))),
    ),
    (
        "hangup",
        lambda: VoiceResponse(Say("Goodbye"), Hangup()),
        lambda: voice(tv.Say("Goodbye"), tv.Hangup()),
    ),
    (
        "hangup-parameter",
        lambda: VoiceResponse(Hangup(Parameter(name="Disposition", value="resolved"))),
        lambda: voice(nest(tv.Hangup(), tv.Parameter(name="Disposition", value="resolved"))),
    ),
    (
        "enqueue-wait-url",
        lambda: VoiceResponse(
            Enqueue(
                "support",
                wait_url="https://example.com/wait",
                wait_url_method="GET",
                action="https://example.com/dequeued",
                method="POST",
                max_queue_size=50,
            )
        ),
        lambda: voice(
            tv.Enqueue(
                "support",
                wait_url="https://example.com/wait",
                wait_url_method="GET",
                action="https://example.com/dequeued",
                method="POST",
                max_queue_size=50,
            )
        ),
    ),
    (
        "enqueue-task",
        lambda: VoiceResponse(
            Enqueue(
                Task('{"selected_language": "es", "vip": true}', priority=5, timeout=200), workflow_sid=WORKFLOW_SID
            )
        ),
        lambda: voice(
            nest(
                tv.Enqueue(workflow_sid=WORKFLOW_SID),
                tv.Task('{"selected_language": "es", "vip": true}', priority=5, timeout=200),
            )
        ),
    ),
    (
        "leave",
        lambda: VoiceResponse(Say("You are being transferred."), Leave()),
        lambda: voice(tv.Say("You are being transferred."), tv.Leave()),
    ),
    (
        "echo",
        lambda: VoiceResponse(Echo()),
        lambda: voice(tv.Echo()),
    ),
    (
        "connect-stream",
        lambda: VoiceResponse(
            Connect(
                Stream(
                    Parameter(name="caller", value="+15551234567"),
                    Parameter(name="campaign", value="spring"),
                    url="wss://example.com/audio",
                    name="conversation-stream",
                    status_callback="https://example.com/stream-status",
                ),
                action="https://example.com/after-stream",
                method="GET",
            )
        ),
        lambda: voice(
            nest(
                tv.Connect(action="https://example.com/after-stream", method="GET"),
                nest(
                    tv.Stream(
                        url="wss://example.com/audio",
                        name="conversation-stream",
                        status_callback="https://example.com/stream-status",
                    ),
                    tv.Parameter(name="caller", value="+15551234567"),
                    tv.Parameter(name="campaign", value="spring"),
                ),
            )
        ),
    ),
    (
        "connect-room",
        lambda: VoiceResponse(Connect(Room("DailyStandup", participant_identity="alice"))),
        lambda: voice(nest(tv.Connect(), tv.Room("DailyStandup", participant_identity="alice"))),
    ),
    (
        "connect-virtual-agent",
        lambda: VoiceResponse(
            Connect(
                VirtualAgent(
                    Config(name="language", value="en-us"),
                    Config(name="voiceName", value="en-US-Wavenet-C"),
                    Parameter(name="customer_name", value="Burton"),
                    connector_name="project-dialogflow-connector",
                    language="en-US",
                    sentiment_analysis=True,
                    status_callback="https://example.com/va-status",
                )
            )
        ),
        lambda: voice(
            nest(
                tv.Connect(),
                nest(
                    tv.VirtualAgent(
                        connector_name="project-dialogflow-connector",
                        language="en-US",
                        sentiment_analysis=True,
                        status_callback="https://example.com/va-status",
                    ),
                    tv.Config(name="language", value="en-us"),
                    tv.Config(name="voiceName", value="en-US-Wavenet-C"),
                    tv.Parameter(name="customer_name", value="Burton"),
                ),
            )
        ),
    ),
    (
        "connect-conversation",
        lambda: VoiceResponse(
            Connect(
                Conversation(
                    service_instance_sid=SERVICE_SID,
                    inbound_autocreation=True,
                    routing_assignment_timeout=5,
                    inbound_timeout=30,
                    record="record-from-answer",
                    status_callback="https://example.com/conversation",
                    status_callback_event=["call-initiated", "call-completed"],
                )
            )
        ),
        lambda: voice(
            nest(
                tv.Connect(),
                tv.Conversation(
                    service_instance_sid=SERVICE_SID,
                    inbound_autocreation=True,
                    routing_assignment_timeout=5,
                    inbound_timeout=30,
                    record="record-from-answer",
                    status_callback="https://example.com/conversation",
                    status_callback_event="call-initiated call-completed",
                ),
            )
        ),
    ),
    (
        "connect-conversation-relay",
        lambda: VoiceResponse(
            Connect(
                ConversationRelay(
                    Language(code="fr-FR", tts_provider="Google", voice="fr-FR-Neural2-B", speech_model="telephony"),
                    Language(code="es-ES", tts_provider="ElevenLabs", voice="UgBBYS2sOqTuMpoF3BR0"),
                    Parameter(name="tenant", value="acme"),
                    url="wss://example.com/relay",
                    welcome_greeting='Hi! Ask me anything & I\'ll answer "quickly".',
                    welcome_greeting_interruptible="speech",
                    language="en-US",
                    dtmf_detection=True,
                    interruptible="any",
                    profanity_filter=False,
                    hints="Twilio, ConversationRelay",
                )
            )
        ),
        lambda: voice(
            nest(
                tv.Connect(),
                nest(
                    tv.ConversationRelay(
                        url="wss://example.com/relay",
                        welcome_greeting='Hi! Ask me anything & I\'ll answer "quickly".',
                        welcome_greeting_interruptible="speech",
                        language="en-US",
                        dtmf_detection=True,
                        interruptible="any",
                        profanity_filter=False,
                        hints="Twilio, ConversationRelay",
                    ),
                    tv.Language(code="fr-FR", tts_provider="Google", voice="fr-FR-Neural2-B", speech_model="telephony"),
                    tv.Language(code="es-ES", tts_provider="ElevenLabs", voice="UgBBYS2sOqTuMpoF3BR0"),
                    tv.Parameter(name="tenant", value="acme"),
                ),
            )
        ),
    ),
    (
        "start-stream-siprec-transcription",
        lambda: VoiceResponse(
            Start(
                Stream(url="wss://example.com/fork", name="fork", track="both_tracks"),
                Siprec(Parameter(name="Agent", value="007"), name="recorder", connector_name="siprec-connector"),
                Transcription(
                    Config(name="model", value="long"),
                    Parameter(name="source", value="ivr"),
                    name="live-notes",
                    track="inbound_track",
                    status_callback_url="https://example.com/transcripts",
                    partial_results=True,
                    language_code="en-US",
                    profanity_filter=False,
                    hints="account, balance",
                ),
                action="https://example.com/started",
            ),
            Say("This call may be recorded."),
        ),
        lambda: voice(
            nest(
                tv.Start(action="https://example.com/started"),
                tv.Stream(url="wss://example.com/fork", name="fork", track="both_tracks"),
                nest(
                    tv.Siprec(name="recorder", connector_name="siprec-connector"),
                    tv.Parameter(name="Agent", value="007"),
                ),
                nest(
                    tv.Transcription(
                        name="live-notes",
                        track="inbound_track",
                        status_callback_url="https://example.com/transcripts",
                        partial_results=True,
                        language_code="en-US",
                        profanity_filter=False,
                        hints="account, balance",
                    ),
                    tv.Config(name="model", value="long"),
                    tv.Parameter(name="source", value="ivr"),
                ),
            ),
            tv.Say("This call may be recorded."),
        ),
    ),
    (
        "start-recording",
        lambda: VoiceResponse(
            Start(
                Recording(
                    name="call-recording",
                    recording_status_callback="https://example.com/rec",
                    recording_status_callback_event=["in-progress", "completed", "absent"],
                    track="both",
                    channels="dual",
                )
            )
        ),
        lambda: voice(
            nest(
                tv.Start(),
                tv.Recording(
                    name="call-recording",
                    recording_status_callback="https://example.com/rec",
                    recording_status_callback_event="in-progress completed absent",
                    track="both",
                    channels="dual",
                ),
            )
        ),
    ),
    (
        "stop",
        lambda: VoiceResponse(Stop(Stream(name="fork"), Siprec(name="recorder"), Transcription(name="live-notes"))),
        lambda: voice(
            nest(tv.Stop(), tv.Stream(name="fork"), tv.Siprec(name="recorder"), tv.Transcription(name="live-notes"))
        ),
    ),
    (
        "pay-prompts",
        lambda: VoiceResponse(
            Pay(
                Prompt(Say("Please enter your card number."), for_="payment-card-number"),
                Prompt(
                    Say("That card number was not valid. Try again."),
                    Pause(length=1),
                    for_="payment-card-number",
                    error_type=["timeout", "invalid-card-number"],
                    attempt="1 2",
                ),
                Prompt(Play("https://example.com/expiry.mp3"), for_="expiration-date", card_type=["visa", "amex"]),
                Parameter(name="invoice", value="INV-0042"),
                charge_amount="10.00",
                currency="usd",
                payment_connector="Default",
                valid_card_types=["visa", "mastercard", "amex"],
                security_code=False,
                postal_code="false",
                max_attempts=2,
                timeout=5,
                action="https://example.com/paid",
                status_callback="https://example.com/pay-status",
                description="Order #42 <gift>",
            )
        ),
        lambda: voice(
            nest(
                tv.Pay(
                    charge_amount="10.00",
                    currency="usd",
                    payment_connector="Default",
                    valid_card_types="visa mastercard amex",
                    security_code=False,
                    postal_code="false",
                    max_attempts=2,
                    timeout=5,
                    action="https://example.com/paid",
                    status_callback="https://example.com/pay-status",
                    description="Order #42 <gift>",
                ),
                nest(tv.Prompt(for_="payment-card-number"), tv.Say("Please enter your card number.")),
                nest(
                    tv.Prompt(for_="payment-card-number", error_type="timeout invalid-card-number", attempt="1 2"),
                    tv.Say("That card number was not valid. Try again."),
                    tv.Pause(length=1),
                ),
                nest(
                    tv.Prompt(for_="expiration-date", card_type="visa amex"),
                    tv.Play("https://example.com/expiry.mp3"),
                ),
                tv.Parameter(name="invoice", value="INV-0042"),
            )
        ),
    ),
    (
        "refer",
        lambda: VoiceResponse(
            Refer(Sip("sip:alice@example.com"), action="https://example.com/referred", method="POST")
        ),
        lambda: voice(
            nest(
                tv.Refer(action="https://example.com/referred", method="POST"),
                tv.ReferSip("sip:alice@example.com"),
            )
        ),
    ),
    (
        "sms",
        lambda: VoiceResponse(
            Say("We'll text you the details."),
            Sms(
                "Your code is 1234 & expires in <5> minutes",
                to="+15551234567",
                from_="+15557654321",
                action="https://example.com/sms-sent",
                status_callback="https://example.com/sms-status",
            ),
        ),
        lambda: voice(
            tv.Say("We'll text you the details."),
            tv.Sms(
                "Your code is 1234 & expires in <5> minutes",
                to="+15551234567",
                from_="+15557654321",
                action="https://example.com/sms-sent",
                status_callback="https://example.com/sms-status",
            ),
        ),
    ),
    (
        "empty-voice",
        VoiceResponse,
        voice,
    ),
    (
        "message-text",
        lambda: MessagingResponse(Message('Hello & <welcome>! "Reply" STOP to opt out.')),
        lambda: messaging(tm.Message('Hello & <welcome>! "Reply" STOP to opt out.')),
    ),
    (
        "message-body-media",
        lambda: MessagingResponse(
            Message(
                Body("Look at this 🐕"),
                Media("https://example.com/dog.png?size=large&fmt=png"),
                Media("https://example.com/cat.png"),
                to="+15551234567",
                from_="+15557654321",
                action="https://example.com/message-status",
                method="POST",
            )
        ),
        lambda: messaging(
            nest(
                tm.Message(
                    to="+15551234567",
                    from_="+15557654321",
                    action="https://example.com/message-status",
                    method="POST",
                ),
                tm.Body("Look at this 🐕"),
                tm.Media("https://example.com/dog.png?size=large&fmt=png"),
                tm.Media("https://example.com/cat.png"),
            )
        ),
    ),
    (
        "messages-then-redirect",
        lambda: MessagingResponse(
            Message("First"),
            Message("Second", to="whatsapp:+14155238886", status_callback="https://example.com/wa-status"),
            Redirect("https://example.com/sms-next", method="GET"),
        ),
        lambda: messaging(
            tm.Message("First"),
            tm.Message("Second", to="whatsapp:+14155238886", status_callback="https://example.com/wa-status"),
            tm.Redirect("https://example.com/sms-next", method="GET"),
        ),
    ),
    (
        "empty-messaging",
        MessagingResponse,
        messaging,
    ),
]


class TestCompatibilityWithTwilioHelper:
    """twimlkit writes the same documents as Twilio's helper library, canonically."""

    @pytest.mark.parametrize(
        ("ours", "theirs"), [(c[1], c[2]) for c in COMPATIBILITY], ids=[c[0] for c in COMPATIBILITY]
    )
    def test_canonically_equal(self, ours: Callable[[], Document], theirs: Callable[[], TwiML]) -> None:
        """The twimlkit document and the helper's document have the same C14N form."""
        assert c14n(ours().to_xml()) == c14n(theirs().to_xml())

    @pytest.mark.parametrize("ours", [c[1] for c in COMPATIBILITY], ids=[c[0] for c in COMPATIBILITY])
    def test_compact_and_pretty_agree(self, ours: Callable[[], Document]) -> None:
        """Each compared document's pretty form parses to the same tree as its compact form."""
        doc = ours()
        compact = parse(doc.to_xml(), remove_blank_text=True)
        pretty = parse(doc.to_xml(pretty=True), remove_blank_text=True)
        assert etree.tostring(compact, method="c14n2") == etree.tostring(pretty, method="c14n2")

    def test_case_ids_are_unique(self) -> None:
        """No two compatibility cases share an id (pytest would rename one silently)."""
        ids = [c[0] for c in COMPATIBILITY]
        assert len(ids) == len(set(ids))
        assert len(ids) >= 30

    @pytest.mark.parametrize(
        ("group", "names"),
        [("voice verbs", VOICE_VERBS), ("messaging", MESSAGING_ELEMENTS), ("nouns", NOUNS), ("ssml", SSML_TAGS)],
    )
    def test_cases_cover_vocabulary(self, group: str, names: tuple[str, ...]) -> None:
        """Between them the compared documents use every listed element, so coverage cannot silently drop."""
        seen: set[str] = set()
        for _, ours, _ in COMPATIBILITY:
            seen |= tags(ours().to_xml())
        assert sorted(set(names) - seen) == [], f"{group} missing from the compatibility cases"

    def test_messaging_elements_covered_by_messaging_documents(self) -> None:
        """Message, Body, Media and Redirect all appear inside MessagingResponse cases."""
        seen: set[str] = set()
        for _, ours, _ in COMPATIBILITY:
            doc = ours()
            if isinstance(doc, MessagingResponse):
                seen |= tags(doc.to_xml())
        assert set(MESSAGING_ELEMENTS) <= seen


class TestHelperQuirksAvoided:
    """Where Twilio's helper loses information, twimlkit writes what it was given."""

    @pytest.mark.parametrize(
        ("node", "expected"),
        [
            (Say("0"), "<Say>0</Say>"),
            (Message("0"), "<Message>0</Message>"),
            (Body("0"), "<Body>0</Body>"),
            (Sms("0"), "<Sms>0</Sms>"),
            (Enqueue("0"), "<Enqueue>0</Enqueue>"),
            (Conference("0"), "<Conference>0</Conference>"),
            (Queue("0"), "<Queue>0</Queue>"),
            (Room("0"), "<Room>0</Room>"),
        ],
        ids=lambda value: value if isinstance(value, str) else type(value).__name__,
    )
    def test_falsy_text_is_kept(self, node: Node, expected: str) -> None:
        """Text "0" is written (the helper drops falsy text)."""
        assert node.to_xml() == expected

    @pytest.mark.parametrize(
        ("node", "attribute", "expected"),
        [
            (
                Number("+15558675310", status_callback_event=["initiated", "answered"]),
                "statusCallbackEvent",
                "initiated answered",
            ),
            (
                Number("+15558675310", status_callback_event=("ringing", "completed")),
                "statusCallbackEvent",
                "ringing completed",
            ),
            (Client("alice", status_callback_event=["answered"]), "statusCallbackEvent", "answered"),
            (
                Conference("room", status_callback_event=["start", "end", "join"]),
                "statusCallbackEvent",
                "start end join",
            ),
            (
                Record(recording_status_callback_event=["in-progress", "completed"]),
                "recordingStatusCallbackEvent",
                "in-progress completed",
            ),
            (Gather(input=["dtmf", "speech"]), "input", "dtmf speech"),
            (Pay(valid_card_types=["visa", "amex"]), "validCardTypes", "visa amex"),
            (
                Prompt(Say("x"), error_type=["timeout", "invalid-card-number"]),
                "errorType",
                "timeout invalid-card-number",
            ),
        ],
        ids=["number-list", "number-tuple", "client-single", "conference", "record", "gather-input", "pay", "prompt"],
    )
    def test_lists_are_space_separated(self, node: Node, attribute: str, expected: str) -> None:
        """A list value is written space-separated (the helper writes its Python repr)."""
        assert parse(node.to_xml()).get(attribute) == expected
        assert "[" not in node.to_xml()

    def test_hints_list_is_comma_separated(self) -> None:
        """Gather hints given as a list are written separated by commas."""
        assert Gather(hints=["billing", "tech support"]).to_xml() == '<Gather hints="billing,tech support"/>'

    @pytest.mark.parametrize(
        ("node", "expected"),
        [
            (Record(play_beep=False), '<Record playBeep="false"/>'),
            (Record(transcribe=False), '<Record transcribe="false"/>'),
            (Gather(barge_in=False), '<Gather bargeIn="false"/>'),
            (Conference("room", muted=False), '<Conference muted="false">room</Conference>'),
            (Dial("+15558675310", hangup_on_star=False), '<Dial hangupOnStar="false">+15558675310</Dial>'),
            (Say("Hi", loop=0), '<Say loop="0">Hi</Say>'),
            (Play("https://example.com/a.mp3", loop=0), '<Play loop="0">https://example.com/a.mp3</Play>'),
            (Pay(min_postal_code_length=0), '<Pay minPostalCodeLength="0"/>'),
            (Task("{}", priority=0), '<Task priority="0">{}</Task>'),
        ],
        ids=[
            "play-beep",
            "transcribe",
            "barge-in",
            "muted",
            "hangup-on-star",
            "say-loop",
            "play-loop",
            "postal",
            "task",
        ],
    )
    def test_explicit_false_and_zero_are_written(self, node: Node, expected: str) -> None:
        """An explicit False or 0 is written, never dropped."""
        assert node.to_xml() == expected

    def test_none_leaves_attribute_out(self) -> None:
        """None (the default) writes no attribute."""
        assert Say("Hi", voice=None, loop=None).to_xml() == "<Say>Hi</Say>"

    @pytest.mark.parametrize("char", ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\ufffe"])
    def test_control_characters_are_refused_in_text(self, char: str) -> None:
        """Characters XML cannot carry are refused when the node is built (the helper writes them raw)."""
        with pytest.raises(ValidationError):
            Say(f"a{char}b")

    @pytest.mark.parametrize("char", ["\x00", "\x01", "\x1b"])
    def test_control_characters_are_refused_in_attributes(self, char: str) -> None:
        """An attribute value with a character XML cannot carry is refused."""
        with pytest.raises(ValidationError):
            Parameter(name="k", value=f"a{char}b")


class TestToXml:
    """``to_xml``, ``to_bytes``, ``str`` and ``bytes`` on documents and nodes."""

    @pytest.mark.parametrize("doc", [VoiceResponse(Hangup()), MessagingResponse(Message("Hi")), VoiceResponse()])
    def test_root_starts_with_declaration(self, doc: Document) -> None:
        """A document's text starts with the UTF-8 XML declaration."""
        assert doc.to_xml().startswith(DECLARATION + "<Response")

    @pytest.mark.parametrize("node", [Say("Hi"), Hangup(), Dial(Number("+15558675310")), Message("Hi")])
    def test_non_root_has_no_declaration_by_default(self, node: Node) -> None:
        """A node that is not a document is written without a declaration."""
        assert node.to_xml().startswith("<" + node.tag)
        assert "<?xml" not in node.to_xml()

    @pytest.mark.parametrize("pretty", [False, True])
    def test_declaration_can_be_turned_off_for_roots(self, pretty: bool) -> None:
        """``xml_declaration=False`` drops the declaration from a document."""
        doc = VoiceResponse(Say("Hi"))
        text = doc.to_xml(pretty=pretty, xml_declaration=False)
        assert text.startswith("<Response>")
        assert "<?xml" not in text

    @pytest.mark.parametrize("pretty", [False, True])
    def test_declaration_can_be_turned_on_for_non_roots(self, pretty: bool) -> None:
        """``xml_declaration=True`` adds the declaration to any node."""
        text = Dial(Number("+15558675310")).to_xml(pretty=pretty, xml_declaration=True)
        assert text.startswith(DECLARATION)
        assert text.count("<?xml") == 1
        assert parse(text).tag == "Dial"

    def test_declaration_true_on_root_is_written_once(self) -> None:
        """``xml_declaration=True`` on a document does not double the declaration."""
        assert VoiceResponse(Hangup()).to_xml(xml_declaration=True) == DECLARATION + "<Response><Hangup/></Response>"

    def test_compact_output_exact(self) -> None:
        """The compact form is the elements back to back, no whitespace between them."""
        doc = VoiceResponse(
            Dial(Queue("radio-callin-queue"), hangup_on_star=True),
            Redirect("https://example.com/next", method="GET"),
        )
        assert doc.to_xml() == (
            DECLARATION + '<Response><Dial hangupOnStar="true"><Queue>radio-callin-queue</Queue></Dial>'
            '<Redirect method="GET">https://example.com/next</Redirect></Response>'
        )

    @pytest.mark.parametrize(
        "doc",
        [VoiceResponse(Say("Hi"), Hangup()), MessagingResponse(Message("Hi")), VoiceResponse()],
        ids=["voice", "messaging", "empty"],
    )
    def test_str_is_to_xml(self, doc: Document) -> None:
        """``str(doc)`` is ``doc.to_xml()``."""
        assert str(doc) == doc.to_xml()

    @pytest.mark.parametrize(
        "doc",
        [VoiceResponse(Say("Héllo 👋"), Hangup()), MessagingResponse(Message("Hi")), VoiceResponse()],
        ids=["voice", "messaging", "empty"],
    )
    def test_bytes_is_to_bytes_is_utf8(self, doc: Document) -> None:
        """``bytes(doc)``, ``doc.to_bytes()`` and the UTF-8 encoding of ``to_xml()`` agree (also when asked twice)."""
        assert bytes(doc) == doc.to_bytes() == doc.to_xml().encode("utf-8")
        assert bytes(doc) == doc.to_bytes()

    def test_node_str_and_bytes(self) -> None:
        """``str`` and ``bytes`` of a plain node match its ``to_xml``/``to_bytes``."""
        node = Say("Grüße")
        assert str(node) == node.to_xml() == "<Say>Grüße</Say>"
        assert bytes(node) == node.to_bytes() == "<Say>Grüße</Say>".encode()

    @pytest.mark.parametrize("pretty", [False, True])
    def test_to_bytes_options(self, pretty: bool) -> None:
        """``to_bytes`` takes the same options as ``to_xml`` and encodes its result."""
        doc = VoiceResponse(Say("Hi"))
        assert (
            doc.to_bytes(pretty=pretty, xml_declaration=False)
            == doc.to_xml(pretty=pretty, xml_declaration=False).encode()
        )

    @pytest.mark.parametrize("text", ["Café crème", "naïve façade", "你好，世界", "🎉🐕‍🦺", "Ünïcödé 🎶 ẞ"])
    def test_non_ascii_round_trips(self, text: str) -> None:
        """Non-ASCII text is written as UTF-8 and reads back unchanged."""
        doc = VoiceResponse(Say(text))
        data = doc.to_bytes()
        assert text.encode("utf-8") in data
        assert etree.fromstring(data).find("Say").text == text

    def test_non_ascii_attribute_round_trips(self) -> None:
        """Non-ASCII attribute values are written as UTF-8 and read back unchanged."""
        doc = VoiceResponse(Connect(Stream(Parameter(name="greeting", value="¡Hola! 😀"), url="wss://example.com")))
        assert etree.fromstring(doc.to_bytes()).find(".//Parameter").get("value") == "¡Hola! 😀"

    @pytest.mark.parametrize(
        ("node", "expected"),
        [
            (Hangup(), "<Hangup/>"),
            (Leave(), "<Leave/>"),
            (Echo(), "<Echo/>"),
            (Pause(length=2), '<Pause length="2"/>'),
            (Redirect(), "<Redirect/>"),
            (Redirect(""), "<Redirect/>"),
            (Record(), "<Record/>"),
            (Break(time="1s"), '<break time="1s"/>'),
            (Parameter(name="a", value="b"), '<Parameter name="a" value="b"/>'),
            (VoiceResponse(), DECLARATION + "<Response/>"),
            (MessagingResponse(), DECLARATION + "<Response/>"),
        ],
        ids=lambda value: None if isinstance(value, str) else type(value).__name__,
    )
    def test_empty_elements_are_self_closed(self, node: Node, expected: str) -> None:
        """An element without children is written self-closed."""
        assert node.to_xml() == expected


class TestPretty:
    """``to_xml(pretty=True)``: one element per line, two spaces per level, text untouched."""

    def test_layout_exact(self) -> None:
        """Nested elements each get a line, indented by two spaces a level."""
        doc = VoiceResponse(
            Dial(Client(Identity("alice"), Parameter(name="a", value="b")), hangup_on_star=True),
            Hangup(),
        )
        assert doc.to_xml(pretty=True) == (
            DECLARATION + "\n"
            "<Response>\n"
            '  <Dial hangupOnStar="true">\n'
            "    <Client>\n"
            "      <Identity>alice</Identity>\n"
            '      <Parameter name="a" value="b"/>\n'
            "    </Client>\n"
            "  </Dial>\n"
            "  <Hangup/>\n"
            "</Response>"
        )

    def test_say_content_kept_inline(self) -> None:
        """Say's text and SSML stay on one line, byte for byte as in the compact form."""
        say = Say("Hi ", Break(time="100ms"), Emphasis("there", level="strong"), " & bye", voice="Polly.Joanna")
        doc = VoiceResponse(Gather(say, num_digits=1))
        lines = doc.to_xml(pretty=True).split("\n")
        assert "    " + say.to_xml() in lines
        assert say.to_xml() == (
            '<Say voice="Polly.Joanna">Hi <break time="100ms"/>'
            '<emphasis level="strong">there</emphasis> &amp; bye</Say>'
        )

    def test_multiline_text_unchanged(self) -> None:
        """Newlines and spaces inside Say text are written exactly, not re-indented."""
        text = "Line one.\n    Line two,  spaced.\nLine three."
        doc = VoiceResponse(Say(text))
        pretty = doc.to_xml(pretty=True)
        assert "  <Say>" + text + "</Say>\n" in pretty
        assert parse(pretty).find("Say").text == text

    def test_non_root_pretty_has_no_leading_newline(self) -> None:
        """A node's pretty form starts at its own tag, at depth zero."""
        assert Dial(Number("+15558675310")).to_xml(pretty=True) == "<Dial>\n  <Number>+15558675310</Number>\n</Dial>"

    def test_every_line_is_one_element(self) -> None:
        """In a document with element-only nesting, each line holds one start, end or empty tag."""
        doc = VoiceResponse(
            Start(Transcription(Config(name="a", value="b"), name="t"), Siprec(Parameter(name="p", value="q"))),
            Connect(Stream(Parameter(name="x", value="y"), url="wss://example.com/a")),
            Pay(Prompt(Say("Card?"), for_="payment-card-number")),
        )
        lines = doc.to_xml(pretty=True, xml_declaration=False).split("\n")
        line = re.compile(r"^((?:  )*)(<[A-Za-z][^<>]*>(?:[^<>]*</[A-Za-z]+>)?|</[A-Za-z]+>)$")
        depth = 0
        for text in lines:
            match = line.match(text)
            assert match is not None, text
            indent = len(match.group(1)) // 2
            if text.lstrip().startswith("</"):
                depth -= 1
            assert indent == depth, text
            if not text.lstrip().startswith("</") and not text.endswith("/>") and "</" not in text:
                depth += 1
        assert depth == 0

    def test_comment_gets_its_own_line(self) -> None:
        """A comment between verbs is written on its own indented line."""
        doc = VoiceResponse(Comment("greeting"), Say("Hi"), Hangup())
        assert doc.to_xml(pretty=True, xml_declaration=False) == (
            "<Response>\n  <!--greeting-->\n  <Say>Hi</Say>\n  <Hangup/>\n</Response>"
        )

    @pytest.mark.parametrize(
        "doc",
        [
            VoiceResponse(
                Gather(Say("Press ", SayAs("1", interpret_as="digits"), " now."), Pause(length=2), num_digits=1),
                Dial(Number("+15558675310"), Client("bob")),
            ),
            MessagingResponse(Message(Body("Hi"), Media("https://example.com/a.png")), Redirect("https://e.com")),
            VoiceResponse(Comment("note"), Connect(Element("Future", Element("Deeper", "x"), flag=True))),
        ],
        ids=["voice", "messaging", "comment-element"],
    )
    def test_pretty_and_compact_parse_equal(self, doc: Document) -> None:
        """lxml reads the pretty and compact forms as the same tree once blank text between elements is ignored."""
        compact = parse(doc.to_xml(), remove_blank_text=True)
        pretty = parse(doc.to_xml(pretty=True), remove_blank_text=True)
        assert etree.tostring(compact, method="c14n2") == etree.tostring(pretty, method="c14n2")


class TestEscaping:
    """Escaped text and attribute values read back exactly through lxml."""

    @pytest.mark.parametrize(
        "value",
        [
            "a & b",
            "<tag>",
            "x > y",
            'say "hi"',
            "it's",
            "tab\there",
            "new\nline",
            "carriage\rreturn",
            "crlf\r\nend",
            "  leading and trailing  ",
            "all: &<>\"' \t\n\r",
        ],
    )
    def test_attribute_value_survives_parse(self, value: str) -> None:
        """An attribute value with markup characters, tab, newline or CR reads back unchanged."""
        doc = VoiceResponse(Hangup(Parameter(name="k", value=value)))
        assert parse(doc.to_xml()).find(".//Parameter").get("value") == value

    @pytest.mark.parametrize("value", ["a\tb", "a\nb", "a\rb", 'a&b"c<d>'])
    def test_element_attribute_value_survives_parse(self, value: str) -> None:
        """Element's attribute values are escaped the same way."""
        assert parse(Element("Future", data=value).to_xml()).get("data") == value

    @pytest.mark.parametrize(
        "text",
        ["a & b", "<not a tag>", "x > y", "\"quoted\" and 'single'", "]]> end", "line\nbreak", "cr\rhere", "a\r\nb"],
    )
    def test_say_text_survives_parse(self, text: str) -> None:
        """Say text with markup characters, newlines and CR reads back unchanged."""
        doc = VoiceResponse(Say(text))
        assert parse(doc.to_xml()).find("Say").text == text

    def test_carriage_return_is_a_character_reference(self) -> None:
        """A CR in text is written as ``&#13;`` so parsers do not turn it into a newline."""
        assert Say("a\rb").to_xml() == "<Say>a&#13;b</Say>"

    def test_text_escapes(self) -> None:
        """``&``, ``<`` and ``>`` in text are written as entities."""
        assert Say("Tom & Jerry <3 >").to_xml() == "<Say>Tom &amp; Jerry &lt;3 &gt;</Say>"

    def test_attribute_escapes(self) -> None:
        """Quotes, ``&``, ``<``, ``>``, tab, newline and CR in attributes are written as references."""
        xml = Parameter(name="k", value='&<>"\t\n\r').to_xml()
        assert xml == '<Parameter name="k" value="&amp;&lt;&gt;&quot;&#9;&#10;&#13;"/>'

    def test_mixed_content_text_survives_parse(self) -> None:
        """Text around SSML elements keeps its characters through a parse."""
        doc = VoiceResponse(Say("A & B ", Break(time="1s"), " <C>\r"))
        say = parse(doc.to_xml()).find("Say")
        assert say.text == "A & B "
        assert say[0].tail == " <C>\r"


class TestComment:
    """``Comment`` is written as an XML comment wherever a child may go."""

    def test_alone(self) -> None:
        """``Comment("note")`` is ``<!--note-->``."""
        assert Comment("note").to_xml() == "<!--note-->"
        assert str(Comment("note")) == "<!--note-->"

    def test_in_document(self) -> None:
        """A comment inside a document is written in place, between the verbs."""
        doc = VoiceResponse(Comment("main menu"), Say("Hi"), Comment(" end "))
        assert doc.to_xml() == DECLARATION + "<Response><!--main menu--><Say>Hi</Say><!-- end --></Response>"

    def test_nested_and_parsed(self) -> None:
        """A comment nested inside a verb reads back as an lxml comment with the same text."""
        doc = VoiceResponse(Dial(Comment("agent line"), Number("+15558675310")))
        dial = parse(doc.to_xml()).find("Dial")
        assert isinstance(dial[0], etree._Comment)
        assert dial[0].text == "agent line"
        assert dial[1].tag == "Number"

    def test_in_say_text(self) -> None:
        """A comment inside Say content sits between the text pieces."""
        assert Say("Hello ", Comment("pause here"), "world").to_xml() == "<Say>Hello <!--pause here-->world</Say>"

    @pytest.mark.parametrize("text", ["a--b", "ends-", "bad\x00char"])
    def test_text_xml_cannot_hold_is_refused(self, text: str) -> None:
        """Text that would make the comment malformed is refused."""
        with pytest.raises(ValidationError):
            Comment(text)


class TestAttributeOrder:
    """Equal nodes write the same bytes: attributes in the vocabulary's order, whatever
    order the keywords came in (Element attributes by name)."""

    def test_keyword_order_does_not_change_the_xml_or_repr(self) -> None:
        a = Dial(Queue("q"), timeout=5, hangup_on_star=True, action="/done")
        b = Dial(Queue("q"), action="/done", hangup_on_star=True, timeout=5)
        assert a == b
        assert (
            a.to_xml() == b.to_xml() == '<Dial action="/done" hangupOnStar="true" timeout="5"><Queue>q</Queue></Dial>'
        )
        assert repr(a) == repr(b) == "Dial(Queue('q'), action='/done', hangup_on_star=True, timeout=5)"
        assert list(b.attributes) == ["action", "hangup_on_star", "timeout"]
        assert list(b.xml_attributes) == ["action", "hangupOnStar", "timeout"]

    @given(node=documents())
    @settings(max_examples=50, suppress_health_check=[HealthCheck.too_slow])
    def test_every_permutation_writes_the_same(self, node: Document) -> None:
        for inner in node.iter():
            keywords = dict(inner.attributes)
            if len(keywords) < 2 or isinstance(inner, Element):
                continue
            again = type(inner)(*inner.children, **dict(reversed(keywords.items())))
            assert again.to_xml() == inner.to_xml()
            assert repr(again) == repr(inner)
            order = [attr.name for attr in inner._spec.attributes if attr.name in keywords]
            assert list(again.attributes) == order

    def test_reading_writes_the_vocabulary_order(self) -> None:
        say = '<Say voice="alice" language="en-US" loop="2">Hi<prosody rate="slow" pitch="low">x</prosody></Say>'
        doc = read(f"<Response>{say}</Response>")
        prosody = Prosody("x", rate="slow", pitch="low")
        built = VoiceResponse(Say("Hi", prosody, loop=2, voice="alice", language="en-US"))
        assert doc == built
        assert doc.to_xml() == built.to_xml()
        assert '<Say language="en-US" loop="2" voice="alice">' in doc.to_xml()
        assert '<prosody pitch="low" rate="slow">' in doc.to_xml()
        assert repr(doc) == repr(built)
        assert list(doc.children[0].attributes) == ["language", "loop", "voice"]

    def test_element_attributes_sorted_by_name(self) -> None:
        a = Element("Future", zeta="1", alpha=True, mid=(1, 2))
        b = Element("Future", mid=[1, 2], alpha=True, zeta="1")
        assert a == b
        assert a.to_xml() == b.to_xml() == '<Future alpha="true" mid="1 2" zeta="1"/>'
        assert repr(a) == repr(b) == "Element('Future', alpha=True, mid=(1, 2), zeta='1')"

    def test_equal_elements_write_the_same_bytes(self) -> None:
        # True == 1 in Python, but they are written differently: such nodes are not equal.
        assert Element("Future", flag=True) != Element("Future", flag=1)
        assert Element("Future", n=1) != Element("Future", n=1.0)
        assert Element("Future", n=1) == Element("Future", n=1)


class TestElement:
    """``Element`` writes an unknown element exactly as given."""

    def test_written_as_given(self) -> None:
        """Tag, text and attributes are written as given: bool as true, 0 kept, list space-separated."""
        element = Element("Future", "text", someAttr="x", flag=True, n=0, items=["a", "b"])
        assert element.to_xml() == '<Future flag="true" items="a b" n="0" someAttr="x">text</Future>'

    def test_false_and_none(self) -> None:
        """False is written as "false"; None leaves the attribute out."""
        assert Element("Future", off=False, gone=None).to_xml() == '<Future off="false"/>'

    def test_nested_in_known_element(self) -> None:
        """An Element nested in a known element is written in place and parses with its attributes."""
        future = Element("Future", "text", someAttr="x", flag=True, n=0, items=["a", "b"])
        doc = VoiceResponse(Connect(future, action="https://example.com/after"))
        assert doc.to_xml() == (
            DECLARATION + '<Response><Connect action="https://example.com/after">'
            '<Future flag="true" items="a b" n="0" someAttr="x">text</Future></Connect></Response>'
        )
        node = parse(doc.to_xml()).find("Connect/Future")
        assert dict(node.attrib) == {"someAttr": "x", "flag": "true", "n": "0", "items": "a b"}
        assert node.text == "text"

    def test_nested_elements_and_escaping(self) -> None:
        """Element children and escaped text are written in order."""
        element = Element("Outer", "a & b", Element("Inner", k="<v>"), "tail")
        assert element.to_xml() == '<Outer>a &amp; b<Inner k="&lt;v&gt;"/>tail</Outer>'

    def test_inside_say(self) -> None:
        """An Element inside Say (e.g. an SSML tag twimlkit does not know) is written inline."""
        say = Say("Hi ", Element("mark", name="here"), "there")
        assert say.to_xml() == '<Say>Hi <mark name="here"/>there</Say>'

    def test_in_pretty_output(self) -> None:
        """An element-only Element gets its own lines in pretty output."""
        doc = VoiceResponse(Connect(Element("Future", Element("Leaf", a="1"))))
        assert doc.to_xml(pretty=True, xml_declaration=False) == (
            '<Response>\n  <Connect>\n    <Future>\n      <Leaf a="1"/>\n    </Future>\n  </Connect>\n</Response>'
        )
