"""The vocabulary is complete: every element, attribute and nesting Twilio's helper 9.13 knows.

``tests/data/twilio-helper-9.13-elements.json`` lists them (names only, read off the helper
by introspection). twimlkit may know more (Twilio's docs are ahead of the helper), never less.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from twimlkit._spec import ElementSpec, Text, python_name
from twimlkit._vocabulary import SPECS

REFERENCE: dict[str, Any] = json.loads(
    (Path(__file__).parent / "data" / "twilio-helper-9.13-elements.json").read_text(encoding="utf-8")
)
# The helper's class names for the two roots and the SSML elements differ from ours.
ROOTS = {"Response@voice": "VoiceResponse", "Response@messaging": "MessagingResponse"}
# The helper offers these under <Response>; Twilio documents them only inside Dial and Pay.
HELPER_QUIRKS = {("Response@voice", "Queue"), ("Response@voice", "Prompt")}
ENTRIES = {key: entry for key, entry in REFERENCE.items() if entry["module"] != "fax"}


def our_spec(key: str) -> ElementSpec:
    if key in ROOTS:
        return SPECS[ROOTS[key]]
    tag = ENTRIES[key]["tag"]
    matches = [spec for spec in SPECS.values() if spec.tag == tag]
    assert matches, f"no element with tag <{tag}>"
    return matches[0]


@pytest.mark.parametrize("key", sorted(ENTRIES))
def test_every_helper_attribute_is_known(key: str) -> None:
    """Each attribute the helper writes for this element has a spec here, by its XML name."""
    spec = our_spec(key)
    ours = {attr.xml for attr in spec.attributes}
    missing = set(ENTRIES[key]["attributes"]) - ours
    assert not missing, f"<{spec.tag}> lacks {sorted(missing)}"


@pytest.mark.parametrize("key", sorted(ENTRIES))
def test_every_helper_child_is_allowed(key: str) -> None:
    """Each child the helper nests under this element is allowed here (quirks aside)."""
    spec = our_spec(key)
    ours = {SPECS[child.name].tag for child in spec.children}
    for child_key in ENTRIES[key]["child_keys"]:
        if (key, child_key.split("@")[0]) in HELPER_QUIRKS:
            assert ENTRIES[child_key]["tag"] not in ours
            continue
        assert ENTRIES[child_key]["tag"] in ours, f"<{spec.tag}> does not allow <{ENTRIES[child_key]['tag']}>"


@pytest.mark.parametrize("key", sorted(ENTRIES))
def test_text_rule_matches(key: str) -> None:
    """Elements the helper gives text take text here too."""
    spec = our_spec(key)
    if ENTRIES[key]["text"]:
        assert spec.text is not Text.NONE
    else:
        assert spec.text is Text.NONE


@pytest.mark.parametrize("key", sorted(ENTRIES))
def test_keywords_match_the_helpers_snake_case(key: str) -> None:
    """Our keyword for each attribute is the helper's, where the helper uses snake_case."""
    spec = our_spec(key)
    by_xml = {attr.xml: attr.name for attr in spec.attributes}
    for keyword, xml in ENTRIES[key]["attribute_map"].items():
        if re.search("[A-Z]", keyword):
            continue  # the helper's few camelCase keywords are quirks, not names to copy
        assert by_xml[xml] == keyword


def test_python_name_rules() -> None:
    """XML names map to keywords mechanically."""
    assert python_name("hangupOnStar") == "hangup_on_star"
    assert python_name("machineDetectionSpeechEndThreshold") == "machine_detection_speech_end_threshold"
    assert python_name("from") == "from_"
    assert python_name("for") == "for_"
    assert python_name("interpret-as") == "interpret_as"
    assert python_name("xml:lang") == "xml_lang"


def test_dial_nouns_and_gather_children() -> None:
    """The nesting facts of DESIGN §2 hold."""
    assert {child.name for child in SPECS["Gather"].children} == {"Say", "Play", "Pause"}
    assert {child.name for child in SPECS["Dial"].children} == {
        "Number",
        "Client",
        "Conference",
        "Queue",
        "Sip",
        "Sim",
        "Application",
        "WhatsApp",
    }


def test_each_attribute_is_stated_once_per_element() -> None:
    """No element lists an XML attribute twice."""
    for spec in SPECS.values():
        names = [attr.xml for attr in spec.attributes]
        assert len(names) == len(set(names)), spec.name


def test_children_name_known_elements() -> None:
    """Every child names an element in the vocabulary."""
    for spec in SPECS.values():
        for child in spec.children:
            assert child.name in SPECS, f"{spec.name} allows unknown {child.name}"
