"""twimlkit.sim against Twilio's rules of how a call runs, one test per rule: the defaults of
Gather, Record, Dial and Redirect, what each sends, where the call goes next; queues that do
not exist or are full; Gather in a wait document; verbs that break a rule, run as Twilio runs
them. Each test plays a call against a small Flask app that serves the documents it is given."""

from __future__ import annotations

from collections.abc import Callable
from email.utils import parsedate_to_datetime
from typing import Any

import flask
import pytest

from twimlkit import (
    Client,
    Conference,
    Dial,
    Echo,
    Enqueue,
    Gather,
    Hangup,
    Identity,
    Leave,
    Number,
    Parameter,
    Pause,
    Play,
    Queue,
    Record,
    Redirect,
    Reject,
    Say,
    Sip,
    Start,
    Stream,
    VoiceResponse,
)
from twimlkit.sim import Call, SimulationError, Twilio
from twimlkit.web.flask import twilio_view

TOKEN = "0123456789abcdef0123456789abcdef"
PUBLIC = "https://rules.example.org"
NUMBER = "+15550001111"
CALLER = "+15551234567"
FRIEND = "+15559990000"

Answer = VoiceResponse | str | Callable[[dict[str, str]], "VoiceResponse | str"]


def serving(documents: dict[str, Answer]) -> Twilio:
    """A simulator calling an app that answers each path with its document (or what a
    function of the request's parameters returns); the app checks every signature."""
    app = flask.Flask("rules")
    checked = twilio_view(auth_token=TOKEN, public_url=PUBLIC)

    def answer(path: str) -> Any:
        found = documents.get("/" + path)
        if found is None:
            return flask.Response("not found", status=404)
        form = dict(flask.request.args if flask.request.method == "GET" else flask.request.form)
        return found(form) if callable(found) else found

    app.add_url_rule("/<path:path>", "answer", checked(answer), methods=["GET", "POST"])
    return Twilio(app, auth_token=TOKEN, public_url=PUBLIC)


def calling(
    documents: dict[str, Answer], start: str = "/start", callees: dict[str, dict[str, Any]] | None = None
) -> tuple[Twilio, Call]:
    """A call to a number whose voice URL is ``start``; ``callees``: how dialed parties behave."""
    twilio = serving(documents)
    for target, behaviour in (callees or {}).items():
        twilio.callee(target, **behaviour)
    twilio.phone_number(NUMBER, voice_url=start)
    return twilio, twilio.call(from_=CALLER, to=NUMBER)


def asked(twilio: Twilio) -> list[str]:
    """Each request as METHOD /path (query left out)."""
    return [f"{exchange.method} {exchange.url.removeprefix(PUBLIC).split('?')[0]}" for exchange in twilio.requests]


def said(form: dict[str, str], *names: str) -> VoiceResponse:
    """A document that says the parameters ``names`` were sent with."""
    return VoiceResponse(Say(" ".join(f"{name}={form.get(name, '-')}" for name in names)))


# -- Gather ---------------------------------------------------------------------------------------


def test_gather_without_action_posts_to_the_current_document() -> None:
    def menu(form: dict[str, str]) -> VoiceResponse:
        if "Digits" in form:
            return said(form, "Digits")
        return VoiceResponse(Gather(Say("Press a key."), num_digits=1), Say("Unreachable once pressed."))

    twilio, call = calling({"/start": menu})
    call.press("7")
    assert asked(twilio) == ["POST /start", "POST /start"]
    assert call.transcript.said() == ["Press a key.", "Digits=7"]


def test_gather_times_out_after_five_seconds_by_default_and_falls_through() -> None:
    twilio, call = calling({"/start": VoiceResponse(Gather(), Say("Fell through."))})
    twilio.advance(4.9)
    assert call.transcript.said() == []
    twilio.advance(0.1)
    assert call.transcript.said() == ["Fell through."]
    assert asked(twilio) == ["POST /start"]  # no input: no action request
    twilio.advance(1)
    assert call.status == "completed"  # nothing after the Say: the call ends


def test_gather_method_get_signs_the_digits_into_the_query() -> None:
    doc = VoiceResponse(Gather(num_digits=2, action="/got", method="GET"))
    twilio, call = calling({"/start": doc, "/got": lambda form: said(form, "Digits")})
    call.press("42")
    assert asked(twilio) == ["POST /start", "GET /got"]
    assert "Digits=42" in twilio.requests[-1].url
    assert call.transcript.said() == ["Digits=42"]


def test_num_digits_and_a_finish_key_whichever_comes_first() -> None:
    doc = VoiceResponse(Gather(num_digits=4, action="/got"))
    twilio, call = calling({"/start": doc, "/got": lambda form: said(form, "Digits")})
    call.press("12#")
    assert call.transcript.said() == ["Digits=12"]
    assert asked(twilio) == ["POST /start", "POST /got"]  # at the #, not after a timeout


def test_an_empty_finish_key_makes_hash_a_digit() -> None:
    doc = VoiceResponse(Gather(num_digits=3, finish_on_key="", action="/got"))
    twilio, call = calling({"/start": doc, "/got": lambda form: said(form, "Digits")})
    call.press("1#2")
    assert call.transcript.said() == ["Digits=1#2"]
    assert twilio.requests[-1].params["Digits"] == "1#2"


def test_the_first_key_stops_the_prompts_and_nested_pauses() -> None:
    doc = VoiceResponse(
        Gather(Say("Welcome to the line."), Pause(length=5), Play("https://example.org/menu.mp3"), action="/got"),
        Say("Unreachable once pressed."),
    )
    twilio, call = calling({"/start": doc, "/got": lambda form: said(form, "Digits")})
    twilio.advance(3)  # the Say (2 s) is over; the Pause runs
    call.press("5")
    twilio.advance(5)  # the Gather's timeout after the key
    heard = [what for _at, what in call.transcript]
    assert "Pause 5s" in heard
    assert not any(what.startswith("Play") for what in heard)
    assert call.transcript.said()[-1] == "Digits=5"


def test_speech_and_dtmf_together_take_whichever_comes() -> None:
    doc = VoiceResponse(Gather(Say("Say or press."), input=["dtmf", "speech"], action="/got"))
    got = {"/got": lambda form: said(form, "Digits", "SpeechResult", "Confidence")}
    twilio, call = calling({"/start": doc, **got})
    call.say("sales", confidence=0.75)
    assert call.transcript.said()[-1] == "Digits=- SpeechResult=sales Confidence=0.75"
    twilio, call = calling({"/start": doc, **got})
    call.press("3")
    twilio.advance(5)
    assert call.transcript.said()[-1] == "Digits=3 SpeechResult=- Confidence=-"


def test_keys_with_no_gather_listening_are_dropped() -> None:
    twilio, call = calling({"/start": VoiceResponse(Say("Just listen to this message."), Gather(action="/got"))})
    call.press("9")  # during the Say: no Gather listens yet
    twilio.advance(10)
    assert asked(twilio) == ["POST /start"]


# -- Record ---------------------------------------------------------------------------------------


def test_record_posts_to_the_current_document_with_its_sid_and_the_key() -> None:
    def message(form: dict[str, str]) -> VoiceResponse:
        if "RecordingUrl" in form:
            return said(form, "RecordingDuration", "Digits")
        return VoiceResponse(Record(play_beep=False))

    twilio, call = calling({"/start": message})
    call.record(12, "*")
    twilio.advance(12)
    assert asked(twilio) == ["POST /start", "POST /start"]
    assert call.transcript.said() == ["RecordingDuration=12 Digits=*"]
    form = twilio.requests[-1].params
    assert form["RecordingSid"].startswith("RE")
    assert form["RecordingUrl"].endswith("/Recordings/" + form["RecordingSid"])
    assert "beep" not in [what for _at, what in call.transcript]


def test_a_key_that_is_not_a_finish_key_does_not_end_the_recording() -> None:
    doc = VoiceResponse(Record(finish_on_key="#", timeout=3, action="/done"))
    twilio, call = calling({"/start": doc, "/done": lambda form: said(form, "RecordingDuration", "Digits")})
    call.record(4, "5")
    twilio.advance(6.9)  # 4 s of speech, then 3 s of silence end it
    assert call.transcript.said() == []
    twilio.advance(0.1)
    assert call.transcript.said() == ["RecordingDuration=4 Digits="]


# -- Redirect -------------------------------------------------------------------------------------


def test_redirect_posts_by_default_and_resolves_relative_urls() -> None:
    documents: dict[str, Answer] = {
        "/start": VoiceResponse(Redirect("menus/main")),
        "/menus/main": VoiceResponse(Redirect("../end", method="GET")),
        "/end": VoiceResponse(Say("The end.")),
    }
    twilio, call = calling(documents)
    assert asked(twilio) == ["POST /start", "POST /menus/main", "GET /end"]
    assert call.transcript.said() == ["The end."]


def test_an_empty_redirect_runs_the_current_document_again() -> None:
    visits: list[str] = []

    def again(form: dict[str, str]) -> VoiceResponse:
        visits.append(form["CallSid"])
        return VoiceResponse(Say("Once more.")) if len(visits) > 1 else VoiceResponse(Redirect(""))

    twilio, call = calling({"/start": again})
    assert asked(twilio) == ["POST /start", "POST /start"]
    assert call.transcript.said() == ["Once more."]


def test_the_document_limit_stops_loops_that_take_no_time() -> None:
    """A loop that spends time (a hold loop) runs as long as the test lets it; one that takes
    none would never end, and stops at max_documents documents, with the call failed."""
    twilio = serving({"/hold": VoiceResponse(Pause(), Redirect("/hold")), "/spin": VoiceResponse(Redirect("/spin"))})
    twilio.max_documents = 3
    twilio.phone_number(NUMBER, voice_url="/hold")
    holding = twilio.call(from_=CALLER, to=NUMBER)
    twilio.advance(3600)
    assert len(twilio.requests) == 3601
    assert holding.status == "in-progress"
    twilio.phone_number("+15550002222", voice_url="/spin")
    with pytest.raises(SimulationError, match=r"asked for 3 documents at 3600s without any time passing"):
        twilio.call(from_=CALLER, to="+15550002222")
    spinning = twilio.calls[-1]
    assert spinning.status == "failed"
    assert asked(twilio)[-3:] == ["POST /spin"] * 3


# -- Dial -----------------------------------------------------------------------------------------


def test_dial_rings_thirty_seconds_by_default() -> None:
    doc = VoiceResponse(Dial(FRIEND, action="/after"), Say("Unreachable with an action."))
    after = {"/after": lambda form: said(form, "DialCallStatus", "DialBridged")}
    twilio, call = calling({"/start": doc, **after}, callees={FRIEND: {"answers_after": None}})
    twilio.advance(29.9)
    assert call.transcript.said() == []
    twilio.advance(0.1)
    assert call.transcript.said() == ["DialCallStatus=no-answer DialBridged=false"]


def test_dial_without_action_goes_on_and_the_call_ends_after_the_last_verb() -> None:
    doc = VoiceResponse(Dial(Number(FRIEND)), Say("After the call."))
    twilio, call = calling({"/start": doc}, callees={FRIEND: {"answers_after": 2, "talks_for": 10}})
    twilio.advance(14)
    assert call.transcript.said() == ["After the call."]
    assert call.status == "completed"
    assert asked(twilio) == ["POST /start"]


def test_the_first_of_several_clients_to_answer_wins() -> None:
    doc = VoiceResponse(Dial(Client("alice"), Client("bob"), action="/after", timeout=20))
    after = {"/after": lambda form: said(form, "DialCallStatus", "DialCallDuration")}
    callees = {"client:alice": {"answers_after": 6}, "client:bob": {"answers_after": 2, "talks_for": 30}}
    twilio, call = calling({"/start": doc, **after}, callees=callees)
    twilio.advance(40)
    heard = [what for _at, what in call.transcript]
    assert "Dial client:alice, client:bob" in heard
    assert call.transcript.said() == ["DialCallStatus=completed DialCallDuration=30"]


def test_a_sip_address_is_dialed_like_a_number() -> None:
    doc = VoiceResponse(Dial(Sip("sip:desk@pbx.example.org"), action="/after"))
    after = {"/after": lambda form: said(form, "DialCallStatus")}
    twilio, call = calling({"/start": doc, **after}, callees={"sip:desk@pbx.example.org": {"busy": True}})
    assert call.transcript.said() == ["DialCallStatus=busy"]
    assert asked(twilio) == ["POST /start", "POST /after"]


def test_status_callback_timestamps_are_dates_on_the_fake_clock() -> None:
    events: list[dict[str, str]] = []

    def event(form: dict[str, str]) -> str:
        events.append(form)
        return ""

    doc = VoiceResponse(Dial(Number(FRIEND, status_callback="/event", status_callback_event=["answered"])))
    twilio, _call = calling({"/start": doc, "/event": event}, callees={FRIEND: {"answers_after": 4}})
    twilio.advance(5)
    [answered] = events
    assert answered["CallStatus"] == "in-progress"
    assert answered["Timestamp"] == "Mon, 05 Jan 2026 09:00:04 +0000"  # RFC 2822, as Twilio writes it
    assert (parsedate_to_datetime(answered["Timestamp"]) - twilio.start).total_seconds() == 4
    assert twilio.clock == parsedate_to_datetime("Mon, 05 Jan 2026 09:00:05 +0000")


# -- queues ---------------------------------------------------------------------------------------


def test_dialing_a_queue_that_does_not_exist_posts_failed_to_the_action() -> None:
    doc = VoiceResponse(Dial(Queue("nobody"), action="/after"))
    twilio, call = calling({"/start": doc, "/after": lambda form: said(form, "DialCallStatus")})
    assert call.transcript.said() == ["DialCallStatus=failed"]
    assert "nobody" not in twilio.queues


def test_an_empty_queue_keeps_the_agent_until_the_dial_timeout() -> None:
    agent_doc = VoiceResponse(Dial(Queue("line"), timeout=10), Say("Nobody came."))
    twilio = serving({"/agent": agent_doc})
    twilio.queue("line")
    twilio.phone_number(NUMBER, voice_url="/agent")
    agent = twilio.call(from_=CALLER, to=NUMBER)
    twilio.advance(9.9)
    assert agent.transcript.said() == []
    twilio.advance(0.1)
    assert agent.transcript.said() == ["Nobody came."]


def test_an_agent_waiting_on_an_empty_queue_takes_the_next_caller() -> None:
    documents: dict[str, Answer] = {
        "/agent": VoiceResponse(
            Dial(Queue("line", url="/whisper"), action="/agent-after", timeout=30, hangup_on_star=True)
        ),
        "/agent-after": lambda form: said(form, "DialCallStatus", "QueueSid", "QueueTime"),
        "/caller": VoiceResponse(Enqueue("line", wait_url="/hold")),
        "/hold": VoiceResponse(Play("https://example.org/music.mp3")),
        "/whisper": VoiceResponse(Say("Connecting you."), Redirect("/whisper-2")),
        "/whisper-2": VoiceResponse(Say("Now.")),
    }
    twilio = serving(documents)
    queue = twilio.queue("line")
    twilio.phone_number(NUMBER, voice_url="/agent")
    twilio.phone_number("+15550002222", voice_url="/caller")
    agent = twilio.call(from_=FRIEND, to=NUMBER)
    twilio.advance(5)
    caller = twilio.call(from_=CALLER, to="+15550002222")
    twilio.advance(3)
    assert caller.transcript.said() == ["Connecting you.", "Now."]
    assert any(what.startswith("bridged with ") for _at, what in agent.transcript)
    twilio.advance(7)
    agent.press("*")
    # Dequeued as it joined (the agent was waiting): no time in the queue, the whisper aside.
    assert agent.transcript.said() == [f"DialCallStatus=completed QueueSid={queue.sid} QueueTime=0"]


def test_enqueue_without_action_goes_on_after_leave() -> None:
    documents: dict[str, Answer] = {
        "/start": VoiceResponse(Enqueue("line", wait_url="/hold"), Say("Try again tomorrow.")),
        "/hold": VoiceResponse(Say("We are closed."), Leave()),
    }
    twilio, call = calling(documents)
    twilio.advance(5)
    assert call.transcript.said() == ["We are closed.", "Try again tomorrow."]
    assert asked(twilio) == ["POST /start", "POST /hold"]


def test_the_wait_url_may_be_asked_for_with_get() -> None:
    documents: dict[str, Answer] = {
        "/start": VoiceResponse(Enqueue("line", wait_url="/hold", wait_url_method="GET")),
        "/hold": lambda form: VoiceResponse(
            Say(f"Number {form['QueuePosition']} of {form['CurrentQueueSize']}."), Pause(length=20)
        ),
    }
    twilio, call = calling(documents)
    twilio.advance(30)
    assert asked(twilio) == ["POST /start", "GET /hold", "GET /hold"]
    assert call.transcript.said() == ["Number 1 of 1.", "Number 1 of 1."]


def test_a_full_queue_turns_the_caller_away() -> None:
    documents: dict[str, Answer] = {
        "/start": VoiceResponse(Enqueue("line", wait_url="/hold", action="/full")),
        "/hold": VoiceResponse(Pause(length=60)),
        "/full": lambda form: said(form, "QueueResult"),
    }
    twilio = serving(documents)
    twilio.queue("line", max_size=1)
    twilio.phone_number(NUMBER, voice_url="/start")
    first = twilio.call(from_=CALLER, to=NUMBER)
    second = twilio.call(from_=FRIEND, to=NUMBER)
    assert first.transcript.said() == []
    assert second.transcript.said() == ["QueueResult=queue-full"]
    assert twilio.queues["line"].size == 1
    with pytest.raises(ValueError, match="max_size is a whole number from 1 to 5000"):
        twilio.queue("line", max_size=0)


def test_a_gather_in_the_wait_document_can_take_the_caller_out() -> None:
    documents: dict[str, Answer] = {
        "/start": VoiceResponse(Enqueue("line", wait_url="/hold", action="/after")),
        "/hold": VoiceResponse(Gather(Say("Press 1 to leave a message."), num_digits=1, action="/choice")),
        "/choice": lambda form: VoiceResponse(Say(f"You pressed {form['Digits']}."), Leave()),
        "/after": lambda form: said(form, "QueueResult"),
    }
    twilio, call = calling(documents)
    twilio.advance(8)  # no key: the Gather times out, the wait document ends and is asked for again
    assert asked(twilio) == ["POST /start", "POST /hold", "POST /hold"]
    call.press("1")
    twilio.advance(2)  # "You pressed 1.", then <Leave>
    assert call.transcript.said()[-2:] == ["You pressed 1.", "QueueResult=leave"]
    assert twilio.requests[-2].params["QueuePosition"] == "1"  # the action came from the queue
    assert twilio.queues["line"].size == 0


def test_an_agent_taking_the_caller_ends_a_gather_in_the_wait_document() -> None:
    documents: dict[str, Answer] = {
        "/caller": VoiceResponse(Enqueue("line", wait_url="/hold")),
        "/hold": VoiceResponse(Gather(Say("Press 1 to leave a message."), timeout=30, action="/choice")),
        "/agent": VoiceResponse(Dial(Queue("line"), hangup_on_star=True), Say("Back.")),
    }
    twilio = serving(documents)
    twilio.phone_number(NUMBER, voice_url="/caller")
    twilio.phone_number("+15550002222", voice_url="/agent")
    caller = twilio.call(from_=CALLER, to=NUMBER)
    twilio.advance(10)  # the caller's Gather is waiting
    agent = twilio.call(from_=FRIEND, to="+15550002222")
    assert any(what.startswith("bridged with " + caller.sid) for _at, what in agent.transcript)
    caller.press("1")  # in the bridge now: no Gather listens
    agent.press("*")
    assert "POST /choice" not in asked(twilio)
    assert agent.transcript.said() == ["Back."]


def test_queues_are_made_and_sized_through_the_rest_api() -> None:
    twilio = serving({})
    client = twilio.rest_client()
    made = client.queues.create(friendly_name="line", max_size=2)
    assert (made.friendly_name, made.max_size, made.current_size) == ("line", 2, 0)
    assert twilio.queues["line"].max_size == 2
    client.queues(made.sid).update(max_size=50)
    assert client.queues(made.sid).fetch().max_size == 50
    with pytest.raises(Exception, match="already exists"):
        client.queues.create(friendly_name="line")


# -- verbs that break a rule, and the other verbs ----------------------------------------------------


def test_a_verb_that_breaks_a_rule_runs_as_twilio_runs_it() -> None:
    broken = (
        '<Response><Say voice="robot" loop="2">Hello.</Say><Bogus/>'
        '<Gather numDigits="one" timeout="2" action="/got"><Say colour="red">Press.</Say></Gather>'
        "<Say>Fell through.</Say></Response>"
    )
    twilio, call = calling({"/start": broken, "/got": lambda form: said(form, "Digits")})
    twilio.advance(10)
    heard = [what for _at, what in call.transcript]
    assert heard[:3] == ["Say: Hello.", "Say: Hello.", "skipped <Bogus> (see twilio.warnings)"]
    assert call.transcript.said()[2:] == ["Press.", "Fell through."]
    warned = " ".join(warning for _sid, _url, warning in twilio.warnings)
    assert "13511" in warned  # the voice
    assert "13314" in warned  # numDigits
    assert "<Bogus>" in warned


def test_echo_waits_for_the_caller_and_start_goes_on_at_once() -> None:
    doc = VoiceResponse(Start(Stream(url="wss://media.example.org/s")), Say("Recording on."), Echo(), Say("Never."))
    twilio, call = calling({"/start": doc})
    twilio.advance(600)
    assert call.status == "in-progress"
    assert call.transcript.said() == ["Recording on."]
    assert "Start <Stream> (not simulated)" in [what for _at, what in call.transcript]
    call.hang_up()
    assert call.status == "completed"


def test_hangup_ends_the_call_and_nothing_after_it_runs() -> None:
    twilio, call = calling({"/start": VoiceResponse(Say("Bye."), Hangup(), Say("Never."))})
    twilio.advance(1)
    assert call.transcript.said() == ["Bye."]
    assert call.status == "completed"
    with pytest.raises(SimulationError, match="has ended"):
        call.press("1")


def test_a_client_call_has_no_to_and_names_its_application() -> None:
    twilio = serving({"/voice": lambda form: said(form, "From", "To", "Called", "ApplicationSid", "CallStatus")})
    twilio.application("AP" + "1" * 32, voice_url="/voice")
    call = twilio.client_call("dj", "AP" + "1" * 32)
    assert call.transcript.said() == [f"From=client:dj To= Called= ApplicationSid=AP{'1' * 32} CallStatus=ringing"]


# -- conferences ----------------------------------------------------------------------------------


def conference_app(events: list[dict[str, str]]) -> Twilio:
    def record(form: dict[str, str]) -> str:
        events.append(form)
        return ""

    every = ["start", "end", "join", "leave"]
    documents: dict[str, Answer] = {
        "/host": VoiceResponse(
            Dial(
                Conference(
                    "standup", end_conference_on_exit=True, status_callback="/events", status_callback_event=every
                ),
                hangup_on_star=True,
                action="/after",
            )
        ),
        "/guest": VoiceResponse(
            Dial(Conference("standup", start_conference_on_enter=False, wait_url="/music")), Say("The call is over.")
        ),
        "/music": VoiceResponse(Say("Waiting for the host."), Play("https://example.org/music.mp3")),
        "/after": lambda form: said(form, "DialCallStatus", "DialCallSid", "DialCallDuration"),
        "/events": record,
    }
    twilio = serving(documents)
    twilio.phone_number(NUMBER, voice_url="/guest")
    twilio.phone_number("+15550002222", voice_url="/host")
    return twilio


def test_a_conference_waits_for_its_moderator_and_ends_with_them() -> None:
    events: list[dict[str, str]] = []
    twilio = conference_app(events)
    guest = twilio.call(from_=CALLER, to=NUMBER)
    twilio.advance(15)  # the wait URL (6.6 s), asked for again each time it runs out
    assert guest.transcript.said() == ["Waiting for the host."] * 3
    assert twilio.conferences["standup"].started is False
    host = twilio.call(from_=FRIEND, to="+15550002222")
    room = twilio.conferences["standup"]
    assert room.started
    assert room.size == 2
    twilio.advance(30)
    assert guest.transcript.said()[-1] == "Waiting for the host."  # the music stopped when it started
    host.press("*")  # the host leaves, and ends the conference on exit
    twilio.advance(2)
    assert host.transcript.said() == ["DialCallStatus=answered DialCallSid=- DialCallDuration=-"]
    assert guest.transcript.said()[-1] == "The call is over."
    assert room.ended
    assert [event["StatusCallbackEvent"] for event in events] == [
        "participant-join",
        "conference-start",
        "participant-leave",
        "conference-end",
        "participant-leave",  # the guest, as the conference ends
    ]
    assert events[0]["CallSid"] == host.sid
    assert {event["ConferenceSid"] for event in events} == {room.sid}


def test_a_conference_of_one_does_not_start_and_the_last_to_leave_ends_it() -> None:
    twilio = serving({"/room": VoiceResponse(Dial(Conference("solo", wait_url="")), Say("Left."))})
    twilio.phone_number(NUMBER, voice_url="/room")
    alone = twilio.call(from_=CALLER, to=NUMBER)
    twilio.advance(60)
    room = twilio.conferences["solo"]
    assert not room.started
    assert "silence" in [what for _at, what in alone.transcript]
    alone.hang_up()
    assert room.ended
    assert room.size == 0


# -- more of each verb's rules ----------------------------------------------------------------------


def test_an_outbound_call_is_in_progress_from_its_first_request() -> None:
    twilio = serving({"/out": lambda form: said(form, "Direction", "CallStatus", "To", "ToCountry")})
    call = twilio.rest_client().calls.create(to=FRIEND, from_=NUMBER, url=PUBLIC + "/out")
    [placed] = twilio.calls
    assert placed.sid == call.sid
    assert placed.transcript.said() == [f"Direction=outbound-api CallStatus=in-progress To={FRIEND} ToCountry="]


def test_a_client_call_is_from_and_by_its_identity() -> None:
    twilio = serving({"/voice": lambda form: said(form, "From", "Caller")})
    twilio.application("AP" + "1" * 32, voice_url="/voice")
    call = twilio.client_call("dj", "AP" + "1" * 32)
    assert call.transcript.said() == ["From=client:dj Caller=client:dj"]


def test_a_default_gather_listens_for_keys_only() -> None:
    twilio, call = calling({"/start": VoiceResponse(Gather(action="/got"), Say("Nothing."))})
    call.say("sales")
    twilio.advance(6)
    assert asked(twilio) == ["POST /start"]
    assert call.transcript.said() == ["Nothing."]


def test_a_nested_play_takes_its_time() -> None:
    doc = VoiceResponse(Gather(Play("https://example.org/menu.mp3"), timeout=1), Say("After."))
    twilio, call = calling({"/start": doc})
    twilio.advance(5.9)  # a Play takes play_seconds (5), then the 1 s timeout
    assert call.transcript.said() == []
    twilio.advance(0.1)
    assert call.transcript.said() == ["After."]
    assert "Play: https://example.org/menu.mp3" in [what for _at, what in call.transcript]


def test_dial_call_sid_is_the_answering_legs_call_sid() -> None:
    events: list[dict[str, str]] = []

    def event(form: dict[str, str]) -> str:
        events.append(form)
        return ""

    doc = VoiceResponse(
        Dial(Number(FRIEND, status_callback="/event", status_callback_event=["answered"]), action="/after")
    )
    documents: dict[str, Answer] = {"/start": doc, "/event": event, "/after": lambda form: said(form, "DialCallSid")}
    twilio, call = calling(documents, callees={FRIEND: {"answers_after": 1, "talks_for": 5}})
    twilio.advance(7)
    [answered] = events
    assert call.transcript.said() == [f"DialCallSid={answered['CallSid']}"]
    assert answered["CallSid"] != call.sid


def test_dial_talks_up_to_four_hours_by_default() -> None:
    doc = VoiceResponse(Dial(FRIEND, action="/after"))
    after = {"/after": lambda form: said(form, "DialCallDuration")}
    twilio, call = calling({"/start": doc, **after}, callees={FRIEND: {"answers_after": 1}})
    twilio.advance(14400)
    assert call.transcript.said() == []
    twilio.advance(1)
    assert call.transcript.said() == ["DialCallDuration=14400"]


def test_a_client_named_by_its_identity_is_dialed() -> None:
    doc = VoiceResponse(Dial(Client(Identity("alice"), Parameter(name="ticket", value="42")), action="/after"))
    after = {"/after": lambda form: said(form, "DialCallStatus")}
    twilio, call = calling({"/start": doc, **after}, callees={"client:alice": {"busy": True}})
    assert "Dial client:alice" in [what for _at, what in call.transcript]
    assert call.transcript.said() == ["DialCallStatus=busy"]
    assert asked(twilio) == ["POST /start", "POST /after"]


def test_record_defaults_any_key_ends_it_with_a_beep_within_an_hour() -> None:
    doc = VoiceResponse(Record(action="/done"), Say("Unreachable."))
    done = {"/done": lambda form: said(form, "RecordingDuration", "Digits")}
    twilio, call = calling({"/start": doc, **done})
    call.record(3, "5")
    twilio.advance(3)
    assert [what for _at, what in call.transcript] == [
        "beep",
        "Record waits",
        "spoke for 3s",
        "recorded 3s",
        "Say: RecordingDuration=3 Digits=5",
    ]
    twilio, call = calling({"/start": doc, **done})
    call.record(4000)
    twilio.advance(3600)
    assert call.transcript.said() == ["RecordingDuration=3600 Digits="]


# -- more of the queue's rules ------------------------------------------------------------------------


def queue_and_agent(documents: dict[str, Answer]) -> tuple[Twilio, Call, Call]:
    """A caller (to /caller) waiting in "line", then an agent (to /agent) who takes them."""
    twilio = serving(documents)
    twilio.phone_number(NUMBER, voice_url="/caller")
    twilio.phone_number("+15550002222", voice_url="/agent")
    caller = twilio.call(from_=CALLER, to=NUMBER)
    twilio.advance(10)
    agent = twilio.call(from_=FRIEND, to="+15550002222")
    return twilio, caller, agent


def test_the_whisper_gets_the_queue_figures_and_plays_what_it_may() -> None:
    documents: dict[str, Answer] = {
        "/caller": VoiceResponse(Enqueue("line", wait_url="/hold")),
        "/hold": VoiceResponse(Pause(length=60)),
        "/agent": VoiceResponse(Dial(Queue("line", url="/whisper"))),
        "/whisper": lambda form: VoiceResponse(
            Say(f"Taken by {form['DequeingCallSid']} after {form['QueueTime']} seconds."),
            Play("https://example.org/chime.mp3"),
            Pause(length=1),
            Gather(),
        ),
    }
    twilio, caller, agent = queue_and_agent(documents)
    twilio.advance(10)
    [whisper] = [exchange for exchange in twilio.requests if exchange.url.endswith("/whisper")]
    assert whisper.params["CallSid"] == caller.sid
    assert whisper.params["QueueSid"] == twilio.queues["line"].sid
    assert caller.transcript.said() == [f"Taken by {agent.sid} after 10 seconds."]
    heard = [what for _at, what in caller.transcript]
    assert heard[heard.index("Play: https://example.org/chime.mp3") + 1 :][:2] == [
        "Pause 1s",
        "skipped <Gather> (not for a <Queue url> document)",
    ]
    assert any("not allowed in a <Queue url> document" in warning for _sid, _url, warning in twilio.warnings)
    assert any(what.startswith("bridged with " + caller.sid) for _at, what in agent.transcript)


def test_a_bridge_from_a_queue_ends_at_the_time_limit_and_queue_time_is_the_wait() -> None:
    documents: dict[str, Answer] = {
        "/caller": VoiceResponse(Enqueue("line", wait_url="/hold", action="/left")),
        "/hold": VoiceResponse(Pause(length=60)),
        "/left": lambda form: said(form, "QueueResult", "QueueSid", "QueueTime"),
        "/agent": VoiceResponse(Dial(Queue("line"), time_limit=30, action="/after")),
        "/after": lambda form: said(form, "DialCallStatus", "DialCallSid", "DialCallDuration", "QueueTime"),
    }
    twilio, caller, agent = queue_and_agent(documents)
    twilio.advance(29.9)
    assert caller.transcript.said() == []
    twilio.advance(0.1)
    sid = twilio.queues["line"].sid
    assert caller.transcript.said() == [f"QueueResult=bridged QueueSid={sid} QueueTime=10"]
    assert agent.transcript.said() == [
        f"DialCallStatus=completed DialCallSid={caller.sid} DialCallDuration=30 QueueTime=10"
    ]


def test_only_the_agents_star_ends_a_bridge_from_a_queue() -> None:
    documents: dict[str, Answer] = {
        "/caller": VoiceResponse(Enqueue("line", wait_url="/hold")),
        "/hold": VoiceResponse(Pause(length=60)),
        "/agent": VoiceResponse(Dial(Queue("line"), hangup_on_star=True), Say("Next.")),
    }
    twilio, caller, agent = queue_and_agent(documents)
    caller.press("*")  # the dequeued caller: Twilio drops it
    twilio.advance(60)
    assert agent.transcript.said() == []
    agent.press("*")
    assert agent.transcript.said() == ["Next."]


def test_an_agent_goes_on_with_canceled_when_the_caller_hangs_up_in_the_whisper() -> None:
    documents: dict[str, Answer] = {
        "/caller": VoiceResponse(Enqueue("line", wait_url="/hold")),
        "/hold": VoiceResponse(Pause(length=60)),
        "/agent": VoiceResponse(Dial(Queue("line", url="/whisper"), action="/after")),
        "/whisper": VoiceResponse(Say("You are about to be connected to the team.")),
        "/after": lambda form: said(form, "DialCallStatus"),
    }
    twilio, caller, agent = queue_and_agent(documents)
    caller.hang_up()
    assert agent.transcript.said() == ["DialCallStatus=canceled"]
    assert "POST /after" in asked(twilio)


def test_without_a_wait_url_the_caller_hears_hold_music_and_with_an_empty_one_silence() -> None:
    for wait_url, heard in ((None, "hold music"), ("", "silence")):
        twilio, call = calling({"/start": VoiceResponse(Enqueue("line", wait_url=wait_url))})
        twilio.advance(120)
        assert [what for _at, what in call.transcript] == ["Enqueue line", heard]
        assert asked(twilio) == ["POST /start"]


def test_a_wait_documents_redirects_come_back_to_the_wait_url() -> None:
    documents: dict[str, Answer] = {
        "/start": VoiceResponse(Enqueue("line", wait_url="/hold")),
        "/hold": VoiceResponse(Say("Hold on."), Redirect("/more")),
        "/more": VoiceResponse(Say("Still busy.")),
    }
    twilio, _call = calling(documents)
    twilio.advance(3.5)  # each document's Say takes a second
    assert asked(twilio) == ["POST /start", "POST /hold", "POST /more", "POST /hold", "POST /more"]


def test_hangup_in_a_wait_document_ends_the_call_and_other_verbs_are_skipped() -> None:
    documents: dict[str, Answer] = {
        "/start": VoiceResponse(Enqueue("line", wait_url="/hold", action="/left")),
        "/hold": VoiceResponse(Dial(FRIEND), Say("We are closing."), Hangup()),
        "/left": lambda form: said(form, "QueueResult"),
    }
    twilio, call = calling(documents)
    twilio.advance(5)
    assert [what for _at, what in call.transcript][1:3] == [
        "skipped <Dial> (not for a wait document)",
        "Say: We are closing.",
    ]
    assert call.status == "completed"
    assert twilio.queues["line"].size == 0
    assert any("<Dial> is not allowed in a wait document" in warning for _sid, _url, warning in twilio.warnings)
    left = [exchange.params["QueueResult"] for exchange in twilio.requests if exchange.url.endswith("/left")]
    assert left == ["hangup"]  # as when the caller hangs up


def test_a_speech_gather_in_a_wait_document() -> None:
    documents: dict[str, Answer] = {
        "/start": VoiceResponse(Enqueue("line", wait_url="/hold"), Say("Goodbye.")),
        "/hold": VoiceResponse(Gather(Say("Say voicemail to leave a message."), input=["speech"], action="/heard")),
        "/heard": lambda form: VoiceResponse(Say(f"Heard {form['SpeechResult']}."), Leave()),
    }
    twilio, call = calling(documents)
    twilio.advance(1)
    call.say("voicemail")
    twilio.advance(5)
    assert call.transcript.said()[-2:] == ["Heard voicemail.", "Goodbye."]


def test_the_wait_url_gets_every_figure() -> None:
    documents: dict[str, Answer] = {
        "/start": VoiceResponse(Enqueue("line", wait_url="/hold")),
        "/hold": VoiceResponse(Pause(length=30)),
    }
    twilio = serving(documents)
    twilio.phone_number(NUMBER, voice_url="/start")
    first = twilio.call(from_=CALLER, to=NUMBER)
    twilio.advance(20)
    twilio.call(from_=FRIEND, to=NUMBER)
    twilio.advance(10)  # the first caller's wait document is asked for again
    figures = [exchange.params for exchange in twilio.requests if exchange.call_sid == first.sid][-1]
    assert {name: figures[name] for name in ("QueuePosition", "QueueTime", "AvgQueueTime", "CurrentQueueSize")} == {
        "QueuePosition": "1",
        "QueueTime": "30",
        "AvgQueueTime": "20",  # (30 + 10) / 2
        "CurrentQueueSize": "2",
    }
    assert (figures["QueueSid"], figures["MaxQueueSize"]) == (twilio.queues["line"].sid, "1000")


def test_wait_url_loops_do_not_count_against_the_document_limit() -> None:
    twilio = serving({"/start": VoiceResponse(Enqueue("line", wait_url="/hold")), "/hold": VoiceResponse(Pause())})
    twilio.max_documents = 3
    twilio.phone_number(NUMBER, voice_url="/start")
    call = twilio.call(from_=CALLER, to=NUMBER)
    twilio.advance(19.5)  # a document of a 1 s pause, asked for each second
    assert asked(twilio).count("POST /hold") == 20
    assert call.status == "in-progress"


def test_an_agent_on_an_empty_queue_waits_thirty_seconds_then_goes_on() -> None:
    twilio = serving({"/agent": VoiceResponse(Dial(Queue("line")), Redirect("/agent"))})
    twilio.queue("line")
    twilio.phone_number(NUMBER, voice_url="/agent")
    twilio.call(from_=CALLER, to=NUMBER)
    twilio.advance(29.9)
    assert asked(twilio) == ["POST /agent"]
    twilio.advance(0.1)
    assert asked(twilio) == ["POST /agent", "POST /agent"]


# -- HTTP as Twilio speaks it -------------------------------------------------------------------------


def test_a_call_keeps_its_cookies_and_another_call_has_its_own() -> None:
    """Twilio keeps cookies for the length of a call: a Flask session carries the caller's
    choice from one request to the next."""
    app = flask.Flask("session")
    app.secret_key = "not a secret"
    checked = twilio_view(auth_token=TOKEN, public_url=PUBLIC)

    def menu() -> VoiceResponse:
        if "Digits" in flask.request.form:
            flask.session["choice"] = flask.request.form["Digits"]
            return VoiceResponse(Redirect("/confirm"))
        return VoiceResponse(Gather(Say("Pick a number."), num_digits=1))

    def confirm() -> VoiceResponse:
        return VoiceResponse(Say(f"You chose {flask.session.get('choice', 'nothing')}."))

    app.add_url_rule("/menu", "menu", checked(menu), methods=["POST"])
    app.add_url_rule("/confirm", "confirm", checked(confirm), methods=["POST"])
    twilio = Twilio(app, auth_token=TOKEN, public_url=PUBLIC)
    twilio.phone_number(NUMBER, voice_url="/menu")
    first = twilio.call(from_=CALLER, to=NUMBER)
    second = twilio.call(from_=FRIEND, to=NUMBER)
    first.press("4")
    second.press("7")
    assert first.transcript.said()[-1] == "You chose 4."
    assert second.transcript.said()[-1] == "You chose 7."


def test_http_redirects_are_followed_and_too_many_fail_the_document() -> None:
    app = flask.Flask("moved")
    checked = twilio_view(auth_token=TOKEN, public_url=PUBLIC)
    app.add_url_rule("/old", "old", checked(lambda: flask.redirect("/new")), methods=["POST"])
    app.add_url_rule("/new", "new", checked(lambda: VoiceResponse(Say("Moved here."))), methods=["GET"])
    app.add_url_rule("/loop", "loop", checked(lambda: flask.redirect("/loop", code=307)), methods=["POST"])
    app.add_url_rule(
        "/fallback", "fallback", checked(lambda: said(dict(flask.request.form), "ErrorCode")), methods=["POST"]
    )
    twilio = Twilio(app, auth_token=TOKEN, public_url=PUBLIC)
    twilio.phone_number(NUMBER, voice_url="/old")
    moved = twilio.call(from_=CALLER, to=NUMBER)
    assert moved.transcript.said() == ["Moved here."]
    assert asked(twilio) == ["POST /old", "GET /new"]  # a 302 after a POST is a GET, signed for its URL
    assert [exchange.status for exchange in twilio.requests] == [302, 200]
    twilio.phone_number("+15550002222", voice_url="/loop", fallback_url="/fallback")
    looping = twilio.call(from_=CALLER, to="+15550002222")
    assert looping.transcript.said() == ["ErrorCode=11215"]
    assert asked(twilio)[2:].count("POST /loop") == 11  # the first request and ten redirects


def test_the_rest_api_takes_a_member_out_of_its_queue() -> None:
    documents: dict[str, Answer] = {
        "/start": VoiceResponse(Enqueue("line", wait_url="/hold", action="/left")),
        "/hold": VoiceResponse(Pause(length=60)),
        "/left": lambda form: said(form, "QueueResult"),
        "/elsewhere": VoiceResponse(Say("Taken out of the line.")),
    }
    twilio = serving(documents)
    twilio.phone_number(NUMBER, voice_url="/start")
    first = twilio.call(from_=CALLER, to=NUMBER)
    second = twilio.call(from_=FRIEND, to=NUMBER)
    twilio.advance(5)
    client = twilio.rest_client()
    queue = twilio.queues["line"]
    front = client.queues(queue.sid).members("Front").fetch()
    assert (front.call_sid, front.position, front.wait_time) == (first.sid, 1, 5)
    client.queues(queue.sid).members("Front").update(url=PUBLIC + "/elsewhere", method="POST")
    assert first.transcript.said() == ["Taken out of the line."]
    assert [exchange.params.get("QueueResult") for exchange in twilio.requests if exchange.url.endswith("/left")] == [
        "redirected"
    ]
    assert [call.sid for call, _since in queue.members] == [second.sid]
    with pytest.raises(Exception, match="is not waiting"):
        client.queues(queue.sid).members(first.sid).fetch()


def test_a_bridged_caller_moved_by_the_rest_api_tells_its_enqueue_action() -> None:
    documents: dict[str, Answer] = {
        "/caller": VoiceResponse(Enqueue("line", wait_url="/hold", action="/left")),
        "/hold": VoiceResponse(Pause(length=60)),
        "/left": lambda form: said(form, "QueueResult"),
        "/agent": VoiceResponse(Dial(Queue("line")), Say("The caller moved on.")),
        "/survey": VoiceResponse(Say("One question about the call.")),
    }
    twilio, caller, agent = queue_and_agent(documents)
    twilio.rest_client().calls(caller.sid).update(url=PUBLIC + "/survey")
    assert caller.transcript.said() == ["One question about the call."]
    assert agent.transcript.said() == ["The caller moved on."]
    left = [exchange for exchange in twilio.requests if exchange.url.endswith("/left")]
    assert [exchange.params["QueueResult"] for exchange in left] == ["redirected-from-bridged"]


def test_a_recorded_dial_posts_its_recording() -> None:
    doc = VoiceResponse(Dial(FRIEND, record="record-from-answer", action="/after"))
    after = {"/after": lambda form: said(form, "DialCallStatus", "RecordingDuration")}
    twilio, call = calling({"/start": doc, **after}, callees={FRIEND: {"answers_after": 2, "talks_for": 40}})
    twilio.advance(42)
    assert call.transcript.said() == ["DialCallStatus=completed RecordingDuration=40"]
    form = twilio.requests[-1].params
    assert form["RecordingUrl"].endswith("/Recordings/" + form["RecordingSid"])


def test_a_numbers_whisper_plays_to_the_called_party_who_may_decline() -> None:
    documents: dict[str, Answer] = {
        "/start": VoiceResponse(Dial(Number(FRIEND, url="/screen"), action="/after")),
        "/screen": lambda form: VoiceResponse(Say(f"A call for {form['To']}."), Pause(length=2)),
        "/after": lambda form: said(form, "DialCallStatus", "DialBridged", "DialCallDuration"),
        "/decline": VoiceResponse(Say("Declining."), Hangup()),
    }
    callees = {FRIEND: {"answers_after": 1, "talks_for": 10}}
    twilio, call = calling(documents, callees=callees)
    twilio.advance(14.5)  # a second of ringing, the whisper (1.6 + 2 s), ten seconds of talk
    assert call.transcript.said() == []
    twilio.advance(0.2)
    assert call.transcript.said() == ["DialCallStatus=completed DialBridged=true DialCallDuration=10"]
    [screen] = [exchange for exchange in twilio.requests if exchange.url.endswith("/screen")]
    assert (screen.params["Direction"], screen.params["ParentCallSid"]) == ("outbound-dial", call.sid)
    assert f"(to the called party) Say: A call for {FRIEND}." in [what for _at, what in call.transcript]

    documents["/start"] = VoiceResponse(Dial(Client("alice", url="/forward"), action="/after"))
    documents["/forward"] = VoiceResponse(Dial(FRIEND), Say("Connecting."))
    twilio, call = calling(documents, callees={"client:alice": {"answers_after": 1, "talks_for": 5}})
    twilio.advance(10)
    assert "(to the called party) skipped <Dial> (not allowed there)" in [what for _at, what in call.transcript]
    assert any("not allowed in a called party's" in warning for _sid, _url, warning in twilio.warnings)

    documents["/start"] = VoiceResponse(Dial(Number(FRIEND, url="/decline"), action="/after"))
    twilio, call = calling(documents, callees=callees)
    twilio.advance(5)
    assert call.transcript.said() == ["DialCallStatus=completed DialBridged=false DialCallDuration=0"]


def test_an_answer_of_audio_is_played() -> None:
    """Twilio plays an answer of audio (a wait URL's hold music, or a voice URL's message)."""
    app = flask.Flask("audio")
    checked = twilio_view(auth_token=TOKEN, public_url=PUBLIC)
    mp3 = lambda: flask.Response(b"ID3 not really", mimetype="audio/mpeg")  # noqa: E731
    app.add_url_rule("/hold.mp3", "hold", checked(mp3), methods=["POST"])
    app.add_url_rule("/message.mp3", "message", checked(mp3), methods=["POST"])
    app.add_url_rule(
        "/start", "start", checked(lambda: VoiceResponse(Enqueue("line", wait_url="/hold.mp3"))), methods=["POST"]
    )
    twilio = Twilio(app, auth_token=TOKEN, public_url=PUBLIC)
    twilio.phone_number(NUMBER, voice_url="/start")
    twilio.phone_number("+15550002222", voice_url="/message.mp3")
    waiting = twilio.call(from_=CALLER, to=NUMBER)
    twilio.advance(12)
    played = [what for _at, what in waiting.transcript if what.startswith("Play: ")]
    assert played == [f"Play: {PUBLIC}/hold.mp3"] * 3  # 5 s each, asked for again each time
    message = twilio.call(from_=CALLER, to="+15550002222")
    twilio.advance(5)
    assert [what for _at, what in message.transcript] == [f"Play: {PUBLIC}/message.mp3", "the document ended"]
    assert message.status == "completed"


# -- recordings ---------------------------------------------------------------------------------------


def recorder(events: list[dict[str, str]]) -> dict[str, Answer]:
    def event(form: dict[str, str]) -> str:
        events.append(form)
        return ""

    return {
        "/start": VoiceResponse(
            Record(
                action="/saved",
                finish_on_key="#",
                timeout=3,
                recording_status_callback="/recording",
                recording_status_callback_event=["completed", "absent"],
            ),
            Say("Nothing recorded."),
        ),
        "/saved": lambda form: said(form, "RecordingDuration", "Digits"),
        "/recording": event,
    }


def test_a_recording_is_told_to_its_status_callback() -> None:
    events: list[dict[str, str]] = []
    twilio, call = calling(recorder(events))
    call.record(6, "1#")  # 1 is not a finish key; # is
    twilio.advance(6)
    assert call.transcript.said() == ["RecordingDuration=6 Digits=#"]
    [completed] = events
    assert (completed["RecordingStatus"], completed["RecordingSource"], completed["CallSid"]) == (
        "completed",
        "RecordVerb",
        call.sid,
    )
    assert completed["RecordingSid"] == twilio.requests[-2].params["RecordingSid"]  # the action's recording

    events.clear()
    twilio, call = calling(recorder(events))
    twilio.advance(4)  # 3 s of silence: nothing recorded
    assert call.transcript.said() == ["Nothing recorded."]
    assert [event["RecordingStatus"] for event in events] == ["absent"]


def test_a_finish_key_ends_a_recording_while_the_caller_speaks_or_before() -> None:
    events: list[dict[str, str]] = []
    twilio, call = calling(recorder(events))
    call.record(30)
    twilio.advance(4)
    call.press("#")
    assert call.transcript.said() == ["RecordingDuration=4 Digits=#"]

    twilio, call = calling(recorder(events))
    call.press("#")  # before a word: an empty recording, and the next verb
    assert call.transcript.said() == ["Nothing recorded."]


def test_hanging_up_while_recording_keeps_the_recording() -> None:
    events: list[dict[str, str]] = []
    twilio, call = calling(recorder(events))
    call.record(10)
    twilio.advance(4)
    call.hang_up()
    saved = [exchange.params for exchange in twilio.requests if exchange.url.endswith("/saved")]
    assert [(form["Digits"], form["RecordingDuration"], form["CallStatus"]) for form in saved] == [
        ("hangup", "4", "completed")
    ]
    assert [event["RecordingStatus"] for event in events] == ["completed"]
    assert call.transcript.said() == []  # the action's answer runs on no call


def test_a_recorded_dial_tells_its_recording_status_callback() -> None:
    events: list[dict[str, str]] = []

    def event(form: dict[str, str]) -> str:
        events.append(form)
        return ""

    doc = VoiceResponse(Dial(FRIEND, record="record-from-answer", recording_status_callback="/recording"))
    twilio, _call = calling({"/start": doc, "/recording": event}, callees={FRIEND: {"talks_for": 20}})
    twilio.advance(25)
    assert [(event["RecordingStatus"], event["RecordingSource"], event["RecordingDuration"]) for event in events] == [
        ("completed", "DialVerb", "20")
    ]


# -- what users reach for ------------------------------------------------------------------------------


def test_ssml_in_a_say_is_spoken_and_its_breaks_take_their_time() -> None:
    say = (
        '<Response><Say>Your code is <say-as interpret-as="digits">1234</say-as>. <break time="2s"/>Bye.</Say>'
        "</Response>"
    )
    twilio, call = calling({"/start": say})
    assert call.transcript.said() == ["Your code is 1234. Bye."]
    twilio.advance(3.9)  # 5 words (2 s) and the 2 s break
    assert call.status == "in-progress"
    twilio.advance(0.2)
    assert call.status == "completed"


def test_sequential_dialing_rings_one_number_after_another() -> None:
    doc = VoiceResponse(Dial(Number(FRIEND), Number("+15558887777"), sequential=True, timeout=5, action="/after"))
    callees = {FRIEND: {"answers_after": None}, "+15558887777": {"answers_after": 1, "talks_for": 10}}
    after = {"/after": lambda form: said(form, "DialCallStatus", "DialCallDuration")}
    twilio, call = calling({"/start": doc, **after}, callees=callees)
    twilio.advance(6)  # five seconds for the first, then one for the second
    heard = [(at, what) for at, what in call.transcript]
    assert heard == [(0.0, f"Dial {FRIEND}"), (5.0, "Dial +15558887777"), (6.0, "answered")]
    twilio.advance(10)
    assert call.transcript.said() == ["DialCallStatus=completed DialCallDuration=10"]


def test_keys_pressed_first_win_over_speech() -> None:
    doc = VoiceResponse(Gather(input=["dtmf", "speech"], timeout=3, action="/got"))
    twilio, call = calling({"/start": doc, "/got": lambda form: said(form, "Digits", "SpeechResult")})
    call.press("12")
    call.say("billing")
    twilio.advance(3)
    assert call.transcript.said() == ["Digits=12 SpeechResult=-"]
    assert "said 'billing' (no <Gather> listens for speech)" in [what for _at, what in call.transcript]


def test_speech_over_the_prompt_is_not_heard_without_barge_in() -> None:
    doc = VoiceResponse(
        Gather(Say("Tell us in a few words why you called today."), input=["speech"], barge_in=False, action="/got")
    )
    twilio, call = calling({"/start": doc, "/got": lambda form: said(form, "SpeechResult")})
    call.say("billing")  # over the prompt
    twilio.advance(4)  # the prompt is over: the Gather listens
    call.say("billing please")
    assert call.transcript.said()[-1] == "SpeechResult=billing please"
    assert "said 'billing' (over the prompt: bargeIn is false)" in [what for _at, what in call.transcript]


def test_a_full_conference_turns_a_caller_away() -> None:
    doc = VoiceResponse(Dial(Conference("small", max_participants=2), action="/after"))
    twilio = serving({"/start": doc, "/after": lambda form: said(form, "DialCallStatus")})
    twilio.phone_number(NUMBER, voice_url="/start")
    calls = [twilio.call(from_=f"+1555000000{n}", to=NUMBER) for n in range(3)]
    assert twilio.conferences["small"].size == 2
    assert calls[2].transcript.said() == ["DialCallStatus=failed"]
    assert any("is full" in warning for _sid, _url, warning in twilio.warnings)


def test_a_dialed_numbers_events_say_who_and_a_hang_up_cancels_the_ringing() -> None:
    events: list[dict[str, str]] = []

    def event(form: dict[str, str]) -> str:
        events.append(form)
        return ""

    every = ["initiated", "ringing", "answered", "completed"]
    doc = VoiceResponse(Dial(Number(FRIEND, status_callback="/event", status_callback_event=every)))
    twilio, call = calling({"/start": doc, "/event": event}, callees={FRIEND: {"answers_after": 20}})
    twilio.advance(5)
    call.hang_up()
    assert [event["CallStatus"] for event in events] == ["initiated", "ringing", "canceled"]
    assert {(event["From"], event["To"]) for event in events} == {(CALLER, FRIEND)}


def test_a_calls_own_status_callback_hears_how_it_went() -> None:
    progress: list[dict[str, str]] = []

    def event(form: dict[str, str]) -> str:
        progress.append(form)
        return ""

    documents: dict[str, Answer] = {"/start": VoiceResponse(Pause(length=30)), "/status": event}
    twilio = serving(documents)
    twilio.phone_number(NUMBER, voice_url="/start", status_callback="/status")
    twilio.call(from_=CALLER, to=NUMBER)
    twilio.advance(31)
    assert [(form["CallStatus"], form["CallDuration"]) for form in progress] == [("completed", "30")]

    progress.clear()
    client = twilio.rest_client()
    made = client.calls.create(
        to=FRIEND,
        from_=NUMBER,
        url=PUBLIC + "/start",
        status_callback=PUBLIC + "/status",
        status_callback_event=["initiated", "ringing", "answered", "completed"],
    )
    twilio.advance(31)
    assert [form["CallStatus"] for form in progress] == ["queued", "ringing", "in-progress", "completed"]
    assert progress[-1]["CallDuration"] == "30"
    assert client.calls(made.sid).fetch().status == "completed"
    assert client.calls.list()[0].sid == made.sid  # the newest first


def test_arguments_are_checked_where_they_are_given() -> None:
    twilio, call = calling({"/start": VoiceResponse(Gather(Say("Say it."), input=["speech"]), Record())})
    for bad in (float("nan"), float("inf"), -5):
        with pytest.raises(ValueError, match="the clock only moves forward"):
            twilio.advance(bad)
    with pytest.raises(TypeError, match="seconds is a number; got '5'"):
        twilio.advance("5")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="answers_after is a number"):
        twilio.callee(FRIEND, answers_after="3")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="confidence is from 0 to 1"):
        call.say("sales", confidence=1.7)
    with pytest.raises(TypeError, match="confidence is a number"):
        call.say("sales", confidence="high")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"record\(\) takes digits"):
        call.record(5, "x")
    with pytest.raises(ValueError, match="seconds is a finite number"):
        call.record(-5)
    with pytest.raises(TypeError, match="a WSGI or ASGI callable, or a server's base URL"):
        Twilio(None, auth_token=TOKEN)  # type: ignore[arg-type]


def test_an_app_that_raises_fails_the_call_and_the_test_sees_why() -> None:
    def broken(form: dict[str, str]) -> str:
        raise RuntimeError("the database is down")

    app = flask.Flask("raising")
    app.testing = True  # errors propagate, as in a test suite
    checked = twilio_view(auth_token=TOKEN, public_url=PUBLIC)
    app.add_url_rule("/start", "start", checked(lambda: broken({})), methods=["POST"])
    twilio = Twilio(app, auth_token=TOKEN, public_url=PUBLIC)
    twilio.phone_number(NUMBER, voice_url="/start")
    with pytest.raises(RuntimeError, match="the database is down"):
        twilio.call(from_=CALLER, to=NUMBER)
    [call] = twilio.calls
    assert call.status == "failed"
    assert [(exchange.status, exchange.body) for exchange in twilio.requests] == [
        (500, "RuntimeError: the database is down")
    ]


def test_other_hosts_are_not_the_app() -> None:
    documents: dict[str, Answer] = {
        "/start": VoiceResponse(
            Dial(Conference("room", wait_url="http://twimlets.com/holdmusic?Bucket=com.twilio.music.classical"))
        ),
        "/bin": VoiceResponse(Redirect("https://handler.twilio.com/twiml/EH123")),
        "/lost": VoiceResponse(Redirect("https://elsewhere.example.com/menu")),
    }
    twilio, call = calling(documents)
    twilio.advance(60)
    assert asked(twilio) == ["POST /start", "POST http://twimlets.com/holdmusic"]
    assert "(loops until the call moves on)" in [what for _at, what in call.transcript]

    twilio.serve("https://handler.twilio.com/twiml/", VoiceResponse(Say("From a TwiML Bin.")))
    twilio.phone_number("+15550002222", voice_url="/bin")
    assert twilio.call(from_=CALLER, to="+15550002222").transcript.said() == ["From a TwiML Bin."]
    twilio.phone_number("+15550003333", voice_url="/lost")
    lost = twilio.call(from_=CALLER, to="+15550003333")
    assert lost.transcript.said() == [
        "We are sorry, an application error has occurred. Goodbye."
    ]  # 404: the application error
    assert any("serve() it" in warning for _sid, _url, warning in twilio.warnings)


def test_the_fallback_hears_the_code_of_what_was_wrong() -> None:
    documents: dict[str, Answer] = {
        "/start": "<html><body>Not TwiML</body></html>",
        "/fallback": lambda form: said(form, "ErrorCode"),
    }
    twilio = serving(documents)
    twilio.phone_number(NUMBER, voice_url="/start", fallback_url="/fallback")
    call = twilio.call(from_=CALLER, to=NUMBER)
    assert call.transcript.said() == ["ErrorCode=12102"]
    assert "[12102]" in call.transcript.entries[0][1]


def test_leave_outside_a_queue_ends_the_document() -> None:
    _twilio, call = calling({"/start": VoiceResponse(Leave(), Say("Never."))})
    assert call.transcript.said() == []
    assert call.status == "completed"


def test_durations_are_whole_seconds_rounded() -> None:
    doc = VoiceResponse(Dial(FRIEND, action="/after"))
    after = {"/after": lambda form: said(form, "DialCallDuration")}
    twilio, call = calling({"/start": doc, **after}, callees={FRIEND: {"answers_after": 14.8, "talks_for": 20}})
    twilio.advance(60)
    assert call.transcript.said() == ["DialCallDuration=20"]


def test_an_agent_hanging_up_during_the_whisper_lets_the_caller_go_on() -> None:
    documents: dict[str, Answer] = {
        "/caller": VoiceResponse(Enqueue("line", wait_url="/hold", action="/left"), Say("Sorry, try again.")),
        "/hold": VoiceResponse(Pause(length=60)),
        "/left": lambda form: said(form, "QueueResult"),
        "/agent": VoiceResponse(Dial(Queue("line", url="/whisper"))),
        "/whisper": VoiceResponse(Say("You are about to be connected to the team.")),
    }
    twilio, caller, agent = queue_and_agent(documents)
    twilio.advance(1)
    agent.hang_up()
    twilio.advance(10)
    assert caller.transcript.said()[-1] == "QueueResult=bridging-in-process"
    assert caller.status == "completed"


def test_a_dial_with_nothing_it_can_read_is_skipped() -> None:
    too_long = "<Response><Dial><Client>" + "a" * 300 + "</Client></Dial><Say>Next.</Say></Response>"
    twilio, call = calling({"/start": too_long})
    assert call.transcript.said() == ["Next."]
    assert "skipped <Dial>: nothing it can dial (see twilio.warnings)" in [what for _at, what in call.transcript]
    assert twilio.warnings


def test_a_gather_or_a_dial_that_ends_the_document_ends_the_call() -> None:
    for doc in (VoiceResponse(Gather(timeout=2)), VoiceResponse(Dial(FRIEND, timeout=5))):
        twilio, call = calling({"/start": doc}, callees={FRIEND: {"answers_after": None}})
        twilio.advance(6)
        assert call.status == "completed"
        assert asked(twilio) == ["POST /start"]  # nothing asked for again


def test_client_legs_tell_their_status_callbacks_and_the_losers_are_canceled() -> None:
    events: list[dict[str, str]] = []

    def event(form: dict[str, str]) -> str:
        events.append(form)
        return ""

    every = ["initiated", "ringing", "answered", "completed"]
    doc = VoiceResponse(
        Dial(
            Client("alice", status_callback="/event", status_callback_event=every),
            Client("bob", status_callback="/event", status_callback_event=every),
        )
    )
    callees = {"client:alice": {"answers_after": 2, "talks_for": 5}, "client:bob": {"answers_after": 4}}
    twilio, _call = calling({"/start": doc, "/event": event}, callees=callees)
    twilio.advance(10)
    by_leg = {(event["To"], event["CallStatus"]) for event in events}
    assert ("client:alice", "in-progress") in by_leg
    assert ("client:alice", "completed") in by_leg
    assert ("client:bob", "canceled") in by_leg


def test_verbs_over_twilios_limits_are_skipped_with_a_warning() -> None:
    eleven = "".join(f"<Client>agent{n}</Client>" for n in range(11))
    documents: dict[str, Answer] = {
        "/start": f"<Response><Dial>{eleven}</Dial><Enqueue>{'q' * 65}</Enqueue><Say>Still here.</Say></Response>"
    }
    twilio, call = calling(documents)
    assert call.transcript.said() == ["Still here."]
    skipped = [what for _at, what in call.transcript if what.startswith("skipped")]
    assert skipped == ["skipped <Dial> (see twilio.warnings)", "skipped <Enqueue> (see twilio.warnings)"]
    assert twilio.queues == {}
    assert len(twilio.warnings) >= 2


def test_a_rejected_call_tells_its_status_callback_busy() -> None:
    progress: list[str] = []

    def event(form: dict[str, str]) -> str:
        progress.append(form["CallStatus"])
        return ""

    twilio = serving({"/start": VoiceResponse(Reject(reason="busy")), "/status": event})
    twilio.phone_number(NUMBER, voice_url="/start", status_callback="/status")
    call = twilio.call(from_=CALLER, to=NUMBER)
    assert call.status == "busy"
    assert progress == ["busy"]


def test_the_flow_names_documents_with_their_query_and_escapes_labels() -> None:
    documents: dict[str, Answer] = {
        "/start": VoiceResponse(Gather(input=["speech"], action="/menu?step=main")),
        "/menu": lambda form: VoiceResponse(Redirect("/menu?step=account")) if "SpeechResult" in form else "",
    }
    twilio, call = calling(documents)
    call.say('say "<b>#1</b>" \\ done')
    mermaid, dot = str(twilio.flow()), twilio.flow().dot
    assert 'n2["/menu?step=main"]' in mermaid
    assert '"/menu?step=main"' in dot
    assert "SpeechResult=say #quot;#lt;b#gt;#35;1#lt;/b#gt;#quot; \\ done" in mermaid
    assert 'SpeechResult=say \\"<b>#1</b>\\" \\\\ done' in dot


def test_a_recording_in_progress_is_told_when_asked_for() -> None:
    events: list[dict[str, str]] = []
    documents = recorder(events)
    documents["/start"] = VoiceResponse(
        Record(recording_status_callback="/recording", recording_status_callback_event=["in-progress", "completed"])
    )
    twilio, call = calling(documents)
    call.record(3, "#")
    twilio.advance(3)
    assert [event["RecordingStatus"] for event in events] == ["in-progress", "completed"]


def test_the_rest_api_answers_calls_as_twilio_does() -> None:
    from twilio.base.exceptions import TwilioRestException
    from twilio.rest import Client as RestClient

    twilio = serving({"/out": VoiceResponse(Pause(length=30))})
    client = twilio.rest_client()
    made = client.calls.create(to=FRIEND, from_=NUMBER, url=PUBLIC + "/out")
    assert made.status == "queued"  # as Twilio answers a new call
    other = client.calls.create(to="+15557776666", from_=NUMBER, url=PUBLIC + "/out")
    twilio.advance(31)
    fetched = client.calls(made.sid).fetch()
    assert (fetched.status, fetched.duration, fetched.api_version) == ("completed", "30", "2010-04-01")
    assert fetched.start_time is not None
    assert fetched.end_time is not None
    assert (fetched.end_time - fetched.start_time).total_seconds() == 30
    assert [call.sid for call in client.calls.list(to=FRIEND)] == [made.sid]
    assert {call.sid for call in client.calls.list(status="completed")} == {made.sid, other.sid}
    assert client.calls.list(status="in-progress") == []
    with pytest.raises(TwilioRestException) as relative:
        client.calls.create(to=FRIEND, from_=NUMBER, url="/out")
    assert relative.value.code == 21205
    with pytest.raises(TwilioRestException) as refused:
        RestClient(twilio.account_sid, "wrong", http_client=client.http_client).calls(made.sid).fetch()
    assert (refused.value.status, refused.value.code) == (401, 20003)


def test_one_document_limit_holds_for_wait_documents_too() -> None:
    """A wait document that redirects to itself with a pause runs for as long as the caller
    waits; one that redirects round without taking time stops at max_documents."""
    documents: dict[str, Answer] = {
        "/start": VoiceResponse(Enqueue("line", wait_url="/hold")),
        "/hold": VoiceResponse(Pause(length=1), Redirect("/hold")),
        "/spin": VoiceResponse(Enqueue("line", wait_url="/round")),
        "/round": VoiceResponse(Redirect("/again")),
        "/again": VoiceResponse(Redirect("/round")),
    }
    twilio, call = calling(documents)
    twilio.max_documents = 5
    twilio.advance(600)
    assert call.status == "in-progress"
    assert asked(twilio).count("POST /hold") > 500
    twilio.phone_number("+15550002222", voice_url="/spin")
    with pytest.raises(SimulationError, match=r"asked for 5 documents at 600s without any time passing"):
        twilio.call(from_=CALLER, to="+15550002222")
    assert twilio.calls[-1].status == "failed"
