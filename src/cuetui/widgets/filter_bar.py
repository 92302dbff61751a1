"""The `/` filter line: filters the table live as you type; Enter keeps it, Esc clears it."""

from __future__ import annotations

from textual import on
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input


class FilterBar(Input):
    """Hidden until `/`; posts `FilterBar.Applied` on each change and `Closed` on Enter/Esc."""

    DEFAULT_CSS = """
    FilterBar { display: none; height: 1; border: none; padding: 0 1; }
    FilterBar.-open { display: block; }
    """
    BINDINGS = [Binding("escape", "cancel", "Clear filter", show=False)]

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

    def open(self, current: str) -> None:
        self.value = current
        self.cursor_position = len(current)
        self.add_class("-open")
        self.focus()

    def close(self) -> None:
        self.remove_class("-open")

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Applied(event.value))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.close()
        self.post_message(self.Closed(cleared=False))

    def action_cancel(self) -> None:
        self.value = ""
        self.close()
        self.post_message(self.Applied(""))
        self.post_message(self.Closed(cleared=True))
