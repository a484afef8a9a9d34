"""Snapshots of whole documents: any change to what twimlkit writes shows up in review.

The snapshots live in ``snapshots/`` at the top of the repository. After an intended change
to the output, run ``python -m pytest tests/test_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from syrupy.assertion import SnapshotAssertion
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode
from syrupy.location import PyTestLocation

from twimlkit import (
    Client,
    Dial,
    Enqueue,
    Gather,
    Identity,
    Message,
    MessagingResponse,
    Parameter,
    Play,
    Say,
    VoiceResponse,
)
from twimlkit._cli import demo_document
from twimlkit.ssml import Break, Prosody

SNAPSHOTS = Path(__file__).resolve().parent.parent / "snapshots"


class TwiMLSnapshot(SingleFileSnapshotExtension):
    """One pretty-printed .xml file per snapshot, in the repository's snapshots/ folder."""

    file_extension = "xml"
    _write_mode = WriteMode.TEXT

    @classmethod
    def dirname(cls, *, test_location: PyTestLocation) -> str:
        return str(SNAPSHOTS / test_location.basename)


@pytest.fixture
def twiml(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    return snapshot.use_extension(TwiMLSnapshot)


DOCUMENTS = {
    "radio-dj": demo_document(),
    "caller-waits": VoiceResponse(
        Say("Thanks for calling the show. You are in the queue.", voice="Polly.Joanna"),
        Enqueue("radio-callin-queue", wait_url="/wait", wait_url_method="GET"),
    ),
    "browser-client": VoiceResponse(
        Dial(Client(Identity("dj"), Parameter(name="show", value="night")), caller_id="+15550001111", timeout=20),
    ),
    "menu": VoiceResponse(
        Gather(
            Say("Press 1 to talk to the DJ,", Break(time="300ms"), Prosody("or hang up.", rate="90%")),
            Play("https://example.com/jingle.mp3"),
            input=["dtmf", "speech"],
            num_digits=1,
            action="/menu",
        ),
    ),
    "sms-reply": MessagingResponse(Message("You're on the list!", to="+15550001111")),
}


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_document_output(name: str, twiml: SnapshotAssertion) -> None:
    """The pretty output of each sample document matches its reviewed snapshot."""
    assert DOCUMENTS[name].to_xml(pretty=True) == twiml
