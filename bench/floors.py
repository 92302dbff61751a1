"""The floor of a refresh: the same requests with plain httpx, and `json.loads` of each body.

No client can do less than receive the bytes and decode them; a refresh's cost is reported
against this, measured in the same process and loop, right before each refresh it is
compared with.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence

import httpx

from cuetui.sim.cli import mint


class Floor:
    def __init__(self, url: str, secret: str) -> None:
        token = mint(secret, "bench-floor", 3600)
        self.http = httpx.AsyncClient(
            base_url=url,
            timeout=60,
            headers={
                "Authorization": f"Bearer {token}",
                "Content-Type": "application/json",
                "Accept": "application/json",
            },
        )

    async def measure(self, requests: Sequence[tuple[str, bytes]]) -> float:
        """CPU seconds to post each (path, body) and decode its answer, one after another."""
        cpu = 0.0
        for path, body in requests:
            start = time.process_time()
            response = await self.http.post(path, content=body)
            json.loads(response.content)
            cpu += time.process_time() - start
            if response.status_code != 200:
                raise RuntimeError(f"floor request {path} answered {response.status_code}")
        return cpu

    async def aclose(self) -> None:
        await self.http.aclose()
