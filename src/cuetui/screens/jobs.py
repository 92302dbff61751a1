"""Jobs of one show, several, or all: health at a glance, and the job verbs."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.binding import Binding

from cuetui import navigation
from cuetui.client.errors import UnknownShow, unknown_show_message
from cuetui.models import Job
from cuetui.models.format import cores, short_duration
from cuetui.navigation import ViewContext
from cuetui.screens.base import related
from cuetui.screens.base.names import seen_jobs
from cuetui.screens.base.table_screen import BaseScreen, drill_binding
from cuetui.screens.base.verb import Confirm, Verb, keys
from cuetui.screens.verbs.depends import JOB_WAIT_ON
from cuetui.screens.verbs.groups import move_from_jobs_view
from cuetui.screens.verbs.jobs import JobVerbs
from cuetui.screens.verbs.knobs import JOB_KNOBS
from cuetui.widgets.cells import count_style, progress_bar, zero_dim
from cuetui.widgets.resource_table import Column

if TYPE_CHECKING:
    from textual.app import App

STATE_STYLES = {
    "Failing": "bold red",
    "Paused": "yellow",
    "Dependency": "magenta",
    "In Progress": "green",
    "Finished": "dim",
}


def job_row_style(job: Job) -> str:
    """Failing red, paused dimmed, finished muted (CueGUI's health colours, on 16 colours)."""
    state = job.display_state
    if state == "Failing":
        return "red"
    if state == "Paused":
        return "dim"
    if state == "Finished":
        return "dim italic"
    return ""


def attention(job: Job) -> tuple[int, int]:
    """Default jobs order: failing jobs first, most dead frames first among them; the
    gateway's order after that (the table keeps it for equal ranks)."""
    dead = job.job_stats.dead_frames
    failing = dead > 0 or job.display_state == "Failing"
    return (0 if failing else 1, -dead)


_AGE_STEPS = ((10, 1), (60, 5), (24 * 60, 15))
"""(below minutes, step): a job's Age moves in steps that grow with it (`i` says it exactly).
An idle refresh then repaints hardly any line: Textual re-sends a changed line from its
first column up to the changed cell, about 700 bytes a job whose Age ticks over."""


def age_step(minutes: int) -> int:
    step = next((s for below, s in _AGE_STEPS if minutes < below), 60)
    return minutes - minutes % step


def _age(minutes: int) -> str:
    return short_duration(minutes * 60) if minutes else "<1m"


def job_columns(clock: Callable[[], float]) -> list[Column[Job]]:
    def age_minutes(job: Job) -> int:
        # Minutes in steps, not seconds: the cell changes rarely, not on every refresh.
        return age_step(job.age_seconds(clock()) // 60)

    def stat(name: str) -> Callable[[Job], int]:
        return lambda j: getattr(j.job_stats, name)

    # Priorities (highest hides first) also order the detail strip that says what is hidden:
    # at 80 columns it reads cores, priority, min/max, user and age of the highlighted job.
    return [
        Column("name", "Job", lambda j: j.name, width=24, flex=True),
        Column("comment", "C", lambda j: j.has_comment, width=1, fmt=lambda v: "✉" if v else "",
               priority=2),
        Column("state", "State", lambda j: j.display_state, width=11,
               style=lambda v: STATE_STYLES.get(v, "")),
        Column("progress", "Progress", lambda j: j.job_stats.part_counts(), width=8,
               cell=progress_bar, searchable=False,
               sort_key=lambda c: c[0] / max(1, sum(c)), priority=1),
        Column("done", "Done/Tot", lambda j: (j.job_stats.succeeded_frames,
                                               j.job_stats.total_frames),
               width=9, fmt=lambda v: f"{v[0]}/{v[1]}", justify="right",
               sort_key=lambda v: v[0] / max(1, v[1])),
        Column("run", "Run", stat("running_frames"), width=4, justify="right",
               style=count_style("yellow")),
        Column("wait", "Wait", stat("waiting_frames"), width=5, justify="right", style=zero_dim,
               priority=6),
        Column("dead", "Dead", stat("dead_frames"), width=4, justify="right",
               style=count_style("bold red")),
        Column("eaten", "Eaten", stat("eaten_frames"), width=5, justify="right", style=zero_dim,
               priority=7),
        # Frames held by a depend: the job waits on something (`d` lists what).
        Column("depend", "Dep", stat("depend_frames"), width=4, justify="right",
               style=count_style("magenta"), priority=7),
        Column("cores", "Cores", lambda j: j.job_stats.reserved_cores, width=6, fmt=cores,
               justify="right", style=zero_dim, priority=3),
        Column("minmax", "Min/Max", lambda j: (j.min_cores, j.max_cores), width=9,
               fmt=lambda v: f"{cores(v[0])}/{cores(v[1])}", justify="right", priority=5),
        Column("pri", "Pri", lambda j: j.priority, width=4, justify="right", priority=4),
        Column("user", "User", lambda j: j.user, width=8, priority=5),
        Column("shot", "Shot", lambda j: j.shot, width=8, priority=8),
        Column("age", "Age", age_minutes, width=6, fmt=_age, justify="right", priority=5),
    ]  # fmt: skip


class JobsScreen(BaseScreen[Job]):
    """Jobs of `shows` (None = every show); Enter opens layers, `f` frames."""

    KIND = "jobs"
    BINDINGS, VERBS = keys(
        drill_binding("Layers"),
        Binding("f", "frames", "Frames", id="jobs.frames"),
        Verb("p", "pause", "Pause", JobVerbs.pause, id="jobs.pause"),
        Verb("r", "retry", "Retry", JobVerbs.retry, id="jobs.retry"),
        Verb("e", "eat", "Eat", JobVerbs.eat, id="jobs.eat", confirm=Confirm("Eat")),
        Verb("ctrl+k", "kill", "Kill", JobVerbs.kill, id="jobs.kill", confirm=Confirm("Kill")),
        Binding("c", "comments", "Comments", id="jobs.comments"),
        Binding("h", "procs", "Procs (hosts)", show=False, id="jobs.procs"),
        Binding("d", "depends", "Depends", show=False, id="jobs.depends"),
        Verb(
            "D",
            "drop_depends",
            "Drop depends",
            JobVerbs.drop_depends,
            show=False,
            id="jobs.drop_depends",
            confirm=Confirm("Drop"),
        ),
        # Keys being scarce on :jobs, the palette offers these (:depends has I and E).
        Verb(
            None,
            "drop_internal_depends",
            "Drop internal depends",
            JobVerbs.drop_internal_depends,
            confirm=Confirm("Drop"),
        ),
        Verb(
            None,
            "drop_external_depends",
            "Drop external depends",
            JobVerbs.drop_external_depends,
            confirm=Confirm("Drop"),
        ),
        JOB_WAIT_ON,
        Verb(
            "P",
            "set_priority",
            "Set priority",
            JobVerbs.set_priority,
            show=False,
            id="jobs.priority",
        ),
        Verb(
            "m",
            "set_min_cores",
            "Set min cores",
            JobVerbs.set_min_cores,
            show=False,
            id="jobs.min_cores",
        ),
        Verb(
            "M",
            "set_max_cores",
            "Set max cores",
            JobVerbs.set_max_cores,
            show=False,
            id="jobs.max_cores",
        ),
        Verb(
            "t",
            "to_group",
            "To group",
            lambda verbs: move_from_jobs_view(verbs.screen),
            show=False,
            id="jobs.to_group",
            confirm=Confirm("Move", when="a group is picked", danger=False),
        ),
        *JOB_KNOBS,
        Binding("u", "mine", "Mine only", show=False, id="jobs.mine"),
        # `i` is every table's detail pane; shift+i includes the finished jobs.
        Binding("I", "finished", "Include finished", show=False, id="jobs.finished"),
    )

    def __init__(
        self, shows: list[str] | None = None, *, mine: bool = False, finished: bool = False
    ) -> None:
        super().__init__()
        self.shows = [s for s in shows or [] if s] or None
        self.mine = mine
        self.include_finished = finished
        self._real_shows: set[str] = set()  # shows the gateway listed: not checked again
        self._missing: list[str] = []  # asked-for shows that are not on the farm
        self._missing_said: list[str] = []
        self._missing_names: list[str] = []

    def columns(self) -> list[Column[Job]]:
        return job_columns(self.app.clock)

    def row_style(self, item: Job) -> str:
        return job_row_style(item)

    def table_options(self) -> dict[str, Any]:
        return {"order": attention}

    def default_order_label(self) -> str:
        return "Attention: failing first, most dead frames"

    def empty_text(self) -> str:
        what = "jobs" if self.include_finished else "pending jobs"
        if self.mine:
            what += f" of user {self.app.settings.user or '?'}"
        if not self.shows:
            return f"No {what} in any show"
        label = "show" if len(self.shows) == 1 else "shows"
        return f"No {what} in {label} {', '.join(self.shows)}"

    def crumb(self) -> str:
        label = ",".join(self.shows) if self.shows else "all shows"
        extras = [x for x, on in (("mine", self.mine), ("+finished", self.include_finished)) if on]
        return f"{label} ({' '.join(extras)})" if extras else label

    def on_mount(self) -> None:
        if self.shows and len(self.shows) == 1:
            self.app.set_show(self.shows[0])
        super().on_mount()

    def on_screen_resume(self) -> None:
        if self.shows and len(self.shows) == 1:
            self.app.set_show(self.shows[0])
        super().on_screen_resume()

    async def fetch(self) -> list[Job]:
        users = [self.app.settings.user] if self.mine else None
        jobs = await self.app.client.get_jobs(
            shows=self.shows, users=users, include_finished=self.include_finished
        )
        if self.shows:
            await self._check_shows(jobs)
        return jobs

    async def fetch_rows(self, ids: list[str]) -> list[Job]:
        """The jobs on view by id, under the view's criteria: one that finished goes."""
        users = [self.app.settings.user] if self.mine else None
        return await self.app.client.get_jobs(
            ids=ids, shows=self.shows, users=users, include_finished=self.include_finished
        )

    async def _check_shows(self, jobs: list[Job]) -> None:
        """A show that does not exist answers no jobs, like an idle one: ask the gateway's
        show list about the shows that sent none (once per real show), and say so."""
        shows = self.shows or []
        seen = {j.show for j in jobs}
        unsure = [s for s in shows if s not in seen and s not in self._real_shows]
        if not unsure:
            self._missing = []
            return
        missing, names = await self.app.client.missing_shows(unsure)
        self._real_shows.update(s for s in unsure if s not in missing)
        self._missing = missing
        if missing and len(missing) == len(shows):
            raise UnknownShow(missing, names)  # a failure, never an empty "updated" table
        self._missing_names = names

    def after_apply(self, items: list[Job]) -> None:
        if self._missing and self._missing != self._missing_said:
            # Some of several shows are real: their jobs show, the others are named once.
            msg = unknown_show_message(self._missing, self._missing_names)
            self.notify(msg, title="Unknown show", severity="warning", markup=False)
        self._missing_said = list(self._missing)
        if self.rows_poll.last_full:  # the rows on view are among the names already
            seen_jobs(self.app, items)  # for `:layers JOB` and its completion

    def context(self) -> ViewContext:
        show = self.shows[0] if self.shows and len(self.shows) == 1 else self.app.current_show
        return ViewContext(show=show, job=self.table.cursor_item)

    def parent_view(self) -> BaseScreen[Any]:
        ShowsScreen = navigation.screen("shows")
        return ShowsScreen()

    # -- navigation -------------------------------------------------------------------------

    def drill(self, item: Job) -> None:
        LayersScreen = navigation.screen("layers")
        self.app.open_screen(LayersScreen(item))

    def action_frames(self) -> None:
        job = self.table.cursor_item
        if job is not None:
            self.app.open_screen(navigation.screen("frames")(job))

    def action_procs(self) -> None:
        """The highlighted job's procs: which hosts run its frames."""
        job = self.table.cursor_item
        if job is not None:
            related.open_job_procs(self, job)

    def action_comments(self) -> None:
        job = self.table.cursor_item
        if job is None:
            return
        self.app.push_screen(navigation.screen("comments")(job))

    def action_depends(self) -> None:
        job = self.table.cursor_item
        if job is not None:
            DependsScreen = navigation.screen("depends")
            self.app.open_screen(DependsScreen(job))

    def _toggle(self, attr: str) -> None:
        setattr(self, attr, not getattr(self, attr))
        self.refresh_crumbs()
        self.poll_now(manual=True)

    def action_mine(self) -> None:
        self._toggle("mine")

    def action_finished(self) -> None:
        self._toggle("include_finished")

    def verbs(self) -> JobVerbs:
        return JobVerbs(self)


def open_jobs(app: App[Any], context: ViewContext, arg: str) -> str | None:
    """`:jobs [show|show,show|all]`: the named shows, else the current show, else every show."""
    arg = arg.strip()
    if arg in ("all", "*"):
        shows = None
    elif arg:
        shows = [s.strip() for s in arg.split(",") if s.strip()]
    else:
        shows = [context.show] if context.show else None
    app.goto(JobsScreen(shows))  # type: ignore[attr-defined]
    return None
