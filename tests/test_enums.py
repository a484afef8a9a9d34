"""Every value of Twilio's generated TwiML model is accepted where its element may stand.

``tests/data/twilio-enums.json`` is a copy of ``../shared/reference/twilio-enums.json``: the
closed value sets (``StringEnum``s) of twilio-csharp ``src/Twilio/TwiML`` (MIT), which Twilio
generates from its own TwiML specification, by XML tag and XML attribute name. A value there is
one Twilio accepts, so each one must build through the constructor and read through ``parse``
of a minimal document that places the element under a valid parent, and both must agree.
"""

from __future__ import annotations

import json
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pytest

import twimlkit
import twimlkit.ssml
from tests._scripts import ROOT
from twimlkit import Node, ValidationError, parse
from twimlkit._vocabulary import SPECS

ENUMS = json.loads((ROOT / "tests" / "data" / "twilio-enums.json").read_text(encoding="utf-8"))["elements"]

#: How many values the model holds (the reference's README says so too).
VALUE_COUNT = 1355

#: For each tag: the text it needs and the parents that hold it, innermost first (class names).
#: Each parent is built with what it needs to stand: the keywords and text given here.
PLACES: dict[str, tuple[str | None, tuple[str, ...]]] = {
    "Application": ("AP" + "0" * 32, ("Dial",)),
    "Client": ("alice", ("Dial",)),
    "Conference": ("room", ("Dial",)),
    "Conversation": (None, ("Connect",)),
    "Dial": ("+15558675310", ()),
    "Gather": (None, ()),
    "Number": ("+15558675310", ("Dial",)),
    "Pay": (None, ()),
    "Prompt": (None, ("Pay",)),
    "Record": (None, ()),
    "Recording": (None, ("Start",)),
    "Reject": (None, ()),
    "Say": ("Hello", ()),
    "Sip": ("sip:alice@example.com", ("Dial",)),
    "Siprec": (None, ("Start",)),
    "Stream": (None, ("Start",)),
    "Transcription": (None, ("Start",)),
    "WhatsApp": ("+15558675310", ("Dial",)),
    "break": (None, ("Say",)),
    "emphasis": ("words", ("Say",)),
    "phoneme": ("tomato", ("Say",)),
    "say-as": ("12/31", ("Say",)),
}

#: Keywords given beside the enum value, so that the element is one a user would write.
EXTRA: dict[str, dict[str, object]] = {"Stream": {"url": "wss://example.com/audio"}}


def _spec_name(tag: str) -> str:
    (name,) = {spec.name for spec in SPECS.values() if spec.tag == tag and spec.domain != "messaging"}
    return name


def _class(name: str) -> Any:
    spec = SPECS[name]
    return getattr(twimlkit.ssml if spec.domain == "ssml" else twimlkit, name)


CASES = [
    pytest.param(tag, attribute, values, id=f"{tag}@{attribute}")
    for tag, entry in ENUMS.items()
    for attribute, values in entry["attributes"].items()
]


def _build(tag: str, attribute: str, value: str) -> twimlkit.VoiceResponse:
    """The document the constructors build, the element holding ``attribute=value``."""
    name = _spec_name(tag)
    spec = SPECS[name]
    attr = next(attr for attr in spec.attributes if attr.xml == attribute)
    text, parents = PLACES[tag]
    node: Node = _class(name)(*(() if text is None else (text,)), **EXTRA.get(tag, {}), **{attr.name: value})
    for parent in parents:
        node = _class(parent)(node)
    return twimlkit.VoiceResponse(node)  # type: ignore[arg-type]


def _xml(tag: str, attribute: str, value: str) -> str:
    """The same document written by hand, as Twilio's documentation would write it."""
    text, parents = PLACES[tag]
    extra = "".join(f" {key}={quoteattr(str(v))}" for key, v in EXTRA.get(tag, {}).items())
    inner = f"<{tag}{extra} {attribute}={quoteattr(value)}"
    inner += "/>" if text is None else f">{escape(text)}</{tag}>"
    for parent in parents:
        parent_tag = SPECS[parent].tag
        inner = f"<{parent_tag}>{inner}</{parent_tag}>"
    return f"<Response>{inner}</Response>"


def test_the_model_is_all_there() -> None:
    """The copy holds all 1,355 values of the reference, and every tag has a place here."""
    assert sum(len(values) for _, _, values in (case.values for case in CASES)) == VALUE_COUNT
    assert set(ENUMS) == set(PLACES)


@pytest.mark.parametrize(("tag", "attribute", "values"), CASES)
def test_every_value_builds_and_reads(tag: str, attribute: str, values: list[str]) -> None:
    """Each value builds through the constructor and reads through parse, to equal trees."""
    refused = []
    for value in values:
        try:
            built = _build(tag, attribute, value)
            read = parse(_xml(tag, attribute, value))
        except (ValidationError, twimlkit.ParseError) as exc:
            refused.append(f"{value!r}: {exc}")
            continue
        assert read == built, value
    assert not refused, f"<{tag} {attribute}> refuses {len(refused)} of Twilio's values:\n" + "\n".join(refused)
