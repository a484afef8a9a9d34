"""Value kinds: how a Python value becomes the text of a TwiML attribute, and back.

Each kind validates a Python value and returns its XML text (``to_xml``), turns XML text
back into the Python value (``from_xml``), describes what it allows (``allowed``, used in
error messages and the reference docs) and states its static type (``annotation``, used by
the code generator).  Kinds are stated in the vocabulary and nowhere else.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from typing import Final

import attrs

from ._memo import admit
from ._xmlchars import find_not_plain, first_illegal_char, plain

__all__ = [
    "Bool",
    "Choice",
    "ChoiceList",
    "Float",
    "Int",
    "Invalid",
    "Kind",
    "Sid",
    "Str",
    "StrList",
]


class Invalid(Exception):
    """A value that a kind refuses; the engine turns it into a ValidationError."""

    def __init__(self, reason: str, code: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.code = code


#: Twilio cannot parse a document with characters XML does not allow (12100).
ILLEGAL_CHARACTER_CODE: Final = 12100

# How many passing values each string kind remembers (per attribute).
_MEMO_SIZE: Final = 256


def _show(value: object) -> str:
    """Repr of a value for an error message, shortened so messages stay one line."""
    if isinstance(value, int) and value.bit_length() > 256:
        # Python will not write an integer of over 4,300 digits, nor should a message.
        return f"<an integer of about {round(value.bit_length() * 0.30103):,} digits>"
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def plain_str(value: str) -> str:
    """A str subclass's value as a plain str (a ``StrEnum`` member's value; ``str()`` of
    an ``(str, Enum)`` member would give its name)."""
    return value if type(value) is str else str.__str__(value)


def _check_chars(text: str) -> None:
    bad = first_illegal_char(text)
    if bad is not None:
        raise Invalid(
            f"got {_show(text)}, which contains {bad!r} (U+{ord(bad):04X}), a character XML 1.0 cannot carry",
            ILLEGAL_CHARACTER_CODE,
        )


class Kind:
    """Base of all kinds (not instantiated itself)."""

    annotation: str = "object"

    def allowed(self) -> str:
        raise NotImplementedError

    def to_xml(self, value: object) -> tuple[object, str]:
        """Validate ``value``; return (the value to keep, its XML text)."""
        raise NotImplementedError

    def from_xml(self, text: str) -> object:
        """The Python value that writes as ``text`` (for the parser)."""
        raise NotImplementedError

    def fast(self, prefix: str) -> Callable[[object], str | None] | None:
        """A shortcut for common valid values: returns ``prefix`` + the quoted XML text when
        ``value`` is valid and kept as given, None when the full ``to_xml`` path must decide.
        Kinds without a shortcut return None.
        """
        return None


@attrs.frozen
class Str(Kind):
    """Free text, optionally bounded in length or constrained to a pattern.

    ``shape`` names the pattern in messages ("a SIP URI", "a duration like 500ms").
    ``numbers``: text that is a number (seconds, keys, an amount) also takes a Python int
    (an ``IntEnum`` too), kept and written as its digits. ``single_line``: a name or
    credential, which a line break can only break (it is part of the pattern checked).
    """

    max_length: int | None = None
    pattern: str | None = None
    shape: str = "a string"
    min_length: int = 0
    numbers: bool = False
    single_line: bool = False
    _regex: re.Pattern[str] | None = attrs.field(init=False, default=None, eq=False)

    @property
    def annotation(self) -> str:  # type: ignore[override]
        return "str | int" if self.numbers else "str"

    def _compiled(self) -> re.Pattern[str] | None:
        """The pattern, compiled on first use: compiling every pattern of the vocabulary
        when it is defined would add milliseconds to ``import twimlkit``."""
        regex = self._regex
        if regex is None and (self.pattern is not None or self.single_line):
            pattern = self.pattern if self.pattern is not None else r"[\s\S]*"
            if self.single_line:
                # No line break up to the end (quicker than a search for one).
                pattern = r"[^\r\n]*" if self.pattern is None else rf"(?=[^\r\n]*\Z)(?:{pattern})"
            regex = re.compile(pattern)
            object.__setattr__(self, "_regex", regex)
        return regex

    def allowed(self) -> str:
        text = self.shape + (" on one line" if self.single_line else "")
        if self.min_length and self.max_length is not None:
            text += f" of {self.min_length} to {self.max_length} characters"
        elif self.max_length is not None:
            text += f" of at most {self.max_length} characters"
        elif self.min_length == 1:
            text += ", not empty"
        elif self.min_length:
            text += f" of at least {self.min_length} characters"
        return text

    def to_xml(self, value: object) -> tuple[object, str]:
        if type(value) is not str:
            if self.numbers and isinstance(value, int) and not isinstance(value, bool):
                if not -_TOO_LONG < value < _TOO_LONG:
                    raise Invalid(f"got an integer of more than {MAX_DIGITS} digits; expected {self.allowed()}")
                value = str(int(value))
            elif not isinstance(value, str):
                raise Invalid(f"got {_show(value)} ({type(value).__name__}); expected {self.allowed()}")
            else:
                value = plain_str(value)
        if self.max_length is not None and len(value) > self.max_length:
            raise Invalid(f"got {len(value)} characters; expected {self.allowed()}")
        if len(value) < self.min_length:
            raise Invalid(f"got {_show(value)}; expected {self.allowed()}")
        regex = self._compiled()
        if regex is not None and regex.fullmatch(value) is None:
            raise Invalid(f"got {_show(value)}; expected {self.allowed()}")
        _check_chars(value)
        return value, value

    def from_xml(self, text: str) -> object:
        return text

    def fast(self, prefix: str) -> Callable[[object], str | None] | None:
        regex = self._compiled()
        low = self.min_length
        high = 2**63 if self.max_length is None else self.max_length
        fullmatch = regex.fullmatch if regex is not None else None

        # Values repeat (URLs, voices, names): remember the ones that passed, up to a bound.
        seen: dict[str, str] = {}

        def render(value: object) -> str | None:
            if type(value) is not str:
                return None
            piece = seen.get(value)
            if piece is not None:
                return piece
            if (
                low <= len(value) <= high
                and find_not_plain(value) is None
                and (fullmatch is None or fullmatch(value) is not None)
            ):
                piece = prefix + value + '"'
                if len(seen) < _MEMO_SIZE and admit(2 * len(value)):
                    seen[value] = piece
                return piece
            return None

        return render

    def bounds(self) -> tuple[int, int, Callable[[str], object] | None]:
        """What ``to_xml`` checks of a str but its characters: the fewest and most
        characters, and the pattern's ``fullmatch`` (or None). Text read from XML holds
        only characters XML allows (the parser refuses the others), so these are all the
        checks it needs."""
        regex = self._compiled()
        high = 2**63 if self.max_length is None else self.max_length
        return self.min_length, high, None if regex is None else regex.fullmatch


@attrs.frozen
class Bool(Kind):
    """``True``/``False``, written ``true``/``false``."""

    annotation: str = attrs.field(init=False, default="bool")

    def allowed(self) -> str:
        return "True or False"

    def to_xml(self, value: object) -> tuple[object, str]:
        if value is True:
            return True, "true"
        if value is False:
            return False, "false"
        raise Invalid(f"got {_show(value)}; expected True or False")

    def from_xml(self, text: str) -> object:
        folded = text.strip().lower()
        if folded == "true":
            return True
        if folded == "false":
            return False
        raise Invalid(f"got {text!r}; expected 'true' or 'false'")

    def fast(self, prefix: str) -> Callable[[object], str | None] | None:
        yes, no = prefix + 'true"', prefix + 'false"'

        def render(value: object) -> str | None:
            return yes if value is True else no if value is False else None

        return render


_INTEGER: Final = re.compile(r"\s*[+-]?[0-9]+\s*", re.ASCII)
_DECIMAL: Final = re.compile(r"\s*[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?\s*", re.ASCII)


# No TwiML number needs more digits; Python's int() refuses texts of over 4,300.
MAX_DIGITS: Final = 30
# The integers of at most MAX_DIGITS digits are those below this in size.
_TOO_LONG: Final = 10**MAX_DIGITS


def _read_int(text: str, kind: Kind) -> int:
    """``text`` (plain decimal digits, checked) as an int, within ``MAX_DIGITS`` digits."""
    digits = len(text.strip().lstrip("+-"))
    if digits > MAX_DIGITS:
        raise Invalid(f"got a number of {digits:,} digits; expected {kind.allowed()}")
    return int(text)


def _range_text(noun: str, low: float | None, high: float | None) -> str:
    if low is not None and high is not None:
        return f"{noun} from {low} to {high}"
    if low is not None:
        return f"{noun} of at least {low}"
    if high is not None:
        return f"{noun} of at most {high}"
    return noun


@attrs.frozen
class Int(Kind):
    """An integer, optionally within ``[min, max]``.

    ``hint`` is added to the message for a value out of range: what to do instead.
    """

    min: int | None = None
    max: int | None = None
    hint: str = ""
    annotation: str = attrs.field(init=False, default="int")

    def allowed(self) -> str:
        return _range_text("an integer", self.min, self.max)

    def to_xml(self, value: object) -> tuple[object, str]:
        if type(value) is not int:
            if isinstance(value, bool) or not isinstance(value, int):
                raise Invalid(f"got {_show(value)} ({type(value).__name__}); expected {self.allowed()}")
            value = int(value)
        if not -_TOO_LONG < value < _TOO_LONG:
            raise Invalid(f"got an integer of more than {MAX_DIGITS} digits; expected {self.allowed()}")
        if (self.min is not None and value < self.min) or (self.max is not None and value > self.max):
            raise Invalid(f"got {value}; expected {self.allowed()}" + (f"; {self.hint}" if self.hint else ""))
        return value, str(value)

    def from_xml(self, text: str) -> object:
        # Plain decimal digits only: Python's int() would also take "1_000" and "١٢".
        if _INTEGER.fullmatch(text) is None:
            raise Invalid(f"got {_show(text)}; expected {self.allowed()}")
        return _read_int(text, self)

    def fast(self, prefix: str) -> Callable[[object], str | None] | None:
        low = -(2**63) if self.min is None else self.min
        high = 2**63 if self.max is None else self.max

        def render(value: object) -> str | None:
            if type(value) is int and low <= value <= high:
                return prefix + str(value) + '"'
            return None

        return render


@attrs.frozen
class Float(Kind):
    """A number, optionally within ``[min, max]``; ints are accepted and kept as ints."""

    min: float | None = None
    max: float | None = None
    annotation: str = attrs.field(init=False, default="float")

    def allowed(self) -> str:
        return _range_text("a number", self.min, self.max)

    def to_xml(self, value: object) -> tuple[object, str]:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise Invalid(f"got {_show(value)} ({type(value).__name__}); expected {self.allowed()}")
        if isinstance(value, int) and not -_TOO_LONG < value < _TOO_LONG:
            raise Invalid(f"got an integer of more than {MAX_DIGITS} digits; expected {self.allowed()}")
        if not math.isfinite(value):
            raise Invalid(f"got {value}; expected a finite number")
        if (self.min is not None and value < self.min) or (self.max is not None and value > self.max):
            raise Invalid(f"got {value}; expected {self.allowed()}")
        # A subclass (an enum member, a float with its own repr) is kept and written as
        # its plain number: its repr is not a number XML readers take.
        if type(value) is not float and type(value) is not int:
            value = float(value) if isinstance(value, float) else int(value)
        return value, repr(value)

    def from_xml(self, text: str) -> object:
        if _INTEGER.fullmatch(text) is not None:
            return _read_int(text, self)
        # Decimal notation only: Python's float() would also take "nan", "inf" and "1_0".
        if _DECIMAL.fullmatch(text) is None:
            raise Invalid(f"got {_show(text)}; expected {self.allowed()}")
        return float(text)


def _literal(values: Sequence[str]) -> str:
    return "Literal[" + ", ".join(repr(v) for v in values) + "]"


@attrs.frozen
class Choice(Kind):
    """One value of a closed set (a ``Literal`` for type checkers).

    ``fold_case`` accepts any letter case when reading TwiML (Twilio itself does for
    ``method``); Python code writes the value as listed. ``any_case`` accepts any letter
    case from Python too (``<Pay language>``, which Twilio's own page writes ``en-us``).
    Either way the value is kept and written as listed, so the ``Literal`` type stays true
    and reading the written TwiML gives an equal node.
    """

    values: tuple[str, ...]
    fold_case: bool = False
    any_case: bool = False

    @property
    def annotation(self) -> str:  # type: ignore[override]
        flags = " | bool" if self.takes_bools else ""
        return _literal(self.values) + flags

    @property
    def takes_bools(self) -> bool:
        """Whether the set holds 'true' and 'false', which Python's True and False also give."""
        return "true" in self.values and "false" in self.values

    def allowed(self) -> str:
        return "one of " + ", ".join(repr(v) for v in self.values) + (" (in any letter case)" if self.any_case else "")

    def to_xml(self, value: object) -> tuple[object, str]:
        if type(value) is str and value in self.values:
            return value, value
        if isinstance(value, str):
            value = plain_str(value)  # a StrEnum member: its value
            if value in self.values:
                return value, value
        elif (value is True or value is False) and self.takes_bools:
            # Kept as the listed text, as reading the TwiML gives it.
            text = "true" if value else "false"
            return text, text
        folded = self._folded(value) if (self.fold_case or self.any_case) and isinstance(value, str) else None
        if folded is not None and self.any_case:
            return folded, folded
        if folded is not None:
            raise Invalid(
                f"got {_show(value)}; expected {self.allowed()} (Twilio reads any letter case, "
                f"twimlkit writes the value as listed: {folded!r})"
            )
        raise Invalid(f"got {_show(value)}; expected {self.allowed()}")

    def _folded(self, text: str) -> str | None:
        key = text.strip().lower()
        for value in self.values:
            if value.lower() == key:
                return value
        return None

    def fast(self, prefix: str) -> Callable[[object], str | None] | None:
        rendered = {value: prefix + value + '"' for value in self.values if plain(value)}

        def render(value: object) -> str | None:
            return rendered.get(value) if type(value) is str else None

        return render

    def from_xml(self, text: str) -> object:
        if text in self.values:
            return text
        if self.fold_case or self.any_case:
            folded = self._folded(text)
            if folded is not None:
                return folded
        raise Invalid(f"got {text!r}; expected {self.allowed()}")


@attrs.frozen
class ChoiceList(Kind):
    """Several distinct values of a closed set, written separated by ``sep``.

    A single value may be given as a plain string; a sequence keeps its order. The value
    is kept as a tuple (``"answered"`` is kept as ``("answered",)``), which is also what
    reading the XML gives back.
    """

    values: tuple[str, ...]
    sep: str = " "

    @property
    def annotation(self) -> str:  # type: ignore[override]
        lit = _literal(self.values)
        return f"{lit} | Sequence[{lit}]"

    def allowed(self) -> str:
        sep = "spaces" if self.sep == " " else repr(self.sep)
        return f"one or more of {', '.join(repr(v) for v in self.values)} (a list, written separated by {sep})"

    def to_xml(self, value: object) -> tuple[object, str]:
        if isinstance(value, str):
            items: tuple[object, ...] = (
                tuple(value.split()) if self.sep == " " else tuple(part.strip() for part in value.split(self.sep))
            )
        elif isinstance(value, Sequence):
            # StrEnum members and other str subclasses are kept as their plain value.
            items = tuple(plain_str(item) if isinstance(item, str) else item for item in value)
        else:
            raise Invalid(f"got {_show(value)} ({type(value).__name__}); expected {self.allowed()}")
        if not items:
            raise Invalid(f"got an empty list; expected {self.allowed()}")
        for item in items:
            if item not in self.values or type(item) is not str:
                raise Invalid(f"got {_show(item)} in {_show(value)}; expected {self.allowed()}")
        if len(set(items)) != len(items):
            raise Invalid(f"got {_show(value)}, which repeats a value; expected {self.allowed()}")
        return items, self.sep.join(items)  # type: ignore[arg-type]

    def fast(self, prefix: str) -> Callable[[object], str | None] | None:
        allowed = frozenset(v for v in self.values if plain(v))
        sep = self.sep

        # The same few combinations recur (status callback events): remember them.
        seen: dict[tuple[object, ...], str] = {}

        def render(value: object) -> str | None:
            # A str is kept as a tuple, so only sequences take the shortcut, and only of
            # plain str items: a tuple of str subclasses equals one of plain str, and the
            # full check decides what is kept of it.
            if type(value) is not tuple and type(value) is not list:
                return None
            assert isinstance(value, list | tuple)
            if not all(type(item) is str for item in value):
                return None
            if type(value) is tuple:
                piece = seen.get(value)
                if piece is not None:
                    return piece
            if value and all(item in allowed for item in value) and len(set(value)) == len(value):
                piece = prefix + sep.join(value) + '"'
                if type(value) is tuple and len(seen) < _MEMO_SIZE and admit(2 * len(piece)):
                    seen[value] = piece
                return piece
            return None

        return render

    def from_xml(self, text: str) -> object:
        # Checked where every value is checked: when the node is built.
        return tuple(text.split()) if self.sep == " " else tuple(p.strip() for p in text.split(self.sep))


@attrs.frozen
class StrList(Kind):
    """Free-text items written separated by ``sep`` (Gather ``hints``: phrases and commas).

    A plain string is taken as already written; a sequence is joined. The value is kept
    as the written string, which is also what reading the XML gives back.
    """

    sep: str = ","
    max_items: int | None = None
    max_item_length: int | None = None
    annotation: str = attrs.field(init=False, default="str | Sequence[str]")

    def allowed(self) -> str:
        text = f"a string or a list of strings, written separated by {self.sep!r}"
        limits = []
        if self.max_items is not None:
            limits.append(f"at most {self.max_items} items")
        if self.max_item_length is not None:
            limits.append(f"each at most {self.max_item_length} characters")
        return text + (" (" + ", ".join(limits) + ")" if limits else "")

    def to_xml(self, value: object) -> tuple[object, str]:
        if isinstance(value, str):
            kept: object = value
            items = [item.strip() for item in value.split(self.sep)] if value.strip() else []
            text = value
        elif isinstance(value, Sequence) and all(isinstance(item, str) for item in value):
            items = list(value)
            for item in items:
                if self.sep in item:
                    raise Invalid(f"got item {_show(item)}, which contains the separator {self.sep!r}")
            text = self.sep.join(items)
            kept = text
        else:
            raise Invalid(f"got {_show(value)} ({type(value).__name__}); expected {self.allowed()}")
        if self.max_items is not None and len(items) > self.max_items:
            raise Invalid(f"got {len(items)} items; expected {self.allowed()}")
        if self.max_item_length is not None:
            for item in items:
                if len(item) > self.max_item_length:
                    raise Invalid(f"got item {_show(item)} of {len(item)} characters; expected {self.allowed()}")
        _check_chars(text)
        return kept, text

    def from_xml(self, text: str) -> object:
        return text


# Shapes that several elements share; stated once here, used by the vocabulary.
HEX32: Final = "[0-9a-fA-F]{32}"


# Runs of x (ISxxxxxxxx...) are how documentation samples write a SID to fill in.
_X_RUN: Final = re.compile(r"[xX]{3,}")


@attrs.frozen
class Sid(Str):
    """A Twilio SID: ``prefix`` and 32 hex digits.

    A refused value that looks like a documentation placeholder (runs of ``x``, or the
    right prefix with too few or too many hex digits, as in Twilio's own samples) is
    called one in the message, so the fix is obvious.
    """

    prefix: str = ""

    def to_xml(self, value: object) -> tuple[object, str]:
        try:
            return super().to_xml(value)
        except Invalid as exc:
            if isinstance(value, str) and self.looks_like_placeholder(str(value)):
                raise Invalid(
                    f"got {_show(str(value))}; this looks like a placeholder: expected {self.allowed()}", exc.code
                ) from None
            raise

    def looks_like_placeholder(self, value: str) -> bool:
        """Whether ``value`` is a SID to fill in rather than a mistyped one."""
        if _X_RUN.search(value) is not None:
            return True
        digits = value[len(self.prefix) :]
        return value.startswith(self.prefix) and bool(digits) and all(c in "0123456789abcdefABCDEF" for c in digits)


def sid(prefix: str, what: str) -> Sid:
    """A Twilio SID: two letters and 32 hex digits."""
    return Sid(pattern=prefix + HEX32, shape=f"{what} ({prefix} followed by 32 hex digits)", prefix=prefix)
