"""twimlkit.sim: Dial to numbers (answered, busy, no answer, * with hangupOnStar), and
queues end to end: the radio call-in show of examples/radio_callin, three callers and the DJ."""

from __future__ import annotations

from typing import Any

import flask
import pytest

from examples.radio_callin.app import QUEUE, create_app
from twimlkit import Dial, Number, Say, VoiceResponse
from twimlkit.sim import Twilio
from twimlkit.web.flask import twilio_view
from twimlkit.webhooks import CallRequest

TOKEN = "0123456789abcdef0123456789abcdef"
PUBLIC = "https://radio.example.org"
NUMBER = "+15550001111"
APP_SID = "AP" + "a" * 32
FRIEND = "+15559990000"


def dialing_app() -> Any:
    app = flask.Flask("dialing")
    checked = twilio_view(auth_token=TOKEN, public_url=PUBLIC)

    def dial() -> VoiceResponse:
        return VoiceResponse(Dial(Number(FRIEND), action="/after", timeout=10))

    def star() -> VoiceResponse:
        return VoiceResponse(Dial(Number(FRIEND), hangup_on_star=True), Say("Back from the call."))

    def after() -> VoiceResponse:
        call = CallRequest.from_form(flask.request.form)
        return VoiceResponse(Say(f"{call.dial_call_status} after {call.dial_call_duration} seconds."))

    for name, view in (("dial", dial), ("star", star), ("after", after)):
        app.add_url_rule(f"/{name}", name, checked(view), methods=["POST"])
    return app


@pytest.fixture
def dialing() -> Twilio:
    twilio = Twilio(dialing_app(), auth_token=TOKEN, public_url=PUBLIC)
    twilio.phone_number(NUMBER, voice_url="/dial")
    return twilio


def test_an_answered_dial_posts_its_status_and_duration(dialing: Twilio) -> None:
    dialing.callee(FRIEND, answers_after=3, talks_for=20)
    call = dialing.call(from_="+15551234567", to=NUMBER)
    dialing.advance(22.9)
    assert call.transcript.said() == []
    dialing.advance(0.1)
    assert call.transcript.said() == ["completed after 20 seconds."]
    assert dialing.requests[-1].params["DialBridged"] == "true"


def test_a_busy_callee_and_one_that_never_answers(dialing: Twilio) -> None:
    dialing.callee(FRIEND, busy=True)
    assert dialing.call(from_="+15551234567", to=NUMBER).transcript.said() == ["busy after 0 seconds."]
    dialing.callee(FRIEND, answers_after=None)
    call = dialing.call(from_="+15551234568", to=NUMBER)
    dialing.advance(10)  # the Dial's timeout
    assert call.transcript.said() == ["no-answer after 0 seconds."]


def test_star_with_hangup_on_star_ends_the_call_and_the_next_verb_runs(dialing: Twilio) -> None:
    dialing.phone_number(NUMBER, voice_url="/star")
    call = dialing.call(from_="+15551234567", to=NUMBER)
    dialing.advance(30)
    assert call.transcript.said() == []
    call.press("*")
    assert call.transcript.said() == ["Back from the call."]


# -- the radio call-in show ------------------------------------------------------------------------


@pytest.fixture
def show(monkeypatch: pytest.MonkeyPatch) -> tuple[Twilio, Any]:
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", TOKEN)
    app = create_app({"PUBLIC_URL": PUBLIC, "TWILIO_APP_SID": APP_SID})
    twilio = Twilio(app, auth_token=TOKEN, public_url=PUBLIC)
    twilio.phone_number(NUMBER, voice_url="/incoming")
    twilio.application(APP_SID, voice_url="/voice")
    return twilio, app


def test_the_radio_show_end_to_end(show: tuple[Twilio, Any]) -> None:
    twilio, app = show
    callers = [twilio.call(from_=f"+1555000000{n}", to=NUMBER) for n in (1, 2, 3)]
    twilio.advance(30)
    for place, caller in enumerate(callers, 1):
        said = caller.transcript.said()
        assert said[0] == "Thanks for calling the show."
        heard = "You are next in line." if place == 1 else f"You are number {place} in line."
        assert any(words.startswith(heard) for words in said), (place, said)
        assert caller.status == "in-progress"
    queue = twilio.queues[QUEUE]
    assert queue.size == 3
    assert app.test_client().get("/queue-status").get_json()["size"] == 3

    # The DJ's browser connects: a word on who waits, then the first caller, after the whisper.
    dj = twilio.client_call("dj", APP_SID, params={"role": "dj"})
    assert dj.transcript.said()[0].startswith("3 waiting")
    twilio.advance(10)
    first = callers[0]
    assert "You are on the air now." in first.transcript.said()
    assert queue.size == 2
    assert any("bridged with " + first.sid in what for _at, what in dj.transcript)

    # * ends the call: the DJ's Redirect takes the next caller; the first hears goodbye.
    dj.press("*")
    twilio.advance(10)
    assert first.transcript.said()[-1] == "Thanks for being on the show. Goodbye."
    assert first.status == "completed"
    second = callers[1]
    assert "You are on the air now." in second.transcript.said()
    assert queue.size == 1
    assert any("bridged with " + second.sid in what for _at, what in dj.transcript)
    results = [exchange.params.get("QueueResult") for exchange in twilio.requests if exchange.url.endswith("/left")]
    assert results == ["bridged"]
    assert app.test_client().get("/queue-status").get_json()["size"] == 1


def test_a_dj_on_air_before_any_caller_waits_without_a_busy_loop(show: tuple[Twilio, Any]) -> None:
    """Dialing a queue no caller has joined yet fails at once (Twilio makes a queue at the
    first <Enqueue>): the desk pauses before it looks again, and takes the first caller."""
    twilio, _app = show
    dj = twilio.client_call("dj", APP_SID, params={"role": "dj"})
    twilio.advance(60)
    desks = [exchange for exchange in twilio.requests if exchange.url.startswith(PUBLIC + "/dj")]
    assert 4 <= len(desks) <= 6  # one every 12 s (the Say and a 10 s pause), not every 2 s
    assert not any("no such queue" in what for _at, what in dj.transcript)
    caller = twilio.call(from_="+15550000001", to=NUMBER)
    twilio.advance(30)  # the desk's next look, its word on who waits, the whisper
    assert "You are on the air now." in caller.transcript.said()
    assert any("bridged with " + caller.sid in what for _at, what in dj.transcript)


def test_the_apps_rest_api_path_runs_against_the_simulator(monkeypatch: pytest.MonkeyPatch) -> None:
    """The example's production path (Twilio's REST API through twilio.rest.Client) sees the
    simulator's queue, on its clock."""
    from examples.radio_callin.queues import TwilioQueues

    monkeypatch.setenv("TWILIO_AUTH_TOKEN", TOKEN)
    twilio = Twilio("http://localhost:1", auth_token=TOKEN, public_url=PUBLIC)  # the app comes next
    app = create_app({"PUBLIC_URL": PUBLIC}, queues=TwilioQueues(twilio.rest_client(), QUEUE))
    twilio.app = app
    twilio.phone_number(NUMBER, voice_url="/incoming")
    for n in (1, 2, 3):
        twilio.call(from_=f"+1555000000{n}", to=NUMBER)
        twilio.advance(10)
    status = app.test_client().get("/queue-status").get_json()
    assert status == {"size": 3, "average_wait": 18, "waits": [28, 18, 8]}
    [queue] = twilio.rest_client().queues.list()
    assert (queue.friendly_name, queue.current_size, queue.max_size) == (QUEUE, 3, 1000)
    members = twilio.rest_client().queues(queue.sid).members.list()
    assert [member.position for member in members] == [1, 2, 3]


def test_calls_made_and_changed_through_the_rest_api(show: tuple[Twilio, Any]) -> None:
    twilio, _app = show
    client = twilio.rest_client()
    made = client.calls.create(to="+15551112222", from_=NUMBER, url=PUBLIC + "/incoming")
    call = twilio.calls[-1]
    assert (made.sid, made.direction) == (call.sid, "outbound-api")
    twilio.advance(5)
    assert twilio.queues[QUEUE].size == 1
    client.calls(call.sid).update(twiml="<Response><Say>Moved to the front desk.</Say></Response>")
    assert call.transcript.said()[-1] == "Moved to the front desk."
    assert twilio.queues[QUEUE].size == 0
    assert client.calls(call.sid).update(status="completed").status == "completed"
    assert call.status == "completed"


def test_the_flow_of_the_show(show: tuple[Twilio, Any]) -> None:
    twilio, _app = show
    for n in (1, 2):
        twilio.call(from_=f"+1555000000{n}", to=NUMBER)
    twilio.advance(15)
    dj = twilio.client_call("dj", APP_SID, params={"role": "dj"})
    twilio.advance(10)
    dj.press("*")
    twilio.advance(10)
    flow = twilio.flow()
    for edge in (
        '|"voice URL"| n1',
        '"/wait"',
        '-->|"waitUrl QueuePosition=1"|',
        '-->|"waitUrl QueuePosition=2"|',
        '-->|"whisper"|',
        '-->|"Enqueue action QueueResult=bridged"|',
        '-->|"Redirect"|',
    ):
        assert edge in flow.mermaid, edge
    assert str(flow) == flow.mermaid
    assert '"/voice" -> "/dj" [label="Redirect"];' in flow.dot
    assert flow.dot.startswith("digraph flow {")
    assert flow._repr_markdown_().startswith("```mermaid\nflowchart TD")


def test_the_status_callbacks_of_dialed_numbers() -> None:
    """Each <Number>'s statusCallbackEvent is posted to its statusCallback; the one that
    answers first wins and the other is canceled."""
    events: list[dict[str, str]] = []
    app = flask.Flask("callbacks")
    checked = twilio_view(auth_token=TOKEN, public_url=PUBLIC)

    def both() -> VoiceResponse:
        every = ["initiated", "ringing", "answered", "completed"]
        return VoiceResponse(
            Dial(
                Number(FRIEND, status_callback="/events", status_callback_event=every),
                Number("+15558887777", status_callback="/events"),
                timeout=20,
            )
        )

    def record_event() -> str:
        events.append(dict(flask.request.form))
        return ""

    app.add_url_rule("/both", "both", checked(both), methods=["POST"])
    app.add_url_rule("/events", "events", checked(record_event), methods=["POST"])
    twilio = Twilio(app, auth_token=TOKEN, public_url=PUBLIC)
    twilio.phone_number(NUMBER, voice_url="/both")
    twilio.callee(FRIEND, answers_after=2, talks_for=30)
    twilio.callee("+15558887777", answers_after=5)
    call = twilio.call(from_="+15551234567", to=NUMBER)
    twilio.advance(40)
    first = [event for event in events if event["Direction"] == "outbound-dial" and event["SequenceNumber"]]
    assert [event["CallStatus"] for event in first] == ["initiated", "ringing", "in-progress", "canceled", "completed"]
    assert {event["ParentCallSid"] for event in first} == {call.sid}
    assert first[-1]["CallDuration"] == "30"


def test_a_wait_document_redirects_and_leaves() -> None:
    """A wait document's Redirect chain runs; <Leave> takes the caller out of the queue and
    the Enqueue action gets QueueResult=leave."""
    from twimlkit import Enqueue, Leave, Redirect

    app = flask.Flask("leaving")
    checked = twilio_view(auth_token=TOKEN, public_url=PUBLIC)
    views = {
        "in": lambda: VoiceResponse(Enqueue("line", wait_url="/hold", action="/after")),
        "hold": lambda: VoiceResponse(Say("Hold on."), Redirect("/more")),
        "more": lambda: VoiceResponse(Say("Nobody is free."), Leave()),
        "after": lambda: VoiceResponse(Say(f"Left: {CallRequest.from_form(flask.request.form).queue_result}.")),
    }
    for name, view in views.items():
        app.add_url_rule(f"/{name}", name, checked(view), methods=["POST"])
    twilio = Twilio(app, auth_token=TOKEN, public_url=PUBLIC)
    twilio.phone_number(NUMBER, voice_url="/in")
    call = twilio.call(from_="+15551234567", to=NUMBER)
    twilio.advance(10)
    assert call.transcript.said() == ["Hold on.", "Nobody is free.", "Left: leave."]
    assert twilio.queues["line"].size == 0
    assert [exchange.url.removeprefix(PUBLIC) for exchange in twilio.requests] == ["/in", "/hold", "/more", "/after"]


def test_each_key_starts_the_gather_timeout_again() -> None:
    from twimlkit import Gather

    app = flask.Flask("keys")
    checked = twilio_view(auth_token=TOKEN, public_url=PUBLIC)
    app.add_url_rule("/pin", "pin", checked(lambda: VoiceResponse(Gather(timeout=2, action="/got"))), methods=["POST"])
    got = lambda: VoiceResponse(Say(f"Got {CallRequest.from_form(flask.request.form).digits}."))  # noqa: E731
    app.add_url_rule("/got", "got", checked(got), methods=["POST"])
    twilio = Twilio(app, auth_token=TOKEN, public_url=PUBLIC)
    twilio.phone_number(NUMBER, voice_url="/pin")
    call = twilio.call(from_="+15551234567", to=NUMBER)
    twilio.advance(1.5)
    call.press("1")
    twilio.advance(1.5)
    call.press("2")
    twilio.advance(1.9)
    assert call.transcript.said() == []
    twilio.advance(0.1)  # 2 s after the last key
    assert call.transcript.said() == ["Got 12."]


def test_a_caller_hanging_up_in_a_bridge_runs_nothing_more_of_its_own(show: tuple[Twilio, Any]) -> None:
    twilio, _app = show
    caller = twilio.call(from_="+15550000001", to=NUMBER)
    twilio.advance(5)
    dj = twilio.client_call("dj", APP_SID, params={"role": "dj"})
    twilio.advance(10)
    assert twilio.queues[QUEUE].size == 0
    caller.hang_up()
    twilio.advance(5)
    after = [what for _at, what in caller.transcript][
        [what for _at, what in caller.transcript].index("caller hung up") :
    ]
    assert not [what for what in after if what.startswith("Say:")]
    assert not [exchange for exchange in twilio.requests if exchange.url.endswith("/left")]
    assert dj.status == "in-progress"  # the DJ goes on: the Redirect takes the next caller
    assert any(what.startswith("Say: No one is waiting") for _at, what in dj.transcript)


def test_an_agent_goes_on_when_the_caller_hangs_up_during_the_whisper(show: tuple[Twilio, Any]) -> None:
    twilio, _app = show
    caller = twilio.call(from_="+15550000001", to=NUMBER)
    twilio.advance(5)
    dj = twilio.client_call("dj", APP_SID, params={"role": "dj"})
    twilio.advance(3.7)  # the DJ hears who waits (3.6 s); the caller starts hearing the whisper
    assert any(what.startswith("Say: You are on the air now.") for _at, what in caller.transcript)
    caller.hang_up()
    twilio.advance(5)
    assert any(what == "Dial ended: canceled" for _at, what in dj.transcript)


def test_time_limit_ends_a_dial(dialing: Twilio) -> None:
    dialing.phone_number(NUMBER, voice_url="/limited")
    dialing.app.add_url_rule(  # type: ignore[union-attr]
        "/limited",
        "limited",
        twilio_view(auth_token=TOKEN, public_url=PUBLIC)(
            lambda: VoiceResponse(Dial(Number(FRIEND), time_limit=10, action="/after"))
        ),
        methods=["POST"],
    )
    call = dialing.call(from_="+15551234567", to=NUMBER)
    dialing.advance(11)
    assert call.transcript.said() == ["completed after 10 seconds."]
    assert dialing.requests[-1].params["DialCallSid"].startswith("CA")


def test_a_transcript_reads_as_text_and_snapshots_well(show: tuple[Twilio, Any], snapshot: Any) -> None:
    twilio, _app = show
    caller = twilio.call(from_="+15550000001", to=NUMBER)
    twilio.advance(12)
    dj = twilio.client_call("dj", APP_SID, params={"role": "dj"})
    twilio.advance(8)
    dj.press("*")
    twilio.advance(5)
    assert str(caller.transcript) == snapshot


def test_leaving_a_queue_by_hanging_up_or_by_the_rest_api_tells_the_enqueue_action(show: tuple[Twilio, Any]) -> None:
    twilio, _app = show
    first = twilio.call(from_="+15550000001", to=NUMBER)
    second = twilio.call(from_="+15550000002", to=NUMBER)
    twilio.advance(5)
    first.hang_up()
    twilio.rest_client().calls(second.sid).update(twiml="<Response><Say>Moved.</Say></Response>")
    left = [exchange for exchange in twilio.requests if exchange.url.endswith("/left")]
    assert [(exchange.call_sid, exchange.params["QueueResult"]) for exchange in left] == [
        (first.sid, "hangup"),
        (second.sid, "redirected"),
    ]
    assert "Thanks for being on the show. Goodbye." not in first.transcript.said()  # its answer is not run
    assert second.transcript.said()[-1] == "Moved."
    assert twilio.queues[QUEUE].size == 0


def test_a_dialed_number_reports_completed_when_the_caller_hangs_up() -> None:
    events: list[str] = []
    app = flask.Flask("hangup-callback")
    checked = twilio_view(auth_token=TOKEN, public_url=PUBLIC)
    dial = lambda: VoiceResponse(Dial(Number(FRIEND, status_callback="/events")))  # noqa: E731

    def record_event() -> str:
        events.append(flask.request.form["CallStatus"] + " " + flask.request.form.get("CallDuration", ""))
        return ""

    app.add_url_rule("/dial", "dial", checked(dial), methods=["POST"])
    app.add_url_rule("/events", "events", checked(record_event), methods=["POST"])
    twilio = Twilio(app, auth_token=TOKEN, public_url=PUBLIC)
    twilio.phone_number(NUMBER, voice_url="/dial")
    call = twilio.call(from_="+15551234567", to=NUMBER)
    twilio.advance(31)  # answered after 1 s, then 30 s of talk
    call.hang_up()
    assert events == ["completed 30"]


def test_the_fallback_request_says_what_failed() -> None:
    app = flask.Flask("failing")
    checked = twilio_view(auth_token=TOKEN, public_url=PUBLIC)
    app.add_url_rule("/broken", "broken", checked(lambda: flask.Response("<html>", status=200)), methods=["POST"])
    spare = lambda: VoiceResponse(Say(f"Error {flask.request.form['ErrorCode']} at {flask.request.form['ErrorUrl']}."))  # noqa: E731
    app.add_url_rule("/spare", "spare", checked(spare), methods=["POST"])
    twilio = Twilio(app, auth_token=TOKEN, public_url=PUBLIC)
    twilio.phone_number(NUMBER, voice_url="/broken", fallback_url="/spare")
    call = twilio.call(from_="+15551234567", to=NUMBER)
    assert call.transcript.said() == [f"Error 12100 at {PUBLIC}/broken."]
