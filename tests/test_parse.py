"""Reading TwiML: parse() builds the constructors' trees, reports every problem, keeps what it
does not know when asked to, and refuses hostile input cleanly."""

from __future__ import annotations

import pickle
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from lxml import etree

from tests.strategies import documents
from tests.test_node import radio
from twimlkit import (
    Body,
    Client,
    Comment,
    Dial,
    Element,
    Gather,
    Hangup,
    Identity,
    LintWarning,
    Media,
    Message,
    MessagingResponse,
    Number,
    Parameter,
    ParseError,
    Problem,
    Redirect,
    Say,
    VoiceResponse,
    parse,
)
from twimlkit import _parse as parse_module
from twimlkit.ssml import AmazonEffect, Break, Emphasis, Lang, Prosody


def errors_of(text: str | bytes, *, strict: bool = True) -> list[Problem]:
    with pytest.raises(ParseError) as info:
        parse(text, strict=strict)
    return list(info.value.errors)


# -- what parse returns ----------------------------------------------------------------------


def test_parses_the_tree_the_constructors_build() -> None:
    text = (
        '<?xml version="1.0" encoding="UTF-8"?><Response><Dial hangupOnStar="true">'
        '<Queue>radio-callin-queue</Queue></Dial><Redirect method="GET">https://example.com/next</Redirect></Response>'
    )
    doc = parse(text)
    assert type(doc) is VoiceResponse
    assert doc == radio()
    assert doc.to_xml() == text


def test_str_bytes_and_bytearray_read_the_same() -> None:
    text = radio().to_xml()
    assert parse(text) == parse(text.encode()) == parse(bytearray(text.encode())) == radio()


def test_a_byte_order_mark_is_accepted() -> None:
    assert parse(b"\xef\xbb\xbf" + radio().to_bytes()) == radio()


def test_messaging_reply_when_the_root_holds_a_message() -> None:
    doc = parse("<Response><Message>Hi</Message><Redirect>https://e.com/x</Redirect></Response>")
    assert type(doc) is MessagingResponse
    assert doc == MessagingResponse(Message("Hi"), Redirect("https://e.com/x"))


@pytest.mark.parametrize("text", ["<Response/>", "<Response></Response>", "<Response>\n  \n</Response>"])
def test_an_empty_response_is_a_voice_document(text: str) -> None:
    doc = parse(text)
    assert type(doc) is VoiceResponse
    assert doc == VoiceResponse()


def test_values_become_python_values() -> None:
    doc = parse(
        '<Response><Gather numDigits="3" timeout="5" input="dtmf speech" hints="a,b" actionOnEmptyResult="false">'
        '<Say loop="2">x</Say></Gather></Response>'
    )
    gather = doc.elements[0]
    assert gather.attributes == {
        "num_digits": 3,
        "timeout": 5,
        "input": ("dtmf", "speech"),
        "hints": "a,b",
        "action_on_empty_result": False,
    }
    assert doc == VoiceResponse(
        Gather(
            Say("x", loop=2),
            num_digits=3,
            timeout=5,
            input=["dtmf", "speech"],
            hints=["a", "b"],
            action_on_empty_result=False,
        )
    )


def test_method_letter_case_is_folded_as_twilio_does() -> None:
    assert parse('<Response><Redirect method="get">https://e.com</Redirect></Response>') == VoiceResponse(
        Redirect("https://e.com", method="GET")
    )


def test_ssml_amazon_and_xml_lang_read_back() -> None:
    doc = VoiceResponse(
        Say(
            "Hi ",
            Break(time="100ms"),
            Emphasis("there", level="strong"),
            Lang("bonjour", xml_lang="fr-FR"),
            AmazonEffect("psst", name="whispered"),
            Prosody("slow", rate="85%", amazon_max_duration="2s"),
            voice="Polly.Joanna",
        )
    )
    text = doc.to_xml()
    assert "xmlns" not in text  # amazon: is written undeclared, as Polly's docs do
    assert parse(text) == doc
    assert parse(doc.to_xml(pretty=True)) == doc


def test_entities_and_character_references_are_text() -> None:
    doc = parse("<Response><Say>Tom &amp; Jerry &#x263A; &lt;3</Say></Response>")
    assert doc == VoiceResponse(Say("Tom & Jerry \u263a <3"))


def test_cdata_is_text() -> None:
    assert parse("<Response><Say><![CDATA[a < b]]></Say></Response>") == VoiceResponse(Say("a < b"))


def test_comments_are_kept_where_they_are() -> None:
    doc = parse("<Response><!-- greet --><Say>Hi</Say><Dial><!--x-->+15558675310</Dial></Response>")
    assert doc == VoiceResponse(Comment(" greet "), Say("Hi"), Dial(Comment("x"), "+15558675310"))


# -- whitespace ------------------------------------------------------------------------------


def test_indentation_between_elements_is_formatting() -> None:
    pretty = radio().to_xml(pretty=True)
    assert "\n  <Dial" in pretty
    assert parse(pretty) == radio()


def test_value_text_is_stripped_as_twilio_strips_it() -> None:
    doc = parse("<Response>\n  <Dial>\n    <Number>\n      +15558675310\n    </Number>\n  </Dial>\n</Response>")
    assert doc == VoiceResponse(Dial(Number("+15558675310")))


def test_say_text_keeps_its_whitespace() -> None:
    doc = parse("<Response><Say>\n  Hello  <break/> there\n</Say></Response>")
    assert doc == VoiceResponse(Say("\n  Hello  ", Break(), " there\n"))


def test_message_text_keeps_its_whitespace() -> None:
    doc = parse("<Response><Message>  two  spaces </Message></Response>")
    assert doc == MessagingResponse(Message("  two  spaces "))


# -- strict mode: every problem, with line, path, reason and code ----------------------------


def test_invalid_value_reports_line_path_reason_and_code() -> None:
    (problem,) = errors_of('<Response>\n<Say>Hi</Say>\n<Dial timeout="-5">+15558675310</Dial>\n</Response>')
    assert problem.line == 3
    assert problem.path == "Response/Dial[1]@timeout"
    assert "-5" in problem.reason
    assert "from 5 to 600" in problem.reason
    assert problem.code == 13212


def test_value_of_the_wrong_type_is_refused() -> None:
    (problem,) = errors_of('<Response><Dial hangupOnStar="yes">+15558675310</Dial></Response>')
    assert problem.path == "Response/Dial[0]@hangupOnStar"
    assert "'yes'" in problem.reason
    assert "'true' or 'false'" in problem.reason


@pytest.mark.parametrize("number", ["1_000", "١٢", "0x10", "nan", ""])
def test_integers_are_plain_decimal_digits(number: str) -> None:
    (problem,) = errors_of(f'<Response><Pause length="{number}"/></Response>')
    assert problem.path == "Response/Pause[0]@length"


def test_unknown_element_is_refused_with_what_is_allowed() -> None:
    (problem,) = errors_of("<Response>\n<Dial><Phone>+15558675310</Phone></Dial></Response>")
    assert problem.line == 2
    assert problem.path == "Response/Dial[0]/Phone[0]"
    assert "<Phone>" in problem.reason
    assert "<Number>" in problem.reason
    assert "strict=False" in problem.reason
    assert problem.code == 12200


def test_unknown_attribute_is_refused_with_what_is_allowed() -> None:
    (problem,) = errors_of('<Response><Say voice="alice" speed="2">Hi</Say></Response>')
    assert problem.path == "Response/Say[0]@speed"
    assert "'speed'" in problem.reason
    assert "voice" in problem.reason
    assert problem.code == 12200


def test_known_element_in_the_wrong_place() -> None:
    (problem,) = errors_of("<Response><Dial><Say>Hi</Say></Dial></Response>")
    assert problem.path == "Response/Dial[0]/Say[0]"
    assert "<Dial> cannot contain <Say>" in problem.reason
    assert "<Number>" in problem.reason


def test_voice_verb_in_a_messaging_reply_is_14110() -> None:
    (problem,) = errors_of("<Response><Message>Hi</Message><Say>Hi</Say></Response>")
    assert problem.path == "Response/Say[1]"
    assert problem.code == 14110
    assert "Voice" in problem.reason


def test_messaging_noun_in_a_voice_document_is_14110() -> None:
    (problem,) = errors_of("<Response><Say>Hi</Say><Body>x</Body></Response>")
    assert problem.path == "Response/Body[1]"
    assert problem.code == 14110


def test_every_problem_is_reported_in_document_order() -> None:
    text = (
        "<Response>\n"
        '<Say loop="-1">Hi</Say>\n'
        '<Dial timeout="0" record="sometimes">\n'
        "  <Number>+15558675310</Number>\n"
        "  <Phone/>\n"
        "</Dial>\n"
        '<Redirect method="PUT">https://e.com</Redirect>\n'
        "</Response>"
    )
    problems = errors_of(text)
    assert [(p.line, p.path) for p in problems] == [
        (2, "Response/Say[0]@loop"),
        (3, "Response/Dial[1]@timeout"),
        (3, "Response/Dial[1]@record"),
        (5, "Response/Dial[1]/Phone[1]"),
        (7, "Response/Redirect[2]@method"),
    ]
    assert problems[4].code == 13710 or "PUT" in problems[4].reason


def test_constructor_errors_are_placed_at_the_child_they_are_about() -> None:
    numbers = "".join(f"\n<Number>+1555867531{i % 10}</Number>" for i in range(11))
    (problem,) = errors_of(f"<Response><Dial>{numbers}\n</Dial></Response>")
    assert problem.path == "Response/Dial[0]/Number[10]"
    assert problem.line == 12
    assert "at most 10" in problem.reason


def test_missing_required_text() -> None:
    (problem,) = errors_of("<Response><Dial><Queue/></Dial></Response>")
    assert problem.path == "Response/Dial[0]/Queue[0]"
    assert "needs its text" in problem.reason


def test_text_where_none_is_allowed() -> None:
    (problem,) = errors_of("<Response><Hangup>now</Hangup></Response>")
    assert problem.path == "Response/Hangup[0]"
    assert "takes no text" in problem.reason


def test_document_rules_run_too() -> None:
    messages = "".join(f"<Message>{i}</Message>" for i in range(11))
    (problem,) = errors_of(f"<Response>{messages}</Response>")
    assert problem.code == 14109


def test_response_takes_no_attributes() -> None:
    (problem,) = errors_of('<Response lang="en"><Hangup/></Response>')
    assert problem.path == "Response@lang"


def test_parse_error_message_and_fields() -> None:
    with pytest.raises(ParseError) as info:
        parse('<Response>\n<Pause length="x"/>\n<Pause length="y"/></Response>')
    error = info.value
    assert isinstance(error, ValueError)
    assert (error.line, error.path, error.code) == (2, "Response/Pause[0]@length", error.errors[0].code)
    assert str(error).startswith("line 2: Response/Pause[0]@length: length='x' is not allowed")
    assert str(error).endswith("(and 1 more)")
    assert str(error.errors[1]).startswith("line 3: Response/Pause[1]@length:")
    again = pickle.loads(pickle.dumps(error))
    assert again.errors == error.errors
    assert str(again) == str(error)


# -- strict=False: nothing is lost -------------------------------------------------------------


def c14n(text: str | bytes) -> bytes:
    data = text.encode() if isinstance(text, str) else text
    tree = etree.fromstring(data, etree.XMLParser(remove_blank_text=True))
    return etree.tostring(tree, method="c14n")


def test_unknown_elements_are_kept_as_elements() -> None:
    text = '<Response><Dial><Client>joey</Client><Phone kind="mobile"><Ext>12</Ext></Phone></Dial></Response>'
    doc = parse(text, strict=False)
    assert doc == VoiceResponse(Dial(Client("joey"), Element("Phone", Element("Ext", "12"), kind="mobile")))
    assert c14n(doc.to_xml()) == c14n(text)
    assert [w.rule for w in doc.lint()] == ["not-twiml", "unvalidated"]


def test_unknown_attributes_keep_the_element_with_all_its_attributes() -> None:
    text = '<Response><Say voice="alice" speed="2">Hi <break time="1s"/></Say><Hangup/></Response>'
    doc = parse(text, strict=False)
    assert doc == VoiceResponse(Element("Say", "Hi ", Break(time="1s"), voice="alice", speed="2"), Hangup())
    assert c14n(doc.to_xml()) == c14n(text)


def test_lenient_messaging_reply_keeps_unknown_elements() -> None:
    doc = parse("<Response><Message>Hi</Message><Future/></Response>", strict=False)
    assert doc == MessagingResponse(Message("Hi"), Element("Future"))


def test_every_voice_verb_in_a_messaging_reply_is_reported() -> None:
    problems = errors_of("<Response><Say>a</Say><Message>Hi</Message><Play>https://e.com/a.mp3</Play></Response>")
    assert [(p.path, p.code) for p in problems] == [("Response/Say[0]", 14110), ("Response/Play[2]", 14110)]


def read_warnings(text: str) -> list[tuple[int | None, str, int | None, str]]:
    """The warnings lenient reading gives: (line, path, code, rule)."""
    return [(w.line, w.path, w.code, w.rule) for w in parse(text, strict=False).lint() if w.line is not None]


def test_lenient_mode_keeps_invalid_values_as_written_and_warns() -> None:
    text = '<Response>\n<Say voice="robot" speed="2">Hi</Say>\n<Dial timeout="0" x="1">+15558675310</Dial></Response>'
    doc = parse(text, strict=False)
    assert doc == VoiceResponse(
        Element("Say", "Hi", voice="robot", speed="2"), Element("Dial", "+15558675310", timeout="0", x="1")
    )
    assert c14n(doc.to_xml()) == c14n(text)
    assert read_warnings(text) == [
        (2, "Response/Say[0]@voice", 13511, "invalid"),
        (2, "Response/Say[0]@speed", 12200, "not-twiml"),
        (3, "Response/Dial[1]@timeout", 13212, "invalid"),
        (3, "Response/Dial[1]@x", 12200, "not-twiml"),
    ]
    # Strict mode refuses the same problems, with the same lines and codes.
    assert [(p.line, p.path, p.code) for p in errors_of(text)] == [w[:3] for w in read_warnings(text)]


def test_lenient_mode_keeps_known_elements_in_the_wrong_place() -> None:
    text = "<Response><Dial><Say>Hi</Say></Dial><Gather><Record maxLength='0'/></Gather></Response>"
    doc = parse(text, strict=False)
    assert doc == VoiceResponse(Dial(Element("Say", "Hi")), Gather(Element("Record", maxLength="0")))
    assert c14n(doc.to_xml()) == c14n(text)
    warnings = doc.lint()
    assert [(w.path, w.rule) for w in warnings] == [
        ("Response/Dial[0]/Say[0]", "misplaced"),
        ("Response/Gather[1]/Record[0]", "misplaced"),
        ("Response/Gather[1]/Record[0]@maxLength", "invalid"),
    ]
    assert "(<Say> belongs at the top level or in <Gather>, <Prompt>)" in warnings[0].message
    assert warnings[2].code == 13612


def test_lenient_mode_keeps_missing_text_broken_caps_and_root_text() -> None:
    numbers = "".join(f"<Number>+1555867531{i % 10}</Number>" for i in range(11))
    text = f"<Response>before<Queue/><Dial>{numbers}</Dial>after</Response>"
    doc = parse(text, strict=False)
    assert c14n(doc.to_xml()) == c14n(text)
    assert type(doc) is VoiceResponse
    assert [(w.path, w.rule) for w in read_warnings_of(doc)] == [
        ("Response", "invalid"),
        ("Response/Queue[0]", "misplaced"),
        ("Response/Queue[0]", "invalid"),
        ("Response/Dial[1]/Number[10]", "invalid"),
    ]
    assert doc.children[0] == "before"
    # The <Dial> kept as written for its eleventh <Number> is explained once, not twice.
    assert all(w.line is not None for w in doc.lint())
    assert parse(doc.to_xml(pretty=True), strict=False) == doc
    with pytest.raises(ParseError):
        parse(text)


def read_warnings_of(doc: VoiceResponse | MessagingResponse) -> list[LintWarning]:
    return [w for w in doc.lint() if w.line is not None]


def test_lenient_messaging_reply_keeps_voice_verbs_and_too_many_messages() -> None:
    messages = "".join(f"<Message>m{i}</Message>" for i in range(11))
    text = f"<Response><Say>Hello</Say>{messages}</Response>"
    doc = parse(text, strict=False)
    assert type(doc) is MessagingResponse
    assert doc.children[0] == Element("Say", "Hello")
    assert c14n(doc.to_xml()) == c14n(text)
    assert [(w.path, w.code, w.rule) for w in read_warnings_of(doc)] == [
        ("Response/Say[0]", 14110, "misplaced"),
        ("Response/Message[11]", 14109, "invalid"),
    ]
    doc.validate()  # what Twilio only warns about does not raise here
    assert parse(doc.to_xml(), strict=False) == doc


def test_lenient_mode_still_raises_for_what_twilio_cannot_read() -> None:
    for text in (
        "<Response><Say>x</Response>",
        "<Speak/>",
        "<!DOCTYPE Response><Response/>",
        "",
        "<a:Response xmlns:a='u'/>",
    ):
        with pytest.raises(ParseError):
            parse(text, strict=False)


def test_processing_instructions_are_warned_about_when_lenient() -> None:
    doc = parse("<Response><?php echo 1; ?><Hangup/></Response>", strict=False)
    assert doc == VoiceResponse(Hangup())
    (warning,) = read_warnings_of(doc)
    assert "not TwiML; it is not kept" in warning.message


def test_lint_warning_text_names_line_and_code() -> None:
    (warning,) = read_warnings_of(parse('<Response>\n<Dial timeout="0">+15558675310</Dial></Response>', strict=False))
    assert str(warning) == (
        "line 2: Response/Dial[0]@timeout: timeout='0' is not allowed: got 0; expected an integer from 5 to 600"
        " (Twilio 13212) [invalid]"
    )


def test_lenient_pretty_round_trip_keeps_unknown_elements() -> None:
    doc = VoiceResponse(Element("Future", Element("Inner", "x"), Say("hi"), mode="on"), Hangup())
    assert parse(doc.to_xml(pretty=True), strict=False) == doc
    assert parse(doc.to_xml(), strict=False) == doc


def test_processing_instructions_are_not_twiml() -> None:
    (problem,) = errors_of("<Response><?php echo 1; ?><Hangup/></Response>")
    assert problem.path == "Response"
    assert "not TwiML" in problem.reason


@pytest.mark.parametrize(
    "text",
    [
        '<?xml-stylesheet type="text/xsl" href="x"?><Response><Hangup/></Response>',
        '<?xml version="1.0" encoding="UTF-8"?>\n<?a b?>\n<Response><Hangup/></Response>',
        "<Response><Hangup/></Response>\n<?after?>",
    ],
)
def test_processing_instructions_outside_the_root_are_treated_as_inside(text: str) -> None:
    # Refused when strict, as inside <Response>; dropped with a warning when lenient.
    (problem,) = errors_of(text)
    assert problem.path == "Response"
    assert "processing instruction" in problem.reason
    assert problem.reason.endswith("<Response> is not TwiML")
    assert problem.line == text.count("\n", 0, text.index("<?", 1 if text.startswith("<?xml ") else 0)) + 1
    assert problem.code == 12200
    with pytest.raises(ParseError, match="processing instruction"):
        parse(text.encode())  # bytes take another route
    doc = parse(text, strict=False)
    assert doc == VoiceResponse(Hangup()) == parse(text.encode(), strict=False)
    (warning,) = read_warnings_of(doc)
    assert read_warnings_of(parse(text.encode(), strict=False)) == [warning]
    assert warning.message.endswith("is not TwiML; it is not kept")
    assert warning.line == problem.line
    with pytest.raises(ParseError):
        parse_module._parse_full(text)
    assert parse_module._parse_full(text, strict=False) == doc


def test_warnings_outside_and_inside_the_root_are_in_line_order() -> None:
    doc = parse('<?a?>\n<Response>\n<Dial timeout="0">+15558675310</Dial></Response>\n<?b?>', strict=False)
    assert [warning.line for warning in read_warnings_of(doc)] == [1, 3, 4]


def test_namespace_declarations_are_refused() -> None:
    (problem,) = errors_of('<Response xmlns:x="urn:x"><Hangup/></Response>')
    assert "namespace" in problem.reason
    (problem,) = errors_of('<Response xmlns="urn:twiml"><Hangup/></Response>')
    assert problem.code in (12102, 12200)
    doc = parse('<Response xmlns:x="urn:x"><Hangup/></Response>', strict=False)
    assert doc == VoiceResponse(Hangup())
    (warning,) = read_warnings_of(doc)
    assert "the declaration is not kept" in warning.message


# -- equality with constructed trees over the parts of the vocabulary people use ---------------


@pytest.mark.parametrize(
    "doc",
    [
        radio(),
        VoiceResponse(Dial(Client("dj", status_callback_event=["initiated", "answered"]), caller_id="+15558675310")),
        VoiceResponse(Dial(Client(Identity("dj"), Parameter(name="show", value="radio")))),
        VoiceResponse(Say("Thanks", voice="Polly.Joanna-Neural", language="en-US", loop=0), Hangup()),
        MessagingResponse(Message("Hello", to="+15558675310"), Redirect("")),
    ],
    ids=repr,
)
def test_written_documents_read_back_equal(doc: VoiceResponse | MessagingResponse) -> None:
    assert parse(doc.to_xml()) == doc
    assert parse(doc.to_xml(pretty=True)) == doc
    assert parse(doc.to_bytes()) == doc
    assert parse(doc.to_xml(xml_declaration=False)) == doc


def test_type_errors_are_clear() -> None:
    with pytest.raises(TypeError, match="str or bytes, got int"):
        parse(5)  # type: ignore[arg-type]


# -- round trip over the whole vocabulary -----------------------------------------------------


def as_read(doc: VoiceResponse | MessagingResponse) -> VoiceResponse | MessagingResponse:
    """What reading ``doc`` back gives: the same tree, except that a Messaging reply without a
    <Message> (empty, or only a Redirect) is written exactly like a Voice document and so
    reads back as one (parse's documented rule)."""
    if isinstance(doc, MessagingResponse) and not any(isinstance(child, Message) for child in doc.children):
        return VoiceResponse(*doc.children)
    return doc


def test_a_messaging_reply_without_message_reads_as_voice() -> None:
    reply = MessagingResponse(Redirect("https://e.com/sms"))
    assert reply.to_xml() == VoiceResponse(Redirect("https://e.com/sms")).to_xml()
    assert parse(reply.to_xml()) == VoiceResponse(Redirect("https://e.com/sms"))


@settings(max_examples=300, deadline=None)
@given(documents())
def test_every_valid_tree_reads_back_equal(doc: VoiceResponse | MessagingResponse) -> None:
    expected = as_read(doc)
    assert parse(doc.to_xml()) == expected
    assert parse(doc.to_xml(pretty=True)) == expected
    assert parse(doc.to_bytes(), strict=False) == expected


@settings(max_examples=100, deadline=None)
@given(documents())
def test_read_back_trees_write_the_same_bytes(doc: VoiceResponse | MessagingResponse) -> None:
    again = parse(doc.to_bytes())
    assert again.to_bytes() == doc.to_bytes()
    assert again.to_xml(pretty=True) == doc.to_xml(pretty=True)
    assert repr(again) == repr(as_read(doc))


# -- review findings: lenient checks, lines, messages -------------------------------------------


def test_lenient_element_with_unknown_attributes_keeps_every_check_of_its_kind() -> None:
    doc = parse('<Response><Dial><Number foo="1">not a number</Number></Dial></Response>', strict=False)
    assert [(w.path, w.rule) for w in read_warnings_of(doc)] == [
        ("Response/Dial[0]/Number[0]", "invalid"),
        ("Response/Dial[0]/Number[0]@foo", "not-twiml"),
    ]
    numbers = "".join(f'<Number x="{i}">+1555867531{i % 10}</Number>' for i in range(11))
    doc = parse(f"<Response><Dial>{numbers}</Dial></Response>", strict=False)
    assert any("at most 10" in w.message for w in read_warnings_of(doc))


def test_lenient_message_with_unknown_attributes_still_makes_a_messaging_reply() -> None:
    doc = parse('<Response><Message newAttr="1">hi</Message></Response>', strict=False)
    assert doc == MessagingResponse(Element("Message", "hi", newAttr="1"))


def test_lenient_say_with_unknown_attributes_stays_inline_when_pretty() -> None:
    doc = parse('<Response><Say newAttr="1"><w>sun</w><w>flower</w></Say></Response>', strict=False)
    assert '<Say newAttr="1"><w>sun</w><w>flower</w></Say>' in doc.to_xml(pretty=True)
    assert parse(doc.to_xml(pretty=True), strict=False) == doc


@pytest.mark.parametrize("name", ["tag", "self"])
def test_attributes_named_like_element_parameters(name: str) -> None:
    doc = parse(f'<Response><Say {name}="x">hi</Say></Response>', strict=False)
    assert doc.elements[0] == Element("Say", "hi", **{name: "x"})


def test_a_parents_invalid_attribute_is_reported_beside_a_failing_child() -> None:
    problems = errors_of('<Response>\n<Dial timeout="0">\n<Number>+1</Number></Dial></Response>')
    assert [(p.line, p.path) for p in problems] == [(2, "Response/Dial[0]@timeout"), (3, "Response/Dial[0]/Number[0]")]


def test_lenient_unknown_element_in_say_keeps_its_spaces() -> None:
    doc = parse("<Response><Say>Hello<foo> <emphasis>big</emphasis> </foo>world</Say></Response>", strict=False)
    assert doc == VoiceResponse(Say("Hello", Element("foo", " ", Emphasis("big"), " "), "world"))


def test_whitespace_beside_body_and_media_is_formatting() -> None:
    text = (
        "<Response>\n  <Message>\n    <Body>Hi</Body>\n    <Media>https://e.com/a.png</Media>\n  </Message>\n"
        "</Response>"
    )
    expected = MessagingResponse(Message(Body("Hi"), Media("https://e.com/a.png")))
    assert parse(text) == expected
    assert Message("\n  ", Body("Hi"), "\n", Media("https://e.com/a.png")) == expected.elements[0]


def test_lines_of_a_start_tag_written_over_several_lines() -> None:
    text = (
        '<Response>\n<Dial\n    timeout="0"\n    action="/next"\n    record="sometimes">+15558675310</Dial>\n'
        "</Response>"
    )
    problems = errors_of(text)
    assert [(p.line, p.path) for p in problems] == [
        (3, "Response/Dial[0]@timeout"),
        (5, "Response/Dial[0]@record"),
    ]
    (problem,) = errors_of("<Response>\n<Dial\n   >\n<Say>x</Say></Dial></Response>")
    assert (problem.line, problem.path) == (4, "Response/Dial[0]/Say[0]")


def test_many_problems_are_placed_in_one_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = parse_module._paths

    def counting(root: object) -> object:
        calls.append(root)
        return real(root)  # type: ignore[arg-type]

    monkeypatch.setattr(parse_module, "_paths", counting)
    problems = errors_of("<Response>" + "<Foo/>" * 2000 + "</Response>")
    assert len(problems) == 2000
    assert problems[-1].path == "Response/Foo[1999]"
    assert len(calls) == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<Response><prosody>x</prosody></Response>", "(<prosody> belongs in <Say>"),
        ("<Response><Message>x</Message><Body>y</Body></Response>", "(<Body> belongs in <Message>)"),
        ("<Response><Message>x</Message><Foo/></Response>", "allows <Message>, <Redirect>"),
        ("<Response><Number>+15558675310</Number></Response>", "(<Number> belongs in <Dial>)"),
    ],
)
def test_wrong_place_messages_say_where_the_element_belongs(text: str, expected: str) -> None:
    (problem,) = errors_of(text)
    assert expected in problem.reason


def test_namespaced_root_says_so() -> None:
    (problem,) = errors_of('<Response xmlns="urn:x"><Hangup/></Response>')
    assert problem.code == 12102
    assert "namespace 'urn:x'" in problem.reason


# -- second review ------------------------------------------------------------------------------


def test_lenient_ssml_with_unknown_attributes_stays_in_a_voice_document() -> None:
    doc = parse(
        '<Response><Say><p x="1">t</p><amazon:effect name="whispered" y="2">w</amazon:effect></Say></Response>',
        strict=False,
    )
    assert doc == VoiceResponse(Say(Element("p", "t", x="1"), Element("amazon:effect", "w", name="whispered", y="2")))
    assert VoiceResponse(Say(Element("break"))).to_xml().endswith("<Say><break/></Say></Response>")
    assert [(w.path, w.rule) for w in doc.lint()] == [
        ("Response/Say[0]/p[0]@x", "not-twiml"),
        ("Response/Say[0]/amazon:effect[1]@y", "not-twiml"),
    ]


def test_lines_with_two_start_tags_of_one_tag_on_a_line() -> None:
    text = (
        '<Response><Dial>\n<Number\n method="PUT"\n>+15551112222</Number><Number method="GET">+15551112223</Number>\n'
        "</Dial></Response>"
    )
    (problem,) = errors_of(text)
    assert (problem.line, problem.path) == (3, "Response/Dial[0]/Number[0]@method")


def test_attribute_lines_skip_quoted_values() -> None:
    (problem,) = errors_of('<Response>\n<Gather\n hints="a timeout=1"\n timeout="x"/></Response>')
    assert (problem.line, problem.path) == (4, "Response/Gather[0]@timeout")


def test_lenient_element_holding_only_comments_round_trips_pretty() -> None:
    doc = parse("<Response><Foo><!--c--></Foo></Response>", strict=False)
    assert doc == VoiceResponse(Element("Foo", Comment("c")))
    assert parse(doc.to_xml(pretty=True), strict=False) == doc


def test_a_response_attribute_is_not_offered_to_lenient_parsing() -> None:
    (problem,) = errors_of('<Response x="1"/>')
    assert "lenient" not in problem.reason


def test_twimlkits_own_amazon_namespace_is_not_a_back_door() -> None:
    (problem,) = errors_of('<Response><Say xmlns="urn:twimlkit:amazon-polly">hi</Say></Response>')
    assert "namespace" in problem.reason
    (problem,) = errors_of("<amazon:Response/>")
    assert problem.reason == "the root element is <amazon:Response>; TwiML documents are <Response>"


def test_columns_after_declaring_amazon_are_the_inputs() -> None:
    text = "<Response><Say><amazon:effect>hi</amazon:effectx></Say></Response>"
    (problem,) = errors_of(text)
    assert problem.reason.endswith("(column 50)")  # as in the input, not counting the declaration added


def test_a_dtd_with_amazon_elements_is_refused_as_a_dtd() -> None:
    (problem,) = errors_of(
        '<!DOCTYPE Response><Response><Say><amazon:effect name="whispered">x</amazon:effect></Say></Response>'
    )
    assert "DTD" in problem.reason


def test_misplaced_verb_hint_names_the_top_level() -> None:
    (problem,) = errors_of("<Response><Dial><Say>x</Say></Dial></Response>")
    assert "(<Say> belongs at the top level or in <Gather>, <Prompt>)" in problem.reason


# -- lenient reading and the fast path, at their edges -------------------------------------------


def test_a_number_of_thousands_of_digits_is_a_clean_problem() -> None:
    from twimlkit import Pause, ValidationError

    text = '<Response><Pause length="' + "1" * 5000 + '"/></Response>'
    (problem,) = errors_of(text)
    assert problem.path == "Response/Pause[0]@length"
    assert "a number of 5,000 digits" in problem.reason
    assert parse(text, strict=False).children[0] == Element("Pause", length="1" * 5000)
    assert parse('<Response><Pause length="' + "9" * 30 + '"/></Response>').children[0] == Pause(length=10**30 - 1)
    with pytest.raises(ValidationError, match="more than 30 digits"):
        Pause(length=10**30)
    with pytest.raises(ValidationError, match=r"<an integer of about 5,000 digits>.*more than 30 digits"):
        Pause(length=10**5000)
    with pytest.raises(ValidationError, match="more than 30 digits"):
        Element("Foo", x=10**5000)


def test_a_document_read_leniently_keeps_its_warnings_when_copied() -> None:
    import copy

    doc = parse("<Response><Message>hi</Message><Say>x</Say></Response>", strict=False)
    for again in (pickle.loads(pickle.dumps(doc)), copy.copy(doc), copy.deepcopy(doc)):
        assert again == doc
        assert again.lint() == doc.lint()
        assert again.to_xml() == doc.to_xml()  # what Twilio only warns about does not raise
    built = parse("<Response><Hangup/></Response>")
    assert not hasattr(pickle.loads(pickle.dumps(built)), "_warnings")


def test_strict_reading_reports_what_is_inside_a_misplaced_or_unknown_element() -> None:
    problems = errors_of("<Response><Dial><Redirect><Pause/></Redirect></Dial><Foo><Number>x</Number></Foo></Response>")
    assert [p.path for p in problems] == [
        "Response/Dial[0]/Redirect[0]",
        "Response/Dial[0]/Redirect[0]/Pause[0]",
        "Response/Foo[1]",
        "Response/Foo[1]/Number[0]",
    ]


def test_lenient_reading_drops_elements_in_xml_namespaces_with_a_warning() -> None:
    text = '<Response><x:y xmlns:x="urn:x"><Say>a</Say></x:y><Foo><x:z xmlns:x="urn:x"/></Foo><Hangup/></Response>'
    doc = parse(text, strict=False)
    assert doc == VoiceResponse(Element("Foo"), Hangup())
    reasons = [w.message for w in doc.lint() if w.line is not None]
    assert sum("is in an XML namespace; TwiML elements have none; it is not kept" in r for r in reasons) == 2
    messaging = parse('<Response><Message>a</Message><x:y xmlns:x="urn:x"/><Say>s</Say></Response>', strict=False)
    assert messaging == MessagingResponse(Message("a"), Element("Say", "s"))


def test_the_fast_path_reads_nothing_where_namespaces_are_declared() -> None:
    text = '<Response><Say>hi<ns0:effect xmlns:ns0="urn:twimlkit:amazon-polly"/></Say></Response>'
    for strict in (True, False):
        try:
            got: object = parse(text, strict=strict)
        except ParseError as error:
            got = error.errors
        try:
            expected: object = parse_module._parse_full(text, strict=strict)
        except ParseError as error:
            expected = error.errors
        assert got == expected


def test_an_element_kept_as_written_drops_a_child_in_an_xml_namespace() -> None:
    text = '<Response><Dial timeout="1"><x:y xmlns:x="urn:x"/>+15558675310</Dial></Response>'
    assert parse(text, strict=False) == VoiceResponse(Element("Dial", "+15558675310", timeout="1"))


@pytest.mark.parametrize(
    "text",
    [
        "<Response><Hangup/></Response>",
        '<?xml version="1.0"?>\n<Response><Hangup/></Response>\n',
        "<!-- before --><Response><Hangup/></Response>",
        "<Response><Hangup/></Response><!-- after -->",
        "<Response><Hangup/></Response>\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n",
        "<?php echo 1; ?><Response><Hangup/></Response>",
        '<?xml-stylesheet href="x"?><Response><Hangup/></Response>',
        "<Response><Hangup/></Response><?after?>",
        "<!DOCTYPE Response><Response><Hangup/></Response>",
        "<!-- <Response> --><!DOCTYPE Response><Response><Hangup/></Response>",
        "<Response/>",
        "<Response />\n",
    ],
)
@pytest.mark.parametrize("strict", [True, False])
def test_bytes_and_text_read_alike_whatever_stands_around_the_root(text: str, strict: bool) -> None:
    # Bytes take a quicker route when nothing but the declaration is outside <Response>.
    def outcome(read: Callable[[], VoiceResponse | MessagingResponse]) -> object:
        try:
            doc = read()
        except ParseError as error:
            return error.errors
        return doc, doc.lint()

    quick = outcome(lambda: parse(text.encode(), strict=strict))
    assert quick == outcome(lambda: parse(text, strict=strict))
    assert quick == outcome(lambda: parse_module._parse_full(text.encode(), strict=strict))
