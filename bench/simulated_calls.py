"""How fast twimlkit.sim plays calls: the radio flow of examples/radio_callin, again and again
in-process against the Flask app, and the share of time spent in the app versus the simulator.

    python bench/simulated_calls.py [rounds]

Each round: a caller rings (incoming), hears the wait document three times, the DJ connects
(voice), takes the caller, presses * and goes on to the next (dj). Target: the simulator costs
less than the app it drives.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from examples.radio_callin.app import create_app
from twimlkit.sim import Twilio

TOKEN = "0123456789abcdef0123456789abcdef"
PUBLIC = "https://radio.example.org"
NUMBER = "+15550001111"
APP_SID = "AP" + "a" * 32


class Timed:
    """The WSGI app, its time added up (what the simulator's requests spend in the app)."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.seconds = 0.0

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        started = time.perf_counter()
        try:
            return list(self.app(environ, start_response))
        finally:
            self.seconds += time.perf_counter() - started


def play(rounds: int) -> dict[str, float]:
    os.environ.setdefault("TWILIO_AUTH_TOKEN", TOKEN)
    app = Timed(create_app({"PUBLIC_URL": PUBLIC, "TWILIO_APP_SID": APP_SID}))
    started = time.perf_counter()
    calls = 0
    for _ in range(rounds):
        twilio = Twilio(app, auth_token=TOKEN, public_url=PUBLIC)
        twilio.phone_number(NUMBER, voice_url="/incoming")
        twilio.application(APP_SID, voice_url="/voice")
        caller = twilio.call(from_="+15551234567", to=NUMBER)
        twilio.advance(45)  # the wait document, three times over
        dj = twilio.client_call("dj", APP_SID, params={"role": "dj"})
        twilio.advance(10)
        dj.press("*")
        twilio.advance(10)
        assert caller.status == "completed", caller.transcript
        calls += 2
    total = time.perf_counter() - started
    return {"calls_per_second": calls / total, "app": app.seconds, "total": total, "calls": calls}


def main(argv: list[str]) -> int:
    rounds = int(argv[0]) if argv else 1000
    play(20)  # warm
    figures = play(rounds)
    simulator = figures["total"] - figures["app"]
    print(f"twimlkit.sim: the radio flow {rounds} times, {figures['calls']:.0f} calls")
    print(f"  {figures['calls_per_second']:.0f} calls a second")
    print(f"  time in the app {figures['app']:.2f} s, in the simulator {simulator:.2f} s")
    share = simulator / figures["app"]
    print(f"  the simulator costs {share:.2f}x the app (target < 1.00)")
    return 0 if share < 1 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
