"""Exceptions raised by twimlkit.

    TwiMLError                      base of everything twimlkit raises
    ├── ValidationError (ValueError)  a node or document breaks a TwiML rule
    ├── ParseError (ValueError)       TwiML text could not be read into a tree
    └── TokenError (ValueError)       a token could not be made or did not check out

``ParseError`` also lists every ``Problem`` found in the document (``.errors``).
The first two carry ``.path`` (where: ``Response/Dial[0]@timeout``), ``.reason`` (what was wrong
and what is allowed) and ``.code`` (the Twilio error code the check prevents, or None).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import attrs

__all__ = ["ParseError", "Problem", "TokenError", "TwiMLError", "ValidationError"]


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


class Problem:
    """One problem found while reading TwiML: where (line and element path), what, and
    the Twilio code it would earn. Immutable, compared and hashed by its fields."""

    __slots__ = ("code", "line", "path", "reason")
    __match_args__ = ("line", "path", "reason", "code")

    line: int | None
    path: str
    reason: str
    code: int | None

    def __init__(self, line: int | None, path: str, reason: str, code: int | None = None) -> None:
        # A parse may make many: the slots are set directly, without the frozen guard.
        _set_line(self, line)
        _set_path(self, path)
        _set_reason(self, reason)
        _set_code(self, code)

    def __setattr__(self, name: str, value: object) -> None:
        raise attrs.exceptions.FrozenInstanceError()

    def __delattr__(self, name: str) -> None:
        raise attrs.exceptions.FrozenInstanceError()

    def _fields(self) -> tuple[int | None, str, str, int | None]:
        return (self.line, self.path, self.reason, self.code)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash((Problem, *self._fields()))

    def __repr__(self) -> str:
        return f"Problem(line={self.line!r}, path={self.path!r}, reason={self.reason!r}, code={self.code!r})"

    def __reduce__(self) -> tuple[type[Problem], tuple[int | None, str, str, int | None]]:
        return (Problem, self._fields())

    def __str__(self) -> str:
        line, path = self.line, self.path
        where = path if not line else f"line {line}: {path}" if path else f"line {line}"
        suffix = f" [{self.code}]" if self.code is not None else ""
        return f"{where}: {self.reason}{suffix}" if where else self.reason + suffix


_set_line = Problem.__dict__["line"].__set__
_set_path = Problem.__dict__["path"].__set__
_set_reason = Problem.__dict__["reason"].__set__
_set_code = Problem.__dict__["code"].__set__
Problem.__module__ = "twimlkit"


class ParseError(TwiMLError, ValueError):
    """TwiML text could not be read into a tree.

    ``.line``, ``.path``, ``.reason`` and ``.code`` describe the first problem;
    ``.errors`` lists every problem found, in document order.
    """

    __module__ = "twimlkit"

    def __init__(
        self,
        reason: str,
        *,
        line: int | None = None,
        path: str = "",
        code: int | None = None,
        errors: Sequence[Problem] = (),
    ) -> None:
        self.reason = reason
        self.line = line
        self.path = path
        self.code = code
        self.errors: tuple[Problem, ...] = tuple(errors) or (Problem(line, path, reason, code),)
        message = str(self.errors[0])
        if len(self.errors) > 1:
            message += f" (and {len(self.errors) - 1} more)"
        super().__init__(message)

    @classmethod
    def of(cls, problems: Sequence[Problem]) -> ParseError:
        """The error for a non-empty list of problems (the first one leads)."""
        # What __init__ does, without its defaults: refused documents are read often too.
        first = problems[0]
        error = cls.__new__(cls)
        error.reason, error.line, error.path, error.code = first.reason, first.line, first.path, first.code
        error.errors = tuple(problems)
        message = str(first) if len(problems) == 1 else f"{first} (and {len(problems) - 1} more)"
        Exception.__init__(error, message)
        return error

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_parse_error, (self.errors,))


def _rebuild_parse_error(errors: tuple[Problem, ...]) -> ParseError:
    return ParseError.of(errors)


TokenKind = Literal["invalid", "malformed", "algorithm", "signature", "expired", "not-yet-valid"]


class TokenError(TwiMLError, ValueError):
    """A token could not be made from the input given, or a token did not check out.

    ``.kind`` says which: ``invalid`` input (a SID of the wrong shape, say), or, when
    decoding, a ``malformed`` token, a refused ``algorithm``, a wrong ``signature``, an
    ``expired`` token or one ``not-yet-valid``. Messages never contain a secret.
    """

    __module__ = "twimlkit"

    def __init__(self, reason: str, *, kind: TokenKind = "invalid") -> None:
        self.reason = reason
        self.kind: TokenKind = kind
        super().__init__(reason)

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_token_error, (self.reason, self.kind))


def _rebuild_token_error(reason: str, kind: TokenKind) -> TokenError:
    return TokenError(reason, kind=kind)
