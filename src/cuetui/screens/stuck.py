"""Stuck frames (`:stuck [show,…|all]`): running frames whose log stopped or that run far past
their layer's average, across the shows in view (CueCommander's Stuck Frame plugin).

The reads are `cuetui.core.stuck.StuckFinder`'s (bounded: only jobs with running frames,
only their RUNNING frames). From a row: its log, retry, kill, or its host.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from cuetui import navigation
from cuetui.core.inputs import int_error
from cuetui.core.signs_of_life import OVERRUN_GLYPH, STALE_GLYPH
from cuetui.core.stuck import StuckFinder, StuckFrame, Thresholds
from cuetui.models.format import duration, short_duration
from cuetui.navigation import ViewContext
from cuetui.screens.base import related
from cuetui.screens.base.table_screen import BaseScreen, drill_binding
from cuetui.screens.base.verb import Ask, keys
from cuetui.screens.verbs.jobs import KILL_FRAMES, RETRY_FRAMES, FrameVerbs
from cuetui.widgets.header import Crumbs
from cuetui.widgets.resource_table import Column

if TYPE_CHECKING:
    from textual.app import App

    from cuetui.models import Frame, Job

STUCK_REFRESH = 30.0
"""Seconds between two looks at least (CueGUI's plugin sleeps 30 s, CueWeb polls every 60 s):
each look reads every running job's frames; LLU and runtime move on screen in between."""
STUCK_LOOK_SPACING = 3.0
"""The wait between two looks is at least this many times the last look's duration."""
MAX_FACTOR = 1000.0
READING = "reading the log…"


def _llu_text(value: tuple[int | None, bool]) -> str:
    seconds, stale = value
    return "-" if seconds is None else f"{STALE_GLYPH if stale else ''}{short_duration(seconds)}"


def _runtime_text(value: tuple[int, bool]) -> str:
    return f"{OVERRUN_GLYPH if value[1] else ''}{duration(value[0])}"


def _last_line(row: StuckFrame) -> str | None:
    return READING if row.reading else row.last_line


def _last_line_cell(line: str | None, width: int) -> Text:
    """The end of the line when it is too long (what the frame does now is at its end)."""
    if width <= 0:
        return Text("")
    if line is None or line is READING:
        note = "log not readable here" if line is None else line
        return Text(note, style="dim italic", no_wrap=True, overflow="crop")
    if cell_len(line) > width:
        line = "…" + set_cell_size(line[::-1], width - 1)[::-1].lstrip(" ")
    return Text(line, no_wrap=True, overflow="crop")


def stuck_columns(
    clock: Callable[[], float], thresholds: Callable[[], Thresholds]
) -> list[Column[StuckFrame]]:
    """The table; LLU and runtime are live (the clock) and marked past their threshold."""

    def llu(r: StuckFrame) -> tuple[int | None, bool]:
        seconds = r.llu(clock())
        return (seconds, thresholds().stale(seconds))

    def runtime(r: StuckFrame) -> tuple[int, bool]:
        seconds = r.runtime(clock())
        return (seconds, thresholds().overrun(seconds, r.layer_avg))

    return [
        Column("job", "Job", lambda r: r.job.name, width=14, flex=True),
        Column("layer", "Layer", lambda r: r.frame.layer_name, width=10, priority=4),
        Column("frame", "Frame", lambda r: r.frame.number, width=5, justify="right"),
        Column("host", "Host", lambda r: r.frame.host_name, width=11, priority=2),
        Column("runtime", "Runtime", runtime, width=9, fmt=_runtime_text,
               style=lambda v: "bold magenta" if v[1] else "", sort_key=lambda v: v[0],
               justify="right"),
        Column("llu", "LLU", llu, width=7, fmt=_llu_text,
               style=lambda v: "bold red" if v[1] else "", justify="right",
               sort_key=lambda v: -1 if v[0] is None else v[0]),
        Column("avg", "Avg", lambda r: r.layer_avg, width=8, justify="right", priority=5,
               fmt=lambda v: duration(v) if v else "-", style=lambda v: "" if v else "dim"),
        Column("lastline", "Last line", _last_line, width=16, flex=True,
               priority=3, cell=_last_line_cell, fmt=lambda v: v or ""),
    ]  # fmt: skip


def _factor_error(text: str) -> str | None:
    try:
        value = float(text.strip())
    except ValueError:
        return "Give a number, e.g. 3 or 2.5"
    return None if 1.0 <= value <= MAX_FACTOR else f"Between 1 and {MAX_FACTOR:g}"


def shows_label(shows: Sequence[str] | None) -> str:
    return ",".join(shows) if shows else "all shows"


class StuckScreen(BaseScreen[StuckFrame]):
    """Running frames out of line in `shows` (None: every show); Enter opens a frame's log."""

    KIND = "stuck frames"
    DEFAULT_CSS = """
    StuckScreen #stuck-thresholds { height: 1; padding: 0 1; color: $text-muted; }
    """
    BINDINGS, VERBS = keys(
        drill_binding("Log"),
        RETRY_FRAMES,
        KILL_FRAMES,
        Binding("h", "host", "Host", id="stuck.host"),
        Binding("t", "set_llu", "LLU limit", id="stuck.llu"),
        Binding("T", "set_factor", "Runtime limit", id="stuck.factor"),
        Binding("l", "log", "Log", show=False, id="stuck.log"),
    )

    def __init__(self, shows: Sequence[str] | None = None) -> None:
        super().__init__()
        self.shows = list(shows) if shows else None
        self.finder: StuckFinder | None = None
        self._interval = STUCK_REFRESH

    @property
    def thresholds(self) -> Thresholds:
        return self.finder.thresholds if self.finder is not None else Thresholds()

    # -- BaseScreen hooks -----------------------------------------------------------------

    def columns(self) -> list[Column[StuckFrame]]:
        return stuck_columns(self.app.clock, lambda: self.thresholds)

    def table_options(self) -> dict[str, Any]:
        return {"sort": "llu", "reverse": True}  # the longest silence first

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            yield widget
            if isinstance(widget, Crumbs):
                yield Static(id="stuck-thresholds", markup=False)

    def on_mount(self) -> None:
        t = Thresholds(llu_minutes=self.app.settings.llu_warn_minutes)
        self.finder = StuckFinder(self.app.client, self.shows, t, self.app.clock)
        super().on_mount()
        self._interval = max(self.poller.interval, STUCK_REFRESH)
        self.poller.interval = self._interval
        self._show_thresholds()
        # LLU and runtime move each second from the last data (no request).
        self.set_interval(1.0, self._tick, name="stuck-clock")

    def _tick(self) -> None:
        if self.app.screen is self and not self.frozen and self.table.counts[1]:
            self.table.apply(self.table.items())

    async def fetch(self) -> list[StuckFrame]:
        assert self.finder is not None
        return await self.finder.fetch()

    def after_apply(self, items: list[StuckFrame]) -> None:
        if self.finder is not None:
            # A look that took 40 s (hundreds of running jobs) is not started again at once.
            self.poller.interval = max(self._interval, STUCK_LOOK_SPACING * self.finder.took)
        self.refresh_crumbs()

    def crumb(self) -> str:
        text = f"stuck {shows_label(self.shows)}"
        if self.finder is not None and self.poller.updated_at is not None:
            text += f" ({self.finder.jobs_asked} running jobs read)"
        return text

    def empty_text(self) -> str:
        return f"No running frame out of line in {shows_label(self.shows)}"

    def context(self) -> ViewContext:
        show = self.shows[0] if self.shows and len(self.shows) == 1 else self.app.current_show
        return ViewContext(show=show)

    def parent_view(self) -> BaseScreen[Any]:
        JobsScreen = navigation.screen("jobs")
        screen: BaseScreen[Any] = JobsScreen(self.shows)
        return screen

    def drill(self, item: StuckFrame) -> None:
        self._open_log(item)

    # -- thresholds -----------------------------------------------------------------------

    def _show_thresholds(self) -> None:
        line = f"{self.thresholds.describe()}   t/T: change"
        self.query_one("#stuck-thresholds", Static).update(line)

    def _set_thresholds(self, **change: Any) -> None:
        if self.finder is None:
            return
        old = self.finder.thresholds
        self.finder.thresholds = Thresholds(
            llu_minutes=change.get("llu_minutes", old.llu_minutes),
            factor=change.get("factor", old.factor),
            floor=old.floor,
        )
        self._show_thresholds()
        self.poll_now(manual=True)  # the rows are chosen by the thresholds: look again

    def _ask_view(self, ask: Ask[Any], then: Callable[[Any], None]) -> None:
        """Ask's prompt, but for the view only: it writes nothing, so --readonly allows it."""
        from cuetui.widgets.prompt import PromptModal

        def answered(result: str | None) -> None:
            if result is not None and ask.parse is not None:
                then(ask.parse(result))

        prompt = PromptModal(ask.title, ask.label, str(ask.value), ask.check, hint=ask.hint)
        self.app.push_screen(prompt, answered)

    def action_set_llu(self) -> None:
        ask = Ask(
            "Stuck: log silent for at least",
            "Minutes (1-10080):",
            f"{self.thresholds.llu_minutes:g}",
            int_error(1, 10_080),
            lambda text: int(text.strip()),
            hint="A running frame whose log has not changed for this long is listed.",
        )
        self._ask_view(ask, lambda v: self._set_thresholds(llu_minutes=v))

    def action_set_factor(self) -> None:
        ask = Ask(
            "Stuck: running longer than its layer's average times",
            f"Factor (1-{MAX_FACTOR:g}):",
            f"{self.thresholds.factor:g}",
            _factor_error,
            lambda text: float(text.strip()),
            hint=f"Only frames that have run {self.thresholds.floor // 60} min or more.",
        )
        self._ask_view(ask, lambda v: self._set_thresholds(factor=v))

    # -- from a row -----------------------------------------------------------------------

    def verbs(self) -> FrameVerbs:
        jobs: dict[str, Job] = {r.frame.id: r.job for r in self.table.items()}

        def targets() -> list[Frame]:
            return [r.frame for r in self.table.targets()]

        return FrameVerbs(self, None, targets, job_of=lambda f: jobs[f.id])

    def action_log(self) -> None:
        row = self.table.cursor_item
        if row is not None:
            self._open_log(row)

    def _open_log(self, row: StuckFrame) -> None:
        LogScreen = navigation.screen("log")
        self.app.push_screen(LogScreen.for_frame(row.job, row.frame))

    def action_host(self) -> None:
        """The hosts view filtered to the highlighted frame's host."""
        row = self.table.cursor_item
        if row is not None:
            related.open_host(self, row.frame.host_name, f"Frame {row.frame.name}")


def shows_in_view(app: App[Any], context: ViewContext) -> list[str] | None:
    """The shows of the jobs view under this one, else the current show; None: every show."""
    JobsScreen = navigation.screen("jobs")
    for screen in reversed(app.screen_stack):
        if isinstance(screen, JobsScreen):
            shows: list[str] | None = screen.shows
            return list(shows) if shows else None
    return [context.show] if context.show else None


def open_stuck(app: App[Any], context: ViewContext, arg: str) -> str | None:
    """`:stuck [show|show,show|all]`: the named shows, else the shows in view."""
    arg = arg.strip()
    if arg in ("all", "*"):
        shows = None
    elif arg:
        shows = [s.strip() for s in arg.split(",") if s.strip()]
    else:
        shows = shows_in_view(app, context)
    app.goto(StuckScreen(shows))  # type: ignore[attr-defined]
    return None
