"""A one-line input that opens over the table (`/`, `:`) and handles keys strictly in order.

Textual delivers a key to the focused widget at once but runs bindings when the key has
bubbled up to the App; with keys arriving in a burst (a fast typist, a paste, tmux, a slow
SSH link) Enter could run before the characters typed ahead of it, and characters typed after
Enter could land in the closed line. Here Enter/Esc/Tab are handled as the input reads them,
and keys that reach a closed line are handed back to the App to go where focus now is.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Input, Static


class BarInput(Input):
    """Hidden until `open()`; subclasses map keys to methods in `IN_ORDER`."""

    IN_ORDER: ClassVar[dict[str, str]] = {}

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._return_focus: Widget | None = None

    @property
    def is_open(self) -> bool:
        return self.has_class("-open")

    def open(self, value: str = "") -> None:
        self.value = value
        self.cursor_position = len(value)
        self._show(True)
        # set_focus, not focus(): focus() lands later, and the keys typed right after `/`
        # or `:` would reach the table as commands.
        self._return_focus = self.screen.focused
        self.screen.set_focus(self)

    def hide(self) -> None:
        self._show(False)
        if self.screen.focused is self:  # not has_focus: that follows the Focus event
            self.screen.set_focus(self._return_focus)

    def set_note(self, text: str) -> None:
        """A note at the end of the line's row (why the text is taken otherwise), or none."""
        if isinstance(self.parent, BarRow):
            self.parent.query_one(".bar-note", Static).update(text)

    def _show(self, shown: bool) -> None:
        self.set_class(shown, "-open")
        if isinstance(self.parent, BarRow):
            self.parent.set_class(shown, "-open")

    async def _on_key(self, event: events.Key) -> None:
        if not self.is_open:
            event.stop()
            event.prevent_default()
            self.app.post_message(events.Key(event.key, event.character))
            return
        method = self.IN_ORDER.get(event.key)
        if method is not None:
            event.stop()
            event.prevent_default()
            getattr(self, method)()
            return
        await super()._on_key(event)


class BarRow(Horizontal):
    """A line's prompt (`/`, `:`), the line and a note; shown only while the line is open."""

    DEFAULT_CSS = """
    BarRow { display: none; height: 1; }
    BarRow.-open { display: block; }
    BarRow > .bar-prompt { width: auto; padding: 0 0 0 1; }
    BarRow > BarInput { width: 1fr; }
    BarRow > .bar-note { width: auto; padding: 0 1; color: $text-warning; }
    """

    def __init__(self, prompt: str, line: BarInput) -> None:
        super().__init__()
        self._prompt = prompt
        self._line = line

    def compose(self) -> ComposeResult:
        yield Static(self._prompt, classes="bar-prompt", markup=False)
        yield self._line
        yield Static("", classes="bar-note", markup=False)
