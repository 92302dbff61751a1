"""The navigation table: every view the `:` line and the palette open, and every screen one
screen opens from another, by name, imported on first use.

Screens never import each other: a screen that opens the next one asks `screen("frames")`
for its class, and `:name arg` runs the view's opener (`open_<name>(app, context, arg)` in
the screen's module), which opens the screen and returns None, or returns a message to show
instead. The table is static and complete; a test imports every entry.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen

    from cuetui.models import Job, Layer


@dataclass
class ViewContext:
    """What the screen on view is looking at: lets `:layers` and `:frames` pick their job."""

    show: str | None = None
    job: Job | None = None
    layer: Layer | None = None


Opener = Callable[["App[Any]", ViewContext, str], "str | None"]
Completions = Callable[["App[Any]"], Iterable[str]]

SCREENS: dict[str, str] = {
    "shows": "cuetui.screens.shows:ShowsScreen",
    "jobs": "cuetui.screens.jobs:JobsScreen",
    "layers": "cuetui.screens.layers:LayersScreen",
    "frames": "cuetui.screens.frames:FramesScreen",
    "depends": "cuetui.screens.depends:DependsScreen",
    "comments": "cuetui.screens.comments:CommentsScreen",
    "log": "cuetui.screens.log:LogScreen",
    "hosts": "cuetui.screens.hosts:HostsScreen",
    "procs": "cuetui.screens.procs:ProcsScreen",
    "allocs": "cuetui.screens.allocs:AllocsScreen",
    "subs": "cuetui.screens.subs:SubsScreen",
    "groups": "cuetui.screens.groups:GroupsScreen",
    "filters": "cuetui.screens.filters:FiltersScreen",
    "filter_detail": "cuetui.screens.filter_detail:FilterDetailScreen",
    "dashboard": "cuetui.screens.dashboard:DashboardScreen",
    "farms": "cuetui.screens.farms:FarmsScreen",
    "help": "cuetui.screens.help:HelpScreen",
    "stuck": "cuetui.screens.stuck:StuckScreen",
    "detail": "cuetui.screens.detail:DetailScreen",
    "limits": "cuetui.screens.limits:LimitsScreen",
    "facilities": "cuetui.screens.facilities:FacilitiesScreen",
    "journal": "cuetui.screens.journal:JournalScreen",
    "depts": "cuetui.screens.depts:DeptsScreen",
    "dept_tasks": "cuetui.screens.depts:DeptTasksScreen",
    "owners": "cuetui.screens.owners:OwnersScreen",
    "services": "cuetui.screens.services:ServicesScreen",
}
"""Screen name -> `module:class`."""


@dataclass(frozen=True)
class View:
    """A `:` command: its opener and completions as `module:function`, read on first use."""

    name: str
    help: str
    opener: str
    completions: str | None = None
    aliases: tuple[str, ...] = ()

    def open(self, app: App[Any], context: ViewContext, arg: str) -> str | None:
        opener: Opener = _load(self.opener)
        return opener(app, context, arg)

    def arguments(self, app: App[Any]) -> Iterable[str]:
        """Completions for the argument (e.g. show names for `:jobs`)."""
        if self.completions is None:
            return ()
        completions: Completions = _load(self.completions)
        return completions(app)


_VIEWS = (
    View("shows", "every show", "cuetui.screens.shows:open_shows"),
    View("jobs", "jobs of a show (or show,show… or all)", "cuetui.screens.jobs:open_jobs",
         "cuetui.navigation:show_names", ("j",)),
    View("layers", "layers of a job (or the highlighted one)", "cuetui.screens.layers:open_layers",
         "cuetui.screens.base.names:job_arguments", ("l",)),
    View("frames", "frames of a job (or the highlighted job or layer)",
         "cuetui.screens.frames:open_frames", "cuetui.screens.base.names:job_arguments", ("f",)),
    View("hosts", "hosts [host=… alloc=… state=DOWN lock=LOCKED regex=…]",
         "cuetui.screens.hosts:open_hosts", "cuetui.screens.hosts:host_arguments", ("h",)),
    View("allocs", "allocations", "cuetui.screens.allocs:open_allocs", aliases=("a",)),
    View("procs", "procs of a show, job or host (show=… job=… host=…)",
         "cuetui.screens.procs:open_procs", "cuetui.screens.procs:proc_arguments", ("p",)),
    View("depends", "depends of the highlighted job, both ways",
         "cuetui.screens.depends:open_depends"),
    View("subs", "subscriptions of a show (or all)", "cuetui.screens.subs:open_subs",
         "cuetui.navigation:show_names"),
    View("groups", "a show's groups nested, with their jobs",
         "cuetui.screens.groups:open_groups", "cuetui.navigation:show_names"),
    View("filters", "a show's job filters, in the order they run",
         "cuetui.screens.filters:open_filters", "cuetui.navigation:show_names"),
    View("stuck", "stuck frames of a show (or show,show… or all)",
         "cuetui.screens.stuck:open_stuck", "cuetui.navigation:show_names"),
    View("limits", "farm-wide limits: max and running frames", "cuetui.screens.limits:open_limits"),
    View("facilities", "facilities with their allocations, cores and hosts",
         "cuetui.screens.facilities:open_facilities"),
    View("depts", "a show's departments and their shot tasks",
         "cuetui.screens.depts:open_depts", "cuetui.navigation:show_names"),
    View("owners", "owners of desktop hosts and their deeds", "cuetui.screens.owners:open_owners"),
    View("services", "default services, or a show's overrides",
         "cuetui.screens.services:open_services", "cuetui.screens.services:service_arguments"),
    View("journal", "every action cuetui sent, newest first",
         "cuetui.screens.journal:open_journal"),
    View("dashboard", "farm health at a glance (read-only)",
         "cuetui.screens.dashboard:open_dashboard", aliases=("dash",)),
    View("farms", "several profiles side by side, one column each",
         "cuetui.screens.farms:open_farms", completions="cuetui.profiles:profile_names"),
    View("profile", "switch to another profile of the config file",
         "cuetui.profiles:open_profile", completions="cuetui.profiles:profile_names"),
    View("quit", "leave cuetui", "cuetui.navigation:quit_app", aliases=("q",)),
)  # fmt: skip
VIEWS: dict[str, View] = {v.name: v for v in _VIEWS}
ALIASES: dict[str, str] = {a: v.name for v in _VIEWS for a in v.aliases}


def _load(target: str) -> Any:
    module, _, attr = target.partition(":")
    return getattr(importlib.import_module(module), attr)


def screen(name: str) -> type[Any]:
    """The screen class `name` (see SCREENS), its module imported on first use."""
    cls: type[Screen[Any]] = _load(SCREENS[name])
    return cls


def find_view(name: str) -> View | None:
    name = name.lower()
    return VIEWS.get(ALIASES.get(name, name))


def names() -> list[str]:
    return sorted(VIEWS)


def show_names(app: App[Any]) -> list[str]:
    """`all` and every show of the farm (the app reads the names in the background)."""
    return ["all", *sorted(getattr(app, "known_shows", ()) or ())]


def quit_app(app: App[Any], context: ViewContext, arg: str) -> str | None:
    app.exit(0)
    return None
