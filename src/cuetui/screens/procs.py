"""Procs of a host, or of shows/jobs (`:procs`): what runs where; kill and unbook verbs."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import work
from textual.binding import Binding

from cuetui import navigation
from cuetui.client.errors import GatewayError, NotFound
from cuetui.core.criteria import ProcFilter
from cuetui.core.farm_cells import mem_pair, pair_fraction
from cuetui.models import Host, Proc
from cuetui.models.format import cores, duration
from cuetui.navigation import ViewContext
from cuetui.screens.base import related
from cuetui.screens.base.names import host_names, job_arguments, seen_hosts
from cuetui.screens.base.table_screen import BaseScreen, drill_binding
from cuetui.screens.base.verb import Confirm, Verb, keys
from cuetui.screens.verbs.procs import ProcVerbs
from cuetui.widgets.resource_table import Column

if TYPE_CHECKING:
    from textual.app import App


def _over(pair: tuple[int, int]) -> str:
    """Using more memory than reserved: the frame may be killed for it."""
    used, reserved = pair
    return "yellow" if reserved and used > reserved else ""


def proc_columns(clock: Callable[[], float], *, one_host: bool) -> list[Column[Proc]]:
    def runtime(proc: Proc) -> int:
        return proc.runtime_seconds(clock())

    return [
        Column("job", "Job", lambda p: p.job_name, width=14, flex=True),
        Column("frame", "Frame", lambda p: p.frame_name, width=14),
        Column("host", "Host", lambda p: p.host_name, width=11, priority=5 if one_host else 0),
        Column("show", "Show", lambda p: p.show_name, width=8, priority=6),
        Column("cores", "Cores", lambda p: p.reserved_cores, width=5, fmt=cores,
               justify="right"),
        Column("mem", "Used/Res", lambda p: (p.used_memory, p.reserved_memory), width=8,
               fmt=mem_pair, style=_over, justify="right", sort_key=pair_fraction),
        Column("gpumem", "GPU mem", lambda p: (p.used_gpu_memory, p.reserved_gpu_memory),
               width=7, fmt=mem_pair, justify="right", sort_key=pair_fraction,
               style=lambda v: "dim" if not v[1] else "", priority=7),
        Column("runtime", "Runtime", runtime, width=8, fmt=duration, justify="right",
               priority=2),
        Column("unbooked", "Unb", lambda p: p.unbooked, width=3,
               fmt=lambda v: "yes" if v else "", style="bold yellow", priority=1),
    ]  # fmt: skip


class ProcsScreen(BaseScreen[Proc]):
    """Procs of `host`, or matching `criteria`; Enter opens the frames of a proc's job."""

    KIND = "procs"
    BINDINGS, VERBS = keys(
        drill_binding("Frames"),
        Binding("h", "host", "Host", show=False, id="procs.host"),
        Verb("ctrl+k", "kill", "Kill", ProcVerbs.kill, id="procs.kill", confirm=Confirm("Kill")),
        Verb(
            "u", "unbook", "Unbook", ProcVerbs.unbook, id="procs.unbook", confirm=Confirm("Unbook")
        ),
        Verb(
            "U",
            "unbook_kill",
            "Unbook+kill",
            ProcVerbs.unbook_kill,
            show=False,
            id="procs.unbook_kill",
            confirm=Confirm("Unbook and kill"),
        ),
    )

    def __init__(self, *, host: Host | None = None, criteria: ProcFilter | None = None) -> None:
        super().__init__()
        self.host = host
        self.criteria = criteria or ProcFilter()

    def columns(self) -> list[Column[Proc]]:
        return proc_columns(self.app.clock, one_host=self.host is not None)

    def crumb(self) -> str:
        if self.host is not None:
            return f"{self.host.name} procs"
        if self.criteria == ProcFilter(job=self.criteria.job) and len(self.criteria.job) == 1:
            return f"{self.criteria.job[0]} procs"  # `h` on a job
        what = self.criteria.describe()
        return f"procs {what}" if what else "procs"

    def empty_text(self) -> str:
        if self.host is not None:
            return f"No procs on host {self.host.name}"
        what = self.criteria.describe()
        return f"No procs with {what}" if what else "No procs"

    def on_mount(self) -> None:
        super().on_mount()
        # Runtimes are live: redraw them each second from the last data (no request).
        self.set_interval(1.0, self._tick, name="runtime")

    def _tick(self) -> None:
        if self.app.screen is self and not self.frozen and self.table.counts[1]:
            self.table.apply(self.table.items())

    async def fetch(self) -> list[Proc]:
        if self.host is not None:
            return await self.app.client.get_host_procs(self.host)
        return await self.app.client.get_procs(**self.criteria.client_args())

    def after_apply(self, items: list[Proc]) -> None:
        seen_hosts(self.app, (p.host_name for p in items))  # for `:` completion

    def context(self) -> ViewContext:
        shows = self.criteria.show
        return ViewContext(show=shows[0] if len(shows) == 1 else self.app.current_show)

    def parent_view(self) -> BaseScreen[Any] | None:
        if self.host is None:
            return None
        HostsScreen = navigation.screen("hosts")
        return HostsScreen()

    # -- Enter: the proc's job's frames -----------------------------------------------------

    def drill(self, item: Proc) -> None:
        if item.job_name:
            self._open_frames(item)

    @work(group="open-frames", exclusive=True, exit_on_error=False, description="find job")
    async def _open_frames(self, proc: Proc) -> None:
        try:
            job = await self.app.client.find_job(proc.job_name)
        except NotFound:
            self.notify(f"Job {proc.job_name} is gone (finished?)", severity="warning")
            return
        except GatewayError as exc:
            self.notify(f"Could not open {proc.job_name}: {exc}", severity="error")
            return
        self.app.open_screen(navigation.screen("frames")(job, focus=proc.frame_name))

    def action_host(self) -> None:
        """The hosts view filtered to the highlighted proc's host."""
        proc = self.table.cursor_item
        if proc is not None:
            related.open_host(self, proc.host_name, f"Proc {proc.name}")

    def verbs(self) -> ProcVerbs:
        return ProcVerbs(self)


def open_procs(app: App[Any], context: ViewContext, arg: str) -> str | None:
    """`:procs [show] [show=… job=… host=… alloc=…]`; without one, the highlighted job or show."""
    try:
        criteria = ProcFilter.parse(arg)
    except ValueError as exc:
        return f":procs {exc}"
    if not criteria:
        if context.job is not None and context.job.name:
            criteria = ProcFilter(job=(context.job.name,))
        elif context.show:
            criteria = ProcFilter(show=(context.show,))
        else:
            return ":procs needs show=, job= or host= (every proc of the farm is too many)"
    app.goto(ProcsScreen(criteria=criteria))  # type: ignore[attr-defined]
    return None


def proc_arguments(app: App[Any]) -> list[str]:
    """Completions of `:procs`: the shows, the criteria, job and host names."""
    shows = sorted(getattr(app, "known_shows", ()) or ())
    return [
        *shows,
        *(f"show={s}" for s in shows),
        "job=",
        "host=",
        "alloc=",
        *(f"job={j}" for j in job_arguments(app)),
        *(f"host={h}" for h in host_names(app)),
    ]
