"""Nodes in notebooks and IPython: pretty TwiML, coloured HTML that shows exactly that TwiML
(every text escaped, no script, no external asset), and a document's lint warnings."""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import given, settings

from tests.strategies import documents
from twimlkit import Comment, Dial, Hangup, MessagingResponse, Queue, Redirect, Say, VoiceResponse
from twimlkit._document import Document

TAG = re.compile(r"<[^>]+>")


def shown_text(markup: str) -> str:
    """What the HTML shows as text inside its <pre>."""
    inner = markup.split("<pre", 1)[1].split(">", 1)[1].rsplit("</pre>", 1)[0]
    return html.unescape(TAG.sub("", inner))


@settings(max_examples=150, deadline=None)
@given(documents())
def test_the_html_shows_exactly_the_pretty_twiml(doc: VoiceResponse | MessagingResponse) -> None:
    bundle = doc._repr_mimebundle_()
    xml = doc.to_xml(pretty=True)
    assert bundle["application/xml"] == xml
    assert shown_text(bundle["text/html"]) == xml
    assert bundle["text/plain"].startswith(xml)
    assert doc._repr_html_() == bundle["text/html"]


def test_user_text_stays_text() -> None:
    doc = VoiceResponse(Say('<script>alert("hi")</script> & <b>bold</b>'), Redirect("/next?a=1&b=<x>"))
    markup = doc._repr_html_()
    assert "<script" not in markup
    assert "<b>" not in markup
    assert "&amp;lt;script&amp;gt;" in markup  # the XML's &lt;script&gt;, shown as written
    assert shown_text(markup) == doc.to_xml(pretty=True)


def test_inline_styles_only() -> None:
    markup = VoiceResponse(Dial(Queue("radio"), hangup_on_star=True))._repr_html_()
    for forbidden in ("<script", "<link", "<style", "<img", "src=", "href=", "http://", "https://", "@import"):
        assert forbidden not in markup
    assert 'style="color:' in markup


def test_a_documents_display_shows_its_lint_warnings() -> None:
    doc = VoiceResponse(Hangup(), Say("never said"))
    [warning] = doc.lint()
    bundle = doc._repr_mimebundle_()
    assert bundle["text/plain"].endswith("lint: " + str(warning))
    assert html.escape(str(warning)) in bundle["text/html"]
    assert "lint" not in VoiceResponse(Hangup())._repr_mimebundle_()["text/plain"]
    assert "<ul" not in Say("fine")._repr_html_()  # a node alone has no document warnings


def test_ipython_prints_the_plain_text() -> None:
    from IPython.lib import pretty

    doc = VoiceResponse(Hangup(), Say("never said"))
    assert pretty.pretty(doc) == doc._repr_mimebundle_()["text/plain"]


def test_include_and_exclude() -> None:
    doc = VoiceResponse(Hangup())
    assert set(doc._repr_mimebundle_(include=["application/xml"])) == {"application/xml"}
    assert set(doc._repr_mimebundle_(exclude=["text/html"])) == {"text/plain", "application/xml"}


def test_a_comment_shows_too() -> None:
    bundle = Comment("a note")._repr_mimebundle_()
    assert bundle["text/plain"] == "<!--a note-->"
    assert shown_text(bundle["text/html"]) == "<!--a note-->"


def test_a_tree_that_cannot_be_written_shows_why(monkeypatch: pytest.MonkeyPatch) -> None:
    from twimlkit import ValidationError

    doc = VoiceResponse(Hangup())

    def refuse(self: Document, **_: object) -> str:
        raise ValidationError("Response", "the document is 70,000 bytes of UTF-8", 11750)

    monkeypatch.setattr(Document, "to_xml", refuse)
    bundle = doc._repr_mimebundle_()
    assert "cannot be written" in bundle["text/plain"]
    assert "application/xml" not in bundle
    assert "11750" in bundle["text/html"]


def test_a_class_prints_as_a_class() -> None:
    """Printers that take _repr_pretty_ from what they print (hypothesis's) get a class's
    own repr, not a node's TwiML."""
    from hypothesis.vendor.pretty import pretty

    assert pretty(Say) == repr(Say)
    assert pretty(VoiceResponse(Hangup())) == VoiceResponse(Hangup())._repr_mimebundle_()["text/plain"]
