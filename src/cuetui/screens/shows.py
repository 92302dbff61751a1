"""Shows: every show with its frame counts, pending jobs, cores and booking/dispatch flags."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from cuetui import navigation
from cuetui.models import Show
from cuetui.models.format import cores
from cuetui.navigation import ViewContext
from cuetui.screens.base.table_screen import BaseScreen, drill_binding
from cuetui.widgets.cells import count_style, flag, flag_style, zero_dim
from cuetui.widgets.resource_table import Column

if TYPE_CHECKING:
    from textual.app import App


def _columns() -> list[Column[Show]]:
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
    """Every show on the farm; Enter opens its jobs."""

    KIND = "shows"
    BINDINGS: ClassVar = [drill_binding("Jobs")]

    def columns(self) -> list[Column[Show]]:
        return _columns()

    def table_options(self) -> dict[str, object]:
        return {"sort": "name"}

    def crumb(self) -> str:
        return "shows"

    async def fetch(self) -> list[Show]:
        return await self.app.client.get_shows()

    def row_style(self, item: Show) -> str:
        return "" if item.active else "dim"

    def after_apply(self, items: list[Show]) -> None:
        self.app.known_shows.update(s.name for s in items)

    def drill(self, item: Show) -> None:
        JobsScreen = navigation.screen("jobs")
        self.app.set_show(item.name)
        self.app.open_screen(JobsScreen([item.name]))


def open_shows(app: App[Any], context: ViewContext, arg: str) -> str | None:
    """`:shows`: every show."""
    app.goto(ShowsScreen())  # type: ignore[attr-defined]
    return None
