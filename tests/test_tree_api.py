"""Reading, searching and changing trees: typed attribute access, ``iter``/``find``/
``find_all``, ``replace``/``with_children``, and signatures that ``inspect``, ``help`` and
jedi (IPython's completer) read."""

from __future__ import annotations

import ast
import inspect
import pydoc
import subprocess
import sys
from pathlib import Path

import attrs
import jedi
import pytest

import twimlkit
from twimlkit import (
    Comment,
    Dial,
    Element,
    Gather,
    Hangup,
    Number,
    Play,
    Queue,
    Redirect,
    Say,
    ValidationError,
    VoiceResponse,
    parse,
)
from twimlkit._vocabulary import SPECS
from twimlkit.ssml import Break, Prosody

ROOT = Path(__file__).resolve().parent.parent
CLASSES = {name: getattr(twimlkit.ssml if spec.domain == "ssml" else twimlkit, name) for name, spec in SPECS.items()}

DOC = VoiceResponse(
    Gather(Say("Press 1", Break(time="1s"), voice="alice"), Play("https://example.com/a.mp3"), num_digits=1),
    Comment("then"),
    Say("Bye", Prosody("now", rate="slow")),
    Dial(Queue("radio"), hangup_on_star=True),
    Hangup(),
)


class TestAttributeAccess:
    def test_each_keyword_reads_its_value_or_none(self) -> None:
        dial = Dial(Queue("radio"), hangup_on_star=True, timeout=20)
        assert dial.hangup_on_star is True
        assert dial.timeout == 20
        assert dial.time_limit is None
        assert Say("x", voice="alice").voice == "alice"
        assert Redirect("/next").method is None

    def test_a_parsed_node_reads_the_same(self) -> None:
        read = parse(DOC.to_xml())
        gather = read.find(Gather)
        assert gather is not None
        assert gather.num_digits == 1
        assert gather.find(Say) is not None
        assert gather.find(Say).voice == "alice"  # type: ignore[union-attr]

    def test_every_attribute_of_every_class_is_readable(self) -> None:
        for name, spec in SPECS.items():
            cls = CLASSES[name]
            for attr in spec.attributes:
                descriptor = inspect.getattr_static(cls, attr.name, None)
                assert repr(descriptor) == f"<attribute {attr.name!r}>", f"{name}.{attr.name} is {descriptor!r}"
        # A node's own members are never attribute keywords (they would shadow them).
        members = set(dir(twimlkit.Document)) | set(dir(Element))
        clashes = {
            (name, attr.name) for name, spec in SPECS.items() for attr in spec.attributes if attr.name in members
        }
        assert not clashes

    def test_an_unknown_name_is_an_attribute_error_with_a_hint(self) -> None:
        with pytest.raises(AttributeError, match="'Dial' object has no attribute 'hangup_onstar'") as caught:
            Dial("+15558675310").hangup_onstar  # type: ignore[attr-defined]  # noqa: B018
        assert caught.value.name == "hangup_onstar"
        # The keywords are real class attributes, so Python's own hint finds them.
        code = "import twimlkit; twimlkit.Dial('+15558675310').hangup_onstar"
        shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False).stderr
        assert "Did you mean: 'hangup_on_star'?" in shown
        with pytest.raises(AttributeError, match="no attribute 'voice'"):
            Element("Future").voice  # type: ignore[attr-defined]  # noqa: B018
        assert not hasattr(Dial("+15558675310"), "_nothing")

    def test_attributes_are_read_only(self) -> None:
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            Dial("+15558675310").timeout = 5  # type: ignore[misc]

    def test_dir_lists_the_keywords(self) -> None:
        assert {"hangup_on_star", "timeout", "find", "replace"} <= set(dir(Dial("+15558675310")))


class TestIter:
    def test_depth_first_in_document_order_self_first(self) -> None:
        names = [type(node).__name__ for node in DOC.iter()]
        assert names == ["VoiceResponse", "Gather", "Say", "Break", "Play", "Say", "Prosody", "Dial", "Queue", "Hangup"]

    def test_filtered_by_class(self) -> None:
        assert [say.text for say in DOC.iter(Say)] == ["Press 1", "Bye"]
        assert [type(node).__name__ for node in DOC.iter(Play, Queue)] == ["Play", "Queue"]
        assert list(DOC.iter(twimlkit.Node)) == list(DOC.iter())
        assert list(Hangup().iter(Hangup)) == [Hangup()]

    def test_find_and_find_all(self) -> None:
        assert DOC.find(Say) == DOC.children[0].children[0]
        assert DOC.find(Number) is None
        assert DOC.find_all(Say) == [DOC.children[0].children[0], DOC.children[2]]
        assert DOC.find_all(Number) == []
        assert DOC.find(VoiceResponse) is DOC

    def test_a_parsed_tree_searches_like_a_built_one(self) -> None:
        read = parse(DOC.to_xml(pretty=True))
        assert read.find_all(Say) == DOC.find_all(Say)
        assert [type(node) for node in read.iter()] == [type(node) for node in DOC.iter()]

    def test_elements_are_nodes_too(self) -> None:
        doc = parse("<Response><Future><Say>x</Say></Future></Response>", strict=False)
        assert [node.tag for node in doc.iter()] == ["Response", "Future", "Say"]
        assert doc.find(Element) is not None
        assert doc.find(Say) == Say("x")

    def test_anything_but_a_node_class_is_refused(self) -> None:
        for wrong in ("Say", Say("x"), Comment, int):
            with pytest.raises(TypeError, match="iter\\(\\) takes node classes"):
                list(DOC.iter(wrong))  # type: ignore[arg-type]

    def test_a_very_deep_tree(self) -> None:
        inner: Prosody | str = "x"
        for _ in range(250):
            inner = Prosody(inner)
        doc = VoiceResponse(Say(inner))
        assert len(doc.find_all(Prosody)) == 250


class TestReplace:
    def test_changes_attributes_and_keeps_the_rest(self) -> None:
        gather = Gather(Say("x"), num_digits=1, timeout=5)
        changed = gather.replace(timeout=10, action="/next")
        assert changed == Gather(Say("x"), num_digits=1, timeout=10, action="/next")
        assert gather.timeout == 5
        assert changed.replace(action=None) == Gather(Say("x"), num_digits=1, timeout=10)

    def test_a_value_element_keeps_its_text(self) -> None:
        assert Redirect("/next").replace(method="GET") == Redirect("/next", method="GET")

    def test_checked_as_building_checks(self) -> None:
        with pytest.raises(ValidationError, match="timeout=3 is not allowed"):
            Dial("+15558675310").replace(timeout=3)
        with pytest.raises(ValidationError, match="did you mean 'hangup_on_star'"):
            Dial("+15558675310").replace(hangup_onstar=True)
        with pytest.raises(TypeError, match="keywords only"):
            Dial("+15558675310").replace("x")

    def test_with_children(self) -> None:
        dial = Dial(Queue("a"), hangup_on_star=True)
        assert dial.with_children(Number("+15558675310")) == Dial(Number("+15558675310"), hangup_on_star=True)
        assert Redirect("/a", method="GET").with_children("/b") == Redirect("/b", method="GET")
        with pytest.raises(ValidationError, match="cannot contain <Say>"):
            dial.with_children(Say("x"))

    def test_a_parsed_document_changes_like_a_built_one(self) -> None:
        read = parse(DOC.to_xml())
        gather = read.find(Gather)
        assert gather is not None
        assert gather.replace(timeout=3) == DOC.children[0].replace(timeout=3)
        assert read.with_children(*read.children[1:]) == DOC.with_children(*DOC.children[1:])

    def test_elements(self) -> None:
        future = Element("Future", "text", flag=True)
        assert future.replace(flag=None, n=2) == Element("Future", "text", n=2)
        assert future.with_children("other") == Element("Future", "other", flag=True)

    def test_attrs_evolve_points_to_replace(self) -> None:
        for node in (Gather(Say("x"), timeout=5), parse(DOC.to_xml()).children[0], Element("Future", a="1")):
            with pytest.raises(ValidationError, match=r"node\.replace\(\.\.\.\)"):
                attrs.evolve(node, timeout=10)


def _generated_init(name: str) -> ast.FunctionDef:
    """The ``__init__`` that type checkers read for class ``name`` in ``_elements.pyi``."""
    tree = ast.parse((ROOT / "twimlkit" / "_elements.pyi").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name == name:
            for function in node.body:
                if isinstance(function, ast.FunctionDef) and function.name == "__init__":
                    return function
    raise AssertionError(f"no typed __init__ for {name}")


class TestSignatures:
    def test_dial_lists_every_keyword_with_its_type(self) -> None:
        signature = inspect.signature(Dial)
        hangup = signature.parameters["hangup_on_star"]
        assert hangup.kind is inspect.Parameter.KEYWORD_ONLY
        assert hangup.default is None
        assert hangup.annotation == "bool | None"
        assert signature.parameters["children"].kind is inspect.Parameter.VAR_POSITIONAL
        assert list(signature.parameters)[1:] == [attr.name for attr in SPECS["Dial"].attributes]

    def test_a_value_element_takes_one_positional_text(self) -> None:
        parameters = list(inspect.signature(Redirect).parameters.values())
        assert [(p.name, p.kind) for p in parameters] == [
            ("text", inspect.Parameter.POSITIONAL_ONLY),
            ("children", inspect.Parameter.VAR_POSITIONAL),
            ("method", inspect.Parameter.KEYWORD_ONLY),
        ]

    @pytest.mark.parametrize("name", list(SPECS))
    def test_run_time_and_static_signatures_agree(self, name: str) -> None:
        function = _generated_init(name)
        static = [arg.arg for arg in function.args.posonlyargs[1:] + function.args.args[1:]]
        assert function.args.vararg is not None
        static.append(function.args.vararg.arg)
        static += [arg.arg for arg in function.args.kwonlyargs]
        annotations = [
            ast.unparse(arg.annotation)  # type: ignore[arg-type]
            for arg in [*function.args.posonlyargs[1:], function.args.vararg, *function.args.kwonlyargs]
        ]
        signature = inspect.signature(CLASSES[name])
        assert list(signature.parameters) == static
        assert [ast.unparse(ast.parse(p.annotation, mode="eval").body) for p in signature.parameters.values()] == (
            annotations
        )

    def test_help_shows_the_keywords(self) -> None:
        text = pydoc.render_doc(Dial, renderer=pydoc.plaintext)
        assert "hangup_on_star: 'bool | None' = None" in text
        assert "Let the caller end the dialed leg by pressing *" in text

    def test_base_classes_keep_their_own_signatures(self) -> None:
        assert list(inspect.signature(Element).parameters) == ["tag", "children", "attributes"]
        assert "__signature__" not in vars(twimlkit.Node) or twimlkit.Node.__signature__ is None


class TestCompletion:
    """What IPython and Jupyter offer: jedi, from the source (``Script``) and from the
    running objects (``Interpreter``, which IPython uses)."""

    @pytest.mark.parametrize(
        ("code", "expected"),
        [
            ("Dial(hang", {"hangup_on_star="}),
            ("Enqueue('q', wait", {"wait_url=", "wait_url_method="}),
            ("Say('x', vo", {"voice="}),
            ("Redirect('/next', meth", {"method="}),
        ],
    )
    def test_keywords_are_completed(self, code: str, expected: set[str]) -> None:
        source = f"from twimlkit import Dial, Enqueue, Redirect, Say\n{code}"
        script = jedi.Script(source, path=str(ROOT / "completion_case.py"))
        assert expected <= {c.name_with_symbols for c in script.complete(2, len(code))}
        interpreter = jedi.Interpreter(code, [vars(twimlkit)])
        assert expected <= {c.name_with_symbols for c in interpreter.complete(1, len(code))}

    def test_attributes_are_completed_on_a_node(self) -> None:
        dial = Dial("+15558675310", hangup_on_star=True)
        interpreter = jedi.Interpreter("dial.hang", [{"dial": dial}])
        assert "hangup_on_star" in {c.name for c in interpreter.complete(1, 9)}
        source = "from twimlkit import Dial\nDial('+15558675310').hang"
        script = jedi.Script(source, path=str(ROOT / "completion_case.py"))
        assert "hangup_on_star" in {c.name for c in script.complete(2, 25)}

    def test_the_signature_is_shown(self) -> None:
        interpreter = jedi.Interpreter("Dial(", [vars(twimlkit)])
        (signature,) = interpreter.get_signatures(1, 5)
        assert "hangup_on_star" in {param.name for param in signature.params}
