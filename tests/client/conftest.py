"""Fixtures for the client unit tests: a GatewayClient on a scripted mock transport."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from clienthelpers import SECRET, Script, Sleeps

from cuetui.client import GatewayClient, MintedToken


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def make_client(sleeps: Sleeps) -> Callable[..., GatewayClient]:
    made: list[GatewayClient] = []

    def make(script: Script, *, auth: Any = "minted", **kw: Any) -> GatewayClient:
        if auth == "minted":
            auth = MintedToken(SECRET, user="wrangler")
        kw.setdefault("user", "wrangler")
        client = GatewayClient(
            "http://gateway.test:8448",
            auth,
            transport=httpx.MockTransport(script),
            sleep=sleeps,
            rng=random.Random(7),
            **kw,
        )
        made.append(client)
        return client

    return make
