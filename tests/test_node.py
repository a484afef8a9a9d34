"""Nodes: construction from Python values, immutability, value semantics, repr."""

from __future__ import annotations

import collections
import copy
import enum
import pickle
import threading
from collections import UserList
from typing import Any

import attrs
import pytest

import twimlkit
from twimlkit import (
    Client,
    Comment,
    Dial,
    Element,
    Gather,
    Hangup,
    Identity,
    Message,
    MessagingResponse,
    Number,
    Parameter,
    Queue,
    Redirect,
    Say,
    ValidationError,
    VoiceResponse,
)
from twimlkit.ssml import Break, Emphasis, SayAs


def radio() -> VoiceResponse:
    return VoiceResponse(
        Dial(Queue("radio-callin-queue"), hangup_on_star=True),
        Redirect("https://example.com/next", method="GET"),
    )


class TestConstruction:
    def test_positional_str_is_text(self) -> None:
        """A positional str becomes the element's text."""
        assert Say("Hello").to_xml() == "<Say>Hello</Say>"
        assert Number("+15558675310").text == "+15558675310"

    def test_mixed_content_keeps_order(self) -> None:
        """Text and SSML children are written in the order given."""
        say = Say("Hi ", Break(time="100ms"), "there", Emphasis("now", level="strong"), voice="Polly.Joanna")
        assert say.to_xml() == (
            '<Say voice="Polly.Joanna">Hi <break time="100ms"/>there<emphasis level="strong">now</emphasis></Say>'
        )

    def test_adjacent_text_merges_and_empty_text_drops(self) -> None:
        """Adjacent strings merge and empty ones vanish, so equal XML means equal nodes."""
        assert Say("Hello, ", "world") == Say("Hello, world")
        assert Say("", "x", "") == Say("x")
        assert Redirect("") == Redirect()

    def test_snake_case_keywords_written_camel_case(self) -> None:
        """snake_case keywords become Twilio's camelCase attribute names."""
        xml = Dial("+15558675310", hangup_on_star=True, caller_id="+15550001111", time_limit=600).to_xml()
        assert xml == '<Dial callerId="+15550001111" hangupOnStar="true" timeLimit="600">+15558675310</Dial>'

    def test_python_keywords_take_trailing_underscore(self) -> None:
        """from_ is written as from."""
        assert Message("hi", from_="+15550001111").to_xml() == '<Message from="+15550001111">hi</Message>'

    def test_ssml_keeps_its_own_spelling(self) -> None:
        """interpret_as is written interpret-as."""
        assert SayAs("abc", interpret_as="spell-out").to_xml() == '<say-as interpret-as="spell-out">abc</say-as>'

    def test_values_become_attribute_text(self) -> None:
        """bool -> true/false, int as digits, a list -> space-separated."""
        dial = Dial(
            Number("+15558675310", status_callback_event=["initiated", "answered"], status_callback="/cb"),
            answer_on_bridge=False,
            timeout=10,
        )
        assert dial.to_xml() == (
            '<Dial answerOnBridge="false" timeout="10"><Number statusCallbackEvent="initiated answered" '
            'statusCallback="/cb">+15558675310</Number></Dial>'
        )

    def test_none_leaves_attribute_out(self) -> None:
        """None is the same as not passing the keyword."""
        assert Dial("+15558675310", action=None) == Dial("+15558675310")
        assert "action" not in Dial("+15558675310", action=None).to_xml()

    def test_explicit_false_and_zero_are_written(self) -> None:
        """False and 0 are values, never dropped."""
        assert Say("x", loop=0).to_xml() == '<Say loop="0">x</Say>'
        assert Gather(barge_in=False).to_xml() == '<Gather bargeIn="false"/>'


class TestValueSemantics:
    def test_equal_by_value(self) -> None:
        """Two separately built documents with the same content are equal."""
        assert radio() == radio()
        assert radio() is not radio()

    def test_attribute_order_does_not_matter(self) -> None:
        """Keyword order changes neither equality nor hash."""
        one = Dial("+15558675310", timeout=10, hangup_on_star=True)
        two = Dial("+15558675310", hangup_on_star=True, timeout=10)
        assert one == two
        assert hash(one) == hash(two)

    @pytest.mark.parametrize(
        "other",
        [
            Dial(Queue("other-queue"), hangup_on_star=True),
            Dial(Queue("radio-callin-queue"), hangup_on_star=False),
            Dial(Queue("radio-callin-queue")),
        ],
    )
    def test_different_content_is_unequal(self, other: Dial) -> None:
        """A different child, value or missing attribute makes nodes unequal."""
        assert Dial(Queue("radio-callin-queue"), hangup_on_star=True) != other

    def test_same_content_different_class_is_unequal(self) -> None:
        """Classes with the same tag and content are still different nodes."""
        assert VoiceResponse() != MessagingResponse()
        assert Identity("alice") != Client("alice")

    def test_hashable_and_usable_in_sets(self) -> None:
        """Equal nodes hash alike, so sets and dict keys work."""
        assert len({radio(), radio(), VoiceResponse(Hangup())}) == 2

    def test_immutable(self) -> None:
        """Fields cannot be reassigned."""
        doc = radio()
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            doc.children = ()  # type: ignore[misc]

    def test_attributes_mapping_is_read_only(self) -> None:
        """The attribute view cannot be used to change a node."""
        dial = Dial("+15558675310", timeout=10)
        with pytest.raises(TypeError):
            dial.attributes["timeout"] = 20  # type: ignore[index]
        assert dial.get("timeout") == 10

    @pytest.mark.parametrize("protocol", range(pickle.HIGHEST_PROTOCOL + 1))
    def test_pickle_round_trip(self, protocol: int) -> None:
        """Documents survive pickling and write the same XML afterwards."""
        doc = VoiceResponse(
            Say("Hi ", Break(time="1s"), voice="Polly.Joanna"),
            Dial(Client(Identity("alice"), Parameter(name="a", value="b"))),
            Comment("note"),
            Element("Future", "x", someAttr="y"),
        )
        again = pickle.loads(pickle.dumps(doc, protocol=protocol))
        assert again == doc
        assert again.to_xml() == doc.to_xml()

    def test_copy_and_deepcopy(self) -> None:
        """copy and deepcopy give equal nodes."""
        doc = radio()
        assert copy.copy(doc) == doc
        assert copy.deepcopy(doc) == doc

    def test_safe_to_share_between_threads(self) -> None:
        """Many threads writing one shared document all get the same bytes."""
        doc = VoiceResponse(*(Say(f"line {i}") for i in range(200)))
        expected = doc.to_xml().encode()
        results: list[bytes] = []
        lock = threading.Lock()

        def work() -> None:
            for _ in range(50):
                data = doc.to_bytes()
                with lock:
                    results.append(data)

        threads = [threading.Thread(target=work) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(results) == 400
        assert set(results) == {expected}


DOCUMENTS: list[Any] = [
    radio(),
    VoiceResponse(Say("Hi ", Break(time="100ms"), "there", voice="Polly.Joanna", loop=2)),
    VoiceResponse(Gather(Say("Press 1"), input=["dtmf", "speech"], hints=["one", "two"], num_digits=1)),
    MessagingResponse(Message("Hello", to="+15550001111", from_="+15550002222")),
    VoiceResponse(Comment("set up"), Element("Future", "x", someAttr="y", **{"xml:lang": "en"})),
    Dial(Number("+15558675310", status_callback_event=["initiated"], status_callback="/cb")),
]


class TestRepr:
    @pytest.mark.parametrize("node", DOCUMENTS)
    def test_repr_evaluates_to_equal_node(self, node: Any) -> None:
        """repr is Python source that builds an equal node."""
        namespace = {name: getattr(twimlkit, name) for name in twimlkit.__all__}
        namespace.update({name: getattr(twimlkit.ssml, name) for name in twimlkit.ssml.__all__})
        assert eval(repr(node), namespace) == node

    def test_repr_reads_like_the_constructor_call(self) -> None:
        """repr shows children positionally and attributes as keywords."""
        assert repr(Dial(Queue("q"), hangup_on_star=True)) == "Dial(Queue('q'), hangup_on_star=True)"

    def test_exported_classes_name_the_package(self) -> None:
        """Public classes report twimlkit (or twimlkit.ssml) as their module."""
        assert Dial.__module__ == "twimlkit"
        assert Break.__module__ == "twimlkit.ssml"
        assert ValidationError.__module__ == "twimlkit"


class TestAccessors:
    def test_tag_text_elements_and_attributes(self) -> None:
        """A node exposes its tag, text, element children and attributes."""
        dial = Dial(Number("+15558675310"), Comment("c"), Number("+15558675311"), timeout=10)
        assert dial.tag == "Dial"
        assert [number.text for number in dial.elements] == ["+15558675310", "+15558675311"]
        assert dict(dial.attributes) == {"timeout": 10}
        assert dict(dial.xml_attributes) == {"timeout": "10"}
        assert dial.get("hangup_on_star", "unset") == "unset"

    def test_normalised_values(self) -> None:
        """Lists given for list attributes are kept as tuples (hashable, immutable)."""
        gather = Gather(input=["dtmf", "speech"])
        assert gather.get("input") == ("dtmf", "speech")
        assert Gather(input=["dtmf", "speech"]) == Gather(input=("dtmf", "speech"))


class TestEscapeHatches:
    def test_element_is_written_as_given(self) -> None:
        """Element writes its tag, text and attributes without validation."""
        node = Element("Future", "text & more", someAttr="x", flag=True, n=0, items=["a", "b"], skip=None)
        assert node.to_xml() == '<Future flag="true" items="a b" n="0" someAttr="x">text &amp; more</Future>'

    def test_element_goes_anywhere(self) -> None:
        """Any element may hold an Element."""
        assert Dial(Element("Whisper", "hi")).to_xml() == "<Dial><Whisper>hi</Whisper></Dial>"

    def test_element_equality_includes_tag(self) -> None:
        """Elements with different tags differ."""
        assert Element("A", "x") == Element("A", "x")
        assert Element("A", "x") != Element("B", "x")

    @pytest.mark.parametrize("tag", ["", "1abc", "a b", "<x>", "amazon:1x"])
    def test_element_tag_must_be_an_xml_name(self, tag: str) -> None:
        """A tag that is not an XML name is refused before it makes broken XML."""
        with pytest.raises(ValidationError, match=r"not a valid XML name|non-empty"):
            Element(tag)

    @pytest.mark.parametrize(
        ("tag", "attributes"),
        [("a:b:c", {}), ("foo:Bar", {}), ("Foo", {"x:y": "1"}), ("Foo", {"xmlns": "urn:x"}), ("xmlns:Foo", {})],
    )
    def test_element_names_use_no_namespace_but_amazon(self, tag: str, attributes: dict[str, str]) -> None:
        """Prefixes other than amazon: (and xml: on attributes) would need declarations TwiML never has."""
        with pytest.raises(ValidationError, match="uses an XML namespace"):
            Element(tag, **attributes)

    def test_element_keeps_amazon_and_xml_prefixes(self) -> None:
        """amazon: elements and attributes, and xml:lang, are written as given."""
        node = Element("amazon:effect", "x", **{"xml:lang": "en-US", "amazon:phonation": "soft"})
        assert node.to_xml() == '<amazon:effect amazon:phonation="soft" xml:lang="en-US">x</amazon:effect>'

    def test_element_repr_is_python_for_any_attribute_name(self) -> None:
        """Keywords, dashed and NFKC-changed names go through **{...}, so the repr builds the same node."""
        node = Element("Foo", **{"class": "a", "a-b": "1", "\ufb01le": "x", "plain": "y"})
        assert eval(repr(node), {"Element": Element}) == node

    def test_element_text_must_be_legal_xml(self) -> None:
        """Control characters are refused in Element text too."""
        with pytest.raises(ValidationError, match="U\\+0001"):
            Element("A", "bad\x01")

    def test_comment(self) -> None:
        """Comment writes an XML comment and refuses text XML comments cannot hold."""
        assert VoiceResponse(Comment(" hi "), Hangup()).to_xml(xml_declaration=False) == (
            "<Response><!-- hi --><Hangup/></Response>"
        )
        for bad in ("a--b", "ends-"):
            with pytest.raises(ValidationError, match="'--'"):
                Comment(bad)


def test_comment_refuses_a_carriage_return() -> None:
    """Comments escape nothing, and XML reads CR back as LF: the text would not survive."""
    with pytest.raises(ValidationError, match="carriage return"):
        Comment("a\rb")


class _Threshold(float, enum.Enum):
    EAGER = 0.5


class _Pretty(float):
    def __repr__(self) -> str:
        return "half"


class _Level(enum.IntEnum):
    THREE = 3


@pytest.mark.parametrize("given", [_Threshold.EAGER, _Pretty(0.5), 0.5])
def test_number_subclasses_are_kept_and_written_as_plain_numbers(given: float) -> None:
    """A float subclass or a float enum member is kept as its plain float and written as
    it, never its repr: the document reads back equal."""
    from twimlkit import Connect, ConversationRelay

    relay = ConversationRelay(url="wss://a.example/ws", eager_eot_threshold=given)
    assert type(relay.get("eager_eot_threshold")) is float
    assert 'eagerEotThreshold="0.5"' in relay.to_xml()
    doc = VoiceResponse(Connect(relay))
    assert twimlkit.parse(doc.to_xml()) == doc


def test_integer_enum_members_are_written_as_plain_integers() -> None:
    from twimlkit import Gather

    gather = Gather(num_digits=_Level.THREE)
    assert type(gather.get("num_digits")) is int
    assert 'numDigits="3"' in gather.to_xml()


class _Event(str):
    pass


def test_a_list_attribute_decides_the_same_whatever_was_built_before() -> None:
    """A tuple of str subclasses is checked the full way even once the equal tuple of
    plain strs is remembered: the outcome does not depend on what was built earlier."""

    def attempt() -> object:
        try:
            events = (_Event("initiated"),)
            number = Number("+15551234567", status_callback="https://e.com/s", status_callback_event=events)
        except ValidationError as error:
            return ("refused", error.reason)
        return ("accepted", [type(item) for item in number.get("status_callback_event")])  # type: ignore[union-attr]

    before = attempt()
    Number("+15551234567", status_callback="https://e.com/s", status_callback_event=("initiated",))
    assert attempt() == before


def test_remembered_checks_keep_no_long_values() -> None:
    """Values too long to remember are checked every time and kept by nothing but their
    node: 300 dropped nodes with distinct 1 MB values leave no memory behind."""
    import gc
    import tracemalloc

    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for i in range(300):
        Parameter(name="k", value=f"{i:06d}" + "x" * 1_000_000)
        Redirect(f"https://example.com/{i:06d}" + "x" * 1_000_000)
        Say(f"{i:06d}" + "x" * 4_000)
    gc.collect()
    kept = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    assert kept < 2_000_000


def test_every_memo_shares_one_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    """Once the budget is spent nothing more is remembered, and every check still runs."""
    from twimlkit import _fast, _memo

    monkeypatch.setattr(_memo, "_spent", [_memo.BUDGET])
    assert not _memo.admit(1)
    entry = _fast._ENTRIES["Redirect"]
    remembered = len(entry.texts)
    doc = twimlkit.parse("<Response><Redirect>/not-seen-before-budget</Redirect></Response>")
    assert doc == VoiceResponse(Redirect("/not-seen-before-budget"))
    assert len(entry.texts) == remembered
    with pytest.raises(twimlkit.ParseError):
        twimlkit.parse("<Response><Redirect>/has space</Redirect></Response>")


class _Color(enum.StrEnum):
    RED = "red"


@pytest.mark.parametrize(
    ("given", "kept", "written"),
    [
        (UserList(["a"]), ("a",), "a"),
        (collections.deque(["a", 2]), ("a", 2), "a 2"),
        (("a", True), ("a", True), "a true"),
        (_Color.RED, "red", "red"),
        (_Level.THREE, 3, "3"),
        (_Pretty(0.5), 0.5, "0.5"),
    ],
)
def test_element_keeps_plain_copies_of_its_values(given: object, kept: object, written: str) -> None:
    """Any sequence is copied to a tuple; subclasses of str, int and float are kept as the
    plain value they equal: the element cannot change later, and hashes."""
    element = Element("Foo", x=given)
    assert element.get("x") == kept
    assert type(element.get("x")) is type(kept)
    if isinstance(given, UserList):
        given.append("b")
    assert element.to_xml() == f'<Foo x="{written}"/>'
    assert dict(element.xml_attributes) == {"x": written}
    hash(element)


@pytest.mark.parametrize("given", [[["a", "b"], "c"], b"ab", bytearray(b"ab"), float("nan"), {"a": 1}])
def test_element_refuses_values_it_cannot_write(given: object) -> None:
    """Nested sequences, bytes and what is not a number, text or flag are refused with the
    types it takes, not written as a Python repr."""
    with pytest.raises(ValidationError, match=r"expected str, bool, int, float or a sequence of them|finite"):
        Element("Foo", x=given)


def test_equal_elements_write_the_same_bytes() -> None:
    """True and 1 (or 1 and 1.0) are equal in Python but written differently: the nodes
    that hold them are not equal."""
    assert Element("Foo", flag=True) != Element("Foo", flag=1)
    assert Element("Foo", n=1) != Element("Foo", n=1.0)
    assert Element("Foo", x=(1, True)) != Element("Foo", x=(True, True))
    assert len({Element("Foo", x=(1, True)), Element("Foo", x=(True, True))}) == 2
    assert Element("Foo", flag=True) == Element("Foo", flag=True)
    assert Element("Foo", x=_Color.RED) == Element("Foo", x="red")
    assert hash(Element("Foo", x=_Color.RED)) == hash(Element("Foo", x="red"))
