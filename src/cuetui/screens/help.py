"""`?`: every key of the screen below, including those the footer has no room for."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

FILTER_HELP = (
    "/ filter: text or regex over the columns, case-insensitive; !text hides matches; "
    "Esc clears. : jumps to a view (Tab completes): shows, jobs [show,…|all], layers, "
    "frames, hosts [alloc= state= lock=], procs, allocs, subs [show], quit."
)


# Textual's own screen keys (focus cycling, copy) say nothing about the farm.
_SKIP_ACTIONS = ("focus_next", "focus_previous", "copy")


def screen_bindings(screen: Screen[object]) -> list[ActiveBinding]:
    """The bindings of the screen itself (readonly ones are gone) and the table's Enter."""
    out: list[ActiveBinding] = []
    for active in screen.active_bindings.values():
        binding = active.binding
        mine = active.node is screen or binding.id == "table.enter"
        if not mine or not binding.description or binding.system:
            continue
        if any(skip in binding.action for skip in _SKIP_ACTIONS):
            continue
        out.append(active)
    return out


def binding_rows(screen: Screen[object]) -> list[tuple[str, str]]:
    """(keys, description) for the help: this screen's verbs first, then the shared keys."""
    app = screen.app
    keys: dict[str, list[str]] = {}
    own = type(screen).__dict__.get("BINDINGS", [])
    own_actions = {b.action if isinstance(b, Binding) else b[1] for b in own}
    own_actions.add("select_cursor")
    first: set[str] = set()
    for active in screen_bindings(screen):
        binding = active.binding
        keys.setdefault(binding.description, []).append(app.get_key_display(binding))
        if binding.action in own_actions:
            first.add(binding.description)
    rows = [(" ".join(k), d) for d, k in keys.items()]
    rows.sort(key=lambda row: row[1] not in first)
    return rows


class HelpScreen(ModalScreen[None]):
    """Lists the bindings of `screen`; any of Esc, q, ? closes it."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 72; max-width: 100%; height: auto; max-height: 90%;
        border: round $primary; padding: 0 1; background: $background;
    }
    """
    BINDINGS: ClassVar = [
        Binding("escape,q,question_mark", "close", "Close"),
    ]

    def __init__(self, screen: Screen[object]) -> None:
        super().__init__()
        self._rows = binding_rows(screen)
        self._title = f"Keys: {getattr(screen, 'KIND', 'screen')}"

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold cyan", no_wrap=True)
        table.add_column()
        for key, description in self._rows:
            # Text, not markup: keys such as "[/]" would be read as a closing tag.
            table.add_row(Text(key), Text(description))
        # The App's keys, written as the footer and the rows above write keys (^p, not ctrl+p).
        shown = self.app.get_key_display
        table.add_row(shown(Binding("ctrl+p", "")), "Command palette: every action, views, themes")
        table.add_row(shown(Binding("ctrl+q", "")), "Quit")
        with VerticalScroll() as scroll:
            scroll.border_title = self._title
            yield Static(table)
            yield Static(Text(FILTER_HELP, style="dim"))

    def action_close(self) -> None:
        self.dismiss(None)
