"""What the terminal shows, as plain text: the whole screen, toasts and modals included."""

from __future__ import annotations

import io
import time
from typing import Any

from rich.console import Console


def screen_text(app: Any) -> str:
    """The screen as a user reads it (what `export_screenshot` draws, without the SVG)."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return console.export_text()


def toasts(app: Any) -> list[str]:
    """The text of every toast on view, one line each (a toast wraps long messages)."""
    from textual.widgets._toast import Toast

    return [" ".join(str(t.render()).split()) for t in app.screen.query(Toast)]


async def said(pilot: Any, start: str, timeout: float = 10.0) -> str:
    """Wait for the last notification whose message starts with `start`; return it.

    A toast is a message the app handles after whatever posted it (a key, a submitted line,
    a worker's answer): reading the list one pause after the cause can come too early.
    """
    app = pilot.app
    deadline = time.monotonic() + timeout
    while True:
        found = [n.message for n in app._notifications if n.message.startswith(start)]
        if found:
            return found[-1]
        if time.monotonic() >= deadline:
            seen = [n.message for n in app._notifications]
            raise AssertionError(f"no notification starting {start!r}; the notifications: {seen}")
        await pilot.pause(0.02)
