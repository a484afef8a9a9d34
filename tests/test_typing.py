"""Static types: mypy --strict accepts valid trees and rejects wrong children and keywords.

Each case is a small module checked by mypy's API against the installed package. The
valid module must produce no error at all; each invalid line must produce an error on
exactly that line.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from mypy import api

ROOT = Path(__file__).resolve().parent.parent

VALID = """
from typing import Literal

from twimlkit import Dial, Gather, Number, Queue, Redirect, Say, VoiceResponse, Element, Comment
from twimlkit.ssml import Break

doc = VoiceResponse(
    Dial(Queue("radio-callin-queue"), hangup_on_star=True, timeout=20),
    Dial("+15558675310", hangup_on_star=True),
    Dial(Number("+15558675310", status_callback_event=["initiated", "answered"])),
    Gather(Say("Press 1"), num_digits=3, input=["dtmf", "speech"]),
    Say("Hi ", Break(time="100ms"), "there", voice="Polly.Joanna"),
    Redirect("https://example.com/next", method="GET"),
    Redirect(),
    Redirect("https://example.com/next", Comment("the next step")),
    Element("Future", someAttr="x"),
    Comment("note"),
)
text: str = doc.to_xml(pretty=True)

# Reading and changing trees keeps the types.
dial = Dial(Queue("radio"), hangup_on_star=True)
star: bool | None = dial.hangup_on_star
limit: int | None = dial.time_limit
method: Literal["GET", "POST"] | None = Redirect("/next").method
longer: Dial = dial.replace(timeout=30)
other: Dial = dial.with_children(Number("+15558675310"))
says: list[Say] = doc.find_all(Say)
first: Say | None = doc.find(Say)
for say in doc.iter(Say):
    voice: str | None = say.voice
"""

INVALID = {
    "wrong child": 'Dial(Say("x"))',
    "unknown keyword": "Gather(num_digit=3)",
    "wrong value type": 'Dial("+15558675310", hangup_on_star="yes")',
    "value outside a closed set": 'Redirect("https://example.com", method="PUT")',
    "text where none is allowed": 'Gather("press 1")',
    "verb nested in a verb": "VoiceResponse(Number('+15558675310'))",
    "a second text for one value": 'Redirect("https://example.com/next", "POST")',
    "an element inside a value": 'Number("+15558675310", Queue("radio"))',
    "replace with an unknown keyword": "Dial().replace(hangup_onstar=True)",
    "replace with a wrong value type": 'Dial().replace(timeout="30")',
    "with_children with a wrong child": 'Dial().with_children(Say("x"))',
    "an attribute the element does not have": "Say().hangup_on_star",
    "setting an attribute": "Dial().timeout = 5",
    "an attribute read as the wrong type": "x: int = Say().voice",
}


def _mypy(source: str, tmp_path: Path) -> tuple[str, int]:
    module = tmp_path / "case.py"
    module.write_text(textwrap.dedent(source), encoding="utf-8")
    out, err, status = api.run(
        [
            "--strict",
            "--no-incremental",
            "--cache-dir",
            str(tmp_path / ".mypy_cache"),
            "--python-version",
            "3.11",
            str(module),
        ]
    )
    return out + err, status


def test_valid_trees_type_check(tmp_path: Path) -> None:
    """The documented forms are clean under mypy --strict."""
    output, status = _mypy(VALID, tmp_path)
    assert status == 0, output


def test_invalid_forms_are_type_errors(tmp_path: Path) -> None:
    """Each invalid construction is a mypy error on its own line."""
    header = "from twimlkit import Dial, Gather, Number, Queue, Redirect, Say, VoiceResponse\n"
    lines = list(INVALID.values())
    output, status = _mypy(header + "\n".join(lines) + "\n", tmp_path)
    assert status == 1, output
    for number, (name, line) in enumerate(INVALID.items(), start=2):
        assert f"case.py:{number}: error" in output, f"{name}: {line!r} is not a type error:\n{output}"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('Dial(Say("x"))', '"Say"'),
        ("Gather(num_digit=3)", 'Unexpected keyword argument "num_digit"'),
        ('Dial("+15558675310", hangup_on_star="yes")', '"hangup_on_star"'),
    ],
)
def test_error_names_the_problem(line: str, message: str, tmp_path: Path) -> None:
    """mypy's message points at the wrong child, keyword or value."""
    output, _ = _mypy(f"from twimlkit import Dial, Gather, Say\n{line}\n", tmp_path)
    assert message in output, output
