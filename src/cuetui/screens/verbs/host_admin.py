"""Host administration verbs (CueCommander's host menu): reboot, reboot when idle, allocation,
thread mode, OS, delete and redirect; mixed into `HostVerbs`."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from cuetui.client.errors import GatewayError
from cuetui.client.hosts_admin import THREAD_MODES, os_name
from cuetui.core.actions import Action, plural
from cuetui.screens.base.verb import Ask
from cuetui.widgets.prompt import ChoiceModal, PromptModal

if TYPE_CHECKING:
    from cuetui.models import Host, Job
    from cuetui.models.facility import Allocation
    from cuetui.screens.base.table_screen import BaseScreen

REBOOT_WARNING = "rqd reboots it now: the frames running on it are lost and retried elsewhere."
DELETE_WARNING = (
    "The host and its comments are removed from Cuebot; it comes back only when its rqd "
    "reports again. CueCommander keeps this to Cuebot administrators."
)
MOVE_WARNING = "From now on the shows subscribed to {alloc} book it, and no others."
REDIRECT_WARNING = (
    "Cuebot kills the frames running on it now (they are retried) and books the freed cores "
    "with frames of {job}."
)


def _subject(hosts: list[Host]) -> str:
    return hosts[0].name if len(hosts) == 1 else plural("host", len(hosts))


def _names(hosts: list[Host]) -> str:
    return ", ".join(h.name for h in hosts[:3]) + (" …" if len(hosts) > 3 else "")


def _os_error(text: str) -> str | None:
    try:
        os_name(text)
    except ValueError as exc:
        return str(exc).capitalize() + "."
    return None


class JobNamePrompt(PromptModal):
    """A job name, completed from the jobs the app has seen (Tab or → takes the suggestion)."""

    def __init__(self, title: str, job_names: list[str], check: Callable[[str], str | None]):
        super().__init__(title, "Job:", "", check, hint="Tab completes a job seen on a view")
        self.job_names = job_names

    def on_mount(self) -> None:
        from textual.suggester import SuggestFromList
        from textual.widgets import Input

        super().on_mount()
        self.query_one("#value", Input).suggester = SuggestFromList(self.job_names)


class HostAdminVerbs:
    """Needs `screen`, `_client`, `_targets()`, `_allowed()` and `_action()` (HostVerbs')."""

    if TYPE_CHECKING:
        screen: BaseScreen[Host]
        _client: Any

        def _targets(self) -> list[Host]: ...
        def _allowed(self) -> list[Host] | None: ...
        def _action(self, verb: str, targets: list[Host], call: Any, **kw: Any) -> Action[Host]: ...

    # -- reboot -----------------------------------------------------------------------------

    def reboot(self) -> None:
        """Reboot now (asks first): running frames are lost."""
        targets = self._allowed()
        if targets is None:
            return
        action = self._action(
            "Reboot",
            targets,
            self._client.reboot_host,
            destructive=True,
            past="Reboot requested for",
        )
        self.screen.act(action, warning=REBOOT_WARNING)

    def reboot_when_idle(self) -> None:
        """Reboot once the running frames end; it takes no new ones meanwhile."""
        targets = self._allowed()
        if targets is None:
            return
        call = self._client.reboot_host_when_idle
        action = self._action("Reboot when idle", targets, call, past="Reboot when idle set for")
        self.screen.act(action)

    # -- allocation -------------------------------------------------------------------------

    def set_allocation(self) -> None:
        """Pick an allocation of the facility (GetAll read now), then move the hosts there."""
        targets = self._allowed()
        if targets is None:
            return

        verb = self.screen.acting  # the pick comes later: it acts as this verb

        async def read() -> None:
            try:
                allocs = await self._client.get_allocations()
            except GatewayError as exc:
                self.screen.notify(f"Could not read the allocations: {exc}", severity="error")
                return
            with self.screen.acting_as(verb):
                self._pick_allocation(targets, allocs)

        self.screen.run_worker(read(), group="host-allocs", exclusive=True, exit_on_error=False)

    def _pick_allocation(self, targets: list[Host], allocs: list[Allocation]) -> None:
        if not allocs:
            self.screen.notify("The gateway lists no allocations", severity="warning")
            return
        choices = [(f"{a.name}  ({a.tag or 'no tag'})", a) for a in allocs]
        current = next((a for a in allocs if a.name == targets[0].alloc_name), None)
        verb = self.screen.acting
        title = f"Move {_subject(targets)} (now {targets[0].alloc_name}) to which allocation?"

        def chosen(alloc: Allocation | None) -> None:
            if alloc is not None:
                with self.screen.acting_as(verb):
                    self._move(targets, alloc)

        self.screen.app.push_screen(ChoiceModal(title, choices, current=current), chosen)

    def _move(self, selected: list[Host], alloc: Allocation) -> None:
        targets = [h for h in selected if h.alloc_name != alloc.name]
        if not targets:
            self.screen.notify(f"Already in {alloc.name}", severity="warning")
            return
        # HostManagerService.setAllocation refuses a host with procs: say so before sending.
        busy = [h for h in targets if h.used_cores > 0]
        if busy:
            self.screen.notify(
                f"{_names(busy)} running frames: Cuebot moves only hosts without procs "
                "(reboot when idle, or lock it and wait).",
                title="Change allocation",
                severity="warning",
            )
            targets = [h for h in targets if h.used_cores <= 0]
            if not targets:
                return
        call = lambda h: self._client.set_host_allocation(h, alloc)  # noqa: E731
        action = self._action(
            f"Move to {alloc.name}", targets, call, destructive=True, past=f"Moved to {alloc.name}:"
        )
        self.screen.act(action, warning=MOVE_WARNING.format(alloc=alloc.name))

    # -- thread mode, OS --------------------------------------------------------------------

    def set_thread_mode(self) -> None:
        """AUTO, ALL or VARIABLE: how the dispatcher sizes frames on the host."""
        targets = self._allowed()
        if targets is None:
            return
        verb = self.screen.acting
        choices = [(m, m) for m in THREAD_MODES]
        title = f"Thread mode of {_subject(targets)} (now {targets[0].thread_mode})"

        def chosen(mode: str | None) -> None:
            if mode is None:
                return
            call = lambda h: self._client.set_host_thread_mode(h, mode)  # noqa: E731
            with self.screen.acting_as(verb):
                self.screen.act(self._action(f"Set thread mode {mode}", targets, call))

        current = targets[0].thread_mode
        self.screen.app.push_screen(ChoiceModal(title, choices, current=current), chosen)

    def set_os(self) -> None:
        targets = self._allowed()
        if targets is None:
            return
        value = targets[0].os if len(targets) == 1 else ""

        def then(os: str) -> None:
            call = lambda h: self._client.set_host_os(h, os)  # noqa: E731
            self.screen.act(self._action(f"Set OS {os}", targets, call))

        ask = Ask(f"OS of {_subject(targets)}", "OS:", value, _os_error, str.strip)
        self.screen.ask(ask, then)

    # -- delete -----------------------------------------------------------------------------

    def delete(self) -> None:
        """Delete DOWN hosts only (CueGUI's rule; Cuebot itself would delete any)."""
        targets = self._allowed()
        if targets is None:
            return
        up = [h for h in targets if h.state != "DOWN"]
        if up:
            states = ", ".join(f"{h.name} is {h.state}" for h in up[:3])
            self.screen.notify(
                f"Only a DOWN host can be deleted: {states}{' …' if len(up) > 3 else ''}",
                title="Delete",
                severity="warning",
            )
            return
        action = self._action(
            "Delete", targets, self._client.delete_host, destructive=True, past="Deleted host"
        )
        self.screen.act(action, warning=DELETE_WARNING)

    # -- redirect ---------------------------------------------------------------------------

    def redirect(self) -> None:
        """Name a job (completed from the jobs seen), then redirect the hosts' procs to it."""
        targets = self._allowed()
        if targets is None:
            return
        busy = [h for h in targets if h.used_cores > 0]
        if not busy:
            self.screen.notify(
                f"{_subject(targets)} runs no frames to redirect", severity="warning"
            )
            return
        from cuetui.screens.base.names import job_arguments

        app = self.screen.app
        verb = self.screen.acting

        def check(text: str) -> str | None:
            return None if text.strip() and len(text.split()) == 1 else "Give one job name."

        def answered(name: str | None) -> None:
            if name is not None:
                with self.screen.acting_as(verb):
                    self._redirect(busy, name.strip())

        prompt = JobNamePrompt(
            f"Redirect the procs of {_subject(busy)} to", job_arguments(app), check
        )
        app.push_screen(prompt, answered)

    def _redirect(self, targets: list[Host], name: str) -> None:
        from cuetui.screens.base.names import names

        known = names(self.screen.app)
        client = self._client
        found: dict[str, Job] = {}

        async def call(host: Host) -> None:
            job = found.get(name) or known.jobs.get(name)
            if job is None:
                job = found[name] = await client.find_job(name)
            procs = await client.get_host_procs(host)
            if not await client.redirect_host_procs(host, procs, job):
                raise ValueError(f"Cuebot redirected none of {host.name}'s procs")

        action = self._action(
            f"Redirect to {name}", targets, call, destructive=True, past=f"Redirected to {name}:"
        )
        self.screen.act(action, warning=REDIRECT_WARNING.format(job=name))
