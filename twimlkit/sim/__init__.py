"""An offline Twilio for tests: calls played against a web app in-process, as Twilio plays them.

    from twimlkit.sim import Twilio

    twilio = Twilio(app, auth_token=TOKEN, account_sid=ACCOUNT, public_url="https://radio.example.org")
    twilio.phone_number("+15550001111", voice_url="/incoming")
    caller = twilio.call(from_="+15551234567", to="+15550001111")
    caller.press("1")
    twilio.advance(30)
    print(caller.transcript)

Each request carries Twilio's parameters and a valid ``X-Twilio-Signature``; each answer is
read with ``twimlkit.parse`` and run with Twilio's rules (``call-semantics.md``), on a fake
clock. An optional part of twimlkit (extra ``sim``, which installs httpx); nothing else in the
package imports it.
"""

from __future__ import annotations

from ._conference import Room
from ._engine import Call, Queue, SimulationError
from ._records import Exchange, Transcript
from ._twilio import Twilio

__all__ = ["Call", "Exchange", "Queue", "Room", "SimulationError", "Transcript", "Twilio"]
