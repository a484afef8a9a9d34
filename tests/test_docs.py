"""The documentation site: it builds with Sphinx, warnings as errors; every page is in the
table of contents; the reference covers every element; and every example runs. (The
``>>>`` examples are doctests of the suite, see pyproject's testpaths; the Python files of
examples, such as a test module, run here.)"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from twimlkit._vocabulary import SPECS

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PAGES = sorted(path.stem for path in DOCS.glob("*.md"))
PYTHON_BLOCK = re.compile(r"```python\n(.*?)```", re.S)


def test_the_site_builds_with_warnings_as_errors(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html", str(DOCS), str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    built = {path.stem for path in tmp_path.glob("*.html")}
    assert set(PAGES) <= built
    reference = (tmp_path / "reference.html").read_text()
    for name in SPECS:
        assert f'<span class="pre">{name}</span>' in reference, name


def test_every_page_is_in_the_table_of_contents() -> None:
    index = (DOCS / "index.md").read_text()
    listed = re.search(r"```\{toctree\}\n(.*?)```", index, re.S)
    assert listed is not None
    entries = [line.strip() for line in listed.group(1).splitlines() if line.strip() and not line.startswith(":")]
    assert sorted([*entries, "index"]) == PAGES


def test_every_page_has_examples_that_run() -> None:
    for page in PAGES:
        if page in ("index", "reference"):
            continue
        text = (DOCS / f"{page}.md").read_text()
        assert ">>> " in text, page


@pytest.mark.parametrize("page", [page for page in PAGES if PYTHON_BLOCK.search((DOCS / f"{page}.md").read_text())])
def test_python_examples_run_as_written(page: str, pytester: pytest.Pytester) -> None:
    """A ``python`` block (a test module, say) runs as pytest runs it: twice for snapshots,
    writing them, then comparing with them."""
    for block in PYTHON_BLOCK.findall((DOCS / f"{page}.md").read_text()):
        pytester.makepyfile(test_example=block)
        pytester.runpytest("--snapshot-update").assert_outcomes(passed=block.count("\ndef test_"))
        pytester.runpytest().assert_outcomes(passed=block.count("\ndef test_"))
