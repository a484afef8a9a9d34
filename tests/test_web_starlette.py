"""twimlkit.web.starlette, through Starlette's TestClient: FastAPI dependencies and
response_class, and a plain Starlette endpoint."""

from __future__ import annotations

from typing import Any

import fastapi
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.routing import Route
from starlette.testclient import TestClient

from tests.web_cases import CASES, EXPECTED_BODY, FORM, ROUTES, TOKEN, Case, answer, sign
from twimlkit import Hangup, VoiceResponse
from twimlkit.web.fastapi import TwiMLRoute
from twimlkit.web.starlette import TwilioSignature, TwiMLResponse

CALLS: list[str] = []


async def _form(request: Request) -> object:
    if request.headers.get("content-type", "").startswith("application/json"):
        return FORM
    return dict(await request.form()) or None  # python-multipart, as a FastAPI app reads it


def fastapi_app() -> Any:
    app = fastapi.FastAPI()
    router = fastapi.APIRouter(route_class=TwiMLRoute)
    for route, keywords in ROUTES.items():

        async def view(request: Request, route: str = route) -> VoiceResponse:
            CALLS.append(route)
            return answer(await _form(request))

        router.add_api_route(
            route,
            view,
            methods=["GET", "POST"],
            dependencies=[fastapi.Depends(TwilioSignature(**keywords))],  # type: ignore[arg-type]
        )

    @router.post("/sync")
    def sync_view() -> VoiceResponse:
        return VoiceResponse(Hangup())

    @router.get("/json")
    def json_view() -> dict[str, int]:
        return {"size": 3}

    app.include_router(router)

    @app.post("/plain", response_class=TwiMLResponse)
    async def plain() -> TwiMLResponse:
        return TwiMLResponse(VoiceResponse(Hangup()))

    return app


def starlette_app() -> Any:
    routes = []
    for route, keywords in ROUTES.items():
        check = TwilioSignature(**keywords)  # type: ignore[arg-type]

        async def endpoint(request: Request, check: TwilioSignature = check, route: str = route) -> TwiMLResponse:
            await check(request)
            CALLS.append(route)
            return TwiMLResponse(answer(await _form(request)))

        routes.append(Route(route, endpoint, methods=["GET", "POST"]))
    return Starlette(routes=routes)


APPS = {"fastapi": fastapi_app, "starlette": starlette_app}


def send(app: Any, case: Case) -> Any:
    client = TestClient(app, base_url="http://testserver", client=(case.peer, 50000))
    if case.json_body is not None:
        headers = {**case.headers, "Content-Type": "application/json"}
        return client.request(case.method, case.target, content=case.json_body, headers=headers)
    if case.sends_form:
        return client.request(case.method, case.target, data=case.form, headers=case.headers)
    return client.request(case.method, case.target, headers=case.headers)


@pytest.mark.parametrize("framework", sorted(APPS))
@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_each_request(framework: str, case: Case) -> None:
    CALLS.clear()
    response = send(APPS[framework](), case)
    assert response.status_code == case.status, response.text
    if case.status == 200:
        assert response.headers["content-type"] == "application/xml; charset=utf-8"
        assert response.content == (EXPECTED_BODY if case.form or case.json_body else answer(None).to_bytes())
        assert [case.route] == CALLS
    else:
        assert CALLS == []
        assert "signature" in response.text


@pytest.mark.parametrize("framework", sorted(APPS))
def test_the_token_comes_from_app_state_then_the_environment(framework: str, monkeypatch: pytest.MonkeyPatch) -> None:
    case = Case(
        "settings",
        "/settings",
        200,
        form=FORM,
        headers={"X-Twilio-Signature": sign("http://testserver/settings", FORM)},
    )
    app = APPS[framework]()
    monkeypatch.delenv("TWILIO_AUTH_TOKEN", raising=False)
    with pytest.raises(RuntimeError, match="no Twilio auth token"):
        send(app, case)
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", TOKEN)
    assert send(app, case).status_code == 200
    app.state.twilio_auth_token = "another-token"
    assert send(app, case).status_code == 403


def test_a_twiml_response_takes_documents_text_and_bytes_only() -> None:
    assert TwiMLResponse(VoiceResponse(Hangup())).body == VoiceResponse(Hangup()).to_bytes()
    assert TwiMLResponse("<Response/>").body == b"<Response/>"
    assert TwiMLResponse(VoiceResponse(Hangup())).headers["content-type"] == "application/xml; charset=utf-8"
    with pytest.raises(TypeError, match="takes a VoiceResponse"):
        TwiMLResponse({"not": "twiml"})


def test_fastapi_routes_send_documents_and_leave_the_rest_to_fastapi() -> None:
    client = TestClient(fastapi_app())
    hangup = VoiceResponse(Hangup()).to_bytes()
    for path in ("/sync", "/plain"):
        response = client.post(path)
        assert (response.status_code, response.content) == (200, hangup)
        assert response.headers["content-type"] == "application/xml; charset=utf-8"
    response = client.get("/json")
    assert response.json() == {"size": 3}
    assert response.headers["content-type"] == "application/json"


@pytest.mark.parametrize("framework", sorted(APPS))
def test_debug_mode_checks_signatures_all_the_same(framework: str) -> None:
    app = APPS[framework]()
    app.debug = True
    assert TestClient(app).post("/voice", data=FORM).status_code == 403


@pytest.mark.parametrize("framework", sorted(APPS))
def test_a_forwarded_header_sent_on_two_lines_counts_as_the_proxys_line(framework: str) -> None:
    # The client forges one line; the trusted proxy adds its own after it.
    client = TestClient(APPS[framework](), base_url="http://testserver", client=("10.1.2.3", 50000))
    for signed_for, status in (("https://forged.example", 403), ("https://radio.example.org", 200)):
        headers = [
            ("X-Forwarded-Proto", "https"),
            ("X-Forwarded-Host", "forged.example"),
            ("X-Forwarded-Host", "radio.example.org"),
            ("X-Twilio-Signature", sign(signed_for + "/proxied", FORM)),
        ]
        assert client.post("/proxied", data=FORM, headers=headers).status_code == status


def test_form_parameters_and_the_signature_check_go_together() -> None:
    """FastAPI reads the form for Form() parameters before the dependency runs; the check
    uses the form it read."""
    app = fastapi.FastAPI(dependencies=[fastapi.Depends(TwilioSignature(auth_token=TOKEN))])
    app.router.route_class = TwiMLRoute

    @app.post("/menu")
    def menu(Digits: str = fastapi.Form()) -> VoiceResponse:  # Twilio's name
        return VoiceResponse(Hangup()) if Digits == "1" else VoiceResponse()

    client = TestClient(app)
    form = {"CallSid": "CA" + "1" * 32, "Digits": "1"}
    signed = {"X-Twilio-Signature": sign("http://testserver/menu", form)}
    response = client.post("/menu", data=form, headers=signed)
    assert (response.status_code, response.content) == (200, VoiceResponse(Hangup()).to_bytes())
    assert client.post("/menu", data={**form, "Digits": "2"}, headers=signed).status_code == 403
