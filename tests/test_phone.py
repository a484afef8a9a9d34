"""``twimlkit phone URL``: the simulator as a terminal phone against a server on localhost,
driven with scripted input."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from typing import Any

import flask
import pytest
from werkzeug.serving import make_server

from twimlkit import Enqueue, Gather, Hangup, Pause, Record, Say, VoiceResponse
from twimlkit.web.flask import twilio_view
from twimlkit.webhooks import CallRequest

TOKEN = "0123456789abcdef0123456789abcdef"


def ivr() -> Any:
    app = flask.Flask("phone")
    checked = twilio_view(auth_token=TOKEN)

    def incoming() -> VoiceResponse:
        return VoiceResponse(Gather(Say("Press 1 for sales."), num_digits=1, action="/menu"), Say("Goodbye."))

    def menu() -> VoiceResponse:
        digits = CallRequest.from_form(flask.request.form).digits
        return VoiceResponse(Say(f"You pressed {digits}."), Record(action="/done", max_length=60))

    def done() -> VoiceResponse:
        seconds = CallRequest.from_form(flask.request.form).recording_duration
        return VoiceResponse(Say(f"Recorded {seconds} seconds."), Hangup())

    def line() -> VoiceResponse:
        return VoiceResponse(Enqueue("line", wait_url="/wait"))

    def wait() -> VoiceResponse:
        return VoiceResponse(Say(f"Position {flask.request.form['QueuePosition']}."), Pause(length=20))

    public = twilio_view(auth_token=TOKEN, public_url="https://ivr.example.org")
    app.add_url_rule(
        "/public", "public", public(lambda: VoiceResponse(Say("Signed for the public URL."))), methods=["POST"]
    )
    views = (("incoming", incoming), ("menu", menu), ("done", done), ("line", line), ("wait", wait))
    for name, view in views:
        app.add_url_rule(f"/{name}", name, checked(view), methods=["POST"])
    return app


@pytest.fixture
def served() -> Iterator[str]:
    server = make_server("127.0.0.1", 0, ivr())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()


def phone(*arguments: str, given: str, token: str | None = TOKEN) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != "TWILIO_AUTH_TOKEN"}
    if token is not None:
        env["TWILIO_AUTH_TOKEN"] = token
    return subprocess.run(
        [sys.executable, "-m", "twimlkit", "phone", *arguments],
        input=given,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def test_a_call_answered_by_keys_and_a_recording(served: str) -> None:
    run = phone(served + "/incoming", given="1\n7 #\n")
    assert run.returncode == 0, run.stderr
    out = run.stdout
    assert "Say: Press 1 for sales." in out
    assert "keys> " in out
    assert "Say: You pressed 1." in out
    assert "seconds to speak" in out
    assert "Say: Recorded 7 seconds." in out
    assert out.rstrip().endswith("call ended: completed")


def test_silence_falls_through_and_verbose_shows_the_twiml(served: str) -> None:
    run = phone(served + "/incoming", "--verbose", given="\n")
    assert run.returncode == 0, run.stderr
    assert f"--> POST {served}/incoming  (200)" in run.stdout
    assert '<Gather action="/menu" numDigits="1">' in run.stdout
    assert "gather timed out" in run.stdout
    assert "Say: Goodbye." in run.stdout


def test_end_of_input_hangs_up(served: str) -> None:
    run = phone(served + "/incoming", given="")
    assert "caller hung up" in run.stdout
    assert run.stdout.rstrip().endswith("call ended: completed")


def test_without_a_token_or_a_server_it_says_why(served: str) -> None:
    run = phone(served + "/incoming", given="", token=None)
    assert run.returncode != 0
    assert "TWILIO_AUTH_TOKEN" in run.stderr
    run = phone("http://127.0.0.1:9/incoming", given="")
    assert run.returncode != 0
    assert "cannot reach" in run.stderr
    assert "Traceback" not in run.stderr


def test_a_caller_on_hold_is_asked_what_to_do_and_end_of_input_hangs_up(served: str) -> None:
    run = phone(served + "/line", given="\n\n\n")  # wait 30 s, then the input ends
    assert run.returncode == 0, run.stderr
    assert run.stdout.count("(holding) Enter waits") == 4
    assert run.stdout.count("Say: Position 1.") == 2  # the wait document takes 21 s
    assert run.stdout.rstrip().endswith("call ended: completed")


def test_input_it_cannot_take_is_asked_for_again(served: str) -> None:
    run = phone(served + "/incoming", given="abc\n1\nhello there\n7 #\n")
    assert run.returncode == 0, run.stderr
    assert "not that: press() takes keys 0-9, * and #; got 'abc'" in run.stdout
    assert "not that: a recording is a number of seconds, then keys, such as '5 #'" in run.stdout
    assert "Say: Recorded 7 seconds." in run.stdout
    assert "Traceback" not in run.stderr


def test_the_url_the_app_signs_for_can_be_given(served: str) -> None:
    refused = phone(served + "/public", given="")
    assert "answered 403" in refused.stdout
    assert "--public-url" in refused.stdout  # the note on why
    run = phone(served + "/public", "--public-url", "https://ivr.example.org", given="")
    assert "Say: Signed for the public URL." in run.stdout


def test_verbose_shows_each_request_after_what_caused_it(served: str) -> None:
    run = phone(served + "/incoming", "--verbose", given="1\n\n")
    out = run.stdout
    assert out.index("pressed 1") < out.index(f"--> POST {served}/menu")
