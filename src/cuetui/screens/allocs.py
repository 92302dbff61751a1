"""Allocations: cores and hosts, idle, running, locked and down; billable; hosts and subs."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.binding import Binding

from cuetui import navigation
from cuetui.core.criteria import KNOWN_ALLOCS, HostFilter
from cuetui.models import Allocation
from cuetui.models.format import cores
from cuetui.navigation import ViewContext
from cuetui.screens.base.table_screen import BaseScreen, drill_binding
from cuetui.screens.base.verb import Confirm, Verb, keys
from cuetui.screens.verbs.allocs import AllocVerbs
from cuetui.widgets.cells import count_style, flag, zero_dim
from cuetui.widgets.resource_table import Column

if TYPE_CHECKING:
    from textual.app import App


def alloc_columns() -> list[Column[Allocation]]:
    def stat(name: str) -> Callable[[Allocation], Any]:
        return lambda a: getattr(a.stats, name)

    def core_col(key: str, label: str, name: str, **kw: Any) -> Column[Allocation]:
        kw.setdefault("style", zero_dim)
        return Column(
            key, label, stat(name), width=max(5, len(label)), fmt=cores, justify="right", **kw
        )

    def host_col(key: str, label: str, name: str, **kw: Any) -> Column[Allocation]:
        kw.setdefault("style", zero_dim)
        return Column(key, label, stat(name), width=max(4, len(label)), justify="right", **kw)

    return [
        Column("name", "Allocation", lambda a: a.name, width=13, flex=True),
        Column("facility", "Facility", lambda a: a.facility, width=8, priority=5),
        Column("tag", "Tag", lambda a: a.tag, width=8, priority=4),
        Column("billable", "Bill", lambda a: a.billable, width=4, fmt=flag,
               style=lambda v: "" if v else "dim"),
        core_col("cores", "Cores", "cores", style=""),
        core_col("idle", "Idle", "idle_cores"),
        core_col("run", "Run", "running_cores", style=count_style("yellow")),
        core_col("lkcores", "LkCores", "locked_cores", priority=2),
        host_col("hosts", "Hosts", "hosts", style=""),
        host_col("locked", "Locked", "locked_hosts", style=count_style("bold")),
        host_col("down", "Down", "down_hosts", style=count_style("bold red")),
    ]  # fmt: skip


class AllocsScreen(BaseScreen[Allocation]):
    """Every allocation; Enter shows its hosts, `u` its subscriptions, `b` toggles billable."""

    KIND = "allocs"
    BINDINGS, VERBS = keys(
        drill_binding("Hosts"),
        Binding("u", "subs", "Subscriptions", id="allocs.subs"),
        Verb(
            "b",
            "billable",
            "Billable",
            AllocVerbs.toggle_billable,
            id="allocs.billable",
            confirm=Confirm(),
        ),
    )

    def columns(self) -> list[Column[Allocation]]:
        return alloc_columns()

    def table_options(self) -> dict[str, Any]:
        return {"sort": "name"}

    def row_style(self, item: Allocation) -> str:
        return "dim" if item.stats.hosts == 0 else ""

    def crumb(self) -> str:
        return "allocations"

    async def fetch(self) -> list[Allocation]:
        return await self.app.client.get_allocations()

    def after_apply(self, items: list[Allocation]) -> None:
        KNOWN_ALLOCS.update(a.name for a in items)

    def context(self) -> ViewContext:
        return ViewContext(show=self.app.current_show)

    def drill(self, item: Allocation) -> None:
        HostsScreen = navigation.screen("hosts")
        self.app.open_screen(HostsScreen(HostFilter(alloc=(item.name,))))

    def action_subs(self) -> None:
        alloc = self.table.cursor_item
        if alloc is not None:
            SubsScreen = navigation.screen("subs")
            self.app.open_screen(SubsScreen(alloc=alloc))

    def verbs(self) -> AllocVerbs:
        return AllocVerbs(self)


def open_allocs(app: App[Any], context: ViewContext, arg: str) -> str | None:
    app.goto(AllocsScreen())  # type: ignore[attr-defined]
    return None
