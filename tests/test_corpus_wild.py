"""The wild corpus: TwiML as people wrote it in public projects (../shared/corpus/wild; a copy
is in tests/data/corpus/wild, see its MANIFEST.tsv for each file's source and licence).

Some of it is deliberately invalid. Every well-formed ``<Response>`` document reads leniently
and writes back canonically equal; every malformed one is a clean ``ParseError`` with its
line; strict mode refuses a document only for a rule, named here with the file.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from tests._scripts import ROOT
from tests.test_corpus import canonical, read_leniently
from twimlkit import ParseError, parse

CORPUS = ROOT / "tests" / "data" / "corpus" / "wild"
DOCUMENTS = sorted(path for path in CORPUS.iterdir() if path.suffix in (".xml", ".twiml"))


def well_formed(data: bytes) -> bool:
    """Whether lxml reads ``data`` as XML (Polly's undeclared amazon: prefix aside)."""
    try:
        etree.fromstring(data.replace(b"amazon:", b"amazon-"))
    except etree.XMLSyntaxError:
        return False
    return True


WELL_FORMED = [path for path in DOCUMENTS if well_formed(path.read_bytes())]
MALFORMED = [path for path in DOCUMENTS if path not in WELL_FORMED]

UNKNOWN = "not TwiML: an element or attribute Twilio does not document (Twilio warns, 12200)"
VENDOR = "a TwiML-compatible vendor's element (<Speak>), not Twilio's (12200)"
MISPLACED = "a verb nested where Twilio does not allow it (<Gather> holds only <Say>, <Play>, <Pause>)"
PLACEHOLDER = "a placeholder or test value where Twilio requires a SID or a phone number"
ROOT_TEXT = "text directly in <Response>, which holds only verbs"
MESSAGING_IN_VOICE = "<Body> directly in <Response>: it belongs in <Message> (14110)"
NO_IDENTITY = "a <Client> with no identity to dial (neither text nor <Identity>)"

# File name -> (the rule it breaks, the path of the first problem, the Twilio code).
REFUSED: dict[str, tuple[str, str, int | None]] = {
    "038__somleng__somleng-switch__app_spec_models_twiml_connect_verb_spec.rb-2.xml": (
        UNKNOWN,
        "Response/Connect[0]/Stream[0]/Foobar[0]",
        12200,
    ),
    "039__somleng__somleng-switch__app_spec_models_twiml_connect_verb_spec.rb-3.xml": (
        "<Stream url> with ws://: Twilio's Stream page says wss is the only supported protocol",
        "Response/Connect[0]/Stream[0]@url",
        None,
    ),
    "040__somleng__somleng-switch__app_spec_models_twiml_connect_verb_spec.rb-4.xml": (
        UNKNOWN,
        "Response/Connect[0]/Stream[0]/Parameter[0]@foobar",
        12200,
    ),
    "042__somleng__somleng-switch__app_spec_models_twiml_gather_verb_spec.rb-2.xml": (
        MISPLACED,
        "Response/Gather[0]/Record[0]",
        None,
    ),
    "044__somleng__somleng-switch__app_spec_workflows_execute_twiml_spec.rb-1.xml": (
        UNKNOWN,
        "Response/Foobar[0]",
        12200,
    ),
    "045__somleng__adhearsion-twilio__spec_adhearsion_twilio_dial_spec.rb-1.xml": (
        "<Number callerId>: callerId belongs on <Dial> (12200)",
        "Response/Dial[0]/Number[0]@callerId",
        12200,
    ),
    "046__somleng__adhearsion-twilio__spec_adhearsion_twilio_dial_spec.rb-2.xml": (
        "<Dial ringback>: Twilio's attribute is ringTone (12200)",
        "Response/Dial[0]@ringback",
        12200,
    ),
    "056__somleng__adhearsion-twilio__spec_adhearsion_twilio_record_spec.rb-5.xml": (
        "<Record maxLength='0'>: a positive integer (13612)",
        "Response/Record[0]@maxLength",
        13612,
    ),
    "064__tiniyo__public__parallel2-1.xml": (
        "<Dial callerid>: attribute names are case-sensitive, Twilio's is callerId (12200)",
        "Response/Dial[0]@callerid",
        12200,
    ),
    "067__tiniyo__public__answer_speak-1.xml": (VENDOR, "Response/Speak[0]", 12200),
    "068__tiniyo__public__dial-1.xml": (PLACEHOLDER, "Response/Dial[0]/Number[0]", 13223),
    "070__komalpatel104__public__emptydial-1.xml": (
        "an empty <Dial>: nothing to dial",
        "Response/Dial[1]",
        None,
    ),
    "078__komalpatel104__public__speak-1.xml": (VENDOR, "Response/Speak[0]", 12200),
    "102__sprucehealth__twimulator__engine_dial_number_test.go-2.xml": (
        "<Dial timeout='2'>: Twilio's Dial page says the minimum is 5 seconds (13212)",
        "Response/Dial[0]@timeout",
        13212,
    ),
    "107__sprucehealth__twimulator__engine_engine_test.go-2.xml": (MISPLACED, "Response/Gather[0]/Dial[0]", None),
    "115__sprucehealth__twimulator__twiml_parser_test.go-5.xml": (
        "<Dial record='invalid-value'>: outside Twilio's set (13217)",
        "Response/Dial[0]@record",
        13217,
    ),
    "119__sprucehealth__twimulator__twiml_parser_test.go-9.xml": (
        "<Gather timeout='auto'>: a positive integer (13313; only speechTimeout takes auto)",
        "Response/Gather[0]@timeout",
        13313,
    ),
    "121__sprucehealth__twimulator__twiml_parser_test.go-11.xml": (UNKNOWN, "Response/Say[0]@unknownAttr", 12200),
    "128__shaikh-sam__Siprtc__test04-1.xml": (MISPLACED, "Response/Gather[0]/Dial[2]", None),
    "129__shaikh-sam__Siprtc__test1-1.xml": (MISPLACED, "Response/Gather[0]/Gather[1]", None),
    "134__shaikh-sam__Siprtc__test7-1.xml": (UNKNOWN, "Response/Say[0]@digits", 12200),
    "179__twilio__twilio-ruby__spec_twiml_voice_response_spec.rb-2.xml": (ROOT_TEXT, "Response", None),
    "180__twilio__twilio-ruby__spec_twiml_voice_response_spec.rb-3.xml": (UNKNOWN, "Response/alexa[0]", 12200),
    "194__twilio__twilio-ruby__spec_twiml_voice_response_spec.rb-17.xml": (
        PLACEHOLDER,
        "Response/Enqueue[0]@workflowSid",
        14220,
    ),
    "195__twilio__twilio-ruby__spec_twiml_voice_response_spec.rb-18.xml": (
        PLACEHOLDER,
        "Response/Dial[0]/Sim[0]",
        None,
    ),
    "196__twilio__twilio-ruby__spec_twiml_voice_response_spec.rb-19.xml": (
        NO_IDENTITY,
        "Response/Dial[0]/Client[0]",
        None,
    ),
    "201__twilio__twilio-ruby__spec_twiml_messaging_response_spec.rb-2.xml": (UNKNOWN, "Response/Child[0]", 12200),
    "205__twilio__twilio-python__tests_unit_twiml_test_voice_response.py-2.xml": (
        PLACEHOLDER,
        "Response/Enqueue[0]@workflowSid",
        14220,
    ),
    "208__twilio__twilio-python__tests_unit_twiml_test_voice_response.py-5.xml": (ROOT_TEXT, "Response", None),
    "209__twilio__twilio-python__tests_unit_twiml_test_messaging_response.py-1.xml": (
        MESSAGING_IN_VOICE,
        "Response/Body[0]",
        14110,
    ),
    "210__twilio__twilio-python__tests_unit_twiml_test_messaging_response.py-2.xml": (
        MESSAGING_IN_VOICE,
        "Response/Body[0]",
        14110,
    ),
    "211__twilio__twilio-python__tests_unit_twiml_test_messaging_response.py-3.xml": (
        MESSAGING_IN_VOICE,
        "Response/Body[0]",
        14110,
    ),
}
ACCEPTED = [path for path in WELL_FORMED if path.name not in REFUSED]


def test_the_corpus_is_all_there() -> None:
    assert len(DOCUMENTS) == 166
    assert (len(WELL_FORMED), len(MALFORMED)) == (156, 10)
    assert set(REFUSED) <= {path.name for path in WELL_FORMED}
    assert (len(ACCEPTED), len(REFUSED)) == (124, 32)


@pytest.mark.parametrize("path", WELL_FORMED, ids=lambda path: path.name)
def test_every_well_formed_document_reads_leniently_and_writes_back(path: Path) -> None:
    doc = read_leniently(path.read_bytes())
    warned = [warning for warning in doc.lint() if warning.line is not None]
    assert bool(warned) == (path.name in REFUSED)


@pytest.mark.parametrize("path", MALFORMED, ids=lambda path: path.name)
def test_a_malformed_document_is_a_clean_parse_error(path: Path) -> None:
    for strict in (True, False):
        with pytest.raises(ParseError) as info:
            parse(path.read_bytes(), strict=strict)
        assert info.value.code == 12100
        assert info.value.line is not None
        assert info.value.reason.startswith("not well-formed XML: ")


@pytest.mark.parametrize("path", ACCEPTED, ids=lambda path: path.name)
def test_strict_mode_reads_the_valid_documents(path: Path) -> None:
    data = path.read_bytes()
    doc = parse(data)
    assert canonical(doc.to_xml()) == canonical(data)
    assert parse(data, strict=False) == doc


@pytest.mark.parametrize("path", [CORPUS / name for name in REFUSED], ids=lambda path: path.name)
def test_strict_mode_refuses_a_document_only_for_its_named_rule(path: Path) -> None:
    rule, where, code = REFUSED[path.name]
    assert rule
    with pytest.raises(ParseError) as info:
        parse(path.read_bytes())
    first = info.value.errors[0]
    assert (first.path, first.code) == (where, code)
    assert first.line is not None
    # The lenient reading warns about what strict reading refuses (and what strict reading
    # stops before: a <Response> is checked only once everything in it is).
    warned = [(w.line, w.path, w.code) for w in parse(path.read_bytes(), strict=False).lint() if w.line is not None]
    assert {(p.line, p.path, p.code) for p in info.value.errors} <= set(warned)
