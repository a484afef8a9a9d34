"""Presets: finished, lint-clean call flows, each pinned by a snapshot in snapshots/test_presets/."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from syrupy.assertion import SnapshotAssertion

from twimlkit import (
    Client,
    Dial,
    Enqueue,
    Hangup,
    Identity,
    Number,
    Parameter,
    Pause,
    Play,
    Queue,
    Record,
    Redirect,
    Say,
    ValidationError,
    VoiceResponse,
    parse,
)
from twimlkit.presets import (
    answer_queue,
    dial_client,
    enqueue_caller,
    queue_wait,
    ring_clients,
    route_call,
    voicemail,
)

PRESETS: dict[str, Callable[[], VoiceResponse]] = {
    "answer_queue": lambda: answer_queue("radio-callin-queue", next_url="/voice", whisper_url="/whisper"),
    "answer_queue-post": lambda: answer_queue(
        "radio-callin-queue", next_url="https://radio.example.org/voice", next_method="POST", hangup_on_star=False
    ),
    "enqueue_caller": lambda: enqueue_caller(
        "radio-callin-queue", wait_url="/wait", action="/left-queue", greeting="Thanks for calling the show."
    ),
    "enqueue_caller-bare": lambda: enqueue_caller("radio-callin-queue"),
    "queue_wait": lambda: queue_wait(
        message="You are on hold for the morning show.",
        music_url="https://example.com/hold.mp3",
        position=3,
        average_wait=95,
        voice="Polly.Joanna",
    ),
    "queue_wait-bare": queue_wait,
    "dial_client": lambda: dial_client(
        "dj", caller_id="+15550001111", timeout=20, parameters={"show": "morning", "caller": "Ada"}
    ),
    "dial_client-voicemail": lambda: dial_client("dj", fallback=voicemail(action="/recorded")),
    "dial_client-action": lambda: dial_client("dj", fallback="/missed"),
    "ring_clients": lambda: ring_clients(["dj", "producer", "host"], timeout=15),
    "route_call-client": lambda: route_call("client:dj", caller_id="client:listener"),
    "route_call-number": lambda: route_call("+15558675310", caller_id="+15550001111", timeout=30),
    "route_call-refused": lambda: route_call("1-900-555-0100", caller_id="+15550001111"),
    "voicemail": lambda: voicemail(
        "The DJ is on air. Leave a message.", action="/recorded", max_length=120, recording_status_callback="/rec"
    ),
}

#: The verbs Twilio runs in an <Enqueue waitUrl> document (Enqueue page).
WAIT_VERBS = {"Play", "Say", "Pause", "Hangup", "Redirect", "Leave", "Gather"}


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_each_preset_writes_its_reviewed_twiml(name: str, twiml: SnapshotAssertion) -> None:
    assert PRESETS[name]() == twiml


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_each_preset_is_finished_and_lint_clean(name: str) -> None:
    doc = PRESETS[name]()
    assert isinstance(doc, VoiceResponse)
    doc.validate()
    assert doc.lint() == []
    assert parse(doc.to_bytes()) == doc


class TestAnswerQueue:
    def test_the_dj_flow_has_no_dial_action_so_the_redirect_is_reached(self) -> None:
        doc = answer_queue("radio-callin-queue", next_url="/voice")
        dial, redirect = doc.children
        assert isinstance(dial, Dial)
        assert isinstance(redirect, Redirect)
        assert dial.action is None
        assert dial.hangup_on_star is True
        assert dial.children == (Queue("radio-callin-queue"),)
        assert redirect == Redirect("/voice", method="GET")

    def test_whisper_and_method(self) -> None:
        doc = answer_queue("q", next_url="/next", next_method="POST", whisper_url="/whisper", hangup_on_star=False)
        assert doc == VoiceResponse(Dial(Queue("q", url="/whisper")), Redirect("/next", method="POST"))

    def test_a_method_other_than_get_or_post_is_refused(self) -> None:
        with pytest.raises(ValueError, match="next_method must be 'GET' or 'POST'; got 'PUT'"):
            answer_queue("q", next_url="/next", next_method="PUT")  # type: ignore[arg-type]

    def test_a_queue_name_twilio_refuses_is_refused(self) -> None:
        with pytest.raises(ValidationError, match="64"):
            answer_queue("q" * 65, next_url="/next")


class TestEnqueueCaller:
    @pytest.mark.parametrize(
        ("greeting", "first"),
        [
            ("Hello", Say("Hello")),
            (Say("Hi", voice="alice"), Say("Hi", voice="alice")),
            (Play("/a.mp3"), Play("/a.mp3")),
        ],
    )
    def test_a_greeting_is_words_a_say_or_a_play(self, greeting: str | Say | Play, first: Say | Play) -> None:
        doc = enqueue_caller("q", greeting=greeting, wait_url="/wait")
        assert doc.children == (first, Enqueue("q", wait_url="/wait"))

    def test_a_greeting_of_another_kind_is_refused(self) -> None:
        with pytest.raises(TypeError, match="greeting takes words to say"):
            enqueue_caller("q", greeting=Hangup())  # type: ignore[arg-type]


class TestQueueWait:
    @pytest.mark.parametrize(
        ("position", "said"),
        [(1, "You are next in line."), (2, "You are number 2 in line."), (40, "You are number 40 in line.")],
    )
    def test_the_position_is_announced(self, position: int, said: str) -> None:
        assert queue_wait(position=position).children[0] == Say(said)

    @pytest.mark.parametrize(
        ("seconds", "said"),
        [
            (0, "under a minute"),
            (59, "under a minute"),
            (60, "about 1 minute."),
            (89, "about 1 minute."),
            (90, "about 2 minutes."),
            (3600, "about 60 minutes."),
        ],
    )
    def test_the_average_wait_is_announced_in_minutes(self, seconds: int, said: str) -> None:
        say = queue_wait(average_wait=seconds).children[0]
        assert isinstance(say, Say)
        assert say.text.startswith("The average wait is ")
        assert said in say.text

    def test_position_and_wait_are_one_say_after_the_message(self) -> None:
        doc = queue_wait(message="Hold on.", position=1, average_wait=30, voice="man")
        assert doc.children == (
            Say("Hold on.", voice="man"),
            Say("You are next in line. The average wait is under a minute.", voice="man"),
            Pause(length=10),
        )

    @pytest.mark.parametrize("name", sorted(name for name in PRESETS if name.startswith("queue_wait")))
    def test_only_verbs_a_wait_document_runs(self, name: str) -> None:
        doc = PRESETS[name]()
        assert {node.tag for node in doc.children} <= WAIT_VERBS
        # It never ends at once: Twilio asks for it again as soon as it has run.
        assert isinstance(doc.children[-1], Play | Pause)

    @pytest.mark.parametrize(
        ("keywords", "error", "message"),
        [
            ({"position": 0}, ValueError, "position must be at least 1; got 0"),
            ({"position": "2"}, TypeError, "position takes an int"),
            ({"position": True}, TypeError, "position takes an int"),
            ({"average_wait": -1}, ValueError, "average_wait must be at least 0"),
            ({"average_wait": 1.5}, TypeError, "average_wait takes an int"),
        ],
    )
    def test_figures_of_the_wrong_shape_are_refused(
        self, keywords: dict[str, object], error: type[Exception], message: str
    ) -> None:
        with pytest.raises(error, match=message):
            queue_wait(**keywords)  # type: ignore[arg-type]


class TestDialingClients:
    def test_parameters_come_with_an_identity(self) -> None:
        doc = dial_client("dj", parameters={"show": "night"})
        assert doc == VoiceResponse(Dial(Client(Identity("dj"), Parameter(name="show", value="night"))))

    def test_without_parameters_the_identity_is_the_text(self) -> None:
        assert dial_client("dj", caller_id="+15550001111") == VoiceResponse(
            Dial(Client("dj"), caller_id="+15550001111")
        )

    def test_a_url_fallback_is_the_dials_action(self) -> None:
        dial = dial_client("dj", fallback="/missed").children[0]
        assert isinstance(dial, Dial)
        assert dial.action == "/missed"

    def test_a_document_fallback_follows_the_dial(self) -> None:
        doc = dial_client("dj", fallback=voicemail(action="/recorded", goodbye=None))
        assert [type(node) for node in doc.children] == [Dial, Say, Record]

    def test_a_fallback_of_another_kind_is_refused(self) -> None:
        with pytest.raises(TypeError, match="fallback takes a URL"):
            dial_client("dj", fallback=Say("x"))  # type: ignore[arg-type]

    def test_up_to_ten_clients_ring(self) -> None:
        names = [f"agent{i}" for i in range(10)]
        dial = ring_clients(names).children[0]
        assert isinstance(dial, Dial)
        assert [client.text for client in dial.find_all(Client)] == names
        with pytest.raises(ValueError, match="at most 10 clients at once; got 11"):
            ring_clients([*names, "one-more"])

    def test_no_clients_or_one_string_is_refused(self) -> None:
        with pytest.raises(ValueError, match="at least one identity"):
            ring_clients([])
        with pytest.raises(TypeError, match=r"not one string; for one, dial_client\('dj'\)"):
            ring_clients("dj")

    def test_a_name_twilio_refuses_is_refused(self) -> None:
        with pytest.raises(ValidationError):
            dial_client("has space")


class TestRouteCall:
    def test_a_client_is_rung(self) -> None:
        assert route_call("client:dj", caller_id="client:me") == VoiceResponse(
            Dial(Client("dj"), caller_id="client:me")
        )

    def test_an_e164_number_is_dialed(self) -> None:
        assert route_call(" +15558675310 ", caller_id="+15550001111", timeout=20) == VoiceResponse(
            Dial(Number("+15558675310"), caller_id="+15550001111", timeout=20)
        )

    @pytest.mark.parametrize(
        "to",
        [
            None,
            "",
            "client:",
            "client:has space",
            "15558675310",
            "+0123456789",
            "+1234567890123456",
            "+1 555 867 5310",
            "sip:alice@example.com",
            "1-900-PRANK",
            "+15558675310\n<Hangup/>",
        ],
    )
    def test_anything_else_is_refused_aloud_and_never_dialed(self, to: str | None) -> None:
        doc = route_call(to, caller_id="+15550001111")
        assert doc == VoiceResponse(Say("Sorry, this call cannot be connected. Goodbye."), Hangup())
        assert doc.find(Dial) is None

    def test_the_refusal_can_be_worded(self) -> None:
        assert route_call("x", caller_id="+1", refused_message="No.").children[0] == Say("No.")

    def test_a_caller_id_twilio_refuses_is_refused(self) -> None:
        with pytest.raises(ValidationError, match="callerId"):
            route_call("+15558675310", caller_id="line\nbreak")


class TestVoicemail:
    def test_greeting_record_and_goodbye(self) -> None:
        doc = voicemail(action="/recorded")
        assert doc == VoiceResponse(
            Say("Please leave a message after the beep."),
            Record(action="/recorded"),
            Say("No message was recorded. Goodbye."),
        )

    def test_the_action_is_required(self) -> None:
        with pytest.raises(TypeError, match="action"):
            voicemail()  # type: ignore[call-arg]
