"""`i` on any table: every field of the highlighted item; `c`, `y` or Enter copies one."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static

from cuetui.core.details import Detail
from cuetui.widgets.columns import cut_middle
from cuetui.widgets.detail_pane import DetailPane

HINT = "↑↓ move · c/y/Enter copy the line (OSC 52) · Esc close"


class DetailScreen(ModalScreen[None]):
    """The item's fields as `cuetui.core.details` lists them, read when `i` was pressed."""

    CSS_PATH = "detail.tcss"
    BINDINGS: ClassVar = [
        Binding("escape,q,i", "close", "Close"),
        Binding("c,y", "copy_line", "Copy"),
    ]

    def __init__(self, title: str, lines: Sequence[Detail]) -> None:
        super().__init__()
        self._title = title
        self._lines = list(lines)

    def compose(self) -> ComposeResult:
        with Vertical(id="detail-box") as box:
            box.border_title = self._title
            box.border_subtitle = HINT
            if self._lines:
                yield DetailPane(self._lines, id="detail-pane")
            else:
                yield Static("Nothing is highlighted.", id="detail-empty")

    def on_mount(self) -> None:
        if self._lines:
            pane = self.query_one(DetailPane)
            pane.highlighted = 0
            pane.focus()

    def action_close(self) -> None:
        self.dismiss(None)

    def action_copy_line(self) -> None:
        panes = self.query(DetailPane)
        detail = panes.first().current if panes else None
        if detail is None:
            return
        # OSC 52: the terminal puts it on the clipboard, over ssh and tmux too.
        self.app.copy_to_clipboard(detail.text)
        self.notify(f"Copied {detail.label}: {cut_middle(detail.text, 60)}", timeout=4)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_copy_line()
