"""The shared screen: header, crumbs, one polled ResourceTable, filter and command lines, footer.

Subclasses give `columns()`, `fetch()` and `crumb()`, and optionally `drill()`, `row_style()`,
`context()`, and their keys and verbs (`BINDINGS, VERBS = keys(...)`: see `base/verb.py`).
See docs/architecture.md "Screens: extension API".
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingsMap
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Input

from cuetui import navigation
from cuetui.core.polling import Poller
from cuetui.navigation import ViewContext
from cuetui.screens.base.action_flow import ActionFlow
from cuetui.screens.base.place import crumb_path
from cuetui.screens.base.poll_schedule import Polled, PollSchedule
from cuetui.screens.base.verb import VerbScreen
from cuetui.widgets.bar_input import BarRow
from cuetui.widgets.command_line import CommandLine
from cuetui.widgets.filter_bar import FilterBar
from cuetui.widgets.footer import KeysFooter
from cuetui.widgets.header import Crumbs, HeaderBar
from cuetui.widgets.resource_table import Column, ResourceTable

if TYPE_CHECKING:
    from cuetui.app import CuetuiApp

T = TypeVar("T")

# CueGUI refreshes 1 s after an action (refresh.after_action_update_delay); Cuebot queues
# kill/retry/eat, so an immediate poll would mostly show the old states.
ACTION_REFRESH_DELAY = 1.0


_FOOTER_TAIL = ("slash", "colon", "question_mark")
_OPENERS = frozenset({"filter", "command_line"})


def drill_binding(label: str) -> Binding:
    """Enter, labelled for this screen ("Layers", "Frames") in the footer and the help.

    The table handles Enter itself (so it runs after the cursor keys typed before it); this
    binding gives the label and lets the palette offer the drill.
    """
    return Binding("enter", "drill", label, id="screen.drill")


class BaseScreen(VerbScreen, ActionFlow, PollSchedule, Screen[None], Generic[T]):
    """A screen showing one polled table of farm entities."""

    PALETTE_ACTIONS: ClassVar[list[tuple[str, str]]] = []
    """(action, description) of keys that only look, offered by the palette without a key
    (a verb without a key is declared as one: see `cuetui.screens.base.verb`)."""
    KIND: ClassVar[str] = "row"

    BINDINGS: ClassVar[list[Binding | tuple[str, str] | tuple[str, str, str]]] = [
        drill_binding("Open"),
        # Priority: they run as the App reads the key, so keys typed right after `/` or `:`
        # already go to the line they opened (see check_action for typing these in inputs).
        Binding("slash", "filter", "Filter", key_display="/", priority=True, id="screen.filter"),
        Binding(
            "colon",
            "command_line",
            "Command",
            key_display=":",
            show=False,
            priority=True,
            id="screen.command",
        ),
        Binding("question_mark", "help", "Help", key_display="?", id="screen.help"),
        Binding("escape", "back", "Back", show=False, id="screen.back"),
        Binding("backspace", "back", "Back", show=False, id="screen.back2"),
        Binding("space", "mark", "Mark", show=False, id="screen.mark"),
        Binding("ctrl+backslash", "clear_marks", "Clear marks", show=False, id="screen.unmark"),
        Binding("ctrl+r", "refresh", "Refresh now", show=False, id="screen.refresh"),
        Binding("z", "freeze", "Freeze", show=False, id="screen.freeze"),
        Binding("s", "sort", "Sort column", show=False, id="screen.sort"),
        Binding("S", "invert_sort", "Invert sort", show=False, id="screen.invert"),
    ]

    frozen: reactive[bool] = reactive(False, bindings=True)

    @classmethod
    def _merge_bindings(cls) -> BindingsMap:
        # The footer lists bindings in merge order, base class first; put the shared
        # `/ : ?` after each screen's own verbs so 80 columns show the verbs.
        merged = super()._merge_bindings()
        keys = merged.key_to_bindings
        for key in _FOOTER_TAIL:
            if key in keys:
                keys[key] = keys.pop(key)
        return merged

    def __init__(self) -> None:
        super().__init__()
        self.poller: Poller[list[T]] = Poller(self.fetch)
        self._init_schedule()

    # -- to override ------------------------------------------------------------------------

    # Every screen defines these two; a screen that does not is a programming error.
    def columns(self) -> list[Column[T]]:
        raise TypeError(f"{type(self).__name__} must define columns()")

    async def fetch(self) -> list[T]:
        raise TypeError(f"{type(self).__name__} must define fetch()")

    def crumb(self) -> str:
        """This screen's part of the breadcrumbs."""
        return self.KIND

    def row_style(self, item: T) -> str:
        return ""

    def drill(self, item: T) -> None:
        """Enter on a row."""

    def context(self) -> ViewContext:
        """What this screen looks at, for `:layers`/`:frames` and the palette."""
        return ViewContext(show=self.app.current_show)

    def table_options(self) -> dict[str, Any]:
        """Extra ResourceTable arguments (`sort=`, `reverse=`, `key=`)."""
        return {}

    def after_apply(self, items: list[T]) -> None:
        """Called after fresh data reached the table."""

    # -- layout -----------------------------------------------------------------------------

    @property
    def app(self) -> CuetuiApp:  # type: ignore[override]
        return super().app

    @property
    def table(self) -> ResourceTable[T]:
        return self.query_one(ResourceTable)

    def compose(self) -> ComposeResult:
        yield HeaderBar()
        yield Crumbs()
        enter = self._bindings.key_to_bindings.get("enter", [])
        label = enter[0].description if enter else "Open"
        yield ResourceTable(
            self.columns(), row_style=self.row_style, enter_label=label, **self.table_options()
        )
        yield BarRow("/", FilterBar())
        yield BarRow(":", CommandLine(self.app.command_suggester()))
        yield KeysFooter()

    def on_mount(self) -> None:
        self.poller.interval = max(0.2, self.app.settings.refresh or 3.0)
        self.poller.clock = self.app.clock
        self._show_source()
        self._show_state()
        self.refresh_crumbs()
        self.table.focus()
        self._start_poll_tick()

    def _show_source(self) -> None:
        app = self.app
        self.query_one(HeaderBar).set_source(app.source_label, app.current_show, app.readonly)

    def refresh_crumbs(self) -> None:
        self.query_one(Crumbs).set_path(crumb_path(self))
        self._show_info()

    def _show_info(self) -> None:
        table = self.table
        shown, total = table.counts
        col, reverse = table.sort_state
        label = next((c.label for c in table._cols if c.key == col), "")
        sort = f"sort {label}{'▼' if reverse else '▲'}" if col else ""
        self.query_one(Crumbs).set_info(
            shown=shown,
            total=total,
            marks=len(table.marks),
            filter_text=table.filter_text,
            sort=sort,
        )

    def _show_state(self) -> None:
        status, stale = self.polling.status()
        self.query_one(HeaderBar).set_state(status, stale=stale, frozen=self.frozen)

    # -- polling ----------------------------------------------------------------------------

    def on_screen_resume(self) -> None:
        self._show_source()
        self.refresh_crumbs()
        self._poll_view(True)

    def on_screen_suspend(self) -> None:
        self._poll_view(False)

    def poll_soon(self, delay: float = ACTION_REFRESH_DELAY) -> None:
        """Refresh shortly (after an action); when off view, refresh on return."""
        self.polling.soon(delay)

    @on(Polled)
    def _on_polled(self, event: Polled) -> None:
        event.stop()
        outcome = event.outcome
        if outcome.ok and (not self.frozen or event.manual):
            items = list(outcome.data or [])
            self.table.apply(items)
            self.after_apply(items)
            self._show_info()
        elif not outcome.ok and (self.poller.failures == 1 or event.manual):
            # The header has room for a few words only: say the whole reason once per outage
            # (and on each ctrl+r), not on every retry.
            self.notify(outcome.error or "the gateway failed", title="Gateway", severity="error")
        self._show_state()

    # -- actions common to every screen -----------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in _OPENERS and isinstance(self.focused, Input):
            return False  # a `/` or `:` typed into the filter or command line is text
        return self.verb_allowed(action, parameters)

    def _before_perform(self) -> None:
        if self.table.clear_marks():  # the marks were the action's targets: done with them
            self._show_info()

    def action_drill(self) -> None:
        item = self.table.cursor_item
        if item is not None:
            self.drill(item)

    def action_back(self) -> None:
        bar = self.query_one(FilterBar)
        if bar.has_class("-open"):
            bar.action_cancel()
            return
        if self.query_one(CommandLine).has_class("-open"):
            self.query_one(CommandLine).action_close()
            return
        if self.table.filter_text:
            self._set_filter("")
            return
        if self.table.clear_marks():
            self._show_info()
            return
        self.app.go_back()

    def action_filter(self) -> None:
        self.query_one(FilterBar).open(self.table.filter_text)

    def action_command_line(self) -> None:
        self.query_one(CommandLine).open()
        self.app.refresh_catalog(max_age=self.app.CATALOG_MAX_AGE)

    def action_help(self) -> None:
        HelpScreen = navigation.screen("help")
        self.app.push_screen(HelpScreen(self))

    def action_mark(self) -> None:
        self.table.toggle_mark()
        self._show_info()

    def action_clear_marks(self) -> None:
        self.table.clear_marks()
        self._show_info()

    def action_refresh(self) -> None:
        self.poll_now(manual=True)

    def action_freeze(self) -> None:
        self.frozen = not self.frozen
        self.polling.freeze(self.frozen)
        self._show_state()

    def action_sort(self) -> None:
        self.table.cycle_sort()
        self._show_info()

    def action_invert_sort(self) -> None:
        self.table.invert_sort()
        self._show_info()

    @on(FilterBar.Applied)
    def _filter_applied(self, event: FilterBar.Applied) -> None:
        self._set_filter(event.text)

    def _set_filter(self, text: str) -> None:
        note = self.table.set_filter(text)
        self.query_one(FilterBar).set_note(note or "")
        self._show_info()

    @on(FilterBar.Closed)
    @on(CommandLine.Closed)
    def _bar_closed(self) -> None:
        self.table.focus()

    @on(CommandLine.Run)
    def _run_command(self, event: CommandLine.Run) -> None:
        self.app.run_command(event.command, self.context())

    @on(ResourceTable.RowSelected)
    def _row_selected(self, event: ResourceTable.RowSelected) -> None:
        # Enter on the table (and a click on the highlighted row).
        event.stop()
        item = self.table.get_item(event.key)
        if item is not None:
            self.drill(item)

    @on(ResourceTable.HeaderSelected)
    def _header_selected(self, event: ResourceTable.HeaderSelected) -> None:
        event.stop()  # the table sorted by that column
        self._show_info()
