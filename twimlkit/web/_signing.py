"""What every adapter does to check a request: rebuild the URL Twilio signed, choose what it
signed with it, find the auth token, and ask ``webhooks.is_valid``."""

from __future__ import annotations

import functools
import inspect
import ipaddress
import os
from collections.abc import Callable, Iterable
from typing import Any, Final, TypeVar
from urllib.parse import quote

from .._request import Params
from ..webhooks import SIGNATURE_HEADER, SIGNATURE_SETTINGS_HEADER, is_valid, signature_algorithm

__all__ = ["Check", "Incoming", "guarded"]

View = TypeVar("View", bound=Callable[..., Any])

#: The environment variable read for the auth token when no argument or setting gives it.
TOKEN_VARIABLE: Final = "TWILIO_AUTH_TOKEN"
#: The characters a path keeps unescaped when it must be rebuilt from a decoded one.
_PATH_SAFE: Final = "/:@!$&'()*+,;=-._~"

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class Incoming:
    """A request as the check needs it, whatever the framework: the method, the scheme and
    ``Host`` the app saw, the path and query string as sent (undecoded), the headers (by
    lower-case name; a header sent on several lines as one value, joined by commas), the
    address of the peer that connected, a function that gives what Twilio signed besides the
    URL (the form's pairs, or the raw JSON body), and one that tells whether there is a body."""

    __slots__ = ("has_body", "headers", "host", "method", "path", "peer", "query", "scheme", "signed_params")

    def __init__(
        self,
        *,
        method: str,
        scheme: str,
        host: str,
        path: str,
        query: str,
        headers: Callable[[str], str | None],
        peer: str | None,
        signed_params: Callable[[], Params],
        has_body: Callable[[], bool],
    ) -> None:
        self.method = method.upper()
        self.scheme = scheme
        self.host = host
        self.path = path
        self.query = query
        self.headers = headers
        self.peer = peer
        self.signed_params = signed_params
        self.has_body = has_body


def is_json(content_type: str | None) -> bool:
    """Whether a request body is a JSON webhook's (signed through ``bodySHA256``)."""
    media = (content_type or "").partition(";")[0].strip().lower()
    return media == "application/json" or media.endswith("+json")


def quoted_path(decoded: str, *, wsgi: bool = True) -> str:
    """A path as sent, from the decoded one a server gives, when it keeps no raw copy:
    escaped again as clients escape it. ``wsgi``: PATH_INFO as PEP 3333 has it (each byte
    one character); else text decoded as UTF-8 (Django's). What a client escaped that needs
    no escaping (``%7E``, and ``%2F`` for a slash) cannot be told apart: give such URLs to a
    server that keeps the raw one (gunicorn, uWSGI, mod_wsgi and ASGI servers do)."""
    try:
        raw = decoded.encode("latin-1") if wsgi else decoded.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a server that decoded the bytes as UTF-8
        raw = decoded.encode("utf-8", "surrogateescape")
    return quote(raw, safe=_PATH_SAFE)


class Check:
    """One adapter's settings: how requests are checked. ``auth_token`` None means the
    framework's setting, then the environment, read per request (``token_from_settings``)."""

    __slots__ = ("auth_token", "proxies", "public_url", "validate")

    def __init__(
        self,
        *,
        auth_token: str | None = None,
        public_url: str | None = None,
        trusted_proxies: Iterable[str] = (),
        validate: bool = True,
    ) -> None:
        if validate is not True and validate is not False:
            raise TypeError(f"validate takes True or False; got {validate!r}")
        if auth_token is not None and (not isinstance(auth_token, str) or not auth_token):
            raise TypeError("auth_token must be a non-empty str, or None to read it from settings or the environment")
        if isinstance(trusted_proxies, str):
            raise TypeError(
                f"trusted_proxies takes a list of addresses or networks; got the string {trusted_proxies!r}"
            )
        self.auth_token = auth_token
        self.public_url = public_url.rstrip("/") if public_url else None
        if public_url is not None and not public_url.startswith(("https://", "http://")):
            raise ValueError(f"public_url must start with https:// or http://; got {public_url!r}")
        try:
            self.proxies: tuple[Network, ...] = tuple(
                ipaddress.ip_network(item, strict=False) for item in trusted_proxies
            )
        except ValueError as error:
            raise ValueError(f"trusted_proxies: {error}") from None
        self.validate = validate

    def token(self, from_settings: str | None) -> str:
        """The auth token to check with, now: the argument, the setting, the environment."""
        token = self.auth_token or from_settings or os.environ.get(TOKEN_VARIABLE)
        if not token:
            raise RuntimeError(
                "no Twilio auth token to check requests with: pass auth_token=, set TWILIO_AUTH_TOKEN in the "
                f"framework's settings or the ${TOKEN_VARIABLE} environment variable (or validate=False, explicitly)"
            )
        return token

    def trusted(self, peer: str | None) -> bool:
        if not self.proxies or not peer:
            return False
        try:
            address = ipaddress.ip_address(peer)
        except ValueError:
            return False
        return any(address in network for network in self.proxies)

    def signed_url(self, request: Incoming) -> str:
        """The URL Twilio requested: ``public_url``, or the scheme and host the request (or
        a trusted proxy's forwarded headers) gives, then the path and query as sent."""
        tail = request.path + ("?" + request.query if request.query else "")
        if self.public_url is not None:
            return self.public_url + tail
        scheme, host = request.scheme, request.host
        if self.trusted(request.peer):
            # A proxy appends to what it was sent: the last value is the one it set.
            proto = request.headers("x-forwarded-proto")
            forwarded_host = request.headers("x-forwarded-host")
            if proto:
                scheme = proto.rsplit(",", 1)[-1].strip().lower()
            if forwarded_host:
                host = forwarded_host.rsplit(",", 1)[-1].strip()
        return f"{scheme}://{host}{tail}"

    def passes(self, request: Incoming, token_from_settings: str | None) -> bool:
        """Whether the request is Twilio's (always, with ``validate=False``)."""
        if not self.validate:
            return True
        token = self.token(token_from_settings)
        signature = request.headers(SIGNATURE_HEADER.lower())
        if not signature:
            return False
        if request.method in ("GET", "HEAD"):
            # Twilio signs a GET's URL alone and sends no body: a body could only carry
            # fields the signature does not cover, which a framework would read as the form.
            if request.has_body():
                return False
            params: Params = None
        else:
            params = request.signed_params()
        algorithm = signature_algorithm(request.headers(SIGNATURE_SETTINGS_HEADER.lower()))
        return is_valid(self.signed_url(request), params, signature, token, algorithm=algorithm)


def guarded(
    view: View, refusal: Callable[[tuple[Any, ...]], object | None], answer: Callable[[object], object]
) -> View:
    """``view`` (sync or async) behind a check: ``refusal(args)`` is the response that refuses
    the request, or None to let it through; what the view returns goes through ``answer``.
    The decorators of the frameworks whose views are plain functions are this."""
    if inspect.iscoroutinefunction(view):

        @functools.wraps(view)
        async def checked_async(*args: Any, **kwargs: Any) -> Any:
            refused = refusal(args)
            return refused if refused is not None else answer(await view(*args, **kwargs))

        return checked_async  # type: ignore[return-value]

    @functools.wraps(view)
    def checked(*args: Any, **kwargs: Any) -> Any:
        refused = refusal(args)
        return refused if refused is not None else answer(view(*args, **kwargs))

    return checked  # type: ignore[return-value]
