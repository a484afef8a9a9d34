"""The generated files are current: regenerating from the vocabulary changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

import twimlkit  # first, so that the generator reuses the real package
from tests._scripts import ROOT, load_script

GENERATOR = load_script("tools/generate.py", "twimlkit_generate")


@pytest.mark.parametrize("path", sorted(GENERATOR.outputs()), ids=lambda path: path.name)
def test_generated_file_is_current(path: Path) -> None:
    """The committed file equals what tools/generate.py writes now."""
    assert path.read_text(encoding="utf-8") == GENERATOR.outputs()[path], (
        f"{path.relative_to(ROOT)} is stale: run python tools/generate.py"
    )


def test_check_mode_reports_a_stale_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--check exits 1 when a generated file differs, and 0 when all are current."""
    assert GENERATOR.main(["--check"]) == 0
    stale = tmp_path / "reference.md"
    stale.write_text("old", encoding="utf-8")
    monkeypatch.setattr(GENERATOR, "outputs", lambda: {stale: "new"})
    assert GENERATOR.main(["--check"]) == 1
    assert stale.read_text(encoding="utf-8") == "old"


def test_every_element_has_a_class() -> None:
    """Each vocabulary entry is a class in twimlkit or twimlkit.ssml, and nothing else is."""
    from twimlkit._vocabulary import SPECS

    for name, spec in SPECS.items():
        module = twimlkit.ssml if spec.domain == "ssml" else twimlkit
        cls = getattr(module, name)
        assert cls.tag == spec.tag
        assert cls._spec is spec
    assert set(twimlkit.ssml.__all__) == {name for name, spec in SPECS.items() if spec.domain == "ssml"}
