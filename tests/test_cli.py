"""The command line: ``twimlkit validate | fmt | to-python | demo`` (also ``python -m twimlkit``)."""

from __future__ import annotations

import io
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from tests._scripts import ROOT
from tests.test_corpus import REJECTED
from twimlkit import Hangup, Say, VoiceResponse, parse
from twimlkit._cli import demo_document, main
from twimlkit._python import python_source
from twimlkit.tokens import AccessToken, CapabilityToken, decode


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


# -- validate / fmt / to-python ------------------------------------------------------------------

CORPUS = ROOT / "tests" / "data" / "corpus" / "api-snippets"
VALID = sorted(path for path in CORPUS.iterdir() if path.suffix in (".twiml", ".xml") and path.name not in REJECTED)
BAD = '<Response>\n<Say loop="-1">Hi</Say>\n<Dial timeout="0">+15558675310</Dial>\n</Response>\n'


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_validate_valid_files_exits_0_silently(capsys: pytest.CaptureFixture[str]) -> None:
    files = [str(path) for path in VALID[:5]]
    assert main(["validate", *files]) == 0
    assert capsys.readouterr().out == ""


def test_validate_prints_one_line_per_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = write(tmp_path, "bad.xml", BAD)
    good = str(VALID[0])
    assert main(["validate", good, bad]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"{bad}:2: Response/Say[0]@loop: loop='-1' is not allowed: got -1; expected an integer of at least 0 [13510]",
        f"{bad}:3: Response/Dial[1]@timeout: timeout='0' is not allowed: got 0; "
        "expected an integer from 5 to 600 [13212]",
    ]


def test_validate_reads_standard_input(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"<Response><Dial><Phone/></Dial></Response>")))
    assert main(["validate", "-"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("<stdin>:1: Response/Dial[0]/Phone[0]: <Phone> is not a TwiML element")
    assert out.rstrip().endswith("[12200]")


def test_validate_lenient_keeps_unknown_elements(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = write(tmp_path, "future.xml", "<Response><Dial><Phone/></Dial></Response>")
    warning = (
        f"{doc}:1: Response/Dial[0]/Phone[0]: warning: <Phone> is not a TwiML element twimlkit knows "
        "(<Dial> allows <Number>, <Client>, <Conference>, <Queue>, <Sip>, <Sim>, <Application>, <WhatsApp>); "
        "kept unvalidated [12200] [not-twiml]"
    )
    assert main(["validate", "--lenient", doc]) == 0
    assert capsys.readouterr().out.splitlines() == [warning]
    assert main(["validate", "--lenient", "--lint", doc]) == 0
    assert capsys.readouterr().out.splitlines() == [warning]


def test_lenient_commands_read_what_strict_refuses(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = write(tmp_path, "bad.xml", '<Response>\n<Dial timeout="0">+15558675310</Dial>\n<Say>hi</Say>\n</Response>\n')
    assert main(["validate", doc]) == 1
    capsys.readouterr()
    assert main(["validate", "--lenient", "--json", doc]) == 0
    report = json.loads(capsys.readouterr().out)
    (warning,) = report["files"][0]["warnings"]
    assert (warning["line"], warning["path"], warning["code"], warning["rule"]) == (
        2,
        "Response/Dial[0]@timeout",
        13212,
        "invalid",
    )
    assert main(["fmt", "--lenient", doc]) == 0
    captured = capsys.readouterr()
    assert captured.out == (
        '<?xml version="1.0" encoding="UTF-8"?>\n<Response>\n  <Dial timeout="0">+15558675310</Dial>\n'
        "  <Say>hi</Say>\n</Response>\n"
    )
    assert f"{doc}:2: Response/Dial[0]@timeout: warning:" in captured.err
    assert main(["to-python", "--lenient", doc]) == 0
    captured = capsys.readouterr()
    assert 'Element("Dial", "+15558675310", timeout="0")' in captured.out
    assert "[13212] [invalid]" in captured.err


def test_validate_lint_warnings_carry_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = write(tmp_path, "late.xml", "<Response>\n  <Hangup/>\n  <Say>bye</Say>\n</Response>\n")
    assert main(["validate", "--lint", doc]) == 0  # warnings do not fail validation
    (line,) = capsys.readouterr().out.splitlines()
    assert line.startswith(f"{doc}:3: Response/Say[1]: warning: <Say> can never run")
    assert line.endswith("[unreachable]")


def test_validate_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = write(tmp_path, "bad.xml", BAD)
    late = write(tmp_path, "late.xml", "<Response><Hangup/><Say>bye</Say></Response>")
    assert main(["validate", "--json", "--lint", bad, late]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["valid"] is False
    first, second = report["files"]
    assert first["file"] == bad
    assert first["valid"] is False
    assert [(e["line"], e["path"], e["code"]) for e in first["errors"]] == [
        (2, "Response/Say[0]@loop", 13510),
        (3, "Response/Dial[1]@timeout", 13212),
    ]
    assert second["valid"] is True
    assert second["errors"] == []
    assert [(w["line"], w["path"], w["rule"]) for w in second["warnings"]] == [(1, "Response/Say[1]", "unreachable")]


def test_validate_lint_reports_warnings_beside_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    both = write(
        tmp_path, "both.xml", '<Response>\n<Dial timeout="0">+15558675310</Dial>\n<Hangup/><Say>x</Say></Response>'
    )
    assert main(["validate", "--json", "--lint", both]) == 1
    (entry,) = json.loads(capsys.readouterr().out)["files"]
    assert [(e["path"], e["code"]) for e in entry["errors"]] == [("Response/Dial[0]@timeout", 13212)]
    # The error is not repeated as a warning, nor the element it kept unvalidated.
    assert [(w["line"], w["path"], w["rule"]) for w in entry["warnings"]] == [(3, "Response/Say[2]", "unreachable")]
    assert main(["validate", "--lint", both]) == 1
    assert "[unreachable]" in capsys.readouterr().out
    malformed = write(tmp_path, "malformed.xml", "<Response><Say>x</Response>")
    assert main(["validate", "--json", "--lint", malformed]) == 1
    assert json.loads(capsys.readouterr().out)["files"][0]["warnings"] == []


def test_malformed_xml_is_a_problem_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = write(tmp_path, "broken.xml", "<Response>\n<Say>hi</Response>")
    assert main(["validate", doc]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"{doc}:2: not well-formed XML")
    assert out.rstrip().endswith("[12100]")


@pytest.mark.parametrize("command", ["validate", "fmt", "to-python"])
def test_missing_file_is_one_line_exit_2(command: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "twimlkit", command, "no/such/file.xml"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr == "twimlkit: error: cannot read 'no/such/file.xml': No such file or directory\n"


@pytest.mark.parametrize("command", ["validate", "fmt", "to-python", "demo"])
def test_every_command_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    assert exit_info.value.code == 0
    assert f"usage: twimlkit {command}" in capsys.readouterr().out


def test_fmt_prints_the_canonical_pretty_form(capsys: pytest.CaptureFixture[str]) -> None:
    path = CORPUS / "twiml__voice__dial__dial-3__dial-3.twiml"
    assert main(["fmt", str(path)]) == 0
    assert capsys.readouterr().out == parse(path.read_bytes()).to_xml(pretty=True) + "\n"


@pytest.mark.parametrize("path", VALID, ids=lambda path: path.name)
def test_fmt_is_stable_and_check_agrees(path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fmt", str(path)]) == 0
    once = capsys.readouterr().out
    formatted = write(tmp_path, "formatted.xml", once)
    assert main(["fmt", formatted]) == 0
    assert capsys.readouterr().out == once
    assert main(["fmt", "--check", formatted]) == 0
    assert capsys.readouterr().out == ""
    assert parse(once) == parse(path.read_bytes())


def test_fmt_check_lists_files_that_would_change(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    messy = write(tmp_path, "messy.xml", "<Response><Say>hi</Say>   <Hangup/></Response>")
    assert main(["fmt", "--check", messy]) == 1
    assert capsys.readouterr().out == f"would reformat {messy}\n"
    assert Path(messy).read_text() == "<Response><Say>hi</Say>   <Hangup/></Response>"


def test_fmt_check_holds_one_attribute_order(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Two spellings of one document: only the vocabulary's attribute order is canonical.
    body = "  <Dial {}>\n    <Queue>q</Queue>\n  </Dial>\n"
    canonical = '<?xml version="1.0" encoding="UTF-8"?>\n<Response>\n' + body.format('hangupOnStar="true" timeout="5"')
    swapped = '<?xml version="1.0" encoding="UTF-8"?>\n<Response>\n' + body.format('timeout="5" hangupOnStar="true"')
    kept = write(tmp_path, "kept.xml", canonical + "</Response>\n")
    changed = write(tmp_path, "changed.xml", swapped + "</Response>\n")
    assert main(["fmt", "--check", kept, changed]) == 1
    assert capsys.readouterr().out == f"would reformat {changed}\n"
    assert main(["fmt", changed]) == 0
    assert capsys.readouterr().out == Path(kept).read_text()


def test_fmt_refuses_processing_instructions_unless_lenient(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # fmt --help: "processing instructions (<?...?>) anywhere are refused, or with --lenient
    # dropped with a warning" -- never dropped silently.
    text = '<?xml-stylesheet type="text/xsl" href="x"?>\n<Response><Hangup/></Response>\n'
    path = write(tmp_path, "styled.xml", text)
    assert main(["fmt", "--write", path]) == 1
    assert "processing instruction" in capsys.readouterr().err
    assert Path(path).read_text() == text
    assert main(["fmt", "--lenient", "--write", path]) == 0
    assert "it is not kept" in capsys.readouterr().err
    assert Path(path).read_text() == VoiceResponse(Hangup()).to_xml(pretty=True) + "\n"


def test_fmt_write_rewrites_in_place(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    messy = write(tmp_path, "messy.xml", "<Response><Say>hi</Say>   <Hangup/></Response>")
    assert main(["fmt", "--write", messy]) == 0
    assert Path(messy).read_text() == VoiceResponse(Say("hi"), Hangup()).to_xml(pretty=True) + "\n"
    assert main(["fmt", "--check", messy]) == 0


def test_fmt_write_refuses_standard_input(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fmt", "--write", "-"]) == 2
    assert "standard input" in capsys.readouterr().err


def test_fmt_of_an_invalid_file_reports_and_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = write(tmp_path, "bad.xml", BAD)
    assert main(["fmt", bad]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"{bad}:2: Response/Say[0]@loop:")


@pytest.mark.parametrize("path", VALID, ids=lambda path: path.name)
def test_to_python_builds_the_parsed_tree(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["to-python", str(path)]) == 0
    source = capsys.readouterr().out
    namespace: dict[str, object] = {}
    exec(compile(source, str(path), "exec"), namespace)
    assert namespace["response"] == parse(path.read_bytes())


def test_to_python_keeps_unknown_elements_when_lenient(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = write(
        tmp_path, "future.xml", '<Response><Future a-b="1" class="x" mode="on"><Say>hi</Say></Future></Response>'
    )
    assert main(["to-python", "--lenient", "--name", "doc", doc]) == 0
    source = capsys.readouterr().out
    assert source == (
        "from twimlkit import Element, Say, VoiceResponse\n\n"
        'doc = VoiceResponse(Element("Future", Say("hi"), mode="on", **{"a-b": "1", "class": "x"}))\n'
    )
    namespace: dict[str, object] = {}
    exec(source, namespace)
    assert namespace["doc"] == parse(Path(doc).read_bytes(), strict=False)


def test_to_python_source_is_readable() -> None:
    source = python_source(demo_document())
    assert source == (
        "from twimlkit import Dial, Queue, Redirect, VoiceResponse\n\n"
        "response = VoiceResponse(\n"
        '    Dial(Queue("radio-callin-queue"), hangup_on_star=True),\n'
        '    Redirect("https://example.com/radio/next-caller", method="GET"),\n'
        ")\n"
    )


def test_python_dash_m_validates_standard_input() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "twimlkit", "validate", "-"],
        input=BAD,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stdout.splitlines()[0].startswith("<stdin>:2: Response/Say[0]@loop:")
    assert result.stderr == ""


# -- token ---------------------------------------------------------------------------------------

ACCOUNT = "AC" + "a1" * 16
APP = "AP" + "b2" * 16
API_KEY = "SK" + "c3" * 16
AUTH_TOKEN = "auth-token-0123456789abcdef-0001"  # 32 characters, distinctive
KEY_SECRET = "api-key-secret-0123456789abcd-02"


@pytest.fixture
def secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", AUTH_TOKEN)
    monkeypatch.setenv("TWILIO_API_KEY_SECRET", KEY_SECRET)


def test_token_capability_prints_a_token_decode_reads_back(
    secrets: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["token", "capability", "--account-sid", ACCOUNT, "--incoming", "dj", "--outgoing", APP]
    assert main([*argv, "--param", "show=radio", "--ttl", "600"]) == 0
    token = capsys.readouterr().out.strip()
    claims = decode(token, AUTH_TOKEN)
    assert claims.scopes == (
        "scope:client:incoming?clientName=dj",
        f"scope:client:outgoing?appParams=show%3Dradio&appSid={APP}&clientName=dj",
    )
    assert claims["exp"] - claims["nbf"] == 600
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(token.encode() + b"\n")))
    assert main(["token", "decode"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["kind"] == "capability"
    assert report["claims"]["iss"] == ACCOUNT
    assert AUTH_TOKEN not in json.dumps(report)


def test_token_access_prints_a_voice_sdk_token(secrets: None, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["token", "access", "--account-sid", ACCOUNT, "--api-key", API_KEY, "--identity", "dj"]
    assert main([*argv, "--outgoing", APP, "--incoming", "--region", "ie1"]) == 0
    claims = decode(capsys.readouterr().out.strip(), KEY_SECRET)
    assert claims.kind == "access"
    assert claims.identity == "dj"
    assert claims.grants == {"voice": {"incoming": {"allow": True}, "outgoing": {"application_sid": APP}}}
    assert claims.header["twr"] == "ie1"


def test_token_secret_comes_only_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("TWILIO_AUTH_TOKEN", raising=False)
    assert main(["token", "capability", "--account-sid", ACCOUNT, "--incoming", "dj"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("twimlkit: error: set the auth token in the environment variable TWILIO_AUTH_TOKEN")
    with pytest.raises(SystemExit):
        main(["token", "capability", "--account-sid", ACCOUNT, "--auth-token", AUTH_TOKEN])
    assert "unrecognized arguments" in capsys.readouterr().err


def test_token_errors_are_one_line_without_the_secret(secrets: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["token", "capability", "--account-sid", "AC123", "--incoming", "dj"]) == 1
    err = capsys.readouterr().err
    assert err == "twimlkit: account_sid must be an Account SID (AC followed by 32 hex digits), got 'AC123'\n"
    assert main(["token", "capability", "--account-sid", ACCOUNT, "--param", "a=b"]) == 2
    assert "--param goes with --outgoing" in capsys.readouterr().err


def test_token_decode_refuses_a_token_signed_with_another_key(
    secrets: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    token = CapabilityToken(ACCOUNT, KEY_SECRET).allow_client_incoming("dj").to_jwt()
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(token.encode())))
    assert main(["token", "decode"]) == 1
    err = capsys.readouterr().err
    assert err == "twimlkit: the signature does not match: a wrong key, or a changed token\n"
    assert AUTH_TOKEN not in err
    assert KEY_SECRET not in err


def test_token_decode_with_another_key_variable(
    secrets: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    token = AccessToken(ACCOUNT, API_KEY, KEY_SECRET, identity="dj").to_jwt()
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(token.encode())))
    assert main(["token", "decode", "--key-env", "TWILIO_API_KEY_SECRET"]) == 0
    assert json.loads(capsys.readouterr().out)["claims"]["grants"] == {"identity": "dj"}


@pytest.mark.parametrize("argv", [["token"], ["token", "capability"], ["token", "access"], ["token", "decode"]])
def test_token_commands_have_help(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([*argv, "--help"])
    assert exit_info.value.code == 0
    assert f"usage: twimlkit {' '.join(argv)}" in capsys.readouterr().out


# -- files that cannot be read or written -----------------------------------------------------


def test_an_unreadable_file_does_not_stop_the_others(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = write(tmp_path, "bad.xml", BAD)
    missing = str(tmp_path / "missing.xml")
    assert main(["validate", missing, bad]) == 2
    captured = capsys.readouterr()
    assert captured.err == f"twimlkit: error: cannot read {missing!r}: No such file or directory\n"
    assert captured.out.startswith(f"{bad}:2: Response/Say[0]@loop:")
    assert main(["validate", "--json", missing, str(VALID[0])]) == 2
    report = json.loads(capsys.readouterr().out)
    assert [(entry["valid"], entry.get("unreadable", False)) for entry in report["files"]] == [
        (False, True),
        (True, False),
    ]


def test_endless_input_is_read_only_up_to_the_limit() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "twimlkit", "validate", "/dev/zero"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert "Twilio reads at most 65,536" in result.stdout


def test_standard_input_can_be_named_once(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "-", "-"]) == 2
    assert "once" in capsys.readouterr().err


def test_fmt_refuses_a_pretty_form_over_the_size_limit_and_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    big = write(tmp_path, "big.xml", "<Response>" + "<Pause/>" * 7500 + "</Response>")
    good = str(VALID[0])
    assert main(["fmt", big, good]) == 1
    captured = capsys.readouterr()
    assert captured.err.startswith(f"{big}: Response: formatted, the document is ")
    assert captured.err.rstrip().endswith("[11750]")
    assert captured.out == parse(Path(good).read_bytes()).to_xml(pretty=True) + "\n"


def test_fmt_write_failure_is_one_line_and_leaves_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    messy = write(tmp_path, "messy.xml", "<Response><Say>hi</Say>   <Hangup/></Response>")

    def refuse(source: str, target: str) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("os.replace", refuse)
    assert main(["fmt", "--write", messy]) == 2
    assert capsys.readouterr().err == f"twimlkit: error: cannot write {messy!r}: Permission denied\n"
    assert Path(messy).read_text() == "<Response><Say>hi</Say>   <Hangup/></Response>"
    assert [path.name for path in tmp_path.iterdir()] == ["messy.xml"]  # no temporary file left


def test_a_full_output_is_one_line_not_a_traceback() -> None:
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "twimlkit", "fmt", str(VALID[0])],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            check=False,
        )
    assert result.returncode == 2
    assert result.stderr.startswith("twimlkit: error: cannot write the output")
    assert "Traceback" not in result.stderr


def test_to_python_name_must_be_a_variable(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["to-python", "--name", "class", str(VALID[0])]) == 2
    assert "--name must be a Python variable name" in capsys.readouterr().err


def test_lint_lines_use_the_same_reading_as_validation(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "declared.xml"
    path.write_bytes(b'<?xml version="1.0" encoding="UTF-16"?>\n<Response>\n<Hangup/>\n<Say>x</Say>\n</Response>')
    assert main(["validate", "--lint", str(path)]) == 0
    assert capsys.readouterr().out.startswith(f"{path}:4: Response/Say[1]: warning:")


def test_token_needs_an_account_sid(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", AUTH_TOKEN)
    monkeypatch.delenv("TWILIO_ACCOUNT_SID", raising=False)
    assert main(["token", "capability", "--incoming", "dj"]) == 2
    assert capsys.readouterr().err == "twimlkit: error: --account-sid is required (or set TWILIO_ACCOUNT_SID)\n"


def test_token_decode_reads_a_bounded_amount(secrets: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"x" * 10_000_000)))
    assert main(["token", "decode"]) == 1


def test_fmt_write_follows_a_symbolic_link(tmp_path: Path) -> None:
    target = tmp_path / "a.xml"
    target.write_text("<Response><Say>hi</Say>   <Hangup/></Response>")
    link = tmp_path / "link.xml"
    link.symlink_to(target)
    assert main(["fmt", "--write", str(link)]) == 0
    assert link.is_symlink()
    assert target.read_text() == VoiceResponse(Say("hi"), Hangup()).to_xml(pretty=True) + "\n"


def test_fmt_write_failure_does_not_stop_the_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    first = write(tmp_path, "a.xml", "<Response><Hangup/>  </Response>")
    second = write(tmp_path, "b.xml", "<Response><Say>hi</Say>  </Response>")
    real = os.replace

    def refuse_first(source: str, target: str) -> None:
        if target.endswith("a.xml"):
            raise PermissionError(13, "Permission denied")
        real(source, target)

    monkeypatch.setattr("os.replace", refuse_first)
    assert main(["fmt", "--write", first, second]) == 2
    assert "cannot write" in capsys.readouterr().err
    assert Path(second).read_text() == VoiceResponse(Say("hi")).to_xml(pretty=True) + "\n"


def test_an_oversized_file_says_more_than_the_limit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    big = write(tmp_path, "big.xml", "<Response><Say>" + "a" * 72_000 + "</Say></Response>")
    assert main(["validate", big]) == 1
    assert capsys.readouterr().out == (
        f"{big}: the document is more than 65,536 bytes; Twilio reads at most 65,536 [11750]\n"
    )


@pytest.mark.parametrize(
    "text",
    [
        '<Response foo="1">text<Play>a.mp3</Play></Response>',
        "<Response><Message>hi</Message><Say>x</Say></Response>",
    ],
)
def test_to_python_refuses_documents_no_constructor_builds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str
) -> None:
    doc = write(tmp_path, "odd.xml", text)
    assert main(["to-python", "--lenient", doc]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "no Python builds this document: its constructors refuse" in captured.err
    assert "warning:" in captured.err


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file names are bytes")
@pytest.mark.parametrize(("extra", "status"), [([], 1), (["--lint"], 1), (["--lenient"], 0)])
def test_a_file_name_that_is_not_utf8_is_printed_as_given(tmp_path: Path, extra: list[str], status: int) -> None:
    """Problems (or, lenient, warnings) in a file whose name is not UTF-8 print one line
    each, the name as its bytes: no traceback."""
    name = os.fsdecode(b"bad-\xff.xml")
    document = '<Response><Dial timeout="0">+15551234567</Dial><Foo/></Response>'
    (tmp_path / name).write_text(document, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "twimlkit", "validate", *extra, name],
        capture_output=True,
        cwd=tmp_path,
        check=False,
        timeout=60,
        env={**os.environ, "LC_ALL": "C"},
    )
    assert b"Traceback" not in result.stderr, result.stderr
    assert result.returncode == status
    lines = result.stdout.splitlines()
    assert lines
    assert all(line.startswith(b"bad-\xff.xml:1: ") for line in lines)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_nothing_writes_to_is_refused_not_waited_on(tmp_path: Path) -> None:
    """validate on a FIFO without a writer says so and exits 2, instead of blocking."""
    fifo = tmp_path / "pipe.xml"
    os.mkfifo(fifo)
    result = subprocess.run(
        [sys.executable, "-m", "twimlkit", "validate", str(fifo)],
        capture_output=True,
        text=True,
        check=False,
        timeout=30,
    )
    assert result.returncode == 2
    assert "named pipe that nothing writes to" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_pipe_with_a_writer_is_read(tmp_path: Path) -> None:
    """What a shell's <(...) gives: a pipe whose writer is there is read as a file."""
    result = subprocess.run(
        ["bash", "-c", f"{sys.executable} -m twimlkit validate <(printf '<Response><Hangup/></Response>')"],
        capture_output=True,
        text=True,
        check=False,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr


MESSY = "<Response><Say>hi</Say>   <Hangup/></Response>"
TIDY = VoiceResponse(Say("hi"), Hangup()).to_xml(pretty=True) + "\n"


def test_fmt_write_refuses_a_read_only_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A file nobody may write is left alone: one error line, exit 2 (even for root)."""
    path = tmp_path / "locked.xml"
    path.write_text(MESSY)
    path.chmod(0o444)
    assert main(["fmt", "--write", str(path)]) == 2
    assert capsys.readouterr().err == f"twimlkit: error: cannot write {str(path)!r}: it is read-only (mode 0444)\n"
    assert path.read_text() == MESSY


def test_fmt_write_keeps_hard_links(tmp_path: Path) -> None:
    """Every name of a file with hard links sees the formatted file: it is written in place."""
    first = tmp_path / "a.xml"
    first.write_text(MESSY)
    second = tmp_path / "b.xml"
    os.link(first, second)
    assert main(["fmt", "--write", str(first)]) == 0
    assert first.read_text() == second.read_text() == TIDY
    assert first.stat().st_nlink == 2
    assert first.stat().st_ino == second.stat().st_ino


def test_fmt_write_keeps_the_mode(tmp_path: Path) -> None:
    path = tmp_path / "a.xml"
    path.write_text(MESSY)
    path.chmod(0o640)
    assert main(["fmt", "--write", str(path)]) == 0
    assert path.read_text() == TIDY
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="giving a file away takes root")
def test_fmt_write_keeps_the_owner(tmp_path: Path) -> None:
    """Run by root on another user's file, the file stays that user's."""
    import pwd

    nobody = pwd.getpwnam("nobody")
    path = tmp_path / "theirs.xml"
    path.write_text(MESSY)
    os.chown(path, nobody.pw_uid, nobody.pw_gid)
    assert main(["fmt", "--write", str(path)]) == 0
    assert path.read_text() == TIDY
    assert (path.stat().st_uid, path.stat().st_gid) == (nobody.pw_uid, nobody.pw_gid)


def test_token_decode_with_a_short_key_prints_one_line(tmp_path: Path) -> None:
    """A key under PyJWT's recommended length gives the one-line outcome, not its warning too."""
    import jwt

    token = jwt.encode({"iss": "x", "exp": 4_000_000_000}, "another-key-of-thirty-two-bytes!", algorithm="HS256")
    result = subprocess.run(
        [sys.executable, "-m", "twimlkit", "token", "decode"],
        input=token,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
        env={**os.environ, "TWILIO_AUTH_TOKEN": "short"},
    )
    assert result.returncode == 1
    assert result.stderr.splitlines() == ["twimlkit: the signature does not match: a wrong key, or a changed token"]
