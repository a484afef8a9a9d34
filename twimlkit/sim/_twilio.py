"""The simulated Twilio account: its numbers, applications, callees, queues and conferences,
the fake clock, and the requests it makes to the app (signed, with each call's cookies)."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any, Final
from urllib.parse import parse_qsl, quote_plus, urljoin, urlsplit

import httpx

from .. import Play, VoiceResponse, parse
from .. import Queue as Queue_
from ..exceptions import ParseError, ValidationError
from ..webhooks import CallRequest, compute_signature
from ._conference import Room
from ._engine import (
    API_VERSION,
    DOCUMENT_ERROR_CODE,
    HTTP_REDIRECTS_CODE,
    PLAY_SECONDS,
    Call,
    Queue,
    SimulationError,
    _Callee,
    _number,
    _Resumed,
    _Route,
    _Unreadable,
    _Wait,
)
from ._http import sender
from ._records import Exchange, Flow
from ._speech import speech_seconds

__all__ = ["Twilio"]

#: Twilio follows HTTP redirects, up to a limit (11215 "HTTP too many redirects"; the number is
#: not documented: ten, as common HTTP clients allow).
MAX_HTTP_REDIRECTS: Final = 10
_REDIRECTS: Final = frozenset((301, 302, 303, 307, 308))
#: Where Twilio's own hold music lives (the twimlet its examples use, its demo recordings).
_TWILIO_MUSIC: Final = frozenset(
    ("twimlets.com", "www.twimlets.com", "demo.twilio.com", "com.twilio.music.classical.s3.amazonaws.com")
)
#: A queue takes 1000 calls unless told otherwise, 5000 at most (Queue resource).
MAX_QUEUE_SIZE: Final = 5000
#: When the fake clock starts, unless the simulator is told otherwise: a Monday morning.
START: Final = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
#: The geographic parameters of a call from or to a phone number, in both of Twilio's families.
_PLACES: Final = tuple(
    side + part for side in ("From", "To", "Caller", "Called") for part in ("City", "State", "Zip", "Country")
)
#: How many documents (by their text) the simulator keeps read, and encoded parameters.
_DOCUMENTS_KEPT: Final = 1024
_PAIRS_KEPT: Final = 4096


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
        speech_seconds: Callable[[str], float] = speech_seconds,
        play_seconds: float = PLAY_SECONDS,
        start: datetime = START,
    ) -> None:
        if start.tzinfo is None:
            raise ValueError(f"start must be an aware datetime (such as datetime(..., tzinfo=UTC)); got {start!r}")
        self.start = start
        self.auth_token = auth_token
        self.account_sid = account_sid
        self.public_url = public_url.rstrip("/")
        self.max_documents = max_documents
        self.speech_seconds = speech_seconds
        self.play_seconds = play_seconds
        self.now = 0.0
        self.requests: list[Exchange] = []
        self.warnings: list[tuple[str, str, str]] = []
        self.calls: list[Call] = []
        self.queues: dict[str, Queue] = {}
        self.conferences: dict[str, Room] = {}
        self._numbers: dict[str, _Route] = {}
        self._applications: dict[str, _Route] = {}
        self._callees: dict[str, _Callee] = {}
        self._sids = itertools.count(1)
        self.app = app
        self._pending: list[tuple[Call, _Resumed | None]] = []
        self._pumping = False
        self._edges: list[tuple[str, str, str, dict[str, str]]] = []
        self._documents: dict[str, tuple[VoiceResponse, tuple[str, ...]] | _Unreadable] = {}
        self._cookies: dict[str, httpx.Cookies] = {}  # each call's, as Twilio keeps them for a call
        self._pairs: dict[tuple[str, str], str] = {}
        self._served: dict[str, str | VoiceResponse | Callable[[dict[str, str]], str | VoiceResponse]] = {}

    @property
    def clock(self) -> datetime:
        """The fake clock's time: ``start`` and the seconds ``advance`` moved on."""
        return self.start + timedelta(seconds=self.now)

    @property
    def app(self) -> Callable[..., Any] | str:
        """What the simulator calls; it may be set after the simulator is made, for an app
        made with the simulator's REST client (``rest_client``)."""
        return self._app

    @app.setter
    def app(self, app: Callable[..., Any] | str) -> None:
        if not (callable(app) or (isinstance(app, str) and urlsplit(app).scheme in ("http", "https"))):
            raise TypeError(f"the app is a WSGI or ASGI callable, or a server's base URL (http://...); got {app!r}")
        self._app = app
        self._send = sender(app)

    # -- set-up ---------------------------------------------------------------------------

    def phone_number(
        self,
        number: str,
        *,
        voice_url: str,
        voice_method: str = "POST",
        fallback_url: str | None = None,
        fallback_method: str = "POST",
        status_callback: str | None = None,
        status_callback_method: str = "POST",
    ) -> None:
        """Where calls to ``number`` go (its voice URL and fallback URL), and its status
        callback, told when each call ends (``CallStatus``, ``CallDuration``)."""
        self._numbers[number] = _Route(
            voice_url, voice_method, fallback_url, fallback_method, status_callback, status_callback_method
        )

    def application(self, sid: str, *, voice_url: str, voice_method: str = "POST") -> None:
        """A TwiML App, where calls from the Voice SDK go."""
        self._applications[sid] = _Route(voice_url, voice_method)

    def callee(
        self, target: str, *, busy: bool = False, answers_after: float | None = 1.0, talks_for: float | None = None
    ) -> None:
        """How a number (``"+15558675310"``) or client (``"client:alice"``) behaves when dialed:
        busy, answering after ``answers_after`` seconds (None: it never answers), and hanging
        up after talking ``talks_for`` seconds (None: when the caller does). Unset: it answers
        after a second and talks until the caller hangs up."""
        if not isinstance(target, str) or not target:
            raise TypeError(f"callee() takes a number, 'client:NAME' or a SIP address; got {target!r}")
        if not isinstance(busy, bool):
            raise TypeError(f"busy is True or False; got {busy!r}")
        after = None if answers_after is None else _number(answers_after, "answers_after")
        talks = None if talks_for is None else _number(talks_for, "talks_for")
        self._callees[target] = _Callee(busy, after, talks)

    def queue(self, name: str, *, max_size: int | None = None) -> Queue:
        """The queue ``name``, made if it does not exist yet (as ``<Enqueue>`` and the REST
        API make it); ``max_size`` (1 to 5000; 1000 when made) changes how many calls it
        takes, after which ``<Enqueue>`` gets ``QueueResult=queue-full``."""
        if max_size is not None and (
            isinstance(max_size, bool) or not isinstance(max_size, int) or not 1 <= max_size <= MAX_QUEUE_SIZE
        ):
            raise ValueError(f"max_size is a whole number from 1 to {MAX_QUEUE_SIZE}; got {max_size!r}")
        queue = self.queues.get(name)
        if queue is None:
            queue = self.queues[name] = Queue(self, name, f"QU{len(self.queues) + 1:032x}")
        if max_size is not None:
            queue.max_size = max_size
        return queue

    # -- calls ----------------------------------------------------------------------------

    def call(self, from_: str, to: str, *, params: Mapping[str, str] | None = None) -> Call:
        """An inbound call from ``from_`` to one of the account's numbers; it runs until it
        waits for something (keys, time) or ends.

        Its requests carry the geographic parameters (``FromCity``, ``CallerCountry``...)
        empty, as Twilio sends what it does not know; ``params`` sets those and any other
        (``{"FromCountry": "US", "CallerName": "Ada", "StirVerstat": "TN-Validation-Passed-A"}``)."""
        route = self._numbers.get(to)
        if route is None:
            raise SimulationError(
                f"{to} is not one of the account's numbers: phone_number({to!r}, voice_url=...) first"
            )
        places = dict.fromkeys(_PLACES, "")
        return self._begin(self._parameters(from_, to, "inbound", {**places, **(params or {})}), route)

    def client_call(self, identity: str, application_sid: str, params: dict[str, str] | None = None) -> Call:
        """A Voice SDK ``device.connect({params})`` from the client ``identity``."""
        route = self._applications.get(application_sid)
        if route is None:
            raise SimulationError(
                f"no TwiML App {application_sid}: application({application_sid!r}, voice_url=...) first"
            )
        extra = {"ApplicationSid": application_sid, **(params or {})}
        return self._begin(self._parameters(f"client:{identity}", "", "inbound", extra), route)

    def advance(self, seconds: float) -> None:
        """Move the clock on: speech, pauses and ringing end, gathers and dials time out,
        wait documents are asked for again, in the order they are due."""
        seconds = _number(seconds, "seconds", what="the clock only moves forward, by a number of seconds")
        until = self.now + seconds
        while True:
            due = [(at, index, call) for index, call in enumerate(self.calls) if (at := call._due()) is not None]
            due = [item for item in due if item[0] <= until]
            if not due:
                break
            at, _index, call = min(due, key=lambda item: (item[0], item[1]))
            self.now = max(self.now, at)
            call._wake()
            self._pump()
        self.now = until

    def rest_client(self) -> Any:
        """The ``twilio`` package's ``Client``, its requests answered by this simulator:
        queues and their members, calls made (``calls.create``) and changed
        (``calls(sid).update(url=..., twiml=..., status="completed")``)."""
        from twilio.rest import Client  # noqa: PLC0415  # the twilio package, only when asked for

        from ._rest import SimulatedApi  # noqa: PLC0415

        return Client(self.account_sid, self.auth_token, http_client=SimulatedApi(self))

    def _outbound(
        self, from_: str, to: str, url: str | None, method: str, twiml: str | None, *, progress: _Route | None = None
    ) -> Call:
        """A call the REST API makes; it is answered at once (``progress``: its status
        callback, told initiated, ringing and answered as it asks)."""
        places = {} if to.startswith("client:") else dict.fromkeys(_PLACES, "")
        route = _Route(url or "", method)
        if progress is not None:
            route = _Route(
                url or "",
                method,
                status_callback=progress.status_callback,
                status_callback_method=progress.status_callback_method,
                status_callback_events=progress.status_callback_events,
            )
        call = Call(self, self._parameters(from_, to, "outbound-api", places), route)
        if twiml is not None:
            call._script = call._run_twiml(twiml)
        self.calls.append(call)
        for status in ("queued", "ringing"):
            call.status = status
            call._progress("initiated" if status == "queued" else "ringing")
        call.status = "in-progress"
        call._answered_at = self.now
        call._progress("answered")
        self._post(call, None)
        self._pump()
        return call

    def flow(self) -> Flow:
        """The documents the calls visited and the edges between them (Redirect, actions,
        waitUrl, whisper), each with the parameters that chose it."""
        seen: dict[tuple[str, str, str], None] = {}
        for start, end, how, chosen in self._edges:
            label = how + "".join(f" {name}={value}" for name, value in chosen.items())
            seen.setdefault((start, end, label), None)
        return Flow(tuple(seen))

    # -- what calls do to each other --------------------------------------------------------

    def _post(self, call: Call, value: _Resumed | None) -> None:
        """Resume ``call`` with ``value`` once the step running now is over."""
        self._pending.append((call, value))

    def _pump(self) -> None:
        if self._pumping:
            return
        self._pumping = True
        try:
            while self._pending:
                call, value = self._pending.pop(0)
                if not call.ended:
                    call._step(value)
        finally:
            self._pumping = False

    def _offer(self, queue: Queue) -> None:
        """An agent waiting on ``queue`` takes its first caller."""
        if queue.agents and queue.members:
            agent, noun = queue.agents.pop(0)
            self._dequeue(queue, agent, noun)

    def _dequeue(self, queue: Queue, agent: Call, noun: Queue_) -> None:
        caller, _since = queue.members.pop(0)
        agent._waiting = _Wait(None)  # no more ringing timeout: the caller is on the way
        whisper = urljoin(agent._doc_url, noun.url) if noun.url else None
        caller._dequeued_by = agent
        self._post(caller, ("dequeued", agent, whisper, noun.method or "POST"))

    def _bridge(self, caller: Call, agent: Call, waited: int) -> None:
        caller._peer, agent._peer = agent, caller
        self._post(agent, ("bridged", caller, waited))

    def _end_bridge(self, call: Call, why: str, *, resume_self: bool = True) -> None:
        peer = call._peer
        call._peer = None
        call.transcript.add(self.now, f"call with the other side ended ({why})")
        if resume_self:
            self._post(call, ("bridge-ended",))
        if peer is not None:
            peer._peer = None
            peer.transcript.add(self.now, "call with the other side ended")
            self._post(peer, ("bridge-ended",))
        self._pump()

    def _room(self, name: str) -> Room:
        """The conference ``name``: the one going on, or a new one."""
        room = self.conferences.get(name)
        if room is None or room.ended:
            room = self.conferences[name] = Room(self, name, f"CF{next(self._sids):032x}")
        return room

    def _leave_rooms(self, call: Call) -> None:
        for room in list(self.conferences.values()):
            room.leave(call)

    def _leave_queues(self, call: Call) -> None:
        for queue in self.queues.values():
            queue.members = [(member, since) for member, since in queue.members if member is not call]
            queue.agents = [(agent, noun) for agent, noun in queue.agents if agent is not call]

    # -- requests -------------------------------------------------------------------------

    def absolute(self, url: str) -> str:
        return url if urlsplit(url).scheme else self.public_url + "/" + url.lstrip("/")

    def _request(self, call_sid: str, method: str, url: str, params: dict[str, str]) -> Exchange:
        """Ask the app for ``url``, signed, with the call's cookies; HTTP redirects are
        followed (each hop one of ``requests``), up to Twilio's limit (11215)."""
        full = self.absolute(url)
        method = method.upper()
        elsewhere = self._elsewhere(full)
        if elsewhere is not None:
            exchange = Exchange(call_sid, method, full, params, *elsewhere, at=self.now)
            self.requests.append(exchange)
            return exchange
        jar = self._cookies.get(call_sid)
        for _hop in range(MAX_HTTP_REDIRECTS + 1):
            if method == "GET":
                separator = "&" if urlsplit(full).query else "?"
                full = full + separator + self._encoded(params) if params else full
                signature = compute_signature(full, None, self.auth_token)
                request = httpx.Request("GET", full, headers={"X-Twilio-Signature": signature})
            else:
                signature = compute_signature(full, params, self.auth_token)
                headers = {"X-Twilio-Signature": signature, "Content-Type": "application/x-www-form-urlencoded"}
                request = httpx.Request("POST", full, content=self._encoded(params).encode(), headers=headers)
            if jar is not None:
                jar.set_cookie_header(request)
            try:
                response = self._send(request)
            except Exception as error:
                # The app raised (an in-process app whose framework lets errors through):
                # kept as the 500 Twilio would have had, and raised for the test to see.
                self.requests.append(
                    Exchange(call_sid, method, full, params, 500, f"{type(error).__name__}: {error}", at=self.now)
                )
                raise
            if "set-cookie" in response.headers:
                response.request = request
                if jar is None:
                    jar = self._cookies[call_sid] = httpx.Cookies()
                jar.extract_cookies(response)
            status, body = response.status_code, response.text
            exchange = Exchange(
                call_sid, method, full, params, status, body, response.headers.get("content-type", ""), at=self.now
            )
            self.requests.append(exchange)
            location = response.headers.get("location")
            if status not in _REDIRECTS or not location:
                return exchange
            # Twilio follows redirects; how it changes the method is not documented: as
            # HTTP clients do, 303 (and 301/302 of a POST) becomes a GET, whose parameters
            # were in the query already, and 307/308 repeat the request.
            full = urljoin(full, location)
            if status in (301, 302, 303) and method == "POST":
                method, params = "GET", {}
            elif method == "GET":
                params = {}
        failed = f"more than {MAX_HTTP_REDIRECTS} HTTP redirects (Twilio's {HTTP_REDIRECTS_CODE})"
        return Exchange(call_sid, method, full, params, HTTP_REDIRECTS_CODE, failed, at=self.now)

    def serve(self, prefix: str, answer: str | VoiceResponse | Callable[[dict[str, str]], str | VoiceResponse]) -> None:
        """Answer requests to URLs that start with ``prefix`` (on another host than the app's:
        a hold-music twimlet, a TwiML Bin) with ``answer``: TwiML, or a function of the
        request's parameters that returns it."""
        if not isinstance(prefix, str) or urlsplit(prefix).scheme not in ("http", "https"):
            raise ValueError(f"serve() takes an absolute http(s) URL prefix; got {prefix!r}")
        if not (isinstance(answer, str | VoiceResponse) or callable(answer)):
            raise TypeError(f"serve() answers with TwiML (str or VoiceResponse) or a function; got {answer!r}")
        self._served[prefix] = answer

    def _elsewhere(self, url: str) -> tuple[int, str, str] | None:
        """The answer to a request that is not for the app (another host): what ``serve``
        gave, Twilio's own hold music, or a 404 with a warning; None for the app's."""
        for prefix, answer in sorted(self._served.items(), key=lambda item: -len(item[0])):
            if url.startswith(prefix):
                text = answer(dict(parse_qsl(urlsplit(url).query))) if callable(answer) else answer
                return 200, text if isinstance(text, str) else text.to_xml(), "application/xml"
        host = urlsplit(url).hostname
        if host == urlsplit(self.public_url).hostname or (
            isinstance(self.app, str) and host == urlsplit(self.app).hostname
        ):
            return None
        if host in _TWILIO_MUSIC:
            # Twilio's hold music (the twimlet of its examples, its demo files): music, on a loop.
            return 200, VoiceResponse(Play(url, loop=0)).to_xml(), "application/xml"
        self.warnings.append(("", url, f"{url} is not on the app's host; serve() it to answer it"))
        return 404, f"twimlkit.sim does not fetch {url}: serve() it", "text/plain"

    def _encoded(self, params: dict[str, str]) -> str:
        """``params`` form-encoded; each pair's encoding remembered, since a call sends the
        same parameters again and again."""
        known = self._pairs
        if len(known) > _PAIRS_KEPT:
            known.clear()
        pieces = []
        for pair in params.items():
            piece = known.get(pair)
            if piece is None:
                piece = known[pair] = quote_plus(pair[0]) + "=" + quote_plus(pair[1])
            pieces.append(piece)
        return "&".join(pieces)

    def _read(self, body: str) -> tuple[VoiceResponse, tuple[str, ...]] | _Unreadable:
        """The document in ``body`` and the warnings Twilio would log for it, or what it is
        instead; remembered, since a call asks for the same documents again and again."""
        known = self._documents.get(body)
        if known is not None:
            return known
        read: tuple[VoiceResponse, tuple[str, ...]] | _Unreadable
        try:
            doc = parse(body, strict=False)
        except (ParseError, ValidationError) as error:
            code = error.code if isinstance(error, ParseError) and error.code else DOCUMENT_ERROR_CODE
            read = _Unreadable(f"what is not TwiML: {error}", code)
        else:
            if isinstance(doc, VoiceResponse):
                read = (doc, tuple(str(warning) for warning in doc.lint()))
            else:
                read = _Unreadable("a Messaging document", DOCUMENT_ERROR_CODE)
        if len(self._documents) < _DOCUMENTS_KEPT:
            self._documents[body] = read
        return read

    def _parameters(self, from_: str, to: str, direction: str, extra: Mapping[str, str] | None = None) -> CallRequest:
        """What every request of a new call carries (the Caller/Called family too), and
        ``extra``: Twilio's parameters by their names, custom ones as sent."""
        standard = {
            "CallSid": self._sid(),
            "AccountSid": self.account_sid,
            "From": from_,
            "To": to,
            "Caller": from_,
            "Called": to,
            "Direction": direction,
            "ApiVersion": API_VERSION,
        }
        return CallRequest.from_form({**standard, **(extra or {})})

    def _recording(self, seconds: float) -> dict[str, str]:
        """The parameters of a new recording of ``seconds``."""
        sid = f"RE{next(self._sids):032x}"
        url = f"https://api.twilio.com/2010-04-01/Accounts/{self.account_sid}/Recordings/{sid}"
        return {"RecordingUrl": url, "RecordingSid": sid, "RecordingDuration": str(round(seconds))}

    def _sid(self) -> str:
        return f"CA{next(self._sids):032x}"

    def _begin(self, base: CallRequest, route: _Route) -> Call:
        call = Call(self, base, route)  # ringing, until its first document is read
        self.calls.append(call)
        self._post(call, None)
        self._pump()
        return call
