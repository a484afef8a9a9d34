"""``twimlkit phone URL``: the simulator as a phone in a terminal, against a server on
localhost. What the call says is printed; when a ``<Gather>`` or ``<Record>`` waits, the
phone asks for keys (or words, or seconds of speech); time passes without real waiting."""

from __future__ import annotations

from typing import TextIO
from urllib.parse import urlsplit

from ._twilio import Twilio

__all__ = ["run_phone"]

_KEYS = set("0123456789*#")
#: How long Enter waits on hold (in a queue, or a call with someone).
HOLD_STEP = 10.0


def run_phone(
    url: str,
    *,
    auth_token: str,
    from_: str,
    to: str,
    verbose: bool,
    stdin: TextIO,
    stdout: TextIO,
    public_url: str | None = None,
) -> str:
    """Call ``url`` as Twilio would and talk to it through ``stdin``/``stdout``; the call's
    status when it ends. ``public_url`` is the scheme and host the app signs for (its
    ``public_url``), when it is not the server's own."""
    parts = urlsplit(url)
    base = f"{parts.scheme}://{parts.netloc}"
    twilio = Twilio(base, auth_token=auth_token, public_url=public_url or base)
    twilio.phone_number(to, voice_url=parts.path + ("?" + parts.query if parts.query else "") or "/")
    call = twilio.call(from_=from_, to=to)
    shown = [0, 0]

    def show() -> None:
        # The transcript and the requests in the order they happened.
        transcript = call.transcript
        fresh = [
            (order, f"{at:7.1f}s  {what}")
            for order, (at, what) in list(zip(transcript._order, transcript.entries, strict=True))[shown[0] :]
        ]
        if verbose:
            for exchange in twilio.requests[shown[1] :]:
                shown_body = exchange.body.strip()
                fresh.append(
                    (exchange.order, f"--> {exchange.method} {exchange.url}  ({exchange.status})\n{shown_body}")
                )
            shown[1] = len(twilio.requests)
        for _order, line in sorted(fresh):
            print(line, file=stdout)
        shown[0] = len(call.transcript.entries)
        refused = [exchange for exchange in twilio.requests if exchange.status == 403]
        if refused and not warned:
            warned.append(True)
            print(
                "note: the app refused a request (403): is $TWILIO_AUTH_TOKEN its token, and is the URL "
                "it signs for the one called (--public-url)?",
                file=stdout,
            )

    warned: list[bool] = []

    def ask(prompt: str) -> str | None:
        print(prompt, end="", file=stdout, flush=True)
        line = stdin.readline()
        return None if line == "" else line.strip()

    def holding() -> bool:
        """In a queue, a bridge or a conference: the caller waits for others."""
        return call._enqueued is not None or call._peer is not None or call._answered is not None

    while not call.ended:
        show()
        waiting = call._waiting
        if waiting is None:
            break
        listening = waiting.recording and call._recording is None  # a <Record> waits for words
        if listening or (waiting.listen is not None and waiting.listen.final):
            line = ask(_prompt(waiting.recording, waiting.listen is not None and not waiting.listen.dtmf))
            if line is None:
                call.hang_up()
                break
            try:
                if not line:
                    twilio.advance(max(0.0, (waiting.until or twilio.now) - twilio.now))
                elif waiting.recording:
                    seconds, _, keys = line.partition(" ")
                    call.record(float(seconds), keys.strip())
                elif waiting.listen is not None and waiting.listen.speech and not set(line) <= _KEYS:
                    call.say(line)
                else:
                    call.press(line)
            except ValueError as error:
                print(f"not that: {_plain(error)}", file=stdout)
        elif waiting.until is not None and not holding():
            twilio.advance(waiting.until - twilio.now)
        else:
            line = ask(f"(holding) Enter waits {HOLD_STEP:g} s, or keys> ")
            if line is None:
                call.hang_up()
                break
            if line and not set(line) <= _KEYS:
                print("not that: keys are 0-9, * and #", file=stdout)
            elif line:
                call.press(line)
            else:
                twilio.advance(HOLD_STEP)
    show()
    print(f"call ended: {call.status}", file=stdout)
    return call.status


def _prompt(recording: bool, words: bool) -> str:
    if recording:
        return "seconds to speak, then keys (Enter: silence)> "
    return "words> " if words else "keys> "


def _plain(error: ValueError) -> str:
    text = str(error)
    if text.startswith("could not convert"):
        return "a recording is a number of seconds, then keys, such as '5 #'"
    return text
