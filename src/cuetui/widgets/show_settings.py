"""A show's settings at a glance (`P` on :shows): each with the key of the verb that changes it.

The modal only chooses: it returns the verb's name and the shows screen runs that verb (its
prompt, its confirmation, its toast), so read-only and the ask flow stay where they are.
Read-only, it lists the values and chooses nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from cuetui.models import Show
from cuetui.models.format import cores

# (key, verb name, label, the value as shown)
SETTINGS: tuple[tuple[str, str, str, Callable[[Show], str]], ...] = (
    ("m", "min_cores", "Default min cores", lambda s: cores(s.default_min_cores)),
    ("M", "max_cores", "Default max cores", lambda s: cores(s.default_max_cores)),
    ("b", "booking", "Booking", lambda s: "on" if s.booking_enabled else "off"),
    ("d", "dispatching", "Dispatching", lambda s: "on" if s.dispatch_enabled else "off"),
    ("e", "comment_email", "Comment email", lambda s: s.comment_email or "(none)"),
    ("a", "active", "Active", lambda s: "yes" if s.active else "no"),
)
HINT = "a key or Enter changes it · Esc close"
READONLY_HINT = "read-only · Esc close"


class ShowSettingsModal(ModalScreen[str | None]):
    """The settings of `show`; dismisses with the chosen verb's name (None: nothing)."""

    DEFAULT_CSS = """
    ShowSettingsModal { align: center middle; background: $background 60%; }
    ShowSettingsModal > #settings-box {
        width: 72; max-width: 100%; height: auto; max-height: 90%;
        border: round $primary; border-subtitle-color: $text-muted;
        background: $surface; padding: 0 1;
    }
    ShowSettingsModal OptionList { height: auto; border: none; }
    """
    BINDINGS: ClassVar = [
        Binding("escape,q,P", "close", "Close"),
        *(Binding(key, f"choose('{name}')", label, show=False) for key, name, label, _ in SETTINGS),
    ]

    def __init__(self, title: str, show: Show, *, readonly: bool) -> None:
        super().__init__()
        self._title = title
        self.show = show
        self.readonly = readonly

    def compose(self) -> ComposeResult:
        options = []
        for key, name, label, value in SETTINGS:
            line = Text(no_wrap=True, overflow="ellipsis")
            line.append(" " if self.readonly else key, style="bold")
            line.append(f"  {label:<18} ")
            line.append(value(self.show))  # farm text: literal, never markup
            options.append(Option(line, id=name))
        with Vertical(id="settings-box") as box:
            box.border_title = self._title
            box.border_subtitle = READONLY_HINT if self.readonly else HINT
            yield OptionList(*options, id="settings")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action == "choose" and self.readonly)

    def action_choose(self, name: str) -> None:
        self.dismiss(name)

    def action_close(self) -> None:
        self.dismiss(None)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if not self.readonly and event.option.id:
            self.dismiss(event.option.id)

    def values(self) -> dict[str, Any]:
        """What the modal shows, by verb name (for tests and the detail of a row)."""
        return {name: value(self.show) for _, name, _, value in SETTINGS}
