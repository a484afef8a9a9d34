"""Documents: lint warnings (legal TwiML that is probably a mistake)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from twimlkit import (
    Conference,
    Dial,
    Element,
    Enqueue,
    Gather,
    Hangup,
    Leave,
    LintWarning,
    Message,
    MessagingResponse,
    Number,
    Parameter,
    Pause,
    Record,
    Redirect,
    Reject,
    Say,
    Sms,
    Start,
    Stream,
    VoiceResponse,
)


def rules(doc: VoiceResponse | MessagingResponse) -> list[tuple[str, str]]:
    return [(warning.path, warning.rule) for warning in doc.lint()]


class TestUnreachable:
    @pytest.mark.parametrize("final", [Hangup(), Reject(), Redirect("/next"), Leave()])
    def test_verbs_after_a_final_verb_never_run(self, final: Hangup | Reject | Redirect | Leave) -> None:
        """Everything after Hangup, Reject, Redirect or Leave is reported, each verb once."""
        doc = VoiceResponse(Say("hi"), final, Say("never"), Pause(length=1))
        tag = final.tag
        assert rules(doc) == [
            ("Response/Say[2]", "unreachable"),
            ("Response/Pause[3]", "unreachable"),
        ]
        assert f"<{tag}>" in doc.lint()[0].message

    @pytest.mark.parametrize(
        "verb",
        [Dial("+15558675310", action="/after"), Enqueue("support", action="/after")],
    )
    def test_verbs_after_dial_or_enqueue_with_action_never_run(self, verb: Dial | Enqueue) -> None:
        """A Dial or Enqueue with action= hands the call over; what follows is dead."""
        assert rules(VoiceResponse(verb, Say("never"))) == [("Response/Say[1]", "unreachable")]

    @pytest.mark.parametrize(
        "verb",
        [
            Dial("+15558675310"),
            Enqueue("support"),
            Gather(Say("press 1"), action="/menu"),
            Record(action="/recorded"),
        ],
    )
    def test_verbs_that_fall_through_keep_what_follows_reachable(self, verb: Dial | Enqueue | Gather | Record) -> None:
        """Dial/Enqueue without action, and Gather/Record even with one, fall through."""
        assert VoiceResponse(verb, Say("reached")).lint() == []

    def test_messages_after_a_redirect(self) -> None:
        """In a Messaging reply, messages after Redirect are never sent."""
        doc = MessagingResponse(Redirect("/elsewhere"), Message("lost"))
        assert rules(doc) == [("Response/Message[1]", "unreachable")]


class TestOtherWarnings:
    def test_element_nodes_are_unvalidated(self) -> None:
        """Each Element node is reported where it sits."""
        doc = VoiceResponse(Dial(Element("Whisper", "hi")), Element("Future"))
        assert rules(doc) == [("Response/Dial[0]/Whisper[0]", "unvalidated"), ("Response/Future[1]", "unvalidated")]

    def test_sms_is_deprecated(self) -> None:
        """The legacy Sms verb is reported."""
        assert rules(VoiceResponse(Sms("hello"))) == [("Response/Sms[0]", "deprecated")]

    def test_status_callback_event_without_url(self) -> None:
        """Events with nowhere to go are reported on the event attribute."""
        doc = VoiceResponse(
            Dial(Number("+15558675310", status_callback_event=["answered"])),
            Dial(Conference("room", status_callback_event=["start"], status_callback="/conf")),
        )
        assert rules(doc) == [("Response/Dial[0]/Number[0]@statusCallbackEvent", "callback-without-url")]

    def test_recording_status_callback_event_without_url(self) -> None:
        """The same holds for recording events."""
        doc = VoiceResponse(Record(recording_status_callback_event=["completed"]))
        assert rules(doc) == [("Response/Record[0]@recordingStatusCallbackEvent", "callback-without-url")]

    def test_clean_document_has_no_warnings(self) -> None:
        """The radio DJ flow is clean."""
        from twimlkit._cli import demo_document

        assert demo_document().lint() == []

    def test_warning_str_and_fields(self) -> None:
        """A warning prints as 'path: message [rule]'."""
        warning = VoiceResponse(Sms("x")).lint()[0]
        assert isinstance(warning, LintWarning)
        assert str(warning) == f"{warning.path}: {warning.message} [deprecated]"

    def test_lint_never_raises_on_odd_documents(self) -> None:
        """Empty documents and documents of only unknown elements lint fine."""
        assert VoiceResponse().lint() == []
        assert MessagingResponse().lint() == []
        assert len(VoiceResponse(Element("A"), Element("B")).lint()) == 2


class TestStreamQuery:
    """A <Stream url> query string is legal TwiML that Twilio strips: a warning, not an error."""

    def test_query_string_is_a_warning(self) -> None:
        """The warning names the url, says Twilio strips the query and points at <Parameter>."""
        doc = VoiceResponse(Start(Stream(url="wss://example.com/audio?token=abc")))
        (warning,) = doc.lint()
        assert (warning.path, warning.rule) == ("Response/Start[0]/Stream[0]@url", "stream-query-stripped")
        assert "strips" in warning.message
        assert "<Parameter>" in warning.message

    @pytest.mark.parametrize(
        "stream",
        [
            pytest.param(
                lambda: Stream(Parameter(name="token", value="abc"), url="wss://example.com/audio"), id="parameter"
            ),
            pytest.param(lambda: Stream(url="/audiostream"), id="relative"),
            pytest.param(lambda: Stream(name="only-a-name"), id="no-url"),
        ],
    )
    def test_no_query_no_warning(self, stream: Callable[[], Stream]) -> None:
        """Without a query string there is nothing to warn about."""
        assert VoiceResponse(Start(stream())).lint() == []

    def test_sms_in_a_messaging_reply_is_only_deprecated(self) -> None:
        """<Sms> beside <Message> is legal (14110 lists it); lint says it is deprecated."""
        assert rules(MessagingResponse(Message("x"), Sms("y"))) == [("Response/Sms[1]", "deprecated")]
