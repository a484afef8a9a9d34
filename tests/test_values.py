"""Values as users write them, one rule for every kind: str and int subclasses (StrEnum,
IntEnum, an (str, Enum) mix-in) count by value and are kept and written as their plain
value; a choice set holding 'true' and 'false' takes True and False; text that is a number
takes an int. Each rule is checked for every kind of the vocabulary it applies to."""

from __future__ import annotations

import enum
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from twimlkit import (
    Application,
    Client,
    Comment,
    Conference,
    Dial,
    Enqueue,
    Gather,
    Number,
    Parameter,
    ParseError,
    Play,
    Queue,
    Redirect,
    Say,
    Sip,
    Stream,
    ValidationError,
    VoiceResponse,
    parse,
)
from twimlkit._kinds import Choice, ChoiceList, Invalid, Kind, Str
from twimlkit._vocabulary import SPECS
from twimlkit.ssml import Break


def _kinds(cls: type[Kind]) -> list[Any]:
    unique: list[Any] = []
    for spec in SPECS.values():
        kinds = [attr.kind for attr in spec.attributes] + [spec.text_kind]
        for kind in kinds:
            if type(kind) is cls and kind not in unique:
                unique.append(kind)
    return unique


CHOICES = _kinds(Choice)
CHOICE_LISTS = _kinds(ChoiceList)
NUMBER_TEXTS = [kind for kind in _kinds(Str) if kind.numbers]


def _member(value: str, mixin: bool) -> str:
    """An enum member whose value is ``value``: a StrEnum's, or an (str, Enum) mix-in's."""
    members: Any = enum.Enum("Values", {"ONE": value}, type=str) if mixin else enum.StrEnum("Values", {"ONE": value})
    return members.ONE  # type: ignore[no-any-return]


class _Text(str):
    pass


@pytest.mark.parametrize("kind", CHOICES, ids=lambda kind: "|".join(kind.values)[:40])
@pytest.mark.parametrize(
    "make",
    [lambda v: _member(v, False), lambda v: _member(v, True), _Text],
    ids=["StrEnum", "str-Enum", "str-subclass"],
)
def test_every_choice_takes_str_subclasses_by_value(kind: Choice, make: Any) -> None:
    for value in kind.values:
        given = make(value)
        kept, written = kind.to_xml(given)
        assert (kept, written) == kind.to_xml(value) == (value, value)
        assert type(kept) is str


@pytest.mark.parametrize("kind", CHOICE_LISTS, ids=lambda kind: "|".join(kind.values)[:40])
def test_every_choice_list_takes_str_subclasses_by_value(kind: ChoiceList) -> None:
    given = tuple(_member(value, False) for value in kind.values[:2])
    kept, written = kind.to_xml(given)
    assert (kept, written) == kind.to_xml(kind.values[:2])
    assert all(type(item) is str for item in kept)  # type: ignore[attr-defined]


@pytest.mark.parametrize("kind", _kinds(Str), ids=lambda kind: (kind.pattern or kind.shape)[:40])
@settings(max_examples=20, deadline=None)
@given(data=st.data())
def test_every_string_kind_takes_str_subclasses_by_value(kind: Str, data: st.DataObject) -> None:
    from tests.strategies import values

    value = data.draw(values(kind))
    assert isinstance(value, str)
    expected = kind.to_xml(value)
    for written_as in (_Text(value), _member(value, False), _member(value, True)):
        kept, written = kind.to_xml(written_as)
        assert (kept, written) == expected
        assert type(kept) is str


@pytest.mark.parametrize(
    "kind", [kind for kind in CHOICES if kind.takes_bools], ids=lambda kind: "|".join(kind.values)[:40]
)
def test_a_choice_of_true_and_false_takes_bools(kind: Choice) -> None:
    assert kind.to_xml(True) == ("true", "true")
    assert kind.to_xml(False) == ("false", "false")
    assert "bool" in kind.annotation


@pytest.mark.parametrize(
    "kind", [kind for kind in CHOICES if not kind.takes_bools], ids=lambda kind: "|".join(kind.values)[:40]
)
def test_other_choices_refuse_bools(kind: Choice) -> None:
    with pytest.raises(Invalid):
        kind.to_xml(True)


class _Three(enum.IntEnum):
    THREE = 3


@pytest.mark.parametrize("kind", NUMBER_TEXTS, ids=lambda kind: (kind.pattern or kind.shape)[:40])
def test_text_that_is_a_number_takes_an_int(kind: Str) -> None:
    assert kind.to_xml(3) == kind.to_xml(_Three.THREE) == kind.to_xml("3") == ("3", "3")
    with pytest.raises(Invalid):
        kind.to_xml(True)
    with pytest.raises(Invalid):
        kind.to_xml(10**40)
    assert kind.annotation == "str | int"


def test_the_rules_cover_the_vocabulary() -> None:
    assert len(CHOICES) > 30
    assert len([kind for kind in CHOICES if kind.takes_bools]) >= 3
    assert len(NUMBER_TEXTS) >= 6


def test_as_users_write_them() -> None:
    """End to end: the same TwiML whichever way the value is written."""

    class Method(enum.StrEnum):
        GET = "GET"

    assert Redirect("/next", method=Method.GET) == Redirect("/next", method="GET")
    assert Dial("+15551234567", record=True).to_xml() == '<Dial record="true">+15551234567</Dial>'
    assert Gather(speech_timeout=3) == Gather(speech_timeout="3")
    assert Play(digits=1234).to_xml() == '<Play digits="1234"/>'
    assert Number("+15551234567", send_digits=99) == Number("+15551234567", send_digits="99")
    with pytest.raises(ValidationError):
        Redirect("/next", method=True)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "build",
    [
        lambda: Dial("+15551234567", caller_id="a\nb"),
        lambda: Dial("+15551234567", caller_id=""),
        lambda: Queue("radio\ncallers"),
        lambda: Sip("sip:a@b.com", username="dj\nx"),
        lambda: Sip("sip:a@b.com", password="pw\r"),
        lambda: Conference("room\n1"),
        lambda: Enqueue("support\nline"),
    ],
)
def test_single_line_values_refuse_line_breaks(build: Any) -> None:
    """Names and credentials are one line: a line break (or nothing at all) is refused."""
    with pytest.raises(ValidationError):
        build()


def test_single_line_values_refuse_line_breaks_when_read() -> None:
    from twimlkit import ParseError, parse

    for data in (
        '<Response><Dial callerId="a&#10;b">+15551234567</Dial></Response>',
        "<Response><Dial><Queue>radio&#10;callers</Queue></Dial></Response>",
    ):
        with pytest.raises(ParseError, match="on one line"):
            parse(data)


def test_url_schemes_are_case_insensitive() -> None:
    assert (
        Stream(url="WSS://a.example/ws", status_callback="HTTPS://e.com/cb").get("status_callback")
        == "HTTPS://e.com/cb"
    )


@pytest.mark.parametrize(
    ("build", "hint"),
    [
        (lambda: Redirect("/next", "POST"), "Redirect('/next', method='POST')"),
        (lambda: Play("https://e.com/a.mp3", "3"), "other values are keywords (digits=, loop="),
        (lambda: Queue("support", "x"), "other values are keywords (url="),
        (lambda: Dial("+15551234567", "+15557654321"), "other values are keywords"),
    ],
)
def test_a_second_text_for_a_value_is_refused_and_the_keyword_named(build: Any, hint: str) -> None:
    """Twilio's helper takes Redirect(url, method): here the second text is not glued on,
    and the message names the keyword to use."""
    with pytest.raises(ValidationError, match="takes one text, its value; got a second one") as error:
        build()
    assert hint in error.value.reason


def test_content_keeps_its_texts_together() -> None:
    assert Say("Hello, ", "caller").to_xml() == "<Say>Hello, caller</Say>"


@pytest.mark.parametrize(
    ("build", "fix"),
    [
        (lambda: Dial(Queue), "got the class Queue, not a node: call it, as in Queue(...)"),  # type: ignore[arg-type]
        (lambda: Gather(Play(f"/{n}.mp3") for n in range(2)), "unpack it with *"),  # type: ignore[arg-type]
        (lambda: Say(message="hi"), "its message is its text, the first argument: Say('hi')"),  # type: ignore[call-arg]
        (lambda: Play(url="/a.mp3"), "its url is its text, the first argument: Play('/a.mp3')"),  # type: ignore[call-arg]
        (Client, "needs the identity to dial"),
    ],
)
def test_common_mistakes_name_the_fix(build: Any, fix: str) -> None:
    with pytest.raises(ValidationError) as error:
        build().to_xml()
    assert fix in error.value.reason


def test_a_node_of_twilios_helper_names_the_fix() -> None:
    from twilio.twiml.voice_response import Say as HelperSay

    from twimlkit import VoiceResponse

    with pytest.raises(ValidationError, match=r"a Say of Twilio's helper library; build it with twimlkit's Say"):
        VoiceResponse(HelperSay("hi"))  # type: ignore[arg-type]


def test_a_client_with_its_identity_as_a_child_is_enough() -> None:
    from twimlkit import Identity

    assert Client(Identity("alice")).to_xml() == "<Client><Identity>alice</Identity></Client>"
    assert Client("alice").to_xml() == "<Client>alice</Client>"


def test_a_value_beside_child_elements_names_the_element_that_holds_it() -> None:
    # Twilio's helper writes <Client>name<Parameter .../></Client>; TwiML wants <Identity>.
    with pytest.raises(
        ValidationError, match=r"the value goes in <Identity>: Client\(Identity\('radio-dj'\), Parameter"
    ):
        Client("radio-dj", Parameter(name="show", value="morning"))
    with pytest.raises(ValidationError, match=r"the value goes in <ApplicationSid>"):
        Application("AP" + "0" * 32, Parameter(name="a", value="b"))
    with pytest.raises(ParseError, match="<Identity>"):
        parse('<Response><Dial><Client>radio-dj<Parameter name="show" value="m"/></Client></Dial></Response>')


def test_say_length_is_told_by_the_voice_whatever_the_length() -> None:
    # One rule, one message: 5,001 characters is not "at most 5000" for a Polly voice.
    for length in (4097, 5001, 9000):
        with pytest.raises(ValidationError, match="Polly voices speak at most 3000"):
            Say("x" * length, voice="Polly.Joanna")
    with pytest.raises(ValidationError, match=r"the basic voices \(man, woman, alice\) speak at most 4096"):
        Say("x" * 5001)
    with pytest.raises(ValidationError, match="Google voices speak at most 5000"):
        Say("x" * 5001, voice="Google.en-US-Neural2-A")


def test_a_say_with_nothing_to_say_is_a_lint_warning() -> None:
    doc = VoiceResponse(Say(), Say("  "), Say(Comment("later")), Say(Break(time="2s")), Say("hi"))
    assert [(w.path, w.rule) for w in doc.lint()] == [
        ("Response/Say[0]", "empty-say"),
        ("Response/Say[1]", "empty-say"),
        ("Response/Say[2]", "empty-say"),
    ]
