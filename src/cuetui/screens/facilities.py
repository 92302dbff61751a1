"""Facilities with their allocations, cores and hosts (read-only).

The gateway has no call listing facilities (FacilityInterface has Create, Get, Rename, Delete
and GetAllocations), so the rows are the facilities the allocations name: a facility without
allocations is not listed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cuetui import navigation
from cuetui.core.criteria import HostFilter
from cuetui.models import Allocation
from cuetui.models.format import cores
from cuetui.navigation import ViewContext
from cuetui.screens.base.table_screen import BaseScreen, drill_binding
from cuetui.screens.base.verb import keys
from cuetui.widgets.cells import count_style, zero_dim
from cuetui.widgets.resource_table import Column

if TYPE_CHECKING:
    from textual.app import App


@dataclass(frozen=True)
class FacilityRow:
    """One facility, summed over its allocations."""

    name: str
    allocations: tuple[str, ...]
    cores: float = 0.0
    idle_cores: float = 0.0
    running_cores: float = 0.0
    hosts: int = 0
    down_hosts: int = 0

    @property
    def id(self) -> str:
        return self.name


def facility_rows(allocs: list[Allocation]) -> list[FacilityRow]:
    """The facilities `allocs` name, each with the sums of its allocations."""
    by_name: dict[str, list[Allocation]] = {}
    for alloc in allocs:
        by_name.setdefault(alloc.facility or "(none)", []).append(alloc)
    return [
        FacilityRow(
            name=name,
            allocations=tuple(sorted(a.name for a in members)),
            cores=sum(a.stats.cores for a in members),
            idle_cores=sum(a.stats.idle_cores for a in members),
            running_cores=sum(a.stats.running_cores for a in members),
            hosts=sum(a.stats.hosts for a in members),
            down_hosts=sum(a.stats.down_hosts for a in members),
        )
        for name, members in by_name.items()
    ]


def facility_columns() -> list[Column[FacilityRow]]:
    def core_col(key: str, label: str, get: Any, **kw: Any) -> Column[FacilityRow]:
        return Column(key, label, get, width=max(6, len(label)), fmt=cores, justify="right", **kw)

    return [
        Column("name", "Facility", lambda f: f.name, width=12, flex=True),
        Column("allocs", "Allocs", lambda f: len(f.allocations), width=6, justify="right"),
        core_col("cores", "Cores", lambda f: f.cores),
        core_col("idle", "Idle", lambda f: f.idle_cores, style=zero_dim),
        core_col("run", "Run", lambda f: f.running_cores, style=count_style("yellow")),
        Column("hosts", "Hosts", lambda f: f.hosts, width=5, justify="right"),
        Column("down", "Down", lambda f: f.down_hosts, width=4, justify="right",
               style=count_style("bold red")),
        Column("names", "Allocations", lambda f: ", ".join(f.allocations), width=24,
               priority=3),
    ]  # fmt: skip


class FacilitiesScreen(BaseScreen[FacilityRow]):
    """Every facility the allocations name; Enter shows its hosts. Read-only."""

    KIND = "facilities"
    BINDINGS, VERBS = keys(drill_binding("Hosts"))

    def columns(self) -> list[Column[FacilityRow]]:
        return facility_columns()

    def table_options(self) -> dict[str, Any]:
        return {"sort": "name"}

    def crumb(self) -> str:
        return "facilities"

    def empty_text(self) -> str:
        return "No allocations, so no facility to list"

    async def fetch(self) -> list[FacilityRow]:
        return facility_rows(await self.app.client.get_allocations())

    def context(self) -> ViewContext:
        return ViewContext(show=self.app.current_show)

    def drill(self, item: FacilityRow) -> None:
        HostsScreen = navigation.screen("hosts")
        self.app.open_screen(HostsScreen(HostFilter(alloc=item.allocations)))


def open_facilities(app: App[Any], context: ViewContext, arg: str) -> str | None:
    app.goto(FacilitiesScreen())  # type: ignore[attr-defined]
    return None
