"""The shape of the vocabulary: what an element, its attributes and its children are.

The vocabulary modules (``twimlkit._vocabulary``) state every TwiML element with these
classes, once. Node classes, the parser's lookup, the code generator and the reference
docs all read them.
"""

from __future__ import annotations

import enum
import keyword
import re
from typing import Literal

import attrs

from ._kinds import Kind

__all__ = ["Attr", "Child", "ElementSpec", "Text", "python_name"]

Domain = Literal["voice", "messaging", "shared", "ssml"]


def python_name(xml_name: str) -> str:
    """The Python keyword for an XML attribute name.

    camelCase becomes snake_case, SSML's ``interpret-as`` and ``xml:lang`` become
    ``interpret_as`` and ``xml_lang``, and Python keywords get a trailing underscore.
    """
    name = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", xml_name).replace("-", "_").replace(":", "_").lower()
    return name + "_" if keyword.iskeyword(name) else name


class Text(enum.Enum):
    """What text an element may hold.

    ``VALUE`` / ``REQUIRED_VALUE``: one piece of text that is a value (a number, a URL, a
    queue name), kept without its surrounding whitespace, which Twilio strips.
    ``CONTENT``: words to speak or send, mixed freely with child elements, whitespace kept.
    """

    NONE = "none"
    VALUE = "value"
    REQUIRED_VALUE = "required value"
    CONTENT = "content"
    REQUIRED_CONTENT = "required content"

    @property
    def allowed(self) -> bool:
        return self is not Text.NONE

    @property
    def required(self) -> bool:
        return self in (Text.REQUIRED_VALUE, Text.REQUIRED_CONTENT)

    @property
    def is_content(self) -> bool:
        return self in (Text.CONTENT, Text.REQUIRED_CONTENT)


@attrs.frozen
class Attr:
    """One attribute: its XML name, its kind, and the Twilio code an invalid value earns."""

    xml: str
    kind: Kind
    doc: str = ""
    default: str | None = None
    code: int | None = None
    name: str = attrs.field(init=False)

    @name.default
    def _name(self) -> str:
        return python_name(self.xml)


@attrs.frozen
class Child:
    """An allowed child element, by class name, with an optional cap on how many."""

    name: str
    max: int | None = None
    code: int | None = None


@attrs.frozen
class ElementSpec:
    """One TwiML element as Twilio documents it.

    ``name`` is the Python class name, ``tag`` the XML tag. ``text_kind`` validates the
    text of ``VALUE`` elements and bounds ``CONTENT`` (its ``max_length`` caps the total
    text); ``text_code`` is the Twilio code for invalid text and for missing text unless
    ``text_missing_code`` names another. Checks that span
    several attributes or children live in ``twimlkit._rules``.
    ``verb`` marks elements that sit directly in ``<Response>``.
    """

    name: str
    tag: str
    domain: Domain
    doc: str
    text: Text = Text.NONE
    text_kind: Kind | None = None
    text_code: int | None = None
    text_missing_code: int | None = None
    text_doc: str = ""
    attributes: tuple[Attr, ...] = ()
    children: tuple[Child, ...] = ()
    verb: bool = False
    url: str = ""

    @property
    def one_value(self) -> bool:
        """Whether the element holds one value and no elements (``Redirect``, ``Number``):
        it takes that value as one positional text, and only comments besides."""
        return not self.children and self.text in (Text.VALUE, Text.REQUIRED_VALUE)

    def parameters(self) -> list[tuple[str, str, str]]:
        """The constructor's parameters as (how, name, type): how is ``"text"`` (the one
        positional value, None by default), ``"children"`` (``*children``) or ``"keyword"``
        (keyword-only, None by default). The generated signature that type checkers and
        editors read and the run-time ``inspect.signature`` both come from here."""
        out: list[tuple[str, str, str]] = []
        if self.one_value:
            out += [("text", "text", "str | Comment | None"), ("children", "children", "Comment")]
        elif self.children or self.text is not Text.NONE:
            out.append(("children", "children", f"{self.name}Child"))
        else:
            # Still taken at run time, so that a mistake is a ValidationError like any other.
            out.append(("children", "children", "Never"))
        out += [("keyword", attr.name, f"{attr.kind.annotation} | None") for attr in self.attributes]
        return out

    def attribute(self, name: str) -> Attr | None:
        for attr in self.attributes:
            if attr.name == name:
                return attr
        return None
