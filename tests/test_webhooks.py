"""twimlkit.webhooks: signatures equal those of Twilio's helper library (``RequestValidator``), for every
form parameters come in, with either algorithm; JSON webhooks are checked through ``bodySHA256``;
comparisons go through ``hmac.compare_digest``.

The helper is the reference except where it is known to be wrong: it splits a URL's netloc on ':' to
drop the port, which breaks URLs with ``user:password@``, so those get explicit expectations instead.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple
from urllib.parse import urlencode

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from twilio.request_validator import RequestValidator, get_signature_algorithm

import twimlkit.webhooks
from twimlkit.webhooks import (
    HMAC_SHA1,
    HMAC_SHA256,
    body_hash,
    compute_signature,
    is_valid,
    signature_algorithm,
)

TOKEN = "12345"
EXAMPLE_URL = "https://mycompany.com/myapp.php?foo=1&bar=2"
EXAMPLE_PARAMS = {
    "CallSid": "CA1234567890ABCDE",
    "Caller": "+12349013030",
    "Digits": "1234",
    "From": "+12349013030",
    "To": "+18005551212",
}
EXAMPLE_SIGNATURE = "0/KCTR6DLpKmkAf8muzZqo1nDgQ="
VALIDATOR = RequestValidator(TOKEN)
DEFAULT_PORTS = {"http": 80, "https": 443}


# -- multi-dicts as frameworks have them ------------------------------------------------------------


def _grouped(pairs: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for name, value in pairs:
        grouped.setdefault(name, []).append(value)
    return grouped


class DjangoLikeQueryDict(dict[str, Any]):
    """Like Django's QueryDict: a dict of lists whose ``[name]`` is the last value, ``getlist`` all."""

    def __init__(self, pairs: Iterable[tuple[str, str]]) -> None:
        super().__init__(_grouped(pairs))

    def __getitem__(self, name: str) -> str:
        values: list[str] = super().__getitem__(name)
        return values[-1]

    def getlist(self, name: str) -> list[str]:
        return list(super().__getitem__(name))


class WerkzeugLikeMultiDict(dict[str, Any]):
    """Like werkzeug's MultiDict (Flask): ``[name]`` is the first value, ``getall`` (or ``getlist``) all."""

    def __init__(self, pairs: Iterable[tuple[str, str]]) -> None:
        super().__init__(_grouped(pairs))

    def __getitem__(self, name: str) -> str:
        values: list[str] = super().__getitem__(name)
        return values[0]

    def getall(self, name: str) -> list[str]:
        return list(super().__getitem__(name))


class _MinimalMultiDict:
    """Only what a multi-dict needs for Twilio's helper: iteration over the names (it is no Mapping)."""

    def __init__(self, pairs: Iterable[tuple[str, str]]) -> None:
        self._pairs = list(pairs)

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys(name for name, _ in self._pairs))

    def _values(self, name: str) -> list[str]:
        return [value for key, value in self._pairs if key == name]


class MinimalGetlist(_MinimalMultiDict):
    """Names and ``getlist`` (Django's spelling), nothing else."""

    def getlist(self, name: str) -> list[str]:
        return self._values(name)


class MinimalGetall(_MinimalMultiDict):
    """Names and ``getall`` (werkzeug's and aiohttp's spelling), nothing else."""

    def getall(self, name: str) -> list[str]:
        return self._values(name)


# -- 1. Twilio's documented example --------------------------------------------------------------


def test_documented_example() -> None:
    """Twilio's documented example signs to 0/KCTR6DLpKmkAf8muzZqo1nDgQ= and validates."""
    assert compute_signature(EXAMPLE_URL, EXAMPLE_PARAMS, TOKEN) == EXAMPLE_SIGNATURE
    assert VALIDATOR.compute_signature(EXAMPLE_URL, EXAMPLE_PARAMS) == EXAMPLE_SIGNATURE
    assert is_valid(EXAMPLE_URL, EXAMPLE_PARAMS, EXAMPLE_SIGNATURE, TOKEN) is True
    assert is_valid(EXAMPLE_URL, EXAMPLE_PARAMS, EXAMPLE_SIGNATURE, TOKEN, algorithm=HMAC_SHA1) is True


@pytest.mark.parametrize(
    ("url", "params", "signature", "token"),
    [
        pytest.param(EXAMPLE_URL, EXAMPLE_PARAMS | {"Digits": "1235"}, EXAMPLE_SIGNATURE, TOKEN, id="param-value"),
        pytest.param(EXAMPLE_URL, EXAMPLE_PARAMS | {"Extra": ""}, EXAMPLE_SIGNATURE, TOKEN, id="param-added"),
        pytest.param(
            EXAMPLE_URL,
            {k: v for k, v in EXAMPLE_PARAMS.items() if k != "To"},
            EXAMPLE_SIGNATURE,
            TOKEN,
            id="param-removed",
        ),
        pytest.param(
            EXAMPLE_URL,
            {("to" if k == "To" else k): v for k, v in EXAMPLE_PARAMS.items()},
            EXAMPLE_SIGNATURE,
            TOKEN,
            id="param-name-case",
        ),
        pytest.param(EXAMPLE_URL, {}, EXAMPLE_SIGNATURE, TOKEN, id="no-params"),
        pytest.param(EXAMPLE_URL.replace("foo=1", "foo=2"), EXAMPLE_PARAMS, EXAMPLE_SIGNATURE, TOKEN, id="url-query"),
        pytest.param(EXAMPLE_URL.replace("myapp", "yourapp"), EXAMPLE_PARAMS, EXAMPLE_SIGNATURE, TOKEN, id="url-path"),
        pytest.param(EXAMPLE_URL.replace("https", "http"), EXAMPLE_PARAMS, EXAMPLE_SIGNATURE, TOKEN, id="url-scheme"),
        pytest.param(
            EXAMPLE_URL.split("?", maxsplit=1)[0], EXAMPLE_PARAMS, EXAMPLE_SIGNATURE, TOKEN, id="url-no-query"
        ),
        pytest.param(EXAMPLE_URL, EXAMPLE_PARAMS, "1" + EXAMPLE_SIGNATURE[1:], TOKEN, id="signature-char"),
        pytest.param(EXAMPLE_URL, EXAMPLE_PARAMS, EXAMPLE_SIGNATURE[:-1], TOKEN, id="signature-truncated"),
        pytest.param(EXAMPLE_URL, EXAMPLE_PARAMS, EXAMPLE_SIGNATURE + "=", TOKEN, id="signature-longer"),
        pytest.param(EXAMPLE_URL, EXAMPLE_PARAMS, EXAMPLE_SIGNATURE.lower(), TOKEN, id="signature-case"),
        pytest.param(EXAMPLE_URL, EXAMPLE_PARAMS, " " + EXAMPLE_SIGNATURE, TOKEN, id="signature-space"),
        pytest.param(EXAMPLE_URL, EXAMPLE_PARAMS, EXAMPLE_SIGNATURE, "12346", id="token"),
        pytest.param(EXAMPLE_URL, EXAMPLE_PARAMS, EXAMPLE_SIGNATURE, "123456", id="token-longer"),
    ],
)
def test_documented_example_changed_is_invalid(url: str, params: dict[str, str], signature: str, token: str) -> None:
    """Any change to the example's params, URL, signature or token makes it invalid (as in the helper)."""
    assert is_valid(url, params, signature, token) is False
    assert RequestValidator(token).validate(url, params, signature) is False


# -- 2. agreement with RequestValidator ---------------------------------------------------------------


class Url(NamedTuple):
    scheme: str
    host: str
    port: int | None
    path: str
    query: str

    def with_port(self, port: int | None) -> str:
        netloc = self.host if port is None else f"{self.host}:{port}"
        return f"{self.scheme}://{netloc}{self.path}" + (f"?{self.query}" if self.query else "")

    @property
    def as_requested(self) -> str:
        return self.with_port(self.port)

    @property
    def default_port(self) -> int:
        return DEFAULT_PORTS[self.scheme]


_LABEL = st.from_regex(r"[a-zA-Z0-9]([a-zA-Z0-9-]{0,8}[a-zA-Z0-9])?", fullmatch=True)
_PATH_CHARACTERS = st.sampled_from(list("abcXYZ019-._~%!$&'()*+,=:@é中")) | st.characters(
    codec="utf-8", categories=["L"]
)
_TEXT = st.text(st.characters(codec="utf-8"), max_size=12)
urls = st.builds(
    Url,
    scheme=st.sampled_from(["http", "https"]),
    host=st.lists(_LABEL, min_size=1, max_size=3).map(".".join)
    | st.tuples(*[st.integers(0, 255)] * 4).map(lambda octets: ".".join(map(str, octets))),
    port=st.none() | st.sampled_from([80, 443]) | st.integers(1, 65535),
    path=st.lists(st.text(_PATH_CHARACTERS, max_size=8), max_size=4).map(lambda parts: "".join("/" + p for p in parts)),
    query=st.lists(st.tuples(_TEXT, _TEXT), max_size=3).map(urlencode),
)
#: POST parameters: any names and values, unicode and empty ones included.
flat_params = st.dictionaries(_TEXT, _TEXT, max_size=6)
#: Repeated names, as parse_qs gives them.
listed_params = st.dictionaries(_TEXT, st.lists(_TEXT, min_size=1, max_size=3), max_size=5)
algorithms = st.sampled_from([HMAC_SHA1, HMAC_SHA256])


def _helper_form(params: dict[str, Any]) -> dict[str, Any]:
    """``params`` as the helper takes them: a dict of str, or a multi-dict when values are lists."""
    if any(isinstance(value, list) for value in params.values()):
        return WerkzeugLikeMultiDict((name, value) for name, values in params.items() for value in values)
    return params


def _wrong(signature: str) -> str:
    return ("A" if signature[0] != "A" else "B") + signature[1:]


@settings(max_examples=200, deadline=None)
@given(url=urls, params=flat_params | listed_params, algorithm=algorithms)
def test_agrees_with_request_validator(url: Url, params: dict[str, Any], algorithm: str) -> None:
    """compute_signature and is_valid agree with the helper for any URL, port and params."""
    helper_params = _helper_form(params)
    requested = url.as_requested
    assert compute_signature(requested, params, TOKEN, algorithm=algorithm) == VALIDATOR.compute_signature(
        requested, helper_params, algorithm
    )
    port = url.port if url.port is not None else url.default_port
    signed_with_port = VALIDATOR.compute_signature(url.with_port(port), helper_params, algorithm)
    signed_without_port = VALIDATOR.compute_signature(url.with_port(None), helper_params, algorithm)
    for signature in (signed_with_port, signed_without_port, _wrong(signed_with_port), _wrong(signed_without_port)):
        ours = is_valid(requested, params, signature, TOKEN, algorithm=algorithm)
        assert ours is VALIDATOR.validate(requested, helper_params, signature, algorithm)
    # Twilio may sign with or without the default port: both are accepted, a wrong signature never is.
    if url.port in (None, url.default_port):
        assert is_valid(requested, params, signed_with_port, TOKEN, algorithm=algorithm)
        assert is_valid(requested, params, signed_without_port, TOKEN, algorithm=algorithm)
    assert is_valid(
        requested, params, compute_signature(requested, params, TOKEN, algorithm=algorithm), TOKEN, algorithm=algorithm
    )
    assert not is_valid(requested, params, _wrong(signed_with_port), TOKEN, algorithm=algorithm)
    assert not is_valid(requested, params, signed_with_port, TOKEN + "x", algorithm=algorithm)


@pytest.mark.parametrize(
    ("signed", "requested"),
    [
        ("https://user:pass@example.com/path?x=1", "https://user:pass@example.com:443/path?x=1"),
        ("https://user:pass@example.com:443/path?x=1", "https://user:pass@example.com/path?x=1"),
        ("http://user:pass@example.com/path", "http://user:pass@example.com:80/path"),
        ("http://user:pass@example.com:80/path", "http://user:pass@example.com/path"),
        ("https://user@example.com/path", "https://user@example.com:443/path"),
        ("https://user:p%40ss@example.com:443/path", "https://user:p%40ss@example.com/path"),
        ("https://[::1]/path", "https://[::1]:443/path"),
        ("https://[::1]:443/path", "https://[::1]/path"),
        ("https://user:pass@[2001:db8::1]:443/path", "https://user:pass@[2001:db8::1]/path"),
    ],
)
def test_userinfo_and_ipv6_urls_with_and_without_default_port(signed: str, requested: str) -> None:
    """A signature over a URL with credentials (or an IPv6 host) validates with the default port added or removed."""
    signature = compute_signature(signed, EXAMPLE_PARAMS, TOKEN)
    assert is_valid(requested, EXAMPLE_PARAMS, signature, TOKEN)
    assert is_valid(signed, EXAMPLE_PARAMS, signature, TOKEN)
    assert not is_valid(requested, EXAMPLE_PARAMS, _wrong(signature), TOKEN)


@pytest.mark.parametrize(
    ("requested", "without_credentials"),
    [
        ("https://user:pass@example.com/path", "https://example.com/path"),
        ("https://user:pass@example.com:443/path", "https://example.com:443/path"),
        ("https://user:pass@example.com:443/path", "https://example.com/path"),
        ("https://user:pass@example.com/path", "https://user:other@example.com/path"),
        ("https://user:pass@example.com/path", "https://pass@example.com/path"),
    ],
)
def test_credentials_are_part_of_the_signed_url(requested: str, without_credentials: str) -> None:
    """Credentials in the URL are signed: a signature over the URL without them (or others) does not validate."""
    signature = compute_signature(without_credentials, EXAMPLE_PARAMS, TOKEN)
    assert compute_signature(requested, EXAMPLE_PARAMS, TOKEN) != signature
    assert is_valid(requested, EXAMPLE_PARAMS, signature, TOKEN) is False


# -- 3. repeated keys ---------------------------------------------------------------------------------

REPEATED = [("To", "+2"), ("Digits", "1"), ("To", "+1"), ("To", "+2"), ("Body", ""), ("Media", "b"), ("Media", "a")]


def _all_forms(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    return {
        "pairs": pairs,
        "dict-of-lists": _grouped(pairs),
        "django-like": DjangoLikeQueryDict(pairs),
        "werkzeug-like": WerkzeugLikeMultiDict(pairs),
    }


@pytest.mark.parametrize("form", ["pairs", "dict-of-lists", "django-like", "werkzeug-like"])
def test_repeated_keys_every_form_equals_helper(form: str) -> None:
    """Pairs, a dict of lists and getlist/getall multi-dicts sign as the helper signs the multi-dict."""
    params = _all_forms(REPEATED)[form]
    expected = VALIDATOR.compute_signature(EXAMPLE_URL, WerkzeugLikeMultiDict(REPEATED))
    assert expected == VALIDATOR.compute_signature(EXAMPLE_URL, DjangoLikeQueryDict(REPEATED))
    assert compute_signature(EXAMPLE_URL, params, TOKEN) == expected
    assert is_valid(EXAMPLE_URL, params, expected, TOKEN)
    # every value counts, not only the one [name] gives
    assert compute_signature(EXAMPLE_URL, params, TOKEN) != compute_signature(EXAMPLE_URL, dict(REPEATED), TOKEN)


@pytest.mark.parametrize("multidict", [MinimalGetlist, MinimalGetall], ids=["getlist", "getall"])
def test_repeated_keys_any_object_with_getlist_or_getall(multidict: type[_MinimalMultiDict]) -> None:
    """An object that only iterates its names and has getlist/getall (no Mapping) signs as in the helper."""
    params = multidict(REPEATED)
    expected = VALIDATOR.compute_signature(EXAMPLE_URL, params)
    assert expected == VALIDATOR.compute_signature(EXAMPLE_URL, WerkzeugLikeMultiDict(REPEATED))
    assert compute_signature(EXAMPLE_URL, params, TOKEN) == expected
    assert is_valid(EXAMPLE_URL, params, expected, TOKEN)


@settings(max_examples=150, deadline=None)
@given(pairs=st.lists(st.tuples(st.sampled_from(["To", "From", "Body", "é", ""]), _TEXT), max_size=8))
def test_repeated_keys_every_form_agrees(pairs: list[tuple[str, str]]) -> None:
    """Any repeated names and values sign the same in every form, and as the helper."""
    expected = VALIDATOR.compute_signature(EXAMPLE_URL, WerkzeugLikeMultiDict(pairs))
    for form, params in _all_forms(pairs).items():
        assert compute_signature(EXAMPLE_URL, params, TOKEN) == expected, form


def test_duplicate_values_count_once() -> None:
    """A value repeated under one name counts once, as in the helper."""
    once = compute_signature(EXAMPLE_URL, [("To", "a"), ("To", "b")], TOKEN)
    twice = compute_signature(EXAMPLE_URL, [("To", "a"), ("To", "b"), ("To", "a")], TOKEN)
    assert once == twice == VALIDATOR.compute_signature(EXAMPLE_URL, WerkzeugLikeMultiDict([("To", "a"), ("To", "b")]))
    assert twice == VALIDATOR.compute_signature(
        EXAMPLE_URL, WerkzeugLikeMultiDict([("To", "a"), ("To", "b"), ("To", "a")])
    )
    assert compute_signature(EXAMPLE_URL, {"To": ["a", "a"]}, TOKEN) == compute_signature(
        EXAMPLE_URL, {"To": "a"}, TOKEN
    )
    assert once != compute_signature(EXAMPLE_URL, [("To", "a")], TOKEN)


def test_bytes_values_sign_alike_in_every_form() -> None:
    """A bytes value is read as UTF-8 the same way in a dict, a dict of lists and a list of pairs."""
    expected = compute_signature(EXAMPLE_URL, {"Body": "héllo"}, TOKEN)
    encoded = "héllo".encode()
    assert compute_signature(EXAMPLE_URL, [("Body", encoded)], TOKEN) == expected
    assert compute_signature(EXAMPLE_URL, {"Body": [encoded]}, TOKEN) == expected
    assert compute_signature(EXAMPLE_URL, {"Body": encoded}, TOKEN) == expected


# -- 4. JSON webhooks -----------------------------------------------------------------------------------

BODY = '{"CallSid": "CA1234567890ABCDE", "Status": "completed", "Note": "héllo"}'
JSON_URL = f"https://mycompany.com/hook?foo=1&bodySHA256={body_hash(BODY)}"


def test_body_hash_is_sha256_hex() -> None:
    """body_hash is the hex SHA-256 of the UTF-8 body, for str and bytes alike."""
    assert body_hash(BODY) == body_hash(BODY.encode()) == hashlib.sha256(BODY.encode("utf-8")).hexdigest()
    assert body_hash("") == hashlib.sha256(b"").hexdigest()
    assert body_hash(BODY) == VALIDATOR.compute_hash(BODY)


@pytest.mark.parametrize("body", [BODY, BODY.encode("utf-8")], ids=["str", "bytes"])
def test_json_webhook_valid(body: str | bytes) -> None:
    """A JSON webhook validates with the signature over the URL (bodySHA256 included), as in the helper."""
    signature = VALIDATOR.compute_signature(JSON_URL, {})
    assert compute_signature(JSON_URL, body, TOKEN) == signature
    assert is_valid(JSON_URL, body, signature, TOKEN) is True
    assert VALIDATOR.validate(JSON_URL, BODY, signature) is True
    with_port = JSON_URL.replace(".com/", ".com:443/")
    assert is_valid(with_port, body, signature, TOKEN) is True
    assert VALIDATOR.validate(with_port, BODY, signature) is True


@pytest.mark.parametrize(
    "body",
    [BODY.replace("completed", "failed"), BODY + " ", BODY.encode("utf-8") + b"\n", "", b""],
    ids=["changed", "space", "bytes-newline", "empty", "empty-bytes"],
)
def test_json_webhook_changed_body_invalid(body: str | bytes) -> None:
    """A body that does not match bodySHA256 is invalid, even with the URL's signature."""
    signature = VALIDATOR.compute_signature(JSON_URL, {})
    assert is_valid(JSON_URL, body, signature, TOKEN) is False


def test_json_webhook_without_body_hash_invalid() -> None:
    """A raw body with no bodySHA256 in the URL is invalid: nothing vouches for the body."""
    url = "https://mycompany.com/hook?foo=1"
    signature = VALIDATOR.compute_signature(url, {})
    assert is_valid(url, BODY, signature, TOKEN) is False
    assert is_valid(url, BODY.encode(), signature, TOKEN) is False
    assert is_valid(url, {}, signature, TOKEN) is True  # the same signature is fine for an empty form


@pytest.mark.parametrize("params", [{}, None, {"a": "b"}, [("a", "b")], {"bodySHA256": body_hash(BODY)}])
def test_json_url_with_form_params_fails_closed(params: Any) -> None:
    """A URL with bodySHA256 but parameters instead of a raw body is invalid, whatever the signature."""
    for signature in (VALIDATOR.compute_signature(JSON_URL, {}), compute_signature(JSON_URL, params, TOKEN)):
        assert is_valid(JSON_URL, params, signature, TOKEN) is False


@settings(max_examples=100, deadline=None)
@given(body=st.text(st.characters(codec="utf-8"), max_size=60), other=st.text(st.characters(codec="utf-8"), max_size=5))
def test_json_webhook_agrees_with_helper(body: str, other: str) -> None:
    """For any body the JSON webhook validates as in the helper; a different body never does."""
    url = f"https://example.com/json?bodySHA256={body_hash(body)}"
    signature = VALIDATOR.compute_signature(url, {})
    assert is_valid(url, body, signature, TOKEN) is VALIDATOR.validate(url, body, signature) is True
    assert is_valid(url, body.encode("utf-8"), signature, TOKEN) is True
    changed = body + other + "x"
    assert is_valid(url, changed, signature, TOKEN) is VALIDATOR.validate(url, changed, signature) is False


# -- 5. HMAC_SHA256 and the settings header ---------------------------------------------------------


def test_hmac_sha256_signature() -> None:
    """HMAC_SHA256 differs from SHA1, validates only with HMAC_SHA256, and equals the helper's."""
    sha1 = compute_signature(EXAMPLE_URL, EXAMPLE_PARAMS, TOKEN)
    sha256 = compute_signature(EXAMPLE_URL, EXAMPLE_PARAMS, TOKEN, algorithm=HMAC_SHA256)
    assert sha256 != sha1
    assert sha256 == VALIDATOR.compute_signature(EXAMPLE_URL, EXAMPLE_PARAMS, algorithm="HMAC_SHA256")
    assert sha256 == compute_signature(EXAMPLE_URL, EXAMPLE_PARAMS, TOKEN, algorithm="hmac_sha256")
    assert len(sha256) == 44
    assert is_valid(EXAMPLE_URL, EXAMPLE_PARAMS, sha256, TOKEN, algorithm="HMAC_SHA256") is True
    assert is_valid(EXAMPLE_URL, EXAMPLE_PARAMS, sha256, TOKEN, algorithm="hmac_sha256") is True
    assert is_valid(EXAMPLE_URL, EXAMPLE_PARAMS, sha256, TOKEN) is False
    assert is_valid(EXAMPLE_URL, EXAMPLE_PARAMS, sha1, TOKEN, algorithm=HMAC_SHA256) is False
    assert VALIDATOR.validate(EXAMPLE_URL, EXAMPLE_PARAMS, sha256, algorithm=HMAC_SHA256) is True
    assert (HMAC_SHA1, HMAC_SHA256) == ("HMAC_SHA1", "HMAC_SHA256")


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("key=abc,algorithm=HMAC_SHA256", "HMAC_SHA256"),
        ("algorithm=HMAC_SHA256,key=abc", "HMAC_SHA256"),
        (" key=abc , algorithm = HMAC_SHA256 ", "HMAC_SHA256"),
        ("key=webhooks_sharedkey_1,algorithm=HMAC_SHA1", "HMAC_SHA1"),
        (None, "HMAC_SHA1"),
        ("", "HMAC_SHA1"),
        ("key=abc", "HMAC_SHA1"),
        ("key=abc,algorithm=", "HMAC_SHA1"),
        ("algorithm", "HMAC_SHA1"),
    ],
)
def test_signature_algorithm(header: str | None, expected: str) -> None:
    """signature_algorithm reads algorithm= from the settings header, HMAC_SHA1 when it names none."""
    assert signature_algorithm(header) == expected
    assert get_signature_algorithm(header) == expected


@pytest.mark.parametrize("algorithm", ["HMAC_SHA512", "MD5", "SHA1", "", "HMAC-SHA256"])
def test_unknown_algorithm(algorithm: str) -> None:
    """is_valid with an unknown algorithm is False (even for a good SHA1 signature); compute_signature raises."""
    assert is_valid(EXAMPLE_URL, EXAMPLE_PARAMS, EXAMPLE_SIGNATURE, TOKEN, algorithm=algorithm) is False
    with pytest.raises(ValueError, match="algorithm"):
        compute_signature(EXAMPLE_URL, EXAMPLE_PARAMS, TOKEN, algorithm=algorithm)


# -- 6. constant-time comparison ------------------------------------------------------------------------


def test_validation_goes_through_compare_digest(monkeypatch: pytest.MonkeyPatch) -> None:
    """is_valid compares signatures (and body hashes) with hmac.compare_digest, and only trusts its answer."""
    real = hmac.compare_digest
    calls: list[tuple[Any, Any]] = []

    def spy(a: Any, b: Any) -> bool:
        calls.append((a, b))
        return real(a, b)

    assert twimlkit.webhooks.hmac is hmac
    monkeypatch.setattr("twimlkit.webhooks.hmac.compare_digest", spy)
    assert is_valid(EXAMPLE_URL, EXAMPLE_PARAMS, EXAMPLE_SIGNATURE, TOKEN) is True
    assert any(EXAMPLE_SIGNATURE.encode() in call for call in calls)
    calls.clear()
    assert is_valid(EXAMPLE_URL, EXAMPLE_PARAMS, _wrong(EXAMPLE_SIGNATURE), TOKEN) is False
    assert len(calls) == 2  # the URL as given and with its default port
    calls.clear()
    signature = VALIDATOR.compute_signature(JSON_URL, {})
    assert is_valid(JSON_URL, BODY, signature, TOKEN) is True
    assert (body_hash(BODY).encode(), body_hash(BODY).encode()) in calls

    # The answer is compare_digest's: a constant "no" refuses the right signature, a "yes" passes a wrong one.
    monkeypatch.setattr("twimlkit.webhooks.hmac.compare_digest", lambda a, b: False)
    assert is_valid(EXAMPLE_URL, EXAMPLE_PARAMS, EXAMPLE_SIGNATURE, TOKEN) is False
    monkeypatch.setattr("twimlkit.webhooks.hmac.compare_digest", lambda a, b: True)
    assert is_valid(EXAMPLE_URL, EXAMPLE_PARAMS, _wrong(EXAMPLE_SIGNATURE), TOKEN) is True


# -- 7. missing signature, bad values ---------------------------------------------------------------------


@pytest.mark.parametrize("signature", [None, "", b"", b"0/KCTR6DLpKmkAf8muzZqo1nDgQ=", 0])
def test_missing_or_empty_signature_invalid(signature: Any) -> None:
    """No signature, an empty one or a non-str one is invalid, never an exception."""
    assert is_valid(EXAMPLE_URL, EXAMPLE_PARAMS, signature, TOKEN) is False
    assert is_valid(EXAMPLE_URL, EXAMPLE_PARAMS, signature, TOKEN, algorithm=HMAC_SHA256) is False


@pytest.mark.parametrize(
    ("params", "type_name"),
    [
        ({"Digits": 1234}, "int"),
        ({"Digits": None}, "NoneType"),
        ({"Price": 1.5}, "float"),
        ({"To": ["+1", 2]}, "int"),
        ([("Digits", 1234)], "int"),
        ([("Digits", None)], "NoneType"),
        (DjangoLikeQueryDict([("Digits", 1234)]), "int"),
    ],
)
def test_non_str_values_raise_type_error(params: Any, type_name: str) -> None:
    """A parameter value that is not a str: compute_signature raises a TypeError naming what
    it got (the caller's mistake), is_valid says the request does not check out."""
    with pytest.raises(TypeError, match=rf"\bstr\b.*\b{type_name}\b"):
        compute_signature(EXAMPLE_URL, params, TOKEN)
    assert is_valid(EXAMPLE_URL, params, EXAMPLE_SIGNATURE, TOKEN) is False


@pytest.mark.parametrize(
    "url",
    [
        "https://[::1/voice",
        "https://user@[::1/x",
        "https://example.com\uff03/voice",
        "https://[zz]/voice",
        "https://exa mple.com:99999999999999999999/x",
    ],
)
def test_urls_that_do_not_parse_are_invalid_not_an_error(url: str) -> None:
    """A URL urlsplit refuses (its host usually comes from the request's Host header) is a
    request that does not check out: False, never an exception."""
    assert is_valid(url, {"CallSid": "CA1"}, "AAAA", TOKEN) is False
    assert is_valid(url, b'{"a": 1}', "AAAA", TOKEN) is False


@pytest.mark.parametrize("params", [[("a", "b", "c")], [("a",)], ["ab"], [None], 7])
def test_parameters_that_are_not_pairs_are_invalid_not_an_error(params: Any) -> None:
    assert is_valid(EXAMPLE_URL, params, EXAMPLE_SIGNATURE, TOKEN) is False


@pytest.mark.parametrize("wrap", [bytearray, memoryview])
def test_a_raw_body_may_be_a_bytearray_or_a_memoryview(wrap: Any) -> None:
    """Frameworks hand over raw bodies as any bytes-like object: each signs as its bytes."""
    body = b'{"CallSid": "CA1"}'
    url = "https://example.com/hook?bodySHA256=" + body_hash(body)
    signature = compute_signature(url, body, TOKEN)
    assert compute_signature(url, wrap(body), TOKEN) == signature
    assert is_valid(url, wrap(body), signature, TOKEN) is True
    assert is_valid(url, wrap(body + b" "), signature, TOKEN) is False


def test_empty_and_none_params_sign_the_url_alone() -> None:
    """No parameters (None, {}, []) sign the URL alone, as in the helper."""
    expected = VALIDATOR.compute_signature(EXAMPLE_URL, {})
    for params in (None, {}, []):
        assert compute_signature(EXAMPLE_URL, params, TOKEN) == expected
        assert is_valid(EXAMPLE_URL, params, expected, TOKEN) is True


# -- URLs rebuilt as Twilio's helpers rebuild them; text that is not UTF-8 ----------------------


@pytest.mark.parametrize("requested", ["HTTPS://example.com/x", "https://example.com/x?", "https://example.com/x"])
def test_urls_the_helper_normalises_validate_alike(requested: str) -> None:
    """An upper-case scheme or an empty query is read as Twilio's helper reads it."""
    params = {"To": "+18005551212"}
    signature = VALIDATOR.compute_signature("https://example.com/x", params)
    assert is_valid(requested, params, signature, TOKEN) is VALIDATOR.validate(requested, params, signature) is True


def test_text_that_is_not_utf8_is_invalid_not_an_error() -> None:
    """Bytes that are not UTF-8 and lone surrogates make a request invalid, never raise."""
    assert is_valid(EXAMPLE_URL, {"Body": b"\xff"}, EXAMPLE_SIGNATURE, TOKEN) is False
    assert is_valid(EXAMPLE_URL, EXAMPLE_PARAMS, "\ud800", TOKEN) is False


def test_byte_names_and_values_sign_as_text() -> None:
    """parse_qsl over the raw form body gives bytes pairs: they sign as their text does."""
    from urllib.parse import parse_qsl

    body = urlencode(EXAMPLE_PARAMS).encode()
    assert is_valid(EXAMPLE_URL, parse_qsl(body), EXAMPLE_SIGNATURE, TOKEN) is True


def test_a_missing_auth_token_is_the_applications_mistake() -> None:
    """No auth token is a TypeError (fail closed, loudly), not a quiet False."""
    with pytest.raises(TypeError, match="auth_token"):
        is_valid(EXAMPLE_URL, EXAMPLE_PARAMS, EXAMPLE_SIGNATURE, None)  # type: ignore[arg-type]
