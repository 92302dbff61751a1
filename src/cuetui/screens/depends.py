"""Depends of one job, both ways: what it waits on and what it holds; satisfy and drop.

Answers a wrangler's "why is this not running?" (CueGUI's "View Dependencies…",
"Satisfy" and "Drop depends").
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from textual import work

from cuetui import navigation
from cuetui.client.errors import GatewayError, NotFound
from cuetui.models import Depend, Frame, Job
from cuetui.navigation import ViewContext
from cuetui.screens.base.table_screen import BaseScreen, drill_binding
from cuetui.screens.base.verb import Confirm, Verb, keys
from cuetui.screens.verbs.depends import DependVerbs, side
from cuetui.widgets.resource_table import Column

if TYPE_CHECKING:
    from textual.app import App

Way = Literal["waits on", "holds"]
# Views of one job that Enter goes back to rather than open the job again.
_JOB_VIEWS = ("layers", "frames", "depends")


@dataclass(frozen=True)
class DependRow:
    """One depend seen from the screen's job: `way` says which side the job is on."""

    way: Way
    depend: Depend

    @property
    def id(self) -> str:
        # A depend inside the job (layer on layer) can come back both ways: one row each.
        return f"{self.way}:{self.depend.id}"

    @property
    def other_job(self) -> str:
        """The job on the other side of the depend (may be the screen's own job)."""
        d = self.depend
        return d.depend_on_job if self.way == "waits on" else d.depend_er_job


def depend_columns(own: str) -> list[Column[DependRow]]:
    def er(row: DependRow) -> str:
        d = row.depend
        return side(d.depend_er_job, d.depend_er_layer, d.depend_er_frame, own)

    def on(row: DependRow) -> str:
        d = row.depend
        return side(d.depend_on_job, d.depend_on_layer, d.depend_on_frame, own)

    return [
        Column("way", "Way", lambda r: r.way, width=8,
               style=lambda v: "magenta" if v == "waits on" else "cyan"),
        Column("type", "Type", lambda r: r.depend.type, width=14),
        Column("active", "Active", lambda r: r.depend.active, width=6,
               fmt=lambda v: "yes" if v else "no", style=lambda v: "bold" if v else "dim"),
        Column("er", "Depend-er", er, width=22),
        Column("on", "Depends on", on, width=20, flex=True),
        Column("target", "Int/Ext", lambda r: r.depend.target, width=8,
               fmt=lambda v: v.lower(), priority=2),
    ]  # fmt: skip


class DependsScreen(BaseScreen[DependRow]):
    """Depends of `job`; Enter opens the layers of the job on a row's other side."""

    KIND = "depends"
    BINDINGS, VERBS = keys(
        drill_binding("Other job"),
        # `s` is sort elsewhere; here it is the screen's verb (sort stays in the palette).
        Verb(
            "s",
            "satisfy",
            "Satisfy",
            DependVerbs.satisfy,
            id="depends.satisfy",
            confirm=Confirm("Satisfy"),
        ),
        Verb(
            "u",
            "unsatisfy",
            "Unsatisfy",
            DependVerbs.unsatisfy,
            show=False,
            id="depends.unsatisfy",
            confirm=Confirm("Unsatisfy", when="a satisfied depend is picked", danger=False),
        ),
        Verb(
            "D",
            "drop_depends",
            "Drop all",
            DependVerbs.drop_depends,
            id="depends.drop",
            confirm=Confirm("Drop"),
        ),
        # CueGUI's "Drop internal/external dependencies": same job, or another job.
        Verb(
            "I",
            "drop_internal",
            "Drop internal",
            DependVerbs.drop_internal,
            show=False,
            id="depends.drop_internal",
            confirm=Confirm("Drop"),
        ),
        Verb(
            "E",
            "drop_external",
            "Drop external",
            DependVerbs.drop_external,
            show=False,
            id="depends.drop_external",
            confirm=Confirm("Drop"),
        ),
    )
    PALETTE_ACTIONS: ClassVar = [("sort", "Sort column")]

    def __init__(self, job: Job, frame: Frame | None = None) -> None:
        super().__init__()
        self.job = job
        self.frame = frame
        """When given: only what holds this frame (FrameInterface/GetWhatThisDependsOn)."""

    def columns(self) -> list[Column[DependRow]]:
        return depend_columns(self.job.name)

    def row_style(self, item: DependRow) -> str:
        return "" if item.depend.active else "dim"

    def crumb(self) -> str:
        # From the jobs the job is not in the crumbs yet: name it (as comments do).
        # Not another depends screen's crumb: two on the path would ask each other for ever.
        named = any(
            getattr(s, "crumb", lambda: "")() == self.job.name
            for s in self.app.screen_stack
            if not isinstance(s, DependsScreen)
        )
        what = f"{self.frame.name} waits on" if self.frame is not None else "depends"
        return what if named else f"{self.job.name} > {what}"

    def on_mount(self) -> None:
        if self.job.show:
            self.app.set_show(self.job.show)
        super().on_mount()

    async def fetch(self) -> list[DependRow]:
        client = self.app.client
        if self.frame is not None:
            return [DependRow("waits on", d) for d in await client.get_frame_depends(self.frame)]
        # GetDepends, not GetWhatThisDependsOn: it keeps the satisfied depends too, so a
        # wrangler sees what was released (dim "no") instead of rows that vanish.
        waits, holds = await asyncio.gather(
            client.get_depends(self.job), client.get_what_depends_on_this(self.job)
        )
        rows = [DependRow("waits on", d) for d in waits]
        return rows + [DependRow("holds", d) for d in holds]

    def context(self) -> ViewContext:
        return ViewContext(show=self.job.show or self.app.current_show, job=self.job)

    # -- Enter: the job on the other side ---------------------------------------------------

    def drill(self, item: DependRow) -> None:
        name = item.other_job
        if not name or name == self.job.name:
            self.notify("Both sides are in this job", severity="information")
            return
        if not self._back_to(name):
            self._open_job(name)

    def _back_to(self, name: str) -> bool:
        """Go back to the nearest view of job `name` on the path taken, if there is one
        (its layers, frames or depends: Enter leads where the wrangler came from, not deeper)."""
        stack = self.app.screen_stack
        for depth, screen in enumerate(reversed(stack[:-1]), start=1):
            job = getattr(screen, "job", None)
            if getattr(screen, "KIND", "") in _JOB_VIEWS and job and job.name == name:
                for _ in range(depth):
                    self.app.pop_screen()
                return True
        return False

    @work(group="open-job", exclusive=True, exit_on_error=False, description="find job")
    async def _open_job(self, name: str) -> None:
        try:
            job = await self.app.client.find_job(name)
        except NotFound:
            self.notify(f"Job {name} is gone (finished?)", severity="warning")
            return
        except GatewayError as exc:
            self.notify(f"Could not open {name}: {exc}", severity="error")
            return
        LayersScreen = navigation.screen("layers")
        self.app.open_screen(LayersScreen(job))

    def verbs(self) -> DependVerbs:
        return DependVerbs(self, self.job)


def open_depends(app: App[Any], context: ViewContext, arg: str) -> str | None:
    """`:depends`: the depends of the highlighted job (or the job on view)."""
    if context.job is None:
        return ":depends needs a job: highlight one in :jobs first"
    app.open_screen(DependsScreen(context.job))  # type: ignore[attr-defined]
    return None
