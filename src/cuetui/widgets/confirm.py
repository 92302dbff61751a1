"""`ConfirmModal`: says exactly what an action will affect; Cancel is focused (k9s #146)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

# Rows the dialog needs besides the lines: border 2, padding 2, title 1, blank 1,
# buttons 3 + margin 1, and two rows of air so the farm stays visible behind it.
_CHROME_ROWS = 12


def fit_lines(lines: Sequence[str], budget: int) -> list[str]:
    """Keep `lines[0]` and as many following lines as fit; the rest become "and N more"."""
    budget = max(2, budget)
    if len(lines) <= budget:
        return list(lines)
    keep = budget - 1
    return [*lines[:keep], f"… and {len(lines) - keep} more"]


class ConfirmModal(ModalScreen[bool]):
    """Ask before an action; dismisses with True only on the confirm button.

    `lines` is the headline (the count) then the names, in that order: when they do not fit
    the screen the tail becomes "and N more". `warning` (e.g. "12 running frames will die")
    is always shown, under the names. `confirm_label` and `danger` are the acting verb's
    declaration (`Confirm` in `cuetui.screens.base.verb`, read by `ActionFlow.act`).
    """

    DEFAULT_CSS = """
    ConfirmModal {
        align: center middle;
        background: $background 60%;
    }
    ConfirmModal > #dialog {
        width: 76;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        padding: 1 2;
        border: thick $primary;
        background: $surface;
    }
    ConfirmModal.-danger > #dialog {
        border: thick $error;
    }
    ConfirmModal #title {
        width: 100%;
        text-style: bold;
        margin-bottom: 1;
    }
    ConfirmModal .line {
        width: 100%;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    ConfirmModal #warning {
        width: 100%;
        margin-top: 1;
        color: $text-error;
        text-style: bold;
    }
    ConfirmModal #buttons {
        width: 100%;
        height: auto;
        margin-top: 1;
        align-horizontal: right;
    }
    ConfirmModal #buttons Button {
        margin-left: 2;
    }
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("n", "cancel", "Cancel", show=False),
        Binding("left", "app.focus_previous", "Previous button", show=False),
        Binding("right", "app.focus_next", "Next button", show=False),
    ]

    def __init__(
        self,
        title: str,
        lines: list[str],
        confirm_label: str = "Confirm",
        danger: bool = True,
        *,
        warning: str | None = None,
    ) -> None:
        super().__init__(classes="-danger" if danger else None)
        self.title_text = title
        self.lines = list(lines)
        self.confirm_label = confirm_label
        self.danger = danger
        self.warning = warning

    def compose(self) -> ComposeResult:
        budget = self.app.size.height - _CHROME_ROWS - (2 if self.warning else 0)
        with Vertical(id="dialog"):
            yield Label(self.title_text, id="title", markup=False)
            for line in fit_lines(self.lines, budget):
                yield Static(line, classes="line", markup=False)
            if self.warning:
                yield Static(self.warning, id="warning", markup=False)
            with Horizontal(id="buttons"):
                yield Button("Cancel", id="cancel", variant="default")
                yield Button(
                    Text(self.confirm_label),  # text: a Button reads a str as markup
                    id="confirm",
                    variant="error" if self.danger else "primary",
                )

    def on_mount(self) -> None:
        # The safe answer is the default: Enter right after the action key cancels.
        self.query_one("#cancel", Button).focus()

    @on(Button.Pressed, "#confirm")
    def _confirm(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.dismiss(False)

    def action_cancel(self) -> None:
        self.dismiss(False)
