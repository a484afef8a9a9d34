"""The DJ's dashboard in headless Chromium (Debian's ``chromium``, which the test set-up
installs, as it installs the Voice JS SDK from npm): the page loads with no console errors,
the SDK's Device holds the page's token, and the queue figures and chart are drawn from
``/queue-status``, then drawn again after another caller enqueues."""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lxml import html
from werkzeug.serving import make_server

from examples.radio_callin.app import SDK, create_app
from examples.radio_callin.queues import LocalQueues
from twimlkit.webhooks import CallRequest, compute_signature

TOKEN = "0123456789abcdef0123456789abcdef"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# What the machine's closed network needs of a headless Chromium (no calls home).
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--enable-logging=stderr",
    "--v=0",
]


class AnotherCallerAfterTheFirstLook:
    """Serves the app; once the page has fetched the figures, a fourth caller's wait-URL
    request comes in, as Twilio would send it."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.looks = 0
        self.paths: list[tuple[str, str]] = []

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        def recording(status: str, headers: Any, *rest: Any) -> Any:
            self.paths.append((environ["PATH_INFO"], status.split(maxsplit=1)[0]))
            return start_response(status, headers, *rest)

        body = self.app(environ, recording)
        if environ["PATH_INFO"] == "/queue-status":
            self.looks += 1
            if self.looks == 1:
                form = CallRequest(
                    call_sid="CA" + "4" * 32, queue_position=4, queue_time=5, avg_queue_time=40
                ).to_form()
                url = "http://localhost/wait"
                signature = compute_signature(url, form, TOKEN)
                posted = self.app.test_client().post("/wait", data=form, headers={"X-Twilio-Signature": signature})
                assert posted.status_code == 200
        return body


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, AnotherCallerAfterTheFirstLook]]:
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", TOKEN)
    record = LocalQueues(clock=lambda: 1000.0)
    for sid, waited in (("CA1", 90), ("CA2", 60), ("CA3", 30)):
        record.waiting(sid, waited, 40)
    app = AnotherCallerAfterTheFirstLook(create_app({}, queues=record))
    server = make_server("127.0.0.1", 0, app)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/", app
    finally:
        server.shutdown()
        thread.join()


def test_the_dashboard_in_chromium(served: tuple[str, AnotherCallerAfterTheFirstLook], tmp_path: Path) -> None:
    url, app = served
    assert os.access(CHROMIUM, os.X_OK), "Debian's chromium is missing: run tools/test-setup.sh"
    assert (SDK / "twilio.min.js").is_file(), "the Voice JS SDK is missing: run tools/test-setup.sh"
    run = subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path}", "--virtual-time-budget=6000", "--dump-dom", url],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    console = [line for line in run.stderr.splitlines() if ":CONSOLE" in line]
    assert console == []  # no errors, nor anything else, on the page's console

    page = html.fromstring(run.stdout)
    body = page.find("body")
    assert body is not None
    assert page.get_element_by_id("device-state").text_content() == "Phone ready."
    assert body.get("data-device-token") == "page"  # the Device holds the page's token
    assert int(body.get("data-refreshed", "0")) >= 2
    # The last figures drawn: after the fourth caller enqueued.
    assert page.get_element_by_id("size").text_content() == "4"
    assert page.get_element_by_id("average").text_content() == "40"
    bars = page.get_element_by_id("chart").findall("rect")
    assert [int(bar.get("data-wait")) for bar in bars] == [90, 60, 30, 5]
    assert app.looks >= 2
    assert ("/sdk/twilio.min.js", "200") in app.paths
    assert ("/static/dashboard.js", "200") in app.paths
