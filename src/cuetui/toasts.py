"""Toasts are plain text: a job, a path, a typed command or a Cuebot error may hold `[`.

Textual reads a toast as content markup by default, so `[/mnt/renders] full again` raised a
MarkupError that ended the app, and `layer [lighting] frame range` lost its middle word. The
app's `notify` takes every message as text; a toast meant as markup says so with `Markup`.
"""

from __future__ import annotations

from textual import events
from textual.notifications import SeverityLevel


class Markup(str):
    """A toast text written as Textual content markup on purpose (never farm or user text)."""


class PlainToasts:
    """Mixed into the App before `App`: every toast (the screens' and widgets' too, which go
    through `App.notify`) is plain text unless its message is a `Markup`."""

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        # `markup` is ignored on purpose: Widget.notify passes True for every call.
        as_markup = isinstance(message, Markup)
        super().notify(  # type: ignore[misc]
            message if as_markup else str(message),
            title=str(title),
            severity=severity,
            timeout=timeout,
            markup=as_markup,
        )

    # Textual's own two toasts written as markup, said again as text.

    def action_help_quit(self) -> None:
        for key, active in self.active_bindings.items():  # type: ignore[attr-defined]
            if active.binding.action in ("quit", "app.quit"):
                self.notify(f"Press {key} to quit the app", title="Do you want to quit?")
                return

    def on_delivery_complete(self, event: events.DeliveryComplete) -> None:
        if event.name == "screenshot":
            event.prevent_default()  # App's own handler would toast the path as markup
            where = f" to {event.path}" if event.path is not None else ""
            self.notify(f"Saved screenshot{where}", title="Screenshot")


__all__ = ["Markup", "PlainToasts"]
