"""SimHarness: the simulated gateway on a free loopback port, for tests and the demo.

    with SimHarness() as sim:            # small preset, seed 7, manual clock
        token = sim.token()
        httpx.post(f"{sim.url}/show.ShowInterface/GetShows", json={},
                   headers={"Authorization": f"Bearer {token}"})
        sim.tick(10)                     # advance the farm 10 ticks (1 s of farm time each)
        failing = sim.farm.anchors["failing"]   # see cuetui.sim.scenario for the anchors

`stop()` then `start()` serves the same farm on the same port again (for outage tests).
`calls` records every request received, refused ones included; `faults` injects failures.
"""

from __future__ import annotations

import asyncio
import contextlib
import secrets
import shutil
import socket
import tempfile
import threading
import time
import weakref
from pathlib import Path
from typing import Any

import jwt
import uvicorn

from cuetui.sim.farm import SimulatedFarm
from cuetui.sim.faults import Faults
from cuetui.sim.gateway import GatewayApp, RecordedCall
from cuetui.sim.scenario import Scenario

__all__ = ["RecordedCall", "SimHarness"]


class _Server(uvicorn.Server):
    """uvicorn's server, stopped without its fixed pauses (a test run stops ~1,000 of them).

    uvicorn notices `should_exit` on its next 0.1 s tick, then pauses 0.1 s more for open
    connections to close before it waits for them: here `wake` ends the tick at once and the
    connections are waited for in short steps, under the same graceful timeout.
    """

    wake: asyncio.Event | None = None

    async def main_loop(self) -> None:
        self.wake = asyncio.Event()
        counter = 0
        while not await self.on_tick(counter):
            counter = (counter + 1) % 864000
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.wake.wait(), 0.1)

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        for server in self.servers:
            server.close()  # refuse new connections
        state = self.server_state
        for connection in list(state.connections):
            connection.shutdown()  # idle ones close now, busy ones after their answer
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(self.config.timeout_graceful_shutdown):
                while state.connections or state.tasks:
                    await asyncio.sleep(0.005)
        for task in state.tasks:
            task.cancel(msg="the simulated gateway stopped")
        for server in self.servers:
            await server.wait_closed()


class SimHarness:
    """A simulated OpenCue REST gateway running in a background thread."""

    def __init__(
        self,
        scenario: str | Scenario = "small",
        seed: int = 7,
        secret: str | None = None,
        free_running: bool = False,
        port: int = 0,
        *,
        epoch: int | None = None,
        log_dir: str | Path | None = None,
        tick_interval: float = 1.0,
        host: str = "127.0.0.1",
        defer_actions: bool = False,
    ) -> None:
        self.secret = secret or secrets.token_hex(32)
        self._own_log_dir = log_dir is None
        self.log_dir = Path(log_dir or tempfile.mkdtemp(prefix="cuetui-sim-logs-"))
        if self._own_log_dir:
            # Removed at close(), or when the harness is collected or the process exits.
            self._cleanup = weakref.finalize(self, shutil.rmtree, self.log_dir, True)
        self.farm = SimulatedFarm(scenario, seed, epoch=epoch, log_root=self.log_dir)
        self.farm.defer_actions = defer_actions  # kills/retries/eats land on the next tick
        self.faults = Faults(seed=seed)
        self.calls: list[RecordedCall] = []
        self.app = GatewayApp(self.farm, self.secret, self.faults, self.calls)
        self.free_running = free_running
        self.tick_interval = tick_interval
        self.host = host
        self.port = port
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._ticker: threading.Thread | None = None
        self._stop_ticking = threading.Event()

    # ------------------------------------------------------------------ lifecycle
    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _bind(self) -> socket.socket:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, self.port))
        sock.listen(128)
        sock.setblocking(False)
        self.port = sock.getsockname()[1]
        return sock

    def start(self) -> SimHarness:
        """Serve on `port` (a free one the first time if 0); returns once it accepts."""
        if self.running:
            return self
        sock = self._bind()
        config = uvicorn.Config(
            self.app,
            lifespan="off",
            log_level="warning",
            access_log=False,
            timeout_graceful_shutdown=1,
            timeout_keep_alive=5,
        )
        server = _Server(config)
        self._server = server

        def run() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            asyncio.set_event_loop(loop)
            try:
                loop.run_until_complete(server.serve(sockets=[sock]))
            finally:
                loop.close()
                sock.close()

        self._thread = threading.Thread(target=run, name=f"cuetui-sim:{self.port}", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 10
        while not server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the simulated gateway did not start")
            time.sleep(0.005)
        logs = self.farm.logs
        if logs is not None and logs.pending:
            threading.Thread(target=self._flush_logs, name="cuetui-sim-logs", daemon=True).start()
        if self.free_running and (self._ticker is None or not self._ticker.is_alive()):
            self._stop_ticking.clear()
            self._ticker = threading.Thread(target=self._tick_loop, name="cuetui-sim-ticker")
            self._ticker.daemon = True
            self._ticker.start()
        return self

    def stop(self) -> None:
        """Stop serving (connections refused); the farm and the port are kept for start()."""
        self._stop_ticking.set()
        if self._ticker is not None:
            self._ticker.join(timeout=5)
            self._ticker = None
        server, thread, loop = self._server, self._thread, self._loop
        if server is None or thread is None:
            return
        server.should_exit = True
        if loop is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(self.app.release_hanging)
                if server.wake is not None:
                    loop.call_soon_threadsafe(server.wake.set)
        thread.join(timeout=10)
        self._server = self._thread = self._loop = None

    def close(self) -> None:
        """Stop and remove the temporary log directory."""
        self.stop()
        if self.farm.logs is not None:
            with self.farm.lock:
                self.farm.logs.close()
        if self._own_log_dir:
            self._cleanup()

    def __enter__(self) -> SimHarness:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _flush_logs(self) -> None:
        """Write the first logs of a big farm's running frames, a few at a time."""
        logs = self.farm.logs
        assert logs is not None
        remaining = 1
        while remaining:
            with self.farm.lock:
                remaining = logs.flush(self.farm, 50)
            time.sleep(0.001)  # let requests in between chunks

    def _tick_loop(self) -> None:
        while not self._stop_ticking.wait(self.tick_interval):
            self.farm.tick()

    # ------------------------------------------------------------------ test helpers
    def tick(self, n: int = 1) -> None:
        """Advance the farm's clock n ticks (thread-safe)."""
        self.farm.tick(n)

    def token(self, sub: str = "cuetui-test", ttl: float | None = 3600, **claims: Any) -> str:
        """A valid HS256 token for this gateway (no `exp` when ttl is None)."""
        payload: dict[str, Any] = {"sub": sub, "iat": int(time.time())}
        if ttl is not None:
            payload["exp"] = int(time.time() + ttl)
        payload.update(claims)
        return jwt.encode(payload, self.secret, algorithm="HS256")

    def headers(self, **claims: Any) -> dict[str, str]:
        """Authorization header with a fresh token."""
        return {"Authorization": f"Bearer {self.token(**claims)}"}

    def calls_to(self, path: str) -> list[RecordedCall]:
        """Recorded calls to `path` ("/job.JobInterface/GetJobs"; leading slash optional)."""
        path = path if path.startswith("/") else "/" + path
        with self.app.calls_lock:
            return [c for c in self.calls if c.path == path]

    def clear_calls(self) -> None:
        with self.app.calls_lock:
            self.calls.clear()
