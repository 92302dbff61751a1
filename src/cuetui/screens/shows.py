"""Shows: frame counts, pending jobs, cores, subscription use and the show's settings.

Its settings are verbs on the highlighted (or marked) shows: `m`/`M` default min/max cores,
`b` booking, `d` dispatching, `e` comment email, `a` active (deactivating asks first);
`P` lists them with their keys.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from textual.binding import Binding

from cuetui import navigation
from cuetui.models import Show, Subscription
from cuetui.models.format import cores
from cuetui.navigation import ViewContext
from cuetui.screens.base.table_screen import BaseScreen, drill_binding
from cuetui.screens.base.verb import Confirm, Verb, keys
from cuetui.screens.verbs.shows import ShowVerbs
from cuetui.widgets.cells import count_style, flag, flag_style, zero_dim
from cuetui.widgets.resource_table import Column
from cuetui.widgets.show_settings import ShowSettingsModal
from cuetui.widgets.sub_bar import burst_share, use_bar, use_style

if TYPE_CHECKING:
    from textual.app import App


Use = tuple[float, float, float]
"""A show's subscriptions summed: (used, size, burst) in cores."""
NO_USE: Use = (0.0, 0.0, 0.0)
# Subscriptions of this many shows are read at once: one show's answer is small.
SUB_READS = 4


def sub_totals(subs: list[Subscription]) -> Use:
    return (
        sum(s.reserved_cores_value for s in subs),
        sum(s.size_cores for s in subs),
        sum(s.burst_cores for s in subs),
    )


def _use_text(use: Use | None) -> str:
    return "…" if use is None else f"{cores(use[0])}/{cores(use[1])}/{cores(use[2])}"


def _columns(usage: dict[str, Use]) -> list[Column[Show]]:
    def use(show: Show) -> Use | None:
        return usage.get(show.id)

    def use_cell(value: Use | None, width: int) -> Any:
        return use_bar(value or NO_USE, width)

    return [
        Column("name", "Show", lambda s: s.name, width=14, flex=True),
        Column("active", "Active", lambda s: s.active, width=6, fmt=flag, style=flag_style),
        Column(
            "run",
            "Run",
            lambda s: s.show_stats.running_frames,
            width=6,
            justify="right",
            style=count_style("yellow"),
        ),
        Column(
            "pend",
            "Pend",
            lambda s: s.show_stats.pending_frames,
            width=7,
            justify="right",
            style=zero_dim,
        ),
        Column(
            "dead",
            "Dead",
            lambda s: s.show_stats.dead_frames,
            width=6,
            justify="right",
            style=count_style("bold red"),
        ),
        Column(
            "jobs",
            "Jobs",
            lambda s: s.show_stats.pending_jobs,
            width=5,
            justify="right",
            style=zero_dim,
        ),
        Column(
            "cores",
            "Cores",
            lambda s: s.show_stats.reserved_cores,
            width=8,
            fmt=cores,
            justify="right",
            style=zero_dim,
        ),
        Column(
            "subs",
            "Used/size/burst",
            use,
            width=15,
            fmt=_use_text,
            justify="right",
            style=lambda v: use_style(v) if v else "dim",
            sort_key=lambda v: (v or NO_USE)[0],
            priority=3,
        ),
        Column(
            "subbar",
            "Subscriptions",
            use,
            width=13,
            fmt=lambda v: burst_share(v or NO_USE),
            cell=use_cell,
            sort_key=lambda v: v[0] / v[2] if v and v[2] > 0 else 0.0,
            searchable=False,
            priority=4,
        ),
        Column(
            "min",
            "Min",
            lambda s: s.default_min_cores,
            width=5,
            fmt=cores,
            justify="right",
            priority=6,
        ),
        Column(
            "max",
            "Max",
            lambda s: s.default_max_cores,
            width=6,
            fmt=cores,
            justify="right",
            priority=5,
        ),
        Column(
            "booking",
            "Booking",
            lambda s: s.booking_enabled,
            width=7,
            fmt=flag,
            style=flag_style,
            priority=2,
        ),
        Column(
            "dispatch",
            "Dispatch",
            lambda s: s.dispatch_enabled,
            width=8,
            fmt=flag,
            style=flag_style,
            priority=1,
        ),
    ]


class ShowsScreen(BaseScreen[Show]):
    """Every show on the farm with its subscriptions' use; Enter opens its jobs."""

    KIND = "shows"
    BINDINGS, VERBS = keys(
        drill_binding("Jobs"),
        Binding("P", "settings", "Settings", id="shows.settings"),
        Verb("m", "min_cores", "Min cores", ShowVerbs.min_cores, id="shows.min_cores"),
        Verb("M", "max_cores", "Max cores", ShowVerbs.max_cores, id="shows.max_cores"),
        Verb("b", "booking", "Booking", ShowVerbs.booking, id="shows.booking", show=False),
        Verb("d", "dispatching", "Dispatch", ShowVerbs.dispatching, id="shows.dispatch",
             show=False),
        Verb("e", "comment_email", "Email", ShowVerbs.comment_email, id="shows.email", show=False),
        Verb("a", "active", "Active", ShowVerbs.active, id="shows.active",
             confirm=Confirm("Deactivate", when="deactivating")),
    )  # fmt: skip

    def __init__(self) -> None:
        self.usage: dict[str, Use] = {}
        """Show id -> its subscriptions summed; read after the first table is up."""
        self._usage_read = False
        super().__init__()

    def columns(self) -> list[Column[Show]]:
        return _columns(self.usage)

    def table_options(self) -> dict[str, object]:
        return {"sort": "name"}

    def crumb(self) -> str:
        return "shows"

    async def fetch(self) -> list[Show]:
        client = self.app.client
        shows = await client.get_shows()
        if not self._usage_read:
            # The first table comes without waiting for N more reads; after_apply asks again.
            return shows
        gate = asyncio.Semaphore(SUB_READS)

        async def totals(show: Show) -> tuple[str, Use]:
            async with gate:
                return show.id, sub_totals(await client.get_show_subscriptions(show))

        # A failed read fails the poll (the header says so) and keeps the last totals.
        fresh = dict(await asyncio.gather(*(totals(s) for s in shows)))
        self.usage.clear()
        self.usage.update(fresh)
        return shows

    def row_style(self, item: Show) -> str:
        return "" if item.active else "dim"

    def after_apply(self, items: list[Show]) -> None:
        self.app.known_shows.update(s.name for s in items)
        if not self._usage_read:
            self._usage_read = True
            self.poll_now()

    def drill(self, item: Show) -> None:
        JobsScreen = navigation.screen("jobs")
        self.app.set_show(item.name)
        self.app.open_screen(JobsScreen([item.name]))

    def verbs(self) -> ShowVerbs:
        return ShowVerbs(self)

    def action_settings(self) -> None:
        """The highlighted show's settings; a key there runs that setting's verb here."""
        show = self.table.cursor_item
        if show is None:
            return
        marked = len(self.table.targets())
        title = (
            f"Settings of {show.name}"
            if marked <= 1
            else (f"Settings ({show.name}'s; changes go to the {marked} marked shows)")
        )

        def chosen(name: str | None) -> None:
            if name:
                self.action_verb(name)

        modal = ShowSettingsModal(title, show, readonly=self.app.readonly)
        self.app.push_screen(modal, chosen)


def open_shows(app: App[Any], context: ViewContext, arg: str) -> str | None:
    """`:shows`: every show."""
    app.goto(ShowsScreen())  # type: ignore[attr-defined]
    return None
