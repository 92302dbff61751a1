"""Where a screen is: the header's source and show, and the breadcrumbs of the screen stack.

Table screens (`BaseScreen`) and the screens without a table (log, comments) say it the same
way through these.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen

from cuetui.widgets.header import Crumbs, HeaderBar


def crumb_path(screen: Screen[Any]) -> list[str]:
    """The crumbs of the stack up to `screen`, its own last (also while it is being pushed).

    Every screen of the stack with a `crumb()` takes part, table screens or not (the log and
    comments viewers), so each one says where it is the same way.
    """
    parts: list[str] = []
    for below in screen.app.screen_stack:
        if below is screen:
            break
        crumb = getattr(below, "crumb", None)
        if callable(crumb):
            parts.append(crumb())
    parts.append(screen.crumb())  # type: ignore[attr-defined]
    return parts


def show_place(screen: Screen[Any]) -> None:
    """Header (gateway, show, read-only) and crumbs of a screen without a table (log, comments).

    Tolerates an app that is not a CuetuiApp (the log viewer's tests host it in a bare App).
    """
    app = screen.app
    source = str(getattr(app, "source_label", ""))
    show = getattr(app, "current_show", None)
    screen.query_one(HeaderBar).set_source(source, show, bool(getattr(app, "readonly", False)))
    screen.query_one(Crumbs).set_path(crumb_path(screen))
