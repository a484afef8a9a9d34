"""The benchmark compares like with like: all contenders write the same document."""

from __future__ import annotations

import time

import jwt
import pytest
from lxml import etree

from tests._scripts import load_script
from twimlkit import ParseError, parse

BENCH = load_script("bench/run.py", "twimlkit_bench")


def canonical(data: bytes) -> bytes:
    return etree.tostring(etree.fromstring(data), method="c14n2")


def test_contenders_write_canonically_equal_documents() -> None:
    """twimlkit, Twilio's helper and raw lxml produce the same TwiML."""
    ours = canonical(BENCH.build_twimlkit())
    assert canonical(BENCH.build_twilio()) == ours
    assert canonical(BENCH.build_lxml()) == ours


@pytest.mark.parametrize("size", [10, 2000])
def test_sized_documents_stay_under_twilios_limit(size: int) -> None:
    """The size sweep builds valid documents up to 2,000 elements."""
    data = BENCH.sized(size)()
    assert len(etree.fromstring(data).xpath("//*")) >= size
    assert len(data) <= 65_536


def test_quick_run_reports_ratios(capsys: pytest.CaptureFixture[str]) -> None:
    """A quick run prints both ratios and the per-element table (a smoke test, not a timing)."""
    assert BENCH.main(["--quick"]) == 0
    out = capsys.readouterr().out
    assert "faster than Twilio's helper" in out
    assert "the raw-lxml time" in out
    assert "ns/element" in out
    assert "the lxml.etree.fromstring time" in out
    assert "capability twimlkit" in out
    assert "194 documents (23 refused" in out


def test_token_contenders_make_the_same_tokens(monkeypatch: pytest.MonkeyPatch) -> None:
    """At the same instant, twimlkit and Twilio's helper sign the same header and claims."""
    monkeypatch.setattr(time, "time", lambda: 1_700_000_000.0)
    pairs = [(BENCH.capability_twimlkit, BENCH.capability_twilio), (BENCH.access_twimlkit, BENCH.access_twilio)]
    at_that_instant = {"verify_exp": False, "verify_nbf": False}
    for ours, theirs in pairs:
        mine, reference = ours(), theirs()
        assert jwt.get_unverified_header(mine) == jwt.get_unverified_header(reference)
        claims = jwt.decode(mine, BENCH.SECRET, algorithms=["HS256"], options=at_that_instant)
        assert claims == jwt.decode(reference, BENCH.SECRET, algorithms=["HS256"], options=at_that_instant)
        assert claims["nbf"] == 1_700_000_000


def test_reading_contenders_cover_the_whole_corpus() -> None:
    """The reading benchmark parses every corpus document, and the constructor baseline builds
    exactly the trees parse returns."""
    documents = BENCH.corpus()
    assert len(documents) == 194
    assert BENCH.read_all(documents)() == 23
    assert BENCH.lxml_all(documents)() == 0
    assert BENCH.walk_all(documents)() > 0
    assert BENCH.construct_all(documents)() == 171
    parsed = []
    for data in documents:
        try:
            parsed.append(parse(data))
        except ParseError:
            continue
    assert [build() for build in BENCH.constructors(documents)] == parsed
