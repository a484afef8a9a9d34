"""twimlkit.testing: the twiml_snapshot fixture (syrupy), run in pytest sessions of their
own (pytester), and assert_twiml_equal."""

from __future__ import annotations

from pathlib import Path

import pytest

from twimlkit import Dial, Hangup, Queue, Say, VoiceResponse
from twimlkit.testing import assert_twiml_equal, canonical

pytest_plugins = ["pytester"]

DOC = VoiceResponse(Dial(Queue("radio-callin-queue"), hangup_on_star=True, timeout=20), Say("Next!"))
#: The same document as TwiML text, attributes in another order, other whitespace.
TEXT = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<Response>\n\n   <Dial timeout="20" hangupOnStar="true">'
    "<Queue>radio-callin-queue</Queue></Dial>\n<Say>Next!</Say></Response>"
)

TESTS = """
from twimlkit import Dial, Queue, Say, VoiceResponse

DOC = VoiceResponse(Dial(Queue("radio-callin-queue"), hangup_on_star=True, timeout=20), Say({said!r}))

def test_node(twiml_snapshot):
    assert DOC == twiml_snapshot

def test_text(twiml_snapshot):
    assert {text!r} == twiml_snapshot

def test_bytes(twiml_snapshot):
    assert {text!r}.encode() == twiml_snapshot
"""


def write_tests(pytester: pytest.Pytester, said: str = "Next!", text: str = TEXT) -> None:
    pytester.makepyfile(test_show=TESTS.format(said=said, text=text))


def snapshot_files(pytester: pytest.Pytester) -> dict[str, str]:
    folder = Path(pytester.path) / "__snapshots__" / "test_show"
    return {path.name: path.read_text() for path in sorted(folder.glob("*.xml"))}


def test_update_writes_one_readable_xml_file_per_snapshot(pytester: pytest.Pytester) -> None:
    write_tests(pytester)
    pytester.runpytest("--snapshot-update").assert_outcomes(passed=3)
    files = snapshot_files(pytester)
    assert sorted(files) == ["test_bytes.xml", "test_node.xml", "test_text.xml"]
    # A node, TwiML text and TwiML bytes of one document are the same file: the pretty TwiML.
    assert set(files.values()) == {DOC.to_xml(pretty=True) + "\n"}
    pytester.runpytest().assert_outcomes(passed=3)


def test_a_mismatch_fails_with_a_unified_diff_of_the_xml(pytester: pytest.Pytester) -> None:
    write_tests(pytester)
    pytester.runpytest("--snapshot-update").assert_outcomes(passed=3)
    write_tests(pytester, said="Next caller!")
    result = pytester.runpytest()
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(["*-  <Say>Next!</Say>*", "*+  <Say>Next caller!</Say>*"])
    assert snapshot_files(pytester)["test_node.xml"] == DOC.to_xml(pretty=True) + "\n"  # not rewritten


def test_a_file_that_lost_its_final_newline_says_so(pytester: pytest.Pytester) -> None:
    write_tests(pytester)
    pytester.runpytest("--snapshot-update").assert_outcomes(passed=3)
    stored = Path(pytester.path) / "__snapshots__" / "test_show" / "test_node.xml"
    stored.write_text(stored.read_text().rstrip("\n"))
    result = pytester.runpytest()
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(["*differs only in its line endings or final newline*"])


def test_a_star_import_needs_no_syrupy() -> None:
    import subprocess
    import sys

    code = "import sys; sys.modules['syrupy'] = None; from twimlkit.testing import *; print(assert_twiml_equal)"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    blocked = "import sys; sys.modules['syrupy'] = None; from twimlkit.testing import TwiMLSnapshotExtension"
    run = subprocess.run([sys.executable, "-c", blocked], capture_output=True, text=True, check=False)
    assert "pip install 'twimlkit[testing]'" in run.stderr


def test_unused_snapshots_are_reported(pytester: pytest.Pytester) -> None:
    write_tests(pytester)
    pytester.runpytest("--snapshot-update").assert_outcomes(passed=3)
    only_node = TESTS.format(said="Next!", text=TEXT).split("def test_text")[0]
    pytester.makepyfile(test_show=only_node)
    result = pytester.runpytest()
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["*2 snapshots unused*"])
    pytester.runpytest("--snapshot-update").assert_outcomes(passed=1)
    assert sorted(snapshot_files(pytester)) == ["test_node.xml"]  # the unused ones deleted


def test_the_fixture_is_there_without_any_conftest(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_fixture="""
        def test_fixture(request):
            assert "twiml_snapshot" in request.fixturenames or request.getfixturevalue("twiml_snapshot")
        """
    )
    pytester.runpytest().assert_outcomes(passed=1)


class TestAssertTwimlEqual:
    def test_equal_whatever_the_attribute_order_and_formatting(self) -> None:
        assert_twiml_equal(TEXT, DOC)
        assert_twiml_equal(TEXT.encode(), DOC.to_xml())
        assert canonical(TEXT) == canonical(DOC) == DOC.to_xml(pretty=True)

    def test_a_difference_is_a_unified_diff(self) -> None:
        with pytest.raises(AssertionError) as caught:
            assert_twiml_equal(VoiceResponse(Hangup()), DOC)
        message = str(caught.value)
        assert "the TwiML differs (- expected, + actual)" in message
        assert "-  <Say>Next!</Say>" in message
        assert "+  <Hangup/>" in message

    def test_pytest_shows_the_diff(self, pytester: pytest.Pytester) -> None:
        pytester.makepyfile(
            test_equal="""
            from twimlkit import Hangup, Pause, VoiceResponse
            from twimlkit.testing import assert_twiml_equal

            def test_differs():
                assert_twiml_equal(VoiceResponse(Pause()), VoiceResponse(Hangup()))
            """
        )
        result = pytester.runpytest()
        result.assert_outcomes(failed=1)
        result.stdout.fnmatch_lines(["*the TwiML differs*", "*-  <Hangup/>*", "*+  <Pause/>*"])

    def test_what_is_not_twiml_is_refused(self) -> None:
        with pytest.raises(TypeError, match="expected a twimlkit node, or TwiML as str or bytes"):
            canonical(42)  # type: ignore[arg-type]
