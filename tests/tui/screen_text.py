"""What the terminal shows, as plain text: the whole screen, toasts and modals included."""

from __future__ import annotations

import io
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
