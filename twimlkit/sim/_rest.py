"""The part of Twilio's REST API apps use, answered by the simulator: queues and their
members, and calls (made and changed), for ``twilio.rest.Client(http_client=...)``."""

from __future__ import annotations

import json
import logging
import re
from datetime import timedelta
from email.utils import format_datetime
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import urlsplit

from twilio.http import HttpClient
from twilio.http.response import Response

from ._engine import _Route

if TYPE_CHECKING:
    from ._twilio import Twilio

__all__ = ["SimulatedApi"]

_BASE: Final = re.compile(r"^https://api\.twilio\.com/2010-04-01/Accounts/(?P<account>AC\w+)/(?P<rest>.*)$")


class SimulatedApi(HttpClient):  # type: ignore[misc]
    """An ``http_client`` for the ``twilio`` package's ``Client``: its requests are
    answered from the simulator's queues and calls, in the JSON Twilio documents."""

    def __init__(self, twilio: Twilio) -> None:
        super().__init__(logging.getLogger("twimlkit.sim"), is_async=False)
        self.twilio = twilio

    def request(  # noqa: PLR0911, PLR0917  # twilio's HttpClient signature; one answer per route
        self,
        method: str,
        uri: str,
        params: dict[str, object] | None = None,
        data: dict[str, object] | None = None,
        headers: dict[str, str] | None = None,
        auth: tuple[str, str] | None = None,
        timeout: float | None = None,
        allow_redirects: bool = False,
    ) -> Response:
        match = _BASE.match(uri)
        if match is None or match["account"] != self.twilio.account_sid:
            return _error(404, f"The requested resource {uri} was not found")
        if auth is not None and auth != (self.twilio.account_sid, self.twilio.auth_token):
            return _error(401, "Authenticate")
        rest = match["rest"]
        # A list (StatusCallbackEvent) is repeated names on the wire: one space-separated value here.
        form = {
            str(key): " ".join(map(str, value)) if isinstance(value, list | tuple) else str(value)
            for key, value in (data or {}).items()
        }
        if method == "GET" and rest == "Queues.json":
            return _ok(self._page("queues", [self._queue(queue) for queue in self.twilio.queues.values()], rest))
        if method == "GET" and (found := re.fullmatch(r"Queues/(QU\w+)\.json", rest)):
            queue = self._find(found[1])
            return _ok(self._queue(queue)) if queue is not None else _error(404, "no such queue")
        if method == "POST" and rest == "Queues.json":
            return self._make_queue(form)
        if method == "POST" and (found := re.fullmatch(r"Queues/(QU\w+)\.json", rest)):
            queue = self._find(found[1])
            if queue is None:
                return _error(404, "no such queue")
            return self._change_queue(queue, form)
        if method == "GET" and (found := re.fullmatch(r"Queues/(QU\w+)/Members\.json", rest)):
            queue = self._find(found[1])
            if queue is None:
                return _error(404, "no such queue")
            members = [self._member(queue, call, since) for call, since in queue.members]
            return _ok(self._page("queue_members", members, rest))
        if found := re.fullmatch(r"Queues/(QU\w+)/Members/(CA\w+|Front)\.json", rest):
            queue = self._find(found[1])
            if queue is None:
                return _error(404, "no such queue")
            waiting = [call for call, _since in queue.members]
            member = (
                waiting[0]
                if found[2] == "Front" and waiting
                else next((call for call in waiting if call.sid == found[2]), None)
            )
            if member is None:
                return _error(404, f"{found[2]} is not waiting in queue {queue.sid}")
            if method == "GET":
                return _ok(self._member(queue, member, dict(queue.members)[member]))
            if method == "POST":
                return self._dequeue(queue, member, form)
        if method == "GET" and rest == "Calls.json":
            # Filtered as Twilio filters: Status, To, From.
            query = {str(key): str(value) for key, value in (params or {}).items()}
            calls = [
                call
                for call in reversed(self.twilio.calls)
                if query.get("Status", call.status) == call.status
                and query.get("To", call._base.to) == call._base.to
                and query.get("From", call._base.from_) == call._base.from_
            ]
            return _ok(self._page("calls", [self._call(call) for call in calls], rest))
        if method == "GET" and (found := re.fullmatch(r"Calls/(CA\w+)\.json", rest)):
            call = next((call for call in self.twilio.calls if call.sid == found[1]), None)
            return _ok(self._call(call)) if call is not None else _error(404, f"no call {found[1]}")
        if method == "POST" and rest == "Calls.json":
            return self._create_call(form)
        if method == "POST" and (found := re.fullmatch(r"Calls/(CA\w+)\.json", rest)):
            return self._update_call(found[1], form)
        return _error(404, f"twimlkit.sim does not answer {method} {rest}")

    # -- resources --------------------------------------------------------------------------

    def _find(self, sid: str) -> Any:
        return next((queue for queue in self.twilio.queues.values() if queue.sid == sid), None)

    def _uri(self, rest: str) -> str:
        return f"/2010-04-01/Accounts/{self.twilio.account_sid}/{rest}"

    def _page(self, key: str, items: list[dict[str, Any]], rest: str) -> dict[str, Any]:
        uri = self._uri(rest)
        return {
            key: items,
            "page": 0,
            "page_size": 50,
            "start": 0,
            "end": max(len(items) - 1, 0),
            "uri": uri,
            "first_page_uri": uri,
            "next_page_uri": None,
            "previous_page_uri": None,
        }

    def _queue(self, queue: Any) -> dict[str, Any]:
        return {
            "sid": queue.sid,
            "account_sid": self.twilio.account_sid,
            "friendly_name": queue.name,
            "current_size": queue.size,
            "average_wait_time": queue.average_wait,
            "max_size": queue.max_size,
            "uri": self._uri(f"Queues/{queue.sid}.json"),
        }

    def _member(self, queue: Any, call: Any, since: float) -> dict[str, Any]:
        return {
            "call_sid": call.sid,
            "queue_sid": queue.sid,
            "position": queue.position(call),
            "wait_time": round(self.twilio.now - since),
            "uri": self._uri(f"Queues/{queue.sid}/Members/{call.sid}.json"),
        }

    def _call(self, call: Any, status: str | None = None) -> dict[str, Any]:
        def date(at: float | None) -> str | None:
            return None if at is None else format_datetime(self.twilio.start + timedelta(seconds=at))

        answered, ended = call._answered_at, call._ended_at
        return {
            "sid": call.sid,
            "account_sid": self.twilio.account_sid,
            "api_version": "2010-04-01",
            "to": call._base.to,
            "from": call._base.from_,
            "status": status or call.status,
            "direction": call._base.direction,
            "date_created": date(call._made_at),
            "start_time": date(answered),
            "end_time": date(ended),
            "duration": None if ended is None else str(round(ended - (answered if answered is not None else ended))),
            "parent_call_sid": None,
            "uri": self._uri(f"Calls/{call.sid}.json"),
        }

    def _make_queue(self, form: dict[str, str]) -> Response:
        name = form.get("FriendlyName", "")
        if not name or len(name) > 64:
            return _error(400, "A 'FriendlyName' of 1 to 64 characters is required")
        if name in self.twilio.queues:
            return _error(400, f"A queue named {name!r} already exists")
        return self._change_queue(self.twilio.queue(name), form, status=201)

    def _change_queue(self, queue: Any, form: dict[str, str], status: int = 200) -> Response:
        name = form.get("FriendlyName", queue.name)
        if name != queue.name:
            if not name or len(name) > 64 or name in self.twilio.queues:
                return _error(400, f"FriendlyName {name!r} is empty, over 64 characters or taken")
            self.twilio.queues[name] = self.twilio.queues.pop(queue.name)
            queue.name = name
        size = form.get("MaxSize")
        if size is not None:
            if not (size.isascii() and size.isdigit()) or not 1 <= int(size) <= 5000:
                return _error(400, f"MaxSize must be a whole number from 1 to 5000; got {size!r}")
            queue.max_size = int(size)
        return _ok(self._queue(queue), status=status)

    def _dequeue(self, queue: Any, call: Any, form: dict[str, str]) -> Response:
        """A member taken out of its queue to the ``Url``'s TwiML (Member resource). The
        Enqueue action hears of it at once; Twilio's pages name no QueueResult for it:
        ``redirected``, as for a call the REST API moves on."""
        if not form.get("Url"):
            return _error(400, "A 'Url' is required to dequeue a member")
        since = dict(queue.members)[call]
        answer = self._member(queue, call, since)
        call._redirect(form["Url"], form.get("Method", "POST"), None)
        return _ok(answer)

    def _create_call(self, form: dict[str, str]) -> Response:
        """An outbound call, answered at once, whose TwiML comes from ``Url`` (or ``Twiml``)."""
        if not form.get("To") or not form.get("From") or not (form.get("Url") or form.get("Twiml")):
            return _error(400, "A 'To', a 'From' and a 'Url' or 'Twiml' are required")
        if form.get("Url") and urlsplit(form["Url"]).scheme not in ("http", "https"):
            return _error(400, f"Url is not a valid URL: {form['Url']}", code=21205)
        progress = None
        if form.get("StatusCallback"):
            events = frozenset(form.get("StatusCallbackEvent", "").split()) or frozenset({"completed"})
            progress = _Route(
                "",
                status_callback=form["StatusCallback"],
                status_callback_method=form.get("StatusCallbackMethod", "POST"),
                status_callback_events=events,
            )
        call = self.twilio._outbound(
            form["From"], form["To"], form.get("Url"), form.get("Method", "POST"), form.get("Twiml"), progress=progress
        )
        return _ok(self._call(call, status="queued"), status=201)  # as Twilio answers a new call

    def _update_call(self, sid: str, form: dict[str, str]) -> Response:
        call = next((call for call in self.twilio.calls if call.sid == sid), None)
        if call is None:
            return _error(404, f"no call {sid}")
        if form.get("Status") == "completed":
            if not call.ended:
                call.hang_up()
        elif form.get("Url") or form.get("Twiml"):
            if call.ended:
                return _error(400, f"call {sid} is not in progress")
            call._redirect(form.get("Url"), form.get("Method", "POST"), form.get("Twiml"))
        return _ok(self._call(call))


def _ok(body: dict[str, Any], status: int = 200) -> Response:
    return Response(status, json.dumps(body))


def _error(status: int, message: str, *, code: int | None = None) -> Response:
    known = {404: 20404, 401: 20003}
    return Response(
        status, json.dumps({"code": code or known.get(status, 20001), "message": message, "status": status})
    )
