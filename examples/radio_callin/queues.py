"""Where the dashboard's queue figures come from: one small interface, two sources.

``TwilioQueues`` asks Twilio's REST API through the ``twilio`` package's client (the
production path). ``LocalQueues`` keeps a record fed by the wait-URL and Enqueue-action
callbacks, in this process (the default when running locally, where Twilio's API is not
called).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol


@dataclass(frozen=True)
class QueueStatus:
    """What the dashboard shows: how many wait, the average wait, and each caller's wait
    (seconds, longest first)."""

    size: int
    average_wait: int
    waits: tuple[int, ...] = field(default=())

    def as_json(self) -> dict[str, Any]:
        return {"size": self.size, "average_wait": self.average_wait, "waits": list(self.waits)}


class QueueSource(Protocol):
    def status(self) -> QueueStatus: ...


class LocalQueues:
    """The callers of one queue as the callbacks tell them: each wait-URL request says a
    call is waiting (and Twilio's ``AvgQueueTime``); the Enqueue action says it left."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._waiting: dict[str, float] = {}  # call SID -> when it started waiting
        self._average = 0

    def waiting(self, call_sid: str, queue_time: int | None, average_wait: int | None) -> None:
        with self._lock:
            self._waiting[call_sid] = self._clock() - (queue_time or 0)
            if average_wait is not None:
                self._average = average_wait

    def left(self, call_sid: str) -> None:
        with self._lock:
            self._waiting.pop(call_sid, None)

    def status(self) -> QueueStatus:
        with self._lock:
            now = self._clock()
            waits = sorted((int(now - since) for since in self._waiting.values()), reverse=True)
            return QueueStatus(size=len(waits), average_wait=self._average, waits=tuple(waits))


class TwilioQueues:
    """The queue as Twilio's REST API tells it: ``client`` is a ``twilio.rest.Client``."""

    def __init__(self, client: Any, queue_name: str) -> None:
        self._client = client
        self._name = queue_name

    def status(self) -> QueueStatus:
        queue = next((q for q in self._client.queues.list() if q.friendly_name == self._name), None)
        if queue is None:  # Twilio makes a queue when the first caller joins it
            return QueueStatus(size=0, average_wait=0)
        members = self._client.queues(queue.sid).members.list()
        waits = sorted((int(member.wait_time or 0) for member in members), reverse=True)
        return QueueStatus(
            size=int(queue.current_size or 0), average_wait=int(queue.average_wait_time or 0), waits=tuple(waits)
        )
