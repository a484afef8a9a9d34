"""Snapshots of whole documents: any change to what twimlkit writes shows up in review.

The snapshots live in ``snapshots/`` at the top of the repository. After an intended change
to the output, run ``python -m pytest tests/test_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

import pytest
from syrupy.assertion import SnapshotAssertion

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
    assert DOCUMENTS[name] == twiml
