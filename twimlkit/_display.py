"""How nodes show in notebooks and IPython: pretty TwiML, syntax-coloured in HTML with
inline styles (no JavaScript, no external assets, every text escaped), with a document's
lint warnings below it."""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING, Any, Final

from .exceptions import ValidationError

if TYPE_CHECKING:
    from ._node import Comment, Node

__all__ = ["html_of", "mimebundle", "plain_text"]

# Colours that read on light and dark backgrounds alike.
_STYLES: Final = {
    "declaration": "color:#808080",
    "comment": "color:#808080;font-style:italic",
    "tag": "color:#2f6fbf;font-weight:bold",
    "name": "color:#9a6700",
    "value": "color:#1a7f37",
    "text": "",
}
_BOX: Final = (
    "font-family:ui-monospace,Menlo,Consolas,monospace;font-size:13px;line-height:1.45;margin:0;white-space:pre-wrap"
)
_WARNINGS: Final = (
    "margin:.4em 0 0;padding-left:1.4em;color:#9a6700;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px"
)

# The pieces of TwiML as twimlkit writes it: the declaration, comments, tags (their name,
# then each attribute), and text between them.
_PIECE: Final = re.compile(
    r"(<\?xml.*?\?>)|(<!--.*?-->)|(</?)([^\s/>]+)((?:\s+[^\s=]+=\"[^\"]*\")*)(\s*/?>)|([^<]+)", re.S
)
_ATTRIBUTE: Final = re.compile(r"(\s+)([^\s=]+)(=)(\"[^\"]*\")")


def _span(kind: str, text: str) -> str:
    style = _STYLES[kind]
    escaped = html.escape(text, quote=True)
    return f'<span style="{style}">{escaped}</span>' if style else escaped


def _coloured(xml: str) -> str:
    out: list[str] = []
    covered = 0
    for match in _PIECE.finditer(xml):
        if match.start() != covered:
            return html.escape(xml)  # a piece these patterns do not know: shown, uncoloured
        covered = match.end()
        declaration, comment, opening, name, attributes, closing, text = match.groups()
        if declaration:
            out.append(_span("declaration", declaration))
        elif comment:
            out.append(_span("comment", comment))
        elif name:
            out.append(_span("tag", opening + name))
            for space, key, equals, value in _ATTRIBUTE.findall(attributes or ""):
                out.append(space + _span("name", key) + equals + _span("value", value))
            out.append(_span("tag", closing))
        else:
            out.append(_span("text", text))
    return "".join(out) if covered == len(xml) else html.escape(xml)


def _written(node: Node | Comment) -> tuple[str, list[str]]:
    """The pretty TwiML and the lint warnings (documents only) of ``node``; a tree that
    cannot be written shows why instead."""
    try:
        xml = node.to_xml(pretty=True)
    except ValidationError as error:
        return "", [f"cannot be written: {error}"]
    lint = getattr(node, "lint", None)
    return xml, [str(warning) for warning in lint()] if callable(lint) else []


def plain_text(node: Node | Comment) -> str:
    """The pretty TwiML, then one line per lint warning."""
    xml, warnings = _written(node)
    return "\n".join([xml, *(f"lint: {warning}" for warning in warnings)]) if xml else "\n".join(warnings)


def html_of(node: Node | Comment) -> str:
    """The pretty TwiML, syntax-coloured, in a ``<pre>``; then the lint warnings."""
    xml, warnings = _written(node)
    shown = f'<pre style="{_BOX}">{_coloured(xml)}</pre>' if xml else ""
    if warnings:
        items = "".join(f"<li>{html.escape(warning)}</li>" for warning in warnings)
        shown += f'<ul style="{_WARNINGS}" aria-label="warnings">{items}</ul>'
    return f'<div class="twimlkit">{shown}</div>'


def mimebundle(node: Node | Comment, include: Any = None, exclude: Any = None) -> dict[str, str]:
    """What Jupyter shows: coloured HTML, the TwiML itself, and text for terminals."""
    bundle = {"text/plain": plain_text(node), "text/html": html_of(node)}
    xml, _warnings = _written(node)
    if xml:
        bundle["application/xml"] = xml
    if include:
        bundle = {kind: value for kind, value in bundle.items() if kind in include}
    if exclude:
        bundle = {kind: value for kind, value in bundle.items() if kind not in exclude}
    return bundle
