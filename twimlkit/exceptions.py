"""Exceptions raised by twimlkit.

    TwiMLError                      base of everything twimlkit raises
    ├── ValidationError (ValueError)  a node or document breaks a TwiML rule
    └── ParseError (ValueError)       TwiML text could not be read into a tree

Both carry ``.path`` (where: ``Response/Dial[0]@timeout``), ``.reason`` (what was wrong
and what is allowed) and ``.code`` (the Twilio error code the check prevents, or None).
"""

from __future__ import annotations

__all__ = ["ParseError", "TwiMLError", "ValidationError"]


class TwiMLError(Exception):
    """Base class of the errors twimlkit raises."""

    __module__ = "twimlkit"


class ValidationError(TwiMLError, ValueError):
    """A node or a document breaks a TwiML rule.

    At construction ``.path`` is relative to the node being built (``Dial@timeout``,
    ``Dial/Number[10]``); from ``validate()`` it is absolute (``Response/Dial[1]@timeout``).
    """

    __module__ = "twimlkit"

    def __init__(self, path: str, reason: str, code: int | None = None) -> None:
        self.path = path
        self.reason = reason
        self.code = code
        super().__init__(self._message())

    def _message(self) -> str:
        suffix = f" (prevents Twilio error {self.code})" if self.code is not None else ""
        return f"{self.path}: {self.reason}{suffix}"

    def __reduce__(self) -> tuple[type[ValidationError], tuple[str, str, int | None]]:
        return (type(self), (self.path, self.reason, self.code))

    def within(self, prefix: str) -> ValidationError:
        """The same error with its path placed under ``prefix`` (an absolute node path).

        ``Dial@timeout`` within ``Response/Dial[1]`` becomes ``Response/Dial[1]@timeout``.
        """
        head, sep, rest = self.path.partition("/")
        _tag, at, attribute = head.partition("@")
        tail = (at + attribute) if at else ""
        return type(self)(prefix + tail + (sep + rest if sep else ""), self.reason, self.code)


class ParseError(TwiMLError, ValueError):
    """TwiML text could not be read into a tree."""

    __module__ = "twimlkit"

    def __init__(self, reason: str, *, line: int | None = None, path: str = "", code: int | None = None) -> None:
        self.reason = reason
        self.line = line
        self.path = path
        self.code = code
        where = ":".join(part for part in (f"line {line}" if line else "", path) if part)
        super().__init__(f"{where}: {reason}" if where else reason)
