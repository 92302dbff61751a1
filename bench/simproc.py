"""The simulated gateway in a child process, steered over a pipe.

The farm's CPU (building answers, serialising megabytes of JSON) must not count against the
client being measured, so the simulator runs in its own process. Its clock is manual: it only
moves when the bench says `tick`, which is how "nothing changing" and "1% changing" are made.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any


@dataclass(frozen=True)
class Call:
    path: str
    time: float
    status: int | None
    raw: bytes = b""


def _serve(conn: Connection, scenario: str, seed: int) -> None:
    from cuetui.sim.harness import SimHarness

    harness = SimHarness(scenario=scenario, seed=seed).start()
    farm = harness.farm
    # The small preset has no 20,000-frame job: its biggest job stands in (quick mode).
    big = farm.anchors.get("big") or max(farm.jobs.values(), key=lambda j: len(j.frames)).msg.id
    conn.send(
        {
            "url": harness.url,
            "secret": harness.secret,
            "big": big,
            "shows": sorted(s.msg.name for s in farm.shows.values()),
            "jobs": len(farm.jobs),
            "hosts": len(farm.hosts),
        }
    )
    while True:
        try:
            cmd, arg = conn.recv()
        except EOFError:
            break
        reply: Any = None
        if cmd == "stop":
            break
        if cmd == "tick":
            harness.tick(int(arg))
        elif cmd == "advance":
            with farm.lock:
                farm.now += int(arg)
        elif cmd == "touch":
            reply = _touch(farm, *arg)
        elif cmd == "faults":
            for name, value in arg.items():
                setattr(harness.faults, name, value)
        elif cmd == "reset_faults":
            harness.faults.reset()
            # Calls held by a `hang` fault end as dropped connections.
            loop = harness._loop
            if loop is not None:
                loop.call_soon_threadsafe(harness.app.release_hanging)
        elif cmd == "clear_calls":
            harness.clear_calls()
        elif cmd == "calls":
            with harness.app.calls_lock:
                reply = [Call(c.path, c.time, c.status, c.raw) for c in harness.calls[arg or 0 :]]
        conn.send(reply)
    harness.close()
    conn.send(None)


def _touch(farm: Any, job_id: str, first: int, span: int, count: int, phase: int) -> int:
    """Change `count` frames spread over frames[first:first+span] of a job, as an RQD report
    would (memory, last log update), without moving the farm's clock: exactly those frames
    come back from GetUpdatedFrames."""
    with farm.lock:
        # In GetFrames' order, so `first`/`span` name a page.
        frames = sorted(
            farm.jobs[job_id].frames,
            key=lambda f: (f.msg.dispatch_order, f.layer.msg.dispatch_order),
        )[first : first + span]
        step = max(1, len(frames) // max(1, count))
        touched = frames[phase % step :: step][:count]
        for frame in touched:
            msg = frame.msg
            msg.used_memory += 1024
            msg.max_rss = max(msg.max_rss, msg.used_memory)
            msg.llu_time = farm.now
            frame.changed = farm.now
        return len(touched)


class SimProcess:
    """`with SimProcess("large") as sim:` -> `sim.url`, `sim.secret`, `sim.tick()`, ..."""

    def __init__(self, scenario: str = "large", seed: int = 7) -> None:
        ctx = mp.get_context("spawn")
        self._conn, child = ctx.Pipe()
        self._proc = ctx.Process(
            target=_serve, args=(child, scenario, seed), name="cuetui-bench-sim", daemon=True
        )
        self._proc.start()
        deadline = time.monotonic() + 120
        while not self._conn.poll(0.2):
            if not self._proc.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the simulator did not start (see its traceback above)")
        self.info: dict[str, Any] = self._conn.recv()
        self.url: str = self.info["url"]
        self.secret: str = self.info["secret"]
        self.pid = self._proc.pid

    def _ask(self, cmd: str, arg: Any = None) -> Any:
        self._conn.send((cmd, arg))
        return self._conn.recv()

    def tick(self, n: int = 1) -> None:
        self._ask("tick", n)

    def advance(self, seconds: int) -> None:
        """Move the farm's clock without simulating anything (nothing changes)."""
        self._ask("advance", seconds)

    def touch(self, job_id: str, first: int, span: int, count: int, phase: int = 0) -> int:
        """Change `count` frames of frames[first:first+span] (GetFrames order) at once."""
        return self._ask("touch", (job_id, first, span, count, phase))

    def faults(self, **knobs: Any) -> None:
        self._ask("faults", knobs)

    def reset_faults(self) -> None:
        self._ask("reset_faults")

    def clear_calls(self) -> None:
        self._ask("clear_calls")

    def calls(self, since: int = 0) -> list[Call]:
        """Requests received (from index `since`), refused ones included."""
        return self._ask("calls", since)

    def close(self) -> None:
        if self._proc.is_alive():
            with contextlib.suppress(BrokenPipeError, EOFError):
                self._ask("stop")
            self._proc.join(timeout=10)
        if self._proc.is_alive():
            self._proc.terminate()
            self._proc.join(timeout=5)

    def __enter__(self) -> SimProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
