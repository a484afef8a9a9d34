"""How the simulator's requests reach the app: in-process (WSGI, ASGI) or over HTTP."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import httpx

__all__ = ["sender"]


def sender(app: Callable[..., Any] | str) -> Callable[[httpx.Request], httpx.Response]:
    """How requests reach ``app``: in-process for WSGI and ASGI callables, over HTTP for a
    URL. Straight to a transport, with the body read: the simulator follows redirects and
    keeps cookies itself, as Twilio does."""
    if isinstance(app, str):
        base = app.rstrip("/")
        client = httpx.Client()

        def over_http(request: httpx.Request) -> httpx.Response:
            # Signed for the public URL, sent to the server on localhost.
            target = base + request.url.raw_path.decode("ascii")
            response = client.send(
                httpx.Request(request.method, target, headers=request.headers, content=request.content)
            )
            response.read()
            return response

        return over_http
    # An ASGI app is a coroutine function, or an object whose __call__ is one (Starlette's).
    if asyncio.iscoroutinefunction(app) or asyncio.iscoroutinefunction(type(app).__call__):
        asgi = httpx.ASGITransport(app=app)

        def over_asgi(request: httpx.Request) -> httpx.Response:
            async def send() -> httpx.Response:
                response = await asgi.handle_async_request(request)
                await response.aread()
                return response

            return asyncio.run(send())

        return over_asgi
    wsgi = httpx.WSGITransport(app=app)

    def over_wsgi(request: httpx.Request) -> httpx.Response:
        response = wsgi.handle_request(request)
        response.read()
        return response

    return over_wsgi
