"""Farm-wide limits (CueCommander's Limits view): name, maximum and frames running under each."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cuetui.models import Limit
from cuetui.navigation import ViewContext
from cuetui.screens.base.table_screen import BaseScreen
from cuetui.screens.base.verb import Confirm, Verb, keys
from cuetui.screens.verbs.limits import LimitVerbs
from cuetui.widgets.cells import count_style, zero_dim
from cuetui.widgets.resource_table import Column

if TYPE_CHECKING:
    from textual.app import App


def limit_columns() -> list[Column[Limit]]:
    return [
        Column("name", "Limit", lambda lim: lim.name, width=20, flex=True),
        Column("max", "Max", lambda lim: lim.max_value, width=7, justify="right"),
        Column("running", "Running", lambda lim: lim.current_running, width=8,
               justify="right", style=count_style("yellow")),
        Column("free", "Free", lambda lim: max(0, lim.max_value - lim.current_running),
               width=6, justify="right", style=zero_dim),
    ]  # fmt: skip


class LimitsScreen(BaseScreen[Limit]):
    """Every limit of the farm. Verbs: n new, m set max, R rename, d delete (asks first)."""

    KIND = "limits"
    BINDINGS, VERBS = keys(
        Verb("n", "create", "New", LimitVerbs.create, id="limits.create"),
        Verb("m", "max", "Set max", LimitVerbs.set_max, id="limits.max"),
        Verb("R", "rename", "Rename", LimitVerbs.rename, id="limits.rename"),
        Verb("d", "delete", "Delete", LimitVerbs.delete, id="limits.delete", confirm=Confirm()),
    )

    def columns(self) -> list[Column[Limit]]:
        return limit_columns()

    def table_options(self) -> dict[str, Any]:
        return {"sort": "name"}

    def row_style(self, item: Limit) -> str:
        return "bold" if item.max_value and item.current_running >= item.max_value else ""

    def crumb(self) -> str:
        return "limits"

    def empty_text(self) -> str:
        return "No limits on the farm: n creates one"

    async def fetch(self) -> list[Limit]:
        return await self.app.client.get_limits()

    def context(self) -> ViewContext:
        return ViewContext(show=self.app.current_show)

    def verbs(self) -> LimitVerbs:
        return LimitVerbs(self)


def open_limits(app: App[Any], context: ViewContext, arg: str) -> str | None:
    app.goto(LimitsScreen())  # type: ignore[attr-defined]
    return None
