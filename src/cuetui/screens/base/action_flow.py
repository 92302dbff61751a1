"""The action flow every table screen shares: targets -> maybe confirm -> perform -> toast.

Mixed into `BaseScreen` (frames, hosts and procs reuse it through `self.act(...)`) and into
the log viewer, which acts on its one frame without a table. Whether an action asks first is
the Action's `destructive`; the button it asks with is the running Verb's `confirm`, and the
two must agree (`confirm_mismatch`): a destructive action from a verb that does not declare
a confirmation is refused, not sent unasked nor confirmed by guess.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any, TypeVar

from cuetui.screens.base.verb import READONLY_MESSAGE, Ask, Verb

if TYPE_CHECKING:
    from cuetui.app import CuetuiApp
    from cuetui.core.actions import Action

V = TypeVar("V")
log = logging.getLogger(__name__)


def confirm_mismatch(verb: Verb | None, action: Action[Any]) -> str | None:
    """Why `action` may not run from `verb` as declared (a programming error), or None."""
    name = verb.name if verb is not None else "(no verb)"
    confirm = verb.confirm if verb is not None else None
    if action.destructive and confirm is None:
        return f"verb {name}: {action.verb} asks first, but the verb declares no confirm"
    if not action.destructive and confirm is not None and confirm.when is None:
        return f"verb {name} declares a confirm, but {action.verb} would not ask"
    return None


class ActionFlow:
    """Needs `self.app` (a CuetuiApp), `self.notify` and `self.poll_soon()` (called once the
    action ran: see `CuetuiApp.perform_action`)."""

    if TYPE_CHECKING:
        app: CuetuiApp
        acting: Verb | None  # VerbScreen's

        def notify(self, message: str, **kwargs: Any) -> None: ...
        def poll_soon(self, delay: float = ...) -> None: ...
        def acting_as(self, verb: Verb | None) -> AbstractContextManager[None]: ...

    def act(self, action: Action[Any], *, warning: str | None = None) -> None:
        """Confirm when destructive (as the running verb declares), then perform in the app's
        action worker, toast, refresh. `warning`: what the confirmation says will happen."""
        if self.app.readonly:  # the last gate before the wire, whatever called
            self.notify(READONLY_MESSAGE, severity="warning")
            return
        if not action.targets:
            self.notify(f"No {action.kind} selected", severity="warning")
            return
        verb = self.acting
        problem = confirm_mismatch(verb, action)
        if problem is not None:
            log.error("refused, not sent: %s", problem)
            self.notify(f"internal error in {action.verb}: not sent", severity="error")
            return
        if verb is None or verb.confirm is None or not action.destructive:
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
            verb.confirm.label or action.verb,
            verb.confirm.danger,
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

        verb = self.acting  # the answer comes later: it acts as the verb that asked

        def answered(result: Any) -> None:
            if result is None:
                return
            with self.acting_as(verb):
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
