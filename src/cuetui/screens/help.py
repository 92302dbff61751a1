"""`?`: every key of the screen below, including those the footer has no room for."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

FILTER_HELP = (
    "/ filter: text or regex over the columns, case-insensitive; !text hides matches; "
    "Esc clears. : jumps to a view (Tab completes): shows, jobs [show,…|all], layers, "
    "frames, hosts, allocs, quit."
)


def binding_rows(screen: Screen[object]) -> list[tuple[str, str]]:
    """(key, description) for each binding active on `screen` (readonly ones are gone)."""
    app = screen.app
    keys: dict[str, list[str]] = {}
    own = type(screen).__dict__.get("BINDINGS", [])
    own_actions = {b.action if isinstance(b, Binding) else b[1] for b in own}
    # The screen's own keys; the table's cursor keys (arrows, pgup, home...) go without saying.
    for active in screen.active_bindings.values():
        binding = active.binding
        if active.node is not screen or not binding.description or binding.system:
            continue
        if "copy" in binding.action:
            continue
        keys.setdefault(binding.description, []).append(app.get_key_display(binding))
    rows = [(" ".join(k), d) for d, k in keys.items()]
    # This screen's verbs first, then the keys every screen shares.
    rows.sort(key=lambda row: row[1] not in _descriptions(screen, own_actions))
    return rows


def _descriptions(screen: Screen[object], actions: set[str]) -> set[str]:
    active = screen.active_bindings.values()
    return {a.binding.description for a in active if a.binding.action in actions}


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
            table.add_row(key, description)
        table.add_row("ctrl+p", "Command palette: every action, views, themes")
        table.add_row("ctrl+q", "Quit")
        with VerticalScroll() as scroll:
            scroll.border_title = self._title
            yield Static(table)
            yield Static(Text(FILTER_HELP, style="dim"))

    def action_close(self) -> None:
        self.dismiss(None)
