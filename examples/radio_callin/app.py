"""The radio call-in show: callers wait in a queue, the DJ takes them one at a time from a
browser, and ``*`` (a key the browser sends) ends a call so that the next caller comes on.

    pip install -e '.[flask]' && (cd examples/radio_callin && npm install)
    TWILIO_AUTH_TOKEN=... flask --app examples/radio_callin/app.py run

Twilio's side: a phone number whose voice URL is ``/incoming`` (callers), and a TwiML App
whose voice URL is ``/voice`` (calls from browsers: the DJ's dashboard at ``/``, and
listeners who call in from ``/listen``). Set ``PUBLIC_URL`` to the address Twilio reaches
the app at. The dashboard's token takes calls as the DJ: put ``/`` behind your login.

The DJ hears who waits before each ``<Dial>`` (a ``<Say>`` on the DJ's own call); Twilio has
no hook on the agent's leg between dequeuing a caller and bridging, so a caller who arrives
while the DJ is already waiting is connected without it. The caller hears ``/whisper``
(``<Queue url>``) before the bridge.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from flask import Flask, jsonify, render_template_string, request, send_from_directory

from twimlkit import Pause, Redirect, Say, VoiceResponse
from twimlkit.presets import answer_queue, enqueue_caller, queue_wait
from twimlkit.tokens import AccessToken, VoiceGrant
from twimlkit.web.flask import twilio_view
from twimlkit.webhooks import CallRequest

try:  # run as a script (flask --app examples/radio_callin/app.py) or imported as a package
    from .queues import LocalQueues, QueueSource, TwilioQueues
except ImportError:
    from queues import LocalQueues, QueueSource, TwilioQueues  # type: ignore[no-redef]

HERE = Path(__file__).resolve().parent
#: The Voice JS SDK, installed from npm by ``npm install`` here and served by the app.
SDK = HERE / "node_modules" / "@twilio" / "voice-sdk" / "dist"
QUEUE = "radio-callin-queue"
#: How long the DJ's desk waits before it looks again, when no one is waiting.
DESK_PAUSE = 10
DJ = "dj"

# Placeholders that let the page load locally; real ones come from the environment.
DEFAULTS = {
    "TWILIO_ACCOUNT_SID": "AC" + "0" * 32,
    "TWILIO_API_KEY_SID": "SK" + "0" * 32,
    "TWILIO_API_KEY_SECRET": "local-placeholder-secret-not-for-twilio",
    "TWILIO_APP_SID": "AP" + "0" * 32,
    "PUBLIC_URL": None,
    "QUEUE_SOURCE": "local",
}

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Radio call-in: the DJ's desk</title>
<style>
  body { font: 16px/1.4 system-ui, sans-serif; margin: 2rem; max-width: 48rem; }
  .figures span { display: inline-block; min-width: 10rem; }
  button { font-size: 1rem; margin-right: .5rem; }
  #chart { border: 1px solid #ccc; }
</style>
</head>
<body data-token="{{ token }}" data-identity="{{ identity }}">
<h1>On air: the call-in show</h1>
<p id="device-state">Starting the phone…</p>
<p>
  <button id="take" type="button">Take the next caller</button>
  <button id="next" type="button" disabled>Next caller (sends *)</button>
</p>
<div class="figures">
  <span>Waiting: <b id="size">–</b></span>
  <span>Average wait: <b id="average">–</b> s</span>
</div>
<h2>Each caller's wait</h2>
<svg id="chart" width="480" height="160" role="img" aria-label="Each waiting caller's wait, in seconds"></svg>
<!-- twilio.js 1.x pages took a capability token instead (see dashboard() in app.py). -->
<script src="{{ url_for('sdk', filename='twilio.min.js') }}"></script>
<script src="{{ url_for('static', filename='dashboard.js') }}"></script>
</body>
</html>
"""


LISTEN_PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Call the show</title></head>
<body data-token="{{ token }}" data-identity="{{ identity }}">
<h1>Call the show from your browser</h1>
<p>
  <button id="call" type="button">Call the show</button>
  <button id="hang-up" type="button" disabled>Hang up</button>
</p>
<p id="state"></p>
<script src="{{ url_for('sdk', filename='twilio.min.js') }}"></script>
<script src="{{ url_for('static', filename='listen.js') }}"></script>
</body>
</html>
"""


def create_app(config: dict[str, Any] | None = None, *, queues: QueueSource | None = None) -> Flask:
    app = Flask(__name__, static_folder=str(HERE / "static"))
    app.config.update({key: os.environ.get(key, default) for key, default in DEFAULTS.items()})
    app.config.update(config or {})
    # The local record is fed by the callbacks; it is also the figures' source unless
    # another is given (or QUEUE_SOURCE=rest asks Twilio's REST API).
    record = queues if isinstance(queues, LocalQueues) else LocalQueues()
    if queues is None and app.config["QUEUE_SOURCE"] == "rest":
        from twilio.rest import Client  # noqa: PLC0415  # the production path, only when chosen

        queues = TwilioQueues(Client(app.config["TWILIO_ACCOUNT_SID"], os.environ["TWILIO_AUTH_TOKEN"]), QUEUE)
    source: QueueSource = queues if queues is not None else record
    twilio = twilio_view(public_url=app.config["PUBLIC_URL"])

    def voice_token(identity: str, *, incoming: bool) -> str:
        """A Voice SDK token for ``identity``: calls go out through the TwiML App; with
        ``incoming``, calls to the identity ring its browser."""
        grant = VoiceGrant(outgoing_application_sid=app.config["TWILIO_APP_SID"], incoming_allow=incoming or None)
        token = AccessToken(
            app.config["TWILIO_ACCOUNT_SID"],
            app.config["TWILIO_API_KEY_SID"],
            app.config["TWILIO_API_KEY_SECRET"],
            identity=identity,
            ttl=3600,
            grants=[grant],
        )
        return token.to_jwt()

    @app.get("/")
    def dashboard() -> str:
        # The page holds a token that takes calls as the DJ: behind your login in production.
        # For twilio.js 1.x it would be a capability token instead:
        #   CapabilityToken(account_sid, auth_token).allow_client_incoming(DJ)
        #       .allow_client_outgoing(app_sid).to_jwt(ttl=3600)   (twimlkit.tokens)
        return render_template_string(PAGE, token=voice_token(DJ, incoming=True), identity=DJ)

    @app.get("/listen")
    def listen() -> str:
        """A listener's page: call the show from the browser (the TwiML App's /voice puts
        the call in the queue). Each page gets a listener identity of its own."""
        identity = f"listener-{secrets.token_hex(4)}"
        return render_template_string(LISTEN_PAGE, token=voice_token(identity, incoming=False), identity=identity)

    @app.get("/sdk/<path:filename>")
    def sdk(filename: str) -> Any:
        return send_from_directory(SDK, filename)

    @app.post("/incoming")
    @twilio
    def incoming() -> VoiceResponse:
        """A caller rings the show's number: into the queue."""
        return enqueue_caller(QUEUE, wait_url="/wait", action="/left", greeting="Thanks for calling the show.")

    @app.post("/voice")
    @twilio
    def voice() -> VoiceResponse:
        """A call from a browser: the DJ takes callers; a listener joins the queue."""
        call = CallRequest.from_form(request.form)
        if call.extra.get("role") == "dj" and call.from_ == f"client:{DJ}":
            return _dj_desk(source)
        return enqueue_caller(QUEUE, wait_url="/wait", action="/left", greeting="Thanks for calling the show.")

    @app.get("/dj")
    @twilio
    def dj() -> VoiceResponse:
        """Where the DJ's call goes after each caller: the next one."""
        return _dj_desk(source)

    @app.post("/wait")
    @twilio
    def wait() -> VoiceResponse:
        call = CallRequest.from_form(request.form)
        if call.call_sid:
            record.waiting(call.call_sid, call.queue_time, call.avg_queue_time)
        return queue_wait(
            message="You are waiting to go on air.",
            position=call.queue_position,
            average_wait=call.avg_queue_time,
        )

    @app.post("/whisper")
    @twilio
    def whisper() -> VoiceResponse:
        """Played to the caller just before the DJ picks up: taken off the queue (Twilio
        asks the Enqueue action only once the call with the DJ ends)."""
        call = CallRequest.from_form(request.form)
        if call.call_sid:
            record.left(call.call_sid)
        return VoiceResponse(Say("You are on the air now."))

    @app.post("/left")
    @twilio
    def left() -> VoiceResponse:
        call = CallRequest.from_form(request.form)
        if call.call_sid:
            record.left(call.call_sid)
        return VoiceResponse(Say("Thanks for being on the show. Goodbye."))

    @app.get("/queue-status")
    def queue_status() -> Any:
        return jsonify(source.status().as_json())

    app.extensions["radio_callin"] = record
    return app


def _dj_desk(source: QueueSource) -> VoiceResponse:
    """The DJ takes the next caller, after a word about who is waiting (a whisper to the
    DJ alone: it is the DJ's own call)."""
    status = source.status()
    if not status.size:
        # Twilio makes the queue at the first caller's <Enqueue>, and dialing a queue that
        # does not exist yet fails at once: the desk would come back every two seconds.
        # So the DJ waits a little, then looks again.
        return VoiceResponse(Say("No one is waiting yet."), Pause(length=DESK_PAUSE), Redirect("/dj", method="GET"))
    said = f"{status.size} waiting; the next caller has waited {status.waits[0] if status.waits else 0} seconds."
    desk = answer_queue(QUEUE, next_url="/dj", whisper_url="/whisper")
    return desk.with_children(Say(said), *desk.children)


if __name__ == "__main__":
    create_app().run(debug=True)
