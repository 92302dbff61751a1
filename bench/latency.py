"""Key-to-paint latency: keys typed from another thread, as the terminal's input thread does.

A key injected while the event loop is busy (parsing 5,000 hosts) waits in the queue, exactly
as a real key would; its latency runs from the moment it was typed to the first paint after
the table handled it. Keys alternate down/up so the cursor moves (and repaints) each time.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from textual import events

from apphost import driver


class KeyProbe:
    """Types cursor keys into the app at a steady pace and times each to its paint."""

    def __init__(self, app: Any, table: Any, every: float = 0.03) -> None:
        self.app = app
        self.table = table
        self.every = every
        self.typed: list[float] = []
        self.handled: list[float] = []
        self.painted: list[float | None] = []
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._patch()

    def _patch(self) -> None:
        table, handled, painted = self.table, self.handled, self.painted
        for name in ("action_cursor_down", "action_cursor_up"):
            original = getattr(table, name)

            def wrapper(original: Any = original) -> None:
                original()
                handled.append(time.perf_counter())
                painted.append(None)

            setattr(table, name, wrapper)

        def on_paint(now: float, size: int) -> None:
            for i in range(len(painted) - 1, -1, -1):
                if painted[i] is not None:
                    break
                painted[i] = now

        driver(self.app).listeners.append(on_paint)

    def _type(self) -> None:
        drv = driver(self.app)
        down = True
        while not self._stop.is_set():
            key = "down" if down else "up"
            down = not down
            event = events.Key(key, None)
            event.set_sender(self.app)
            self.typed.append(time.perf_counter())
            drv.send_message(event)
            self._stop.wait(self.every)

    def start(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._type, name="bench-keys", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def latencies(self, first: int = 0) -> list[float]:
        """Seconds from typing to paint for keys typed from index `first` (painted ones)."""
        out = []
        n = min(len(self.typed), len(self.painted))
        for i in range(first, n):
            paint = self.painted[i]
            if paint is not None:
                out.append(paint - self.typed[i])
        return out
