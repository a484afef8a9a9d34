"""Speed of building, writing and reading TwiML: twimlkit against Twilio's helper and lxml.

    python bench/run.py            # full run
    python bench/run.py --quick    # fewer rounds (used by the test suite's smoke test)

All contenders build the same realistic document from scratch and write it to bytes,
interleaved round by round in one process so that machine noise hits them alike; the
best round of each is compared. Targets (validation on): twimlkit at least 2x faster
than Twilio's helper and at most 1.5x the raw-lxml time. A second table shows the time
per element for documents of 10 to 2,000 elements, which should stay flat.

Tokens: a capability token (incoming, outgoing with params) and an access token with a
voice grant, made and signed, against Twilio's helper; target: no slower (ratio <= 1).

Reading (run first, in a fresh process, before any build fills the constructors'
remembered checks): ``twimlkit.parse`` (parse and validate) over every document of the
conformance corpus, against ``lxml.etree.fromstring`` alone on the same bytes. Each round
times every contender once, in a shuffled order, and takes its time over fromstring's in
that round; the figure is the median of those ratios. Reported apart: the accepted
documents (target at most 3.5x), the accepted documents with every text new in every
round (at most 3.5x), the refused documents (at most 8x), and all of them.

Import: ``import twimlkit`` against ``import twilio.twiml.voice_response``, each in fresh
processes, medians of interleaved rounds (``bench/imports.py``); target at most 4x.

Simulated calls: the radio flow of examples/radio_callin played 1,000 times in-process with
``twimlkit.sim`` (``bench/simulated_calls.py``): calls a second, and the simulator's time
against the app's; target: the simulator costs less than the app.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import statistics
import subprocess
import sys
import time
import timeit
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import simulated_calls  # bench/simulated_calls.py
from imports import import_ratio  # bench/imports.py
from lxml import etree
from twilio.jwt.access_token import AccessToken as TwilioAccessToken
from twilio.jwt.access_token.grants import VoiceGrant as TwilioVoiceGrant
from twilio.jwt.client import ClientCapabilityToken
from twilio.twiml import voice_response as tw

import twimlkit as tk
import twimlkit.ssml
from twimlkit import tokens
from twimlkit._kinds import Bool, Choice, ChoiceList, Invalid, Kind
from twimlkit._spec import ElementSpec
from twimlkit._vocabulary import MESSAGING_RESPONSE, SPECS, VOICE_RESPONSE

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "corpus" / "api-snippets"

WHISPER = "https://example.com/whisper"
NEXT = "https://example.com/next-caller"
OPTIONS = [f"Press {i} for {name} & more" for i, name in enumerate(["sales", "support", "billing", "press", "jobs"])]


def build_twimlkit() -> bytes:
    return tk.VoiceResponse(
        tk.Dial(
            tk.Queue("radio-callin-queue", url=WHISPER, method="POST"),
            hangup_on_star=True,
            timeout=20,
        ),
        tk.Redirect(NEXT, method="POST"),
        tk.Gather(
            *[tk.Say(text, voice="Polly.Joanna") for text in OPTIONS],
            input=["dtmf", "speech"],
            num_digits=1,
            timeout=5,
            action="/menu",
        ),
        tk.Say("Thanks for calling the show", loop=2),
        tk.Hangup(),
    ).to_bytes()


_fresh = itertools.count()


def build_twimlkit_fresh() -> bytes:
    """As build_twimlkit, but every text is new (no remembered checks help)."""
    n = next(_fresh)
    return tk.VoiceResponse(
        tk.Dial(tk.Queue(f"queue-{n}", url=WHISPER, method="POST"), hangup_on_star=True, timeout=20),
        tk.Redirect(f"{NEXT}?n={n}", method="POST"),
        tk.Gather(
            *[tk.Say(f"{text} {n}", voice="Polly.Joanna") for text in OPTIONS],
            input=["dtmf", "speech"],
            num_digits=1,
            timeout=5,
            action="/menu",
        ),
        tk.Say(f"Thanks for calling the show {n}", loop=2),
        tk.Hangup(),
    ).to_bytes()


def build_lxml_fresh() -> bytes:
    """As build_lxml, with the same fresh texts as build_twimlkit_fresh."""
    n = next(_fresh)
    sub = etree.SubElement
    response = etree.Element("Response")
    dial = sub(response, "Dial", hangupOnStar="true", timeout="20")
    sub(dial, "Queue", url=WHISPER, method="POST").text = f"queue-{n}"
    sub(response, "Redirect", method="POST").text = f"{NEXT}?n={n}"
    gather = sub(response, "Gather", input="dtmf speech", numDigits="1", timeout="5", action="/menu")
    for text in OPTIONS:
        sub(gather, "Say", voice="Polly.Joanna").text = f"{text} {n}"
    sub(response, "Say", loop="2").text = f"Thanks for calling the show {n}"
    sub(response, "Hangup")
    return etree.tostring(response, xml_declaration=True, encoding="UTF-8")


def build_twilio() -> bytes:
    response = tw.VoiceResponse()
    dial = tw.Dial(hangup_on_star=True, timeout=20)
    dial.queue("radio-callin-queue", url=WHISPER, method="POST")
    response.append(dial)
    response.redirect(NEXT, method="POST")
    gather = tw.Gather(input="dtmf speech", num_digits=1, timeout=5, action="/menu")
    for text in OPTIONS:
        gather.say(text, voice="Polly.Joanna")
    response.append(gather)
    response.say("Thanks for calling the show", loop=2)
    response.hangup()
    return response.to_xml().encode()


def build_lxml() -> bytes:
    sub = etree.SubElement
    response = etree.Element("Response")
    dial = sub(response, "Dial", hangupOnStar="true", timeout="20")
    queue = sub(dial, "Queue", url=WHISPER, method="POST")
    queue.text = "radio-callin-queue"
    sub(response, "Redirect", method="POST").text = NEXT
    gather = sub(response, "Gather", input="dtmf speech", numDigits="1", timeout="5", action="/menu")
    for text in OPTIONS:
        sub(gather, "Say", voice="Polly.Joanna").text = text
    sub(response, "Say", loop="2").text = "Thanks for calling the show"
    sub(response, "Hangup")
    return etree.tostring(response, xml_declaration=True, encoding="UTF-8")


def sized(elements: int) -> Callable[[], bytes]:
    """A builder of a document with about ``elements`` elements (Gathers of four Says).

    Elements are kept small so that 2,000 of them stay under Twilio's 64 kB limit.
    """
    groups = max(1, elements // 5)

    def build() -> bytes:
        return tk.VoiceResponse(
            *[tk.Gather(*[tk.Say(str(i)) for i in range(4)], num_digits=g % 9 + 1) for g in range(groups)]
        ).to_bytes()

    return build


ACCOUNT = "AC" + "0123456789abcdef" * 2
APP = "AP" + "fedcba9876543210" * 2
API_KEY = "SK" + "00112233445566778899aabbccddeeff"
SECRET = "bench-secret-0123456789abcdef-32"  # 32 characters, as Twilio's are


def capability_twimlkit() -> str:
    return (
        tokens.CapabilityToken(ACCOUNT, SECRET)
        .allow_client_incoming("radio-dj")
        .allow_client_outgoing(APP, {"show": "morning"})
        .to_jwt(ttl=3600)
    )


def capability_twilio() -> str:
    token = ClientCapabilityToken(ACCOUNT, SECRET, ttl=3600)
    token.allow_client_incoming("radio-dj")
    token.allow_client_outgoing(APP, show="morning")
    return str(token.to_jwt())


def access_twimlkit() -> str:
    grant = tokens.VoiceGrant(outgoing_application_sid=APP, incoming_allow=True)
    return tokens.AccessToken(ACCOUNT, API_KEY, SECRET, identity="radio-dj", grants=[grant]).to_jwt()


def access_twilio() -> str:
    token = TwilioAccessToken(ACCOUNT, API_KEY, SECRET, identity="radio-dj")
    token.add_grant(TwilioVoiceGrant(outgoing_application_sid=APP, incoming_allow=True))
    return str(token.to_jwt())


def corpus() -> list[bytes]:
    """Every document of the conformance corpus, as bytes."""
    return [path.read_bytes() for path in sorted(CORPUS.iterdir()) if path.suffix in (".twiml", ".xml")]


def read_all(documents: list[bytes]) -> Callable[[], int]:
    """Parse and validate every document; returns how many twimlkit refused."""

    def run() -> int:
        refused = 0
        for data in documents:
            try:
                tk.parse(data)
            except tk.ParseError:
                refused += 1
        return refused

    return run


def lxml_all(documents: list[bytes]) -> Callable[[], int]:
    """lxml.etree.fromstring on every document (recovering for Polly's undeclared amazon:)."""
    recovering = etree.XMLParser(recover=True)

    def run() -> int:
        for data in documents:
            try:
                etree.fromstring(data)
            except etree.XMLSyntaxError:
                etree.fromstring(data, recovering)
        return 0

    return run


def walk_all(documents: list[bytes]) -> Callable[[], int]:
    """lxml.etree.fromstring, then a Python walk reading every element's tag, attributes,
    text and tail: the least any reader written in Python does on top of lxml."""
    recovering = etree.XMLParser(recover=True)

    def visit(element: etree._Element) -> int:
        count = len(element.items()) + len(element.text or "")
        for child in element:
            count += (visit(child) if isinstance(child.tag, str) else 0) + len(child.tail or "")
        return count

    def run() -> int:
        total = 0
        for data in documents:
            try:
                root = etree.fromstring(data)
            except etree.XMLSyntaxError:
                root = etree.fromstring(data, recovering)
            total += visit(root)
        return total

    return run


def constructors(documents: list[bytes]) -> list[Callable[[], object]]:
    """For each document twimlkit accepts, a function that builds its tree with the
    constructors (from the tree's repr, which is Python source): no XML involved."""
    names = {**vars(tk), **vars(twimlkit.ssml)}
    builders = []
    for data in documents:
        try:
            builders.append(eval("lambda: " + repr(tk.parse(data)), names))
        except tk.ParseError:
            continue
    return builders


def construct_all(documents: list[bytes]) -> Callable[[], int]:
    """Build the trees of the documents twimlkit accepts with the constructors."""
    builders = constructors(documents)

    def run() -> int:
        for build in builders:
            build()
        return len(builders)

    return run


# -- reading ---------------------------------------------------------------------------------

# The namespace twimlkit reads Polly's undeclared amazon: prefix in, and the declaration it adds.
_AMAZON = "urn:twimlkit:amazon-polly"
_XML = "http://www.w3.org/XML/1998/namespace"
_CHILDREN: dict[str, dict[str, ElementSpec]] = {
    name: {SPECS[child.name].tag: SPECS[child.name] for child in spec.children} for name, spec in SPECS.items()
}
_ROOT_CHILDREN = {**_CHILDREN[MESSAGING_RESPONSE.name], **_CHILDREN[VOICE_RESPONSE.name]}


def _letters(n: int) -> str:
    out = ""
    while True:
        n, digit = divmod(n, 26)
        out += "abcdefghijklmnopqrstuvwxyz"[digit]
        if not n:
            return out


def _accepts(kind: Kind | None, text: str) -> bool:
    """Whether ``kind`` takes ``text`` (its checks only: no remembered values are touched)."""
    if kind is None:
        return True
    try:
        kind.to_xml(kind.from_xml(text))
    except Invalid:
        return False
    return True


def _renewed(kind: Kind | None, text: str, n: int) -> str:
    """``text`` changed, for round ``n``, into another text ``kind`` takes; unchanged if the
    kind is a closed set or no change fits."""
    if isinstance(kind, Bool | Choice | ChoiceList):
        return text
    if text.isdigit():
        number = int(text)
        candidates = [str(number + n + 1), str(number - n - 1), str(max(0, number - 1)), str(number + 1)]
    else:
        tail = f"{n:x}"
        candidates = [
            text + str(n),
            text + _letters(n),
            text + "-" + _letters(n),
            text + "." + str(n),
            text[: -len(tail)] + tail,
            text[: -len(tail) - 1] + "a" + tail,
            text[: -len(_letters(n))] + _letters(n),
        ]
    for candidate in candidates:
        if candidate != text and candidate.strip() == candidate and _accepts(kind, candidate):
            return candidate
    return text


def _local(element: etree._Element) -> str:
    name = etree.QName(element)
    return f"amazon:{name.localname}" if name.namespace == _AMAZON else name.localname


def _attribute(key: str) -> str:
    name = etree.QName(key)
    prefix = {None: "", _XML: "xml:", _AMAZON: "amazon:"}.get(name.namespace, "")
    return prefix + name.localname


def _renew(element: etree._Element, spec: ElementSpec, n: int) -> None:
    """Change every open value and text under ``element`` (of ``spec``) for round ``n``."""
    by_xml = {attr.xml: attr for attr in spec.attributes}
    for key, value in element.items():
        attr = by_xml.get(_attribute(str(key)))
        if attr is not None:
            element.set(key, _renewed(attr.kind, str(value), n))
    content = spec.text.is_content
    word = " " + _letters(n)
    if element.text and element.text.strip():
        text = element.text
        if content:
            limit = getattr(spec.text_kind, "max_length", None)
            if limit is None or len("".join(element.itertext())) + len(word) <= limit:
                element.text = text + word
        else:
            core = text.strip()
            begin = text.index(core)
            element.text = text[:begin] + _renewed(spec.text_kind, core, n) + text[begin + len(core) :]
    lookup = _CHILDREN[spec.name] if spec is not VOICE_RESPONSE else _ROOT_CHILDREN
    for child in element:
        if isinstance(child.tag, str):
            child_spec = lookup.get(_local(child))
            if child_spec is not None:
                _renew(child, child_spec, n)
        if content and child.tail and child.tail.strip():
            child.tail += word


def renewed(data: bytes, n: int) -> bytes:
    """An accepted document with each of its open values and texts changed for round ``n``,
    so that no remembered check knows them; it stays valid, and twimlkit must accept it."""
    try:
        root = etree.fromstring(data)
        declared = False
    except etree.XMLSyntaxError:  # Polly's undeclared amazon: prefix
        head, sep, rest = data.partition(b"<Response")
        root = etree.fromstring(head + sep + f' xmlns:amazon="{_AMAZON}"'.encode() + rest)
        declared = True
    _renew(root, VOICE_RESPONSE, n)
    out = etree.tostring(root, encoding="UTF-8", xml_declaration=False)
    if declared:
        out = out.replace(f' xmlns:amazon="{_AMAZON}"'.encode(), b"")
    # What comes before the root (XML declaration, comments) is kept as written.
    return data[: data.index(b"<Response")] + out


def _timed(function: Callable[[], object], number: int) -> float:
    start = time.perf_counter()
    for _ in range(number):
        function()
    return (time.perf_counter() - start) / number


def interleaved(
    pairs: dict[str, tuple[Callable[[int], Callable[[], object]], Callable[[int], Callable[[], object]], int]],
    rounds: int,
) -> dict[str, list[tuple[float, float]]]:
    """Per-round times (contender, baseline) of each named pair.

    ``pairs`` maps a name to (contender for round n, baseline for round n, repeats). In each
    round every contender and every baseline runs, in a shuffled order.
    """
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in pairs}
    shuffle = random.Random(2024).shuffle
    for n in range(rounds):
        jobs = [(name, side) for name in pairs for side in (0, 1)]
        shuffle(jobs)
        taken: dict[tuple[str, int], float] = {}
        for name, side in jobs:
            taken[name, side] = _timed(pairs[name][side](n), pairs[name][2])
        for name in pairs:
            times[name].append((taken[name, 0], taken[name, 1]))
    return times


def reading(quick: bool) -> dict[str, float]:
    """The reading section: prints its lines and returns the median ratios."""
    rounds, repeats = (5, 1) if quick else (51, 3)
    documents = corpus()
    refused = read_all(documents)()
    print(f"Read the conformance corpus: {len(documents)} documents ({refused} refused with their rule)")
    accepted = [data for data in documents if read_all([data])() == 0]
    rejected = [data for data in documents if data not in accepted]
    # Every round's new documents, made before any is read.
    fresh = [[renewed(data, n + 1) for data in accepted] for n in range(rounds)]
    unchanged = sum(a == b for a, b in zip(fresh[0], accepted, strict=True))
    built = construct_all(accepted)

    def same(function: Callable[[], object]) -> Callable[[int], Callable[[], object]]:
        return lambda _n: function

    def new(make: Callable[[list[bytes]], Callable[[], object]]) -> Callable[[int], Callable[[], object]]:
        return lambda n: make(fresh[n])

    times = interleaved(
        {
            "accepted": (same(read_all(accepted)), same(lxml_all(accepted)), repeats),
            "new": (new(read_all), new(lxml_all), 1),
            "refused": (same(read_all(rejected)), same(lxml_all(rejected)), repeats * 3),
            "walk": (same(walk_all(accepted)), same(lxml_all(accepted)), repeats),
            "constructors": (same(built), same(lxml_all(accepted)), repeats),
        },
        rounds,
    )
    still_refused = sum(read_all(variant)() for variant in fresh)
    if still_refused:
        raise SystemExit(f"bench: twimlkit refused {still_refused} of the renewed documents; fix renewed()")
    medians = {name: statistics.median(ours / theirs for ours, theirs in pairs) for name, pairs in times.items()}
    # The whole corpus in each round: both parts' times added up.
    medians["all"] = statistics.median(
        (a[0] + r[0]) / (a[1] + r[1]) for a, r in zip(times["accepted"], times["refused"], strict=True)
    )
    print(f"  twimlkit.parse over lxml.etree.fromstring, median of {rounds} interleaved rounds:")
    print(f"  {len(accepted)} accepted, warm (the same every round): {medians['accepted']:5.2f}x (target <= 3.50)")
    print(f"  {len(accepted)} accepted, every text new each round:  {medians['new']:5.2f}x (target <= 3.50)")
    if unchanged:
        print(f"    ({unchanged} of them hold no open value or text to change)")
    print(f"  {len(rejected)} refused:                               {medians['refused']:5.2f}x (target <= 8.00)")
    print(f"  all {len(documents)}: twimlkit.parse takes {medians['all']:.2f}x the lxml.etree.fromstring time")
    print("  for scale, on the accepted documents:")
    print(f"    fromstring and a Python walk reading every tag, attribute and text: {medians['walk']:.2f}x")
    print(f"    building the same trees with the constructors, no XML at all: {medians['constructors']:.2f}x")
    return medians


_READ_MARK = "bench-reading:"


def reading_in_fresh_process(quick: bool) -> dict[str, float]:
    """Run the reading section in a new interpreter: nothing remembered yet, and nothing
    it remembers changes what the build sections measure."""
    command = [sys.executable, str(Path(__file__).resolve()), "--reading-only"] + (["--quick"] if quick else [])
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"bench: the reading section failed:\n{done.stdout}{done.stderr}")
    medians: dict[str, float] = {}
    for line in done.stdout.splitlines():
        if line.startswith(_READ_MARK):
            medians = json.loads(line[len(_READ_MARK) :])
        else:
            print(line)
    return medians


def best_of(functions: dict[str, Callable[[], object]], rounds: int, number: int) -> dict[str, float]:
    """Best seconds per call of each function, timed in interleaved rounds."""
    best = {name: float("inf") for name in functions}
    for _ in range(rounds):
        for name, function in functions.items():
            elapsed = timeit.timeit(function, number=number) / number
            best[name] = min(best[name], elapsed)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="few rounds: a smoke test, not a measurement")
    parser.add_argument("--reading-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.reading_only:
        print(_READ_MARK + json.dumps(reading(args.quick)))
        return 0
    rounds, number = (2, 50) if args.quick else (15, 2000)

    read = reading_in_fresh_process(args.quick)
    read_ok = read["accepted"] <= 3.5 and read["new"] <= 3.5 and read["refused"] <= 8.0

    print("Import in a fresh process, median of interleaved rounds (bench/imports.py)")
    imported = import_ratio(3 if args.quick else 21)
    print(
        f"  import twimlkit {imported['twimlkit_ms']:.1f} ms, import twilio.twiml.voice_response "
        f"{imported['twilio_ms']:.1f} ms: {imported['ratio']:.2f}x its time (target <= 4.00)"
    )

    print("Build and write one realistic document (Dial>Queue, Redirect, Gather of 5 Says, Say, Hangup)")
    best = best_of({"twimlkit": build_twimlkit, "twilio": build_twilio, "lxml": build_lxml}, rounds, number)
    for name, seconds in best.items():
        print(f"  {name:<10} {seconds * 1e6:8.2f} us")
    vs_twilio = best["twilio"] / best["twimlkit"]
    vs_lxml = best["twimlkit"] / best["lxml"]
    print(f"  twimlkit is {vs_twilio:.2f}x faster than Twilio's helper (target >= 2.00)")
    print(f"  twimlkit takes {vs_lxml:.2f}x the raw-lxml time (target <= 1.50)")

    fresh = best_of({"twimlkit": build_twimlkit_fresh, "lxml": build_lxml_fresh}, rounds, number)
    print(
        "  with every text new (nothing remembered): "
        f"{fresh['twimlkit'] * 1e6:.2f} us, {fresh['twimlkit'] / fresh['lxml']:.2f}x the raw-lxml time"
    )

    print("Time per element by document size (should stay flat)")
    sizes = (10, 50, 200, 1000, 2000)
    per_element = {}
    for size in sizes:
        build = sized(size)
        count = len(etree.fromstring(build()).xpath("//*"))
        seconds = best_of({"doc": build}, max(2, rounds // 3), max(5, number * 10 // size))["doc"]
        per_element[size] = seconds / count
        print(f"  {count:5d} elements  {seconds * 1e6:9.1f} us  {per_element[size] * 1e9:7.0f} ns/element")
    spread = max(per_element.values()) / min(per_element.values())
    print(f"  largest/smallest time per element: {spread:.2f}")
    print("Make and sign tokens")
    made = best_of(
        {
            "capability twimlkit": capability_twimlkit,
            "capability twilio": capability_twilio,
            "access twimlkit": access_twimlkit,
            "access twilio": access_twilio,
        },
        rounds,
        max(1, number // 4),
    )
    token_ratios = []
    for kind in ("capability", "access"):
        ratio = made[f"{kind} twimlkit"] / made[f"{kind} twilio"]
        token_ratios.append(ratio)
        print(
            f"  {kind:<10} twimlkit {made[f'{kind} twimlkit'] * 1e6:6.2f} us, Twilio's helper "
            f"{made[f'{kind} twilio'] * 1e6:6.2f} us: {ratio:.2f}x its time (target <= 1.00)"
        )

    print("Play calls with twimlkit.sim (bench/simulated_calls.py)")
    played = simulated_calls.play(20 if args.quick else 1000)
    simulator = played["total"] - played["app"]
    sim_share = simulator / played["app"]
    print(
        f"  the radio flow {played['calls'] / 2:.0f} times: {played['calls_per_second']:.0f} calls a second; "
        f"the simulator costs {sim_share:.2f}x the app it drives (target < 1.00)"
    )

    ok = vs_twilio >= 2.0 and vs_lxml <= 1.5 and read_ok and imported["ratio"] <= 4.0 and max(token_ratios) <= 1.0
    ok = ok and sim_share < 1.0
    print("targets met" if ok else "TARGETS MISSED")
    return 0 if ok or args.quick else 1


if __name__ == "__main__":
    raise SystemExit(main())
