"""docs/notebooks/call-flows.ipynb, executed headlessly (nbclient, an IPython kernel), and
what each step displays checked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nbclient  # a dev dependency: missing, the test fails
import nbformat  # a dev dependency: missing, the test fails
import pytest

from twimlkit import parse

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "docs" / "notebooks" / "call-flows.ipynb"


@pytest.fixture(scope="module")
def executed() -> list[Any]:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": ROOT}}
    )
    client.execute()
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def shown(cell: Any) -> dict[str, str]:
    [output] = [output for output in cell.outputs if output.output_type == "execute_result"]
    return dict(output.data)


def test_it_runs_without_errors_and_is_stored_without_outputs(executed: list[Any]) -> None:
    assert all(output.output_type != "error" for cell in executed for output in cell.outputs)
    stored = nbformat.read(NOTEBOOK, as_version=4)
    assert all(not cell.get("outputs") for cell in stored.cells if cell.cell_type == "code")


def test_each_document_shows_as_coloured_twiml(executed: list[Any]) -> None:
    documents = [cell for cell in executed if any(out.output_type == "execute_result" for out in cell.outputs)]
    assert len(documents) == 7
    for cell in documents:
        data = shown(cell)
        assert set(data) == {"text/plain", "text/html", "application/xml"}
        parse(data["application/xml"])  # the TwiML itself, valid
        assert data["text/html"].startswith('<div class="twimlkit"><pre style=')
        assert "<script" not in data["text/html"]


def test_the_steps_show_what_they_say(executed: list[Any]) -> None:
    incoming, wait, desk, whispered, mistake, client, refused = (
        shown(cell) for cell in executed if any(out.output_type == "execute_result" for out in cell.outputs)
    )
    assert '<Enqueue action="/left" waitUrl="/wait">radio-callin-queue</Enqueue>' in incoming["application/xml"]
    assert "You are number 2 in line. The average wait is about 2 minutes." in wait["text/plain"]
    assert '<Dial hangupOnStar="true">' in desk["application/xml"]
    assert '<Redirect method="GET">/dj</Redirect>' in desk["application/xml"]
    assert whispered["application/xml"].index("<Say>Next caller") < whispered["application/xml"].index("<Dial")
    assert "can never run" in mistake["text/plain"]
    assert "unreachable" in mistake["text/html"]
    assert "<Client>dj</Client>" in client["application/xml"]
    assert "<Hangup/>" in refused["application/xml"]
    assert "<Dial" not in refused["application/xml"]
