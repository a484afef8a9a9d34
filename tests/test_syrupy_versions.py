"""twimlkit.testing with the oldest syrupy it supports (4.9), in the virtualenv that
tools/test-setup.sh makes; the project's own virtualenv has the newest (7.x)."""

from __future__ import annotations

import subprocess
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OLDEST = ROOT / ".venv-syrupy4" / "bin" / "python"


def test_the_snapshot_tests_pass_with_the_oldest_syrupy() -> None:
    assert OLDEST.exists(), "the syrupy 4.9 virtualenv is missing: run bash tools/test-setup.sh"
    found = subprocess.run(
        [OLDEST, "-c", "from importlib.metadata import version; print(version('syrupy'))"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert found.stdout.strip() == "4.9.1"
    assert version("syrupy").split(".")[0] == "7"
    run = subprocess.run(
        [OLDEST, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o", "addopts=", "tests/test_testing.py"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert " passed" in run.stdout
