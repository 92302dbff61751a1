"""Subscriptions of a show, of an allocation, or of every show: size, burst and use in cores."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from cuetui import navigation
from cuetui.core.criteria import HostFilter
from cuetui.core.farm_cells import percent_text
from cuetui.models import Allocation, Show, Subscription
from cuetui.models.format import cores
from cuetui.navigation import ViewContext
from cuetui.screens.base.table_screen import BaseScreen, drill_binding
from cuetui.screens.base.verb import Confirm, Verb, keys
from cuetui.screens.verbs.subs import SubVerbs
from cuetui.widgets.resource_table import Column
from cuetui.widgets.sub_bar import burst_share, use_bar, use_style

if TYPE_CHECKING:
    from textual.app import App


def _use(sub: Subscription) -> tuple[float, float, float]:
    """(reserved, size, burst) in cores: the wire values are hundredths of a core."""
    return sub.reserved_cores_value, sub.size_cores, sub.burst_cores


def sub_columns() -> list[Column[Subscription]]:
    def core_col(key: str, label: str, value: Any, **kw: Any) -> Column[Subscription]:
        return Column(key, label, value, width=7, fmt=cores, justify="right", **kw)

    return [
        Column("show", "Show", lambda s: s.show_name, width=10),
        Column("alloc", "Allocation", lambda s: s.allocation_name, width=13, flex=True),
        Column("used", "Used", _use, width=7, fmt=lambda v: cores(v[0]), style=use_style,
               justify="right", sort_key=lambda v: v[0]),
        core_col("size", "Size", lambda s: s.size_cores),
        core_col("burst", "Burst", lambda s: s.burst_cores),
        Column("bar", "Used│size·burst", _use, width=16, fmt=burst_share, cell=use_bar,
               sort_key=lambda v: v[0] / v[2] if v[2] > 0 else 0.0, searchable=False,
               priority=2),
        Column("usage", "Usage", lambda s: round(s.usage * 100), width=6, fmt=percent_text,
               justify="right", priority=3),
    ]  # fmt: skip


class SubsScreen(BaseScreen[Subscription]):
    """Subscriptions of `show`, of `alloc`, or of every show; Enter shows the allocation's hosts.

    `m`/`M` set size/burst in cores, `n` creates one, `d` deletes (asks first).
    """

    KIND = "subs"
    BINDINGS, VERBS = keys(
        drill_binding("Hosts"),
        # After the value: the size is what the show is billed for (CueGUI asks too).
        Verb(
            "m",
            "size",
            "Size",
            SubVerbs.size,
            id="subs.size",
            confirm=Confirm("Set size", when="the new size is typed"),
        ),
        Verb("M", "burst", "Burst", SubVerbs.burst, id="subs.burst"),
        Verb("n", "create", "New", SubVerbs.create, id="subs.create"),
        Verb("d", "delete", "Delete", SubVerbs.delete, id="subs.delete", confirm=Confirm()),
    )

    def __init__(self, show: str | None = None, *, alloc: Allocation | None = None) -> None:
        super().__init__()
        self.show = show
        self.alloc = alloc
        self._show: Show | None = None

    def columns(self) -> list[Column[Subscription]]:
        return sub_columns()

    def table_options(self) -> dict[str, Any]:
        return {"sort": "show" if self.alloc is not None else "alloc"}

    def crumb(self) -> str:
        if self.alloc is not None:
            return f"{self.alloc.name} subscriptions"
        return f"{self.show} subscriptions" if self.show else "subscriptions"

    def on_mount(self) -> None:
        if self.show:
            self.app.set_show(self.show)
        super().on_mount()

    async def fetch(self) -> list[Subscription]:
        client = self.app.client
        if self.alloc is not None:
            return await client.get_allocation_subscriptions(self.alloc)
        if self.show:
            # GetSubscriptions takes the show's id; look it up once.
            if self._show is None:
                self._show = await client.find_show(self.show)
            return await client.get_show_subscriptions(self._show)
        shows = await client.get_shows()
        per_show = await asyncio.gather(*(client.get_show_subscriptions(s) for s in shows))
        return [sub for subs in per_show for sub in subs]

    def context(self) -> ViewContext:
        return ViewContext(show=self.show or self.app.current_show)

    def verbs(self) -> SubVerbs:
        return SubVerbs(self, show=self.show, alloc=self.alloc)

    def drill(self, item: Subscription) -> None:
        HostsScreen = navigation.screen("hosts")
        self.app.open_screen(HostsScreen(HostFilter(alloc=(item.allocation_name,))))


def open_subs(app: App[Any], context: ViewContext, arg: str) -> str | None:
    """`:subs [show|all]`: the named show, else the current show, else every show."""
    arg = arg.strip()
    show = None if arg in ("all", "*") else (arg or context.show)
    app.goto(SubsScreen(show))  # type: ignore[attr-defined]
    return None
