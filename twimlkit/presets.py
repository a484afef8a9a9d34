"""Finished call flows for Twilio Client apps: each function returns a lint-clean
``VoiceResponse``, a plain tree to inspect, extend (``with_children``) and snapshot.

The flows are those of a radio call-in show, where a DJ answers callers waiting in a queue
from a browser, and of browsers and phones calling each other:

- ``answer_queue``: the DJ's browser takes the next caller; ``*`` ends the call and the
  redirect takes the one after.
- ``enqueue_caller`` and ``queue_wait``: a caller joins the queue, and hears the wait document
  (position, average wait, music) until the DJ answers.
- ``dial_client``, ``ring_clients``: ring one browser or phone app, or up to ten at once.
- ``route_call``: the voice URL of a TwiML App for calls made from the Voice SDK.
- ``voicemail``: a greeting and a recording, for ``fallback=``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, Final, Literal

from ._elements import (
    Client,
    Dial,
    Enqueue,
    Hangup,
    Identity,
    Number,
    Parameter,
    Pause,
    Play,
    Queue,
    Record,
    Redirect,
    Say,
    VoiceResponse,
)
from .exceptions import ValidationError

__all__ = [
    "answer_queue",
    "dial_client",
    "enqueue_caller",
    "queue_wait",
    "ring_clients",
    "route_call",
    "voicemail",
]

#: An E.164 phone number: a plus, then up to 15 digits, the first not 0.
E164: Final = re.compile(r"\+[1-9][0-9]{1,14}")
#: What ``route_call`` reads as a browser or app to dial (the Voice SDK's ``To``).
CLIENT_PREFIX: Final = "client:"
#: Twilio dials at most this many ``<Client>``s at once (the first to answer wins).
MAX_CLIENTS: Final = 10
#: What ``route_call`` says before hanging up on a destination it will not dial.
REFUSED_MESSAGE: Final = "Sorry, this call cannot be connected. Goodbye."
#: How long ``queue_wait`` pauses when it has no music to play, before Twilio asks again.
WAIT_PAUSE_SECONDS: Final = 10


def answer_queue(
    queue: str,
    *,
    next_url: str,
    next_method: Literal["GET", "POST"] = "GET",
    hangup_on_star: bool = True,
    whisper_url: str | None = None,
) -> VoiceResponse:
    """An agent (the DJ) takes the caller at the head of ``queue``.

    The ``<Dial>`` has no ``action``, so when the call ends (the agent presses ``*`` with
    ``hangup_on_star``, or the caller hangs up) Twilio goes on to the ``<Redirect>``, whose
    document takes the next caller: usually this one again. An empty queue keeps the agent
    waiting for the Dial's timeout, then redirects. ``whisper_url`` is TwiML played to the
    caller just before they are connected (``<Queue url>``).

        >>> print(answer_queue("radio-callin-queue", next_url="/voice").to_xml(pretty=True))
        <?xml version="1.0" encoding="UTF-8"?>
        <Response>
          <Dial hangupOnStar="true">
            <Queue>radio-callin-queue</Queue>
          </Dial>
          <Redirect method="GET">/voice</Redirect>
        </Response>
    """
    return VoiceResponse(
        Dial(Queue(queue, url=whisper_url), hangup_on_star=hangup_on_star or None),
        Redirect(next_url, method=_method(next_method, "next_method")),
    )


def enqueue_caller(
    queue: str,
    *,
    wait_url: str | None = None,
    action: str | None = None,
    greeting: str | Say | Play | None = None,
) -> VoiceResponse:
    """A caller joins ``queue`` and waits there, hearing ``wait_url``'s document (see
    ``queue_wait``; without it, Twilio's hold music) until an agent answers.

    ``greeting`` (words to say, or a ``Say`` or ``Play``) comes first. ``action`` is asked
    once the caller leaves the queue (with ``QueueResult``); without it, the call ends.

        >>> print(enqueue_caller("radio-callin-queue", wait_url="/wait", greeting="You are on hold for the show.")
        ...       .to_xml(pretty=True))
        <?xml version="1.0" encoding="UTF-8"?>
        <Response>
          <Say>You are on hold for the show.</Say>
          <Enqueue waitUrl="/wait">radio-callin-queue</Enqueue>
        </Response>
    """
    verbs: list[Say | Play | Enqueue] = []
    if greeting is not None:
        verbs.append(_spoken(greeting, "greeting"))
    verbs.append(Enqueue(queue, wait_url=wait_url, action=action))
    return VoiceResponse(*verbs)


def queue_wait(
    *,
    message: str | None = None,
    music_url: str | None = None,
    position: int | None = None,
    average_wait: int | None = None,
    voice: str | None = None,
) -> VoiceResponse:
    """The document of an ``<Enqueue waitUrl>``, which Twilio asks for again each time it
    ends, for as long as the caller waits.

    It holds only verbs a wait document may run (``<Say>``, ``<Play>``, ``<Pause>``): the
    ``message``; then the caller's place in the queue and the average wait, when given
    (``position`` is Twilio's ``QueuePosition``, 1 for the next caller; ``average_wait`` is
    ``AvgQueueTime``, in seconds; ``CallRequest`` reads both); then ``music_url``, or a
    pause of ten seconds so that the document is not asked for again at once.

        >>> print(queue_wait(message="Thanks for calling the show.", position=2, average_wait=150,
        ...                  music_url="https://example.com/hold.mp3").to_xml(pretty=True))
        <?xml version="1.0" encoding="UTF-8"?>
        <Response>
          <Say>Thanks for calling the show.</Say>
          <Say>You are number 2 in line. The average wait is about 3 minutes.</Say>
          <Play>https://example.com/hold.mp3</Play>
        </Response>
    """
    verbs: list[Say | Play | Pause] = []
    if message is not None:
        verbs.append(Say(message, voice=voice))
    announced = []
    if position is not None:
        place = _count(position, "position", least=1)
        announced.append("You are next in line." if place == 1 else f"You are number {place} in line.")
    if average_wait is not None:
        announced.append(_average_wait(_count(average_wait, "average_wait", least=0)))
    if announced:
        verbs.append(Say(" ".join(announced), voice=voice))
    verbs.append(Play(music_url) if music_url is not None else Pause(length=WAIT_PAUSE_SECONDS))
    return VoiceResponse(*verbs)


def dial_client(
    identity: str,
    *,
    caller_id: str | None = None,
    timeout: int | None = None,
    parameters: Mapping[str, str] | None = None,
    fallback: VoiceResponse | str | None = None,
) -> VoiceResponse:
    """Ring the browser or app that registered as ``identity``.

    ``parameters`` reach the app as the call's custom parameters (``<Identity>`` then one
    ``<Parameter>`` each). ``fallback`` is what happens when no one answers: a URL, which
    becomes the Dial's ``action`` (asked with ``DialCallStatus``, so it can tell an answered
    call from a missed one), or a document, such as ``voicemail(...)``, whose verbs follow the
    ``<Dial>``. Those verbs also run after an answered call if the called app hangs up first
    and the caller stays on the line: give a URL to tell the two apart.

        >>> print(dial_client("dj", parameters={"show": "night"}, timeout=20).to_xml(pretty=True))
        <?xml version="1.0" encoding="UTF-8"?>
        <Response>
          <Dial timeout="20">
            <Client>
              <Identity>dj</Identity>
              <Parameter name="show" value="night"/>
            </Client>
          </Dial>
        </Response>
    """
    return ring_clients([identity], caller_id=caller_id, timeout=timeout, parameters=parameters, fallback=fallback)


def ring_clients(
    identities: Iterable[str],
    *,
    caller_id: str | None = None,
    timeout: int | None = None,
    parameters: Mapping[str, str] | None = None,
    fallback: VoiceResponse | str | None = None,
) -> VoiceResponse:
    """Ring up to ten browsers or apps at once; the first to answer takes the call and the
    others stop ringing. The keywords are ``dial_client``'s (``parameters`` go to each).

        >>> print(ring_clients(["dj", "producer"], caller_id="+15550001111").to_xml(pretty=True))
        <?xml version="1.0" encoding="UTF-8"?>
        <Response>
          <Dial callerId="+15550001111">
            <Client>dj</Client>
            <Client>producer</Client>
          </Dial>
        </Response>
    """
    if isinstance(identities, str):
        raise TypeError(
            f"ring_clients() takes a list of identities, not one string; for one, dial_client({identities!r})"
        )
    names = list(identities)
    if not names:
        raise ValueError("ring_clients() needs at least one identity to ring")
    if len(names) > MAX_CLIENTS:
        raise ValueError(f"Twilio rings at most {MAX_CLIENTS} clients at once; got {len(names)}")
    clients = [_client(name, parameters) for name in names]
    action, after = _fallback(fallback)
    return VoiceResponse(Dial(*clients, caller_id=caller_id, timeout=timeout, action=action), *after)


def route_call(
    to: str | None,
    *,
    caller_id: str,
    timeout: int | None = None,
    refused_message: str = REFUSED_MESSAGE,
) -> VoiceResponse:
    """The voice URL of a TwiML App, for calls made from the Voice SDK: ``to`` is the ``To``
    parameter the browser sent (``CallRequest.to``).

    ``client:NAME`` rings that client; an E.164 number (``+15558675310``) is dialed with
    ``caller_id`` (one of the account's numbers, or a client name for client calls).
    Anything else (missing, another format, a name Twilio does not take) is never dialed:
    the caller hears ``refused_message`` and the call ends.

        >>> print(route_call("client:dj", caller_id="client:listener").to_xml(pretty=True))
        <?xml version="1.0" encoding="UTF-8"?>
        <Response>
          <Dial callerId="client:listener">
            <Client>dj</Client>
          </Dial>
        </Response>
        >>> print(route_call("1-900-PRANK", caller_id="+15550001111").to_xml(pretty=True))
        <?xml version="1.0" encoding="UTF-8"?>
        <Response>
          <Say>Sorry, this call cannot be connected. Goodbye.</Say>
          <Hangup/>
        </Response>
    """
    target = to.strip() if isinstance(to, str) else ""
    noun: Client | Number | None = None
    try:
        if target.startswith(CLIENT_PREFIX) and target[len(CLIENT_PREFIX) :]:
            noun = Client(target[len(CLIENT_PREFIX) :])
        elif E164.fullmatch(target):
            noun = Number(target)
    except ValidationError:
        noun = None  # a client name Twilio does not take: never dialed
    if noun is None:
        return VoiceResponse(Say(refused_message), Hangup())
    return VoiceResponse(Dial(noun, caller_id=caller_id, timeout=timeout))


def voicemail(
    greeting: str | Say | Play = "Please leave a message after the beep.",
    *,
    action: str,
    max_length: int | None = None,
    recording_status_callback: str | None = None,
    goodbye: str | None = "No message was recorded. Goodbye.",
) -> VoiceResponse:
    """A greeting, then a recording posted to ``action`` (with ``RecordingUrl``,
    ``RecordingDuration`` and the key that ended it). ``action`` is required: without it
    Twilio posts the recording to the document that asked for it, which would greet the
    caller again. ``goodbye`` is said when nothing was recorded (Twilio then goes on to the
    next verb instead of asking ``action``). Usable as ``dial_client(..., fallback=)``.

        >>> print(voicemail(action="/recorded", max_length=120).to_xml(pretty=True))
        <?xml version="1.0" encoding="UTF-8"?>
        <Response>
          <Say>Please leave a message after the beep.</Say>
          <Record action="/recorded" maxLength="120"/>
          <Say>No message was recorded. Goodbye.</Say>
        </Response>
    """
    verbs: list[Say | Play | Record] = [
        _spoken(greeting, "greeting"),
        Record(action=action, max_length=max_length, recording_status_callback=recording_status_callback),
    ]
    if goodbye is not None:
        verbs.append(Say(goodbye))
    return VoiceResponse(*verbs)


# -- helpers ---------------------------------------------------------------------------------


def _method(method: str, name: str) -> Literal["GET", "POST"]:
    if method == "GET":
        return "GET"
    if method == "POST":
        return "POST"
    raise ValueError(f"{name} must be 'GET' or 'POST'; got {method!r}")


def _spoken(what: str | Say | Play, name: str) -> Say | Play:
    if isinstance(what, Say | Play):
        return what
    if isinstance(what, str):
        return Say(what)
    raise TypeError(f"{name} takes words to say (a str), a Say or a Play; got {type(what).__name__}")


def _count(value: object, name: str, *, least: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} takes an int (CallRequest reads Twilio's value as one); got {value!r}")
    if value < least:
        raise ValueError(f"{name} must be at least {least}; got {value}")
    return int(value)


def _average_wait(seconds: int) -> str:
    if seconds < 60:
        return "The average wait is under a minute."
    minutes = (seconds + 30) // 60
    return f"The average wait is about {minutes} minute{'s' if minutes != 1 else ''}."


def _client(identity: str, parameters: Mapping[str, str] | None) -> Client:
    if not parameters:
        return Client(identity)
    return Client(Identity(identity), *(Parameter(name=name, value=value) for name, value in parameters.items()))


def _fallback(fallback: VoiceResponse | str | None) -> tuple[str | None, tuple[Any, ...]]:
    """The Dial's action and the verbs after it (a VoiceResponse's children), for ``fallback``."""
    if fallback is None:
        return None, ()
    if isinstance(fallback, str):
        return fallback, ()
    if isinstance(fallback, VoiceResponse):
        return None, fallback.children
    raise TypeError(
        f"fallback takes a URL (str) or a VoiceResponse such as voicemail(...); got {type(fallback).__name__}"
    )
