"""The simulated gateway in a child process, steered over a pipe.

The farm's CPU (building answers, serialising megabytes of JSON) must not count against the
client being measured, so the simulator runs in its own process. Its clock is manual: it only
moves when the bench says `tick`, which is how "nothing changing" and "1% changing" are made.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing as mp
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

import sim_probe

JS_PENDING = 0  # job_pb2.JobState.PENDING


@dataclass(frozen=True)
class Answer:
    path: str
    time: float
    status: int
    size: int  # bytes of the response body


@dataclass(frozen=True)
class Call:
    path: str
    time: float
    status: int | None
    raw: bytes = b""


def _serve(conn: Connection, scenario: str, seed: int) -> None:
    from cuetui.sim.harness import SimHarness

    t0 = time.perf_counter()
    harness = SimHarness(scenario=scenario, seed=seed).start()
    built = time.perf_counter() - t0
    # The farm is built once and lives for the run: no collection walks its millions of
    # objects again (a full one costs ~1 s at xlarge, in the middle of some answer).
    gc.collect()
    gc.freeze()
    farm = harness.farm
    traffic = _record_traffic(harness.app)
    ticker = _Ticker(harness)
    # The small preset has no 20,000-frame job: its biggest job stands in (quick mode).
    big = farm.anchors.get("big") or max(farm.jobs.values(), key=lambda j: len(j.frames)).msg.id
    conn.send(
        {
            "url": harness.url,
            "secret": harness.secret,
            "big": big,
            "shows": sorted(s.msg.name for s in farm.shows.values()),
            "jobs": len(farm.jobs),
            "pending": sum(1 for j in farm.jobs.values() if j.msg.state == JS_PENDING),
            "hosts": len(farm.hosts),
            "big_frames": len(farm.jobs[big].frames),
            "busy_host": next(h.msg.name for h in farm.hosts.values() if h.procs),
            "build_seconds": built,
            "calls": sim_probe.per_call(harness, big),
            "rss_mb": sim_probe.rss_mb(),
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
        elif cmd == "live":
            ticker.run(float(arg))
        elif cmd == "traffic":
            reply = traffic[arg or 0 :]
        elif cmd == "rss":
            reply = sim_probe.rss_mb()
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
    ticker.run(0)
    harness.close()
    conn.send(None)


class _Ticker:
    """The farm's clock moving on its own, one tick every `every` seconds (0: stopped)."""

    def __init__(self, harness: Any) -> None:
        self.harness = harness
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def run(self, every: float) -> None:
        if self._thread is not None:
            self._stop.set()
            self._thread.join()
            self._thread = None
        if every > 0:
            self._stop = threading.Event()
            self._thread = threading.Thread(target=self._loop, args=(every,), daemon=True)
            self._thread.start()

    def _loop(self, every: float) -> None:
        # Kept on the wall clock, as a real farm is (a client's GetUpdatedFrames lastCheck is
        # its own clock): a tick at xlarge takes ~0.6 s, so a slow one is caught up by
        # ticking more next time, and a lag of more than a few ticks is skipped over.
        farm = self.harness.farm
        while not self._stop.wait(every):
            behind = int(time.time()) - farm.now
            if behind > 0:
                self.harness.tick(min(behind, 3))
            with farm.lock:
                if int(time.time()) - farm.now > 3:
                    farm.now = int(time.time())


def _record_traffic(app: Any) -> list[Answer]:
    """Every answer the gateway sends, with its body's size (what the gateway carries)."""
    answers: list[Answer] = []
    respond = app._respond

    async def counted(call: Any, send: Any, status: int, body: bytes, *args: Any) -> None:
        answers.append(Answer(call.path, time.time(), status, len(body)))
        await respond(call, send, status, body, *args)

    app._respond = counted
    return answers


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
        deadline = time.monotonic() + 300
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

    def live(self, every: float = 1.0) -> None:
        """Tick the farm every `every` seconds on its own (0 stops it), as a live farm moves."""
        self._ask("live", every)

    def traffic(self, since: int = 0) -> list[Answer]:
        """Answers sent (from index `since`) with their body sizes."""
        return self._ask("traffic", since)

    def rss_mb(self) -> float:
        return self._ask("rss")

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
