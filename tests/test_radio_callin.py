"""examples/radio_callin: the tutorial's app, every endpoint requested as Twilio requests it
(signed, with Twilio's parameters), the DJ's flow across its documents, and the queue
figures from both sources."""

from __future__ import annotations

import json
from typing import Any

import pytest

from examples.radio_callin.app import QUEUE, create_app
from examples.radio_callin.queues import LocalQueues, QueueStatus, TwilioQueues
from twimlkit import Dial, Enqueue, Queue, Redirect, Say, parse
from twimlkit.tokens import decode
from twimlkit.webhooks import CallRequest, compute_signature

TOKEN = "0123456789abcdef0123456789abcdef"
ACCOUNT = "AC" + "a" * 32
PUBLIC = "https://radio.example.org"
SECRET = "api-key-secret-for-tests-0123456789"


class Twilio:
    """Requests as Twilio sends them to the app: its parameters, signed with the token."""

    def __init__(self, app: Any) -> None:
        self.client = app.test_client()

    def post(self, path: str, call: CallRequest) -> Any:
        form = call.to_form()
        signature = compute_signature(PUBLIC + path, form, TOKEN)
        return self.client.post(path, data=form, headers={"X-Twilio-Signature": signature})

    def get(self, path: str) -> Any:
        return self.client.get(path, headers={"X-Twilio-Signature": compute_signature(PUBLIC + path, None, TOKEN)})


def caller(n: int, **parameters: Any) -> CallRequest:
    return CallRequest(
        call_sid=f"CA{n:032d}",
        account_sid=ACCOUNT,
        from_=f"+1555000{n:04d}",
        to="+15550001111",
        call_status="in-progress",
        direction="inbound",
        api_version="2010-04-01",
        **parameters,
    )


DJ_CALL = CallRequest(
    call_sid="CA" + "d" * 32,
    account_sid=ACCOUNT,
    from_="client:dj",
    to="",
    caller="client:dj",
    call_status="ringing",
    direction="inbound",
    api_version="2010-04-01",
    extra={"role": "dj"},
)


@pytest.fixture
def app(monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", TOKEN)
    return create_app(
        {"PUBLIC_URL": PUBLIC, "TWILIO_ACCOUNT_SID": ACCOUNT, "TWILIO_API_KEY_SECRET": SECRET, "TESTING": True}
    )


def status(app: Any) -> dict[str, Any]:
    response = app.test_client().get("/queue-status")
    assert response.status_code == 200
    return response.get_json()  # type: ignore[no-any-return]


def twiml(response: Any) -> Any:
    assert response.status_code == 200, response.data
    assert response.headers["Content-Type"] == "application/xml; charset=utf-8"
    return parse(response.data)


def test_the_djs_flow_across_its_documents(app: Any) -> None:
    twilio = Twilio(app)
    # Three callers ring in and wait; each wait-URL request tells their place.
    for n in (1, 2, 3):
        doc = twiml(twilio.post("/incoming", caller(n)))
        assert doc.find(Enqueue) == Enqueue(QUEUE, wait_url="/wait", action="/left")
    for n in (1, 2, 3):
        doc = twiml(twilio.post("/wait", caller(n, queue_position=n, queue_time=30 * (4 - n), avg_queue_time=40)))
        said = [say.text for say in doc.find_all(Say)]
        assert said[1].startswith("You are next in line." if n == 1 else f"You are number {n} in line.")
    assert status(app) == {"size": 3, "average_wait": 40, "waits": [90, 60, 30]}

    # The DJ's browser calls the TwiML App: a word about who waits, then the next caller.
    desk = twiml(twilio.post("/voice", DJ_CALL))
    assert desk.children[0] == Say("3 waiting; the next caller has waited 90 seconds.")
    dial = desk.find(Dial)
    assert dial is not None
    assert dial.hangup_on_star is True
    assert dial.children == (Queue(QUEUE, url="/whisper"),)
    assert desk.children[-1] == Redirect("/dj", method="GET")

    # Caller 1 hears the whisper, talks, and the DJ presses *: the bridge ends, caller 1's
    # Enqueue action is asked (bridged), and the DJ's Redirect takes the next caller.
    assert twiml(twilio.post("/whisper", caller(1, queue_sid="QU" + "1" * 32))).children == (
        Say("You are on the air now."),
    )
    # On air, caller 1 waits no more.
    assert status(app)["size"] == 2
    assert twiml(twilio.post("/left", caller(1, queue_result="bridged", queue_time=95))).find(Say) is not None
    assert status(app)["size"] == 2
    desk = twiml(twilio.get("/dj"))
    assert desk.children[0].text.startswith("2 waiting")
    assert desk.find(Dial) == dial


def test_a_listener_calling_from_a_browser_joins_the_queue(app: Any) -> None:
    listener = CallRequest(call_sid="CA" + "e" * 32, from_="client:ada", caller="client:ada", extra={"role": "dj"})
    # Only the DJ's own client takes callers, whatever parameters a browser sends.
    assert twiml(Twilio(app).post("/voice", listener)).find(Enqueue) is not None


@pytest.mark.parametrize("path", ["/incoming", "/voice", "/wait", "/whisper", "/left"])
def test_every_twilio_endpoint_refuses_unsigned_requests(app: Any, path: str) -> None:
    response = app.test_client().post(path, data=caller(1).to_form())
    assert response.status_code == 403
    forged = app.test_client().post(path, data=caller(1).to_form(), headers={"X-Twilio-Signature": "Zm9yZ2Vk"})
    assert forged.status_code == 403


def test_the_dashboard_carries_a_voice_sdk_token(app: Any) -> None:
    page = app.test_client().get("/").get_data(as_text=True)
    token = page.split('data-token="', 1)[1].split('"', 1)[0]
    claims = decode(token, SECRET)
    assert claims.identity == "dj"
    assert claims.grants["voice"]["incoming"] == {"allow": True}
    assert "/sdk/twilio.min.js" in page
    assert '<svg id="chart"' in page
    assert "https://" not in page.replace(PUBLIC, "")  # no external assets


def test_the_local_record_follows_the_callbacks() -> None:
    now = [1000.0]
    record = LocalQueues(clock=lambda: now[0])
    record.waiting("CA1", queue_time=10, average_wait=None)
    record.waiting("CA2", queue_time=0, average_wait=25)
    now[0] += 5
    assert record.status() == QueueStatus(size=2, average_wait=25, waits=(15, 5))
    record.left("CA1")
    record.left("CA-unknown")
    assert record.status() == QueueStatus(size=1, average_wait=25, waits=(5,))


class TwilioApi:
    """An http_client for twilio.rest.Client that answers as Twilio's REST API documents."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, str]] = []
        self.queue_sid = "QU" + "5" * 32

    def request(self, method: str, uri: str, **_: Any) -> Any:
        from twilio.http.response import Response

        self.requests.append((method, uri))
        page = {"page": 0, "page_size": 50, "next_page_uri": None, "previous_page_uri": None, "start": 0, "end": 1}
        if uri.endswith("/Queues.json"):
            body = {
                "queues": [
                    {
                        "sid": self.queue_sid,
                        "account_sid": ACCOUNT,
                        "friendly_name": QUEUE,
                        "current_size": 2,
                        "average_wait_time": 73,
                        "max_size": 100,
                        "uri": f"/2010-04-01/Accounts/{ACCOUNT}/Queues/{self.queue_sid}.json",
                    }
                ],
                **page,
            }
        elif uri.endswith("/Members.json"):
            members = [
                {"call_sid": "CA" + "1" * 32, "position": 1, "wait_time": 124, "queue_sid": self.queue_sid},
                {"call_sid": "CA" + "2" * 32, "position": 2, "wait_time": 31, "queue_sid": self.queue_sid},
            ]
            body = {"queue_members": members, **page}
        else:
            return Response(404, json.dumps({"message": "not found"}))
        return Response(200, json.dumps(body))


def test_the_figures_from_twilios_rest_api(monkeypatch: pytest.MonkeyPatch) -> None:
    from twilio.rest import Client

    api = TwilioApi()
    client = Client(ACCOUNT, TOKEN, http_client=api)  # type: ignore[arg-type]
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", TOKEN)
    app = create_app({"PUBLIC_URL": PUBLIC}, queues=TwilioQueues(client, QUEUE))
    assert status(app) == {"size": 2, "average_wait": 73, "waits": [124, 31]}
    assert [method for method, _ in api.requests] == ["GET", "GET"]
    assert api.requests[1][1].endswith(f"/Queues/{api.queue_sid}/Members.json")


def test_the_listener_page_carries_a_calling_token(app: Any) -> None:
    page = app.test_client().get("/listen").get_data(as_text=True)
    token = page.split('data-token="', 1)[1].split('"', 1)[0]
    claims = decode(token, SECRET)
    assert claims.identity.startswith("listener-")
    assert claims.grants["voice"]["outgoing"]["application_sid"].startswith("AP")
    assert "incoming" not in claims.grants["voice"]
    other = app.test_client().get("/listen").get_data(as_text=True)
    assert other.split('data-identity="', 1)[1].split('"', 1)[0] != claims.identity
    assert "/static/listen.js" in page
