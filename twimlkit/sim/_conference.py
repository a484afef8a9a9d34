"""Conference rooms of the simulator: who is in, whether the conference has started, and the
status callbacks of its events."""

from __future__ import annotations

from email.utils import format_datetime
from typing import TYPE_CHECKING, Final
from urllib.parse import urljoin

from .. import Conference as Conference_

if TYPE_CHECKING:
    from ._engine import Call
    from ._twilio import Twilio

__all__ = ["Room"]

MAX_PARTICIPANTS: Final = 250
#: A <Conference>'s statusCallbackEvent names, and the StatusCallbackEvent each sends.
_EVENTS: Final = {
    "start": "conference-start",
    "end": "conference-end",
    "join": "participant-join",
    "leave": "participant-leave",
}


class Room:
    """A conference: its participants in the order they joined, each with its
    ``<Conference>``; ``started`` once audio is mixed; ``ended`` once it is over.

    Twilio's rules (Voice Conference page, Conference Events): a conference starts when a
    participant with ``startConferenceOnEnter`` (the default) is in it with someone else;
    until then its participants hear the wait URL. It ends when the last participant leaves,
    or one with ``endConferenceOnExit`` does. The conference's status callback is the first
    participant's that names one (Twilio keeps the conference's settings from the
    participant that made it).
    """

    def __init__(self, twilio: Twilio, name: str, sid: str) -> None:
        self.twilio = twilio
        self.name = name
        self.sid = sid
        self.participants: list[tuple[Call, Conference_]] = []
        self.started = False
        self.ended = False
        self._callback: Conference_ | None = None
        self._callback_url = ""
        self._sequence = 0

    @property
    def size(self) -> int:
        return len(self.participants)

    @property
    def max_participants(self) -> int:
        """How many may be in it: the ``maxParticipants`` of the participant that made it
        (250 by default, Twilio's most)."""
        first = self.participants[0][1].max_participants if self.participants else None
        return MAX_PARTICIPANTS if first is None else first

    def join(self, call: Call, noun: Conference_) -> None:
        self.participants.append((call, noun))
        if self._callback is None and noun.status_callback:
            self._callback = noun
            self._callback_url = urljoin(call._doc_url, noun.status_callback)
        others = [other for other, _noun in self.participants if other is not call]
        call.transcript.add(self.twilio.now, f"joined conference {self.name} ({len(others)} already in)")
        if noun.beep in (None, True, "true", "onEnter"):
            for other in others:
                other.transcript.add(self.twilio.now, "beep (someone joined)")
        self.event("join", call)
        moderated = any(member.start_conference_on_enter is not False for _call, member in self.participants)
        if not self.started and len(self.participants) > 1 and moderated:
            self.started = True
            self.event("start")
            for member, _noun in self.participants:
                member.transcript.add(self.twilio.now, "the conference started")
                if member is not call:
                    self.twilio._post(member, ("conference-started",))

    def leave(self, call: Call) -> None:
        """``call`` leaves (hung up, ``*``, its time limit, or redirected): the conference
        ends when it was the last, or it ends the conference on exit."""
        noun = next((noun for member, noun in self.participants if member is call), None)
        if noun is None:
            return
        self.event("leave", call)
        self.participants = [(member, kept) for member, kept in self.participants if member is not call]
        if noun.beep in (None, True, "true", "onExit"):
            for other, _noun in self.participants:
                other.transcript.add(self.twilio.now, "beep (someone left)")
        if not self.participants or noun.end_conference_on_exit:
            self.end()

    def end(self) -> None:
        if self.ended:
            return
        self.ended = True
        self.event("end")
        for member, _noun in self.participants:
            member.transcript.add(self.twilio.now, "the conference ended")
            self.twilio._post(member, ("bridge-ended",))

    def event(self, name: str, call: Call | None = None) -> None:
        noun = self._callback
        if noun is None or not noun.status_callback:
            return
        wanted = noun.status_callback_event
        events = (wanted,) if isinstance(wanted, str) else tuple(wanted or ())
        if name not in events:
            return
        self._sequence += 1
        params = {
            "AccountSid": self.twilio.account_sid,
            "ConferenceSid": self.sid,
            "FriendlyName": self.name,
            "StatusCallbackEvent": _EVENTS[name],
            "SequenceNumber": str(self._sequence),
            "Timestamp": format_datetime(self.twilio.clock),
        }
        if call is not None:
            member = next((noun for other, noun in self.participants if other is call), noun)
            params |= {
                "CallSid": call.sid,
                "Muted": "true" if member.muted else "false",
                "Hold": "false",
                "StartConferenceOnEnter": "false" if member.start_conference_on_enter is False else "true",
                "EndConferenceOnExit": "true" if member.end_conference_on_exit else "false",
            }
        method = noun.status_callback_method or "POST"
        self.twilio._request(call.sid if call is not None else "", method, self._callback_url, params)

    def __repr__(self) -> str:
        return f"<Conference {self.name} size={self.size}{' started' if self.started else ''}>"
