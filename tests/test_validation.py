"""Validation: every rule twimlkit enforces fails loudly on a bad input and lets the nearest good one build.

Construction checks live in ``twimlkit._node`` and ``twimlkit._kinds``, rules across attributes in
``twimlkit._rules``, whole-document rules in ``twimlkit._document``. Each class below covers one rule:
a failing case asserts ``.path``, ``.code`` (where Twilio has one) and that the message names the
element, the attribute, the value given and what is allowed; a passing case builds the nearest valid input.

Inputs that mypy and pyright already refuse (a wrong child, an unknown keyword, a value outside a
``Literal``) go through ``unchecked`` so that the runtime checks are what is under test.
"""

from __future__ import annotations

import pickle
import re
from collections.abc import Callable
from typing import Any

import pytest

import twimlkit
from twimlkit import (
    Body,
    Client,
    Comment,
    Conference,
    Config,
    Dial,
    Echo,
    Element,
    Enqueue,
    Gather,
    Hangup,
    Header,
    Leave,
    Media,
    Message,
    MessagingResponse,
    Number,
    Parameter,
    Pause,
    Pay,
    Play,
    Queue,
    Redirect,
    Refer,
    Reject,
    Say,
    Sip,
    Sms,
    Task,
    Uri,
    ValidationError,
    VoiceResponse,
)
from twimlkit.ssml import Break

Build = Callable[[], object]

PHONE = "+15558675310"
OTHER_PHONE = "+15558675311"
WORKFLOW_SID = "WW" + "0" * 32
XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>'
MAX_DOCUMENT_BYTES = 65_536


def unchecked(cls: object) -> Any:
    """``cls`` with its static signature erased, to reach the runtime check behind a static error."""
    return cls


def raises(build: Build) -> ValidationError:
    """The ValidationError that ``build`` raises."""
    with pytest.raises(ValidationError) as info:
        build()
    return info.value


def assert_names(error: ValidationError, *parts: str) -> None:
    """The error's message mentions every one of ``parts``."""
    message = str(error)
    for part in parts:
        assert part in message, f"{part!r} missing from {message!r}"


def numbers(count: int) -> list[Number]:
    return [Number(f"+1555867{i:04d}") for i in range(count)]


# -- ValidationError itself ------------------------------------------------------------------------


class TestValidationError:
    """The exception: its place in the hierarchy, its attributes, pickling and re-rooting."""

    @staticmethod
    def timeout_error() -> ValidationError:
        return raises(lambda: Dial(PHONE, timeout=-1))

    def test_hierarchy(self) -> None:
        """ValidationError is a ValueError and a TwiMLError, and TwiMLError is an Exception."""
        assert issubclass(ValidationError, ValueError)
        assert issubclass(ValidationError, twimlkit.TwiMLError)
        assert issubclass(twimlkit.TwiMLError, Exception)
        with pytest.raises(ValueError, match="timeout"):
            Dial(PHONE, timeout=-1)

    def test_attributes(self) -> None:
        """.path, .reason and .code say where, why and which Twilio error the check prevents."""
        error = self.timeout_error()
        assert error.path == "Dial@timeout"
        assert error.code == 13212
        assert "timeout=-1" in error.reason
        assert str(error).startswith("Dial@timeout: ")
        assert error.reason in str(error)
        assert "13212" in str(error)

    def test_code_is_none_without_a_twilio_code(self) -> None:
        """A check Twilio has no code for leaves .code None and the message without a code."""
        error = ValidationError("Say", "some reason")
        assert error.code is None
        assert str(error) == "Say: some reason"

    @pytest.mark.parametrize(
        "build",
        [
            pytest.param(lambda: Dial(PHONE, timeout=-1), id="with-code"),
            pytest.param(lambda: unchecked(Dial)(Say("x")), id="without-code"),
        ],
    )
    def test_pickles(self, build: Build) -> None:
        """An error survives pickling (multiprocessing, caches) with path, reason and code intact."""
        error = raises(build)
        copy = pickle.loads(pickle.dumps(error))
        assert type(copy) is ValidationError
        assert (copy.path, copy.reason, copy.code) == (error.path, error.reason, error.code)
        assert str(copy) == str(error)

    @pytest.mark.parametrize(
        ("build", "relative", "absolute"),
        [
            pytest.param(lambda: Dial(PHONE, timeout=-1), "Dial@timeout", "Response/Dial[1]@timeout", id="attribute"),
            pytest.param(lambda: Dial(*numbers(11)), "Dial/Number[10]", "Response/Dial[1]/Number[10]", id="child"),
            pytest.param(Dial, "Dial", "Response/Dial[1]", id="node"),
        ],
    )
    def test_within(self, build: Build, relative: str, absolute: str) -> None:
        """within() places a construction path under an absolute node path, keeping reason and code."""
        error = raises(build)
        assert error.path == relative
        moved = error.within("Response/Dial[1]")
        assert type(moved) is ValidationError
        assert moved.path == absolute
        assert (moved.reason, moved.code) == (error.reason, error.code)
        assert error.path == relative  # the original is untouched


# -- children --------------------------------------------------------------------------------------


class TestWrongChild:
    """A child element the parent does not allow; Voice/Messaging mixing earns 14110."""

    @pytest.mark.parametrize(
        ("build", "path", "code", "names"),
        [
            pytest.param(
                lambda: unchecked(Dial)(Say("x")), "Dial/Say[0]", None, ("<Dial>", "<Say>", "<Number>"), id="dial-say"
            ),
            pytest.param(
                lambda: unchecked(Dial)(Number(PHONE), Say("x")),
                "Dial/Say[1]",
                None,
                ("<Dial>", "<Say>", "<Client>"),
                id="index-counts-elements",
            ),
            pytest.param(
                lambda: unchecked(Gather)(Dial(PHONE)),
                "Gather/Dial[0]",
                None,
                ("<Gather>", "<Dial>", "<Say>", "<Play>", "<Pause>"),
                id="gather-dial",
            ),
            pytest.param(
                lambda: unchecked(Gather)(Say("Press 1"), Redirect("/next")),
                "Gather/Redirect[1]",
                None,
                ("<Gather>", "<Redirect>", "<Say>", "<Play>", "<Pause>"),
                id="gather-redirect",
            ),
            pytest.param(
                lambda: unchecked(MessagingResponse)(Say("x")),
                "MessagingResponse/Say[0]",
                14110,
                ("<Response>", "<Say>", "<Message>"),
                id="voice-verb-in-messaging",
            ),
            pytest.param(
                lambda: unchecked(MessagingResponse)(Message("hi"), Hangup()),
                "MessagingResponse/Hangup[1]",
                14110,
                ("<Response>", "<Hangup>", "<Message>"),
                id="hangup-in-messaging",
            ),
            pytest.param(
                lambda: unchecked(VoiceResponse)(Message("x")),
                "VoiceResponse/Message[0]",
                14110,
                ("<Response>", "<Message>", "<Say>"),
                id="message-in-voice",
            ),
            pytest.param(
                lambda: unchecked(Message)(Say("x")),
                "Message/Say[0]",
                14110,
                ("<Message>", "<Say>", "<Body>", "<Media>"),
                id="say-in-message",
            ),
        ],
    )
    def test_rejects(self, build: Build, path: str, code: int | None, names: tuple[str, ...]) -> None:
        """The path points at the child, and the message lists what the parent allows."""
        error = raises(build)
        assert error.path == path
        assert error.code == code
        assert_names(error, *names)

    @pytest.mark.parametrize(
        "build",
        [
            pytest.param(lambda: Dial(Number(PHONE), Client("alice"), Queue("support")), id="dial-nouns"),
            pytest.param(lambda: Gather(Say("Press 1"), Play("https://example.com/a.mp3"), Pause()), id="gather"),
            pytest.param(lambda: MessagingResponse(Message("hi"), Redirect("/next")), id="messaging"),
            pytest.param(lambda: VoiceResponse(Say("hi"), Redirect("/next")), id="voice"),
            pytest.param(lambda: Message(Body("hi"), Media("https://example.com/a.png")), id="message-nouns"),
        ],
    )
    def test_accepts(self, build: Build) -> None:
        """The children the parent documents build."""
        build()


class TestNonNodeChild:
    """A positional child that is neither text nor a node."""

    @pytest.mark.parametrize(
        ("child", "shown", "hint"),
        [
            pytest.param(3, "3 (int)", False, id="int"),
            pytest.param(1.5, "1.5 (float)", False, id="float"),
            pytest.param(None, "None (NoneType)", True, id="none"),
            pytest.param({Number(PHONE)}, "(set)", True, id="set"),
            pytest.param([Number(PHONE)], "(list)", True, id="list"),
            pytest.param((Number(PHONE),), "(tuple)", True, id="tuple"),
        ],
    )
    def test_rejects(self, child: object, shown: str, hint: bool) -> None:
        """The message shows the value and its type; for any iterable it says to unpack it with *,
        and for None to leave it out (with a list unpacked with *)."""
        error = raises(lambda: unchecked(Dial)(child))
        assert error.path == "Dial"
        assert error.code is None
        assert_names(error, "<Dial>", shown, "<Number>")
        assert ("unpack" in str(error) and "*" in str(error)) is hint

    def test_accepts_unpacked(self) -> None:
        """The same list unpacked with * builds."""
        dial = Dial(*numbers(3))
        assert len(dial.elements) == 3


# -- keywords --------------------------------------------------------------------------------------


class TestUnknownKeyword:
    """A keyword the element does not have: a near miss is suggested, an XML spelling is translated."""

    @pytest.mark.parametrize(
        ("build", "path", "names"),
        [
            pytest.param(
                lambda: unchecked(Gather)(num_digit=3),
                "Gather@num_digit",
                ("Gather", "num_digit=3", "num_digits"),
                id="typo",
            ),
            pytest.param(
                lambda: unchecked(Say)("hi", voise="man"), "Say@voise", ("Say", "voise='man'", "'voice'"), id="typo-say"
            ),
            pytest.param(
                lambda: unchecked(Dial)(PHONE, hangupOnStar=True),
                "Dial@hangupOnStar",
                ("Dial", "hangupOnStar=True", "'hangup_on_star'"),
                id="xml-spelling",
            ),
            pytest.param(
                lambda: unchecked(Gather)(numDigits=3),
                "Gather@numDigits",
                ("Gather", "numDigits=3", "'num_digits'"),
                id="xml-spelling-gather",
            ),
            pytest.param(
                lambda: unchecked(Message)("hi", **{"from": PHONE}),
                "Message@from",
                ("Message", f"from={PHONE!r}", "'from_'"),
                id="python-keyword",
            ),
        ],
    )
    def test_rejects(self, build: Build, path: str, names: tuple[str, ...]) -> None:
        """The path names the keyword; the message names the element, the value and the keyword to use."""
        error = raises(build)
        assert error.path == path
        assert error.code is None
        assert_names(error, *names)

    @pytest.mark.parametrize("cls", [Hangup, Leave, Echo, VoiceResponse], ids=lambda cls: cls.__name__)
    def test_rejects_on_element_without_attributes(self, cls: type[twimlkit.Node]) -> None:
        """An element with no attributes at all raises ValidationError too, not a bare TypeError."""
        error = raises(lambda: unchecked(cls)(reason="x"))
        assert error.path == f"{cls.__name__}@reason"
        assert_names(error, cls.__name__, "reason", "'x'")

    @pytest.mark.parametrize(
        ("build", "written"),
        [
            pytest.param(lambda: Gather(num_digits=3), 'numDigits="3"', id="num-digits"),
            pytest.param(lambda: Dial(PHONE, hangup_on_star=True), 'hangupOnStar="true"', id="hangup-on-star"),
            pytest.param(lambda: Message("hi", from_=PHONE), f'from="{PHONE}"', id="from"),
        ],
    )
    def test_accepts(self, build: Build, written: str) -> None:
        """The suggested keyword builds and is written with its XML name."""
        node = build()
        assert isinstance(node, twimlkit.Node)
        assert written in node.to_xml()


class TestWrongType:
    """A value of the wrong Python type for its attribute."""

    @pytest.mark.parametrize(
        ("build", "path", "code", "names"),
        [
            pytest.param(
                lambda: unchecked(Dial)(PHONE, hangup_on_star="yes"),
                "Dial@hangupOnStar",
                13213,
                ("Dial", "hangup_on_star", "'yes'", "True or False"),
                id="str-for-bool",
            ),
            pytest.param(
                lambda: unchecked(Dial)(PHONE, hangup_on_star=1),
                "Dial@hangupOnStar",
                13213,
                ("Dial", "hangup_on_star", "1", "True or False"),
                id="int-for-bool",
            ),
            pytest.param(
                lambda: unchecked(Dial)(PHONE, timeout="10"),
                "Dial@timeout",
                13212,
                ("Dial", "timeout", "'10'", "str", "an integer"),
                id="str-for-int",
            ),
            pytest.param(
                lambda: Dial(PHONE, timeout=True),
                "Dial@timeout",
                13212,
                ("Dial", "timeout", "True", "bool", "an integer"),
                id="bool-for-int",
            ),
            pytest.param(
                lambda: unchecked(Dial)(PHONE, timeout=10.0),
                "Dial@timeout",
                13212,
                ("Dial", "timeout", "10.0", "float", "an integer"),
                id="float-for-int",
            ),
            pytest.param(
                lambda: unchecked(Dial)(PHONE, caller_id=15558675310),
                "Dial@callerId",
                13214,
                ("Dial", "caller_id", "15558675310", "int", "a phone number or client:name"),
                id="int-for-str",
            ),
        ],
    )
    def test_rejects(self, build: Build, path: str, code: int, names: tuple[str, ...]) -> None:
        """The message names the keyword, shows the value and its type, and says what is expected."""
        error = raises(build)
        assert error.path == path
        assert error.code == code
        assert_names(error, *names)

    @pytest.mark.parametrize(
        ("build", "written"),
        [
            pytest.param(lambda: Dial(PHONE, hangup_on_star=True), 'hangupOnStar="true"', id="true"),
            pytest.param(lambda: Dial(PHONE, hangup_on_star=False), 'hangupOnStar="false"', id="false-is-written"),
            pytest.param(lambda: Dial(PHONE, timeout=10), 'timeout="10"', id="int"),
            pytest.param(lambda: Dial(PHONE, caller_id=OTHER_PHONE), f'callerId="{OTHER_PHONE}"', id="str"),
        ],
    )
    def test_accepts(self, build: Build, written: str) -> None:
        """Values of the right type build and are written as TwiML spells them."""
        node = build()
        assert isinstance(node, twimlkit.Node)
        assert written in node.to_xml()


class TestClosedSet:
    """A value outside a documented closed set (a Choice, or a ChoiceList of several)."""

    @pytest.mark.parametrize(
        ("build", "path", "code", "names"),
        [
            pytest.param(
                lambda: unchecked(Dial)(PHONE, method="PUT"),
                "Dial@method",
                13210,
                ("Dial", "method", "'PUT'", "'GET', 'POST'"),
                id="method-put",
            ),
            pytest.param(
                lambda: unchecked(Dial)(PHONE, method="get"),
                "Dial@method",
                13210,
                ("Dial", "method", "'get'", "'GET', 'POST'"),
                id="method-lowercase",
            ),
            pytest.param(
                lambda: unchecked(Dial)(PHONE, record="sometimes"),
                "Dial@record",
                13217,
                ("Dial", "record", "'sometimes'", "'record-from-answer'"),
                id="record",
            ),
            pytest.param(
                lambda: unchecked(Reject)(reason="declined"),
                "Reject@reason",
                13810,
                ("Reject", "reason", "'declined'", "'rejected', 'busy'"),
                id="reject-reason",
            ),
            pytest.param(
                lambda: Say("hi", voice="robot"),
                "Say@voice",
                13511,
                ("Say", "voice", "'robot'", "man, woman"),
                id="say-voice",
            ),
            pytest.param(
                lambda: unchecked(Dial)(PHONE, recording_status_callback_event=["completed", "bogus"]),
                "Dial@recordingStatusCallbackEvent",
                13621,
                ("Dial", "recording_status_callback_event", "'bogus'", "'in-progress', 'completed', 'absent'"),
                id="list-unknown-item",
            ),
            pytest.param(
                lambda: unchecked(Dial)(PHONE, recording_status_callback_event="completed bogus"),
                "Dial@recordingStatusCallbackEvent",
                13621,
                ("Dial", "recording_status_callback_event", "'bogus'", "'in-progress', 'completed', 'absent'"),
                id="string-unknown-item",
            ),
            pytest.param(
                lambda: Dial(PHONE, recording_status_callback_event=["completed", "completed"]),
                "Dial@recordingStatusCallbackEvent",
                13621,
                ("Dial", "recording_status_callback_event", "['completed', 'completed']", "repeats"),
                id="list-repeated-item",
            ),
            pytest.param(
                lambda: Gather(input=["dtmf", "dtmf"]),
                "Gather@input",
                13326,
                ("Gather", "input", "['dtmf', 'dtmf']", "repeats", "'dtmf', 'speech'"),
                id="gather-input-repeated",
            ),
            pytest.param(
                lambda: Dial(PHONE, recording_status_callback_event=[]),
                "Dial@recordingStatusCallbackEvent",
                13621,
                ("Dial", "recording_status_callback_event", "empty", "one or more of"),
                id="empty-list",
            ),
            pytest.param(
                lambda: unchecked(Dial)(PHONE, recording_status_callback_event=""),
                "Dial@recordingStatusCallbackEvent",
                13621,
                ("Dial", "recording_status_callback_event", "empty", "one or more of"),
                id="empty-string",
            ),
        ],
    )
    def test_rejects(self, build: Build, path: str, code: int, names: tuple[str, ...]) -> None:
        """The message shows the value (or the offending item) and lists the allowed values."""
        error = raises(build)
        assert error.path == path
        assert error.code == code
        assert_names(error, *names)

    @pytest.mark.parametrize(
        ("build", "written"),
        [
            pytest.param(lambda: Dial(PHONE, method="GET"), 'method="GET"', id="method-get"),
            pytest.param(lambda: Dial(PHONE, method="POST"), 'method="POST"', id="method-post"),
            pytest.param(lambda: Dial(PHONE, record="record-from-answer"), 'record="record-from-answer"', id="record"),
            pytest.param(lambda: Reject(reason="busy"), 'reason="busy"', id="reject-reason"),
            pytest.param(
                lambda: Dial(PHONE, recording_status_callback_event=["in-progress", "completed"]),
                'recordingStatusCallbackEvent="in-progress completed"',
                id="list",
            ),
            pytest.param(
                lambda: Dial(PHONE, recording_status_callback_event="completed"),
                'recordingStatusCallbackEvent="completed"',
                id="single-string",
            ),
            pytest.param(lambda: Gather(input=["dtmf", "speech"]), 'input="dtmf speech"', id="gather-input"),
        ],
    )
    def test_accepts(self, build: Build, written: str) -> None:
        """Listed values build; a list is written separated by spaces."""
        node = build()
        assert isinstance(node, twimlkit.Node)
        assert written in node.to_xml()


class TestRange:
    """A number outside its documented range."""

    @pytest.mark.parametrize(
        ("build", "path", "code", "names"),
        [
            pytest.param(
                lambda: Dial(PHONE, timeout=-1),
                "Dial@timeout",
                13212,
                ("Dial", "timeout=-1", "from 5 to 600"),
                id="dial-timeout",
            ),
            pytest.param(
                lambda: Dial(PHONE, timeout=0),
                "Dial@timeout",
                13212,
                ("Dial", "timeout=0", "from 5 to 600"),
                id="dial-zero",
            ),
            pytest.param(
                lambda: Dial(PHONE, timeout=4),
                "Dial@timeout",
                13212,
                ("Dial", "timeout=4", "from 5 to 600"),
                id="dial-timeout-under-five",
            ),
            pytest.param(
                lambda: Dial(PHONE, timeout=601),
                "Dial@timeout",
                13212,
                ("Dial", "timeout=601", "from 5 to 600"),
                id="dial-timeout-over-600",
            ),
            pytest.param(
                lambda: Dial(PHONE, time_limit=14401),
                "Dial@timeLimit",
                13216,
                ("Dial", "time_limit=14401", "from 1 to 14400", "24-Hour Maximum Call Duration", "86400", "Element("),
                id="dial-time-limit-over-four-hours",
            ),
            pytest.param(
                lambda: Pay(max_attempts=4),
                "Pay@maxAttempts",
                64020,
                ("Pay", "max_attempts=4", "from 1 to 3"),
                id="pay-max-attempts",
            ),
            pytest.param(
                lambda: Pay(max_attempts=0),
                "Pay@maxAttempts",
                64020,
                ("Pay", "max_attempts=0", "from 1 to 3"),
                id="pay-max-attempts-zero",
            ),
            pytest.param(
                lambda: Say("hi", loop=-1), "Say@loop", 13510, ("Say", "loop=-1", "at least 0"), id="say-loop"
            ),
            pytest.param(
                lambda: Pause(length=0), "Pause@length", 13910, ("Pause", "length=0", "at least 1"), id="pause-length"
            ),
            pytest.param(
                lambda: Conference("room", max_participants=251),
                "Conference@maxParticipants",
                None,
                ("Conference", "max_participants=251", "from 1 to 250"),
                id="conference-over-cap",
            ),
            pytest.param(
                lambda: Conference("room", max_participants=0),
                "Conference@maxParticipants",
                None,
                ("Conference", "max_participants=0", "from 1 to 250"),
                id="conference-under-floor",
            ),
        ],
    )
    def test_rejects(self, build: Build, path: str, code: int | None, names: tuple[str, ...]) -> None:
        """The message names the keyword and value and states the range."""
        error = raises(build)
        assert error.path == path
        assert error.code == code
        assert_names(error, *names)

    @pytest.mark.parametrize(
        ("build", "written"),
        [
            pytest.param(lambda: Dial(PHONE, timeout=5), 'timeout="5"', id="dial-timeout-floor"),
            pytest.param(lambda: Dial(PHONE, timeout=600), 'timeout="600"', id="dial-timeout-cap"),
            pytest.param(lambda: Dial(PHONE, time_limit=14400), 'timeLimit="14400"', id="dial-time-limit-cap"),
            pytest.param(lambda: Pay(max_attempts=1), 'maxAttempts="1"', id="pay-max-attempts-floor"),
            pytest.param(lambda: Pay(max_attempts=3), 'maxAttempts="3"', id="pay-max-attempts-cap"),
            pytest.param(lambda: Say("hi", loop=0), 'loop="0"', id="say-loop-zero-is-written"),
            pytest.param(lambda: Pause(length=1), 'length="1"', id="pause-length"),
            pytest.param(
                lambda: Conference("room", max_participants=250), 'maxParticipants="250"', id="conference-cap"
            ),
            pytest.param(lambda: Conference("room", max_participants=1), 'maxParticipants="1"', id="conference-floor"),
        ],
    )
    def test_accepts(self, build: Build, written: str) -> None:
        """The bounds themselves build."""
        node = build()
        assert isinstance(node, twimlkit.Node)
        assert written in node.to_xml()


# -- text ------------------------------------------------------------------------------------------


class TestRequiredText:
    """An element whose text is its value, built without one."""

    @pytest.mark.parametrize(
        ("build", "path", "code"),
        [
            # Twilio: 14212 "Dial->Queue: queue name too short"; 14213 is "too long".
            pytest.param(Queue, "Queue", 14212, id="queue"),
            pytest.param(lambda: Queue(""), "Queue", 14212, id="queue-empty"),
            pytest.param(Number, "Number", 13223, id="number"),
            pytest.param(lambda: Number(""), "Number", 13223, id="number-empty"),
            pytest.param(Body, "Body", 14103, id="body"),
            pytest.param(Sms, "Sms", 14103, id="sms"),
        ],
    )
    def test_rejects(self, build: Build, path: str, code: int) -> None:
        """The message names the element and says which text it needs."""
        error = raises(build)
        assert error.path == path
        assert error.code == code
        assert_names(error, f"<{path}>", "needs")

    @pytest.mark.parametrize(
        "build",
        [
            pytest.param(lambda: Queue("support"), id="queue"),
            pytest.param(lambda: Number(PHONE), id="number"),
            pytest.param(lambda: Body("hi"), id="body"),
            pytest.param(lambda: Sms("hi"), id="sms"),
        ],
    )
    def test_accepts(self, build: Build) -> None:
        """The same elements with their text build."""
        build()


class TestTextNotAllowed:
    """Text given to an element that holds none."""

    @pytest.mark.parametrize(
        ("cls", "allowed"),
        [
            pytest.param(Hangup, "<Parameter>", id="hangup"),
            pytest.param(Leave, "nothing", id="leave"),
            pytest.param(Gather, "<Say>", id="gather"),
            pytest.param(Pause, "nothing", id="pause"),
        ],
    )
    def test_rejects(self, cls: type[twimlkit.Node], allowed: str) -> None:
        """Hangup("x") is a static error too; through *args typed Any it is a runtime one."""
        args: tuple[Any, ...] = ("x",)
        error = raises(lambda: cls(*args))
        assert error.path == cls.__name__
        assert_names(error, f"<{cls.__name__}>", "no text", "'x'", allowed)

    @pytest.mark.parametrize(
        "build",
        [
            pytest.param(Hangup, id="hangup"),
            pytest.param(lambda: Hangup(Parameter(name="reason", value="done")), id="hangup-parameter"),
            pytest.param(lambda: Gather(Say("x")), id="gather-say"),
        ],
    )
    def test_accepts(self, build: Build) -> None:
        """Without text (or with the text inside an allowed child) they build."""
        build()


class TestValueText:
    """The text of a value element: one piece, stripped as Twilio strips it, not mixed with elements.

    These are shape rules of twimlkit's own (readers strip such text), so they carry no Twilio code.
    """

    @pytest.mark.parametrize(
        ("build", "path", "code", "names"),
        [
            pytest.param(lambda: Queue(" \n\t "), "Queue", 14212, ("<Queue>", "needs its text"), id="blank-is-no-text"),
            pytest.param(
                lambda: Dial(PHONE, Number(OTHER_PHONE)),
                "Dial",
                None,
                ("<Dial>", PHONE, f"Number({OTHER_PHONE!r})", "one piece of text"),
                id="text-and-noun",
            ),
            pytest.param(
                lambda: Number("+1555", Comment("split"), "8675310"),
                "Number",
                None,
                ("<Number>", "'+1555'", "'8675310'", "one piece of text"),
                id="two-pieces",
            ),
            pytest.param(
                lambda: Queue("support", Element("Extra")),
                "Queue",
                None,
                ("<Queue>", "'support'", "Element('Extra')", "one piece of text"),
                id="text-and-element",
            ),
        ],
    )
    def test_rejects(self, build: Build, path: str, code: int | None, names: tuple[str, ...]) -> None:
        """The message names the element, shows the text given and says what is wrong with it."""
        error = raises(build)
        assert error.path == path
        if code is not None:
            assert error.code == code
        assert_names(error, *names)

    @pytest.mark.parametrize(
        ("build", "written"),
        [
            pytest.param(lambda: Number(PHONE), f"<Number>{PHONE}</Number>", id="number"),
            pytest.param(lambda: Dial(PHONE), f"<Dial>{PHONE}</Dial>", id="dial-text"),
            pytest.param(
                lambda: Dial(Number(PHONE), Number(OTHER_PHONE)),
                f"<Dial><Number>{PHONE}</Number><Number>{OTHER_PHONE}</Number></Dial>",
                id="dial-nouns",
            ),
            pytest.param(lambda: Queue("support line"), "<Queue>support line</Queue>", id="inner-space"),
        ],
    )
    def test_accepts(self, build: Build, written: str) -> None:
        """Stripped text alone, or nouns alone, build."""
        node = build()
        assert isinstance(node, twimlkit.Node)
        assert node.to_xml() == written


# -- counts and lengths ----------------------------------------------------------------------------


CAP_CASES = [
    pytest.param(lambda n: Dial(*numbers(n)), 10, "Dial/Number[10]", None, id="numbers"),
    pytest.param(lambda n: Dial(*[Client(f"agent{i}") for i in range(n)]), 10, "Dial/Client[10]", None, id="clients"),
    pytest.param(
        lambda n: Sip(*[Uri(f"sip:agent{i}@example.com") for i in range(n)]), 5, "Sip/Uri[5]", 13250, id="uris"
    ),
    pytest.param(
        lambda n: Message(*[Media(f"https://example.com/{i}.png") for i in range(n)]),
        10,
        "Message/Media[10]",
        None,
        id="media",
    ),
    pytest.param(
        lambda n: MessagingResponse(*[Message(f"reply {i}") for i in range(n)]),
        10,
        "MessagingResponse/Message[10]",
        14109,
        id="messages",
    ),
]


class TestCountCaps:
    """More children of one kind than Twilio documents."""

    @pytest.mark.parametrize(("build", "cap", "path", "code"), CAP_CASES)
    def test_rejects_one_over(self, build: Callable[[int], object], cap: int, path: str, code: int | None) -> None:
        """The path points at the first child over the cap; the message names the child and states the cap."""
        error = raises(lambda: build(cap + 1))
        assert error.path == path
        assert error.code == code
        child = path.split("/")[1].partition("[")[0]
        assert_names(error, f"<{child}>", f"at most {cap}")

    @pytest.mark.parametrize(("build", "cap", "path", "code"), CAP_CASES)
    def test_message_gives_the_count(
        self, build: Callable[[int], object], cap: int, path: str, code: int | None
    ) -> None:
        """The message says how many were given (the value given), not just "more"."""
        message = str(raises(lambda: build(cap + 1)))
        assert re.search(rf"\b{cap + 1}\b", message), f"the count given ({cap + 1}) is not in {message!r}"

    @pytest.mark.parametrize(("build", "cap", "path", "code"), CAP_CASES)
    def test_accepts_the_cap(self, build: Callable[[int], object], cap: int, path: str, code: int | None) -> None:
        """Exactly the cap builds."""
        node = build(cap)
        assert isinstance(node, twimlkit.Node)
        assert len(node.elements) == cap

    def test_caps_count_per_kind(self) -> None:
        """Caps count one kind each: 10 Numbers and 10 Clients in one Dial build."""
        dial = Dial(*numbers(10), *[Client(f"agent{i}") for i in range(10)])
        assert len(dial.elements) == 20

    def test_no_sip_cap_is_documented(self) -> None:
        """L6: Twilio states no cap on <Sip> nouns in one <Dial>, so eleven build."""
        dial = Dial(*[Sip(f"sip:agent{i}@example.com") for i in range(11)])
        assert len(dial.elements) == 11


class TestLengths:
    """Text and attribute values longer than Twilio accepts."""

    @pytest.mark.parametrize(
        ("build", "path", "code", "names"),
        [
            pytest.param(lambda: Queue("q" * 65), "Queue", 14213, ("<Queue>", "65", "64"), id="queue-name"),
            pytest.param(lambda: Enqueue("q" * 65), "Enqueue", 14205, ("<Enqueue>", "65", "64"), id="enqueue-name"),
            pytest.param(lambda: Message("a" * 1601), "Message", 14103, ("<Message>", "1601", "1600"), id="message"),
            pytest.param(lambda: Body("a" * 1601), "Body", 14103, ("<Body>", "1601", "1600"), id="body"),
            pytest.param(lambda: Say("a" * 4097), "Say", 13521, ("<Say>", "4097", "4096"), id="say"),
            pytest.param(
                lambda: Say("a" * 2000, Break(time="1s"), "a" * 2097),
                "Say",
                13521,
                ("<Say>", "4097", "4096"),
                id="say-text-around-ssml",
            ),
            pytest.param(
                lambda: Say("a" * 3001, voice="Polly.Joanna"),
                "Say",
                13521,
                ("Say", "Polly.Joanna", "3001", "3000"),
                id="say-polly",
            ),
            pytest.param(
                lambda: Say("a" * 3001, voice="Polly.Joanna-Neural"),
                "Say",
                13521,
                ("Say", "Polly.Joanna-Neural", "3001", "3000"),
                id="say-polly-neural",
            ),
            pytest.param(
                lambda: Say("a" * 5001, voice="Google.en-US-Neural2-A"),
                "Say",
                13521,
                ("Say", "5001", "5000"),
                id="say-google",
            ),
            pytest.param(
                lambda: Gather(hints=[f"word{i}" for i in range(501)]),
                "Gather@hints",
                13330,
                ("Gather", "hints", "501 items", "at most 500 items"),
                id="hints-entries",
            ),
            pytest.param(
                lambda: Gather(hints=",".join(f"word{i}" for i in range(501))),
                "Gather@hints",
                13330,
                ("Gather", "hints", "501 items", "at most 500 items"),
                id="hints-entries-as-string",
            ),
            pytest.param(
                lambda: Gather(hints=["a" * 101]),
                "Gather@hints",
                13330,
                ("Gather", "hints", "101 characters", "at most 100 characters"),
                id="hints-entry",
            ),
            pytest.param(
                lambda: Dial(PHONE, call_reason="r" * 51),
                "Dial@callReason",
                None,
                ("Dial", "call_reason", "51 characters", "at most 50 characters"),
                id="call-reason",
            ),
        ],
    )
    def test_rejects(self, build: Build, path: str, code: int | None, names: tuple[str, ...]) -> None:
        """The message gives the length found and the limit."""
        error = raises(build)
        assert error.path == path
        assert error.code == code
        assert_names(error, *names)

    @pytest.mark.parametrize(
        "build",
        [
            pytest.param(lambda: Queue("q" * 64), id="queue-name"),
            pytest.param(lambda: Enqueue("q" * 64), id="enqueue-name"),
            pytest.param(lambda: Message("a" * 1600), id="message"),
            pytest.param(lambda: Body("a" * 1600), id="body"),
            pytest.param(lambda: Say("a" * 4096), id="say"),
            pytest.param(lambda: Say("a" * 4096, voice="woman"), id="say-basic-voice"),
            pytest.param(lambda: Say("a" * 3000, voice="Polly.Joanna"), id="say-polly"),
            pytest.param(lambda: Say("a" * 3000, Break(time="1s"), voice="Polly.Joanna"), id="polly-ssml-tags-free"),
            # Twilio (warning 13521): Google voices speak up to 5000 characters.
            pytest.param(lambda: Say("a" * 5000, voice="Google.en-US-Neural2-A"), id="say-google"),
            pytest.param(lambda: Gather(hints=[f"word{i}" for i in range(500)]), id="hints-entries"),
            pytest.param(lambda: Gather(hints=["a" * 100]), id="hints-entry"),
            pytest.param(lambda: Dial(PHONE, call_reason="r" * 50), id="call-reason"),
        ],
    )
    def test_accepts(self, build: Build) -> None:
        """Exactly the limit builds."""
        build()


# -- characters ------------------------------------------------------------------------------------

ILLEGAL = [
    pytest.param("\x00", id="nul"),
    pytest.param("\x0b", id="vertical-tab"),
    pytest.param("\ufffe", id="ufffe"),
]
LEGAL = [
    pytest.param("\t", id="tab"),
    pytest.param("\n", id="newline"),
    pytest.param("😀", id="emoji"),
    pytest.param("\U0010ffff", id="last-code-point"),
]
# (build from a string, path, element name in the message)
TEXT_TARGETS = [
    pytest.param(Say, "Say", "Say", id="say"),
    pytest.param(Message, "Message", "Message", id="message"),
    pytest.param(Body, "Body", "Body", id="body"),
    pytest.param(Queue, "Queue", "Queue", id="queue"),
    pytest.param(lambda s: Element("Foo", s), "Foo", "Foo", id="element"),
]
ATTRIBUTE_TARGETS = [
    pytest.param(lambda s: Dial(PHONE, caller_id=s), "Dial@callerId", "caller_id", id="dial-caller-id"),
    pytest.param(lambda s: Parameter(name="n", value=s), "Parameter@value", "value", id="parameter-value"),
    pytest.param(lambda s: Element("Foo", bar=s), "Foo@bar", "bar", id="element-attribute"),
]


class TestXmlCharacters:
    """Characters XML 1.0 cannot carry, in text and in attribute values; every legal one passes."""

    @pytest.mark.parametrize("char", ILLEGAL)
    @pytest.mark.parametrize(("build", "path", "name"), TEXT_TARGETS)
    def test_rejects_in_text(self, build: Callable[[str], object], path: str, name: str, char: str) -> None:
        """The message names the element and shows the character."""
        error = raises(lambda: build(f"a{char}b"))
        assert error.path == path
        assert_names(error, name, repr(char)[1:-1], "XML")

    @pytest.mark.parametrize("char", ILLEGAL)
    @pytest.mark.parametrize(("build", "path", "name"), ATTRIBUTE_TARGETS)
    def test_rejects_in_attribute(self, build: Callable[[str], object], path: str, name: str, char: str) -> None:
        """The message names the attribute and shows the character."""
        error = raises(lambda: build(f"a{char}b"))
        assert error.path == path
        assert_names(error, name, repr(char)[1:-1], "XML")

    @pytest.mark.parametrize(
        ("build", "codes"),
        [
            # 13520 "Say: Invalid text" (empty or un-parsable); 13521 is the length warning.
            pytest.param(lambda: Say("a\x00b"), {13520, 12100}, id="say"),
            # 14212/14213 are "queue name too short/long": neither fits.
            pytest.param(lambda: Queue("a\x00b"), {None, 12100}, id="queue"),
            pytest.param(lambda: Message("a\x00b"), {14103, 12100}, id="message"),
        ],
    )
    def test_code_is_not_a_length_code(self, build: Build, codes: set[int | None]) -> None:
        """An illegal character is a parse problem, not a length problem: its code says so (or is None)."""
        assert raises(build).code in codes

    @pytest.mark.parametrize("char", LEGAL)
    @pytest.mark.parametrize(("build", "path", "name"), [*TEXT_TARGETS, *ATTRIBUTE_TARGETS])
    def test_accepts(self, build: Callable[[str], object], path: str, name: str, char: str) -> None:
        """Tab, newline, emoji and U+10FFFF build and survive writing; a single-line value
        (a queue name, a caller ID) refuses the newline, and names the line."""
        if char == "\n" and name in ("Queue", "caller_id"):
            assert "on one line" in raises(lambda: build(f"a{char}b")).reason
            return
        node = build(f"a{char}b")
        assert isinstance(node, twimlkit.Node)
        node.to_xml()


# -- open sets: shapes -----------------------------------------------------------------------------


class TestVoiceShape:
    """Voices are checked for shape, not against a list."""

    @pytest.mark.parametrize(
        "voice",
        [
            "Joanna",
            "Polly.",
            "polly.joanna",
            "Polly.joanna",
            "Polly.Joanna-Bogus",
            "Google.en-US",
            "Google.",
            "MAN",
            "",
        ],
    )
    def test_rejects(self, voice: str) -> None:
        """A voice of the wrong shape earns 13511; the message shows it and the shapes allowed."""
        error = raises(lambda: Say("hi", voice=voice))
        assert error.path == "Say@voice"
        assert error.code == 13511
        assert_names(error, "Say", "voice", repr(voice), "Polly.<Name>", "Google.<locale>")

    @pytest.mark.parametrize(
        "voice",
        [
            "man",
            "woman",
            "alice",
            "Polly.Joanna",
            "Polly.Joanna-Neural",
            "Polly.Joanna-Generative",
            "Google.en-US-Neural2-A",
            "Google.cmn-CN-Standard-A",
        ],
    )
    def test_accepts(self, voice: str) -> None:
        """Basic voices and any Polly or Google voice of the right shape build."""
        assert f'voice="{voice}"' in Say("hi", voice=voice).to_xml()


class TestLanguageShape:
    """Languages are BCP-47 tags, checked for shape."""

    @pytest.mark.parametrize(
        ("build", "path", "code"),
        [
            pytest.param(lambda tag: Say("hi", language=tag), "Say@language", None, id="say"),
            pytest.param(lambda tag: Gather(language=tag), "Gather@language", 13331, id="gather"),
        ],
    )
    @pytest.mark.parametrize("tag", ["english", "en_US", "e", "en-", ""])
    def test_rejects(self, build: Callable[[str], object], path: str, code: int | None, tag: str) -> None:
        """The message shows the tag and gives an example of a good one."""
        error = raises(lambda: build(tag))
        assert error.path == path
        assert error.code == code
        assert_names(error, "language", repr(tag), "BCP-47", "'en-US'")

    @pytest.mark.parametrize("tag", ["en-US", "pt-BR", "en", "cmn-Hans-CN"])
    def test_accepts(self, tag: str) -> None:
        """Well-formed tags build."""
        assert f'language="{tag}"' in Say("hi", language=tag).to_xml()
        assert f'language="{tag}"' in Gather(language=tag).to_xml()


# -- rules across attributes and children (twimlkit._rules) ----------------------------------------


class TestPlayNeedsSource:
    """Play plays a URL or sends digits."""

    @pytest.mark.parametrize(
        "build",
        [
            pytest.param(Play, id="nothing"),
            pytest.param(lambda: Play(""), id="empty-url"),
            pytest.param(lambda: Play(Comment("no url here")), id="only-a-comment"),
            pytest.param(lambda: Play(loop=2), id="only-loop"),
        ],
    )
    def test_rejects(self, build: Build) -> None:
        """Neither a URL nor digits: the message says which one is needed."""
        error = raises(build)
        assert error.path == "Play"
        assert_names(error, "<Play>", "URL", "digits")

    @pytest.mark.parametrize(
        "build",
        [
            pytest.param(lambda: Play("https://example.com/a.mp3"), id="url"),
            pytest.param(lambda: Play(digits="wwww3"), id="digits"),
            pytest.param(lambda: Play(Comment("c"), "https://example.com/a.mp3"), id="comment-then-url"),
            pytest.param(lambda: Play(Comment("c"), digits="1"), id="comment-and-digits"),
        ],
    )
    def test_accepts(self, build: Build) -> None:
        """A URL, or digits alone, build."""
        build()


class TestReferSip:
    """Inside Refer, Sip is only the SIP URI to refer to."""

    @pytest.mark.parametrize(
        ("build", "path", "names"),
        [
            pytest.param(
                lambda: Refer(Sip("sip:alice@example.com", username="u")),
                "Refer/Sip[0]",
                ("<Refer>", "<Sip>", "username"),
                id="attribute",
            ),
            pytest.param(
                lambda: Refer(Sip(Uri("sip:alice@example.com"))),
                "Refer/Sip[0]",
                ("<Refer>", "<Sip>", "<Uri>"),
                id="child",
            ),
            pytest.param(lambda: Refer(Sip()), "Refer/Sip[0]", ("<Refer>", "<Sip>", "URI"), id="no-uri"),
            pytest.param(
                lambda: Refer(Sip("sip:alice@example.com"), Sip("sip:bob@example.com", password="p")),
                "Refer/Sip[1]",
                ("<Refer>", "<Sip>", "password"),
                id="second-sip",
            ),
        ],
    )
    def test_rejects(self, build: Build, path: str, names: tuple[str, ...]) -> None:
        """The path points at the Sip; the message names what it holds that Refer does not allow."""
        error = raises(build)
        assert error.path == path
        assert_names(error, *names)

    def test_accepts(self) -> None:
        """A Sip with only its URI builds."""
        refer = Refer(Sip("sip:alice@example.com"))
        assert refer.to_xml() == "<Refer><Sip>sip:alice@example.com</Sip></Refer>"


class TestMessageContent:
    """A Message sends text, a Body or Media; text and a Body together are two bodies."""

    @pytest.mark.parametrize(
        ("build", "code", "names"),
        [
            pytest.param(Message, 14103, ("<Message>", "<Body>", "<Media>"), id="empty"),
            pytest.param(lambda: Message("   "), 14103, ("<Message>", "<Body>", "<Media>"), id="whitespace"),
            pytest.param(lambda: Message(Comment("draft")), 14103, ("<Message>", "<Body>", "<Media>"), id="comment"),
            pytest.param(
                lambda: Message("hi", Body("there")), None, ("<Message>", "text", "<Body>"), id="text-and-body"
            ),
            pytest.param(
                lambda: Message(Comment("c"), "hi", Body("there")),
                None,
                ("<Message>", "text", "<Body>"),
                id="comment-text-and-body",
            ),
            pytest.param(
                lambda: Message(Comment("c"), "  "), 14103, ("<Message>", "<Body>", "<Media>"), id="comment-whitespace"
            ),
        ],
    )
    def test_rejects(self, build: Build, code: int | None, names: tuple[str, ...]) -> None:
        """The message names the element and what it needs instead."""
        error = raises(build)
        assert error.path == "Message"
        assert error.code == code
        assert_names(error, *names)

    @pytest.mark.parametrize(
        "build",
        [
            pytest.param(lambda: Message("hi"), id="text"),
            pytest.param(lambda: Message(Comment("c"), "hi"), id="comment-then-text"),
            pytest.param(lambda: Message(Comment("c"), Body("hi")), id="comment-then-body"),
            pytest.param(lambda: Message(Body("hi")), id="body"),
            pytest.param(lambda: Message(Media("https://example.com/a.png")), id="media"),
            pytest.param(lambda: Message("hi", Media("https://example.com/a.png")), id="text-and-media"),
            pytest.param(lambda: Message(Body("hi"), Media("https://example.com/a.png")), id="body-and-media"),
        ],
    )
    def test_accepts(self, build: Build) -> None:
        """One body (text or Body), with or without Media, builds."""
        build()


class TestEnqueueNeedsQueue:
    """Enqueue names a queue unless TaskRouter routes the call (workflow_sid)."""

    @pytest.mark.parametrize(
        "build",
        [
            pytest.param(Enqueue, id="nothing"),
            pytest.param(lambda: Enqueue(""), id="empty-name"),
            pytest.param(lambda: Enqueue(Comment("no name")), id="only-a-comment"),
            pytest.param(lambda: Enqueue(Task('{"type": "support"}')), id="task-without-workflow"),
            pytest.param(lambda: Enqueue(wait_url="/wait"), id="only-wait-url"),
        ],
    )
    def test_rejects(self, build: Build) -> None:
        """Neither a name nor a workflow: 14204, and the message says what is needed."""
        error = raises(build)
        assert error.path == "Enqueue"
        assert error.code == 14204
        assert_names(error, "<Enqueue>", "queue name", "workflow_sid")

    @pytest.mark.parametrize(
        "build",
        [
            pytest.param(lambda: Enqueue("support"), id="name"),
            pytest.param(lambda: Enqueue(Comment("c"), "support"), id="comment-then-name"),
            pytest.param(lambda: Enqueue(workflow_sid=WORKFLOW_SID), id="workflow"),
            pytest.param(lambda: Enqueue(Task('{"type": "support"}'), workflow_sid=WORKFLOW_SID), id="task"),
        ],
    )
    def test_accepts(self, build: Build) -> None:
        """A name, or a workflow (with or without a Task), builds."""
        build()


class TestDialNeedsTarget:
    """Dial calls something: a number as its text, or a noun."""

    @pytest.mark.parametrize(
        "build",
        [
            pytest.param(Dial, id="nothing"),
            pytest.param(lambda: Dial(""), id="empty-number"),
            pytest.param(lambda: Dial(timeout=10), id="only-attributes"),
            pytest.param(lambda: Dial(Comment("call someone")), id="only-a-comment"),
        ],
    )
    def test_rejects(self, build: Build) -> None:
        """The message says a number or a noun is needed."""
        error = raises(build)
        assert error.path == "Dial"
        assert_names(error, "<Dial>", "number", "<Number>")

    @pytest.mark.parametrize(
        "build",
        [
            pytest.param(lambda: Dial(PHONE), id="number-text"),
            pytest.param(lambda: Dial(Number(PHONE)), id="number"),
            pytest.param(lambda: Dial(Comment("c"), Number(PHONE)), id="comment-then-number"),
            pytest.param(lambda: Dial(Comment("c"), PHONE), id="comment-then-number-text"),
            pytest.param(lambda: Dial(Client("alice")), id="client"),
            pytest.param(lambda: Dial(Queue("support")), id="queue"),
        ],
    )
    def test_accepts(self, build: Build) -> None:
        """A number or any noun builds."""
        build()


class TestNeedsName:
    """Parameter, Header and Config pass a named value: the name is required."""

    @pytest.mark.parametrize(
        ("build", "tag"),
        [
            pytest.param(Parameter, "Parameter", id="parameter"),
            pytest.param(lambda: Parameter(value="v"), "Parameter", id="parameter-value-only"),
            pytest.param(lambda: Header(value="v"), "Header", id="header"),
            pytest.param(lambda: Config(value="v"), "Config", id="config"),
        ],
    )
    def test_rejects(self, build: Build, tag: str) -> None:
        """The path points at the missing name attribute."""
        error = raises(build)
        assert error.path == f"{tag}@name"
        assert_names(error, f"<{tag}>", "name=")

    @pytest.mark.parametrize(
        "build",
        [
            pytest.param(lambda: Parameter(name="n"), id="parameter"),
            pytest.param(lambda: Parameter(name="n", value="v"), id="parameter-value"),
            pytest.param(lambda: Header(name="X-Ticket", value="42"), id="header"),
            pytest.param(lambda: Config(name="n", value="v"), id="config"),
        ],
    )
    def test_accepts(self, build: Build) -> None:
        """With a name they build."""
        build()


# -- document rules (validate() and to_xml()) ------------------------------------------------------

SAY_TAGS = len("<Say></Say>")
FRAME = len(XML_DECLARATION + "<Response></Response>")


def voice_document(size: int, char: str = "a") -> VoiceResponse:
    """A VoiceResponse whose compact UTF-8 text, declaration included, is exactly ``size`` bytes.

    Built from Says of at most 4000 single-byte characters each, well under the per-Say caps.
    """
    assert len(char.encode()) == 1
    remaining = size - FRAME
    says = []
    while remaining:
        chars = min(4000, remaining - SAY_TAGS)
        if 0 < remaining - chars - SAY_TAGS <= SAY_TAGS:  # leave room for a whole Say
            chars -= SAY_TAGS + 1
        says.append(Say(char * chars))
        remaining -= chars + SAY_TAGS
    return VoiceResponse(*says)


# Everything that checks the document rules: validate() and every way of writing.
WRITERS = [
    pytest.param(lambda doc: doc.validate(), id="validate"),
    pytest.param(lambda doc: doc.to_xml(), id="to_xml"),
    pytest.param(lambda doc: doc.to_bytes(), id="to_bytes"),
    pytest.param(bytes, id="bytes"),
    pytest.param(str, id="str"),
    pytest.param(lambda doc: doc.to_xml(xml_declaration=False), id="declaration-still-counted"),
]


class TestDocumentSize:
    """A document is at most 65,536 bytes of UTF-8, declaration included (11750)."""

    def test_helper_is_exact(self) -> None:
        """The helper builds documents of exactly the size asked for."""
        for size in (MAX_DOCUMENT_BYTES - 1, MAX_DOCUMENT_BYTES):
            assert len(voice_document(size).to_bytes()) == size

    @pytest.mark.parametrize("write", WRITERS)
    def test_rejects_one_byte_over(self, write: Callable[[VoiceResponse], object]) -> None:
        """65,537 bytes fail in validate() and before any writing, with the size in the message."""
        doc = voice_document(MAX_DOCUMENT_BYTES + 1)  # building it is fine: size is a document rule
        error = raises(lambda: write(doc))
        assert error.path == "Response"
        assert error.code == 11750
        assert_names(error, "65,537", "65,536")

    def test_counts_bytes_not_characters(self) -> None:
        """Two-byte characters count twice: 8 Says of 4,096 'é' are under 64k characters but over 64 kB."""
        doc = VoiceResponse(*[Say("é" * 4096) for _ in range(8)])
        assert sum(len(say.text) for say in doc.elements) < MAX_DOCUMENT_BYTES
        error = raises(doc.validate)
        assert error.code == 11750
        assert error.path == "Response"

    @pytest.mark.parametrize("size", [MAX_DOCUMENT_BYTES - 1, MAX_DOCUMENT_BYTES])
    @pytest.mark.parametrize("write", WRITERS)
    def test_accepts_up_to_the_limit(self, write: Callable[[VoiceResponse], object], size: int) -> None:
        """65,535 and exactly 65,536 bytes pass every writer."""
        write(voice_document(size))


class TestDocumentMixing:
    """Voice and Messaging elements smuggled in through Element nodes (14110)."""

    @pytest.mark.parametrize(
        ("build", "path", "names"),
        [
            pytest.param(
                lambda: VoiceResponse(Element("Message", "hi")),
                "Response/Message[0]",
                ("<Message>", "VoiceResponse"),
                id="message-in-voice",
            ),
            pytest.param(
                lambda: VoiceResponse(Say("hi"), Comment("note"), Element("Message", "hi")),
                "Response/Message[1]",
                ("<Message>", "VoiceResponse"),
                id="index-counts-elements-only",
            ),
            pytest.param(
                lambda: VoiceResponse(Dial(Element("Body", "hi"))),
                "Response/Dial[0]/Body[0]",
                ("<Body>", "VoiceResponse"),
                id="nested",
            ),
            pytest.param(
                lambda: MessagingResponse(Element("Say", "hi")),
                "Response/Say[0]",
                ("<Say>", "MessagingResponse"),
                id="say-in-messaging",
            ),
            pytest.param(
                lambda: MessagingResponse(Message("hi"), Element("Dial", PHONE)),
                "Response/Dial[1]",
                ("<Dial>", "MessagingResponse"),
                id="dial-in-messaging",
            ),
        ],
    )
    @pytest.mark.parametrize(
        "write",
        [pytest.param(lambda doc: doc.validate(), id="validate"), pytest.param(lambda doc: doc.to_xml(), id="to_xml")],
    )
    def test_rejects(
        self,
        build: Callable[[], twimlkit.Document],
        path: str,
        names: tuple[str, ...],
        write: Callable[[twimlkit.Document], object],
    ) -> None:
        """validate() and to_xml() raise 14110 with an absolute path to the Element."""
        doc = build()  # Element nodes are not validated when built
        error = raises(lambda: write(doc))
        assert error.path == path
        assert error.code == 14110
        assert_names(error, *names)

    @pytest.mark.parametrize(
        "build",
        [
            pytest.param(lambda: VoiceResponse(Element("Say", "hi")), id="say-in-voice"),
            pytest.param(lambda: VoiceResponse(Element("Redirect", "/next")), id="shared-in-voice"),
            pytest.param(lambda: MessagingResponse(Element("Message", "hi")), id="message-in-messaging"),
            pytest.param(lambda: MessagingResponse(Element("Redirect", "/next")), id="shared-in-messaging"),
            pytest.param(lambda: VoiceResponse(Element("Unknown", "x")), id="unknown-tag"),
        ],
    )
    def test_accepts(self, build: Callable[[], twimlkit.Document]) -> None:
        """Elements of the document's own kind (or unknown tags) validate and write."""
        doc = build()
        doc.validate()
        doc.to_xml()


class TestDocumentMessageCount:
    """A Messaging reply holds at most 10 Messages, Element("Message") included (14109)."""

    def test_rejects(self) -> None:
        """10 Messages and an Element("Message") are 11: refused where the reply is built, with
        the count and the cap."""
        error = raises(
            lambda: MessagingResponse(*[Message(f"reply {i}") for i in range(10)], Element("Message", "one more"))
        )
        assert error.path == "MessagingResponse/Message[10]"
        assert error.code == 14109
        assert_names(error, "11", "10", "<Message>")

    @pytest.mark.parametrize(
        "doc",
        [
            pytest.param(
                lambda: MessagingResponse(*[Message(f"reply {i}") for i in range(9)], Element("Message", "tenth")),
                id="nine-plus-element",
            ),
            pytest.param(
                lambda: MessagingResponse(*[Message(f"reply {i}") for i in range(10)], Element("Note")), id="other-tag"
            ),
        ],
    )
    def test_accepts(self, doc: Callable[[], MessagingResponse]) -> None:
        """Ten in all, or an Element of another tag beside ten, validate."""
        built = doc()
        built.validate()
        built.to_xml()


# -- what Twilio documents as valid is accepted (findings S1-S23) ----------------------------------

# The parents an element needs to stand in a document, innermost first.
PARENTS: dict[str, tuple[str, ...]] = {
    "ConversationRelay": ("Connect",),
    "Transcription": ("Start",),
    "Stream": ("Start",),
    "Conference": ("Dial",),
    "Queue": ("Dial",),
    "Number": ("Dial",),
    "Sip": ("Dial",),
    "Header": ("Headers", "Sip", "Dial"),
}


def in_document(node: twimlkit.Node) -> twimlkit.Document:
    """``node`` placed under the parents it needs, in the document it belongs to."""
    for name in PARENTS.get(node.tag, ()):
        node = getattr(twimlkit, name)(node)
    root: Any = MessagingResponse if node.tag == "Message" else VoiceResponse
    document: twimlkit.Document = root(node)
    return document


class TestTwilioAccepts:
    """Values and shapes Twilio documents build, and read back equal through ``parse``."""

    @pytest.mark.parametrize(
        ("build", "xml"),
        [
            pytest.param(
                lambda: twimlkit.ConversationRelay(url="wss://example.com/ws", transcription_language="multi"),
                '<ConversationRelay url="wss://example.com/ws" transcriptionLanguage="multi"/>',
                id="S5-relay-transcription-multi",
            ),
            pytest.param(
                lambda: twimlkit.ConversationRelay(url="wss://example.com/ws", tts_language="multi"),
                '<ConversationRelay url="wss://example.com/ws" ttsLanguage="multi"/>',
                id="S6-relay-tts-multi",
            ),
            pytest.param(
                lambda: twimlkit.ConversationRelay(url="wss://example.com/ws", language="multi"),
                '<ConversationRelay url="wss://example.com/ws" language="multi"/>',
                id="S6-relay-language-multi",
            ),
            pytest.param(
                lambda: twimlkit.ConversationRelay(twimlkit.Language(code="multi"), url="wss://example.com/ws"),
                '<ConversationRelay url="wss://example.com/ws"><Language code="multi"/></ConversationRelay>',
                id="S7-language-code-multi",
            ),
            pytest.param(
                lambda: Gather(input="speech", language="multi", speech_model="deepgram_nova-3"),
                '<Gather input="speech" language="multi" speechModel="deepgram_nova-3"/>',
                id="S8-gather-multi-nova-3",
            ),
            pytest.param(
                lambda: twimlkit.Transcription(language_code="multi"),
                '<Transcription languageCode="multi"/>',
                id="S15-transcription-multi",
            ),
            pytest.param(
                lambda: Say("Hola", voice="Polly.Mía-Generative", language="es-MX"),
                '<Say language="es-MX" voice="Polly.Mía-Generative">Hola</Say>',
                id="S1-polly-mia",
            ),
            pytest.param(
                lambda: Say("Salut", voice="Polly.Rémi-Generative"),
                '<Say voice="Polly.Rémi-Generative">Salut</Say>',
                id="S2-polly-remi",
            ),
            pytest.param(
                lambda: Say("Salut", voice="Polly.Léa"), '<Say voice="Polly.Léa">Salut</Say>', id="S3-polly-lea"
            ),
            pytest.param(
                lambda: Say("Kumusta", voice="Google.fil-ph-Neural2-A"),
                '<Say voice="Google.fil-ph-Neural2-A">Kumusta</Say>',
                id="S4-google-lowercase-region",
            ),
            pytest.param(
                lambda: Message(Body("Part one. "), Body("Part two.")),
                "<Message><Body>Part one. </Body><Body>Part two.</Body></Message>",
                id="S17-two-bodies",
            ),
            pytest.param(lambda: Pay(language="es-MX"), '<Pay language="es-MX"/>', id="S18-pay-es-mx"),
            pytest.param(lambda: Pay(language="en-us"), '<Pay language="en-US"/>', id="S19-pay-lowercase-as-listed"),
            pytest.param(
                lambda: twimlkit.Start(twimlkit.Stream(url="/audiostream")),
                '<Start><Stream url="/audiostream"/></Start>',
                id="S20-stream-relative",
            ),
            pytest.param(
                lambda: twimlkit.Start(twimlkit.Stream(url="wss://example.com/audio?token=abc")),
                '<Start><Stream url="wss://example.com/audio?token=abc"/></Start>',
                id="S11-stream-query-is-legal",
            ),
            pytest.param(
                lambda: Conference("room", max_participants=1),
                '<Conference maxParticipants="1">room</Conference>',
                id="S21-conference-one",
            ),
            pytest.param(
                lambda: Header(name="User-To-User", value="1234"),
                '<Header name="User-To-User" value="1234"/>',
                id="S23-header-case",
            ),
            pytest.param(lambda: Header(name="x-foo", value="1"), '<Header name="x-foo" value="1"/>', id="S23-x-lower"),
            pytest.param(
                lambda: Dial(Conference("a"), Conference("b"), Queue("q1"), Queue("q2")),
                "<Dial><Conference>a</Conference><Conference>b</Conference><Queue>q1</Queue><Queue>q2</Queue></Dial>",
                id="no-undocumented-conference-or-queue-cap",
            ),
        ],
    )
    def test_builds_and_reads_back(self, build: Callable[[], twimlkit.Node], xml: str) -> None:
        """The node writes as Twilio's documents write it, and parse reads that back equal."""
        node = build()
        assert node.to_xml() == xml
        doc = in_document(node)
        assert twimlkit.parse(doc.to_xml()) == doc

    def test_pay_language_in_any_case_reads_as_listed(self) -> None:
        """S19: Twilio's own Pay page writes en-us; any case is read and kept as listed."""
        doc = twimlkit.parse('<Response><Pay language="en-us"/><Pay language="ES-mx"/></Response>')
        assert doc == VoiceResponse(Pay(language="en-US"), Pay(language="es-MX"))

    def test_sms_in_a_messaging_reply(self) -> None:
        """S10: 14110 lists Sms as valid in a Messaging reply ("Message, Sms and Redirect")."""
        doc = MessagingResponse(Message("x"), Sms("y"))
        doc.validate()
        parsed = twimlkit.parse("<Response><Message>Hi</Message><Sms>legacy</Sms></Response>")
        assert parsed == MessagingResponse(Message("Hi"), Sms("legacy"))
        assert VoiceResponse(Say("Hi"), Sms("legacy")).to_xml()

    @pytest.mark.parametrize(
        "text",
        [
            pytest.param(
                "sip:jack@example.com?User-to-User=" + "ab" * 150 + "%3Bencoding%3Dhex&x-myotherheader=bar",
                id="S22-long-headers",
            ),
            pytest.param("sip:" + "a" * 251, id="uri-255"),
            pytest.param("sip:" + "a" * 251 + "?" + "h" * 1024, id="uri-255-headers-1024"),
        ],
    )
    def test_sip_uri_and_headers_capped_apart(self, text: str) -> None:
        """S22: the SIP URI is capped at 255 characters and its ?headers at 1024, separately."""
        assert Sip(text).text == text
        assert twimlkit.Uri(text).text == text

    @pytest.mark.parametrize(
        "text",
        [
            pytest.param("sip:" + "a" * 252, id="uri-256"),
            pytest.param("sip:" + "a" * 252 + "?x=1", id="uri-256-with-headers"),
            pytest.param("sip:alice@example.com?" + "h" * 1025, id="headers-1025"),
        ],
    )
    def test_sip_uri_or_headers_too_long(self, text: str) -> None:
        """Over either cap is refused (13243), and the message states both caps."""
        error = raises(lambda: Sip(text))
        assert error.code == 13243
        assert_names(error, "<Sip>", "255", "1024")


# -- what Twilio documents as invalid is refused (findings L1-L16) ----------------------------------


class TestTwilioRefuses:
    """Values Twilio documents as invalid, with the element, attribute, value and what is allowed."""

    @pytest.mark.parametrize(
        ("build", "path", "code", "names"),
        [
            pytest.param(
                lambda: Pay(charge_amount="1000000.01"),
                "Pay@chargeAmount",
                64003,
                ("Pay", "'1000000.01'", "1,000,000"),
                id="L15-charge-amount",
            ),
            pytest.param(
                lambda: Pay(charge_amount="2000000"),
                "Pay@chargeAmount",
                64003,
                ("Pay", "'2000000'", "1,000,000"),
                id="L15-charge-amount-integer",
            ),
            pytest.param(
                lambda: Pay(action="http://example.com/pay"),
                "Pay@action",
                64016,
                ("Pay", "'http://example.com/pay'", "https"),
                id="L14-pay-action-http",
            ),
            pytest.param(
                lambda: twimlkit.ConversationRelay(url="ws://example.com/ws"),
                "ConversationRelay@url",
                None,
                ("ConversationRelay", "'ws://example.com/ws'", "wss://"),
                id="L12-relay-ws",
            ),
            pytest.param(
                lambda: twimlkit.Stream(url="https://example.com/audio"),
                "Stream@url",
                None,
                ("Stream", "'https://example.com/audio'", "wss://"),
                id="stream-https",
            ),
            pytest.param(
                lambda: Gather(input="speech", language="multi"),
                "Gather@language",
                13331,
                ("Gather", "'multi'", "deepgram_nova-3"),
                id="S8-gather-multi-needs-nova-3",
            ),
            pytest.param(
                lambda: Gather(language="multi", speech_model="phone_call"),
                "Gather@language",
                13331,
                ("Gather", "'multi'", "'phone_call'", "deepgram_nova-3"),
                id="S8-gather-multi-other-model",
            ),
            pytest.param(
                lambda: twimlkit.Stream(Parameter(name="n" * 100, value="v" * 400), url="wss://example.com/a"),
                "Stream/Parameter[0]",
                None,
                ("<Stream>", "<Parameter>", "500"),
                id="L16-stream-parameter",
            ),
            pytest.param(
                lambda: Say(*[Break(time="1s") for _ in range(400)], voice="Google.en-US-Standard-A"),
                "Say",
                13521,
                ("Google.en-US-Standard-A", "SSML tags", "5000"),
                id="L11-google-counts-tags",
            ),
        ],
    )
    def test_rejects(self, build: Build, path: str, code: int | None, names: tuple[str, ...]) -> None:
        """The path, the Twilio code where one exists, and a message naming what is allowed."""
        error = raises(build)
        assert error.path == path
        assert error.code == code
        assert_names(error, *names)

    @pytest.mark.parametrize(
        "build",
        [
            pytest.param(lambda: Pay(charge_amount="1000000"), id="charge-amount-cap"),
            pytest.param(lambda: Pay(charge_amount="1000000.00"), id="charge-amount-cap-decimals"),
            pytest.param(lambda: Pay(charge_amount="0"), id="charge-amount-zero"),
            pytest.param(lambda: Pay(action="https://example.com/pay"), id="pay-action-https"),
            pytest.param(lambda: Pay(action="/pay"), id="pay-action-relative"),
            pytest.param(lambda: twimlkit.ConversationRelay(url="wss://example.com/ws"), id="relay-wss"),
            pytest.param(
                lambda: twimlkit.Stream(Parameter(name="n" * 100, value="v" * 399), url="wss://example.com/a"),
                id="stream-parameter-499",
            ),
            pytest.param(
                lambda: twimlkit.Stream(*[Parameter(name=f"n{i}", value="v" * 200) for i in range(5)], url="/a"),
                id="stream-parameters-each-under-500",
            ),
            pytest.param(lambda: Say(*[Break(time="1s") for _ in range(400)]), id="basic-voice-ignores-tags"),
            pytest.param(
                lambda: Say(*[Break(time="1s") for _ in range(400)], voice="Polly.Joanna"), id="polly-ignores-tags"
            ),
            pytest.param(
                lambda: Say("x" * 4900, Comment(" a comment " * 20), voice="Google.en-US-Standard-A"),
                id="google-comments-not-spoken",
            ),
            pytest.param(lambda: Gather(language="multi", speech_model="deepgram_nova-3"), id="gather-multi"),
        ],
    )
    def test_accepts(self, build: Build) -> None:
        """The documented bounds themselves build."""
        assert isinstance(build(), twimlkit.Node)


# -- value text is stripped as Twilio strips it ------------------------------------------------------


class TestValueTextStripped:
    """Surrounding whitespace of value text is dropped at construction, exactly as ``parse`` drops it."""

    @pytest.mark.parametrize(
        ("build", "xml", "text"),
        [
            pytest.param(lambda: Redirect("\n  /next\n"), "<Redirect>/next</Redirect>", "/next", id="redirect"),
            pytest.param(lambda: Number(" +15558675310 "), f"<Number>{PHONE}</Number>", PHONE, id="number"),
            pytest.param(lambda: Dial("\n 415-123-4567\n"), "<Dial>415-123-4567</Dial>", "415-123-4567", id="dial"),
            pytest.param(lambda: Queue("\tsupport line "), "<Queue>support line</Queue>", "support line", id="queue"),
            pytest.param(
                lambda: Sip("\n sip:jack@example.com\n"),
                "<Sip>sip:jack@example.com</Sip>",
                "sip:jack@example.com",
                id="sip",
            ),
            pytest.param(lambda: Redirect("\n   \n"), "<Redirect/>", "", id="blank-redirect-is-empty"),
            pytest.param(
                lambda: Dial("  ", Number(PHONE), "\n"),
                f"<Dial><Number>{PHONE}</Number></Dial>",
                "",
                id="blank-beside-nouns",
            ),
        ],
    )
    def test_stripped(self, build: Callable[[], twimlkit.Node], xml: str, text: str) -> None:
        """The node keeps and writes the stripped value, and equals what parse reads."""
        node = build()
        assert node.to_xml() == xml
        assert node.text == text
        doc = in_document(node)
        pasted = doc.to_xml().replace(">" + text + "<", ">\n   " + text + "\n  <") if text else doc.to_xml()
        assert twimlkit.parse(pasted) == doc

    def test_template_pasted_into_python(self) -> None:
        """Twilio's samples wrap values in whitespace; written as Python they build the same tree."""
        xml = "<Response>\n  <Dial>\n    <Number>\n      +15558675310\n    </Number>\n  </Dial>\n</Response>"
        assert twimlkit.parse(xml) == VoiceResponse(Dial(Number("\n      +15558675310\n    ")))

    @pytest.mark.parametrize(
        ("build", "children"),
        [
            pytest.param(lambda: Say("  Hello  "), ("  Hello  ",), id="say"),
            pytest.param(lambda: Message(" hi \n"), (" hi \n",), id="message"),
            pytest.param(lambda: Body(" hi "), (" hi ",), id="body"),
        ],
    )
    def test_content_keeps_whitespace(self, build: Callable[[], twimlkit.Node], children: tuple[str, ...]) -> None:
        """Words to speak or send keep their whitespace exactly."""
        assert build().children == children

    def test_blank_required_text_is_missing(self) -> None:
        """Whitespace alone is no text, so the required-text rule applies (Number, 13223)."""
        error = raises(lambda: Number(" \n "))
        assert error.path == "Number"
        assert_names(error, "<Number>", "needs its text")


# -- placeholder SIDs ---------------------------------------------------------------------------------


class TestPlaceholderSid:
    """A SID copied from a documentation sample is called a placeholder in the message."""

    @pytest.mark.parametrize(
        ("build", "path", "given", "expected"),
        [
            pytest.param(
                lambda: twimlkit.Conversation(service_instance_sid="IS" + "x" * 32),
                "Conversation@serviceInstanceSid",
                "'ISxxxx",
                "a Conversations Service SID (IS followed by 32 hex digits)",
                id="x-run",
            ),
            pytest.param(
                lambda: twimlkit.ApplicationSid("AP1234567890abcdef1234567890abcd"),
                "ApplicationSid",
                "'AP1234567890abcdef1234567890abcd'",
                "an Application SID (AP followed by 32 hex digits)",
                id="thirty-digits",
            ),
            pytest.param(
                lambda: Enqueue(workflow_sid="WW" + "0" * 33),
                "Enqueue@workflowSid",
                "'WW" + "0" * 33 + "'",
                "a TaskRouter Workflow SID (WW followed by 32 hex digits)",
                id="thirty-three-digits",
            ),
            pytest.param(
                lambda: twimlkit.Sim("DEXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"),
                "Sim",
                "'DEXXX",
                "a SIM SID (DE followed by 32 hex digits)",
                id="upper-x-run",
            ),
        ],
    )
    def test_says_placeholder(self, build: Build, path: str, given: str, expected: str) -> None:
        """The message shows the value, calls it a placeholder and says what a real SID is."""
        error = raises(build)
        assert error.path == path
        assert_names(error, given, "this looks like a placeholder: expected " + expected)

    @pytest.mark.parametrize(
        "build",
        [
            pytest.param(lambda: Enqueue(workflow_sid="WA" + "0" * 32), id="wrong-prefix"),
            pytest.param(lambda: Enqueue(workflow_sid="WW" + "g" * 32), id="not-hex"),
        ],
    )
    def test_other_mistakes_are_not_placeholders(self, build: Build) -> None:
        """A wrong prefix or non-hex digits is a plain mistake: no placeholder wording."""
        error = raises(build)
        assert "placeholder" not in str(error)
        assert_names(error, "WW followed by 32 hex digits")


class TestTypedNodesInsideElements:
    """An Element lets anything through: the document checks still see the typed nodes in it."""

    @pytest.mark.parametrize(
        "build",
        [
            pytest.param(
                lambda: VoiceResponse(Element("Foo", Element("Message", "hi"))).validate(), id="element-message"
            ),
            pytest.param(lambda: VoiceResponse(Element("Foo", Message("hi"))).validate(), id="typed-message"),
            pytest.param(lambda: MessagingResponse(Message("x"), Element("Foo", Say("hi"))).to_xml(), id="typed-say"),
        ],
    )
    def test_mixing_is_refused(self, build: Build) -> None:
        error = raises(build)
        assert error.code == 14110

    def test_a_message_inside_an_element_counts_toward_the_cap(self) -> None:
        messages = [Message(f"m{i}") for i in range(10)]
        MessagingResponse(*messages).validate()
        error = raises(lambda: MessagingResponse(*messages, Element("Foo", Message("y"))).validate())
        assert error.code == 14109

    def test_ssml_inside_an_element_is_not_mixing(self) -> None:
        from twimlkit.ssml import Emphasis

        VoiceResponse(Element("Foo", Say("hi", Emphasis("there")))).validate()

    def test_read_leniently_the_typed_node_is_a_warning(self) -> None:
        doc = twimlkit.parse("<Response><Message>x</Message><Foo><Say>hi</Say></Foo></Response>", strict=False)
        mixing = [warning for warning in doc.lint() if warning.code == 14110]
        assert [(warning.path, warning.line) for warning in mixing] == [("Response/Foo[1]/Say[0]", 1)]
        with pytest.raises(twimlkit.ParseError) as error:
            twimlkit.parse("<Response><Message>x</Message><Foo><Say>hi</Say></Foo></Response>")
        assert 12200 in [problem.code for problem in error.value.errors]
