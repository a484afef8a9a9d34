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


def run_phone(url: str, *, auth_token: str, from_: str, to: str, verbose: bool, stdin: TextIO, stdout: TextIO) -> str:
    """Call ``url`` as Twilio would and talk to it through ``stdin``/``stdout``; the call's
    status when it ends."""
    parts = urlsplit(url)
    base = f"{parts.scheme}://{parts.netloc}"
    twilio = Twilio(base, auth_token=auth_token, public_url=base)
    twilio.phone_number(to, voice_url=parts.path + ("?" + parts.query if parts.query else "") or "/")
    call = twilio.call(from_=from_, to=to)
    shown = [0, 0]

    def show() -> None:
        if verbose:
            for exchange in twilio.requests[shown[1] :]:
                print(f"--> {exchange.method} {exchange.url}  ({exchange.status})", file=stdout)
                print(exchange.body.strip(), file=stdout)
            shown[1] = len(twilio.requests)
        for at, what in call.transcript.entries[shown[0] :]:
            print(f"{at:7.1f}s  {what}", file=stdout)
        shown[0] = len(call.transcript.entries)

    def ask(prompt: str) -> str | None:
        print(prompt, end="", file=stdout, flush=True)
        line = stdin.readline()
        return None if line == "" else line.strip()

    while not call.ended:
        show()
        waiting = call._waiting
        if waiting is None:
            break
        listening = waiting.recording and call._recording is None  # a <Record> waits for words
        if listening or (waiting.listen is not None and waiting.listen.final):
            if waiting.recording:
                line = ask("seconds to speak, then keys (Enter: silence)> ")
            else:
                line = ask("words> " if waiting.listen and not waiting.listen.dtmf else "keys> ")
            if line is None:
                call.hang_up()
                break
            if not line:
                twilio.advance(max(0.0, (waiting.until or twilio.now) - twilio.now))
            elif waiting.recording:
                seconds, _, keys = line.partition(" ")
                call.record(float(seconds), keys.strip())
            elif waiting.listen is not None and waiting.listen.speech and not set(line) <= _KEYS:
                call.say(line)
            else:
                call.press(line)
        elif waiting.until is not None:
            twilio.advance(waiting.until - twilio.now)
        else:
            line = ask(f"(holding) Enter waits {HOLD_STEP:g} s, or keys> ")
            if line is None:
                call.hang_up()
                break
            if line:
                call.press(line)
            else:
                twilio.advance(HOLD_STEP)
    show()
    print(f"call ended: {call.status}", file=stdout)
    return call.status
