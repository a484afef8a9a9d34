"""Check that a webhook request came from Twilio: the ``X-Twilio-Signature`` header.

    >>> from twimlkit.webhooks import compute_signature, is_valid
    >>> url = "https://mycompany.com/myapp.php?foo=1&bar=2"
    >>> params = {"CallSid": "CA1234567890ABCDE", "Caller": "+12349013030", "Digits": "1234",
    ...           "From": "+12349013030", "To": "+18005551212"}
    >>> compute_signature(url, params, "12345")
    '0/KCTR6DLpKmkAf8muzZqo1nDgQ='
    >>> is_valid(url, params, "0/KCTR6DLpKmkAf8muzZqo1nDgQ=", "12345")
    True

Twilio signs the URL it requested followed by each POST parameter, sorted by name, as name
then value, with HMAC-SHA1 keyed by the auth token (or HMAC-SHA256 keyed by a webhook
SharedKey, when ``X-Twilio-Webhooks-Signature-Settings`` says ``algorithm=HMAC_SHA256``).
``is_valid`` accepts a signature over the URL with or without its port (the default port
when it names none), since Twilio may sign either, as Twilio's helpers do. JSON webhooks
pass the raw body instead of parameters; their URL carries the body's SHA-256 as
``bodySHA256``, which is always checked. Comparisons take constant time.

``CallRequest.from_form(form)`` reads what Twilio sent as typed values (``call_sid``,
``from_``, ``digits``, ``queue_position``, ...).

Layering: this module knows nothing of TwiML nodes; it needs only the standard library.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Callable
from typing import Any, Final, Literal, TypeAlias
from urllib.parse import parse_qs, urlsplit, urlunsplit

from ._request import CallRequest, ParameterError, Params, _pairs

__all__ = [
    "CallRequest",
    "HMAC_SHA1",
    "HMAC_SHA256",
    "SIGNATURE_HEADER",
    "ParameterError",
    "SIGNATURE_SETTINGS_HEADER",
    "body_hash",
    "compute_signature",
    "is_valid",
    "signature_algorithm",
]

#: The request header that carries the signature.
SIGNATURE_HEADER: Final = "X-Twilio-Signature"
#: The request header that names the algorithm (and key) when it is not the default.
SIGNATURE_SETTINGS_HEADER: Final = "X-Twilio-Webhooks-Signature-Settings"
HMAC_SHA1: Final = "HMAC_SHA1"
HMAC_SHA256: Final = "HMAC_SHA256"
Algorithm: TypeAlias = Literal["HMAC_SHA1", "HMAC_SHA256"]
_HASHES: Final[dict[str, Callable[..., Any]]] = {HMAC_SHA1: hashlib.sha1, HMAC_SHA256: hashlib.sha256}
_DEFAULT_PORTS: Final = {"https": "443", "http": "80"}


def body_hash(body: str | bytes) -> str:
    """The SHA-256 of a raw request body, hex: what Twilio puts in ``bodySHA256``."""
    data = body.encode("utf-8") if isinstance(body, str) else body
    return hashlib.sha256(data).hexdigest()


def signature_algorithm(settings_header: str | None) -> str:
    """The algorithm the ``X-Twilio-Webhooks-Signature-Settings`` header names
    (``key=...,algorithm=HMAC_SHA256``); HMAC_SHA1, Twilio's default, when it names none."""
    for part in (settings_header or "").split(","):
        name, equals, value = part.partition("=")
        if equals and name.strip().lower() == "algorithm" and value.strip():
            return value.strip().upper()
    return HMAC_SHA1


def _body_as_bytes(params: Params) -> Params:
    """A raw body given as a bytearray or memoryview (as frameworks hand it over), as bytes."""
    return bytes(params) if isinstance(params, bytearray | memoryview) else params


def _signed_string(url: str, params: Params) -> str:
    """The URL, then each name and value, names sorted and each name's values sorted (a
    value repeated under one name counts once, as Twilio's helpers have it)."""
    if isinstance(params, str | bytes):
        return url
    if type(params) is dict and all(type(name) is str and type(value) is str for name, value in params.items()):
        # One text value per name (what a simulator or a test sends): nothing to gather.
        return url + "".join(name + params[name] for name in sorted(params))
    by_name: dict[str, set[str]] = {}
    for name, value in _pairs(params):
        by_name.setdefault(name, set()).add(value)
    return url + "".join(name + value for name in sorted(by_name) for value in sorted(by_name[name]))


def compute_signature(url: str, params: Params, auth_token: str, *, algorithm: str = HMAC_SHA1) -> str:
    """The ``X-Twilio-Signature`` Twilio sends for a request to ``url`` with ``params``.

    ``auth_token`` is the account's auth token (or the webhook SharedKey secret for
    HMAC_SHA256). For a JSON webhook pass the raw body as ``params``: the URL alone is
    signed, since its ``bodySHA256`` covers the body.
    """
    params = _body_as_bytes(params)
    hash_function = _HASHES.get(algorithm.upper() if isinstance(algorithm, str) else "")
    if hash_function is None:
        raise ValueError(f"algorithm must be {HMAC_SHA1!r} or {HMAC_SHA256!r}, got {algorithm!r}")
    if not isinstance(auth_token, str) or not auth_token:
        raise TypeError("auth_token must be a non-empty str (the value is not shown: it is a secret)")
    mac = hmac.new(auth_token.encode("utf-8"), _signed_string(url, params).encode("utf-8"), hash_function)
    return base64.b64encode(mac.digest()).decode("ascii")


def _url_forms(url: str) -> list[str]:
    """The URL as given, and as Twilio's helpers rebuild it with its port removed (or, when
    it names none, the default port added): Twilio signs either."""
    parts = urlsplit(url)
    forms = [url, urlunsplit(parts)]
    default = _DEFAULT_PORTS.get(parts.scheme.lower())
    if default is None or not parts.netloc:
        return forms
    userinfo, at, hostport = parts.netloc.rpartition("@")
    if hostport.startswith("["):  # an IPv6 literal: [::1]:443
        host, _, rest = hostport.partition("]")
        host += "]"
        port = rest[1:] if rest.startswith(":") else ""
    else:
        host, colon, port = hostport.rpartition(":")
        if not colon:
            host, port = hostport, ""
    if port and not port.isdigit():
        return forms
    other_port = "" if port else default
    forms.append(urlunsplit(parts._replace(netloc=userinfo + at + host + (":" + other_port if other_port else ""))))
    return list(dict.fromkeys(forms))


def _same(expected: str, signature: str) -> bool:
    return hmac.compare_digest(expected.encode("utf-8"), signature.encode("utf-8"))


def is_valid(url: str, params: Params, signature: str | None, auth_token: str, *, algorithm: str = HMAC_SHA1) -> bool:
    """Whether ``signature`` (the ``X-Twilio-Signature`` header) is Twilio's for this request.

    False, not an exception, for anything in the request that does not check out: no
    signature, an algorithm this module does not know (as the settings header may name), a
    URL with ``bodySHA256`` but no raw body to check it against, a raw body without
    ``bodySHA256``, text that is not UTF-8, a URL that does not parse (a bad host from the
    ``Host`` header), parameters of a form this module cannot sign (a value that is not
    text, a pair that is not a pair). A raw body may be ``bytes``, ``bytearray`` or
    ``memoryview``. A missing ``auth_token`` is a TypeError: that is the application's
    mistake, not the request's.
    """
    if not signature or not isinstance(signature, str):
        return False
    if not isinstance(algorithm, str) or algorithm.upper() not in _HASHES:
        return False
    if not isinstance(auth_token, str) or not auth_token:
        raise TypeError("auth_token must be a non-empty str (the value is not shown: it is a secret)")
    params = _body_as_bytes(params)
    try:
        return _checks_out(url, params, signature, auth_token, algorithm)
    except UnicodeError:
        return False  # text that is not UTF-8 (or a lone surrogate) is not what Twilio signed
    except (ValueError, TypeError):
        # A URL urlsplit refuses (an unclosed IPv6 bracket, a host that NFKC-normalises to
        # a separator), or parameters that are not text pairs: nothing Twilio signed.
        return False


def _checks_out(url: str, params: Params, signature: str, auth_token: str, algorithm: str) -> bool:
    declared = parse_qs(urlsplit(url).query).get("bodySHA256")
    if isinstance(params, str | bytes):
        # A JSON webhook: the body is covered only through bodySHA256, so it must be there
        # and match; otherwise nothing vouches for the body.
        if not declared or not _same(body_hash(params), declared[0]):
            return False
    elif declared:
        return False  # the URL promises a body hash, and there is no body to check it against
    return any(
        _same(compute_signature(form, params, auth_token, algorithm=algorithm), signature) for form in _url_forms(url)
    )
