"""CallRequest: Twilio's request parameters as one typed, frozen value."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from twimlkit.webhooks import CallRequest, ParameterError

ACCOUNT = "AC" + "0" * 32
CALL = "CA" + "1" * 32

#: A wait-URL request, parameter for parameter as Twilio posts it (Enqueue page, request page).
WAIT_REQUEST = {
    "AccountSid": ACCOUNT,
    "ApiVersion": "2010-04-01",
    "CallSid": CALL,
    "CallStatus": "in-progress",
    "Called": "+15550001111",
    "CalledCountry": "US",
    "Caller": "+15551234567",
    "CallerCity": "SAN FRANCISCO",
    "Direction": "inbound",
    "From": "+15551234567",
    "FromCity": "SAN FRANCISCO",
    "FromCountry": "US",
    "FromState": "CA",
    "FromZip": "94103",
    "To": "+15550001111",
    "ToCountry": "US",
    "QueueSid": "QU" + "2" * 32,
    "QueuePosition": "3",
    "QueueTime": "42",
    "AvgQueueTime": "95",
    "CurrentQueueSize": "4",
    "MaxQueueSize": "100",
}


def test_a_wait_request_reads_as_typed_values() -> None:
    request = CallRequest.from_form(WAIT_REQUEST)
    assert request.call_sid == CALL
    assert request.account_sid == ACCOUNT
    assert request.from_ == "+15551234567"
    assert request.to == "+15550001111"
    assert request.direction == "inbound"
    assert request.from_zip == "94103"  # postal codes stay text
    assert (request.queue_position, request.queue_time, request.avg_queue_time) == (3, 42, 95)
    assert (request.current_queue_size, request.max_queue_size) == (4, 100)
    assert request.extra == {}
    assert request.digits is None


def test_action_requests_read_as_typed_values() -> None:
    gather = CallRequest.from_form({"CallSid": CALL, "Digits": "0012", "SpeechResult": "sales", "Confidence": "0.92"})
    assert (gather.digits, gather.speech_result, gather.confidence) == ("0012", "sales", 0.92)
    dial = CallRequest.from_form(
        {"DialCallStatus": "completed", "DialCallSid": "CA" + "3" * 32, "DialCallDuration": "61", "DialBridged": "true"}
    )
    assert (dial.dial_call_status, dial.dial_call_duration, dial.dial_bridged) == ("completed", 61, True)
    enqueue = CallRequest.from_form({"QueueResult": "bridged", "QueueTime": "8", "QueueSid": "QU" + "2" * 32})
    assert (enqueue.queue_result, enqueue.queue_time) == ("bridged", 8)
    record = CallRequest.from_form({"RecordingUrl": "https://api.twilio.com/r.wav", "RecordingDuration": "12"})
    assert record.recording_duration == 12


def test_custom_client_parameters_are_kept_in_extra() -> None:
    request = CallRequest.from_form({"CallSid": CALL, "To": "client:dj", "show": "morning", "Caller": "client:ada"})
    assert request.extra == {"show": "morning"}
    assert request.caller == "client:ada"
    with pytest.raises(TypeError):
        request.extra["show"] = "night"  # type: ignore[index]


def test_the_request_is_frozen_and_compared_by_value() -> None:
    request = CallRequest.from_form(WAIT_REQUEST)
    assert request == CallRequest.from_form(dict(reversed(WAIT_REQUEST.items())))
    with pytest.raises(dataclasses.FrozenInstanceError):
        request.call_sid = "CA"  # type: ignore[misc]


def test_to_form_writes_what_from_form_reads() -> None:
    request = CallRequest.from_form({**WAIT_REQUEST, "DialBridged": "false", "Confidence": "0.5", "show": "x"})
    assert request.to_form() == {**WAIT_REQUEST, "DialBridged": "false", "Confidence": "0.5", "show": "x"}
    assert CallRequest.from_form(request.to_form()) == request


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"QueuePosition": "two"}, "QueuePosition='two' is not a whole number"),
        ({"QueuePosition": "-1"}, "QueuePosition='-1' is not a whole number"),
        ({"AvgQueueTime": "1.5"}, "AvgQueueTime='1.5' is not a whole number"),
        ({"CurrentQueueSize": "\u0663"}, "is not a whole number"),
        ({"DialBridged": "yes"}, "DialBridged='yes' is neither 'true' nor 'false'"),
        ({"Confidence": "high"}, "Confidence='high' is not a number from 0 to 1"),
        ({"Confidence": "2"}, "Confidence='2' is not a number from 0 to 1"),
        ({"Confidence": "nan"}, "is not a number from 0 to 1"),
    ],
)
def test_a_value_of_the_wrong_shape_is_named(form: dict[str, str], message: str) -> None:
    with pytest.raises(ParameterError, match=message):
        CallRequest.from_form(form)


def test_an_empty_count_or_flag_is_absent_and_empty_text_is_kept() -> None:
    request = CallRequest.from_form({"QueueTime": "", "DialBridged": "", "Digits": "", "CallerName": ""})
    assert (request.queue_time, request.dial_bridged) == (None, None)
    assert (request.digits, request.caller_name) == ("", "")


class _MultiDict:
    """What Flask's, Django's and Starlette's forms share: keys() and getlist()."""

    def __init__(self, pairs: list[tuple[str, str]]) -> None:
        self.pairs = pairs

    def keys(self) -> list[str]:
        return [name for name, _ in self.pairs]

    def getlist(self, name: str) -> list[str]:
        return [value for key, value in self.pairs if key == name]


@pytest.mark.parametrize(
    "form",
    [
        [("CallSid", CALL), ("Digits", "5")],
        [(b"CallSid", CALL.encode()), (b"Digits", b"5")],
        _MultiDict([("CallSid", CALL), ("Digits", "5")]),
        {"CallSid": [CALL], "Digits": ["5"]},  # parse_qs
    ],
)
def test_forms_in_every_shape_frameworks_give(form: Any) -> None:
    assert CallRequest.from_form(form) == CallRequest(call_sid=CALL, digits="5")


def test_a_name_sent_twice_with_different_values_is_refused() -> None:
    # Such as Flask's request.values, which adds the query string to the form.
    with pytest.raises(ParameterError, match="Digits was sent twice, as '5' and '6'"):
        CallRequest.from_form(_MultiDict([("Digits", "5"), ("Digits", "6")]))
    assert CallRequest.from_form([("Digits", "5"), ("Digits", "5")]).digits == "5"


def test_a_value_that_is_not_text_is_refused() -> None:
    with pytest.raises(TypeError, match="str"):
        CallRequest.from_form({"QueuePosition": 3})


def test_every_field_names_its_twilio_parameter() -> None:
    names = [field.metadata.get("twilio") for field in dataclasses.fields(CallRequest) if field.name != "extra"]
    assert None not in names
    assert len(names) == len(set(names)) > 50
    assert {"CallSid", "From", "To", "Digits", "SpeechResult", "DialCallStatus", "QueuePosition"} <= set(names)
