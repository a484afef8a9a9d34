"""twimlkit.tokens: the tokens equal those of Twilio's helper library, read back checked, refuse bad
input with a TokenError naming the field, and never show a secret.

Twilio's helper (``twilio.jwt``) is the reference: both libraries read the clock with ``time.time()``,
so the clock is frozen while both make a token, and the decoded headers and payloads are compared.
PyJWT checks expiry against ``datetime.now()``, which a frozen ``time.time`` does not move, so the
``decode`` tests make tokens "in the past" or "in the future" by freezing the clock while making them.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import json
import re
import time
import warnings
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any
from unittest import mock

import jwt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jwt.warnings import InsecureKeyLengthWarning
from twilio.jwt.access_token import AccessToken as HelperAccessToken
from twilio.jwt.access_token import grants as helper_grants
from twilio.jwt.client import ClientCapabilityToken

import twimlkit.exceptions
import twimlkit.tokens
from twimlkit.tokens import (
    MAX_TTL,
    AccessToken,
    CapabilityToken,
    ChatGrant,
    Claims,
    SyncGrant,
    TaskRouterGrant,
    TokenError,
    VideoGrant,
    VoiceGrant,
    decode,
)

ACCOUNT_SID = "AC" + "0123456789abcdef" * 2
APPLICATION_SID = "AP" + "fedcba9876543210" * 2
API_KEY_SID = "SK" + "00112233445566778899aabbccddeeff"
CREDENTIAL_SID = "CR" + "ABCDEF0123456789" * 2
SERVICE_SID = "IS" + "1" * 32
ROLE_SID = "RL" + "2" * 32
WORKSPACE_SID = "WS" + "3" * 32
WORKER_SID = "WK" + "4" * 32
#: Distinctive 32-character secrets, so that a leak is unmistakable.
AUTH_TOKEN = "AuthTokenSecret-Zq7Xw9Lk2Vb5Np8R"
API_KEY_SECRET = "ApiKeySecret-Hj4Tm6Yc1Ds3Ge5Wu0F"
OTHER_KEY = "AnotherKey-000000000000000000000"
NOW = 1_700_000_000
HELPER_OUTGOING_PARAMS = {"lang": "fr", "mood": "ünïcode & spaces=yes", "empty": ""}
HELPER_FILTERS = {"AccountSid": ACCOUNT_SID, "Event": "call ended/ok?"}
NO_TIME_CHECKS = {"verify_exp": False, "verify_nbf": False}

assert len(AUTH_TOKEN) == len(API_KEY_SECRET) == len(OTHER_KEY) == 32


@contextmanager
def frozen_clock(at: float = NOW) -> Iterator[None]:
    """``time.time()`` returns ``at`` inside the block (for both libraries)."""
    with mock.patch.object(time, "time", return_value=float(at)):
        yield


def decoded(token: str, key: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """A token's header and payload, signature checked, expiry not (the clock may be frozen)."""
    return jwt.get_unverified_header(token), jwt.decode(token, key, algorithms=["HS256"], options=NO_TIME_CHECKS)


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def hand_made(
    header: Mapping[str, Any], payload: Mapping[str, Any], key: str, digest: Callable[..., Any] = hashlib.sha256
) -> str:
    """A JWT built without PyJWT, signed with HMAC over ``digest`` (so no key-length warning)."""
    signing_input = b64url(json.dumps(header).encode()) + "." + b64url(json.dumps(payload).encode())
    signature = hmac.new(key.encode(), signing_input.encode(), digest).digest()
    return signing_input + "." + b64url(signature)


# -- strategies --------------------------------------------------------------------------------------


def _is_client_name(text: str) -> bool:
    return not any(character.isspace() or not character.isprintable() for character in text)


_NAME_CHARACTERS = st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zs", "Zl", "Zp"))
client_names = st.text(_NAME_CHARACTERS, min_size=1, max_size=40).filter(_is_client_name)
_KEY_CHARACTERS = st.characters(codec="utf-8", categories=("L", "N"), include_characters="_-.")
#: Parameter maps of safe names and any values (unicode and empty ones included). "self" and
#: "application_sid" are the helper's positional arguments, so they cannot be keywords there.
param_maps = st.dictionaries(
    st.text(_KEY_CHARACTERS, min_size=1, max_size=12).filter(lambda name: name not in ("self", "application_sid")),
    st.text(st.characters(codec="utf-8"), max_size=20),
    max_size=4,
)
filter_maps = st.dictionaries(
    st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,11}", fullmatch=True),
    st.text(st.characters(codec="utf-8"), max_size=20),
    max_size=3,
)


# -- 1. capability token equals the helper's ------------------------------------------------------


def _orders() -> list[tuple[str, ...]]:
    capabilities = ("incoming", "outgoing", "stream")
    return [
        order
        for size in range(len(capabilities) + 1)
        for subset in itertools.combinations(capabilities, size)
        for order in itertools.permutations(subset)
    ]


def _capability_cases() -> list[Any]:
    cases = []
    for order in _orders():
        for params in (None, HELPER_OUTGOING_PARAMS) if "outgoing" in order else (None,):
            for filters in ({}, HELPER_FILTERS) if "stream" in order else ({},):
                name = "+".join(order) or "none"
                name += "-params" if params else ""
                name += "-filters" if filters else ""
                cases.append(pytest.param(order, params, filters, id=name))
    return cases


def both_capability_tokens(
    order: tuple[str, ...],
    client_name: str = "alice",
    params: Mapping[str, str] | None = None,
    filters: Mapping[str, str] | None = None,
    ttl: int = 3600,
) -> tuple[str, str]:
    """Our token and the helper's, with the allow_* calls made in ``order`` at the same instant."""
    ours = CapabilityToken(ACCOUNT_SID, AUTH_TOKEN)
    theirs = ClientCapabilityToken(ACCOUNT_SID, AUTH_TOKEN, ttl=ttl)
    for capability in order:
        if capability == "incoming":
            ours.allow_client_incoming(client_name)
            theirs.allow_client_incoming(client_name)
        elif capability == "outgoing":
            ours.allow_client_outgoing(APPLICATION_SID, params)
            theirs.allow_client_outgoing(APPLICATION_SID, **(params or {}))
        else:
            ours.allow_event_stream(**(filters or {}))
            theirs.allow_event_stream(**(filters or {}))
    with frozen_clock():
        return ours.to_jwt(ttl=ttl), theirs.to_jwt()


@pytest.mark.parametrize(("order", "params", "filters"), _capability_cases())
def test_capability_token_equals_helpers(
    order: tuple[str, ...], params: Mapping[str, str] | None, filters: Mapping[str, str]
) -> None:
    """Every subset and order of capabilities, with and without params/filters, gives the helper's token."""
    ours, theirs = both_capability_tokens(order, params=params, filters=filters)
    assert decoded(ours, AUTH_TOKEN) == decoded(theirs, AUTH_TOKEN)
    header, payload = decoded(ours, AUTH_TOKEN)
    assert header == {"alg": "HS256", "typ": "JWT"}
    assert payload["iss"] == ACCOUNT_SID
    assert payload["nbf"] == NOW
    assert payload["exp"] == NOW + 3600
    assert len(payload["scope"].split()) == len(order)


@pytest.mark.parametrize("ttl", [1, 60, 3600, MAX_TTL])
def test_capability_token_ttl_equals_helpers(ttl: int) -> None:
    """to_jwt(ttl=...) gives the token the helper makes with the same ttl in its constructor."""
    ours, theirs = both_capability_tokens(("incoming", "outgoing"), ttl=ttl)
    assert decoded(ours, AUTH_TOKEN) == decoded(theirs, AUTH_TOKEN)
    assert decoded(ours, AUTH_TOKEN)[1]["exp"] == NOW + ttl


def test_capability_repeated_call_replaces_like_helper() -> None:
    """Calling an allow_* again replaces that capability (keeping its place), as in the helper."""
    ours = CapabilityToken(ACCOUNT_SID, AUTH_TOKEN)
    theirs = ClientCapabilityToken(ACCOUNT_SID, AUTH_TOKEN)
    for token in (ours, theirs):
        token.allow_client_incoming("first")
        token.allow_client_outgoing(APPLICATION_SID)
        token.allow_client_incoming("second")
    ours.allow_client_outgoing(APPLICATION_SID, {"a": "1"})
    theirs.allow_client_outgoing(APPLICATION_SID, a="1")
    with frozen_clock():
        assert decoded(ours.to_jwt(), AUTH_TOKEN) == decoded(theirs.to_jwt(), AUTH_TOKEN)
    assert "clientName=second" in ours.scopes[1]
    assert all("first" not in scope for scope in ours.scopes)


@settings(max_examples=150, deadline=None)
@given(
    order=st.permutations(["incoming", "outgoing", "stream"]).flatmap(
        lambda order: st.integers(0, 3).map(lambda size: tuple(order[:size]))
    ),
    client_name=client_names,
    params=param_maps,
    filters=filter_maps,
)
def test_capability_token_equals_helpers_hypothesis(
    order: tuple[str, ...], client_name: str, params: dict[str, str], filters: dict[str, str]
) -> None:
    """Any client name, outgoing params and event filters give the helper's token."""
    ours, theirs = both_capability_tokens(order, client_name=client_name, params=params, filters=filters)
    assert decoded(ours, AUTH_TOKEN) == decoded(theirs, AUTH_TOKEN)


# -- 2. access token equals the helper's ----------------------------------------------------------


def both_access_tokens(
    ours_grants: list[Any],
    theirs_grants: list[Any],
    *,
    identity: str = "alice",
    region: str | None = None,
    valid_until: int | None = None,
    ttl: int = 3600,
) -> tuple[str, str]:
    """Our access token and the helper's for the corresponding grants, made at the same instant."""
    ours = AccessToken(
        ACCOUNT_SID,
        API_KEY_SID,
        API_KEY_SECRET,
        identity=identity,
        ttl=ttl,
        grants=ours_grants,
        region=region,
        valid_until=valid_until,
    )
    theirs = HelperAccessToken(
        ACCOUNT_SID,
        API_KEY_SID,
        API_KEY_SECRET,
        grants=theirs_grants,
        identity=identity,
        ttl=ttl,
        valid_until=valid_until,
        region=region,
    )
    with frozen_clock():
        return ours.to_jwt(), theirs.to_jwt()


_VOICE_CASES = [
    pytest.param(outgoing, incoming, push, endpoint, id=f"out={outgoing}-in={incoming}-push={push}-ep={endpoint}")
    for outgoing, incoming, push, endpoint in itertools.product(
        ("none", "sid", "sid+params"), (None, True, False), (False, True), (False, True)
    )
]


@pytest.mark.parametrize("region", [None, "ie1"])
@pytest.mark.parametrize(("outgoing", "incoming", "push", "endpoint"), _VOICE_CASES)
def test_access_token_voice_grant_equals_helpers(
    outgoing: str, incoming: bool | None, push: bool, endpoint: bool, region: str | None
) -> None:
    """Every combination of VoiceGrant fields, with and without a region, gives the helper's token."""
    fields: dict[str, Any] = {"incoming_allow": incoming}
    if outgoing != "none":
        fields["outgoing_application_sid"] = APPLICATION_SID
    if outgoing == "sid+params":
        fields["outgoing_application_params"] = HELPER_OUTGOING_PARAMS
    if push:
        fields["push_credential_sid"] = CREDENTIAL_SID
    if endpoint:
        fields["endpoint_id"] = "alice-device-1"
    ours, theirs = both_access_tokens([VoiceGrant(**fields)], [helper_grants.VoiceGrant(**fields)], region=region)
    assert decoded(ours, API_KEY_SECRET) == decoded(theirs, API_KEY_SECRET)
    header, payload = decoded(ours, API_KEY_SECRET)
    expected_header = {"alg": "HS256", "typ": "JWT", "cty": "twilio-fpa;v=1"}
    assert header == (expected_header if region is None else {**expected_header, "twr": region})
    assert payload["jti"] == f"{API_KEY_SID}-{NOW}"
    assert (payload["iss"], payload["sub"]) == (API_KEY_SID, ACCOUNT_SID)
    assert (payload["nbf"], payload["exp"]) == (NOW, NOW + 3600)
    assert payload["grants"]["identity"] == "alice"
    assert ("incoming" in payload["grants"]["voice"]) is (incoming is True)


@pytest.mark.parametrize("valid_until", [NOW + 1, NOW + 600, NOW + MAX_TTL])
def test_access_token_valid_until_equals_helpers(valid_until: int) -> None:
    """valid_until sets exp as in the helper (and wins over ttl)."""
    ours, theirs = both_access_tokens(
        [VoiceGrant(outgoing_application_sid=APPLICATION_SID)],
        [helper_grants.VoiceGrant(outgoing_application_sid=APPLICATION_SID)],
        valid_until=valid_until,
        ttl=60,
    )
    assert decoded(ours, API_KEY_SECRET) == decoded(theirs, API_KEY_SECRET)
    assert decoded(ours, API_KEY_SECRET)[1]["exp"] == valid_until


@pytest.mark.parametrize("ttl", [1, 600, MAX_TTL])
def test_access_token_ttl_equals_helpers(ttl: int) -> None:
    """ttl sets exp as in the helper."""
    ours, theirs = both_access_tokens([], [], ttl=ttl)
    assert decoded(ours, API_KEY_SECRET) == decoded(theirs, API_KEY_SECRET)
    assert decoded(ours, API_KEY_SECRET)[1]["exp"] == NOW + ttl


_OTHER_GRANTS: list[Any] = [
    pytest.param(ChatGrant(), helper_grants.ChatGrant(), id="chat-empty"),
    pytest.param(
        ChatGrant(
            service_sid=SERVICE_SID,
            endpoint_id="app:alice:device",
            deployment_role_sid=ROLE_SID,
            push_credential_sid=CREDENTIAL_SID,
        ),
        helper_grants.ChatGrant(
            service_sid=SERVICE_SID,
            endpoint_id="app:alice:device",
            deployment_role_sid=ROLE_SID,
            push_credential_sid=CREDENTIAL_SID,
        ),
        id="chat-full",
    ),
    pytest.param(
        ChatGrant(service_sid=SERVICE_SID), helper_grants.ChatGrant(service_sid=SERVICE_SID), id="chat-service"
    ),
    pytest.param(VideoGrant(), helper_grants.VideoGrant(), id="video-any-room"),
    pytest.param(VideoGrant(room="DailyStandup"), helper_grants.VideoGrant(room="DailyStandup"), id="video-room"),
    pytest.param(SyncGrant(), helper_grants.SyncGrant(), id="sync-empty"),
    pytest.param(
        SyncGrant(service_sid=SERVICE_SID, endpoint_id="ep-1"),
        helper_grants.SyncGrant(service_sid=SERVICE_SID, endpoint_id="ep-1"),
        id="sync-full",
    ),
    pytest.param(TaskRouterGrant(), helper_grants.TaskRouterGrant(), id="taskrouter-empty"),
    pytest.param(
        TaskRouterGrant(workspace_sid=WORKSPACE_SID, worker_sid=WORKER_SID, role="worker"),
        helper_grants.TaskRouterGrant(workspace_sid=WORKSPACE_SID, worker_sid=WORKER_SID, role="worker"),
        id="taskrouter-full",
    ),
]


@pytest.mark.parametrize(("ours_grant", "theirs_grant"), _OTHER_GRANTS)
def test_access_token_other_grants_equal_helpers(ours_grant: Any, theirs_grant: Any) -> None:
    """Chat, Video, Sync and TaskRouter grants give the helper's token."""
    ours, theirs = both_access_tokens([ours_grant], [theirs_grant])
    assert decoded(ours, API_KEY_SECRET) == decoded(theirs, API_KEY_SECRET)
    assert ours_grant.key in decoded(ours, API_KEY_SECRET)[1]["grants"]


def test_access_token_all_grants_together_equal_helpers() -> None:
    """One grant of each kind in one token gives the helper's token."""
    ours, theirs = both_access_tokens(
        [
            VoiceGrant(outgoing_application_sid=APPLICATION_SID, incoming_allow=True),
            ChatGrant(service_sid=SERVICE_SID),
            VideoGrant(room="r"),
            SyncGrant(service_sid=SERVICE_SID),
            TaskRouterGrant(workspace_sid=WORKSPACE_SID, worker_sid=WORKER_SID, role="worker"),
        ],
        [
            helper_grants.VoiceGrant(outgoing_application_sid=APPLICATION_SID, incoming_allow=True),
            helper_grants.ChatGrant(service_sid=SERVICE_SID),
            helper_grants.VideoGrant(room="r"),
            helper_grants.SyncGrant(service_sid=SERVICE_SID),
            helper_grants.TaskRouterGrant(workspace_sid=WORKSPACE_SID, worker_sid=WORKER_SID, role="worker"),
        ],
        region="us1",
    )
    assert decoded(ours, API_KEY_SECRET) == decoded(theirs, API_KEY_SECRET)


@settings(max_examples=100, deadline=None)
@given(
    room=st.text(st.characters(codec="utf-8"), min_size=1, max_size=20),
    endpoint=st.text(st.characters(codec="utf-8"), min_size=1, max_size=20),
)
def test_access_token_free_text_grant_fields_equal_helpers(room: str, endpoint: str) -> None:
    """Free-text grant fields (room, endpoint_id, role) give the helper's token."""
    ours, theirs = both_access_tokens(
        [VideoGrant(room=room), VoiceGrant(endpoint_id=endpoint), TaskRouterGrant(role=endpoint)],
        [
            helper_grants.VideoGrant(room=room),
            helper_grants.VoiceGrant(endpoint_id=endpoint),
            helper_grants.TaskRouterGrant(role=endpoint),
        ],
    )
    assert decoded(ours, API_KEY_SECRET) == decoded(theirs, API_KEY_SECRET)


@pytest.mark.parametrize(
    ("ours_grant", "theirs_grant"),
    [
        pytest.param(VideoGrant(room=""), helper_grants.VideoGrant(room=""), id="video-room"),
        pytest.param(VoiceGrant(endpoint_id=""), helper_grants.VoiceGrant(endpoint_id=""), id="voice-endpoint_id"),
        pytest.param(ChatGrant(endpoint_id=""), helper_grants.ChatGrant(endpoint_id=""), id="chat-endpoint_id"),
        pytest.param(SyncGrant(endpoint_id=""), helper_grants.SyncGrant(endpoint_id=""), id="sync-endpoint_id"),
        pytest.param(TaskRouterGrant(role=""), helper_grants.TaskRouterGrant(role=""), id="taskrouter-role"),
    ],
)
def test_access_token_empty_text_grant_fields_equal_helpers(ours_grant: Any, theirs_grant: Any) -> None:
    """An empty free-text grant field gives the helper's token (which leaves the field out)."""
    ours, theirs = both_access_tokens([ours_grant], [theirs_grant])
    assert decoded(ours, API_KEY_SECRET) == decoded(theirs, API_KEY_SECRET)


@settings(max_examples=150, deadline=None)
@given(
    identity=client_names,
    params=param_maps,
    incoming=st.sampled_from([None, True, False]),
    region=st.sampled_from([None, "us1", "ie1", "au1"]),
)
def test_access_token_equals_helpers_hypothesis(
    identity: str, params: dict[str, str], incoming: bool | None, region: str | None
) -> None:
    """Any identity and outgoing params give the helper's token."""
    fields: dict[str, Any] = {
        "outgoing_application_sid": APPLICATION_SID,
        "outgoing_application_params": params,
        "incoming_allow": incoming,
    }
    ours, theirs = both_access_tokens(
        [VoiceGrant(**fields)], [helper_grants.VoiceGrant(**fields)], identity=identity, region=region
    )
    assert decoded(ours, API_KEY_SECRET) == decoded(theirs, API_KEY_SECRET)


# -- 3. decode ------------------------------------------------------------------------------------


def capability_jwt(at: float | None = None, ttl: int = 3600, key: str = AUTH_TOKEN) -> str:
    token = CapabilityToken(ACCOUNT_SID, key).allow_client_incoming("alice").allow_client_outgoing(APPLICATION_SID)
    if at is None:
        return token.to_jwt(ttl=ttl)
    with frozen_clock(at):
        return token.to_jwt(ttl=ttl)


def access_jwt(at: float | None = None, ttl: int = 3600) -> str:
    token = AccessToken(
        ACCOUNT_SID,
        API_KEY_SID,
        API_KEY_SECRET,
        identity="alice",
        ttl=ttl,
        grants=[VoiceGrant(outgoing_application_sid=APPLICATION_SID)],
    )
    if at is None:
        return token.to_jwt()
    with frozen_clock(at):
        return token.to_jwt()


def test_decode_capability_token_claims() -> None:
    """decode returns a capability token's claims: kind, no identity, no grants, its scopes."""
    token = CapabilityToken(ACCOUNT_SID, AUTH_TOKEN).allow_client_incoming("alice").allow_event_stream(Event="x")
    claims = decode(token.to_jwt(ttl=600), AUTH_TOKEN)
    assert isinstance(claims, Claims)
    assert claims.kind == "capability"
    assert claims.identity is None
    assert claims.grants == {}
    assert claims.scopes == token.scopes
    assert claims["iss"] == ACCOUNT_SID
    assert claims["exp"] - claims["nbf"] == 600
    assert set(claims) == {"scope", "iss", "exp", "nbf"}
    assert claims.header == {"alg": "HS256", "typ": "JWT"}


def test_decode_access_token_claims() -> None:
    """decode returns an access token's claims: kind, identity, grants without identity, no scopes."""
    token = AccessToken(
        ACCOUNT_SID,
        API_KEY_SID,
        API_KEY_SECRET,
        identity="alice",
        grants=[VoiceGrant(outgoing_application_sid=APPLICATION_SID, incoming_allow=True), VideoGrant(room="r")],
        region="ie1",
    )
    claims = decode(token.to_jwt(), API_KEY_SECRET)
    assert claims.kind == "access"
    assert claims.identity == "alice"
    assert claims.grants == {
        "voice": {"incoming": {"allow": True}, "outgoing": {"application_sid": APPLICATION_SID}},
        "video": {"room": "r"},
    }
    assert claims.scopes == ()
    assert claims["sub"] == ACCOUNT_SID
    assert claims.header["twr"] == "ie1"
    assert claims.header["cty"] == "twilio-fpa;v=1"


def test_decode_accepts_bytes_and_claims_are_read_only() -> None:
    """decode takes bytes too, and the claims cannot be changed."""
    claims = decode(access_jwt().encode("ascii"), API_KEY_SECRET)
    assert claims.identity == "alice"
    with pytest.raises(TypeError):
        claims["iss"] = "x"


def assert_token_error(kind: str, token: str | bytes, key: str, **options: Any) -> TokenError:
    with pytest.raises(TokenError) as info:
        decode(token, key, **options)
    assert info.value.kind == kind, str(info.value)
    assert isinstance(info.value, ValueError)
    return info.value


@pytest.mark.parametrize("make", [capability_jwt, access_jwt])
def test_decode_wrong_key_is_signature_error(make: Callable[[], str]) -> None:
    """A token checked with another key is refused as a signature error."""
    assert_token_error("signature", make(), OTHER_KEY)


def _tamper(token: str, change: Callable[[dict[str, Any]], None]) -> str:
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    change(claims)
    return ".".join((header, b64url(json.dumps(claims).encode()), signature))


@pytest.mark.parametrize(
    ("make", "key", "change"),
    [
        pytest.param(access_jwt, API_KEY_SECRET, lambda c: c["grants"].update(identity="mallory"), id="identity"),
        pytest.param(access_jwt, API_KEY_SECRET, lambda c: c.update(exp=c["exp"] + 86400), id="exp"),
        pytest.param(capability_jwt, AUTH_TOKEN, lambda c: c.update(scope=c["scope"] + " x"), id="scope"),
    ],
)
def test_decode_tampered_payload_is_signature_error(
    make: Callable[[], str], key: str, change: Callable[[dict[str, Any]], None]
) -> None:
    """A changed payload under the old signature is refused as a signature error."""
    token = make()
    tampered = _tamper(token, change)
    assert tampered != token
    assert_token_error("signature", tampered, key)


def test_decode_alg_none_is_refused() -> None:
    """An unsigned token (alg none, from PyJWT or by hand) is refused as an algorithm error."""
    payload = jwt.decode(access_jwt(), API_KEY_SECRET, algorithms=["HS256"])
    from_pyjwt = jwt.encode(payload, key=None, algorithm="none")
    by_hand = hand_made({"alg": "none", "typ": "JWT"}, payload, API_KEY_SECRET).rsplit(".", 1)[0] + "."
    for token in (from_pyjwt, by_hand):
        error = assert_token_error("algorithm", token, API_KEY_SECRET)
        assert "none" in str(error)


@pytest.mark.parametrize(("algorithm", "digest"), [("HS384", hashlib.sha384), ("HS512", hashlib.sha512)])
def test_decode_other_algorithm_is_refused(algorithm: str, digest: Callable[..., Any]) -> None:
    """A token correctly signed with the same key but another HMAC is refused as an algorithm error."""
    payload = jwt.decode(access_jwt(), API_KEY_SECRET, algorithms=["HS256"])
    token = hand_made({"alg": algorithm, "typ": "JWT"}, payload, API_KEY_SECRET, digest)
    with warnings.catch_warnings():  # PyJWT finds a 32-byte key short for HS384/HS512
        warnings.simplefilter("ignore", InsecureKeyLengthWarning)
        assert jwt.decode(token, API_KEY_SECRET, algorithms=[algorithm]) == payload  # a genuine signature
    error = assert_token_error("algorithm", token, API_KEY_SECRET)
    assert algorithm in str(error)


@pytest.mark.parametrize("make", [capability_jwt, access_jwt])
def test_decode_expired(make: Callable[..., str]) -> None:
    """A token whose lifetime is over is refused as expired."""
    key = AUTH_TOKEN if make is capability_jwt else API_KEY_SECRET
    assert_token_error("expired", make(at=time.time() - 7200, ttl=3600), key)


@pytest.mark.parametrize("make", [capability_jwt, access_jwt])
def test_decode_not_yet_valid(make: Callable[..., str]) -> None:
    """A token whose nbf is in the future is refused as not yet valid."""
    key = AUTH_TOKEN if make is capability_jwt else API_KEY_SECRET
    assert_token_error("not-yet-valid", make(at=time.time() + 3600), key)


def test_decode_leeway() -> None:
    """leeway lets a token a little past its exp, or a little before its nbf, through; not more."""
    expired = capability_jwt(at=time.time() - 3600 - 30, ttl=3600)
    early = capability_jwt(at=time.time() + 30)
    for token, kind in ((expired, "expired"), (early, "not-yet-valid")):
        assert_token_error(kind, token, AUTH_TOKEN)
        assert_token_error(kind, token, AUTH_TOKEN, leeway=5)
        assert decode(token, AUTH_TOKEN, leeway=300)["iss"] == ACCOUNT_SID


@pytest.mark.parametrize("garbage", ["abc", "", "a.b.c", "...", "a.b", "%%%.%%%.%%%", b"\xff\xfe.x.y"])
def test_decode_garbage_is_malformed(garbage: str | bytes) -> None:
    """Input that is not a JWT is refused as malformed."""
    assert_token_error("malformed", garbage, AUTH_TOKEN)


@pytest.mark.parametrize(
    ("header", "payload"),
    [
        pytest.param({"alg": "HS256", "typ": "JWT"}, {"iss": ACCOUNT_SID}, id="no-exp"),
        pytest.param({"alg": "HS256", "typ": "JWT"}, {"exp": "tomorrow"}, id="exp-not-a-number"),
        pytest.param({"alg": "HS256", "typ": "JWT", "kid": 1}, {"exp": 4_000_000_000}, id="kid-not-a-string"),
        pytest.param({"alg": "HS256", "typ": "JWT", "crit": ["x"]}, {"exp": 4_000_000_000}, id="unknown-crit"),
    ],
)
def test_decode_correctly_signed_but_malformed(header: dict[str, Any], payload: dict[str, Any]) -> None:
    """A token signed with the right key whose header or claims are unusable is a TokenError (malformed)."""
    assert_token_error("malformed", hand_made(header, payload, AUTH_TOKEN), AUTH_TOKEN)


def test_token_error_is_the_same_class_everywhere() -> None:
    """twimlkit.tokens.TokenError is twimlkit.exceptions.TokenError, a ValueError."""
    assert twimlkit.tokens.TokenError is twimlkit.exceptions.TokenError
    assert issubclass(TokenError, ValueError)


# -- 4. validation --------------------------------------------------------------------------------


def _bad_sids(prefix: str) -> list[object]:
    return [
        "XY" + "0" * 32,
        prefix.lower() + "0" * 32,
        prefix + "0" * 31,
        prefix + "0" * 33,
        prefix + "g" * 32,
        prefix + "0" * 31 + "z",
        prefix + "0" * 32 + "\n",
        " " + prefix + "0" * 32,
        prefix + "０" * 32,  # fullwidth digits: not ASCII hex
        "",
        12345,
        (prefix + "0" * 32).encode(),
    ]


def _capability(**overrides: Any) -> CapabilityToken:
    return CapabilityToken(overrides.get("account_sid", ACCOUNT_SID), overrides.get("auth_token", AUTH_TOKEN))


def _access(**overrides: Any) -> AccessToken:
    arguments: dict[str, Any] = {
        "account_sid": ACCOUNT_SID,
        "api_key_sid": API_KEY_SID,
        "api_key_secret": API_KEY_SECRET,
        "identity": "alice",
    } | overrides
    return AccessToken(
        arguments.pop("account_sid"), arguments.pop("api_key_sid"), arguments.pop("api_key_secret"), **arguments
    )


_SID_ARGUMENTS: list[tuple[str, str, Callable[[object], object]]] = [
    ("AC", "account_sid", lambda sid: _capability(account_sid=sid)),
    ("AP", "application_sid", lambda sid: _capability().allow_client_outgoing(sid)),
    ("AC", "account_sid", lambda sid: _access(account_sid=sid)),
    ("SK", "api_key_sid", lambda sid: _access(api_key_sid=sid)),
    ("AP", "outgoing_application_sid", lambda sid: VoiceGrant(outgoing_application_sid=sid)),
    ("CR", "push_credential_sid", lambda sid: VoiceGrant(push_credential_sid=sid)),
    ("IS", "service_sid", lambda sid: ChatGrant(service_sid=sid)),
    ("RL", "deployment_role_sid", lambda sid: ChatGrant(deployment_role_sid=sid)),
    ("CR", "push_credential_sid", lambda sid: ChatGrant(push_credential_sid=sid)),
    ("IS", "service_sid", lambda sid: SyncGrant(service_sid=sid)),
    ("WS", "workspace_sid", lambda sid: TaskRouterGrant(workspace_sid=sid)),
    ("WK", "worker_sid", lambda sid: TaskRouterGrant(worker_sid=sid)),
]


def assert_invalid(field: str, make: Callable[[], object]) -> TokenError:
    """``make()`` raises a TokenError (a ValueError) of kind invalid whose message names ``field``."""
    with pytest.raises(TokenError) as info:
        make()
    assert isinstance(info.value, ValueError)
    assert info.value.kind == "invalid"
    assert re.search(rf"\b{re.escape(field)}\b", str(info.value)), str(info.value)
    return info.value


@pytest.mark.parametrize(
    ("bad", "field", "make"),
    [
        pytest.param(bad, field, make, id=f"{field}[{index}]-{bad!r}"[:60])
        for index, (prefix, field, make) in enumerate(_SID_ARGUMENTS)
        for bad in _bad_sids(prefix)
    ],
)
def test_bad_sid_refused(bad: object, field: str, make: Callable[[object], object]) -> None:
    """A SID of the wrong shape or type is refused, naming the argument."""
    assert_invalid(field, lambda: make(bad))


@pytest.mark.parametrize(("prefix", "field", "make"), _SID_ARGUMENTS, ids=[f for _, f, _ in _SID_ARGUMENTS])
def test_good_sid_accepted(prefix: str, field: str, make: Callable[[object], object]) -> None:
    """A SID of the right shape, hex in either case, is accepted."""
    make(prefix + "0123456789abcdefABCDEF0123456789")


def test_required_sids_refuse_none() -> None:
    """None is refused for the SIDs a token cannot do without."""
    assert_invalid("account_sid", lambda: _capability(account_sid=None))
    assert_invalid("account_sid", lambda: _access(account_sid=None))
    assert_invalid("api_key_sid", lambda: _access(api_key_sid=None))
    assert_invalid("application_sid", lambda: _capability().allow_client_outgoing(None))


@pytest.mark.parametrize("secret", ["", None, 12345, AUTH_TOKEN.encode()])
def test_bad_secret_refused(secret: object) -> None:
    """An empty or non-str auth token / API key secret is refused, naming the argument."""
    assert_invalid("auth_token", lambda: _capability(auth_token=secret))
    assert_invalid("api_key_secret", lambda: _access(api_key_secret=secret))


_NAME_SETTERS: list[Any] = [
    pytest.param("client_name", lambda name: _capability().allow_client_incoming(name), id="client_name"),
    pytest.param("identity", lambda name: _access(identity=name), id="identity"),
]


@pytest.mark.parametrize(("field", "make"), _NAME_SETTERS)
@pytest.mark.parametrize("name", ["a", "x" * 256, "alice_bob-1.2@example.com", "ünïcödé", "名前"])
def test_good_client_name_accepted(field: str, make: Callable[[object], object], name: str) -> None:
    """Client names of 1 to 256 characters, without whitespace or control characters, are accepted."""
    make(name)


@pytest.mark.parametrize(("field", "make"), _NAME_SETTERS)
@pytest.mark.parametrize(
    "name",
    [
        "x" * 257,
        "",
        "alice bob",
        "alice\tbob",
        "alice\nbob",
        "alice\r",
        " alice",
        "alice\u00a0bob",
        "alice\u2028",
        "\x00alice",
        "al\x1fice",
        "alice\x7f",
        "alice\x9b",
        None,
        42,
        b"alice",
    ],
)
def test_bad_client_name_refused(field: str, make: Callable[[object], object], name: object) -> None:
    """Too long, empty, whitespace, control characters and non-str client names are refused, naming the field."""
    assert_invalid(field, lambda: make(name))


_BAD_TTLS = [0, -1, MAX_TTL + 1, True, False, 1.5, 3600.0, "3600", None]


@pytest.mark.parametrize("ttl", _BAD_TTLS)
def test_bad_ttl_refused(ttl: object) -> None:
    """ttl 0, negative, over a day, a bool, a float or a str is refused by both token kinds."""
    assert_invalid("ttl", lambda: _capability().to_jwt(ttl=ttl))
    assert_invalid("ttl", lambda: _access(ttl=ttl))


@pytest.mark.parametrize("ttl", [1, MAX_TTL])
def test_extreme_good_ttls_accepted(ttl: int) -> None:
    """ttl 1 and 86400 are accepted and give exp = nbf + ttl."""
    assert MAX_TTL == 86400
    for token, key in ((_capability().to_jwt(ttl=ttl), AUTH_TOKEN), (_access(ttl=ttl).to_jwt(), API_KEY_SECRET)):
        claims = decode(token, key)
        assert claims["exp"] - claims["nbf"] == ttl


@pytest.mark.parametrize("params", [{"a": 1}, {1: "a"}, {"a": None}, {"a": b"x"}, ["a", "b"], "a=b", 42])
def test_non_str_outgoing_params_refused(params: object) -> None:
    """Outgoing params that are not a mapping of str to str are refused, naming the field."""
    assert_invalid("params", lambda: _capability().allow_client_outgoing(APPLICATION_SID, params))
    assert_invalid(
        "outgoing_application_params",
        lambda: VoiceGrant(outgoing_application_sid=APPLICATION_SID, outgoing_application_params=params),
    )


@pytest.mark.parametrize("value", [1, None, b"x", ["x"]])
def test_non_str_event_filters_refused(value: object) -> None:
    """Event stream filters that are not str are refused, naming the field."""
    assert_invalid("filters", lambda: _capability().allow_event_stream(Event=value))


def test_voice_grant_application_sid_is_positional() -> None:
    """VoiceGrant's arguments may be given in the documented order, outgoing_application_sid first."""
    assert VoiceGrant(APPLICATION_SID) == VoiceGrant(outgoing_application_sid=APPLICATION_SID)
    assert_invalid("outgoing_application_sid", lambda: VoiceGrant("AP-bad"))
    assert VoiceGrant(APPLICATION_SID, {"a": "b"}, True) == VoiceGrant(
        outgoing_application_sid=APPLICATION_SID, outgoing_application_params={"a": "b"}, incoming_allow=True
    )


def test_voice_params_without_application_refused() -> None:
    """VoiceGrant params without an outgoing application are refused: no app would receive them."""
    assert_invalid("outgoing_application_params", lambda: VoiceGrant(outgoing_application_params={"a": "b"}))


@pytest.mark.parametrize("value", [1, "yes", 0, "True"])
def test_voice_incoming_allow_must_be_bool(value: object) -> None:
    """incoming_allow is True, False or None."""
    assert_invalid("incoming_allow", lambda: VoiceGrant(incoming_allow=value))


@pytest.mark.parametrize(
    "grant",
    [VoiceGrant(), ChatGrant(), VideoGrant(), SyncGrant(), TaskRouterGrant()],
    ids=lambda grant: type(grant).__name__,
)
def test_duplicate_grant_kind_refused(grant: Any) -> None:
    """A second grant of a kind is refused, through add_grant and through grants=."""
    token = _access(grants=[grant])
    error = assert_invalid(type(grant).__name__, lambda: token.add_grant(type(grant)()))
    assert "grant" in str(error)
    assert_invalid(type(grant).__name__, lambda: _access(grants=[grant, type(grant)()]))
    assert len(token.grants) == 1


@pytest.mark.parametrize("grant", [object(), "voice", helper_grants.VoiceGrant(), {"key": "voice"}])
def test_non_grant_refused(grant: object) -> None:
    """add_grant refuses what is not a twimlkit grant."""
    assert_invalid("grant", lambda: _access().add_grant(grant))


@pytest.mark.parametrize("region", ["", "US1", "us", "us-1", "ireland", 1])
def test_bad_region_refused(region: object) -> None:
    """A region that is not like 'us1' is refused, naming the field."""
    assert_invalid("region", lambda: _access(region=region))


@pytest.mark.parametrize("valid_until", [True, 1.5, "1700000000"])
def test_bad_valid_until_refused(valid_until: object) -> None:
    """valid_until is a whole Unix time."""
    assert_invalid("valid_until", lambda: _access(valid_until=valid_until))


# -- 5. secrets never leak -------------------------------------------------------------------------


def _assert_no_secret(text: str) -> None:
    for secret in (AUTH_TOKEN, API_KEY_SECRET):
        assert secret not in text
        assert secret[: len(secret) // 2] not in text  # not even half of it


def _error_texts(error: BaseException) -> str:
    texts = [str(error), repr(error), *map(str, error.args)]
    for linked in (error.__cause__, error.__context__):
        if linked is not None:
            texts += [str(linked), repr(linked)]
    return "\n".join(texts)


def test_repr_and_str_hide_secrets() -> None:
    """repr() and str() of tokens show neither the auth token nor the API key secret."""
    capability = CapabilityToken(ACCOUNT_SID, AUTH_TOKEN).allow_client_incoming("alice")
    capability.allow_client_outgoing(APPLICATION_SID, {"p": "v"}).allow_event_stream(Event="e")
    access = AccessToken(
        ACCOUNT_SID,
        API_KEY_SID,
        API_KEY_SECRET,
        identity="alice",
        grants=[VoiceGrant(outgoing_application_sid=APPLICATION_SID)],
    )
    for token in (capability, access):
        _assert_no_secret(repr(token))
        _assert_no_secret(str(token))
        _assert_no_secret(format(token))
    assert ACCOUNT_SID in repr(capability)
    assert API_KEY_SID in repr(access)


def _making_errors() -> Iterator[Callable[[], object]]:
    yield lambda: CapabilityToken("AC-bad", AUTH_TOKEN)
    yield lambda: CapabilityToken(ACCOUNT_SID, AUTH_TOKEN).allow_client_incoming("bad name")
    yield lambda: CapabilityToken(ACCOUNT_SID, AUTH_TOKEN).to_jwt(ttl=0)
    yield lambda: AccessToken(ACCOUNT_SID, "SK-bad", API_KEY_SECRET, identity="alice")
    yield lambda: AccessToken(ACCOUNT_SID, API_KEY_SID, API_KEY_SECRET, identity="")
    yield lambda: AccessToken(ACCOUNT_SID, API_KEY_SID, API_KEY_SECRET, identity="a", ttl=MAX_TTL + 1)
    yield lambda: AccessToken(ACCOUNT_SID, API_KEY_SID, API_KEY_SECRET, identity="a", region="bad")
    yield lambda: AccessToken(ACCOUNT_SID, API_KEY_SID, API_KEY_SECRET, identity="a", grants=[VoiceGrant()] * 2)
    yield lambda: CapabilityToken(ACCOUNT_SID, AUTH_TOKEN + " ").allow_client_outgoing("AP-bad")


@pytest.mark.parametrize("make", list(_making_errors()))
def test_errors_while_making_hide_secrets(make: Callable[[], object]) -> None:
    """TokenErrors raised while making tokens do not contain the secret."""
    with pytest.raises(TokenError) as info:
        make()
    _assert_no_secret(_error_texts(info.value))


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda: CapabilityToken(AUTH_TOKEN, ACCOUNT_SID), id="capability(auth_token, account_sid)"),
        pytest.param(
            lambda: AccessToken(ACCOUNT_SID, API_KEY_SECRET, API_KEY_SID, identity="alice"),
            id="access(api_key_secret, api_key_sid)",
        ),
    ],
)
def test_secret_given_in_a_sid_slot_is_not_echoed(make: Callable[[], object]) -> None:
    """A secret passed by mistake where a SID goes (arguments swapped) is not shown in the error."""
    with pytest.raises(TokenError) as info:
        make()
    _assert_no_secret(_error_texts(info.value))


def test_errors_while_decoding_hide_secrets() -> None:
    """TokenErrors raised while decoding (wrong key, expired, bad algorithm, garbage) hide both keys."""
    cases: list[tuple[str | bytes, str]] = [
        (capability_jwt(key=OTHER_KEY), AUTH_TOKEN),  # the distinctive secret is the wrong key
        (capability_jwt(), API_KEY_SECRET),
        (access_jwt(), AUTH_TOKEN),
        (capability_jwt(at=time.time() - 7200), AUTH_TOKEN),
        (capability_jwt(at=time.time() + 7200), AUTH_TOKEN),
        (hand_made({"alg": "HS512"}, {"exp": 4_000_000_000}, AUTH_TOKEN, hashlib.sha512), AUTH_TOKEN),
        (hand_made({"alg": "HS256"}, {"iss": "x"}, AUTH_TOKEN), AUTH_TOKEN),
        ("abc", AUTH_TOKEN),
        (AUTH_TOKEN, API_KEY_SECRET),  # a secret handed over as the token
    ]
    for token, key in cases:
        with pytest.raises(TokenError) as info:
            decode(token, key)
        _assert_no_secret(_error_texts(info.value))


@pytest.mark.parametrize("key", ["", None, 12345])
def test_decode_bad_key_refused(key: object) -> None:
    """decode with an empty or non-str key is refused, naming the key."""
    assert_invalid("key", lambda: decode(access_jwt(), key))


# -- 6. chaining ----------------------------------------------------------------------------------


def test_allow_calls_return_the_same_token() -> None:
    """Each allow_* (and add_grant) returns the very token it was called on."""
    token = CapabilityToken(ACCOUNT_SID, AUTH_TOKEN)
    assert token.allow_client_incoming("alice") is token
    assert token.allow_client_outgoing(APPLICATION_SID) is token
    assert token.allow_client_outgoing(APPLICATION_SID, {"a": "b"}) is token
    assert token.allow_event_stream() is token
    assert token.allow_event_stream(Event="x") is token
    assert len(token.scopes) == 3
    access = _access()
    assert access.add_grant(VoiceGrant()) is access
    assert access.add_grant(VideoGrant()).add_grant(SyncGrant()) is access
    assert [grant.key for grant in access.grants] == ["voice", "video", "data_sync"]


@pytest.mark.parametrize("offset", [0, -1, MAX_TTL + 1])
def test_valid_until_must_be_ahead_within_a_day(offset: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """valid_until in the past, now, or more than 24 hours ahead is refused when the token is made."""
    monkeypatch.setattr(time, "time", lambda: float(NOW))
    token = AccessToken(ACCOUNT_SID, API_KEY_SID, API_KEY_SECRET, identity="alice", valid_until=NOW + offset)
    assert_invalid("valid_until", token.to_jwt)


def test_valid_until_sets_the_expiry(monkeypatch: pytest.MonkeyPatch) -> None:
    """A valid_until within the day is the token's exp."""
    monkeypatch.setattr(time, "time", lambda: float(NOW))
    token = AccessToken(ACCOUNT_SID, API_KEY_SID, API_KEY_SECRET, identity="alice", valid_until=NOW + MAX_TTL)
    claims = jwt.decode(token.to_jwt(), API_KEY_SECRET, algorithms=["HS256"], options=NO_TIME_CHECKS)
    assert claims["exp"] == NOW + MAX_TTL


@pytest.mark.parametrize(
    ("make", "field"),
    [
        (lambda: VideoGrant(room=5), "room"),
        (lambda: ChatGrant(endpoint_id=b"e"), "endpoint_id"),
        (lambda: TaskRouterGrant(role=["worker"]), "role"),
        (lambda: VoiceGrant(endpoint_id=1), "endpoint_id"),
    ],
)
def test_grant_text_fields_are_str(make: Callable[[], object], field: str) -> None:
    """Free-text grant fields take a str (or None), nothing else."""
    assert_invalid(field, make)


# -- keys, claims and names a careful reader refuses ---------------------------------------------

PEM_KEY = "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----"


@pytest.mark.parametrize("key", [PEM_KEY, "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7"])
def test_a_public_key_is_not_an_hmac_secret(key: str) -> None:
    """PEM and SSH keys are refused for signing and for decoding, with a TokenError."""
    assert_invalid("auth_token", lambda: CapabilityToken(ACCOUNT_SID, key))
    token = CapabilityToken(ACCOUNT_SID, AUTH_TOKEN).allow_client_incoming("alice").to_jwt()
    with pytest.raises(TokenError):
        decode(token, key)


@pytest.mark.parametrize("secret", [AUTH_TOKEN + "\n", " " + AUTH_TOKEN, AUTH_TOKEN[:10] + "\x00" + AUTH_TOKEN[11:]])
def test_secrets_with_whitespace_or_control_characters_are_refused(secret: str) -> None:
    """A trailing newline from a .env file would sign with the wrong key: refused, not shown."""
    error = assert_invalid("auth_token", lambda: CapabilityToken(ACCOUNT_SID, secret))
    assert AUTH_TOKEN[:12] not in str(error)


@pytest.mark.parametrize("value", ["9999999999", 4_000_000_000.5, True])
def test_times_must_be_whole_seconds(value: object) -> None:
    """An exp that is a string, a float or a bool is malformed, not quietly converted."""
    token = jwt.encode({"exp": value, "iss": ACCOUNT_SID}, AUTH_TOKEN, algorithm="HS256")
    with pytest.raises(TokenError) as info:
        decode(token, AUTH_TOKEN)
    assert info.value.kind == "malformed"


@pytest.mark.parametrize("leeway", [-1, "5", 1.5, True])
def test_leeway_is_whole_seconds_zero_or_more(leeway: object) -> None:
    """A negative or non-integer leeway is refused."""
    token = CapabilityToken(ACCOUNT_SID, AUTH_TOKEN).to_jwt()
    assert_invalid("leeway", lambda: decode(token, AUTH_TOKEN, leeway=leeway))  # type: ignore[arg-type]


def test_a_client_name_that_is_not_text_is_refused() -> None:
    """A lone surrogate cannot be encoded: refused as a client name and as an identity."""
    assert_invalid("client_name", lambda: CapabilityToken(ACCOUNT_SID, AUTH_TOKEN).allow_client_incoming("\ud800"))
    assert_invalid("identity", lambda: AccessToken(ACCOUNT_SID, API_KEY_SID, API_KEY_SECRET, identity="a\ud800"))


def test_a_sid_of_another_kind_is_named() -> None:
    with pytest.raises(TokenError, match=r"got 'AP[0-9a-f]{32}', which is an Application SID"):
        CapabilityToken(APPLICATION_SID, AUTH_TOKEN)
