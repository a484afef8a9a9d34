"""Tokens for Twilio Client and the Voice SDK: make them, and read them back checked.

    >>> from twimlkit.tokens import CapabilityToken
    >>> token = CapabilityToken("AC" + "0" * 32, "auth-token-of-32-characters-long")
    >>> jwt = token.allow_client_incoming("dj").allow_client_outgoing("AP" + "1" * 32).to_jwt(ttl=600)

``CapabilityToken`` is the Twilio Client token of the radio tutorial (scopes signed with the
auth token); ``AccessToken`` with a ``VoiceGrant`` is today's Voice SDK token (grants signed
with an API key). Both are the JWTs Twilio's helper library makes for the same input, with
their input checked first: SIDs of the right shape, client names Twilio accepts, a sensible
lifetime. ``decode`` reads a token back, checking signature, algorithm (HS256 only), expiry
and start. Secrets never appear in a ``repr``, a message or an exception.

Layering: this module knows nothing of TwiML nodes; it needs only PyJWT.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, ClassVar, Final, Literal, Protocol
from urllib.parse import urlencode

import attrs
import jwt
from jwt.utils import base64url_encode

from .exceptions import TokenError

__all__ = [
    "MAX_TTL",
    "AccessToken",
    "CapabilityToken",
    "ChatGrant",
    "Claims",
    "Grant",
    "SyncGrant",
    "TaskRouterGrant",
    "TokenError",
    "VideoGrant",
    "VoiceGrant",
    "decode",
]

#: Twilio refuses tokens that live longer than a day.
MAX_TTL: Final = 24 * 60 * 60
#: The only algorithm Twilio signs and accepts these tokens with.
ALGORITHM: Final = "HS256"
#: Header that marks a Twilio access token ("first-party access", version 1).
ACCESS_TOKEN_TYPE: Final = "twilio-fpa;v=1"
#: Twilio's limit on a client name (an identity) and the characters it cannot hold.
MAX_CLIENT_NAME: Final = 256
_BAD_NAME_CHARACTER: Final = re.compile(r"[\s\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_BAD_SECRET_CHARACTER: Final = re.compile(r"[\s\x00-\x1f\x7f-\x9f]")
_SSH_KEY_TYPES: Final = ("ssh-", "ecdsa-sha2-")
_HEX32: Final = "[0-9a-fA-F]{32}"
_EVENTS_PATH: Final = "/2010-04-01/Events"


# -- checks ---------------------------------------------------------------------------------------


_SID_SHAPES: dict[str, re.Pattern[str]] = {}
_HEX32_SHAPE: Final = re.compile(_HEX32)
# SIDs a token takes, by their prefix, for the message when one stands in another's place.
_SID_KINDS: Final = {
    "AC": "an Account SID",
    "AP": "an Application SID (TwiML App)",
    "SK": "an API Key SID",
    "CA": "a Call SID",
    "PN": "a Phone Number SID",
}


def _sid(value: object, prefix: str, what: str, field: str) -> str:
    shape = _SID_SHAPES.get(prefix)
    if shape is None:
        shape = _SID_SHAPES[prefix] = re.compile(prefix + _HEX32)
    if not isinstance(value, str) or shape.fullmatch(value) is None:
        # Echo only what looks like a try at this SID: a value in the wrong place (the
        # auth token given as the account SID, say) may be a secret.
        other = _SID_KINDS.get(value[:2]) if isinstance(value, str) else None
        if isinstance(value, str) and value.startswith(prefix) and len(value) <= 40:
            shown = repr(value)
        elif other is not None and _HEX32_SHAPE.fullmatch(value[2:]) is not None:  # type: ignore[index]
            # A SID of another kind is no secret: show it, and say what it is.
            shown = f"{value!r}, which is {other}"
        elif isinstance(value, str):
            shown = f"a {len(value)}-character str that does not start with {prefix!r} (not shown: it may be a secret)"
        else:
            shown = f"a {type(value).__name__}"
        raise TokenError(f"{field} must be {what} ({prefix} followed by 32 hex digits), got {shown}")
    return value


def _secret(value: object, field: str) -> str:
    # The value itself is never shown: it is a secret.
    if not isinstance(value, str) or not value:
        raise TokenError(f"{field} must be a non-empty str (the value is not shown: it is a secret)")
    if _BAD_SECRET_CHARACTER.search(value) is not None:
        raise TokenError(
            f"{field} contains whitespace or a control character (a trailing newline from a file, say); "
            "Twilio's secrets have none (the value is not shown: it is a secret)"
        )
    # PEM keys hold spaces and newlines, refused above; PyJWT also refuses SSH public keys
    # as HMAC secrets (they start with their type), and so does this, cheaply.
    if value.startswith(_SSH_KEY_TYPES):
        raise TokenError(f"{field} is a public key, not an HMAC secret (the value is not shown: it is a secret)")
    try:
        value.encode("utf-8")
    except UnicodeError:
        raise TokenError(f"{field} is not text (the value is not shown: it is a secret)") from None
    return value


def _client_name(value: object, field: str = "client_name") -> str:
    if not isinstance(value, str) or not value:
        raise TokenError(f"{field} must be a non-empty str, got {value!r}")
    if len(value) > MAX_CLIENT_NAME:
        raise TokenError(f"{field} is {len(value)} characters; Twilio accepts at most {MAX_CLIENT_NAME}")
    bad = _BAD_NAME_CHARACTER.search(value)
    if bad is not None:
        raise TokenError(
            f"{field} {value!r} contains {bad.group()!r}; Twilio client names hold no whitespace or control characters"
        )
    return value


def _ttl(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= MAX_TTL:
        raise TokenError(f"ttl must be a whole number of seconds from 1 to {MAX_TTL:,} (24 hours), got {value!r}")
    return value


def _params(value: object, field: str) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise TokenError(f"{field} must be a mapping of str to str, got a {type(value).__name__}")
    for key, item in value.items():
        if not isinstance(key, str) or not isinstance(item, str):
            raise TokenError(f"{field} must map str to str, got {key!r}: {item!r}")
    return dict(value)


def _now() -> int:
    return int(time.time())


_HS256: Final = jwt.algorithms.HMACAlgorithm(jwt.algorithms.HMACAlgorithm.SHA256)


def _json(value: Mapping[str, Any]) -> bytes:
    return json.dumps(value, separators=(",", ":"), sort_keys=False).encode()


def _encode(payload: Mapping[str, Any], key: str, headers: Mapping[str, str] | None = None) -> str:
    """The compact JWS of ``payload`` signed HS256 with ``key``, built from PyJWT's parts.

    PyJWT's ``encode`` would first vet the key against PEM and SSH formats, a defence for
    verifying with public keys that costs a third of a token here: the key is our own
    HMAC secret. Tokens are read back with PyJWT's full checks (``decode``).
    """
    header = {"alg": ALGORITHM, "typ": "JWT", **(headers or {})}
    signing_input = base64url_encode(_json(dict(sorted(header.items())))) + b"." + base64url_encode(_json(payload))
    signature = _HS256.sign(signing_input, key.encode("utf-8"))
    return (signing_input + b"." + base64url_encode(signature)).decode("ascii")


# -- the Twilio Client capability token ----------------------------------------------------------


class CapabilityToken:
    """The Twilio Client capability token: what a browser client may do, signed with the
    account's auth token. Each ``allow_*`` returns the token, so calls chain; calling one
    again replaces that capability.
    """

    __slots__ = ("_auth_token", "_client_name", "_scopes", "account_sid")

    account_sid: str
    _auth_token: str
    # capability -> (scope base, query); insertion order is the order of the scopes.
    _scopes: dict[str, tuple[str, dict[str, str]]]
    _client_name: str | None

    def __init__(self, account_sid: str, auth_token: str) -> None:
        self.account_sid = _sid(account_sid, "AC", "an Account SID", "account_sid")
        self._auth_token = _secret(auth_token, "auth_token")
        self._scopes = {}
        self._client_name = None

    def allow_client_incoming(self, client_name: str) -> CapabilityToken:
        """Let the client receive calls addressed to ``client_name`` (``<Client>`` in TwiML)."""
        self._client_name = _client_name(client_name)
        self._scopes["incoming"] = ("scope:client:incoming", {"clientName": self._client_name})
        return self

    def allow_client_outgoing(self, application_sid: str, params: Mapping[str, str] | None = None) -> CapabilityToken:
        """Let the client place calls through the TwiML application ``application_sid``,
        which receives ``params`` with each call."""
        sid = _sid(application_sid, "AP", "an Application SID", "application_sid")
        query = {"appSid": sid}
        extra = _params(params, "params")
        if extra:
            query["appParams"] = urlencode(extra)
        self._scopes["outgoing"] = ("scope:client:outgoing", query)
        return self

    def allow_event_stream(self, **filters: str) -> CapabilityToken:
        """Let the client subscribe to the account's event stream, optionally filtered."""
        query = {"path": _EVENTS_PATH}
        extra = _params(filters, "filters")
        if extra:
            query["params"] = urlencode(extra)
        self._scopes["stream"] = ("scope:stream:subscribe", query)
        return self

    @property
    def scopes(self) -> tuple[str, ...]:
        """The scope URIs the token grants, in order."""
        out = []
        for capability, (base, query) in self._scopes.items():
            fields = dict(query)
            if capability == "outgoing" and self._client_name is not None:
                fields["clientName"] = self._client_name
            out.append(base + "?" + urlencode(sorted(fields.items())))
        return tuple(out)

    def to_jwt(self, ttl: int = 3600) -> str:
        """The signed token, valid from now for ``ttl`` seconds (default one hour)."""
        now = _now()
        payload = {"scope": " ".join(self.scopes), "iss": self.account_sid, "exp": now + _ttl(ttl), "nbf": now}
        return _encode(payload, self._auth_token)

    def __repr__(self) -> str:
        return f"CapabilityToken(account_sid={self.account_sid!r}, scopes={list(self.scopes)!r})"


# -- grants and the access token -----------------------------------------------------------------


class Grant(Protocol):
    """What an access token grant is: a key in the token's ``grants`` and its payload."""

    key: ClassVar[str]

    def payload(self) -> dict[str, Any]: ...


def _optional_sid(prefix: str, what: str) -> Any:
    def check(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None:
            _sid(value, prefix, what, attribute.name)

    return attrs.field(default=None, validator=check)


def _optional_text() -> Any:
    def check(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None and not isinstance(value, str):
            raise TokenError(f"{attribute.name} must be a str or None, got a {type(value).__name__}")

    return attrs.field(default=None, validator=check)


def _flat(grant: attrs.AttrsInstance) -> dict[str, Any]:
    # An empty value is no value: Twilio's helper leaves it out, and so does this.
    return {name: value for name, value in attrs.asdict(grant, recurse=False).items() if value not in (None, "")}


@attrs.frozen
class VoiceGrant:
    """Voice SDK permissions: place calls through a TwiML app, receive calls, get pushes."""

    key: ClassVar[str] = "voice"

    outgoing_application_sid: str | None = _optional_sid("AP", "an Application SID")
    outgoing_application_params: Mapping[str, str] | None = None
    incoming_allow: bool | None = None
    push_credential_sid: str | None = _optional_sid("CR", "a Push Credential SID")
    endpoint_id: str | None = _optional_text()

    def __attrs_post_init__(self) -> None:
        if self.outgoing_application_params is not None:
            _params(self.outgoing_application_params, "outgoing_application_params")
            if self.outgoing_application_sid is None:
                raise TokenError("outgoing_application_params needs outgoing_application_sid: the app receives them")
        if self.incoming_allow is not None and not isinstance(self.incoming_allow, bool):
            raise TokenError(f"incoming_allow must be True, False or None, got {self.incoming_allow!r}")

    def payload(self) -> dict[str, Any]:
        """The ``voice`` grant as Twilio reads it."""
        out: dict[str, Any] = {}
        if self.incoming_allow:
            out["incoming"] = {"allow": True}
        if self.outgoing_application_sid is not None:
            outgoing: dict[str, Any] = {"application_sid": self.outgoing_application_sid}
            if self.outgoing_application_params:
                outgoing["params"] = dict(self.outgoing_application_params)
            out["outgoing"] = outgoing
        if self.push_credential_sid is not None:
            out["push_credential_sid"] = self.push_credential_sid
        if self.endpoint_id:
            out["endpoint_id"] = self.endpoint_id
        return out


@attrs.frozen
class ChatGrant:
    """Conversations/Chat permissions for a service."""

    key: ClassVar[str] = "chat"

    service_sid: str | None = _optional_sid("IS", "a Service SID")
    endpoint_id: str | None = _optional_text()
    deployment_role_sid: str | None = _optional_sid("RL", "a Role SID")
    push_credential_sid: str | None = _optional_sid("CR", "a Push Credential SID")

    def payload(self) -> dict[str, Any]:
        return _flat(self)


@attrs.frozen
class VideoGrant:
    """Video permissions: the room the token may join (any room if None)."""

    key: ClassVar[str] = "video"

    room: str | None = _optional_text()

    def payload(self) -> dict[str, Any]:
        return _flat(self)


@attrs.frozen
class SyncGrant:
    """Sync permissions for a service."""

    key: ClassVar[str] = "data_sync"

    service_sid: str | None = _optional_sid("IS", "a Service SID")
    endpoint_id: str | None = _optional_text()

    def payload(self) -> dict[str, Any]:
        return _flat(self)


@attrs.frozen
class TaskRouterGrant:
    """TaskRouter permissions: a worker in a workspace, with a role."""

    key: ClassVar[str] = "task_router"

    workspace_sid: str | None = _optional_sid("WS", "a Workspace SID")
    worker_sid: str | None = _optional_sid("WK", "a Worker SID")
    role: str | None = _optional_text()

    def payload(self) -> dict[str, Any]:
        return _flat(self)


class AccessToken:
    """A Voice SDK access token: an identity and its grants, signed with an API key."""

    __slots__ = ("_api_key_secret", "account_sid", "api_key_sid", "grants", "identity", "region", "ttl", "valid_until")

    account_sid: str
    api_key_sid: str
    _api_key_secret: str
    identity: str
    ttl: int
    grants: tuple[Grant, ...]
    region: str | None
    valid_until: int | None

    def __init__(
        self,
        account_sid: str,
        api_key_sid: str,
        api_key_secret: str,
        *,
        identity: str,
        ttl: int = 3600,
        grants: Sequence[Grant] = (),
        region: str | None = None,
        valid_until: int | None = None,
    ) -> None:
        self.account_sid = _sid(account_sid, "AC", "an Account SID", "account_sid")
        self.api_key_sid = _sid(api_key_sid, "SK", "an API Key SID", "api_key_sid")
        self._api_key_secret = _secret(api_key_secret, "api_key_secret")
        self.identity = _client_name(identity, "identity")
        self.ttl = _ttl(ttl)
        self.grants = ()
        for grant in grants:
            self.add_grant(grant)
        if region is not None and (not isinstance(region, str) or re.fullmatch(r"[a-z]{2}[0-9]", region) is None):
            raise TokenError(f"region must be a Twilio region such as 'us1' or 'ie1', got {region!r}")
        self.region = region
        if valid_until is not None and (isinstance(valid_until, bool) or not isinstance(valid_until, int)):
            raise TokenError(f"valid_until must be a Unix time in whole seconds, got {valid_until!r}")
        self.valid_until = valid_until

    def add_grant(self, grant: Grant) -> AccessToken:
        """Add a grant (one of each kind); returns the token, so calls chain."""
        key = getattr(grant, "key", None)
        if not isinstance(key, str) or not callable(getattr(grant, "payload", None)):
            raise TokenError(f"a grant must be VoiceGrant, ChatGrant, ... got {type(grant).__name__}")
        if any(existing.key == key for existing in self.grants):
            raise TokenError(f"the token already has a {type(grant).__name__}: one grant of each kind")
        self.grants = (*self.grants, grant)
        return self

    def to_jwt(self) -> str:
        """The signed token, valid from now for ``ttl`` seconds (or until ``valid_until``)."""
        now = _now()
        grants: dict[str, Any] = {"identity": self.identity}
        for grant in self.grants:
            grants[grant.key] = grant.payload()
        if self.valid_until is not None and not now < self.valid_until <= now + MAX_TTL:
            raise TokenError(
                f"valid_until must be after now and at most {MAX_TTL:,} seconds (24 hours) ahead, "
                f"got {self.valid_until} with now {now}"
            )
        payload = {
            "jti": f"{self.api_key_sid}-{now}",
            "iss": self.api_key_sid,
            "sub": self.account_sid,
            "grants": grants,
            "exp": self.valid_until if self.valid_until is not None else now + self.ttl,
            "nbf": now,
        }
        headers = {"cty": ACCESS_TOKEN_TYPE}
        if self.region is not None:
            headers["twr"] = self.region
        return _encode(payload, self._api_key_secret, headers)

    def __repr__(self) -> str:
        return (
            f"AccessToken(account_sid={self.account_sid!r}, api_key_sid={self.api_key_sid!r}, "
            f"identity={self.identity!r}, ttl={self.ttl!r}, grants={list(self.grants)!r})"
        )


# -- reading tokens back -------------------------------------------------------------------------


@attrs.frozen
class Claims(Mapping[str, Any]):
    """A checked token's claims (a read-only mapping), with its header and what it grants."""

    header: Mapping[str, Any]
    _payload: Mapping[str, Any] = attrs.field(alias="payload")

    def __getitem__(self, key: str) -> Any:
        return self._payload[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._payload)

    def __len__(self) -> int:
        return len(self._payload)

    @property
    def kind(self) -> Literal["access", "capability"]:
        """``access`` for an AccessToken, ``capability`` for a CapabilityToken."""
        return "access" if self.header.get("cty") == ACCESS_TOKEN_TYPE else "capability"

    @property
    def identity(self) -> str | None:
        """The access token's identity (None for a capability token)."""
        grants = self._payload.get("grants")
        return grants.get("identity") if isinstance(grants, Mapping) else None

    @property
    def grants(self) -> Mapping[str, Any]:
        """The access token's grants by key (``voice``, ...), identity left out."""
        grants = self._payload.get("grants")
        if not isinstance(grants, Mapping):
            return {}
        return {key: value for key, value in grants.items() if key != "identity"}

    @property
    def scopes(self) -> tuple[str, ...]:
        """The capability token's scope URIs (empty for an access token)."""
        scope = self._payload.get("scope")
        return tuple(scope.split()) if isinstance(scope, str) else ()


def decode(token: str | bytes, key: str, *, leeway: int = 0) -> Claims:
    """Check a token made with ``key`` (auth token or API key secret) and return its claims.

    Refuses, with a ``TokenError`` that says which: a token that is not a JWT, an algorithm
    other than HS256 (``none`` included), a wrong signature (wrong key or a changed token),
    times that are not whole seconds, an expired token and one not valid yet (``leeway``
    seconds of clock skew allowed).
    """
    _secret(key, "key")
    if isinstance(leeway, bool) or not isinstance(leeway, int) or leeway < 0:
        raise TokenError(f"leeway must be a whole number of seconds, 0 or more, got {leeway!r}")
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError as exc:
        raise TokenError(f"not a JWT: {exc}", kind="malformed") from None
    algorithm = header.get("alg")
    if algorithm != ALGORITHM:
        raise TokenError(f"the token is signed with {algorithm!r}; only {ALGORITHM} is accepted", kind="algorithm")
    # The signature first, then the claims it vouches for, then the times.
    try:
        payload = jwt.decode(
            token,
            key,
            algorithms=[ALGORITHM],
            options={"verify_exp": False, "verify_nbf": False, "verify_iat": False, "require": ["exp"]},
        )
        for claim in ("exp", "nbf", "iat"):
            if claim in payload and type(payload[claim]) is not int:
                raise TokenError(
                    f"the token's {claim!r} is {payload[claim]!r}; it must be a Unix time in whole seconds",
                    kind="malformed",
                )
        jwt.decode(token, key, algorithms=[ALGORITHM], leeway=leeway)
    except jwt.ExpiredSignatureError:
        raise TokenError("the token has expired", kind="expired") from None
    except jwt.ImmatureSignatureError:
        raise TokenError("the token is not valid yet (its nbf or iat is in the future)", kind="not-yet-valid") from None
    except jwt.InvalidSignatureError:
        raise TokenError("the signature does not match: a wrong key, or a changed token", kind="signature") from None
    except jwt.MissingRequiredClaimError as exc:
        raise TokenError(f"the token has no {exc.claim!r} claim", kind="malformed") from None
    except jwt.PyJWTError as exc:
        raise TokenError(f"not a valid token: {exc}", kind="malformed") from None
    return Claims(header=header, payload=payload)


for _cls in (CapabilityToken, AccessToken, VoiceGrant, ChatGrant, VideoGrant, SyncGrant, TaskRouterGrant, Claims):
    _cls.__module__ = "twimlkit.tokens"
