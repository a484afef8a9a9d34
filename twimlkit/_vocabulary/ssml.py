"""SSML inside ``<Say>``: the W3C elements Twilio accepts and the ``amazon:`` ones of Polly voices.

Values follow Twilio's TwiML definitions and Amazon Polly's SSML reference
(https://docs.aws.amazon.com/polly/latest/dg/supportedtags.html). Support differs by voice
(Polly standard, neural, generative, Google); twimlkit checks the markup, not the voice.
"""

from __future__ import annotations

from .._kinds import Choice, Str
from .._spec import Attr, Child, ElementSpec, Text
from ._common import LANGUAGE

_SAY_URL = "https://www.twilio.com/docs/voice/twiml/say/text-speech"
_POLLY_URL = "https://docs.aws.amazon.com/polly/latest/dg/"
_ALEXA_URL = (
    "https://developer.amazon.com/en-US/docs/alexa/custom-skills/speech-synthesis-markup-language-ssml-reference.html"
)

# --- shared kinds ---------------------------------------------------------------------------

_NUMBER = r"[0-9]+(?:\.[0-9]+)?"

#: A pause of at most 10 seconds: '2s', '1.5s', '100ms', '10000ms'.
BREAK_TIME = Str(
    pattern=r"(?:10(?:\.0+)?|[0-9](?:\.[0-9]+)?)s|(?:10000(?:\.0+)?|[0-9]{1,4}(?:\.[0-9]+)?)ms",
    shape="a duration of at most 10 seconds, such as '500ms' or '2s'",
)
#: A duration without a documented upper bound ('2s', '2400ms').
DURATION = Str(pattern=_NUMBER + r"(?:s|ms)", shape="a duration such as '2400ms' or '2s'")

PROSODY_VOLUME = Str(
    pattern=r"default|silent|x-soft|soft|medium|loud|x-loud|[+-]" + _NUMBER + "dB",
    shape="'default', 'silent', 'x-soft', 'soft', 'medium', 'loud', 'x-loud' or a change in "
    "decibels such as '+6dB' or '-6dB'",
)
#: Named rates, an absolute percentage from 20% to 200%, or a relative change such as '-10%'.
PROSODY_RATE = Str(
    pattern=(
        r"x-slow|slow|medium|fast|x-fast"
        r"|(?:[2-9][0-9]|1[0-9]{2})(?:\.[0-9]+)?%|200(?:\.0+)?%"
        r"|[+-]" + _NUMBER + "%"
    ),
    shape="'x-slow', 'slow', 'medium', 'fast', 'x-fast', a percentage of the normal rate from "
    "'20%' to '200%', or a relative change such as '-10%'",
)
PROSODY_PITCH = Str(
    pattern=r"default|x-low|low|medium|high|x-high|[+-]" + _NUMBER + "%",
    shape="'default', 'x-low', 'low', 'medium', 'high', 'x-high' or a relative change such as '+5%' or '-10%'",
)
#: Relative ('+15%', '-10%') or absolute ('110%') change of the vocal tract length.
VOCAL_TRACT_LENGTH = Str(
    pattern=r"[+-]?" + _NUMBER + "%",
    shape="a relative change such as '+15%' or '-10%', or an absolute percentage such as '110%'",
)

BREATH_VOLUME = Choice(("default", "x-soft", "soft", "medium", "loud", "x-loud"))
BREATH_DURATION = Choice(("default", "x-short", "short", "medium", "long", "x-long"))
BREATH_FREQUENCY = Choice(("default", "x-low", "low", "medium", "high", "x-high"))

INTERPRET_AS = Choice(
    (
        "characters",
        "spell-out",
        "cardinal",
        "number",
        "ordinal",
        "digits",
        "fraction",
        "unit",
        "date",
        "time",
        "address",
        "expletive",
        "telephone",
    )
)
DATE_FORMAT = Choice(("mdy", "dmy", "ymd", "md", "dm", "ym", "my", "d", "m", "y", "yyyymmdd"))
PHONEME_ALPHABET = Choice(
    ("ipa", "x-sampa", "x-amazon-jyutping", "x-amazon-pinyin", "x-amazon-pron-kana", "x-amazon-yomigana")
)
WORD_ROLE = Choice(
    (
        "amazon:VB",
        "amazon:VBD",
        "amazon:DT",
        "amazon:IN",
        "amazon:JJ",
        "amazon:NN",
        "amazon:DEFAULT",
        "amazon:SENSE_1",
    )
)

# --- nesting --------------------------------------------------------------------------------

#: ``amazon:`` elements that may sit among running speech (effects, breaths, emotion).
AMAZON_INLINE: tuple[Child, ...] = (
    Child("AmazonEffect"),
    Child("AmazonAutoBreaths"),
    Child("AmazonBreath"),
    Child("AmazonEmotion"),
)
#: The W3C elements of a container that allows paragraphs and sentences (Say, lang, prosody).
_FULL = ("Break", "Emphasis", "Lang", "P", "Phoneme", "Prosody", "S", "SayAs", "Sub", "W")


def _children(*names: str, amazon: bool = True) -> tuple[Child, ...]:
    return tuple(Child(name) for name in names) + (AMAZON_INLINE if amazon else ())


#: What ``<Say>`` may contain: the W3C SSML elements, then the ``amazon:`` ones of Polly voices.
SAY_CHILDREN: tuple[Child, ...] = (*_children(*_FULL, amazon=False), Child("AmazonDomain"), *AMAZON_INLINE)

# --- W3C SSML -------------------------------------------------------------------------------

BREAK = ElementSpec(
    name="Break",
    tag="break",
    domain="ssml",
    url=_SAY_URL,
    doc="A pause in the speech, by strength or by length.",
    attributes=(
        Attr(
            "strength",
            Choice(("none", "x-weak", "weak", "medium", "strong", "x-strong")),
            "How long a pause, from none to a paragraph's length.",
            "medium",
        ),
        Attr("time", BREAK_TIME, "Exact length of the pause, at most 10 seconds."),
    ),
)

EMPHASIS = ElementSpec(
    name="Emphasis",
    tag="emphasis",
    domain="ssml",
    url=_SAY_URL,
    doc="Speak the words with more (louder, slower) or less (softer, faster) stress.",
    text=Text.CONTENT,
    text_doc="The words to stress.",
    attributes=(Attr("level", Choice(("strong", "moderate", "reduced")), "How much stress to apply.", "moderate"),),
    children=_children("Break", "Emphasis", "Lang", "Phoneme", "Prosody", "SayAs", "Sub", "W"),
)

LANG = ElementSpec(
    name="Lang",
    tag="lang",
    domain="ssml",
    url=_SAY_URL,
    doc="Speak the words in another language, with the current voice.",
    text=Text.CONTENT,
    text_doc="The words in the other language.",
    attributes=(Attr("xml:lang", LANGUAGE, "Language of the words, such as 'fr-FR'."),),
    children=_children(*_FULL),
)

P = ElementSpec(
    name="P",
    tag="p",
    domain="ssml",
    url=_SAY_URL,
    doc="A paragraph: a longer pause follows it.",
    text=Text.CONTENT,
    text_doc="The words of the paragraph.",
    children=_children("Break", "Emphasis", "Lang", "Phoneme", "Prosody", "S", "SayAs", "Sub", "W"),
)

PHONEME = ElementSpec(
    name="Phoneme",
    tag="phoneme",
    domain="ssml",
    url=_SAY_URL,
    doc="Pronounce the words as the given phonetic symbols.",
    text=Text.REQUIRED_CONTENT,
    text_doc="The written words the symbols replace.",
    attributes=(
        Attr("alphabet", PHONEME_ALPHABET, "Phonetic alphabet of ph (IPA, X-SAMPA, or an Amazon one)."),
        Attr("ph", Str(min_length=1, shape="phonetic symbols"), "The pronunciation, in that alphabet."),
    ),
)

PROSODY = ElementSpec(
    name="Prosody",
    tag="prosody",
    domain="ssml",
    url=_SAY_URL,
    doc="Change the volume, speaking rate or pitch of the words.",
    text=Text.CONTENT,
    text_doc="The words to speak differently.",
    attributes=(
        Attr("pitch", PROSODY_PITCH, "Pitch: a named level or a relative change in percent."),
        Attr(
            "rate",
            PROSODY_RATE,
            "Speaking rate: a named speed or a percentage of the normal rate.",
            code=13513,
        ),
        Attr("volume", PROSODY_VOLUME, "Volume: a named level or a change in decibels."),
        Attr(
            "amazon:max-duration",
            DURATION,
            "Longest time the words may take; Polly speeds speech up to fit (Polly standard voices).",
        ),
    ),
    children=_children(*_FULL),
)

S = ElementSpec(
    name="S",
    tag="s",
    domain="ssml",
    url=_SAY_URL,
    doc="A sentence: a sentence-length pause follows it.",
    text=Text.CONTENT,
    text_doc="The words of the sentence.",
    children=_children("Break", "Emphasis", "Lang", "Phoneme", "Prosody", "SayAs", "Sub", "W"),
)

SAY_AS = ElementSpec(
    name="SayAs",
    tag="say-as",
    domain="ssml",
    url=_SAY_URL,
    doc="Say the words as a particular kind of text: spelled out, a number, a date, a phone number...",
    text=Text.REQUIRED_CONTENT,
    text_doc="The characters, number, date or other text to interpret.",
    attributes=(
        Attr("interpret-as", INTERPRET_AS, "How to read the words."),
        Attr("format", DATE_FORMAT, "Order of the date's parts, when interpret-as is 'date'."),
    ),
)

SUB = ElementSpec(
    name="Sub",
    tag="sub",
    domain="ssml",
    url=_SAY_URL,
    doc="Say another word or phrase in place of the written one (acronyms, symbols).",
    text=Text.REQUIRED_CONTENT,
    text_doc="The written text, such as an abbreviation.",
    attributes=(Attr("alias", Str(min_length=1), "What to say instead of the written text."),),
)

W = ElementSpec(
    name="W",
    tag="w",
    domain="ssml",
    url=_SAY_URL,
    doc="Pronounce a word as a given part of speech or in a given sense.",
    text=Text.CONTENT,
    text_doc="The word.",
    attributes=(Attr("role", WORD_ROLE, "Part of speech (amazon:VB, amazon:NN...) or sense of the word."),),
    children=_children("Break", "Emphasis", "Phoneme", "Prosody", "SayAs", "Sub", amazon=False),
)

# --- amazon: elements (Polly voices) --------------------------------------------------------

_AMAZON_CONTENT = _children(*_FULL)

AMAZON_EFFECT = ElementSpec(
    name="AmazonEffect",
    tag="amazon:effect",
    domain="ssml",
    url=_POLLY_URL + "supportedtags.html",
    doc="A Polly voice effect: dynamic range compression, whispering, soft phonation or timbre.",
    text=Text.CONTENT,
    text_doc="The words the effect applies to.",
    attributes=(
        Attr(
            "name",
            Choice(("drc", "whispered")),
            "'drc' makes speech clearer in noise; 'whispered' whispers (standard voices).",
        ),
        Attr("phonation", Choice(("soft",)), "'soft' speaks more softly than normal (standard voices)."),
        Attr(
            "vocal-tract-length",
            VOCAL_TRACT_LENGTH,
            "Change of timbre: a longer tract sounds bigger, a shorter one smaller (standard voices).",
        ),
    ),
    children=_AMAZON_CONTENT,
)

AMAZON_DOMAIN = ElementSpec(
    name="AmazonDomain",
    tag="amazon:domain",
    domain="ssml",
    url=_POLLY_URL + "ntts-speakingstyles.html",
    doc="Speak the words in a speaking style of some Polly neural voices (newscaster, conversational).",
    text=Text.CONTENT,
    text_doc="The words to speak in that style.",
    attributes=(Attr("name", Choice(("news", "conversational")), "The speaking style."),),
    children=_AMAZON_CONTENT,
)

AMAZON_AUTO_BREATHS = ElementSpec(
    name="AmazonAutoBreaths",
    tag="amazon:auto-breaths",
    domain="ssml",
    url=_POLLY_URL + "supportedtags.html",
    doc="Let Polly add breathing sounds through the words (standard voices).",
    text=Text.CONTENT,
    text_doc="The words to breathe through.",
    attributes=(
        Attr("volume", BREATH_VOLUME, "How loud the breaths are.", "medium"),
        Attr("frequency", BREATH_FREQUENCY, "How often breaths occur.", "medium"),
        Attr("duration", BREATH_DURATION, "How long each breath is.", "medium"),
    ),
    children=(
        *(Child(name) for name in _FULL),
        Child("AmazonEffect"),
        Child("AmazonBreath"),
        Child("AmazonEmotion"),
    ),
)

AMAZON_BREATH = ElementSpec(
    name="AmazonBreath",
    tag="amazon:breath",
    domain="ssml",
    url=_POLLY_URL + "supportedtags.html",
    doc="One breathing sound at this point of the speech (standard voices).",
    attributes=(
        Attr("duration", BREATH_DURATION, "How long the breath is.", "medium"),
        Attr("volume", BREATH_VOLUME, "How loud the breath is.", "medium"),
    ),
)

AMAZON_EMOTION = ElementSpec(
    name="AmazonEmotion",
    tag="amazon:emotion",
    domain="ssml",
    url=_ALEXA_URL,
    doc="Speak the words with an emotion (documented for Alexa voices, not in Polly's tag list).",
    text=Text.CONTENT,
    text_doc="The words to speak with the emotion.",
    attributes=(
        Attr("name", Choice(("excited", "disappointed")), "The emotion."),
        Attr("intensity", Choice(("low", "medium", "high")), "How strongly to express it."),
    ),
    children=_AMAZON_CONTENT,
)

ELEMENTS: tuple[ElementSpec, ...] = (
    BREAK,
    EMPHASIS,
    LANG,
    P,
    PHONEME,
    PROSODY,
    S,
    SAY_AS,
    SUB,
    W,
    AMAZON_EFFECT,
    AMAZON_DOMAIN,
    AMAZON_AUTO_BREATHS,
    AMAZON_BREATH,
    AMAZON_EMOTION,
)
