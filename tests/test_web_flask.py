"""twimlkit.web.flask, through Flask's own test client."""

from __future__ import annotations

from typing import Any

import flask  # a dev dependency: missing, the test fails
import pytest

from tests.web_cases import CASES, EXPECTED_BODY, FORM, ROUTES, TOKEN, Case, answer, sign
from twimlkit import Hangup, VoiceResponse
from twimlkit.web.flask import twilio_view

CALLS: list[str] = []


def make_app() -> Any:
    app = flask.Flask("twimlkit-test")
    for route, keywords in ROUTES.items():

        def view(route: str = route) -> VoiceResponse:
            CALLS.append(route)
            request = flask.request
            form = request.form if request.form else (request.get_json(silent=True) and FORM)
            return answer(form)

        app.add_url_rule(route, route, twilio_view(**keywords)(view), methods=["GET", "POST"])  # type: ignore[arg-type]

    @app.post("/async")
    @twilio_view(auth_token=TOKEN)
    async def async_view() -> VoiceResponse:
        return VoiceResponse(Hangup())

    @app.post("/text")
    @twilio_view(validate=False)
    def text_view() -> str:
        return "not TwiML"

    return app


def send(client: Any, case: Case) -> Any:
    keywords: dict[str, Any] = {
        "method": case.method,
        "headers": case.headers,
        "environ_base": {"REMOTE_ADDR": case.peer},
        "base_url": "http://testserver",
    }
    if case.json_body is not None:
        keywords |= {"data": case.json_body, "content_type": "application/json"}
    elif case.sends_form:
        keywords["data"] = case.form
    return client.open(case.target, **keywords)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_each_request(case: Case) -> None:
    CALLS.clear()
    response = send(make_app().test_client(), case)
    assert response.status_code == case.status, response.data
    if case.status == 200:
        assert response.headers["Content-Type"] == "application/xml; charset=utf-8"
        assert response.data == (EXPECTED_BODY if case.form or case.json_body else answer(None).to_bytes())
        assert [case.route] == CALLS
    else:
        assert CALLS == []  # the view never ran
        assert b"signature" in response.data


def test_the_token_comes_from_the_config_then_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    case = Case(
        "settings",
        "/settings",
        200,
        form=FORM,
        headers={"X-Twilio-Signature": sign("http://testserver/settings", FORM)},
    )
    app = make_app()
    app.testing = True  # the error reaches the test, as it reaches the log of a running app
    monkeypatch.delenv("TWILIO_AUTH_TOKEN", raising=False)
    with pytest.raises(RuntimeError, match="no Twilio auth token"):
        send(app.test_client(), case)
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", TOKEN)
    assert send(app.test_client(), case).status_code == 200
    app.config["TWILIO_AUTH_TOKEN"] = "another-token"  # the config wins over the environment
    assert send(app.test_client(), case).status_code == 403


def test_async_views() -> None:
    import asgiref  # noqa: F401  # Flask runs async views through it (a dev dependency)

    url = "http://testserver/async"
    response = (
        make_app()
        .test_client()
        .post("/async", data=FORM, headers={"X-Twilio-Signature": sign(url, FORM)}, base_url="http://testserver")
    )
    assert response.status_code == 200
    assert response.data == VoiceResponse(Hangup()).to_bytes()


def test_what_is_not_a_document_is_passed_on() -> None:
    response = make_app().test_client().post("/text")
    assert response.data == b"not TwiML"
    assert response.mimetype == "text/html"


def test_switching_off_takes_a_bool() -> None:
    with pytest.raises(TypeError, match="validate takes True or False"):
        twilio_view(validate="no")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="trusted_proxies takes a list"):
        twilio_view(trusted_proxies="10.0.0.1")
    with pytest.raises(ValueError, match="public_url must start with"):
        twilio_view(public_url="radio.example.org")


def test_debug_mode_checks_signatures_all_the_same() -> None:
    app = make_app()
    app.debug = True
    response = app.test_client().post("/voice", data=FORM)
    assert response.status_code == 403
