"""Flask: ``twilio_view`` checks Twilio's signature and sends a returned document as TwiML.

    from twimlkit.presets import queue_wait
    from twimlkit.web.flask import twilio_view
    from twimlkit.webhooks import CallRequest

    @app.post("/wait")
    @twilio_view(public_url="https://radio.example.org")
    def wait():
        call = CallRequest.from_form(request.form)
        return queue_wait(position=call.queue_position, average_wait=call.avg_queue_time)

The auth token is ``auth_token=``, else ``app.config["TWILIO_AUTH_TOKEN"]``, else
``$TWILIO_AUTH_TOKEN``, read per request. Async views need Flask's ``async`` extra.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar, overload

from flask import Response, current_app, request

from .._document import Document
from . import twiml_response
from ._signing import Check, Incoming, guarded, is_json, quoted_path

__all__ = ["twilio_view"]

View = TypeVar("View", bound=Callable[..., Any])


@overload
def twilio_view(view: View, /) -> View: ...
@overload
def twilio_view(
    *,
    auth_token: str | None = None,
    public_url: str | None = None,
    trusted_proxies: Iterable[str] = (),
    validate: bool = True,
) -> Callable[[View], View]: ...
def twilio_view(
    view: View | None = None,
    /,
    *,
    auth_token: str | None = None,
    public_url: str | None = None,
    trusted_proxies: Iterable[str] = (),
    validate: bool = True,
) -> View | Callable[[View], View]:
    """Decorate a Flask view (sync or async) that Twilio requests: a request without
    Twilio's valid signature gets 403 and never reaches the view; a twimlkit document the
    view returns is sent as ``application/xml``; anything else is passed on to Flask."""
    check = Check(auth_token=auth_token, public_url=public_url, trusted_proxies=trusted_proxies, validate=validate)

    def decorate(view: View) -> View:
        return guarded(view, lambda _args: None if _passes(check) else _forbidden(), _answer)

    return decorate(view) if view is not None else decorate


def _passes(check: Check) -> bool:
    environ = request.environ
    raw = environ.get("RAW_URI") or environ.get("REQUEST_URI")
    path = raw.partition("?")[0] if raw else quoted_path(environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", ""))
    incoming = Incoming(
        method=request.method,
        scheme=environ.get("wsgi.url_scheme", "http"),
        host=environ.get("HTTP_HOST") or f"{environ.get('SERVER_NAME', '')}:{environ.get('SERVER_PORT', '')}",
        path=path,
        query=environ.get("QUERY_STRING", ""),
        headers=request.headers.get,
        peer=request.remote_addr,
        signed_params=lambda: request.get_data(cache=True) if is_json(request.content_type) else request.form,
        has_body=lambda: bool(request.get_data(cache=True)),
    )
    return check.passes(incoming, current_app.config.get("TWILIO_AUTH_TOKEN"))


def _forbidden() -> Response:
    return Response("Twilio's request signature is missing or wrong.\n", status=403, mimetype="text/plain")


def _answer(result: object) -> object:
    if isinstance(result, Document):
        body, status, headers = twiml_response(result)
        return Response(body, status=status, headers=headers)
    return result
