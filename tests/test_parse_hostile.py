"""parse() on hostile and broken input: each case is a clean ParseError, in bounded time and
memory. Each runs in a child process with its address space capped, so an entity expansion
or runaway recursion would fail the test instead of slowing the suite down."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from twimlkit import ParseError, parse

# Builds the input in the child, so the parent never holds it either.
CASES: dict[str, str] = {
    "billion laughs": """
        lol = '<!ENTITY lol0 "lol">' + ''.join(
            f'<!ENTITY lol{i} "{("&lol%d;" % (i - 1)) * 10}">' for i in range(1, 10))
        data = f'<?xml version="1.0"?><!DOCTYPE Response [{lol}]><Response><Say>&lol9;</Say></Response>'
    """,
    "quadratic blowup": """
        data = ('<!DOCTYPE Response [<!ENTITY a "' + 'x' * 20000 + '">]><Response><Say>'
                + '&a;' * 10000 + '</Say></Response>')
    """,
    "external entity": """
        data = ('<!DOCTYPE Response [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
                '<Response><Say>&xxe;</Say></Response>')
    """,
    "parameter entity": """
        data = ('<!DOCTYPE Response [<!ENTITY % p SYSTEM "http://127.0.0.1:9/evil.dtd"> %p;]>'
                '<Response/>')
    """,
    "network DTD": """
        data = '<!DOCTYPE Response SYSTEM "http://127.0.0.1:9/twiml.dtd"><Response/>'
    """,
    "nesting 100,000 deep": """
        data = '<Response>' + '<Say>' * 100_000 + '</Say>' * 100_000 + '</Response>'
    """,
    "nesting 9,000 deep within the size limit": """
        data = '<Response>' + '<a>' * 9_000 + '</a>' * 9_000 + '</Response>'
    """,
    "unclosed nesting": """
        data = '<Response>' + '<Say>' * 12_000
    """,
    "30 MB document": """
        data = b'<Response><Say>' + b'a' * (30 * 1024 * 1024) + b'</Say></Response>'
    """,
    "30 MB str": """
        data = '<Response><Say>' + '\u00e9' * (30 * 1024 * 1024) + '</Say></Response>'
    """,
    "bytes that are not UTF-8": """
        data = '<Response><Say>caf\u00e9</Say></Response>'.encode('latin-1')
    """,
    "declared Latin-1": """
        data = '<?xml version="1.0" encoding="ISO-8859-1"?><Response><Say>caf\u00e9</Say></Response>'.encode('latin-1')
    """,
    "UTF-16": """
        data = '<Response><Say>hi</Say></Response>'.encode('utf-16')
    """,
    "empty bytes": "data = b''",
    "empty str": "data = ''",
    "whitespace only": "data = '  \\n\\t '",
    "root is not Response": "data = '<Foo><Say>hi</Say></Foo>'",
    "root in the wrong case": "data = '<response><Say>hi</Say></response>'",
    "HTML": "data = '<html><body><h1>502 Bad Gateway</h1></body></html>'",
    "JSON": 'data = \'{"message": "ok"}\'',
    "plain text": "data = 'hello'",
    "truncated": "data = '<Response><Say>hi</Say><Dial>+1555'",
    "two roots": "data = '<Response/><Response/>'",
    "lone surrogate": "data = '<Response><Say>\\ud800</Say></Response>'",
    "control character": "data = '<Response><Say>\\x01</Say></Response>'",
    "xinclude": """
        data = ('<Response xmlns:xi="http://www.w3.org/2001/XInclude">'
                '<xi:include href="file:///etc/passwd" parse="text"/></Response>')
    """,
}

CHILD = """
import json, resource
resource.setrlimit(resource.RLIMIT_AS, (1536 * 1024 * 1024, 1536 * 1024 * 1024))
from twimlkit import ParseError, parse
{build}
try:
    parse(data)
except ParseError as error:
    print(json.dumps({{"line": error.line, "path": error.path, "code": error.code, "message": str(error),
                       "count": len(error.errors)}}))
else:
    print(json.dumps(None))
"""


@pytest.mark.parametrize("case", list(CASES))
def test_hostile_input_is_a_clean_parse_error(case: str) -> None:
    script = CHILD.format(build=textwrap.dedent(CASES[case]).strip())
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr  # no MemoryError, no traceback, no crash
    result = json.loads(done.stdout)
    assert result is not None, "parsed without complaint"
    assert result["code"] in (11750, 12100, 12102, 12200)
    assert result["message"]
    assert "Traceback" not in done.stderr
    assert "passwd" not in result["message"] or case == "xinclude"
    assert "root:" not in result["message"]  # /etc/passwd never read


def run(data: str | bytes) -> ParseError:
    with pytest.raises(ParseError) as info:
        parse(data)
    return info.value


def test_entities_are_never_expanded() -> None:
    error = run('<!DOCTYPE Response [<!ENTITY name "Joey">]><Response><Say>&name;</Say></Response>')
    assert "DTD" in error.reason
    assert error.code == 12100


def test_size_limit_is_twilios() -> None:
    error = run(b"<Response><Say>" + b"a" * 70_000 + b"</Say></Response>")
    assert error.code == 11750
    assert "65,536" in error.reason


def test_not_utf8_says_so_with_the_line() -> None:
    error = run("<Response>\n<Say>caf\u00e9</Say></Response>".encode("latin-1"))
    assert "UTF-8" in error.reason
    assert error.line == 2


def test_empty_input_says_so() -> None:
    for data in (b"", "", " \n "):
        assert "empty" in run(data).reason


def test_root_not_response_is_12102() -> None:
    error = run("<Foo/>")
    assert error.code == 12102
    assert "<Foo>" in error.reason
    assert "<Response>" in error.reason


def test_malformed_xml_reports_the_line() -> None:
    error = run("<Response>\n<Say>hi</Say>\n<Dial>+1555</Response>")
    assert error.code == 12100
    assert error.line == 3
    assert error.reason.startswith("not well-formed XML")


def test_deep_nesting_is_refused() -> None:
    error = run("<Response>" + "<a>" * 9000 + "</a>" * 9000 + "</Response>")
    assert error.code == 12100
    assert "nest deeper than 256 levels" in error.reason


def test_lone_surrogate_in_str_is_refused() -> None:
    error = run("<Response>\n<Say>\ud800</Say></Response>")
    assert error.line == 2
    assert "surrogate" in error.reason


def test_a_doctype_never_opens_a_local_file(tmp_path: Path) -> None:
    """A DOCTYPE naming a FIFO would block forever if anything opened it."""
    fifo = tmp_path / "dtd"
    os.mkfifo(fifo)
    script = (
        "from twimlkit import ParseError, parse\n"
        "try:\n"
        f"    parse('<!DOCTYPE Response SYSTEM \"{fifo}\"><Response/>')\n"
        "except ParseError as error:\n"
        "    print(error.reason)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert "DTD" in done.stdout


def test_existing_and_missing_dtd_files_get_the_same_answer() -> None:
    """The answer does not tell whether a file exists."""
    errors = [run(f'<!DOCTYPE Response SYSTEM "{name}"><Response/>').reason for name in ("/etc/passwd", "/nope/x")]
    assert errors[0] == errors[1]


@pytest.mark.parametrize(
    "tail",
    ["<Response><Hangup/></Response>", "trailing text", "</Response>", "<!-- ok --><Extra/>"],
)
def test_nothing_after_the_root_is_dropped_with_amazon_elements(tail: str) -> None:
    """Documents with Polly's undeclared amazon: prefix are read as strictly as any other."""
    say = '<Say voice="Polly.Joanna"><amazon:effect name="whispered">psst</amazon:effect></Say>'
    error = run(f"<Response>{say}</Response>{tail}")
    assert error.code == 12100


def test_a_document_that_writes_more_than_twilio_reads_is_refused() -> None:
    """Under 64 kB as read, but ``>`` is written ``&gt;``: what twimlkit would write is too big."""
    data = b"<Response>" + b"<Say>" + b">" * 3000 + b"</Say></Response>"
    assert len(parse(data).to_xml()) < 65_536
    data = b"<Response>" + (b"<Say>" + b">" * 3000 + b"</Say>") * 20 + b"</Response>"
    assert len(data) < 65_536
    error = run(data)
    assert error.code == 11750
    assert "65,536" in error.reason


@pytest.mark.parametrize("strict", [True, False])
def test_a_size_error_quotes_the_input_and_what_it_writes(strict: bool) -> None:
    """The input is within the limit, what twimlkit would write is not: the message says
    both sizes, and which is which."""
    data = "<Response>" + ("<Say>" + ">" * 3000 + "</Say>") * 20 + "</Response>"
    with pytest.raises(ParseError) as error:
        parse(data, strict=strict)
    (problem,) = error.value.errors
    assert problem.code == 11750
    assert f"the document is {len(data):,} bytes, but written as TwiML it is 240,279" in problem.reason


@pytest.mark.parametrize("strict", [True, False])
def test_placing_many_attribute_problems_is_linear(strict: bool) -> None:
    """An element with thousands of attribute problems is placed in one pass over its
    attributes, not one per problem (a 62 kB document once took a minute to refuse)."""
    from unittest import mock

    from twimlkit import _parse as parse_module

    count = 2000
    attributes = " ".join(f'a{i}=""' for i in range(count))
    if strict:
        data = f"<Response><Say {attributes}>x</Say></Response>"
    else:
        data = f"<Response {attributes}><Say>x</Say></Response>"
    real = parse_module._attribute_name
    calls = 0

    def counted(key: str) -> str:
        nonlocal calls
        calls += 1
        return real(key)

    with mock.patch.object(parse_module, "_attribute_name", counted):
        if strict:
            with pytest.raises(ParseError) as error:
                parse(data)
            problems = error.value.errors
        else:
            problems = tuple(parse(data, strict=False).lint())
    assert len(problems) == count
    assert [problem.path.rpartition("@")[2] for problem in problems] == [f"a{i}" for i in range(count)]
    assert calls <= 5 * count


@pytest.mark.parametrize(
    ("encoding", "named"),
    [
        ("utf-16", "UTF-16"),
        ("utf-16-le", "UTF-16"),
        ("utf-16-be", "UTF-16"),
        ("utf-32", "UTF-32"),
        ("utf-32-le", "UTF-32"),
        ("utf-32-be", "UTF-32"),
    ],
)
def test_a_wide_encoding_is_named_with_or_without_a_byte_order_mark(encoding: str, named: str) -> None:
    error = run("<Response><Hangup/></Response>".encode(encoding))
    assert error.reason == f"not well-formed XML: the document is {named}; TwiML is read as UTF-8"
