"""How the simulator's requests reach the app: in-process (WSGI, ASGI) or over HTTP."""

from __future__ import annotations

import asyncio
import contextlib
import threading
import weakref
from collections.abc import Callable, Coroutine
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
        return _Asgi(app).send
    wsgi = httpx.WSGITransport(app=app)

    def over_wsgi(request: httpx.Request) -> httpx.Response:
        response = wsgi.handle_request(request)
        response.read()
        return response

    return over_wsgi


class _Asgi:
    """An ASGI app on an event loop of its own, in a thread, as a server runs it: one loop
    for all its requests, its lifespan started before the first. A test may call from its
    own event loop; a request made while the app handles another (an endpoint calling the
    simulator's REST API) runs on a loop of its own, since the app's loop is busy."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.transport = httpx.ASGITransport(app=app)
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=_serve, args=(self.loop,), name="twimlkit-sim-asgi", daemon=True)
        self.thread.start()
        self.started = False

    def send(self, request: httpx.Request) -> httpx.Response:
        if threading.current_thread() is self.thread:
            return self._elsewhere(self._handle(request))
        if not self.started:
            self.started = True
            self._run(self._lifespan())
        response: httpx.Response = self._run(self._handle(request))
        return response

    def _run(self, work: Coroutine[Any, Any, Any]) -> Any:
        return asyncio.run_coroutine_threadsafe(work, self.loop).result()

    @staticmethod
    def _elsewhere(work: Coroutine[Any, Any, httpx.Response]) -> httpx.Response:
        answer: list[httpx.Response] = []
        failed: list[BaseException] = []

        def run() -> None:
            try:
                answer.append(asyncio.run(work))
            except BaseException as error:  # handed to the caller's thread
                failed.append(error)

        worker = threading.Thread(target=run, name="twimlkit-sim-asgi-nested")
        worker.start()
        worker.join()
        if failed:
            raise failed[0]
        return answer[0]

    async def _handle(self, request: httpx.Request) -> httpx.Response:
        response = await self.transport.handle_async_request(request)
        await response.aread()
        return response

    async def _lifespan(self) -> None:
        """The app's lifespan startup (what it sets up in ``app.state``); an app without a
        lifespan raises or returns, and is served all the same."""
        inbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        outbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        scope = {"type": "lifespan", "asgi": {"version": "3.0", "spec_version": "2.0"}, "state": {}}
        running = asyncio.ensure_future(self.app(scope, inbox.get, outbox.put))
        # Shut down when the simulator goes (or the interpreter ends), as a server would.
        weakref.finalize(self, _shut_down, self.loop, inbox, running)
        await inbox.put({"type": "lifespan.startup"})
        reply = asyncio.ensure_future(outbox.get())
        await asyncio.wait({running, reply}, return_when=asyncio.FIRST_COMPLETED)
        if not reply.done():
            reply.cancel()
            return  # the app ended (or raised) at once: it has no lifespan
        message = reply.result()
        if message.get("type") == "lifespan.startup.failed":
            raise RuntimeError(f"the app's lifespan startup failed: {message.get('message', '')}")


def _shut_down(
    loop: asyncio.AbstractEventLoop, inbox: asyncio.Queue[dict[str, Any]], running: asyncio.Future[Any]
) -> None:
    """The app's lifespan shutdown, then its loop stops."""

    async def shut_down() -> None:
        await inbox.put({"type": "lifespan.shutdown"})
        await asyncio.wait({running}, timeout=1)
        if not running.done():
            running.cancel()
            await asyncio.wait({running}, timeout=1)

    if loop.is_running():
        with contextlib.suppress(Exception):
            asyncio.run_coroutine_threadsafe(shut_down(), loop).result(3)
        loop.call_soon_threadsafe(loop.stop)


def _serve(loop: asyncio.AbstractEventLoop) -> None:
    try:
        loop.run_forever()
    finally:
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.close()
