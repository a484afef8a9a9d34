"""The command line: ``twimlkit demo`` / ``python -m twimlkit demo``."""

from __future__ import annotations

import subprocess
import sys

import pytest
from lxml import etree

from twimlkit import VoiceResponse
from twimlkit._cli import demo_document, main


def test_demo_prints_the_validated_document_and_lint(capsys: pytest.CaptureFixture[str]) -> None:
    """demo prints the radio DJ document, pretty, then its lint report."""
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    xml, _, report = out.partition("\n\n")
    assert xml == demo_document().to_xml(pretty=True)
    assert report.strip() == "lint: no warnings"


def test_demo_document_is_the_radio_flow() -> None:
    """Dial hangupOnStar around the callers' Queue, then a Redirect to take the next caller."""
    tree = etree.fromstring(demo_document().to_bytes())
    dial, redirect = list(tree)
    assert dial.tag == "Dial"
    assert dial.get("hangupOnStar") == "true"
    assert [child.tag for child in dial] == ["Queue"]
    assert dial[0].text == "radio-callin-queue"
    assert redirect.tag == "Redirect"
    assert (redirect.text or "").startswith("https://")
    assert isinstance(demo_document(), VoiceResponse)


def test_python_dash_m_runs_the_demo() -> None:
    """python -m twimlkit demo works from a shell."""
    result = subprocess.run(
        [sys.executable, "-m", "twimlkit", "demo"], capture_output=True, text=True, check=False, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "<Queue>radio-callin-queue</Queue>" in result.stdout
    assert result.stderr == ""


@pytest.mark.parametrize("argv", [[], ["no-such-command"]])
def test_usage_errors_exit_non_zero_without_traceback(argv: list[str]) -> None:
    """A missing or unknown command is a one-line usage error, exit status 2."""
    result = subprocess.run(
        [sys.executable, "-m", "twimlkit", *argv], capture_output=True, text=True, check=False, timeout=60
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "usage: twimlkit" in result.stderr


def test_help(capsys: pytest.CaptureFixture[str]) -> None:
    """--help lists the demo command."""
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    assert "demo" in capsys.readouterr().out
