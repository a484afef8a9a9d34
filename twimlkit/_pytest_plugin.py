"""twimlkit's pytest plugin (the ``pytest11`` entry point): the ``twiml_snapshot`` fixture,
and assertion rewriting for ``twimlkit.testing``. It imports syrupy only when the fixture
is used."""

from __future__ import annotations

from typing import Any

import pytest

pytest.register_assert_rewrite("twimlkit.testing")


@pytest.fixture
def twiml_snapshot(request: pytest.FixtureRequest) -> Any:
    """syrupy's ``snapshot`` with ``TwiMLSnapshotExtension``: ``assert doc == twiml_snapshot``
    compares with (or, with ``--snapshot-update``, writes) one ``.xml`` file."""
    from twimlkit.testing import TwiMLSnapshotExtension  # noqa: PLC0415  # syrupy, now

    return request.getfixturevalue("snapshot").use_extension(TwiMLSnapshotExtension)
