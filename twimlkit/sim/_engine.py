"""The simulator's engine: each call a generator of what it waits for, run on a fake clock.

A call's script fetches a document, runs its verbs with Twilio's rules, and yields a
``_Wait``: a time, a ``<Gather>`` listening, a ``<Record>``, a bridge that ``*`` may end.
``Twilio.advance``, ``Call.press`` and the other calls resume it. The account that makes
the calls and their requests is ``_twilio.Twilio``.
"""

from __future__ import annotations

import math
from collections.abc import Generator
from dataclasses import dataclass
from email.utils import format_datetime
from typing import TYPE_CHECKING, Any, Final, NamedTuple
from urllib.parse import urljoin, urlsplit

from .. import Client as Client_
from .. import Conference as Conference_
from .. import (
    Dial,
    Echo,
    Enqueue,
    Gather,
    Hangup,
    Identity,
    Leave,
    Number,
    Pause,
    Play,
    Record,
    Redirect,
    Reject,
    Say,
    Sip,
    Start,
    Stop,
    VoiceResponse,
    parse,
)
from .. import Queue as Queue_
from .._node import Element, Node
from .._parse import salvage
from ..webhooks import CallRequest
from ._records import Transcript
from ._speech import spoken

if TYPE_CHECKING:
    from ._twilio import Twilio

__all__ = ["Call", "Queue", "SimulationError"]

#: What Twilio says when it cannot get a document to run (and no fallback URL is set).
APPLICATION_ERROR: Final = "We are sorry, an application error has occurred. Goodbye."
API_VERSION: Final = "2010-04-01"
#: Gather's defaults (Gather page): 5 seconds, '#' ends the input.
GATHER_TIMEOUT: Final = 5
FINISH_ON_KEY: Final = "#"
#: Record's defaults (Record page): 5 s of silence, any key, an hour at most.
RECORD_TIMEOUT: Final = 5
RECORD_FINISH_KEYS: Final = "1234567890*#"
RECORD_MAX_LENGTH: Final = 3600
#: The ErrorCode of a fallback request: the document could not be fetched, or not read.
HTTP_ERROR_CODE: Final = 11200
DOCUMENT_ERROR_CODE: Final = 12100
#: Twilio's code for more HTTP redirects than it follows.
HTTP_REDIRECTS_CODE: Final = 11215
#: Dial's defaults: 30 seconds of ringing, 4 hours of talking (timeLimit).
DIAL_TIMEOUT: Final = 30
DIAL_TIME_LIMIT: Final = 14400
#: How long a <Play> of an audio file takes, unless the simulator is told otherwise.
PLAY_SECONDS: Final = 5.0
#: The parameters that chose where a call went next, shown on the flow's edges.
_CHOOSING: Final = ("Digits", "SpeechResult", "DialCallStatus", "QueueResult", "QueuePosition")


def _runnable(node: Node) -> list[Node]:
    """``node``'s elements as Twilio runs them: comments and text left out, and an element
    that breaks a rule (kept as written, an ``Element``) read as Twilio reads it; one that
    cannot be read stays an ``Element``, which the call skips, as Twilio logs a warning and
    goes on."""
    out: list[Node] = []
    for child in node.children:
        if isinstance(child, Element):
            out.append(salvage(child, type(node)) or child)
        elif isinstance(child, Node):
            out.append(child)
    return out


def _number(value: object, name: str, *, what: str = "") -> float:
    """``value`` as a number of at least 0 (seconds, a confidence), or a clear error."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{name} is a number; got {value!r} ({type(value).__name__})")
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"{what or name + ' is a finite number of at least 0'}; got {value!r}")
    return float(value)


def _path(url: str) -> str:
    """A document's name in the flow: its path, and its query (``/menu?step=main``)."""
    parts = urlsplit(url)
    return (parts.path or "/") + ("?" + parts.query if parts.query else "")


def _how(extra: dict[str, str]) -> str:
    """What made the call ask for a document, told by the parameters that came with it."""
    for names, how in (
        (("Digits", "SpeechResult"), "Gather"),
        (("RecordingUrl",), "Record"),
        (("DialCallStatus",), "Dial action"),
        (("QueueResult",), "Enqueue action"),
    ):
        if any(name in extra for name in names):
            return how
    return "Redirect" if extra == {} else "request"


class _Unreadable(NamedTuple):
    """An answer that is no Voice document: why, and Twilio's code for it (the fallback's
    ErrorCode)."""

    reason: str
    code: int


class _Dequeued(Exception):  # not an error: how a Gather in a wait document stops
    """An agent took the caller while a ``<Gather>`` of its wait document listened."""

    def __init__(self, value: tuple[Any, ...]) -> None:
        super().__init__("dequeued")
        self.value = value


class SimulationError(Exception):
    """The simulated call cannot go on as Twilio would: a loop over the document limit, a
    verb the simulator does not run yet, or a call used after it ended."""


@dataclass(frozen=True)
class _Listen:
    """A ``<Gather>`` listening for keys: during its prompts (barge-in) and after them."""

    num_digits: int | None
    finish_on_key: str
    final: bool  # the wait after the prompts, which ends with the timeout
    dtmf: bool = True
    speech: bool = False
    timeout: float = 5.0  # each key starts it again
    barge_in: bool = True  # speech during the prompts stops them and counts


@dataclass(frozen=True)
class _Wait:
    """What a call's script waits for: a time (None: an event, such as being dequeued or a
    bridge ending), with a Gather listening, or in a bridge that ``*`` may end."""

    until: float | None
    listen: _Listen | None = None
    star_ends_bridge: bool = False
    recording: bool = False
    finish_keys: str = ""  # a <Record>'s: one of them ends the recording


@dataclass
class _Route:
    voice_url: str
    voice_method: str = "POST"
    fallback_url: str | None = None
    fallback_method: str = "POST"
    # The call's own status callback: its URL, method and events (Twilio's call progress).
    status_callback: str | None = None
    status_callback_method: str = "POST"
    status_callback_events: frozenset[str] = frozenset({"completed"})


@dataclass(frozen=True)
class _Callee:
    """How a dialed number or client behaves: busy, answering after some seconds (None:
    never), and hanging up after talking some seconds (None: when the caller does)."""

    busy: bool = False
    answers_after: float | None = 1.0
    talks_for: float | None = None


class Queue:
    """A call queue: its members in order and when each joined; ``size`` and ``average_wait``
    as Twilio's REST API gives them (the average over the members waiting now)."""

    def __init__(self, twilio: Twilio, name: str, sid: str) -> None:
        self.twilio = twilio
        self.name = name
        self.sid = sid
        self.max_size = 1000
        self.members: list[tuple[Call, float]] = []
        self.agents: list[tuple[Call, Queue_]] = []  # Dials waiting for a caller, with their <Queue>

    @property
    def size(self) -> int:
        return len(self.members)

    def waits(self) -> list[int]:
        return [round(self.twilio.now - since) for _call, since in self.members]

    @property
    def average_wait(self) -> int:
        waits = self.waits()
        return sum(waits) // len(waits) if waits else 0

    def position(self, call: Call) -> int:
        return next(index for index, (member, _since) in enumerate(self.members, 1) if member is call)

    def __repr__(self) -> str:
        return f"<Queue {self.name} size={self.size}>"


_Next = tuple[str, str, dict[str, str]]  # the URL, method and extra parameters of the next request
_Resumed = tuple[Any, ...]  # ("time",), ("keys", digits), ("dequeued", agent, whisper), ("bridge-ended",) ...
_Script = Generator[_Wait, _Resumed, None]
_Steps = Generator[_Wait, _Resumed, Any]


class _Leg:
    """The call a ``<Dial>`` makes to one ``<Number>``, ``<Client>`` or ``<Sip>``: the
    statusCallback requests of its ``statusCallbackEvent``s (``completed`` alone by default)."""

    def __init__(self, parent: Call, noun: Node, sid: str) -> None:
        self.parent = parent
        self.noun = noun
        self.sid = sid
        self.sequence = 0
        events = noun.get("status_callback_event")
        self.events = set(events) if isinstance(events, tuple) else {events} if events else {"completed"}

    def event(self, name: str, status: str | None = None, duration: int | None = None) -> None:
        callback = self.noun.get("status_callback")
        if not callback or name not in self.events:
            return
        twilio = self.parent.twilio
        target = self.parent._target(self.noun)
        params = {
            "CallSid": self.sid,
            "ParentCallSid": self.parent.sid,
            "AccountSid": twilio.account_sid,
            "From": self.parent._base.from_ or "",
            "To": target,
            "Caller": self.parent._base.from_ or "",
            "Called": target,
            "CallStatus": status or name,
            "Direction": "outbound-dial",
            "ApiVersion": API_VERSION,
            "CallbackSource": "call-progress-events",
            "SequenceNumber": str(self.sequence),
            "Timestamp": format_datetime(twilio.clock),
        }
        if duration is not None:
            params["CallDuration"] = str(duration)
        self.sequence += 1
        method = str(self.noun.get("status_callback_method") or "POST")
        twilio._request(self.parent.sid, method, str(callback), params)


class Call:
    """One call: its SID, status and transcript; ``press`` sends keys, ``hang_up`` ends it."""

    def __init__(self, twilio: Twilio, base: CallRequest, route: _Route) -> None:
        self.twilio = twilio
        self.sid: str = base.call_sid or ""
        self.status = "ringing"
        self.transcript = Transcript()
        self._base = base
        self._form = base.to_form()  # what each of its requests carries, besides CallStatus
        self._route = route
        self._waiting: _Wait | None = None
        self._keys = ""
        self._peer: Call | None = None  # the other side of a bridge
        self._dequeued_by: Call | None = None  # the agent taking it, while it hears the whisper
        self._doc_url = ""  # the document it runs, which relative URLs in it are resolved against
        # While the caller speaks to a <Record>: the verb, its document, since when, maxLength.
        self._recording: tuple[Record, str, float, float] | None = None
        self._failed = (HTTP_ERROR_CODE, "")  # why the last document could not be run, and its URL
        # While in a queue: the queue, the <Enqueue>, its document's URL and when it joined.
        self._enqueued: tuple[Queue, Enqueue, str, float] | None = None
        self._ringing: list[_Leg] = []  # the legs a <Dial> rings now
        self._answered_at: float | None = None
        self._made_at = twilio.now
        self._counted, self._counted_since = 0, twilio.now  # documents asked for while the clock stood still
        self._ended_at: float | None = None
        self._sequence = 0  # of its status callbacks
        # While a <Dial> to a number or client is answered: its legs, the one answering, since when.
        self._answered: tuple[list[_Leg], int, float] | None = None
        # The document the call is in, for the flow: where the next edge starts.
        self._at = "client" if (base.from_ or "").startswith("client:") else "phone call"
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
            if waiting is not None and waiting.star_ends_bridge and key == "*":
                self.twilio._end_bridge(self, "hung up with *")
                continue
            if waiting is not None and waiting.recording and key in waiting.finish_keys:
                self.twilio._post(self, ("finished", key))  # a finish key ends the <Record>
                self.twilio._pump()
                continue
            if waiting is None or waiting.listen is None or not waiting.listen.dtmf:
                continue  # no <Gather> listens for keys: Twilio drops the tone
            listen = waiting.listen
            self._keys += key
            if listen.finish_on_key and key in listen.finish_on_key:
                self.twilio._post(self, ("keys", self._keys[:-1]))
            elif listen.num_digits is not None and len(self._keys) >= listen.num_digits:
                self.twilio._post(self, ("keys", self._keys))
            elif not listen.final:
                self.twilio._post(self, ("barge-in",))  # the prompts stop; the timeout starts
            else:
                # The timeout is the wait for the next key: it starts again.
                self._waiting = _Wait(self.twilio.now + listen.timeout, listen)
            self.twilio._pump()

    def say(self, words: str, *, confidence: float = 0.9) -> None:
        """Speak ``words`` to a ``<Gather input="speech">`` that listens (``SpeechResult``,
        and ``Confidence`` from 0 to 1). With no such Gather listening, or keys pressed to it
        already (the first input wins), Twilio hears nothing."""
        if not isinstance(words, str) or not words.strip():
            raise ValueError(f"say() takes the words spoken, a non-empty str; got {words!r}")
        confidence = _number(confidence, "confidence")
        if confidence > 1:
            raise ValueError(f"confidence is from 0 to 1, as Twilio sends it; got {confidence!r}")
        self._alive()
        waiting = self._waiting
        if waiting is None or waiting.listen is None or not waiting.listen.speech or self._keys:
            self.transcript.add(self.twilio.now, f"said {words!r} (no <Gather> listens for speech)")
            return
        if not waiting.listen.final and not waiting.listen.barge_in:
            # bargeIn="false": the prompts play on, and what is said over them is not heard.
            self.transcript.add(self.twilio.now, f"said {words!r} (over the prompt: bargeIn is false)")
            return
        self.transcript.add(self.twilio.now, f"said {words!r}")
        self.twilio._post(self, ("speech", words, confidence))
        self.twilio._pump()

    def record(self, seconds: float, digits: str = "") -> None:
        """Speak to a ``<Record>`` for ``seconds``, then press ``digits`` (a finish key ends
        the recording at once; else it ends after its ``timeout`` of silence)."""
        seconds = _number(seconds, "seconds")
        if not isinstance(digits, str) or any(key not in "0123456789*#" for key in digits):
            raise ValueError(f"record() takes digits of keys 0-9, * and #; got {digits!r}")
        self._alive()
        waiting = self._waiting
        if waiting is None or not waiting.recording or self._recording is not None:
            raise SimulationError(f"call {self.sid} is not recording: no <Record> waits for words now")
        self.transcript.add(self.twilio.now, f"spoke for {seconds:g}s")
        self.twilio._post(self, ("recorded", seconds, digits))
        self.twilio._pump()

    def hang_up(self) -> None:
        """The caller hangs up."""
        self._alive()
        self.transcript.add(self.twilio.now, "caller hung up")
        self._end("completed")  # first, so that nothing of its own script runs any more
        recording, ringing = self._recording, self._ringing
        self._script.close()
        if recording is not None:
            # Hung up while speaking to a <Record>: Twilio keeps the recording and tells the
            # action (Digits=hangup), whose answer nothing runs.
            verb, url, started, longest = recording
            made = self.twilio._recording(min(self.twilio.now - started, longest))
            self.transcript.add(self.twilio.now, f"recorded {float(made['RecordingDuration']):g}s")
            self._recording_status(verb, url, "completed", made)
            action = urljoin(url, verb.action) if verb.action else url
            params = {**self._form, "CallStatus": "completed", **made, "Digits": "hangup"}
            self.twilio._request(self.sid, verb.method or "POST", action, params)
        self._left_queue("hangup")
        for leg in ringing:
            leg.event("completed", "canceled")
        if self._answered is not None:
            legs, winner, started = self._answered
            self._answered = None
            if legs:
                legs[winner].event("completed", duration=round(self.twilio.now - started))
        if self._peer is not None:
            self.twilio._end_bridge(self, "the other side hung up")
        elif self._dequeued_by is not None and not self._dequeued_by.ended:
            self.twilio._post(self._dequeued_by, ("bridge-ended",))  # gone before the bridge
        self.twilio._leave_queues(self)
        self.twilio._leave_rooms(self)
        self.twilio._pump()

    @property
    def ended(self) -> bool:
        return self.status in ("completed", "busy", "no-answer", "failed", "canceled")

    def __repr__(self) -> str:
        return f"<Call {self.sid} {self.status}>"

    # -- the engine's side --------------------------------------------------------------

    def _alive(self) -> None:
        if self.ended:
            raise SimulationError(f"call {self.sid} has ended ({self.status})")

    def _step(self, value: _Resumed | None) -> None:
        """Run the script until it waits again (or ends); ``value`` is what it waited for."""
        self._waiting = None
        try:
            waiting = next(self._script) if value is None else self._script.send(value)
        except StopIteration:
            if not self.ended:
                self._end("completed")
            return
        except BaseException as error:
            # A loop, something the simulator does not run, or the app raising: the call
            # cannot go on (and the test hears why).
            self.transcript.add(self.twilio.now, f"the call failed: {type(error).__name__}: {error}")
            self._end("failed")
            self.twilio._leave_queues(self)
            self.twilio._leave_rooms(self)
            raise
        self._waiting = waiting

    def _due(self) -> float | None:
        return None if self._waiting is None else self._waiting.until

    def _wake(self) -> None:
        """Its time has come: a pause, a prompt or ringing has passed, or a gather timed out
        (with what was pressed)."""
        waiting = self._waiting
        if waiting is not None and waiting.listen is not None and waiting.listen.final:
            self.transcript.add(self.twilio.now, "gather timed out")
            self.twilio._post(self, ("keys", self._keys))
        else:
            self.twilio._post(self, ("time",))

    def _end(self, status: str) -> None:
        was_over = self.ended
        self.status = status
        self._waiting = None
        if not was_over:
            self._ended_at = self.twilio.now
            self._progress("completed")

    def _progress(self, event: str) -> None:
        """The call's own status callback (a number's, or the REST API's ``StatusCallback``),
        for the events it asks for: initiated, ringing, answered, completed."""
        route = self._route
        if not route.status_callback or event not in route.status_callback_events:
            return
        self._sequence += 1
        params = {
            **self._form,
            "CallStatus": self.status,
            "CallbackSource": "call-progress-events",
            "SequenceNumber": str(self._sequence - 1),
            "Timestamp": format_datetime(self.twilio.clock),
        }
        if event == "completed":
            answered = self._answered_at
            params["CallDuration"] = str(round(self.twilio.now - answered) if answered is not None else 0)
        self.twilio._request(self.sid, route.status_callback_method, route.status_callback, params)

    def _sleep(self, seconds: float, listen: _Listen | None = None) -> _Steps:
        """Wait ``seconds`` on the clock; what ended the wait."""
        return (yield _Wait(self.twilio.now + seconds, listen))

    def _redirect(self, url: str | None, method: str, twiml: str | None) -> None:
        """The REST API changed the call: what it runs now stops, and it goes to ``url`` (or
        runs ``twiml``)."""
        self._left_queue("redirected-from-bridged" if self._peer is not None else "redirected")
        self.twilio._leave_queues(self)
        self.twilio._leave_rooms(self)
        self._script.close()
        if self._peer is not None:
            self.twilio._end_bridge(self, "redirected", resume_self=False)
        self.transcript.add(self.twilio.now, f"redirected to {url or 'new TwiML'}")
        if twiml is not None:
            self._script = self._run_twiml(twiml)
        else:
            self._route = _Route(url or "", method, self._route.fallback_url, self._route.fallback_method)
            self._script = self._run()
        self.twilio._post(self, None)
        self.twilio._pump()

    def _left_queue(self, result: str) -> None:
        """A call taken out of its queue by a hang-up or the REST API: Twilio tells the
        Enqueue action (``QueueResult``), and runs none of what it answers."""
        if self._enqueued is None:
            return
        queue, verb, url, joined = self._enqueued
        self._enqueued = None
        if result != "redirected-from-bridged" and not any(member is self for member, _since in queue.members):
            return  # dequeued already: the action comes after the bridge
        self.transcript.add(self.twilio.now, f"left the queue: {result}")
        if verb.action:
            params = {
                **self._form,
                "CallStatus": "completed" if self.ended else "in-progress",
                "QueueResult": result,
                "QueueSid": queue.sid,
                "QueueTime": str(round(self.twilio.now - joined)),
            }
            self.twilio._request(self.sid, verb.method or "POST", urljoin(url, verb.action), params)

    def _run_twiml(self, twiml: str) -> _Script:
        doc = parse(twiml, strict=False)
        if not isinstance(doc, VoiceResponse):
            raise SimulationError("the TwiML given to the call is a Messaging document")
        step = yield from self._execute(doc, self.twilio.absolute("/"))
        if step is not None:
            self._route = _Route(step[0], step[1], self._route.fallback_url, self._route.fallback_method)
            yield from self._run()

    def _run(self) -> _Script:
        route = self._route
        step: _Next | None = (route.voice_url, route.voice_method, {})
        first = True
        while step is not None and not self.ended:
            url, method, extra = step
            doc = self._fetch(url, method, extra, "voice URL" if first else None)
            first = False
            if doc is None:
                return
            step = yield from self._execute(doc, self.twilio.absolute(url))

    def _fetch(self, url: str, method: str, extra: dict[str, str], how: str | None = None) -> VoiceResponse | None:
        """The document at ``url``, or what Twilio does when there is none to run: the
        fallback URL's, or the application-error message and a hang-up."""
        doc = self._document(url, method, extra, how)
        if doc is None and self._route.fallback_url:
            self.transcript.add(self.twilio.now, f"fell back to {self._route.fallback_url}")
            url = self._route.fallback_url
            code, failed_url = self._failed
            fallback_extra = {**extra, "ErrorCode": str(code), "ErrorUrl": failed_url}
            doc = self._document(url, self._route.fallback_method, fallback_extra, how="fallback")
        if doc is None:
            self.transcript.add(self.twilio.now, f"Say: {APPLICATION_ERROR}")
            self._end("completed")
        else:
            self._at = _path(self.twilio.absolute(url))
            if self.status == "ringing":
                self.status = "in-progress"  # Twilio answers the call to run its document
                self._answered_at = self.twilio.now
        return doc

    def _document(self, url: str, method: str, extra: dict[str, str], how: str | None = None) -> VoiceResponse | None:
        """The document at ``url``, or None when there is none to run (the reason noted)."""
        self._count_document()
        params = {**self._form, "CallStatus": self.status, **extra}
        chosen: dict[str, str] = {name: extra[name] for name in _CHOOSING if name in extra}
        self.twilio._edges.append((self._at, _path(self.twilio.absolute(url)), how or _how(extra), chosen))
        exchange = self.twilio._request(self.sid, method, url, params)
        status, body = exchange.status, exchange.body
        if 200 <= status < 300 and exchange.content_type.startswith("audio/"):
            # An answer of audio rather than TwiML: Twilio plays it.
            return VoiceResponse(Play(exchange.url))
        if status == HTTP_REDIRECTS_CODE:
            self.transcript.add(self.twilio.now, f"{method} {url}: {body}")
            self._failed = (HTTP_REDIRECTS_CODE, self.twilio.absolute(url))
            return None
        if not 200 <= status < 300:
            self.transcript.add(self.twilio.now, f"{method} {url} answered {status}")
            self._failed = (HTTP_ERROR_CODE, self.twilio.absolute(url))
            return None
        read = self.twilio._read(body)
        if isinstance(read, _Unreadable):
            self.transcript.add(self.twilio.now, f"{method} {url} answered {read.reason}")
            self._failed = (read.code, self.twilio.absolute(url))
            return None
        doc, warnings = read
        self.twilio.warnings.extend((self.sid, url, warning) for warning in warnings)
        return doc

    def _count_document(self) -> None:
        """One more document asked for. Twilio has no limit (a hold loop may go on for
        hours), but a loop that takes no time at all would never end, in Twilio or here:
        ``max_documents`` documents while the clock stands still stop it."""
        if self.twilio.now != self._counted_since:
            self._counted, self._counted_since = 0, self.twilio.now
        self._counted += 1
        if self._counted > self.twilio.max_documents:
            raise SimulationError(
                f"call {self.sid} asked for {self._counted - 1} documents at {self.twilio.now:g}s without any "
                "time passing (max_documents): a Redirect loop?"
            )

    def _execute(self, doc: VoiceResponse, url: str) -> Generator[_Wait, _Resumed, _Next | None]:  # noqa: PLR0911
        """Run ``doc``'s verbs; the next request to make, or None when the call ends."""
        self._doc_url = url
        for verb in _runnable(doc):
            if isinstance(verb, Say | Play | Pause):
                yield from self._speak(verb)
            elif isinstance(verb, Element):
                self._skip(verb)
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
            elif isinstance(verb, Dial):
                step = yield from self._dial(verb, url)
                if step is not None or self.ended:
                    return step
            elif isinstance(verb, Record):
                step = yield from self._record(verb, url)
                if step is not None:
                    return step
            elif isinstance(verb, Enqueue):
                step = yield from self._enqueue(verb, url)
                if step is not None or self.ended:
                    return step
            elif isinstance(verb, Start | Stop):
                # They start or stop a stream, a recording or a transcription beside the call,
                # which goes on at once; twimlkit.sim runs none of those.
                what = ", ".join(f"<{noun.tag}>" for noun in _runnable(verb))
                self.transcript.add(self.twilio.now, f"{verb.tag} {what} (not simulated)")
            elif isinstance(verb, Echo):
                self.transcript.add(self.twilio.now, "Echo: the caller hears themselves, until the call ends")
                yield _Wait(None)
                return None
            elif isinstance(verb, Leave):
                # Outside a queue there is nothing to leave, and Twilio's pages say no more;
                # twimlkit's lint has it that the call leaves the document at <Leave>, so the
                # simulator ends the document there too.
                self.transcript.add(self.twilio.now, "Leave (not in a queue): the document ends")
                self._end("completed")
                return None
            else:
                raise SimulationError(f"twimlkit.sim does not run <{verb.tag}> yet (at {url})")
        self.transcript.add(self.twilio.now, "the document ended")
        self._end("completed")
        return None

    def _play_document(self, url: str, method: str, params: dict[str, str], how: str, what: str) -> _Steps:
        """A document that may only Say, Play, Pause and Redirect (a ``<Queue url>`` whisper,
        a conference's wait URL): run until it ends, or until something other than time
        resumes the call; what resumed it. Another verb is skipped, with a warning."""
        doc = self._document(url, method, params, how)
        verbs = _runnable(doc) if doc is not None else []
        resumed: _Resumed = ("time",)
        while verbs and resumed[0] == "time":
            verb = verbs.pop(0)
            if isinstance(verb, Say | Play | Pause):
                resumed = yield from self._speak(verb)
            elif isinstance(verb, Redirect):
                url = urljoin(url, verb.text)
                doc = self._document(url, verb.method or "POST", params, "Redirect")
                verbs = _runnable(doc) if doc is not None else []
            elif isinstance(verb, Element):
                self._skip(verb)
            else:
                self.transcript.add(self.twilio.now, f"skipped <{verb.tag}> (not for {what})")
                self.twilio.warnings.append((self.sid, url, f"<{verb.tag}> is not allowed in {what}; skipped"))
        return resumed

    def _skip(self, verb: Element) -> None:
        """A verb Twilio cannot read (its warning is in ``twilio.warnings``): it goes on."""
        self.transcript.add(self.twilio.now, f"skipped <{verb.tag}> (see twilio.warnings)")

    def _speak(self, verb: Say | Play | Pause, listen: _Listen | None = None) -> _Steps:
        """A prompt, taking its time on the clock, ``loop`` times (0: until something else
        moves the call on); a Gather's keys may end it (barge-in)."""
        if isinstance(verb, Pause):
            seconds: float = 1 if verb.length is None else verb.length
            self.transcript.add(self.twilio.now, f"Pause {seconds:g}s")
            return (yield from self._sleep(seconds, listen))
        if isinstance(verb, Say):
            words, pause = spoken(verb)
            seconds, line = self.twilio.speech_seconds(words) + pause, f"Say: {words}"
        elif verb.text:
            seconds, line = self.twilio.play_seconds, f"Play: {verb.text}"
        else:
            seconds, line = 0.5 * len(str(verb.digits or "")), f"Play digits: {verb.digits}"
        times = 1 if verb.loop is None else verb.loop
        if times == 0:
            self.transcript.add(self.twilio.now, line)
            self.transcript.add(self.twilio.now, "(loops until the call moves on)")
            return (yield _Wait(None, listen))
        resumed: _Resumed = ("time",)
        for _time in range(times):
            self.transcript.add(self.twilio.now, line)
            resumed = yield from self._sleep(seconds, listen)
            if resumed[0] != "time":
                break
        return resumed

    def _gather(self, verb: Gather, url: str, *, dequeue: bool = False) -> Generator[_Wait, _Resumed, _Next | None]:
        """Gather's rules: its prompts play (a key stops them), then it waits up to
        ``timeout`` seconds; what was pressed goes to ``action`` (default: this document),
        the finish key left out; with nothing pressed, the call goes on after the
        ``<Gather>``, unless ``actionOnEmptyResult``. In a wait document (``dequeue``), an
        agent taking the caller ends it (``_Dequeued``)."""
        inputs = verb.input or ("dtmf",)
        dtmf, speech = "dtmf" in inputs, "speech" in inputs
        finish = FINISH_ON_KEY if verb.finish_on_key is None else str(verb.finish_on_key)
        self._keys = ""
        barge_in = verb.barge_in is not False
        prompt_listen = _Listen(verb.num_digits, finish, final=False, dtmf=dtmf, speech=speech, barge_in=barge_in)
        digits: str | None = None
        for prompt in _runnable(verb):
            if isinstance(prompt, Say | Play | Pause):
                resumed = yield from self._speak(prompt, prompt_listen)
                if dequeue and resumed[0] == "dequeued":
                    raise _Dequeued(resumed)
                if resumed[0] in ("keys", "speech"):
                    break
                if resumed[0] == "barge-in":
                    resumed = ("time",)
                    break
        else:
            resumed = ("time",)
        if resumed[0] not in ("keys", "speech"):
            timeout = GATHER_TIMEOUT if verb.timeout is None else int(verb.timeout)
            self.transcript.add(self.twilio.now, "Gather waits")
            final = _Listen(verb.num_digits, finish, final=True, dtmf=dtmf, speech=speech, timeout=timeout)
            resumed = yield from self._sleep(timeout, final)
            if dequeue and resumed[0] == "dequeued":
                raise _Dequeued(resumed)
        if resumed[0] == "speech":
            self._keys = ""
            action = urljoin(url, verb.action) if verb.action else url
            return action, verb.method or "POST", {"SpeechResult": resumed[1], "Confidence": f"{resumed[2]:g}"}
        digits = resumed[1] if resumed[0] == "keys" else self._keys
        self._keys = ""
        if not digits and not verb.action_on_empty_result:
            return None
        action = urljoin(url, verb.action) if verb.action else url
        return action, verb.method or "POST", {"Digits": digits or ""}

    def _record(self, verb: Record, url: str) -> Generator[_Wait, _Resumed, _Next | None]:
        """Record's rules: a beep, then the caller speaks (``Call.record``); a finish key,
        ``timeout`` seconds of silence or ``maxLength`` end it; ``action`` (default: this
        document) gets RecordingUrl, RecordingDuration and Digits (the finish key, or
        ``hangup``); nothing recorded, and the call goes on with the next verb. The
        ``recordingStatusCallback`` hears of it (``completed``, or ``absent``)."""
        if verb.play_beep is not False:
            self.transcript.add(self.twilio.now, "beep")
        timeout = RECORD_TIMEOUT if verb.timeout is None else verb.timeout
        finish = RECORD_FINISH_KEYS if verb.finish_on_key is None else str(verb.finish_on_key)
        longest = float(RECORD_MAX_LENGTH if verb.max_length is None else verb.max_length)
        self.transcript.add(self.twilio.now, "Record waits")
        resumed = yield _Wait(self.twilio.now + timeout, recording=True, finish_keys=finish)
        if resumed[0] != "recorded":  # silence, or a finish key before a word
            self.transcript.add(self.twilio.now, "nothing recorded")
            self._recording_status(verb, url, "absent", {})
            return None
        spoken, digits = float(resumed[1]), str(resumed[2])
        started = self.twilio.now
        self._recording = (verb, url, started, longest)
        self._recording_status(verb, url, "in-progress", {})
        try:
            resumed = yield _Wait(started + min(spoken, longest), recording=True, finish_keys=finish)
            ended_by = resumed[1] if resumed[0] == "finished" else ""
            if not ended_by and spoken < longest:
                # After the words, the keys given with them; the first finish key ends it,
                # else silence does (maxLength ends it at once).
                ended_by = next((key for key in digits if key in finish), "")
                if not ended_by:
                    resumed = yield _Wait(self.twilio.now + timeout, recording=True, finish_keys=finish)
                    ended_by = resumed[1] if resumed[0] == "finished" else ""
        finally:
            self._recording = None
        seconds = min(spoken, longest, self.twilio.now - started)
        self.transcript.add(self.twilio.now, f"recorded {seconds:g}s")
        recording = self.twilio._recording(seconds)
        self._recording_status(verb, url, "completed", recording)
        action = urljoin(url, verb.action) if verb.action else url
        return action, verb.method or "POST", {**recording, "Digits": ended_by}

    def _recording_status(self, verb: Node, url: str, status: str, recording: dict[str, str]) -> None:
        """The ``recordingStatusCallback`` of a ``<Record>`` or ``<Dial record>``, for the
        ``recordingStatusCallbackEvent``s it names (``completed`` by default)."""
        callback = verb.get("recording_status_callback")
        if not callback:
            return
        wanted = verb.get("recording_status_callback_event") or "completed"
        if status not in ((wanted,) if isinstance(wanted, str) else wanted if isinstance(wanted, tuple) else ()):
            return
        params = {
            "AccountSid": self.twilio.account_sid,
            "CallSid": self.sid,
            "RecordingStatus": status,
            "RecordingSource": "RecordVerb" if isinstance(verb, Record) else "DialVerb",
            "RecordingChannels": "1",
            "RecordingStartTime": format_datetime(self.twilio.clock),
            "ErrorCode": "0",
            **recording,
        }
        method = str(verb.get("recording_status_callback_method") or "POST")
        self.twilio._request(self.sid, method, urljoin(url, str(callback)), params)

    def _dial(self, verb: Dial, url: str) -> Generator[_Wait, _Resumed, _Next | None]:
        """Dial's rules: numbers and clients ring as the test set them up (``Twilio.callee``),
        a ``<Queue>`` takes its first caller; ``timeout`` (30 s) ends the ringing;
        ``hangupOnStar`` lets ``*`` end the call; ``action`` gets DialCallStatus and the rest,
        and without one the call goes on with the next verb."""
        timeout = DIAL_TIMEOUT if verb.timeout is None else verb.timeout
        nouns = [noun for noun in _runnable(verb) if not isinstance(noun, Element)]  # unreadable: skipped
        for noun in nouns:
            if not isinstance(noun, Queue_ | Number | Client_ | Sip | Conference_):
                raise SimulationError(f"twimlkit.sim does not dial <{noun.tag}> yet (at {url})")
        if not nouns and not verb.text:
            # Nothing it can read to dial (see twilio.warnings): Twilio logs it and goes on.
            self.transcript.add(self.twilio.now, "skipped <Dial>: nothing it can dial (see twilio.warnings)")
            return None
        queues = [noun for noun in nouns if isinstance(noun, Queue_)]
        rooms = [noun for noun in nouns if isinstance(noun, Conference_)]
        extra: dict[str, str] = {}
        dialed_sid = ""
        if queues:
            status, duration, extra = yield from self._dial_queue(queues[0], verb, timeout)
            dialed_sid = extra.pop("DialCallSid", f"CA{next(self.twilio._sids):032x}")
        elif rooms:
            status = yield from self._dial_conference(rooms[0], verb, url)
            duration = 0
        else:
            dialed = nouns or [Number(verb.text)]  # <Dial>+15558675310</Dial>: one number
            status, duration, dialed_sid = yield from self._ring(
                [self._target(n) for n in dialed], verb, timeout, dialed
            )
        bridged = status == "completed"
        status = "completed" if status == "declined" else status
        self.transcript.add(self.twilio.now, f"Dial ended: {status}")
        if self.ended:
            return None
        if verb.record not in (None, False, "false", "do-not-record") and bridged:
            recording = self.twilio._recording(duration)  # Dial page: RecordingUrl, when it records
            self._recording_status(verb, url, "completed", recording)
            extra |= recording
        if not verb.action:
            return None  # the next verb
        if rooms:
            # Dial page: no DialCallSid and no DialCallDuration for a conference.
            return urljoin(url, verb.action), verb.method or "POST", {"DialCallStatus": status}
        params = {
            "DialCallStatus": status,
            "DialCallSid": dialed_sid,
            "DialCallDuration": str(duration),
            "DialBridged": "true" if bridged else "false",
            **extra,
        }
        return urljoin(url, verb.action), verb.method or "POST", params

    def _target(self, noun: Node) -> str:
        text = noun.text if isinstance(noun, Number | Client_ | Sip) else ""
        if isinstance(noun, Client_) and not text:
            identity = noun.find(Identity)
            text = identity.text if identity is not None else ""
        return f"client:{text}" if isinstance(noun, Client_) else text

    def _ring(
        self, targets: list[str], verb: Dial, timeout: float, nouns: list[Node]
    ) -> Generator[_Wait, _Resumed, tuple[str, int, str]]:
        """Ring the targets: all at once, or with ``sequential`` one after another, each for
        the ``timeout``, until one answers."""
        if not verb.sequential or len(nouns) < 2:
            return (yield from self._ring_together(targets, verb, timeout, nouns))
        result = ("no-answer", 0, "")
        for target, noun in zip(targets, nouns, strict=True):
            result = yield from self._ring_together([target], verb, timeout, [noun])
            if result[0] not in ("busy", "no-answer", "declined") or self.ended:
                break
        return result

    def _ring_together(
        self, targets: list[str], verb: Dial, timeout: float, nouns: list[Node]
    ) -> Generator[_Wait, _Resumed, tuple[str, int, str]]:
        """Ring each target (a leg, with its own CallSid) until one answers or ``timeout``;
        the status, the talk's duration and the CallSid of the leg that answered (else the
        first)."""
        self.transcript.add(self.twilio.now, f"Dial {', '.join(targets)}")
        callees = [self.twilio._callees.get(target, _Callee()) for target in targets]
        legs = [_Leg(self, noun, f"CA{next(self.twilio._sids):032x}") for noun in nouns]
        for leg in legs:
            leg.event("initiated")
        if all(callee.busy for callee in callees):
            for leg in legs:
                leg.event("completed", "busy")
            return "busy", 0, legs[0].sid
        for leg in legs:
            leg.event("ringing")
        answering = [callee.answers_after for callee in callees if not callee.busy and callee.answers_after is not None]
        first = min(answering, default=None)
        self._ringing = legs  # a hang-up now cancels them
        try:
            yield from self._sleep(timeout if first is None or first > timeout else first)
        finally:
            self._ringing = []
        if first is None or first > timeout:
            for leg in legs:
                leg.event("completed", "no-answer")
            return "no-answer", 0, legs[0].sid
        winner = next(index for index, c in enumerate(callees) if not c.busy and c.answers_after == first)
        talks = callees[winner].talks_for
        self.transcript.add(self.twilio.now, "answered")
        for index, leg in enumerate(legs):
            if index == winner:
                leg.event("answered", "in-progress")
            else:
                leg.event("completed", "canceled")  # the first to answer wins, the others stop ringing
        whisper = legs[winner].noun.get("url")
        if whisper and not (yield from self._callee_whisper(legs[winner], str(whisper))):
            legs[winner].event("completed", duration=0)
            return "declined", 0, legs[winner].sid
        started = self.twilio.now
        limit = DIAL_TIME_LIMIT if verb.time_limit is None else verb.time_limit
        talks = limit if talks is None else min(talks, limit)
        self._answered = (legs, winner, started)
        yield _Wait(self.twilio.now + talks, star_ends_bridge=bool(verb.hangup_on_star))
        self._answered = None
        legs[winner].event("completed", duration=round(self.twilio.now - started))
        return "completed", round(self.twilio.now - started), legs[winner].sid

    def _callee_whisper(self, leg: _Leg, url: str) -> Generator[_Wait, _Resumed, bool]:
        """A ``<Number url>`` (or Client's, Sip's) document, on the called party's leg once it
        answers, before the bridge (the caller still hears ringing): its Say, Play and Pause
        take their time; a ``<Hangup>`` or ``<Reject>`` declines the call (False). The called
        party is scripted, so a ``<Gather>`` there hears nothing and goes on."""
        params = {
            "CallSid": leg.sid,
            "ParentCallSid": self.sid,
            "AccountSid": self.twilio.account_sid,
            "From": self._base.from_ or "",
            "To": self._target(leg.noun),
            "CallStatus": "in-progress",
            "Direction": "outbound-dial",
            "ApiVersion": API_VERSION,
        }
        method = str(leg.noun.get("method") or "POST")
        url = urljoin(self._doc_url, url)
        exchange = self.twilio._request(self.sid, method, url, params)
        ok = 200 <= exchange.status < 300
        read = self.twilio._read(exchange.body) if ok else _Unreadable(f"HTTP {exchange.status}", HTTP_ERROR_CODE)
        if isinstance(read, _Unreadable):
            self.transcript.add(self.twilio.now, f"the called party's whisper at {url} failed: {read.reason}")
            return False
        doc, warnings = read
        self.twilio.warnings.extend((self.sid, url, warning) for warning in warnings)
        for verb in _runnable(doc):
            if isinstance(verb, Pause):
                seconds: float = 1 if verb.length is None else verb.length
                self.transcript.add(self.twilio.now, f"(to the called party) Pause {seconds:g}s")
                yield from self._sleep(seconds)
            elif isinstance(verb, Say):
                words, pause = spoken(verb)
                self.transcript.add(self.twilio.now, f"(to the called party) Say: {words}")
                yield from self._sleep(self.twilio.speech_seconds(words) + pause)
            elif isinstance(verb, Play):
                self.transcript.add(self.twilio.now, f"(to the called party) Play: {verb.text}")
                yield from self._sleep(self.twilio.play_seconds)
            elif isinstance(verb, Hangup | Reject):
                self.transcript.add(self.twilio.now, "the called party declined the call")
                return False
            elif isinstance(verb, Dial):
                # Client and Number pages: the called party's document may not <Dial>.
                self.transcript.add(self.twilio.now, "(to the called party) skipped <Dial> (not allowed there)")
                self.twilio.warnings.append((self.sid, url, "<Dial> is not allowed in a called party's url document"))
            else:
                self.transcript.add(self.twilio.now, f"(to the called party) <{verb.tag}> (not simulated)")
        return True

    def _dial_conference(self, noun: Conference_, verb: Dial, url: str) -> Generator[_Wait, _Resumed, str]:
        """In a conference room until the call leaves it (``*`` with ``hangupOnStar``, its
        ``timeLimit``, a hang-up) or the conference ends; its wait URL plays until it starts.
        ``answered``; ``failed`` for a room at its ``maxParticipants`` (what Twilio sends then
        is not documented)."""
        room = self.twilio._room(noun.text)
        if room.size >= room.max_participants:
            self.transcript.add(self.twilio.now, f"conference {room.name} is full ({room.size} in)")
            self.twilio.warnings.append((self.sid, url, f"conference {room.name} is full: maxParticipants"))
            return "failed"
        room.join(self, noun)
        limit = DIAL_TIME_LIMIT if verb.time_limit is None else verb.time_limit
        deadline = self.twilio.now + limit
        resumed: _Resumed = ("conference-started",)
        if not room.started:
            resumed = yield from self._conference_wait(noun, url)
        if resumed[0] == "conference-started" and not room.ended:
            yield _Wait(deadline, star_ends_bridge=bool(verb.hangup_on_star))
        room.leave(self)
        return "answered"

    def _conference_wait(self, noun: Conference_, url: str) -> _Steps:
        """What a participant hears until its conference starts: the wait URL's Say, Play,
        Pause and Redirect (other verbs are skipped, with a warning: Twilio's 13238), Twilio's
        hold music without one, silence for ``waitUrl=""``."""
        if not noun.wait_url:
            self.transcript.add(self.twilio.now, "silence" if noun.wait_url == "" else "hold music")
            return (yield _Wait(None))
        while True:
            started = self.twilio.now
            # Twilio's 13238: only Say, Play, Pause and Redirect there.
            what = "a conference's wait document"
            resumed = yield from self._play_document(
                urljoin(url, noun.wait_url), noun.wait_method or "POST", {}, "waitUrl", what
            )
            if resumed[0] != "time":
                return resumed
            # The document ran out: asked for again (Twilio's own hold music loops; whether
            # Twilio asks for a wait URL again is not documented), not at once.
            if self.twilio.now == started:
                resumed = yield from self._sleep(1)
                if resumed[0] != "time":
                    return resumed

    def _dial_queue(
        self, noun: Queue_, verb: Dial, timeout: float
    ) -> Generator[_Wait, _Resumed, tuple[str, int, dict[str, str]]]:
        found = self.twilio.queues.get(noun.text)
        if found is None:
            # Queue page: "If the queue does not exist, Dial will post an error status to its
            # action URL." A queue exists once a call was enqueued in it (or the REST API or
            # Twilio.queue made it).
            self.transcript.add(self.twilio.now, f"Dial queue {noun.text}: no such queue")
            return "failed", 0, {}
        queue = found
        self.transcript.add(self.twilio.now, f"Dial queue {queue.name}")
        if not queue.members:
            queue.agents.append((self, noun))
            resumed = yield _Wait(self.twilio.now + timeout)
            if resumed[0] == "time":
                queue.agents = [(agent, waiting) for agent, waiting in queue.agents if agent is not self]
                return "no-answer", 0, {}
        else:
            self.twilio._dequeue(queue, self, noun)
            resumed = yield _Wait(None)
        if resumed[0] != "bridged":
            return "canceled", 0, {}  # the caller hung up while hearing the whisper
        # Resumed once the dequeued caller heard the whisper: in a bridge until one ends it.
        caller = resumed[1]
        waited = resumed[2]
        self.transcript.add(self.twilio.now, f"bridged with {caller.sid}")
        started = self.twilio.now
        limit = DIAL_TIME_LIMIT if verb.time_limit is None else verb.time_limit
        resumed = yield _Wait(started + limit, star_ends_bridge=bool(verb.hangup_on_star))
        if resumed[0] == "time":
            self.twilio._end_bridge(self, "the time limit", resume_self=False)
        extra = {"QueueSid": queue.sid, "QueueTime": str(waited), "DialCallSid": caller.sid}
        return "completed", round(self.twilio.now - started), extra

    def _enqueue(self, verb: Enqueue, url: str) -> Generator[_Wait, _Resumed, _Next | None]:
        """Enqueue's rules: the caller waits in the queue, its wait URL asked again each time
        its document ends, with the queue's figures; an agent's ``<Dial><Queue>`` takes the
        first caller, who hears the Queue's ``url`` and is bridged; afterwards (or on
        ``<Leave>``) the ``action`` gets QueueResult, else the call goes on."""
        queue = self.twilio.queue(verb.text)
        joined = self.twilio.now
        self.transcript.add(self.twilio.now, f"Enqueue {queue.name}")
        if queue.size >= queue.max_size:
            self.transcript.add(self.twilio.now, "left the queue: queue-full")
            if not verb.action:
                return None
            params = {"QueueResult": "queue-full", "QueueSid": queue.sid, "QueueTime": "0"}
            return urljoin(url, verb.action), verb.method or "POST", params
        queue.members.append((self, joined))
        self._enqueued = (queue, verb, url, joined)
        self.twilio._offer(queue)
        result = "hangup"
        resumed: _Resumed = ("time",)
        left = None  # when it left the queue: QueueTime is the time spent waiting
        while not self.ended:
            if self._dequeued_by is not None:
                # An agent waiting on the queue took the caller as it joined: straight to
                # the whisper and the bridge, with no wait document.
                resumed = yield _Wait(None)
            elif not any(member is self for member, _since in queue.members) and self._peer is None:
                break
            elif verb.wait_url:
                figures = {
                    "QueuePosition": str(queue.position(self)) if any(m is self for m, _ in queue.members) else "0",
                    "QueueSid": queue.sid,
                    "QueueTime": str(round(self.twilio.now - joined)),
                    "AvgQueueTime": str(queue.average_wait),
                    "CurrentQueueSize": str(queue.size),
                    "MaxQueueSize": str(queue.max_size),
                }
                wait_url = urljoin(url, verb.wait_url)
                doc = self._document(wait_url, verb.wait_url_method or "POST", figures, "waitUrl")
                resumed = ("time",)
                verbs = _runnable(doc) if doc is not None else []
                started = self.twilio.now
                while verbs:
                    wait_verb = verbs.pop(0)
                    if isinstance(wait_verb, Say | Play | Pause):
                        resumed = yield from self._speak(wait_verb)
                    elif isinstance(wait_verb, Leave):
                        queue.members = [(m, t) for m, t in queue.members if m is not self]
                        left = self.twilio.now
                        result = "leave"
                        break
                    elif isinstance(wait_verb, Hangup):
                        # The call ends, and leaves the queue as by the caller hanging up.
                        self.transcript.add(self.twilio.now, "Hangup")
                        self._end("completed")
                        self._left_queue("hangup")
                        self.twilio._leave_queues(self)
                        return None
                    elif isinstance(wait_verb, Redirect | Gather):
                        if isinstance(wait_verb, Redirect):
                            step: _Next | None = (urljoin(wait_url, wait_verb.text), wait_verb.method or "POST", {})
                        else:
                            try:
                                step = yield from self._gather(wait_verb, wait_url, dequeue=True)
                            except _Dequeued as dequeued:
                                resumed = dequeued.value
                                break
                        if step is None:
                            continue  # no input: the wait document goes on
                        # A chain of Redirects (or Gather actions: twimlkit.sim runs the action's
                        # document in the queue, as the wait document's own, so that a <Leave>
                        # there takes the caller out), which comes back to the wait URL.
                        target, method, chosen = step
                        how = "Redirect" if isinstance(wait_verb, Redirect) else "Gather"
                        redirected = self._document(target, method, {**figures, **chosen}, how)
                        verbs = _runnable(redirected) if redirected is not None else []
                        wait_url = target
                    elif isinstance(wait_verb, Element):
                        self._skip(wait_verb)
                    elif isinstance(wait_verb, Node):
                        # Enqueue page: a wait document may use only Play, Say, Pause, Hangup,
                        # Redirect, Leave and Gather. What Twilio does with another verb there
                        # is not documented; twimlkit.sim skips it and records a warning.
                        self.transcript.add(self.twilio.now, f"skipped <{wait_verb.tag}> (not for a wait document)")
                        self.twilio.warnings.append(
                            (self.sid, wait_url, f"<{wait_verb.tag}> is not allowed in a wait document; skipped")
                        )
                    if resumed[0] == "dequeued":
                        break
                if result == "leave":
                    break
                if resumed[0] != "dequeued":
                    if doc is None or self.twilio.now == started:
                        # A wait document that takes no time: Twilio asks for it again, not at once.
                        resumed = yield from self._sleep(1)
                    if resumed[0] != "dequeued":
                        continue
            else:
                # waitUrl="" is silence (Enqueue page); none is Twilio's hold music.
                self.transcript.add(self.twilio.now, "silence" if verb.wait_url == "" else "hold music")
                resumed = yield _Wait(None)
            # Dequeued by an agent: the whisper, then the bridge until it ends.
            left = self.twilio.now
            agent, whisper = resumed[1], resumed[2]
            self.transcript.add(self.twilio.now, f"dequeued by {agent.sid}")
            if whisper is not None:
                params = {
                    "QueueSid": queue.sid,
                    "QueueTime": str(round(self.twilio.now - joined)),
                    "DequeingCallSid": agent.sid,
                }
                yield from self._play_document(whisper, resumed[3], params, "whisper", "a <Queue url> document")
            self._dequeued_by = None
            if agent.ended:
                # The agent hung up during the whisper: no bridge. Twilio's pages do not say
                # what the caller's Enqueue action hears then; "bridging-in-process" is the
                # QueueResult whose name fits.
                result = "bridging-in-process"
                break
            self.twilio._bridge(self, agent, round(left - joined))
            yield _Wait(None)
            result = "bridged"
            break
        self._enqueued = None
        if self.ended:
            return None
        self.transcript.add(self.twilio.now, f"left the queue: {result}")
        if not verb.action:
            return None
        waited = round((self.twilio.now if left is None else left) - joined)
        params = {"QueueResult": result, "QueueSid": queue.sid, "QueueTime": str(waited)}
        return urljoin(url, verb.action), verb.method or "POST", params
