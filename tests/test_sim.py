"""twimlkit.sim: calls played against a Flask app (and a Starlette one) as Twilio plays them:
signed requests with Twilio's parameters, Gather's rules, Redirect, Pause on the fake clock,
the fallback URL and the application error, the document limit."""

from __future__ import annotations

from typing import Any

import flask
import pytest

from twimlkit import Connect, Gather, Hangup, Pause, Record, Redirect, Reject, Say, Stream, VoiceResponse
from twimlkit.sim import SimulationError, Twilio
from twimlkit.web.flask import twilio_view
from twimlkit.webhooks import CallRequest, ParameterError

TOKEN = "0123456789abcdef0123456789abcdef"
PUBLIC = "https://ivr.example.org"
NUMBER = "+15550001111"
CALLER = "+15551234567"
SEEN: list[CallRequest] = []


def make_app() -> Any:
    app = flask.Flask("ivr")
    checked = twilio_view(auth_token=TOKEN, public_url=PUBLIC)

    def route(path: str, methods: tuple[str, ...] = ("POST",)) -> Any:
        def register(view: Any) -> Any:
            def answer() -> Any:
                SEEN.append(
                    CallRequest.from_form(flask.request.values if flask.request.method == "GET" else flask.request.form)
                )
                return view(CallRequest.from_form(flask.request.form) if flask.request.method == "POST" else SEEN[-1])

            answer.__name__ = view.__name__
            app.add_url_rule(path, view.__name__, checked(answer), methods=list(methods))
            return view

        return register

    @route("/incoming")
    def incoming(call: CallRequest) -> VoiceResponse:
        return VoiceResponse(
            Gather(Say("Press 1 for sales."), num_digits=1, action="menu"),
            Say("We did not get that."),
            Redirect("/incoming"),
        )

    @route("/menu")
    def menu(call: CallRequest) -> VoiceResponse:
        return VoiceResponse(Say(f"You pressed {call.digits}."), Hangup())

    @route("/pin")
    def pin(call: CallRequest) -> VoiceResponse:
        if call.digits is not None:
            return VoiceResponse(Say(f"PIN {call.digits!r}."))
        return VoiceResponse(Gather(Say("Your PIN, then hash."), timeout=3), Say("No PIN."))

    @route("/empty")
    def empty(call: CallRequest) -> VoiceResponse:
        if call.digits is not None:
            return VoiceResponse(Say(f"Empty result {call.digits!r}."))
        return VoiceResponse(Gather(Say("Anything?"), timeout=2, action_on_empty_result=True))

    @route("/wait")
    def wait(call: CallRequest) -> VoiceResponse:
        return VoiceResponse(
            Say("One moment."), Pause(length=10), Say("Thanks for waiting."), Redirect("/goodbye", method="GET")
        )

    @route("/goodbye", methods=("GET",))
    def goodbye(call: CallRequest) -> VoiceResponse:
        return VoiceResponse(Say("Goodbye."), Hangup())

    @route("/loop")
    def loop(call: CallRequest) -> VoiceResponse:
        return VoiceResponse(Redirect("/loop"))

    @route("/broken")
    def broken(call: CallRequest) -> Any:
        return flask.Response("oops", status=500)

    @route("/spare")
    def spare(call: CallRequest) -> VoiceResponse:
        return VoiceResponse(Say("The spare document."))

    @route("/busy")
    def busy(call: CallRequest) -> VoiceResponse:
        return VoiceResponse(Reject(reason="busy"))

    @route("/record")
    def record(call: CallRequest) -> VoiceResponse:
        return VoiceResponse(
            Say("Leave a message."), Record(action="/recorded", max_length=30), Say("Nothing recorded.")
        )

    @route("/recorded")
    def recorded(call: CallRequest) -> VoiceResponse:
        return VoiceResponse(Say(f"Got {call.recording_duration} seconds, ended by {call.digits!r}."))

    @route("/speech")
    def speech(call: CallRequest) -> VoiceResponse:
        return VoiceResponse(Gather(Say("Say a department."), input=["speech"], action="/heard"), Say("Nothing heard."))

    @route("/heard")
    def heard(call: CallRequest) -> VoiceResponse:
        return VoiceResponse(Say(f"Heard {call.speech_result} at {call.confidence}."))

    @route("/connect")
    def connect(call: CallRequest) -> VoiceResponse:
        return VoiceResponse(Connect(Stream(url="wss://media.example.org/stream")))

    return app


@pytest.fixture
def twilio() -> Twilio:
    SEEN.clear()
    return Twilio(make_app(), auth_token=TOKEN, account_sid="AC" + "7" * 32, public_url=PUBLIC)


def calling(twilio: Twilio, path: str, **route: Any) -> Any:
    twilio.phone_number(NUMBER, voice_url=path, **route)
    return twilio.call(from_=CALLER, to=NUMBER)


def test_requests_carry_twilios_parameters_and_a_valid_signature(twilio: Twilio) -> None:
    call = calling(twilio, "/incoming")
    [first] = SEEN
    assert first.call_sid == call.sid
    assert (first.account_sid, first.from_, first.to) == ("AC" + "7" * 32, CALLER, NUMBER)
    assert (first.caller, first.called, first.direction, first.api_version) == (CALLER, NUMBER, "inbound", "2010-04-01")
    assert first.call_status == "ringing"  # Twilio answers the call to run the first document
    assert (first.from_city, first.caller_zip, first.to_country, first.called_state) == ("", "", "", "")
    assert [exchange.status for exchange in twilio.requests] == [200]  # the app checked the signature
    call.press("1")
    assert SEEN[-1].call_status == "in-progress"
    assert SEEN[-1].digits == "1"


def test_a_call_can_say_where_it_comes_from(twilio: Twilio) -> None:
    twilio.phone_number(NUMBER, voice_url="/incoming")
    twilio.call(from_=CALLER, to=NUMBER, params={"FromCity": "BOSTON", "FromCountry": "US", "CallerName": "Ada"})
    [first] = SEEN
    assert (first.from_city, first.from_country, first.caller_name, first.to_city) == ("BOSTON", "US", "Ada", "")
    with pytest.raises(ParameterError, match="QueuePosition"):
        twilio.call(from_=CALLER, to=NUMBER, params={"QueuePosition": "first"})


def test_a_gather_takes_keys_and_posts_them_to_its_action(twilio: Twilio) -> None:
    call = calling(twilio, "/incoming")
    assert call.transcript.said() == ["Press 1 for sales."]
    call.press("1")  # during the prompt: barge-in
    assert call.transcript.said()[-1] == "You pressed 1."
    twilio.advance(5)
    assert call.status == "completed"
    assert twilio.requests[-1].url == PUBLIC + "/menu"  # "menu", relative to /incoming
    assert twilio.requests[-1].params["Digits"] == "1"


def test_no_keys_before_the_timeout_falls_through_to_the_next_verb(twilio: Twilio) -> None:
    call = calling(twilio, "/incoming")
    twilio.advance(6.5)  # the prompt (1.6 s: four words at 150 a minute), then 5 s of waiting
    assert call.transcript.said() == ["Press 1 for sales."]
    twilio.advance(0.2)
    assert call.transcript.said() == ["Press 1 for sales.", "We did not get that."]
    twilio.advance(2)  # the words said, the Redirect asks for the document again
    assert call.transcript.said() == ["Press 1 for sales.", "We did not get that.", "Press 1 for sales."]
    assert [exchange.url for exchange in twilio.requests] == [PUBLIC + "/incoming"] * 2


def test_the_finish_key_ends_the_input_and_is_left_out(twilio: Twilio) -> None:
    call = calling(twilio, "/pin")
    call.press("12#")
    assert call.transcript.said()[-1] == "PIN '12'."
    assert twilio.requests[-1].url == PUBLIC + "/pin"  # no action: the document itself


def test_a_timeout_sends_what_was_pressed_so_far(twilio: Twilio) -> None:
    call = calling(twilio, "/pin")
    call.press("4")  # stops the prompt; the 3 s timeout starts
    twilio.advance(2.9)
    assert call.transcript.said() == ["Your PIN, then hash."]
    twilio.advance(0.1)
    assert call.transcript.said()[-1] == "PIN '4'."


def test_the_finish_key_alone_is_no_input(twilio: Twilio) -> None:
    call = calling(twilio, "/pin")
    call.press("#")
    assert call.transcript.said()[-1] == "No PIN."
    assert len(twilio.requests) == 1


def test_action_on_empty_result_posts_no_digits(twilio: Twilio) -> None:
    call = calling(twilio, "/empty")
    twilio.advance(3)  # "Anything?" (1 s), then 2 s
    assert call.transcript.said()[-1] == "Empty result ''."


def test_pause_runs_on_the_fake_clock_and_get_redirects_sign_their_query(twilio: Twilio) -> None:
    call = calling(twilio, "/wait")
    assert call.transcript.said() == ["One moment."]
    twilio.advance(10)  # 1 s of words, then the 10 s pause
    assert call.status == "in-progress"
    assert call.transcript.said() == ["One moment."]
    twilio.advance(5)
    assert call.transcript.said() == ["One moment.", "Thanks for waiting.", "Goodbye."]
    assert call.status == "completed"
    assert twilio.requests[-1].method == "GET"
    assert twilio.requests[-1].url.startswith(PUBLIC + "/goodbye?")
    assert twilio.requests[-1].status == 200
    assert [at for at, what in call.transcript if what == "Say: Goodbye."] == [12.2]
    assert "Pause 10s" in str(call.transcript)


def test_a_loop_stops_at_the_document_limit(twilio: Twilio) -> None:
    twilio.max_documents = 5
    with pytest.raises(SimulationError, match=r"asked for 5 documents at 0s without any time passing"):
        calling(twilio, "/loop")


def test_an_application_error_is_the_message_and_a_hang_up(twilio: Twilio) -> None:
    call = calling(twilio, "/broken")
    assert call.transcript.said() == ["We are sorry, an application error has occurred. Goodbye."]
    assert call.status == "completed"


def test_the_fallback_url_answers_when_the_voice_url_fails(twilio: Twilio) -> None:
    call = calling(twilio, "/broken", fallback_url="/spare")
    assert call.transcript.said() == ["The spare document."]
    assert [exchange.status for exchange in twilio.requests] == [500, 200]


def test_reject_and_the_caller_hanging_up(twilio: Twilio) -> None:
    assert calling(twilio, "/busy").status == "busy"
    call = calling(twilio, "/incoming")
    call.hang_up()
    assert call.status == "completed"
    with pytest.raises(SimulationError, match="has ended"):
        call.press("1")


def test_client_calls_carry_the_identity_and_parameters(twilio: Twilio) -> None:
    twilio.application("AP" + "1" * 32, voice_url="/incoming")
    call = twilio.client_call("dj", "AP" + "1" * 32, params={"show": "morning"})
    assert call.transcript.said() == ["Press 1 for sales."]
    assert (SEEN[-1].from_, SEEN[-1].extra["show"], SEEN[-1].extra["ApplicationSid"]) == (
        "client:dj",
        "morning",
        "AP" + "1" * 32,
    )


def test_what_the_simulator_does_not_run_yet_is_said(twilio: Twilio) -> None:
    with pytest.raises(SimulationError, match=r"does not run <Connect> yet"):
        calling(twilio, "/connect")


def test_record_posts_the_recording_to_its_action(twilio: Twilio) -> None:
    call = calling(twilio, "/record")
    with pytest.raises(SimulationError, match="not recording"):
        call.record(3)
    twilio.advance(1.5)  # the words (1.2 s), the beep
    call.record(12, "#")
    twilio.advance(12)
    assert call.transcript.said()[-1] == "Got 12 seconds, ended by '#'."
    assert twilio.requests[-1].params["RecordingUrl"].startswith("https://api.twilio.com/2010-04-01/Accounts/")


def test_a_recording_without_a_key_ends_after_its_silence(twilio: Twilio) -> None:
    call = calling(twilio, "/record")
    twilio.advance(1.5)
    call.record(3)  # 3 s of words, then the 5 s of silence that end it
    twilio.advance(7.9)
    assert call.transcript.said() == ["Leave a message."]
    twilio.advance(0.1)
    assert call.transcript.said()[-1] == "Got 3 seconds, ended by ''."


def test_max_length_ends_a_recording_at_once(twilio: Twilio) -> None:
    call = calling(twilio, "/record")
    twilio.advance(1.5)
    call.record(50)  # past maxLength (30 s): it ends at 30 s, with no silence to wait for
    twilio.advance(29.9)
    assert call.transcript.said() == ["Leave a message."]
    twilio.advance(0.1)
    assert call.transcript.said()[-1] == "Got 30 seconds, ended by ''."


def test_nothing_recorded_goes_on_with_the_next_verb(twilio: Twilio) -> None:
    call = calling(twilio, "/record")
    twilio.advance(6.5)  # the words, then 5 s of silence
    assert call.transcript.said() == ["Leave a message.", "Nothing recorded."]


def test_speech_is_posted_as_speech_result(twilio: Twilio) -> None:
    call = calling(twilio, "/speech")
    call.press("1")  # keys are not listened to by a speech-only Gather
    call.say("sales", confidence=0.75)
    assert call.transcript.said()[-1] == "Heard sales at 0.75."
    assert twilio.requests[-1].params["SpeechResult"] == "sales"


def test_keys_are_checked(twilio: Twilio) -> None:
    call = calling(twilio, "/incoming")
    with pytest.raises(ValueError, match="keys 0-9"):
        call.press("A")


def test_an_asgi_app_is_called_in_process() -> None:
    from starlette.applications import Starlette
    from starlette.routing import Route

    from twimlkit.web.starlette import TwilioSignature, TwiMLResponse

    check = TwilioSignature(auth_token=TOKEN, public_url=PUBLIC)

    async def voice(request: Any) -> TwiMLResponse:
        await check(request)
        return TwiMLResponse(VoiceResponse(Say("Hello from ASGI.")))

    twilio = Twilio(Starlette(routes=[Route("/voice", voice, methods=["POST"])]), auth_token=TOKEN, public_url=PUBLIC)
    twilio.phone_number(NUMBER, voice_url="/voice")
    call = twilio.call(from_=CALLER, to=NUMBER)
    assert call.transcript.said() == ["Hello from ASGI."]
    twilio.advance(2)
    assert call.status == "completed"


def test_an_asgi_app_runs_as_a_server_runs_it() -> None:
    """One event loop for all its requests, its lifespan started first; a test that has an
    event loop running may call, and so may an endpoint that uses the simulator's REST API."""
    import asyncio
    import contextlib
    from collections.abc import AsyncIterator

    from starlette.applications import Starlette
    from starlette.routing import Route

    from twimlkit.web.starlette import TwiMLResponse

    loops: list[object] = []
    sim: list[Twilio] = []

    @contextlib.asynccontextmanager
    async def lifespan(app: Any) -> AsyncIterator[None]:
        app.state.greeting = "Hello from the lifespan."
        yield

    async def voice(request: Any) -> TwiMLResponse:
        loops.append(asyncio.get_running_loop())
        return TwiMLResponse(VoiceResponse(Say(request.app.state.greeting), Pause(length=5)))

    async def callback(request: Any) -> TwiMLResponse:
        # An async endpoint that places a call through the REST API: the simulator calls
        # back into this app while it is busy with this request.
        sim[0].rest_client().calls.create(to=CALLER, from_=NUMBER, url=PUBLIC + "/voice")
        return TwiMLResponse(VoiceResponse(Say("We will call you back.")))

    app = Starlette(
        routes=[Route("/voice", voice, methods=["POST"]), Route("/callback", callback, methods=["POST"])],
        lifespan=lifespan,
    )
    twilio = Twilio(app, auth_token=TOKEN, public_url=PUBLIC)
    sim.append(twilio)
    twilio.phone_number(NUMBER, voice_url="/voice")
    twilio.phone_number("+15550002222", voice_url="/callback")

    async def from_a_running_loop() -> list[str]:
        first = twilio.call(from_=CALLER, to=NUMBER)
        twilio.call(from_=CALLER, to=NUMBER)
        return first.transcript.said()

    assert asyncio.run(from_a_running_loop()) == ["Hello from the lifespan."]
    assert len(loops) == 2
    assert loops[0] is loops[1]  # one loop, as a server has
    back = twilio.call(from_=CALLER, to="+15550002222")
    assert back.transcript.said() == ["We will call you back."]
    assert twilio.calls[-1].transcript.said() == ["Hello from the lifespan."]
