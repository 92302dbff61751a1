"""`cuetui` as users run it, under a pseudo-terminal: start-up time, idle CPU and idle output.

The app is the installed `cuetui` command in its own process; its output is read from the
pty's master side (and counted), its CPU from /proc/<pid>/stat.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import select
import signal
import struct
import sys
import tempfile
import termios
import threading
import time
from pathlib import Path
from typing import Any

from simproc import SimProcess
from stats import summary

COLS, ROWS = 160, 48
JOBS_PATH = "/job.JobInterface/GetJobs"
_TICK = os.sysconf("SC_CLK_TCK")


def _cuetui() -> str:
    beside = Path(sys.executable).with_name("cuetui")
    return str(beside) if beside.exists() else "cuetui"


class PtyApp:
    """`cuetui ARGS` on a pty of COLS x ROWS; a thread drains and counts its output."""

    def __init__(self, sim: SimProcess, *args: str) -> None:
        self._config = tempfile.mkdtemp(prefix="cuetui-bench-config-")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("CUETUI_", "TEXTUAL"))}
        env.update(
            CUETUI_GATEWAY=sim.url,
            CUETUI_JWT_SECRET=sim.secret,
            XDG_CONFIG_HOME=self._config,  # no user config file
            TERM="xterm-256color",
            COLORTERM="truecolor",
        )
        argv = [_cuetui(), *args]
        self.started = time.perf_counter()
        pid, fd = pty.fork()
        if pid == 0:  # the child: become cuetui
            try:
                os.execvpe(argv[0], argv, env)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
        self.buffer = bytearray()
        self.total = 0
        self._lock = threading.Lock()
        self._seen = threading.Condition(self._lock)
        self._reader = threading.Thread(target=self._drain, name="bench-pty", daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        while True:
            try:
                ready, _, _ = select.select([self.fd], [], [], 0.5)
                if not ready:
                    if self._exited():
                        return
                    continue
                data = os.read(self.fd, 65536)
            except OSError:
                return
            if not data:
                return
            with self._lock:
                self.total += len(data)
                self.buffer += data
                if len(self.buffer) > 4_000_000:
                    del self.buffer[:2_000_000]
                self._seen.notify_all()

    def _exited(self) -> bool:
        try:
            return os.waitpid(self.pid, os.WNOHANG)[0] != 0
        except ChildProcessError:
            return True

    def wait_for(self, marker: bytes, timeout: float = 30.0) -> float | None:
        """Seconds from launch until `marker` was written (None on timeout)."""
        end = time.perf_counter() + timeout
        with self._lock:
            while marker not in self.buffer:
                left = end - time.perf_counter()
                if left <= 0:
                    return None
                self._seen.wait(left)
            return time.perf_counter() - self.started

    def type(self, text: str) -> None:
        os.write(self.fd, text.encode())

    def cpu_seconds(self) -> float:
        """utime + stime of the app process so far (every thread)."""
        with open(f"/proc/{self.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _TICK

    def close(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGTERM)
        end = time.time() + 5
        while time.time() < end and not self._exited():
            time.sleep(0.05)
        if not self._exited():
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        os.close(self.fd)
        self._reader.join(timeout=2)


def startup(sim: SimProcess, reps: int) -> dict[str, Any]:
    """Launch to the first populated table: the shows (no default show), and one show's jobs."""
    show = sim.info["shows"][-1].encode()  # no default show: only the table prints it
    out: dict[str, Any] = {}
    for label, args, marker in (
        ("shows", (), show),
        ("jobs", ("--show", "testing"), b"testing-sh"),
    ):
        times, painting = [], []
        for _ in range(reps):
            app = PtyApp(sim, *args)
            try:
                # "\x1b[?1049h": the alternate screen, Textual's first write.
                first = app.wait_for(b"\x1b[?1049h", 30)
                took = app.wait_for(marker, 30)
            finally:
                app.close()
            if took is None or first is None:
                raise RuntimeError(f"cuetui {' '.join(args)} showed no table within 30 s")
            times.append(took)
            painting.append(first)
        out[label] = summary(times)
        out[label + " (app running)"] = summary(painting)
    return out


def idle(sim: SimProcess, window: float, interval: float = 5.0) -> dict[str, Any]:
    """All 2,000 jobs on view, refreshed every `interval` s, nothing changing, for `window` s."""
    app = PtyApp(sim, "--refresh", f"{interval:g}")
    try:
        if app.wait_for(sim.info["shows"][-1].encode(), 30) is None:
            raise RuntimeError("cuetui did not start")
        start = len(sim.calls())
        app.type(":jobs all\r")
        deadline = time.time() + 60
        while not any(
            c.path == JOBS_PATH and c.status == 200 for c in sim.calls(start)
        ):  # the first full list was served
            if time.time() > deadline:
                raise RuntimeError("the jobs of all shows never loaded")
            time.sleep(0.2)
        time.sleep(3.0)  # parse, build 2,000 rows, paint
        calls0 = len(sim.calls())
        cpu0, bytes0, t0 = app.cpu_seconds(), app.total, time.perf_counter()
        time.sleep(window)
        cpu1, bytes1, t1 = app.cpu_seconds(), app.total, time.perf_counter()
        calls = [c for c in sim.calls(calls0) if c.path == JOBS_PATH]
        others = [c.path for c in sim.calls(calls0) if c.path != JOBS_PATH]
    finally:
        app.close()
    elapsed = t1 - t0
    refreshes = max(1, len(calls))
    return {
        "window": elapsed,
        "interval": interval,
        "cpu_share": (cpu1 - cpu0) / elapsed,
        "bytes": bytes1 - bytes0,
        "refreshes": len(calls),
        "bytes_per_refresh": (bytes1 - bytes0) / refreshes,
        "requests_per_minute": len(calls) * 60 / elapsed,
        "other_requests": others,
    }
