"""What Twilio sends to a voice URL and to the action, wait and callback URLs of a call, as
one frozen, typed value (``twimlkit.webhooks.CallRequest``).

Each field is declared once, with the parameter's name as Twilio writes it; reading and
writing the form both come from these declarations. Parameters are read here for the
signature check too (``_pairs``). Standard library only, like webhooks.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any, Final, TypeAlias

__all__ = ["CallRequest", "ParameterError", "Params"]


class ParameterError(ValueError):
    """A parameter of Twilio's request whose value has the wrong shape (a count that is not
    a whole number, a flag that is neither ``true`` nor ``false``), or that came twice."""


def _twilio(name: str) -> Any:
    """A field read from and written as Twilio's parameter ``name``; absent is None."""
    return dataclasses.field(default=None, metadata={"twilio": name})


#: What a webhook's parameters may be: a mapping of name to value or to a list of values
#: (``parse_qs``), a framework's multi-dict (``getlist``/``getall``), a sequence of
#: (name, value) pairs (``parse_qsl``), or the raw body (str, or bytes-like) of a JSON webhook.
Params: TypeAlias = Mapping[str, Any] | Iterable[tuple[str, str]] | str | bytes | bytearray | memoryview | None


def _pairs(params: Params) -> list[tuple[str, str]]:
    """The parameters as (name, value) pairs, whatever form they came in."""
    if params is None:
        return []
    if isinstance(params, str | bytes | bytearray | memoryview):
        raise TypeError("a raw body is signed through bodySHA256, not as parameters")
    getlist = getattr(params, "getlist", None) or getattr(params, "getall", None)
    pairs: list[tuple[str, str]] = []
    if callable(getlist):  # Django's QueryDict, Werkzeug's and multidict's MultiDicts
        keys = getattr(params, "keys", None)
        names = keys() if callable(keys) else params
        for name in dict.fromkeys(names):
            pairs.extend((_text(name), _text(value)) for value in getlist(name))
        return pairs
    if isinstance(params, Mapping):
        for name, given in params.items():
            values = [given] if isinstance(given, str | bytes) or not isinstance(given, Iterable) else given
            pairs.extend((_text(name), _text(value)) for value in values)
        return pairs
    for item in params:
        name, value = item
        pairs.append((_text(name), _text(value)))
    return pairs


def _text(value: object) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if not isinstance(value, str):
        raise TypeError(f"webhook parameter names and values are str (or UTF-8 bytes), got {type(value).__name__}")
    return value


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class CallRequest:
    """Twilio's parameters of a voice request, typed: counts and durations as ``int``,
    ``confidence`` as ``float``, ``dial_bridged`` as ``bool``, the rest as ``str``; a
    parameter Twilio did not send is None.

    Custom parameters (a Voice SDK ``connect({params})``, a ``<Parameter>`` of a ``<Client>``)
    and any parameter not listed here are kept as sent in ``extra``.

        >>> from twimlkit.webhooks import CallRequest
        >>> wait = CallRequest.from_form({"CallSid": "CA" + "1" * 32, "QueuePosition": "2",
        ...                               "AvgQueueTime": "95", "show": "morning"})
        >>> wait.queue_position, wait.avg_queue_time, wait.extra["show"]
        (2, 95, 'morning')
    """

    # Every voice request (Twilio's "request to your application").
    call_sid: str | None = _twilio("CallSid")
    account_sid: str | None = _twilio("AccountSid")
    from_: str | None = _twilio("From")
    to: str | None = _twilio("To")
    call_status: str | None = _twilio("CallStatus")
    api_version: str | None = _twilio("ApiVersion")
    direction: str | None = _twilio("Direction")
    forwarded_from: str | None = _twilio("ForwardedFrom")
    caller_name: str | None = _twilio("CallerName")
    parent_call_sid: str | None = _twilio("ParentCallSid")
    call_token: str | None = _twilio("CallToken")
    caller: str | None = _twilio("Caller")
    called: str | None = _twilio("Called")
    from_city: str | None = _twilio("FromCity")
    from_state: str | None = _twilio("FromState")
    from_zip: str | None = _twilio("FromZip")
    from_country: str | None = _twilio("FromCountry")
    to_city: str | None = _twilio("ToCity")
    to_state: str | None = _twilio("ToState")
    to_zip: str | None = _twilio("ToZip")
    to_country: str | None = _twilio("ToCountry")
    caller_city: str | None = _twilio("CallerCity")
    caller_state: str | None = _twilio("CallerState")
    caller_zip: str | None = _twilio("CallerZip")
    caller_country: str | None = _twilio("CallerCountry")
    called_city: str | None = _twilio("CalledCity")
    called_state: str | None = _twilio("CalledState")
    called_zip: str | None = _twilio("CalledZip")
    called_country: str | None = _twilio("CalledCountry")
    stir_verstat: str | None = _twilio("StirVerstat")
    stir_passport_token: str | None = _twilio("StirPassportToken")
    # <Gather> action (digits stay text: "0012" is not 12).
    digits: str | None = _twilio("Digits")
    speech_result: str | None = _twilio("SpeechResult")
    confidence: float | None = _twilio("Confidence")
    # <Record> action and recording callbacks.
    recording_url: str | None = _twilio("RecordingUrl")
    recording_sid: str | None = _twilio("RecordingSid")
    recording_duration: int | None = _twilio("RecordingDuration")
    # <Dial> action.
    dial_call_status: str | None = _twilio("DialCallStatus")
    dial_call_sid: str | None = _twilio("DialCallSid")
    dial_call_duration: int | None = _twilio("DialCallDuration")
    dial_bridged: bool | None = _twilio("DialBridged")
    # <Enqueue> action, the wait URL and the <Queue url> of a dequeued call.
    queue_result: str | None = _twilio("QueueResult")
    queue_sid: str | None = _twilio("QueueSid")
    queue_time: int | None = _twilio("QueueTime")
    queue_position: int | None = _twilio("QueuePosition")
    avg_queue_time: int | None = _twilio("AvgQueueTime")
    current_queue_size: int | None = _twilio("CurrentQueueSize")
    max_queue_size: int | None = _twilio("MaxQueueSize")
    dequeing_call_sid: str | None = _twilio("DequeingCallSid")
    # Status callbacks and answering-machine detection.
    call_duration: int | None = _twilio("CallDuration")
    timestamp: str | None = _twilio("Timestamp")
    callback_source: str | None = _twilio("CallbackSource")
    sequence_number: int | None = _twilio("SequenceNumber")
    answered_by: str | None = _twilio("AnsweredBy")
    machine_detection_duration: int | None = _twilio("MachineDetectionDuration")
    #: Every other parameter, as sent: custom Client parameters and any Twilio adds.
    extra: Mapping[str, str] = dataclasses.field(default_factory=dict)

    def __post_init__(self) -> None:
        # A read-only copy: the request is a value, like the trees.
        object.__setattr__(self, "extra", MappingProxyType(dict(self.extra)))

    @classmethod
    def from_form(cls, form: Mapping[str, Any] | Iterable[tuple[str, str]]) -> CallRequest:
        """Read Twilio's parameters: a dict, a framework's form (Flask's ``request.form``,
        Django's ``request.POST``, Starlette's ``await request.form()``, which may hold a name
        more than once) or (name, value) pairs; names and values as str or UTF-8 bytes.

        Raises ``ParameterError`` for a value of the wrong shape, naming the parameter and
        what it takes, and for a name sent twice with different values.
        """
        values: dict[str, str] = {}
        for name, value in _pairs(form):
            if values.setdefault(name, value) != value:
                raise ParameterError(f"{name} was sent twice, as {values[name]!r} and {value!r}")
        known: dict[str, object] = {}
        for twilio_name, (field_name, kind) in _FIELDS.items():
            text = values.pop(twilio_name, None)
            # An empty count or flag is one Twilio did not fill in: None, like an absent one.
            if text is not None and (text or kind is str):
                known[field_name] = _read(twilio_name, text, kind)
        return cls(**known, extra=values)  # type: ignore[arg-type]

    def to_form(self) -> dict[str, str]:
        """The parameters as Twilio sends them (what ``from_form`` reads back to an equal
        request): for tests that post a request as Twilio would."""
        form: dict[str, str] = {}
        for twilio_name, (field_name, _kind) in _FIELDS.items():
            value = getattr(self, field_name)
            if value is not None:
                form[twilio_name] = ("true" if value else "false") if isinstance(value, bool) else str(value)
        form.update(self.extra)
        return form


def _read(name: str, text: str, kind: type) -> object:
    if kind is str:
        return text
    if kind is int:
        if not (text.isascii() and text.isdigit()):
            raise ParameterError(f"{name}={text!r} is not a whole number of at least 0, as Twilio sends it")
        return int(text)
    if kind is bool:
        if text not in ("true", "false"):
            raise ParameterError(f"{name}={text!r} is neither 'true' nor 'false'")
        return text == "true"
    try:
        number = float(text)
    except ValueError:
        number = math.nan
    if not 0.0 <= number <= 1.0:
        raise ParameterError(f"{name}={text!r} is not a number from 0 to 1")
    return number


def _kind(annotation: str) -> type:
    return {"str | None": str, "int | None": int, "bool | None": bool, "float | None": float}[annotation]


#: Twilio's parameter name -> (the field's name, its type), from the declarations above.
_FIELDS: Final[dict[str, tuple[str, type]]] = {
    field.metadata["twilio"]: (field.name, _kind(str(field.type)))
    for field in dataclasses.fields(CallRequest)
    if "twilio" in field.metadata
}
