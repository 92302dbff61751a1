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


class HeaderBar(Horizontal):
    """`cuetui │ <profile or gateway> │ show <name>` on the left, data state on the right."""

    DEFAULT_CSS = """
    HeaderBar { height: 1; }
    HeaderBar > #header-left { width: 1fr; min-width: 24; }
    /* A long failure reason is cut, not the gateway and show on the left. */
    HeaderBar > #header-right { width: auto; max-width: 70%; }
    """

    def compose(self) -> ComposeResult:
        yield Label(id="header-left")
        yield Label(id="header-right")

    def set_source(self, source: str, show: str | None, readonly: bool = False) -> None:
        source = redact_url(source)  # a password in the gateway URL never shows
        text = Text.assemble(("cuetui", "bold"), " │ ", source, no_wrap=True, overflow="ellipsis")
        if show:
            text.append(" │ show ")
            text.append(show, style="bold")
        if readonly:
            text.append(" │ ")
            text.append("read-only", style="bold reverse")
        _show(self.query_one("#header-left", Label), text)

    def set_state(self, status: str, *, stale: bool, paused: bool) -> None:
        """Data state; only called when a poll ends or the freeze toggles (no clock ticking)."""
        text = Text(" ", no_wrap=True, overflow="ellipsis")
        if paused:
            text.append(" FROZEN ", style="bold reverse")
            text.append(" ")
        if stale:
            text.append(f"▲ {status}", style="bold red")
        else:
            text.append(f"● {status}", style="green" if status.startswith("updated") else "")
        _show(self.query_one("#header-right", Label), text)


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

    def set_info(self, *, shown: int, total: int, marks: int, filter_text: str, sort: str) -> None:
        text = Text()
        if filter_text:
            text.append(f"/{filter_text} ", style="bold yellow")
        if marks:
            text.append(f"● {marks} marked ", style="bold")
        if sort:
            text.append(f"{sort} ", style="dim")
        text.append(f"{shown}/{total}" if shown != total else f"{total}")
        _show(self.query_one("#crumbs-right", Label), text)
