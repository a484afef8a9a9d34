"""twimlkit.web.django, through Django's own test client."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

import django  # a dev dependency: missing, the test fails
import pytest
from django.conf import settings

if not settings.configured:
    settings.configure(
        ALLOWED_HOSTS=["testserver"],
        ROOT_URLCONF=__name__,
        MIDDLEWARE=[],
        SECRET_KEY="twimlkit-tests-only",
        USE_TZ=True,
    )
    django.setup()

from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import path

from tests.web_cases import CASES, EXPECTED_BODY, FORM, ROUTES, TOKEN, Case, answer, sign
from twimlkit import Hangup, VoiceResponse
from twimlkit.web.django import twilio_view

CALLS: list[str] = []


def _make_view(route: str, keywords: dict[str, Any]) -> Any:
    def view(request: HttpRequest) -> VoiceResponse:
        CALLS.append(route)
        form: object = request.POST or None
        if request.content_type == "application/json":
            form = FORM if json.loads(request.body) else None
        return answer(form)

    return twilio_view(**keywords)(view)


@twilio_view(auth_token=TOKEN)
async def async_view(request: HttpRequest) -> VoiceResponse:
    return VoiceResponse(Hangup())


@twilio_view(validate=False)
def response_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse("not TwiML", content_type="text/plain")


@twilio_view(auth_token=TOKEN)
def show_view(request: HttpRequest, name: str) -> VoiceResponse:
    return VoiceResponse(Hangup())


urlpatterns = [path(route.lstrip("/"), _make_view(route, keywords)) for route, keywords in ROUTES.items()] + [
    path("async", async_view),
    path("response", response_view),
    path("show/<str:name>", show_view),
]


def send(case: Case) -> Any:
    client = Client()
    extra = {"headers": case.headers, "REMOTE_ADDR": case.peer}
    if case.json_body is not None:
        return client.generic(case.method, case.target, case.json_body, content_type="application/json", **extra)
    if case.sends_form:
        # As Twilio posts it: urlencoded (Django's client.post would send multipart).
        body = urlencode(case.form or {})
        return client.generic(case.method, case.target, body, "application/x-www-form-urlencoded", **extra)
    return client.generic(case.method, case.target, **extra)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_each_request(case: Case) -> None:
    CALLS.clear()
    response = send(case)
    assert response.status_code == case.status, response.content
    if case.status == 200:
        assert response["Content-Type"] == "application/xml; charset=utf-8"
        assert response.content == (EXPECTED_BODY if case.form or case.json_body else answer(None).to_bytes())
        assert [case.route] == CALLS
    else:
        assert CALLS == []
        assert b"signature" in response.content


def test_the_token_comes_from_settings_then_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    signature = sign("http://testserver/settings", FORM)
    case = Case("settings", "/settings", 200, form=FORM, headers={"X-Twilio-Signature": signature})
    monkeypatch.delenv("TWILIO_AUTH_TOKEN", raising=False)
    with pytest.raises(RuntimeError, match="no Twilio auth token"):
        send(case)
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", TOKEN)
    assert send(case).status_code == 200
    with override_settings(TWILIO_AUTH_TOKEN="another-token"):  # settings win over the environment
        assert send(case).status_code == 403


def test_async_views() -> None:
    response = Client().post("/async", FORM, headers={"X-Twilio-Signature": sign("http://testserver/async", FORM)})
    assert response.status_code == 200
    assert response.content == VoiceResponse(Hangup()).to_bytes()


def test_a_response_the_view_makes_is_passed_on() -> None:
    response = Client().post("/response")
    assert response.content == b"not TwiML"
    assert response["Content-Type"] == "text/plain"


def test_debug_mode_checks_signatures_all_the_same() -> None:
    with override_settings(DEBUG=True):
        assert Client().post("/voice", FORM).status_code == 403


def test_a_path_with_utf8_escapes_is_rebuilt_as_sent() -> None:
    # Django's test client, like its development server, keeps no raw URI: the path is
    # rebuilt from Django's decoded one, as UTF-8.
    url = "http://testserver/show/J%C3%B6rg"
    response = Client().post("/show/J%C3%B6rg", FORM, headers={"X-Twilio-Signature": sign(url, FORM)})
    assert response.status_code == 200
