"""The ``twimlkit`` command line (also ``python -m twimlkit``)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from ._document import LintWarning
from ._elements import Dial, Queue, Redirect, VoiceResponse
from .exceptions import TwiMLError

__all__ = ["demo_document", "main"]

DEMO_QUEUE = "radio-callin-queue"
DEMO_NEXT_URL = "https://example.com/radio/next-caller"


def demo_document() -> VoiceResponse:
    """The radio call-in show's DJ line: take the next caller from the queue.

    The DJ's browser dials into the callers' queue; pressing * hangs up on the current
    caller, and the Redirect fetches this document again for the next one.
    """
    return VoiceResponse(
        Dial(Queue(DEMO_QUEUE), hangup_on_star=True),
        Redirect(DEMO_NEXT_URL, method="POST"),
    )


def _lint_report(warnings: Sequence[LintWarning]) -> str:
    if not warnings:
        return "lint: no warnings"
    return "\n".join([f"lint: {len(warnings)} warning(s)", *(f"  {warning}" for warning in warnings)])


def _demo(_args: argparse.Namespace) -> int:
    doc = demo_document()
    doc.validate()
    print(doc.to_xml(pretty=True))
    print()
    print(_lint_report(doc.lint()))
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="twimlkit", description="Typed, validated TwiML: build, check, write.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True
    demo = commands.add_parser(
        "demo",
        help="print a validated call-in document (the radio DJ flow) and its lint report",
        description="Print the radio call-in DJ document, built and validated by twimlkit, and its lint report.",
    )
    demo.set_defaults(run=_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        status: int = args.run(args)
    except TwiMLError as exc:
        print(f"twimlkit: {exc}", file=sys.stderr)
        return 1
    return status
