"""A show's job filters in the order Cuebot runs them (CueGUI's FilterDialog): order, name,
type (match all / any) and enabled; Enter opens a filter's matchers and actions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cuetui import navigation
from cuetui.models import Show
from cuetui.models.filter import Filter
from cuetui.navigation import ViewContext
from cuetui.screens.base.table_screen import BaseScreen, drill_binding
from cuetui.screens.base.verb import Confirm, Verb, keys
from cuetui.screens.verbs.filters import FilterVerbs
from cuetui.widgets.resource_table import Column

if TYPE_CHECKING:
    from textual.app import App


def filter_columns() -> list[Column[Filter]]:
    return [
        Column("order", "#", lambda f: f.order, width=4, fmt=lambda v: f"{v:g}",
               justify="right"),
        Column("name", "Name", lambda f: f.name, width=24, flex=True),
        Column("type", "Type", lambda f: f.type_text, width=10),
        Column("enabled", "Enabled", lambda f: f.enabled, width=8,
               fmt=lambda v: "yes" if v else "no"),
    ]  # fmt: skip


class FiltersScreen(BaseScreen[Filter]):
    """The filters of `show`, first to last. Verbs: e enable/disable, [ ] raise/lower,
    { } first/last, n new, R rename, t type, d delete (asks first), r run on jobs."""

    KIND = "filters"
    BINDINGS, VERBS = keys(
        drill_binding("Rules"),
        Verb("e", "enable", "On/off", FilterVerbs.toggle, id="filters.enable"),
        Verb("left_square_bracket", "raise", "Up", FilterVerbs.raise_order, key_display="[",
             id="filters.raise"),
        Verb("right_square_bracket", "lower", "Down", FilterVerbs.lower_order, key_display="]",
             id="filters.lower"),
        Verb("left_curly_bracket", "first", "First", FilterVerbs.first, key_display="{",
             show=False, id="filters.first"),
        Verb("right_curly_bracket", "last", "Last", FilterVerbs.last, key_display="}",
             show=False, id="filters.last"),
        Verb("n", "create", "New", FilterVerbs.create, id="filters.create"),
        Verb("R", "rename", "Rename", FilterVerbs.rename, show=False, id="filters.rename"),
        Verb("t", "type", "Type", FilterVerbs.set_type, show=False, id="filters.type"),
        Verb("d", "delete", "Delete", FilterVerbs.delete, id="filters.delete",
             confirm=Confirm()),
        Verb("r", "run", "Run on jobs", FilterVerbs.run, id="filters.run",
             confirm=Confirm("Run", when="the jobs are picked")),
    )  # fmt: skip

    def __init__(self, show: str) -> None:
        super().__init__()
        self.show = show
        self._show: Show | None = None

    def columns(self) -> list[Column[Filter]]:
        return filter_columns()

    def table_options(self) -> dict[str, Any]:
        return {"sort": "order"}

    def crumb(self) -> str:
        return f"{self.show} filters"

    def empty_text(self) -> str:
        return f"No filters in show {self.show}"

    def row_style(self, item: Filter) -> str:
        return "" if item.enabled else "dim"

    def on_mount(self) -> None:
        self.app.set_show(self.show)
        super().on_mount()

    async def fetch(self) -> list[Filter]:
        client = self.app.client
        if self._show is None:  # GetFilters takes the show's id: look it up once
            self._show = await client.find_show(self.show)
        return await client.get_filters(self._show)

    def context(self) -> ViewContext:
        return ViewContext(show=self.show)

    def verbs(self) -> FilterVerbs:
        return FilterVerbs(self, lambda: self._show)

    def drill(self, item: Filter) -> None:
        detail = navigation.screen("filter_detail")
        self.app.open_screen(detail(self.show, item, self._show))


def open_filters(app: App[Any], context: ViewContext, arg: str) -> str | None:
    """`:filters [show]`: the named show, else the current one."""
    show = arg.strip() or context.show
    if not show or show in ("all", "*"):
        return "Filters are of one show: :filters SHOW"
    app.goto(FiltersScreen(show))  # type: ignore[attr-defined]
    return None
