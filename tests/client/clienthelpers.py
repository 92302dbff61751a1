"""Helpers for the client unit tests: scripted transports and canned responses."""

from __future__ import annotations

import json
from typing import Any

import httpx

SECRET = "unit-test-secret-0123456789abcdef0123"


class Script:
    """Answers requests from a list of responses/exceptions (the last one repeats)."""

    def __init__(self, *steps: Any) -> None:
        self.steps = list(steps)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        step = self.steps[min(len(self.requests), len(self.steps)) - 1]
        if callable(step) and not isinstance(step, httpx.Response):
            step = step(request)
        if isinstance(step, Exception):
            raise step
        return step

    @property
    def bodies(self) -> list[dict[str, Any]]:
        return [json.loads(r.content) if r.content else {} for r in self.requests]

    @property
    def paths(self) -> list[str]:
        return [r.url.path for r in self.requests]


class Sleeps:
    """Records the backoff delays instead of sleeping."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, delay: float) -> None:
        self.delays.append(delay)


def ok(payload: Any = None) -> httpx.Response:
    return httpx.Response(200, json={} if payload is None else payload)


def grpc_error(status: int, code: int, message: str, **headers: str) -> httpx.Response:
    return httpx.Response(
        status, json={"code": code, "message": message, "details": []}, headers=headers
    )


def plain(status: int, text: str, **headers: str) -> httpx.Response:
    return httpx.Response(
        status, text=text, headers={"content-type": "text/plain; charset=utf-8", **headers}
    )
