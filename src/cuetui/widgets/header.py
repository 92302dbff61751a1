"""The one-line header (gateway, show, data state) and the breadcrumb line under it."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label

from cuetui.client.urls import redact_url


def _show(label: Label, text: Text) -> None:
    """Set a label's text: nothing when it is the same, a screen layout only when its width
    changes. Header and crumbs are set on every poll; a layout walks every widget of the
    screen and repainted the table's scrollbar (measured with bench/)."""
    if getattr(label, "_shown_text", None) == text:
        return
    width = text.cell_len
    label.update(text, layout=getattr(label, "_shown_width", None) != width)
    label._shown_text = text  # type: ignore[attr-defined]
    label._shown_width = width  # type: ignore[attr-defined]


def middle_cut(text: str, width: int) -> str:
    """`text` in `width` cells at most, cut in the middle: both ends of a name tell most."""
    if len(text) <= width:
        return text
    if width <= 1:
        return "…"[:width]
    head = width // 2
    tail = width - 1 - head
    return text[:head] + "…" + (text[-tail:] if tail else "")


MIN_NAME = 12
"""A gateway or show name is cut in the middle down to this many cells, no further."""


def header_left(source: str, show: str | None, readonly: bool, width: int) -> Text:
    """`cuetui │ <gateway> │ show <name> │ read-only` in `width` cells, as much as fits.

    What goes first when short of room: the app's name, the word "show", then the middle
    of long gateway and show names (the longer first); read-only always stays.
    """
    for app_name, show_word in ((True, True), (False, True), (False, False)):
        text = _left(source, show, readonly, app_name=app_name, show_word=show_word)
        if text.cell_len <= width:
            return text
    source = source.split("://", 1)[-1]  # the host tells more than the scheme
    name = show or ""
    room = width - (3 if show else 0) - (12 if readonly else 0)
    half = room // 2
    if len(name) <= half:
        gateway_len, name_len = room - len(name), len(name)
    elif len(source) <= room - half:
        gateway_len, name_len = len(source), room - len(source)
    else:
        gateway_len, name_len = room - half, half
    gateway = middle_cut(source, max(MIN_NAME, gateway_len))
    name = middle_cut(name, max(MIN_NAME, name_len))
    return _left(gateway, name or None, readonly, app_name=False, show_word=False)


def _left(
    source: str, show: str | None, readonly: bool, *, app_name: bool, show_word: bool
) -> Text:
    text = Text(no_wrap=True, overflow="ellipsis")
    if app_name:
        text.append("cuetui", style="bold")
        text.append(" │ ")
    text.append(source)
    if show:
        text.append(" │ show " if show_word else " │ ")
        text.append(show, style="bold")
    if readonly:
        text.append(" │ ")
        text.append("read-only", style="bold reverse")
    return text


class HeaderBar(Horizontal):
    """`cuetui │ <profile or gateway> │ show <name>` on the left, data state on the right.

    At 80 columns the gateway and show keep their room: the state's reason is cut first
    (it is toasted in full), then the left side is shortened (`header_left`).
    """

    DEFAULT_CSS = """
    HeaderBar { height: 1; }
    HeaderBar > #header-left { width: 1fr; }
    HeaderBar > #header-right { width: auto; }
    """

    RIGHT_MIN = 18
    """Cells the state keeps whatever the names: `● updated HH:MM:SS`, `▲ stale since …`."""

    def __init__(self) -> None:
        super().__init__()
        self._source: tuple[str, str | None, bool] = ("", None, False)
        self._state = Text()
        self._head = 0  # cells of the state before its reason

    def compose(self) -> ComposeResult:
        yield Label(id="header-left")
        yield Label(id="header-right")

    def set_source(self, source: str, show: str | None, readonly: bool = False) -> None:
        source = redact_url(source)  # a password in the gateway URL never shows
        self._source = (source, show, readonly)
        self._layout()

    def set_state(self, status: str, *, stale: bool, frozen: bool) -> None:
        """Data state; set after each poll and on the screen's one-second tick."""
        text = Text(" ", no_wrap=True, overflow="ellipsis")
        if frozen:
            text.append(" FROZEN ", style="bold reverse")
            text.append(" ")
        if stale:
            text.append(f"▲ {status}", style="bold red")
        else:
            text.append(f"● {status}", style="green" if status.startswith("updated") else "")
        reason = text.plain.find(" — ")
        self._state = text
        self._head = reason if reason >= 0 else text.cell_len
        self._layout()

    def on_mount(self) -> None:
        self._layout()

    def on_resize(self) -> None:
        self._layout()

    def _layout(self) -> None:
        # A screen may set its source or state before the labels are composed; on_mount
        # lays out what was set by then.
        labels = self.query(Label)
        if len(labels) < 2:
            return
        width = self.size.width or (self.app.size.width if self.is_attached else 80)
        source, show, readonly = self._source
        state = self._state
        keep = min(state.cell_len, max(self._head, self.RIGHT_MIN))
        left = header_left(source, show, readonly, max(MIN_NAME, width - keep - 1))
        room = max(keep, width - left.cell_len - 1)
        if state.cell_len > room:
            state = state.copy()
            state.truncate(room, overflow="ellipsis")
        _show(labels.first(), left)
        _show(labels.last(), state)


class Crumbs(Horizontal):
    """Breadcrumbs on the left; filter, marks, sort and row counts on the right."""

    DEFAULT_CSS = """
    Crumbs { height: 1; }
    Crumbs > #crumbs-left { width: 1fr; }
    Crumbs > #crumbs-right { width: auto; margin-left: 2; }
    """

    def compose(self) -> ComposeResult:
        yield Label(id="crumbs-left")
        yield Label(id="crumbs-right")

    def set_path(self, parts: list[str]) -> None:
        text = Text(no_wrap=True, overflow="ellipsis")
        for i, part in enumerate(parts):
            if i:
                text.append(" > ", style="dim")
            text.append(part, style="bold" if i == len(parts) - 1 else "")
        _show(self.query_one("#crumbs-left", Label), text)

    def set_info(
        self,
        *,
        shown: int,
        total: int,
        marks: int,
        filter_text: str,
        sort: str,
        hidden_marks: int = 0,
    ) -> None:
        text = Text()
        if filter_text:
            text.append(f"/{filter_text} ", style="bold yellow")
        if marks:
            text.append(f"● {marks} marked ", style="bold")
        if hidden_marks:  # marked, then filtered out: kept, but no action takes them
            text.append(f"(+{hidden_marks} hidden) ", style="dim")
        if sort:
            text.append(f"{sort} ", style="dim")
        text.append(f"{shown}/{total}" if shown != total else f"{total}")
        _show(self.query_one("#crumbs-right", Label), text)
