"""The shared screen: header, crumbs, one polled ResourceTable, filter and command lines, footer.

Subclasses give `columns()`, `fetch()` and `crumb()`, and optionally `drill()`, `row_style()`,
`context()`, and their keys and verbs (`BINDINGS, VERBS = keys(...)`: see `base/verb.py`).
See docs/architecture.md "Screens: extension API".
"""

from __future__ import annotations

from operator import attrgetter
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar
from weakref import WeakKeyDictionary

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingsMap
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Input

from cuetui import navigation
from cuetui.core.polling import Poller
from cuetui.gc_tuning import give_back
from cuetui.navigation import ViewContext
from cuetui.screens.base.action_flow import ActionFlow
from cuetui.screens.base.details import DETAIL_BINDING, DetailKeys
from cuetui.screens.base.place import crumb_path
from cuetui.screens.base.poll_schedule import Polled, PollSchedule
from cuetui.screens.base.verb import VerbScreen
from cuetui.screens.base.visible_rows import VisibleRows
from cuetui.widgets.bar_input import BarRow
from cuetui.widgets.column_picker import ColumnPicker
from cuetui.widgets.command_line import CommandLine
from cuetui.widgets.detail_strip import DetailStrip
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

# The sort of each view (screen KIND) for the app's session: leaving and reopening a view
# keeps it. Per app, so tests (and a second app in one process) do not share it.
_SESSION_SORTS: WeakKeyDictionary[object, dict[str, tuple[str | None, bool]]] = WeakKeyDictionary()
# The columns the user hid in each view (`C`), kept the same way.
_SESSION_HIDDEN: WeakKeyDictionary[object, dict[str, frozenset[str]]] = WeakKeyDictionary()


def drill_binding(label: str) -> Binding:
    """Enter, labelled for this screen ("Layers", "Frames") in the footer and the help.

    The table handles Enter itself (so it runs after the cursor keys typed before it); this
    binding gives the label and lets the palette offer the drill.
    """
    return Binding("enter", "drill", label, id="screen.drill")


class BaseScreen(
    VerbScreen, ActionFlow, VisibleRows[T], PollSchedule, DetailKeys, Screen[None], Generic[T]
):
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
        DETAIL_BINDING,
        Binding("escape", "back", "Back", show=False, id="screen.back"),
        Binding("backspace", "back", "Back", show=False, id="screen.back2"),
        Binding("space", "mark", "Mark", show=False, id="screen.mark"),
        # Marks as in k9s (space, ctrl+space for a range, ctrl+\ to clear) and Midnight
        # Commander (+ all, * invert, - none); V and shift+arrows for those who think in vim.
        Binding("V,ctrl+space", "mark_range", "Mark range", show=False, id="screen.mark_range"),
        Binding(
            "shift+down",
            "extend_marks(1)",
            "Mark down",
            key_display="⇧↓",
            show=False,
            id="screen.mark_down",
        ),
        Binding(
            "shift+up",
            "extend_marks(-1)",
            "Mark up",
            key_display="⇧↑",
            show=False,
            id="screen.mark_up",
        ),
        Binding("plus,ctrl+a", "mark_all", "Mark all shown", show=False, id="screen.mark_all"),
        Binding("asterisk", "invert_marks", "Invert marks", show=False, id="screen.mark_invert"),
        Binding(
            "minus,ctrl+backslash",
            "clear_marks",
            "Clear marks",
            show=False,
            id="screen.unmark",
        ),
        Binding("g,home", "first_row", "First row", show=False, id="screen.first"),
        Binding("G,end", "last_row", "Last row", show=False, id="screen.last"),
        Binding("ctrl+r", "refresh", "Refresh now", show=False, id="screen.refresh"),
        Binding("z", "freeze", "Freeze", show=False, id="screen.freeze"),
        Binding("s", "sort", "Sort column", show=False, id="screen.sort"),
        Binding("S", "invert_sort", "Invert sort", show=False, id="screen.invert"),
        Binding("o", "sort_pick", "Sort by…", show=False, id="screen.sort_pick"),
        Binding("C", "pick_columns", "Columns…", show=False, id="screen.columns"),
        Binding(
            "less_than_sign",
            "sort(-1)",
            "Sort column left",
            key_display="<",
            show=False,
            id="screen.sort_l",
        ),
        Binding(
            "greater_than_sign",
            "sort(1)",
            "Sort column right",
            key_display=">",
            show=False,
            id="screen.sort_r",
        ),
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
        by_ids = type(self).fetch_rows is not BaseScreen.fetch_rows
        self.poller: Poller[list[T]] = Poller(self._init_rows(by_ids))
        self._init_schedule()
        self._loaded = False  # a first answer came: an empty table is empty, not loading
        self._load_error = ""

    # -- to override ------------------------------------------------------------------------

    # Every screen defines these two; a screen that does not is a programming error.
    def columns(self) -> list[Column[T]]:
        raise TypeError(f"{type(self).__name__} must define columns()")

    async def fetch(self) -> list[T]:
        raise TypeError(f"{type(self).__name__} must define fetch()")

    async def fetch_rows(self, ids: list[str]) -> list[T]:
        """The rows with these ids under the view's criteria (a row that left them does not
        come). A screen that defines it polls its rows on view at its interval and the whole
        list (`fetch`) less often when that is big (`cuetui.core.visible_poll`)."""
        raise TypeError(f"{type(self).__name__} polls its whole list: it has no fetch_rows()")

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

    def show_items(self, data: Any) -> list[T]:
        """Put a poll's answer in the table (`apply`); what it returns goes to `after_apply`.
        A screen whose polls bring only what changed (all frames) merges instead."""
        items = list(data)
        self.table.apply(items)
        return items

    def after_apply(self, items: list[T]) -> None:
        """Called after fresh data reached the table."""

    def empty_text(self) -> str:
        """What the table says when the gateway answered no rows, with the criteria in force
        ("No pending jobs in show X"); the filter and loading cases are the base's."""
        return f"No {self.KIND}"

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
        options = self.table_options()
        self.rows_poll.key = options.get("key", attrgetter("id"))
        kept = _SESSION_SORTS.get(self.app, {}).get(self.KIND)
        if kept is not None:
            options["sort"], options["reverse"] = kept
        hidden = _SESSION_HIDDEN.get(self.app, {}).get(self.KIND, frozenset())
        table: ResourceTable[T] = ResourceTable(
            self.columns(),
            row_style=self._row_style_for(),
            enter_label=label,
            hidden=hidden,
            **options,
        )
        table.set_empty_text("Loading…")
        yield table
        yield DetailStrip()
        yield BarRow("/", FilterBar())
        yield BarRow(":", CommandLine(self.app.command_suggester()))
        yield KeysFooter()

    def on_mount(self) -> None:
        self.poller.interval = max(0.2, self.app.settings.refresh or 3.0)
        self.poller.clock = self.rows_poll.clock = self.app.clock
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
        marked, hidden = table.mark_counts
        self.query_one(Crumbs).set_info(
            shown=shown,
            total=total,
            marks=marked,
            hidden_marks=hidden,
            filter_text=table.filter_text,
            sort=sort,
        )
        table.set_empty_text(self._empty_message(shown, total))

    def _empty_message(self, shown: int, total: int) -> str:
        """The line an empty table shows: loading, failed, nothing there, or all filtered."""
        if shown:
            return ""
        if not self._loaded:
            return f"Not loaded: {self._load_error}" if self._load_error else "Loading…"
        if not total:
            return self.empty_text()
        hidden = f"{total} hidden" if total > 1 else "1 hidden"
        text = self.table.filter_text
        return f"No {self.KIND} match /{text} — {hidden}; Esc clears the filter"

    def _show_state(self) -> None:
        status, stale = self.polling.status()
        if self._loaded:
            status += self._rows_status(stale)
        self.query_one(HeaderBar).set_state(status, stale=stale, frozen=self.frozen)

    # -- polling ----------------------------------------------------------------------------

    def on_screen_resume(self) -> None:
        self._show_source()
        self.refresh_crumbs()
        self._poll_view(True)

    def on_screen_suspend(self) -> None:
        self._poll_view(False)

    def on_unmount(self) -> None:
        # The client keeps the models of this view's lists to reuse them (~90 MB for all jobs
        # and hosts at xlarge): they go with the view; the views left parse theirs whole once.
        forget = getattr(self.app, "forget_answers", None)
        if forget is not None:
            forget()

    def poll_soon(self, delay: float = ACTION_REFRESH_DELAY) -> None:
        """Refresh the whole list shortly (after an action); when off view, on return."""
        self.rows_poll.want_full()
        self.polling.soon(delay)

    @on(Polled)
    def _on_polled(self, event: Polled) -> None:
        event.stop()
        outcome = event.outcome
        if outcome.ok and (not self.frozen or event.manual):
            self._loaded = True
            items = self.show_items([] if outcome.data is None else outcome.data)
            self.after_apply(items)
            self._show_info()
            # Once painted: a whole list's parse leaves tens of MB of free heap resident.
            self.call_after_refresh(give_back)
        elif not outcome.ok and (self.poller.failures == 1 or event.manual):
            # The header has room for a few words only: say the whole reason once per outage
            # (and on each ctrl+r), not on every retry.
            self.notify(outcome.error or "the gateway failed", title="Gateway", severity="error")
        if not outcome.ok and not self._loaded:
            self._load_error = outcome.error or "the gateway failed"
            self._show_info()
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

    def action_mark_range(self) -> None:
        self.table.mark_range()
        self._show_info()

    def action_extend_marks(self, step: int) -> None:
        self.table.extend_marks(step)
        self._show_info()

    def action_mark_all(self) -> None:
        self.table.mark_all()
        self._show_info()

    def action_invert_marks(self) -> None:
        self.table.invert_marks()
        self._show_info()

    def action_clear_marks(self) -> None:
        self.table.clear_marks()
        self._show_info()

    def action_first_row(self) -> None:
        self.table.action_cursor_top()

    def action_last_row(self) -> None:
        self.table.action_cursor_bottom()

    def action_refresh(self) -> None:
        self.poll_now(manual=True)

    def action_freeze(self) -> None:
        self.frozen = not self.frozen
        self.polling.freeze(self.frozen)
        self._show_state()

    def action_sort(self, step: int = 1) -> None:
        self.table.cycle_sort(step)
        self._sorted()

    def action_invert_sort(self) -> None:
        self.table.invert_sort()
        self._sorted()

    def action_sort_pick(self) -> None:
        """`o`: pick the sort column from a list; the current one again inverts it."""
        from cuetui.widgets.prompt import ChoiceModal

        table = self.table
        current, reverse = table.sort_state
        # "" is no column (None is the modal's cancel).
        choices: list[tuple[str, str]] = [(self.default_order_label(), "")]
        glyph = "▼" if reverse else "▲"
        choices += [
            (f"{label} {glyph}" if key == current else label, key)
            for key, label in table.sort_choices()
        ]

        def chosen(key: str | None) -> None:
            if key is None:
                return
            column = key or None
            table.sort_by(column, not reverse if column == current and column else False)
            self._sorted()

        self.app.push_screen(ChoiceModal("Sort by", choices, current or ""), chosen)

    def action_pick_columns(self) -> None:
        """`C`: choose the columns this view shows; kept for the view for the session."""
        table = self.table

        def chosen(hidden: frozenset[str] | None) -> None:
            if hidden is None:
                return
            table.set_user_hidden(hidden)
            _SESSION_HIDDEN.setdefault(self.app, {})[self.KIND] = table.user_hidden

        self.app.push_screen(ColumnPicker(table.column_choices()), chosen)

    def default_order_label(self) -> str:
        """The entry of `o` for no column: the gateway's order (jobs: attention first)."""
        return "Gateway's order"

    def _sorted(self) -> None:
        """The sort changed: show it, and keep it for this view for the session."""
        _SESSION_SORTS.setdefault(self.app, {})[self.KIND] = self.table.sort_state
        self._show_info()
        self._want_whole_list()

    @on(FilterBar.Applied)
    def _filter_applied(self, event: FilterBar.Applied) -> None:
        self._set_filter(event.text)

    def _set_filter(self, text: str) -> None:
        note = self.table.set_filter(text)
        self.query_one(FilterBar).set_note(note or "")
        self._show_info()
        self._want_whole_list()

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
        self._sorted()
