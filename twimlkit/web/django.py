"""Django: ``twilio_view`` checks Twilio's signature and sends a returned document as TwiML.

    from django.views.decorators.csrf import csrf_exempt
    from twimlkit.presets import enqueue_caller
    from twimlkit.web.django import twilio_view

    @csrf_exempt  # Twilio posts without a CSRF token; its signature is checked instead
    @twilio_view
    def incoming(request):
        return enqueue_caller("radio-callin-queue", wait_url="/wait")

The auth token is ``auth_token=``, else ``settings.TWILIO_AUTH_TOKEN``, else
``$TWILIO_AUTH_TOKEN``, read per request. Sync and async views alike.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar, overload

from django.conf import settings
from django.http import HttpRequest, HttpResponse

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
    """Decorate a Django view (sync or async) that Twilio requests: a request without
    Twilio's valid signature gets 403 and never reaches the view; a twimlkit document the
    view returns is sent as ``application/xml``; any other response is passed on."""
    check = Check(auth_token=auth_token, public_url=public_url, trusted_proxies=trusted_proxies, validate=validate)

    def decorate(view: View) -> View:
        return guarded(view, lambda args: None if _passes(check, args[0]) else _forbidden(), _answer)

    return decorate(view) if view is not None else decorate


def _passes(check: Check, request: HttpRequest) -> bool:
    meta = request.META
    scope: dict[str, Any] | None = getattr(request, "scope", None)  # ASGI
    if scope is not None and scope.get("raw_path"):
        path = scope["raw_path"].decode("latin-1")
    elif raw := meta.get("RAW_URI") or meta.get("REQUEST_URI"):
        path = raw.partition("?")[0]
    else:
        # Django keeps PATH_INFO decoded as UTF-8 text.
        path = quoted_path(meta.get("SCRIPT_NAME", "") + meta.get("PATH_INFO", ""), wsgi=False)
    # The scheme and host as the server saw them: Django's request.scheme and get_host()
    # may follow proxy headers by settings; here only trusted_proxies decide.
    scheme = scope.get("scheme", "http") if scope is not None else meta.get("wsgi.url_scheme", "http")
    incoming = Incoming(
        method=request.method or "GET",
        scheme=scheme,
        host=meta.get("HTTP_HOST") or f"{meta.get('SERVER_NAME', '')}:{meta.get('SERVER_PORT', '')}",
        path=path,
        query=meta.get("QUERY_STRING", ""),
        headers=request.headers.get,
        peer=meta.get("REMOTE_ADDR"),
        signed_params=lambda: request.body if is_json(request.content_type) else request.POST,
        has_body=lambda: bool(request.body),
    )
    return check.passes(incoming, getattr(settings, "TWILIO_AUTH_TOKEN", None))


def _forbidden() -> HttpResponse:
    return HttpResponse("Twilio's request signature is missing or wrong.\n", status=403, content_type="text/plain")


def _answer(result: object) -> object:
    if isinstance(result, Document):
        body, status, headers = twiml_response(result)
        return HttpResponse(body, status=status, headers=headers)
    return result
