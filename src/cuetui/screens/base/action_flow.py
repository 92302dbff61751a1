"""The action flow every table screen shares: targets -> maybe confirm -> perform -> toast.

Mixed into `BaseScreen` (frames, hosts and procs reuse it through `self.act(...)`) and into
the log viewer, which acts on its one frame without a table.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from cuetui.screens.base.verb import READONLY_MESSAGE, Ask

if TYPE_CHECKING:
    from cuetui.app import CuetuiApp
    from cuetui.core.actions import Action

V = TypeVar("V")


class ActionFlow:
    """Needs `self.app` (a CuetuiApp), `self.notify` and `self.poll_soon()` (called once the
    action ran: see `CuetuiApp.perform_action`)."""

    if TYPE_CHECKING:
        app: CuetuiApp

        def notify(self, message: str, **kwargs: Any) -> None: ...
        def poll_soon(self, delay: float = ...) -> None: ...

    def act(
        self,
        action: Action[Any],
        *,
        warning: str | None = None,
        confirm_label: str | None = None,
    ) -> None:
        """Confirm when destructive, then perform in the app's action worker, toast, refresh."""
        if self.app.readonly:  # the last gate before the wire, whatever called
            self.notify(READONLY_MESSAGE, severity="warning")
            return
        if not action.targets:
            self.notify(f"No {action.kind} selected", severity="warning")
            return
        if not action.destructive:
            self._start(action)
            return
        from cuetui.core.actions import confirm_lines
        from cuetui.widgets.confirm import ConfirmModal

        def answered(ok: bool | None) -> None:
            if ok:
                self._start(action)

        modal = ConfirmModal(
            f"{action.verb} {action.subject()}?",
            confirm_lines(action),
            confirm_label or action.verb,
            True,
            warning=warning,
        )
        self.app.push_screen(modal, answered)

    def _start(self, action: Action[Any]) -> None:
        self._before_perform()
        self.app.perform_action(action, self)

    def _before_perform(self) -> None:
        """The action was confirmed and runs now (a table screen clears its marks here)."""

    def ask(self, ask: Ask[V], then: Callable[[V], None]) -> None:
        """The one "ask a value, then act" flow: prompt (or tag editor), then `then(value)`.

        Nothing is sent on Esc; a bad value is refused in the prompt, under the field.
        """
        if self.app.readonly:
            self.notify(READONLY_MESSAGE, severity="warning")
            return
        from cuetui.widgets.prompt import PromptModal, TagEditorModal

        def answered(result: Any) -> None:
            if result is None:
                return
            then(ask.parse(result) if ask.parse is not None else result)

        if ask.tags:
            tags = TagEditorModal(ask.title, tuple(ask.value), hint=ask.hint)
            self.app.push_screen(tags, answered)
        else:
            text = PromptModal(ask.title, ask.label, str(ask.value), ask.check, hint=ask.hint)
            self.app.push_screen(text, answered)

    def ask_then_act(self, ask: Ask[V], action: Callable[[V], Action[Any]]) -> None:
        """Ask for the value, then act with the Action built from it."""
        self.ask(ask, lambda value: self.act(action(value)))
