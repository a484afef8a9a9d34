"""What ``import twimlkit`` loads: no parser, no tokens, nothing heavy it does not use.

Each check runs in a fresh interpreter, because this test session has long since imported
everything. These are behaviour tests; how long the import takes is measured in
``bench/imports.py``.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests._scripts import load_script

ROOT = Path(__file__).resolve().parent.parent

#: Modules ``import twimlkit`` must not load: lxml and PyJWT (needed only by the parser and
#: the tokens), the parser and the modules that stand apart, and what ``xml.sax.saxutils``
#: used to drag in.
NOT_LOADED = (
    "lxml",
    "lxml.etree",
    "jwt",
    "twimlkit._parse",
    "twimlkit.tokens",
    "twimlkit.webhooks",
    "twimlkit._cli",
    "twimlkit.presets",
    "twimlkit.web",
    "twimlkit.testing",
    "twimlkit.sim",
    "httpx",
    "syrupy",
    "hmac",
    "urllib.request",
    "http.client",
    "email",
    "ssl",
    "xml.sax",
    "xml.sax.saxutils",
)


def run(code: str) -> object:
    """Run ``code`` in a fresh interpreter; it prints one JSON value, returned here."""
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_import_loads_no_parser_tokens_or_network_modules() -> None:
    """After ``import twimlkit`` none of the heavy or unrelated modules is loaded."""
    loaded = run(
        f"""
        import json, sys
        import twimlkit
        print(json.dumps([name for name in {NOT_LOADED!r} if name in sys.modules]))
        """
    )
    assert loaded == []


def test_the_web_adapters_load_their_framework_and_no_other() -> None:
    """``twimlkit.web`` loads no framework; each adapter loads its own alone."""
    frameworks = ("flask", "django", "starlette", "fastapi")
    loaded = run(
        f"""
        import importlib, json, sys
        seen = {{}}
        import twimlkit.web
        seen["twimlkit.web"] = [name for name in {frameworks!r} if name in sys.modules]
        for adapter in ("flask", "django", "starlette"):
            importlib.import_module("twimlkit.web." + adapter)
            seen[adapter] = [name for name in {frameworks!r} if name in sys.modules]
        print(json.dumps(seen))
        """
    )
    assert loaded == {
        "twimlkit.web": [],
        "flask": ["flask"],
        "django": ["flask", "django"],
        "starlette": ["flask", "django", "starlette"],
    }


def test_building_and_writing_needs_no_lxml() -> None:
    """Generated elements, documents and SSML build and write without loading lxml."""
    loaded = run(
        """
        import json, sys
        from twimlkit import Dial, Queue, Say, VoiceResponse
        from twimlkit.ssml import Break
        doc = VoiceResponse(Dial(Queue("radio-callin-queue"), hangup_on_star=True), Say("a", Break(time="1s")))
        doc.to_bytes(); doc.to_xml(pretty=True); repr(doc)
        print(json.dumps("lxml" in sys.modules))
        """
    )
    assert loaded is False


def test_parse_is_loaded_on_first_use() -> None:
    """``from twimlkit import parse`` works, loads lxml then, and is the parser itself."""
    result = run(
        """
        import json, sys
        import twimlkit
        before = "lxml" in sys.modules
        from twimlkit import parse
        from twimlkit._parse import parse as real
        doc = parse(b"<Response><Say>hi</Say></Response>")
        print(json.dumps([before, "lxml" in sys.modules, parse is real, twimlkit.parse is real, type(doc).__name__]))
        """
    )
    assert result == [False, True, True, True, "VoiceResponse"]


def test_parse_is_public_without_being_loaded() -> None:
    """``parse`` is in ``__all__`` and ``dir()``, and ``import *`` brings it."""
    result = run(
        """
        import json, sys
        import twimlkit
        listed = ["parse" in twimlkit.__all__, "parse" in dir(twimlkit), "twimlkit._parse" in sys.modules]
        namespace = {}
        exec("from twimlkit import *", namespace)
        print(json.dumps([*listed, callable(namespace["parse"])]))
        """
    )
    assert result == [True, True, False, True]


def test_unknown_attributes_are_still_errors() -> None:
    """The lazy loader answers only for ``parse``."""
    import twimlkit

    with pytest.raises(AttributeError, match="has no attribute 'Dail'"):
        twimlkit.Dail  # type: ignore[attr-defined]  # noqa: B018


def test_element_escape_hatch_checks_names_on_demand() -> None:
    """``Element`` loads lxml for its XML-name check and still refuses bad names."""
    result = run(
        """
        import json, sys
        import twimlkit
        before = "lxml" in sys.modules
        ok = twimlkit.Element("Future", someAttr="x").to_xml()
        try:
            twimlkit.Element("1bad")
            refused = False
        except twimlkit.ValidationError:
            refused = True
        print(json.dumps([before, "lxml" in sys.modules, ok, refused]))
        """
    )
    assert result == [False, True, '<Future someAttr="x"/>', True]


def test_signatures_still_introspect() -> None:
    """The typed signatures exist for type checkers only; inspect.signature still reads
    every keyword at run time (made from the spec when asked for)."""
    import inspect

    from twimlkit import Dial, Hangup

    assert str(inspect.signature(Dial)).startswith("(*children: 'DialChild', action: 'str | None' = None, ")
    assert list(inspect.signature(Hangup).parameters) == ["children"]


def test_import_benchmark_reports_a_ratio(capsys: pytest.CaptureFixture[str]) -> None:
    """bench/imports.py runs and reports medians and the ratio (a smoke test, not a timing)."""
    bench = load_script("bench/imports.py", "twimlkit_bench_imports")
    result = bench.import_ratio(rounds=1)
    assert set(result) == {"twimlkit_ms", "twilio_ms", "baseline_ms", "ratio", "rounds"}
    assert result["baseline_ms"] > 0
    assert result["rounds"] == 1
    assert bench.main(["--rounds", "1"]) == 0
    out = capsys.readouterr().out
    assert "the time of import twilio.twiml.voice_response (target <= 4.00)" in out
