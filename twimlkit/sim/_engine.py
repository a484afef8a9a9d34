"""The simulator's engine: calls as generators of what they wait for, run on a fake clock.

A call's script fetches a document, runs its verbs, and yields a ``_Sleep`` (a ``<Pause>``)
or an ``_Input`` (a ``<Gather>`` waiting for keys); ``Twilio.advance`` and ``Call.press``
resume it. Requests go to the app in-process (WSGI) or to a server (a base URL) through
httpx, signed as Twilio signs them.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from typing import Any, Final
from urllib.parse import urlencode, urljoin, urlsplit

import httpx

from .. import Gather, Hangup, Pause, Play, Redirect, Reject, Say, VoiceResponse, parse
from .._node import Node
from ..exceptions import ParseError, ValidationError
from ..webhooks import CallRequest, compute_signature

__all__ = ["Call", "Exchange", "SimulationError", "Transcript", "Twilio"]

#: What Twilio says when it cannot get a document to run (and no fallback URL is set).
APPLICATION_ERROR: Final = "We are sorry, an application error has occurred. Goodbye."
API_VERSION: Final = "2010-04-01"
#: Gather's defaults (Gather page): 5 seconds, '#' ends the input.
GATHER_TIMEOUT: Final = 5
FINISH_ON_KEY: Final = "#"


class SimulationError(Exception):
    """The simulated call cannot go on as Twilio would: a loop over the document limit, a
    verb the simulator does not run yet, or a call used after it ended."""


@dataclass(frozen=True)
class Exchange:
    """One request the simulator made and the app's answer."""

    call_sid: str
    method: str
    url: str
    params: dict[str, str]
    status: int
    body: str


@dataclass
class Transcript:
    """What happened on a call, in order: what the caller heard and pressed, and when."""

    entries: list[tuple[float, str]] = field(default_factory=list)

    def add(self, at: float, what: str) -> None:
        self.entries.append((at, what))

    def said(self) -> list[str]:
        """The words spoken to the caller, each ``<Say>`` one item."""
        return [what.removeprefix("Say: ") for _at, what in self.entries if what.startswith("Say: ")]

    def __str__(self) -> str:
        return "\n".join(f"{at:7.1f}s  {what}" for at, what in self.entries)

    def __iter__(self) -> Iterator[tuple[float, str]]:
        return iter(self.entries)


@dataclass(frozen=True)
class _Sleep:
    until: float


@dataclass(frozen=True)
class _Input:
    deadline: float
    num_digits: int | None
    finish_on_key: str


@dataclass
class _Route:
    voice_url: str
    voice_method: str = "POST"
    fallback_url: str | None = None
    fallback_method: str = "POST"


_Next = tuple[str, str, dict[str, str]]  # the URL, method and extra parameters of the next request
_Script = Generator[_Sleep | _Input, str | None, None]


class Call:
    """One call: its SID, status and transcript; ``press`` sends keys, ``hang_up`` ends it."""

    def __init__(self, twilio: Twilio, base: CallRequest, route: _Route) -> None:
        self.twilio = twilio
        self.sid: str = base.call_sid or ""
        self.status = "ringing"
        self.transcript = Transcript()
        self._base = base
        self._route = route
        self._waiting: _Sleep | _Input | None = None
        self._keys = ""
        self._script = self._run()

    # -- the test's side ----------------------------------------------------------------

    def press(self, keys: str) -> None:
        """Send DTMF keys (``"1#"``, ``"*"``), one at a time as a caller presses them."""
        if not isinstance(keys, str) or not keys or any(key not in "0123456789*#" for key in keys):
            raise ValueError(f"press() takes keys 0-9, * and #; got {keys!r}")
        self._alive()
        for key in keys:
            self.transcript.add(self.twilio.now, f"pressed {key}")
            waiting = self._waiting
            if not isinstance(waiting, _Input):
                continue  # no <Gather> listens: Twilio drops the tone
            self._keys += key
            if key in waiting.finish_on_key and waiting.finish_on_key:
                self._resume(self._keys[:-1])
            elif waiting.num_digits is not None and len(self._keys) >= waiting.num_digits:
                self._resume(self._keys)

    def hang_up(self) -> None:
        """The caller hangs up."""
        self._alive()
        self.transcript.add(self.twilio.now, "caller hung up")
        self._end("completed")
        self._script.close()

    @property
    def ended(self) -> bool:
        return self.status in ("completed", "busy", "no-answer", "failed", "canceled")

    def __repr__(self) -> str:
        return f"<Call {self.sid} {self.status}>"

    # -- the engine's side --------------------------------------------------------------

    def _alive(self) -> None:
        if self.ended:
            raise SimulationError(f"call {self.sid} has ended ({self.status})")

    def _start(self) -> None:
        self.status = "in-progress"
        self._step(lambda: next(self._script))

    def _resume(self, value: str) -> None:
        self._step(lambda: self._script.send(value))

    def _step(self, step: Callable[[], _Sleep | _Input]) -> None:
        self._waiting = None
        self._keys = ""
        try:
            waiting = step()
        except StopIteration:
            if not self.ended:
                self._end("completed")
            return
        self._waiting = waiting

    def _due(self) -> float | None:
        waiting = self._waiting
        if isinstance(waiting, _Sleep):
            return waiting.until
        if isinstance(waiting, _Input):
            return waiting.deadline
        return None

    def _wake(self) -> None:
        """Its wait is over: a pause has passed, or a gather timed out (with what was pressed)."""
        if isinstance(self._waiting, _Input):
            self.transcript.add(self.twilio.now, "gather timed out")
            self._resume(self._keys)
        else:
            self._resume("")

    def _end(self, status: str) -> None:
        self.status = status
        self._waiting = None

    def _run(self) -> _Script:
        route = self._route
        step: _Next | None = (route.voice_url, route.voice_method, {})
        documents = 0
        while step is not None and not self.ended:
            documents += 1
            if documents > self.twilio.max_documents:
                raise SimulationError(
                    f"call {self.sid} asked for {documents - 1} documents, the limit (max_documents): "
                    "a Redirect or Gather loop?"
                )
            url, method, extra = step
            doc = self._fetch(url, method, extra)
            if doc is None:
                return
            step = yield from self._execute(doc, self.twilio.absolute(url))

    def _fetch(self, url: str, method: str, extra: dict[str, str]) -> VoiceResponse | None:
        """The document at ``url``, or what Twilio does when there is none to run: the
        fallback URL's, or the application-error message and a hang-up."""
        doc = self._document(url, method, extra)
        if doc is None and self._route.fallback_url:
            self.transcript.add(self.twilio.now, f"fell back to {self._route.fallback_url}")
            doc = self._document(self._route.fallback_url, self._route.fallback_method, extra)
        if doc is None:
            self.transcript.add(self.twilio.now, f"Say: {APPLICATION_ERROR}")
            self._end("completed")
        return doc

    def _document(self, url: str, method: str, extra: dict[str, str]) -> VoiceResponse | None:
        params = {**self._base.to_form(), "CallStatus": self.status, **extra}
        status, body = self.twilio._request(self.sid, method, url, params)
        if not 200 <= status < 300:
            self.transcript.add(self.twilio.now, f"{method} {url} answered {status}")
            return None
        try:
            doc = parse(body, strict=False)
        except (ParseError, ValidationError) as error:
            self.transcript.add(self.twilio.now, f"{method} {url} answered what is not TwiML: {error}")
            return None
        if not isinstance(doc, VoiceResponse):
            self.transcript.add(self.twilio.now, f"{method} {url} answered a Messaging document")
            return None
        for warning in doc.lint():
            self.twilio.warnings.append((self.sid, url, str(warning)))
        return doc

    def _execute(self, doc: VoiceResponse, url: str) -> Generator[_Sleep | _Input, str | None, _Next | None]:
        """Run ``doc``'s verbs; the next request to make, or None when the call ends."""
        for verb in doc.children:
            if not isinstance(verb, Node):
                continue  # comments
            if isinstance(verb, Say | Play):
                self._speak(verb)
            elif isinstance(verb, Pause):
                yield from self._pause(verb)
            elif isinstance(verb, Gather):
                step = yield from self._gather(verb, url)
                if step is not None:
                    return step
            elif isinstance(verb, Redirect):
                return urljoin(url, verb.text), verb.method or "POST", {}
            elif isinstance(verb, Hangup):
                self.transcript.add(self.twilio.now, "Hangup")
                self._end("completed")
                return None
            elif isinstance(verb, Reject):
                self.transcript.add(self.twilio.now, f"Reject ({verb.reason or 'rejected'})")
                self._end("busy" if verb.reason == "busy" else "no-answer")
                return None
            else:
                raise SimulationError(f"twimlkit.sim does not run <{verb.tag}> yet (at {url})")
        self.transcript.add(self.twilio.now, "the document ended")
        self._end("completed")
        return None

    def _speak(self, verb: Say | Play) -> None:
        if isinstance(verb, Say):
            self.transcript.add(self.twilio.now, f"Say: {verb.text}")
        elif verb.text:
            self.transcript.add(self.twilio.now, f"Play: {verb.text}")
        else:
            self.transcript.add(self.twilio.now, f"Play digits: {verb.digits}")

    def _pause(self, verb: Pause) -> Generator[_Sleep | _Input, str | None, None]:
        seconds = 1 if verb.length is None else verb.length
        self.transcript.add(self.twilio.now, f"Pause {seconds}s")
        yield _Sleep(self.twilio.now + seconds)

    def _gather(self, verb: Gather, url: str) -> Generator[_Sleep | _Input, str | None, _Next | None]:
        """Gather's rules: its prompts play, then it waits up to ``timeout`` seconds; what was
        pressed goes to ``action`` (default: this document), the finish key left out; with
        nothing pressed, the call goes on after the ``<Gather>`` (unless actionOnEmptyResult)."""
        inputs = verb.input or ("dtmf",)
        if "dtmf" not in inputs:
            raise SimulationError(f"twimlkit.sim does not run speech <Gather> yet (at {url})")
        for prompt in verb.children:
            if isinstance(prompt, Say | Play):
                self._speak(prompt)
            elif isinstance(prompt, Pause):
                yield from self._pause(prompt)
        timeout = GATHER_TIMEOUT if verb.timeout is None else int(verb.timeout)
        finish = FINISH_ON_KEY if verb.finish_on_key is None else str(verb.finish_on_key)
        self.transcript.add(self.twilio.now, "Gather waits")
        digits = yield _Input(self.twilio.now + timeout, verb.num_digits, finish)
        if not digits and not verb.action_on_empty_result:
            return None
        action = urljoin(url, verb.action) if verb.action else url
        return action, verb.method or "POST", {"Digits": digits or ""}


class Twilio:
    """A simulated Twilio account that calls ``app``: a WSGI callable, an ASGI callable
    (``async def app(scope, receive, send)``), or the base URL of a server on localhost."""

    def __init__(
        self,
        app: Callable[..., Any] | str,
        *,
        auth_token: str,
        account_sid: str = "AC" + "0" * 32,
        public_url: str = "https://twimlkit-sim.example",
        max_documents: int = 100,
    ) -> None:
        self.auth_token = auth_token
        self.account_sid = account_sid
        self.public_url = public_url.rstrip("/")
        self.max_documents = max_documents
        self.now = 0.0
        self.requests: list[Exchange] = []
        self.warnings: list[tuple[str, str, str]] = []
        self.calls: list[Call] = []
        self._numbers: dict[str, _Route] = {}
        self._applications: dict[str, _Route] = {}
        self._sids = itertools.count(1)
        self._send = _sender(app)

    # -- set-up ---------------------------------------------------------------------------

    def phone_number(
        self,
        number: str,
        *,
        voice_url: str,
        voice_method: str = "POST",
        fallback_url: str | None = None,
        fallback_method: str = "POST",
    ) -> None:
        """Where calls to ``number`` go (its voice URL and fallback URL)."""
        self._numbers[number] = _Route(voice_url, voice_method, fallback_url, fallback_method)

    def application(self, sid: str, *, voice_url: str, voice_method: str = "POST") -> None:
        """A TwiML App, where calls from the Voice SDK go."""
        self._applications[sid] = _Route(voice_url, voice_method)

    # -- calls ----------------------------------------------------------------------------

    def call(self, from_: str, to: str) -> Call:
        """An inbound call from ``from_`` to one of the account's numbers; it runs until it
        waits for something (keys, time) or ends."""
        route = self._numbers.get(to)
        if route is None:
            raise SimulationError(
                f"{to} is not one of the account's numbers: phone_number({to!r}, voice_url=...) first"
            )
        base = CallRequest(
            call_sid=self._sid(),
            account_sid=self.account_sid,
            from_=from_,
            to=to,
            caller=from_,
            called=to,
            direction="inbound",
            api_version=API_VERSION,
        )
        return self._begin(base, route)

    def client_call(self, identity: str, application_sid: str, params: dict[str, str] | None = None) -> Call:
        """A Voice SDK ``device.connect({params})`` from the client ``identity``."""
        route = self._applications.get(application_sid)
        if route is None:
            raise SimulationError(
                f"no TwiML App {application_sid}: application({application_sid!r}, voice_url=...) first"
            )
        base = CallRequest(
            call_sid=self._sid(),
            account_sid=self.account_sid,
            from_=f"client:{identity}",
            to="",
            caller=f"client:{identity}",
            called="",
            direction="inbound",
            api_version=API_VERSION,
            extra={"ApplicationSid": application_sid, **(params or {})},
        )
        return self._begin(base, route)

    def advance(self, seconds: float) -> None:
        """Move the clock on: pauses end, gathers time out, in the order they are due."""
        if seconds < 0:
            raise ValueError(f"the clock only moves forward; got {seconds}")
        until = self.now + seconds
        while True:
            due = [(call._due(), index, call) for index, call in enumerate(self.calls) if call._due() is not None]
            due = [item for item in due if item[0] is not None and item[0] <= until]
            if not due:
                break
            at, _index, call = min(due, key=lambda item: (item[0], item[1]))
            self.now = max(self.now, at or self.now)
            call._wake()
        self.now = until

    # -- requests -------------------------------------------------------------------------

    def absolute(self, url: str) -> str:
        return url if urlsplit(url).scheme else self.public_url + "/" + url.lstrip("/")

    def _request(self, call_sid: str, method: str, url: str, params: dict[str, str]) -> tuple[int, str]:
        full = self.absolute(url)
        method = method.upper()
        if method == "GET":
            separator = "&" if urlsplit(full).query else "?"
            full = full + separator + urlencode(params)
            signature = compute_signature(full, None, self.auth_token)
            status, body = self._send("GET", full, None, {"X-Twilio-Signature": signature})
        else:
            signature = compute_signature(full, params, self.auth_token)
            status, body = self._send("POST", full, params, {"X-Twilio-Signature": signature})
        self.requests.append(Exchange(call_sid, method, full, params, status, body))
        return status, body

    def _sid(self) -> str:
        return f"CA{next(self._sids):032x}"

    def _begin(self, base: CallRequest, route: _Route) -> Call:
        call = Call(self, base, route)
        self.calls.append(call)
        call._start()
        return call


def _sender(
    app: Callable[..., Any] | str,
) -> Callable[[str, str, dict[str, str] | None, dict[str, str]], tuple[int, str]]:
    """How requests reach ``app``: in-process for WSGI and ASGI callables, over HTTP for a URL."""
    if isinstance(app, str):
        base = app.rstrip("/")

        def over_http(method: str, url: str, form: dict[str, str] | None, headers: dict[str, str]) -> tuple[int, str]:
            parts = urlsplit(url)
            target = base + parts.path + ("?" + parts.query if parts.query else "")
            response = httpx.request(method, target, data=form, headers=headers)
            return response.status_code, response.text

        return over_http
    # An ASGI app is a coroutine function, or an object whose __call__ is one (Starlette's).
    if asyncio.iscoroutinefunction(app) or asyncio.iscoroutinefunction(type(app).__call__):

        def over_asgi(method: str, url: str, form: dict[str, str] | None, headers: dict[str, str]) -> tuple[int, str]:
            async def send() -> httpx.Response:
                async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app)) as client:
                    return await client.request(method, url, data=form, headers=headers)

            response = asyncio.run(send())
            return response.status_code, response.text

        return over_asgi
    client = httpx.Client(transport=httpx.WSGITransport(app=app))

    def over_wsgi(method: str, url: str, form: dict[str, str] | None, headers: dict[str, str]) -> tuple[int, str]:
        response = client.request(method, url, data=form, headers=headers)
        return response.status_code, response.text

    return over_wsgi
