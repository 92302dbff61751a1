"""The proc verbs: kill, unbook, unbook and kill, on the screen's targets."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cuetui.core.actions import Action

if TYPE_CHECKING:
    from cuetui.models import Proc
    from cuetui.screens.base.table_screen import BaseScreen

# (one proc, several procs)
KILL_WARNING = (
    "Its frame is killed now and counts as a failed attempt: Cuebot retries it, or marks it "
    "DEAD past the job's max retries.",
    "Their frames are killed now and count as failed attempts: Cuebot retries them, or marks "
    "them DEAD past the job's max retries.",
)
UNBOOK_WARNING = (
    "Its frame keeps running; the proc is freed when the frame ends (U unbooks and kills).",
    "Their frames keep running; each proc is freed when its frame ends (U unbooks and kills).",
)
UNBOOK_KILL_WARNING = (
    "Its frame is killed now and the proc freed; Cuebot retries the frame.",
    "Their frames are killed now and the procs freed; Cuebot retries the frames.",
)


def proc_label(proc: Proc) -> str:
    """How confirmations and toasts name a proc: its frame, job and host."""
    return f"{proc.frame_name} of {proc.job_name} on {proc.host_name}"


@dataclass
class ProcVerbs:
    """Proc verbs over the screen's targets (marked rows, else the highlighted row)."""

    screen: BaseScreen[Proc]

    def _action(self, verb: str, call: Callable[[Proc], Any], **kw: Any) -> Action[Proc]:
        return Action(
            verb=verb,
            kind="proc",
            targets=self.screen.table.targets(),
            name=proc_label,
            call=call,
            queued=True,
            destructive=True,
            **kw,
        )

    def _confirm(self, action: Action[Proc], warnings: tuple[str, str]) -> None:
        warning = warnings[len(action.targets) > 1]
        self.screen.act(action, warning=warning)

    def kill(self) -> None:
        self._confirm(self._action("Kill", self.screen.app.client.kill_proc), KILL_WARNING)

    def unbook(self) -> None:
        self._unbook(kill=False)

    def unbook_kill(self) -> None:
        self._unbook(kill=True)

    def _unbook(self, *, kill: bool) -> None:
        client = self.screen.app.client
        verb, warnings = (
            ("Unbook and kill", UNBOOK_KILL_WARNING) if kill else ("Unbook", UNBOOK_WARNING)
        )
        self._confirm(self._action(verb, lambda p: client.unbook_proc(p, kill=kill)), warnings)
