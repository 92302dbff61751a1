"""Token minting, refresh and expiry; 401 handling; secrets never shown."""

from __future__ import annotations

import logging
import time

import jwt
import pytest
from clienthelpers import SECRET, Script, ok, plain

from cuetui.client import (
    AuthError,
    MintedToken,
    NoAuth,
    StaticToken,
    TokenExpired,
    TokenNotYetValid,
    TokenRefused,
)

EXPIRED = "Token validation error: token has invalid claims: token is expired\n"
BAD_SIG = "Token validation error: token signature is invalid: signature is invalid\n"


class Clock:
    def __init__(self, now: float = 1_700_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_minted_token_claims() -> None:
    clock = Clock()
    auth = MintedToken(SECRET, user="bob", lifetime=600, clock=clock)
    claims = jwt.decode(auth.token(), SECRET, algorithms=["HS256"], options={"verify_exp": False})
    assert claims == {"sub": "bob", "iat": int(clock.now), "exp": int(clock.now) + 600}
    assert jwt.get_unverified_header(auth.token())["alg"] == "HS256"


def test_minted_token_is_reused_then_reminted_before_expiry() -> None:
    clock = Clock()
    auth = MintedToken(SECRET, user="bob", lifetime=3600, clock=clock)
    first = auth.token()
    clock.now += 1000
    assert auth.token() == first and auth.minted == 1
    clock.now += 3600 - 1000 - 30  # inside the refresh margin
    second = auth.token()
    assert second != first and auth.minted == 2
    auth.invalidate()
    auth.token()
    assert auth.minted == 3


def test_minted_token_refuses_bad_setup() -> None:
    with pytest.raises(ValueError):
        MintedToken("", user="bob")
    with pytest.raises(ValueError):
        MintedToken(SECRET, user="bob", algorithm="RS256")
    with pytest.raises(ValueError):
        MintedToken(SECRET, user="bob", lifetime=0)


def test_short_secret_does_not_warn(recwarn) -> None:
    MintedToken("short", user="bob").token()
    assert not [w for w in recwarn if "HMAC" in str(w.message)]


def test_static_token() -> None:
    now = time.time()
    token = jwt.encode({"sub": "x", "exp": int(now) - 10}, SECRET, algorithm="HS256")
    auth = StaticToken(f"Bearer {token}\n", source="CUETUI_TOKEN")
    assert auth.token() == token
    assert auth.is_expired(now)
    assert not auth.can_refresh
    with pytest.raises(ValueError):
        StaticToken("  ", source="token file x")


def test_reprs_hide_secrets() -> None:
    minted = MintedToken(SECRET, user="bob")
    token = minted.token()
    static = StaticToken(token)
    for text in (repr(minted), str(minted), repr(static), str(static)):
        assert SECRET not in text and token not in text


async def test_bearer_header_is_sent(make_client) -> None:
    script = Script(ok())
    client = make_client(script)
    await client.get_shows()
    header = script.requests[0].headers["authorization"]
    assert header.startswith("Bearer ")
    claims = jwt.decode(header[7:], SECRET, algorithms=["HS256"])
    assert claims["sub"] == "wrangler"


async def test_one_remint_after_a_401_then_success(make_client) -> None:
    script = Script(plain(401, EXPIRED), ok())
    client = make_client(script)
    client.auth.token()
    await client.get_shows()
    assert len(script.requests) == 2
    assert client.auth.minted == 2


async def test_action_is_resent_once_after_a_401(make_client) -> None:
    # The gateway checks auth before forwarding: a 401 means nothing was done.
    script = Script(plain(401, EXPIRED), ok())
    client = make_client(script)
    await client.kill_job("job-1")
    assert script.paths == ["/job.JobInterface/Kill"] * 2


async def test_wrong_secret_quotes_the_gateway(make_client) -> None:
    script = Script(plain(401, BAD_SIG))
    client = make_client(script)
    with pytest.raises(TokenRefused) as info:
        await client.get_shows()
    message = str(info.value)
    assert "signature is invalid" in message and "JWT_SECRET" in message
    assert len(script.requests) == 2
    assert info.value.reason.startswith("Token validation error")


async def test_fresh_token_refused_as_expired_hints_clock_skew(make_client) -> None:
    client = make_client(Script(plain(401, EXPIRED)))
    with pytest.raises(TokenExpired) as info:
        await client.get_shows()
    assert "clock" in str(info.value)


async def test_not_yet_valid_hints_clock_skew(make_client) -> None:
    text = "Token validation error: token has invalid claims: token is not valid yet\n"
    client = make_client(Script(plain(401, text)))
    with pytest.raises(TokenNotYetValid) as info:
        await client.get_shows()
    assert "clock" in str(info.value)


async def test_expired_ready_token_says_what_to_do(make_client) -> None:
    script = Script(plain(401, EXPIRED))
    client = make_client(script, auth=StaticToken("a.b.c", source="token file /x/t.jwt"))
    with pytest.raises(TokenExpired) as info:
        await client.get_shows()
    message = str(info.value)
    assert "token file /x/t.jwt" in message and "new token" in message
    assert len(script.requests) == 1


async def test_refused_ready_token(make_client) -> None:
    client = make_client(Script(plain(401, "Invalid token\n")), auth=StaticToken("a.b.c"))
    with pytest.raises(TokenRefused) as info:
        await client.get_shows()
    assert "Invalid token" in str(info.value)


async def test_no_credentials(make_client) -> None:
    script = Script(plain(401, "Authorization header required\n"))
    client = make_client(script, auth=NoAuth())
    with pytest.raises(AuthError) as info:
        await client.get_shows()
    assert "CUETUI_JWT_SECRET" in str(info.value)
    assert "authorization" not in script.requests[0].headers


async def test_secrets_stay_out_of_logs_and_errors(make_client, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    client = make_client(Script(plain(401, EXPIRED), plain(401, BAD_SIG)))
    token = client.auth.token()
    with pytest.raises(TokenRefused) as info:
        await client.get_shows()
    for text in (caplog.text, str(info.value), repr(info.value), repr(client)):
        assert SECRET not in text and token not in text
