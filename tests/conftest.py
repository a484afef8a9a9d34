"""Fixtures shared by the test modules: TwiML snapshots in the repository's snapshots/."""

from __future__ import annotations

from pathlib import Path

import pytest
from syrupy.assertion import SnapshotAssertion
from syrupy.location import PyTestLocation

from twimlkit.testing import TwiMLSnapshotExtension

SNAPSHOTS = Path(__file__).resolve().parent.parent / "snapshots"


class ProjectSnapshots(TwiMLSnapshotExtension):
    """twimlkit's own snapshots: in snapshots/<test module>/ at the top of the repository."""

    @classmethod
    def dirname(cls, *, test_location: PyTestLocation) -> str:
        return str(SNAPSHOTS / test_location.basename)


@pytest.fixture
def twiml(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    """``assert doc == twiml`` compares with the reviewed .xml file.
    After an intended change, run ``python -m pytest --snapshot-update``."""
    return snapshot.use_extension(ProjectSnapshots)
