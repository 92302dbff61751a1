"""The screens, one per file; `register_builtin_views` wires them to the `:` command line."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cuetui.views import VIEWS, View, ViewContext, lazy, register_view

if TYPE_CHECKING:
    from textual.app import App


def _shows(app: App[Any], context: ViewContext, arg: str) -> str | None:
    from cuetui.screens.shows import ShowsScreen

    app.goto(ShowsScreen())  # type: ignore[attr-defined]
    return None


def _jobs(app: App[Any], context: ViewContext, arg: str) -> str | None:
    from cuetui.screens.jobs import JobsScreen

    arg = arg.strip()
    if arg in ("all", "*"):
        shows = None
    elif arg:
        shows = [s.strip() for s in arg.split(",") if s.strip()]
    else:
        shows = [context.show] if context.show else None
    app.goto(JobsScreen(shows))  # type: ignore[attr-defined]
    return None


def _layers(app: App[Any], context: ViewContext, arg: str) -> str | None:
    from cuetui.screens.layers import LayersScreen

    if context.job is None:
        return ":layers needs a job: highlight one in :jobs first"
    app.open_screen(LayersScreen(context.job))  # type: ignore[attr-defined]
    return None


def _frames(app: App[Any], context: ViewContext, arg: str) -> str | None:
    if context.job is None:
        return ":frames needs a job: highlight one in :jobs first"
    try:
        from cuetui.screens.frames import FramesScreen
    except ImportError:
        return ":frames is not available yet"
    app.open_screen(FramesScreen(context.job, layer=context.layer))  # type: ignore[attr-defined]
    return None


def _quit(app: App[Any], context: ViewContext, arg: str) -> str | None:
    app.exit(0)
    return None


def _show_names(app: App[Any]) -> list[str]:
    """`all` and every show of the farm (the app reads the names in the background)."""
    return ["all", *sorted(getattr(app, "known_shows", ()) or ())]


def register_builtin_views() -> None:
    """Register the views this package knows; later modules add theirs (see views.py)."""
    if "shows" in VIEWS:
        return
    register_view(View("shows", "every show", _shows))
    register_view(View("jobs", "jobs of a show (or show,show… or all)", _jobs, _show_names), "j")
    register_view(View("layers", "layers of the highlighted job", _layers), "l")
    register_view(View("frames", "frames of the highlighted job or layer", _frames), "f")
    register_view(View("hosts", "hosts of the farm", lazy("cuetui.screens.hosts")), "h")
    register_view(View("allocs", "allocations", lazy("cuetui.screens.allocs")), "a")
    register_view(View("procs", "procs of a show, job or host", lazy("cuetui.screens.procs")), "p")
    register_view(View("depends", "depends of the highlighted job", lazy("cuetui.screens.depends")))
    register_view(View("subs", "subscriptions of a show", lazy("cuetui.screens.subs")))
    register_view(
        View("dashboard", "farm health at a glance", lazy("cuetui.screens.dashboard")), "dash"
    )
    register_view(View("quit", "leave cuetui", _quit), "q")
