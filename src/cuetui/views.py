"""The registry of views the `:` command line and the palette can jump to.

A view is a name, a one-line help and `open(app, context, arg) -> str | None`: it opens its
screen (`app.goto(screen)` for a top view, `app.open_screen(screen)` to drill) and returns
None, or returns a message to show instead. Later screens register themselves with
`register_view`; names that are known but not importable yet say "not available yet".
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.app import App


@dataclass
class ViewContext:
    """What the screen on view is looking at: lets `:layers` and `:frames` pick their job."""

    show: str | None = None
    job: Any | None = None
    layer: Any | None = None


Opener = Callable[["App[Any]", ViewContext, str], "str | None"]


@dataclass
class View:
    name: str
    help: str
    open: Opener
    arguments: Callable[[App[Any]], Iterable[str]] = field(default=lambda app: ())
    """Completions for the argument (e.g. show names for `:jobs`)."""


VIEWS: dict[str, View] = {}
ALIASES: dict[str, str] = {}


def register_view(view: View, *aliases: str) -> View:
    """Add or replace a view (later code calls this at import time)."""
    VIEWS[view.name] = view
    for alias in aliases:
        ALIASES[alias] = view.name
    return view


def find_view(name: str) -> View | None:
    name = name.lower()
    return VIEWS.get(ALIASES.get(name, name))


def names() -> list[str]:
    return sorted(VIEWS)


def lazy(module: str, register: str = "register") -> Opener:
    """An opener that imports `module` on first use; it must `register_view` the real view."""

    def open_(app: App[Any], context: ViewContext, arg: str) -> str | None:
        key = next((n for n, v in VIEWS.items() if v.open is open_), "")
        view = loaded(key)
        if view is None:
            return f":{key} is not available yet"
        return view.open(app, context, arg)

    open_.lazy_module = (module, register)  # type: ignore[attr-defined]
    return open_


def loaded(name: str) -> View | None:
    """The view `name`, its module imported first when it is still lazy (so its `arguments`
    complete before it was ever opened); None when unknown or not importable."""
    view = find_view(name)
    spec = getattr(view.open, "lazy_module", None) if view is not None else None
    if view is None or spec is None:
        return view
    module, register = spec
    try:
        mod = importlib.import_module(module)
    except ImportError:
        return None
    hook = getattr(mod, register, None)
    if callable(hook):
        hook()
    view = VIEWS.get(view.name)
    if view is None or hasattr(view.open, "lazy_module"):
        return None
    return view
