"""Fixtures shared by the test modules: TwiML snapshots in the repository's snapshots/."""

from __future__ import annotations

from pathlib import Path

import pytest
from syrupy.assertion import SnapshotAssertion
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode
from syrupy.location import PyTestLocation

SNAPSHOTS = Path(__file__).resolve().parent.parent / "snapshots"


class TwiMLSnapshot(SingleFileSnapshotExtension):
    """One pretty-printed .xml file per snapshot, in snapshots/<test module>/."""

    file_extension = "xml"
    _write_mode = WriteMode.TEXT

    @classmethod
    def dirname(cls, *, test_location: PyTestLocation) -> str:
        return str(SNAPSHOTS / test_location.basename)


@pytest.fixture
def twiml(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    """``assert doc.to_xml(pretty=True) == twiml`` compares with the reviewed .xml file.
    After an intended change, run ``python -m pytest --snapshot-update``."""
    return snapshot.use_extension(TwiMLSnapshot)
