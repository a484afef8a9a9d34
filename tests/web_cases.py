"""The requests every web adapter is tried with, as Twilio sends them, and how to sign them.

Each adapter's test module serves the same routes (see ``ROUTES``) with its framework and
runs ``CASES`` through the framework's own test client."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from urllib.parse import urlencode

from twimlkit import VoiceResponse
from twimlkit.presets import queue_wait
from twimlkit.webhooks import CallRequest, body_hash, compute_signature

TOKEN = "0123456789abcdef0123456789abcdef"
PUBLIC = "https://radio.example.org"
TRUSTED = ["10.0.0.0/8"]
CALL = "CA" + "1" * 32
FORM = {"AccountSid": "AC" + "0" * 32, "CallSid": CALL, "From": "+15551234567", "QueuePosition": "2"}
JSON_BODY = json.dumps({"CallSid": CALL, "QueuePosition": 2}).encode()
#: Where the test clients send requests: what the app sees as its own scheme and host.
LOCAL = "http://testserver"


def answer(form: object) -> VoiceResponse:
    """What every test view answers: the wait document for the position posted (if any)."""
    position = CallRequest.from_form(form).queue_position if form else None  # type: ignore[arg-type]
    return queue_wait(position=position)


def sign(url: str, params: dict[str, str] | None = None, token: str = TOKEN) -> str:
    return compute_signature(url, params, token)


@dataclass
class Case:
    """One request: to a route, with a query, a form or a JSON body, headers, a peer, and
    the status it must get."""

    name: str
    route: str
    status: int
    method: str = "POST"
    query: str = ""
    form: dict[str, str] | None = None
    json_body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    peer: str = "127.0.0.1"
    #: Send the form as the body whatever the method (a GET with a body, as no Twilio GET is).
    body_on_get: bool = False

    @property
    def sends_form(self) -> bool:
        return self.form is not None and (self.method == "POST" or self.body_on_get)

    @property
    def target(self) -> str:
        return self.route + ("?" + self.query if self.query else "")


def _signed(route: str, query: str = "", form: dict[str, str] | None = None, base: str = LOCAL) -> dict[str, str]:
    url = base + route + ("?" + query if query else "")
    return {"X-Twilio-Signature": sign(url, form)}


_FORWARDED = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "radio.example.org"}
_JSON_QUERY = "bodySHA256=" + body_hash(JSON_BODY)

CASES = [
    Case("signed form POST", "/voice", 200, form=FORM, headers=_signed("/voice", form=FORM)),
    Case("unsigned", "/voice", 403, form=FORM),
    Case("forged signature", "/voice", 403, form=FORM, headers={"X-Twilio-Signature": "bm90IGEgc2lnbmF0dXJl"}),
    Case(
        "signature of other parameters",
        "/voice",
        403,
        form={**FORM, "QueuePosition": "1"},
        headers=_signed("/voice", form=FORM),
    ),
    Case("signed GET, URL alone", "/voice", 200, method="GET", query="n=1", headers=_signed("/voice", "n=1")),
    Case(
        "percent-encoded query (%2F, UTF-8)",
        "/voice",
        200,
        method="GET",
        query="x=a%2Fb&show=J%C3%B6rg&y=%7E",
        headers=_signed("/voice", "x=a%2Fb&show=J%C3%B6rg&y=%7E"),
    ),
    Case(
        "form POST with a %2F query",
        "/voice",
        200,
        query="next=%2Fwait",
        form=FORM,
        headers=_signed("/voice", "next=%2Fwait", FORM),
    ),
    Case(
        "GET signed as if it had the form",
        "/voice",
        403,
        method="GET",
        query=urlencode(FORM),
        headers=_signed("/voice", urlencode(FORM), FORM),
    ),
    Case("JSON webhook", "/voice", 200, query=_JSON_QUERY, json_body=JSON_BODY, headers=_signed("/voice", _JSON_QUERY)),
    Case(
        "JSON webhook, body changed",
        "/voice",
        403,
        query=_JSON_QUERY,
        json_body=JSON_BODY.replace(b"2", b"1"),
        headers=_signed("/voice", _JSON_QUERY),
    ),
    Case(
        "forwarded headers from an untrusted peer",
        "/proxied",
        403,
        form=FORM,
        headers={**_FORWARDED, **_signed("/proxied", form=FORM, base=PUBLIC)},
        peer="203.0.113.9",
    ),
    Case(
        "forwarded headers from a trusted proxy",
        "/proxied",
        200,
        form=FORM,
        headers={**_FORWARDED, **_signed("/proxied", form=FORM, base=PUBLIC)},
        peer="10.1.2.3",
    ),
    Case(
        "forged forwarded host appended to by the trusted proxy",
        "/proxied",
        200,
        form=FORM,
        headers={
            "X-Forwarded-Proto": "http, https",
            "X-Forwarded-Host": "evil.example, radio.example.org",
            **_signed("/proxied", form=FORM, base=PUBLIC),
        },
        peer="10.1.2.3",
    ),
    Case(
        "forwarded headers by default (no proxy trusted)",
        "/voice",
        403,
        form=FORM,
        headers={**_FORWARDED, **_signed("/voice", form=FORM, base=PUBLIC)},
        peer="10.1.2.3",
    ),
    Case("public URL wins", "/public", 200, form=FORM, headers=_signed("/public", form=FORM, base=PUBLIC)),
    Case(
        "public URL: the local URL is not what Twilio signed",
        "/public",
        403,
        form=FORM,
        headers=_signed("/public", form=FORM),
    ),
    Case("checking switched off explicitly", "/open", 200, form=FORM),
    Case(
        "GET whose body the signature does not cover",
        "/voice",
        403,
        method="GET",
        form={"Digits": "*", "From": "client:dj"},
        body_on_get=True,
        headers=_signed("/voice"),
    ),
]

#: The routes each adapter's app serves, with the adapter's keywords for each.
ROUTES: dict[str, dict[str, object]] = {
    "/voice": {"auth_token": TOKEN},
    "/proxied": {"auth_token": TOKEN, "trusted_proxies": TRUSTED},
    "/public": {"auth_token": TOKEN, "public_url": PUBLIC},
    "/open": {"validate": False},
    "/settings": {},
}

EXPECTED_BODY = answer(FORM).to_bytes()
