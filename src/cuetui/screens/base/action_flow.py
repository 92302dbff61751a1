"""The action flow every table screen shares: targets -> maybe confirm -> perform -> toast.

Mixed into `BaseScreen` (frames, hosts and procs reuse it through `self.act(...)`) and into
the log viewer, which acts on its one frame without a table.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cuetui.app import CuetuiApp
    from cuetui.core.actions import Action


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
        if self.app.readonly:
            self.notify("Read-only: actions are off", severity="warning")
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

    def ask(
        self,
        title: str,
        label: str,
        value: str,
        validate: Callable[[str], str | None] | None,
        then: Callable[[str], None],
    ) -> None:
        """Prompt for one value, then call `then(value)` unless cancelled."""
        if self.app.readonly:
            self.notify("Read-only: actions are off", severity="warning")
            return
        from cuetui.widgets.prompt import PromptModal

        def answered(result: str | None) -> None:
            if result is not None:
                then(result)

        self.app.push_screen(PromptModal(title, label, value, validate), answered)
