"""The columns a table shows, chosen by the user (`C`): space toggles, Enter applies."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, SelectionList
from textual.widgets.selection_list import Selection


class ColumnPicker(ModalScreen[frozenset[str] | None]):
    """Dismisses with the keys of the columns to hide, or None (Esc: nothing changes)."""

    DEFAULT_CSS = """
    ColumnPicker { align: center middle; background: $background 60%; }
    ColumnPicker > #dialog {
        width: 44; max-width: 100%; height: auto; max-height: 90%;
        padding: 1 2; border: thick $primary; background: $surface;
    }
    ColumnPicker #title { width: 100%; text-style: bold; }
    ColumnPicker #hint { width: 100%; color: $text-muted; margin-bottom: 1; }
    ColumnPicker SelectionList { height: auto; max-height: 16; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        # Priority: the list's own Enter would toggle the highlighted column.
        Binding("enter", "apply", "Apply", priority=True),
    ]

    def __init__(self, choices: Sequence[tuple[str, str, bool]]) -> None:
        """`choices`: (column key, label, shown) of every column, in the table's order."""
        super().__init__()
        self.choices = list(choices)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label("Columns", id="title")
            yield Label("space shows or hides · enter applies · esc cancels", id="hint")
            # Text: a label read as a str would be markup.
            yield SelectionList[str](
                *[Selection(Text(label), key, shown) for key, label, shown in self.choices]
            )

    def on_mount(self) -> None:
        self.query_one(SelectionList).focus()

    def action_apply(self) -> None:
        shown = set(self.query_one(SelectionList).selected)
        if not shown:
            self.notify("Keep at least one column", severity="warning")
            return
        self.dismiss(frozenset(key for key, _, _ in self.choices if key not in shown))

    def action_cancel(self) -> None:
        self.dismiss(None)
