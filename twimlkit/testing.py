"""TwiML in test suites: syrupy snapshots as readable ``.xml`` files, and a canonical
comparison with a unified diff.

    def test_the_djs_desk(twiml_snapshot):
        assert answer_queue("radio-callin-queue", next_url="/voice") == twiml_snapshot

``twiml_snapshot`` is a pytest fixture, available whenever twimlkit and syrupy are installed
(``pip install 'twimlkit[testing]'``); ``TwiMLSnapshotExtension`` is its syrupy extension, for
``snapshot.use_extension(...)`` or a subclass that stores the files elsewhere. A snapshot is
one pretty, canonical ``.xml`` file: a node, TwiML text and TwiML bytes of the same document
are the same file, and a code review shows the TwiML itself.

``assert_twiml_equal(actual, expected)`` compares two documents (or nodes) canonically:
attribute order and formatting whitespace do not count.

Importing ``twimlkit`` never imports this module; this module imports syrupy only when
``TwiMLSnapshotExtension`` is used.
"""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING, Any

from ._node import Node

if TYPE_CHECKING:
    from collections.abc import Iterator

# TwiMLSnapshotExtension is made on first use (see __getattr__), so that a star import
# needs no syrupy either: import it by name.
__all__ = ["assert_twiml_equal", "canonical"]


def canonical(twiml: Node | str | bytes) -> str:
    """``twiml`` as twimlkit writes it, pretty: a node as it is, TwiML text or bytes (a whole
    ``<Response>`` document in UTF-8, as ``parse`` reads it) read leniently, so any
    well-formed document can be compared. Equal trees give the same text; attribute order
    and formatting whitespace are gone."""
    if isinstance(twiml, Node):
        return twiml.to_xml(pretty=True)
    if isinstance(twiml, str | bytes):
        from ._parse import parse  # noqa: PLC0415  # lxml only when TwiML text is compared

        return parse(twiml, strict=False).to_xml(pretty=True)
    raise TypeError(f"expected a twimlkit node, or TwiML as str or bytes; got {type(twiml).__name__}")


def _diff(expected: str, actual: str) -> str:
    return "\n".join(
        difflib.unified_diff(expected.splitlines(), actual.splitlines(), "expected", "actual", lineterm="", n=3)
    )


def assert_twiml_equal(actual: Node | str | bytes, expected: Node | str | bytes) -> None:
    """Raise ``AssertionError`` with a unified diff (``-`` expected, ``+`` actual) unless the
    two are the same TwiML, canonically (see ``canonical``)."""
    __tracebackhide__ = True  # pytest shows the caller's line, not this one
    left, right = canonical(actual), canonical(expected)
    if left != right:
        # Raised, not asserted: the message is the same under pytest's assertion rewriting.
        raise AssertionError("the TwiML differs (- expected, + actual):\n" + _diff(right, left))


def __getattr__(name: str) -> Any:
    # The extension subclasses syrupy's: made on first use, so that importing this module
    # (and assert_twiml_equal) needs no syrupy.
    if name == "TwiMLSnapshotExtension":
        extension = _make_extension()
        globals()[name] = extension
        return extension
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _make_extension() -> type:
    try:
        from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode  # noqa: PLC0415
    except ImportError:
        raise ImportError("TwiMLSnapshotExtension needs syrupy: pip install 'twimlkit[testing]'") from None

    class TwiMLSnapshotExtension(SingleFileSnapshotExtension):
        """Snapshots of TwiML, one pretty canonical ``.xml`` file each, compared as text and
        shown as a unified diff when they differ. Takes nodes and TwiML as ``str`` or
        ``bytes``. Works with syrupy 4.9 and later (it overrides only hooks all of them share)."""

        file_extension = "xml"
        _file_extension = "xml"  # the name syrupy 4 reads
        _write_mode = WriteMode.TEXT

        def serialize(self, data: Any, **_options: Any) -> str:
            # Ending with a newline, as editors and end-of-file fixers leave text files.
            return canonical(data) + "\n"

        def diff_lines(self, serialized_data: Any, snapshot_data: Any) -> Iterator[str]:
            expected, actual = str(snapshot_data), str(serialized_data)
            diff = _diff(expected, actual)
            if not diff and expected != actual:
                yield "the snapshot file differs only in its line endings or final newline"
            yield from diff.splitlines()

    TwiMLSnapshotExtension.__module__ = __name__
    return TwiMLSnapshotExtension
