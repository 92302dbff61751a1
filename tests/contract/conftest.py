"""Fixtures for the contract tests: a client whose every request is captured."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
from google.protobuf import json_format

sys.path.insert(0, str(Path(__file__).parent))

from protofill import populate, rpc

from cuetui.client import GatewayClient, MintedToken


class Capture:
    """A MockTransport handler answering each path with a populated real response message."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        body = json.loads(request.content) if request.content else {}
        self.calls.append((path, body))
        method = rpc(path)
        if method is None:
            return httpx.Response(404, json={"code": 5, "message": "Not Found", "details": []})
        from protofill import message_class

        reply = populate(message_class(method.output_type)())
        text = json_format.MessageToJson(reply, always_print_fields_with_no_presence=True)
        headers = {"content-type": "application/json"}
        return httpx.Response(200, content=text.encode(), headers=headers)


@pytest.fixture
def capture() -> Capture:
    return Capture()


@pytest.fixture
async def client(capture: Capture):
    async with GatewayClient(
        "http://gateway.test:8448",
        MintedToken("contract-test-secret-that-is-long-enough", user="wrangler"),
        user="wrangler",
        transport=httpx.MockTransport(capture),
        retries=0,
    ) as c:
        yield c
