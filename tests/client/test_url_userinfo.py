"""A user name and password in the gateway URL: never sent, never shown, and explained.

The gateway authenticates with a JWT bearer token only; httpx would turn URL userinfo into a
Basic header that replaces the bearer token (the 401 that used to be blamed on the secret).
"""

from __future__ import annotations

import pytest

from cuetui.client import AuthError, GatewayClient, MintedToken, NoAuth, TokenRefused
from cuetui.client.urls import redact_url, strip_userinfo

PASSWORD = "hunter2-Zq9"


def with_userinfo(url: str, userinfo: str = f"bob:{PASSWORD}") -> str:
    scheme, rest = url.split("://")
    return f"{scheme}://{userinfo}@{rest}"


@pytest.mark.parametrize(
    ("url", "shown", "stripped"),
    [
        (f"https://bob:{PASSWORD}@gw:8448", "https://bob:***@gw:8448", "https://gw:8448"),
        (f"https://{PASSWORD}@gw:8448", "https://***@gw:8448", "https://gw:8448"),
        (f"http://bob:{PASSWORD}/x#y?z@gw:1/", "http://bob:***@gw:1/", "http://gw:1/"),
        ("https://gw:8448", "https://gw:8448", "https://gw:8448"),
        ("prod", "prod", "prod"),  # a profile name in the header
    ],
)
def test_redact_and_strip(url: str, shown: str, stripped: str) -> None:
    assert redact_url(url) == shown
    assert strip_userinfo(url) == stripped


async def test_the_bearer_token_is_sent_not_the_urls_password(sim) -> None:
    auth = MintedToken(sim.secret, user="bob")
    async with GatewayClient(with_userinfo(sim.url), auth) as client:
        assert await client.get_shows()
        assert PASSWORD not in repr(client) and client.base_url == sim.url
    (call,) = sim.calls
    assert call.status == 200 and call.authorization.startswith("Bearer ")


async def test_a_401_names_the_url_userinfo_not_just_the_secret(sim) -> None:
    auth = MintedToken("not-the-gateways-secret-0123456789abcdef", user="bob")
    async with GatewayClient(with_userinfo(sim.url), auth) as client:
        with pytest.raises(TokenRefused) as info:
            await client.get_shows()
    message = str(info.value)
    assert "user name or password in the gateway URL" in message
    assert "JWT bearer token" in message and PASSWORD not in message
    assert all(c.authorization.startswith("Bearer ") for c in sim.calls)


async def test_no_credentials_but_a_url_password_says_that_is_not_how(sim) -> None:
    async with GatewayClient(with_userinfo(sim.url), NoAuth()) as client:
        with pytest.raises(AuthError) as info:
            await client.get_shows()
    message = str(info.value)
    assert "user name or password in the gateway URL" in message
    assert "set CUETUI_JWT_SECRET" in message and PASSWORD not in message
    assert [c.authorization for c in sim.calls] == [None]  # no Basic header either
