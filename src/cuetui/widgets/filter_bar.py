"""The `/` filter line: filters the table live as you type; Enter keeps it, Esc clears it."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input

from cuetui.widgets.bar_input import BarInput


class FilterBar(BarInput):
    """Hidden until `/`; posts `FilterBar.Applied` on each change and `Closed` on Enter/Esc."""

    DEFAULT_CSS = """
    FilterBar, FilterBar:focus { display: none; height: 1; border: none; padding: 0 1 0 0; }
    FilterBar.-open, FilterBar.-open:focus { display: block; }
    """
    # Shown in the footer while the line is open (BarInput handles the keys themselves).
    BINDINGS = [
        Binding("enter", "accept", "Apply"),
        Binding("escape", "cancel", "Clear"),
    ]
    IN_ORDER: ClassVar[dict[str, str]] = {"enter": "action_accept", "escape": "action_cancel"}

    class Applied(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Closed(Message):
        def __init__(self, cleared: bool) -> None:
            super().__init__()
            self.cleared = cleared

    def __init__(self) -> None:
        super().__init__(placeholder="filter: text or regex, ! inverts", id="filter-bar")

    def close(self) -> None:
        self.hide()

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Applied(event.value))

    def action_accept(self) -> None:
        self.close()
        self.post_message(self.Closed(cleared=False))

    def action_cancel(self) -> None:
        self.value = ""
        self.close()
        self.post_message(self.Applied(""))
        self.post_message(self.Closed(cleared=True))
