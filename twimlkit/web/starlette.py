"""Starlette and FastAPI: ``TwiMLResponse`` sends a document as TwiML; ``TwilioSignature``
checks Twilio's signature (a FastAPI dependency, or awaited in a Starlette endpoint).

    from fastapi import Depends, FastAPI, Request
    from twimlkit.presets import answer_queue
    from twimlkit.web.starlette import TwilioSignature, TwiMLResponse

    app = FastAPI(dependencies=[Depends(TwilioSignature(public_url="https://radio.example.org"))])

    @app.post("/voice", response_class=TwiMLResponse)
    async def voice():
        return answer_queue("radio-callin-queue", next_url="/voice")

The auth token is ``auth_token=``, else ``app.state.twilio_auth_token``, else
``$TWILIO_AUTH_TOKEN``, read per request.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import parse_qsl

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from .._document import Document
from .._request import Params
from . import CONTENT_TYPE
from ._signing import Check, Incoming, is_json, quoted_path

__all__ = ["TwiMLResponse", "TwilioSignature"]


class TwiMLResponse(Response):
    """A response of TwiML: ``TwiMLResponse(doc)``, or FastAPI's ``response_class`` for
    endpoints that return a document. Text and bytes are sent as given."""

    media_type = CONTENT_TYPE

    def render(self, content: Any) -> bytes | memoryview:
        if isinstance(content, Document):
            return content.to_bytes()
        if content is None or isinstance(content, str | bytes | memoryview):
            return super().render(content)
        raise TypeError(f"TwiMLResponse takes a VoiceResponse or MessagingResponse; got {type(content).__name__}")


class TwilioSignature:
    """Checks that a request is Twilio's: a FastAPI dependency
    (``Depends(TwilioSignature(...))``) or ``await TwilioSignature(...)(request)`` in a
    Starlette endpoint. Raises ``HTTPException(403)`` when the signature is missing or wrong."""

    def __init__(
        self,
        *,
        auth_token: str | None = None,
        public_url: str | None = None,
        trusted_proxies: Iterable[str] = (),
        validate: bool = True,
    ) -> None:
        self.check = Check(
            auth_token=auth_token, public_url=public_url, trusted_proxies=trusted_proxies, validate=validate
        )

    async def __call__(self, request: Request) -> None:
        if not await self.passes(request):
            raise HTTPException(status_code=403, detail="Twilio's request signature is missing or wrong.")

    async def passes(self, request: Request) -> bool:
        """Whether the request is Twilio's (always, with ``validate=False``)."""
        params: Params = None
        try:
            body = await request.body() if self.check.validate else b""
        except RuntimeError:
            # FastAPI read the form first (an endpoint with Form() parameters) and the body is
            # gone; Starlette keeps the form it read, which is what was signed.
            form = await request.form()
            pairs = [(name, value if isinstance(value, str) else str(value)) for name, value in form.multi_items()]
            return self._passes(request, pairs, has_body=True)
        if request.method not in ("GET", "HEAD"):
            # The form read from the body as Twilio writes it (UTF-8, urlencoded): Starlette's
            # own form parser needs python-multipart.
            if is_json(request.headers.get("content-type")):
                params = body
            else:
                params = parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
        return self._passes(request, params, has_body=bool(body))

    def _passes(self, request: Request, params: Params, *, has_body: bool) -> bool:
        scope = request.scope
        raw_path = scope.get("raw_path")
        path = (
            raw_path.decode("latin-1") if raw_path else quoted_path(scope.get("root_path", "") + scope.get("path", ""))
        )
        client = scope.get("client")
        host = request.headers.get("host")
        if not host:
            server = scope.get("server") or ("", None)
            host = f"{server[0]}:{server[1]}" if server[1] else str(server[0])
        incoming = Incoming(
            method=request.method,
            scheme=scope.get("scheme", "http"),
            host=host,
            path=path,
            query=scope.get("query_string", b"").decode("latin-1"),
            # A header sent on several lines counts as all of them (a proxy adds its own line).
            headers=lambda name: ", ".join(request.headers.getlist(name)) or None,
            peer=client[0] if client else None,
            signed_params=lambda: params,
            has_body=lambda: has_body,
        )
        state = getattr(request.app, "state", None) if "app" in scope else None
        return self.check.passes(incoming, getattr(state, "twilio_auth_token", None))
