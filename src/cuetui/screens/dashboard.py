"""The wall-display dashboard: farm health at a glance, read-only, riding out gateway outages.

One poll reads the show stats (GetShows), the allocation stats (GetAllocations) and the
pending jobs (GetJobs: the dead-frame triage list and waiting frames), one request at a time.
Hosts are never listed whole: the non-UP and the locked ones (which allocation stats do not
tell apart by state) are read with server-side filters, at most every `HOSTS_EVERY` seconds.
Only a small `FarmSummary` is kept. When a poll fails the last summary stays on screen with
its age, a banner says since when and why, and polling backs off until the gateway is back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Static

from cuetui import navigation
from cuetui.client.urls import redact_url
from cuetui.core.farm_reader import FarmReader
from cuetui.core.farm_summary import JOBS_PER_SECOND, FarmSummary
from cuetui.core.polling import Poller, hhmmss
from cuetui.core.trends import Trends
from cuetui.models.format import short_duration
from cuetui.navigation import ViewContext
from cuetui.screens.base.poll_schedule import Polled, PollSchedule
from cuetui.widgets.bar_input import BarRow
from cuetui.widgets.command_line import CommandLine
from cuetui.widgets.dash_trends import TrendsPanel
from cuetui.widgets.dashboard import (
    AllocsPanel,
    BigNumbers,
    DataAge,
    FarmTotals,
    ShowsPanel,
    TriagePanel,
)
from cuetui.widgets.header import HeaderBar

if TYPE_CHECKING:
    from textual.app import App

    from cuetui.app import CuetuiApp

OLD_AFTER = 120.0
"""Data older than this turns the stale banner from yellow to red."""
SIZES: tuple[tuple[str, int, int, int], ...] = (
    ("-wall", 200, 60, 2),
    ("-huge", 150, 45, 1),
    ("-big", 100, 34, 0),
)
"""(class, width, height, scale): from each terminal size up, the key figures are shown in
large digits of that scale (0: 3 rows, 1: 4 rows, 2: 7 rows), bigger than the clock's."""


class DashboardScreen(PollSchedule, Screen[None]):
    """Farm totals, shows, jobs with dead frames and allocations; no action, no key needed."""

    CSS_PATH = "dashboard.tcss"
    POLL_TIMER = "dashboard-poll"
    AUTO_FOCUS = ""  # nothing to focus: the hidden command line must not take the keys
    KIND = "dashboard"
    BINDINGS: ClassVar = [
        Binding(
            "colon",
            "command_line",
            "Command",
            key_display=":",
            priority=True,
            id="dashboard.command",
        ),
        Binding("question_mark", "help", "Help", key_display="?", id="dashboard.help"),
        Binding("ctrl+r", "refresh", "Refresh now", id="dashboard.refresh"),
        Binding("escape", "back", "Back", show=False, id="dashboard.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.poller: Poller[FarmSummary] = Poller(self.fetch)
        self.summary: FarmSummary | None = None
        self.reader = FarmReader(self.poller.note_answer)
        self.trends = Trends()
        self._init_schedule()

    @property
    def app(self) -> CuetuiApp:  # type: ignore[override]
        return super().app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield HeaderBar()
        yield Static(id="dash-banner")
        yield BigNumbers(id="dash-big")
        with Horizontal(id="dash-top"):
            yield FarmTotals("Farm", id="dash-totals")
            yield DataAge(id="dash-age")
        with Horizontal(id="dash-middle"):
            yield TriagePanel("Jobs with dead frames", id="dash-triage")
            with Vertical(id="dash-right"):
                yield ShowsPanel("Shows", id="dash-shows")
                yield TrendsPanel(id="dash-trends")
        yield AllocsPanel("Allocations", id="dash-allocs")
        yield BarRow(":", CommandLine(self.app.command_suggester()))

    def on_mount(self) -> None:
        self.poller.interval = self._base_interval()
        self.poller.clock = self.app.clock
        app = self.app
        self.query_one(HeaderBar).set_source(app.source_label, None, app.readonly)
        # One tick for the ages on screen and the schedule (idle while off view).
        self._start_poll_tick()
        self._show_state()

    def on_resize(self) -> None:
        # Large digits for the key figures only where they leave room for the lists; the
        # larger the wall, the larger the digits.
        size = self.size
        fits = [(c, scale) for c, w, h, scale in SIZES if size.width >= w and size.height >= h]
        for name, _w, _h, _scale in SIZES:
            self.set_class(bool(fits) and fits[0][0] == name, name)
        self.set_class(bool(fits), "-big-figures")
        if fits:
            self.query_one(BigNumbers).set_max_scale(fits[0][1])

    def _base_interval(self) -> float:
        return max(0.2, self.app.settings.refresh or 3.0)

    # -- data -------------------------------------------------------------------------------

    async def fetch(self) -> FarmSummary:
        """One poll: shows, allocations, pending jobs and, when due, hosts and subscriptions."""
        return await self.reader.read(self.app.client, self.poller.interval)

    # -- polling (as BaseScreen: one request in flight, next poll armed when one ends) -------

    def on_screen_resume(self) -> None:
        self._poll_view(True)

    def on_screen_suspend(self) -> None:
        self.call_later(self._after_suspend)

    def _after_suspend(self) -> None:
        app = self.app
        top = app.screen if self.is_attached else None
        if top is self:
            return
        # Help or the palette over the dashboard leave it on view: a wall keeps updating.
        if isinstance(top, ModalScreen) and self in app.screen_stack:
            return
        self._poll_view(False)

    @on(Polled)
    def _on_polled(self, event: Polled) -> None:
        event.stop()
        outcome = event.outcome
        # No toast on failure: nobody reads or dismisses toasts on a wall; the banner says it.
        if outcome.ok and isinstance(outcome.data, FarmSummary):
            self.summary = outcome.data
            self.poller.interval = max(
                self._base_interval(), self.summary.job_count / JOBS_PER_SECOND
            )
            for panel in self.query(".dash-data"):
                panel.show(self.summary)  # type: ignore[attr-defined]
            # Only good polls: an outage leaves its buckets empty rather than repeating data.
            self.trends.add(outcome.at or self.app.clock(), self.summary)
            self.query_one(TrendsPanel).show_trends(self.trends.series())
        self._show_state()

    # -- what the data's state looks like ---------------------------------------------------

    def level(self) -> str:
        """none (no data yet), live, stale (failing or late, data recent) or old (data old)."""
        poller = self.poller
        if poller.stale_since is None and self.polling.late() is None:
            return "live" if poller.updated_at is not None else "none"
        age = self._age()
        return "old" if age is None or age >= OLD_AFTER else "stale"

    def _age(self) -> float | None:
        updated = self.poller.updated_at
        return None if updated is None else max(0.0, self.app.clock() - updated)

    def banner_text(self) -> Text:
        """One line: live with the data's age, or what failed since when and what is shown."""
        poller = self.poller
        age = self._age()
        text = Text(no_wrap=True, overflow="ellipsis")
        if poller.stale_since is None and self.polling.late() is not None:
            return self._late_text(text)
        if poller.stale_since is None:
            if poller.updated_at is None:
                source = redact_url(self.app.source_label)
                return text.append(f"connecting to {source}…", style="dim")
            text.append("● live", style="bold green")
            text.append(f" · data from {hhmmss(poller.updated_at)} ({short_duration(age)} old)")
            text.append(f" · refreshed every {short_duration(poller.interval)}", style="dim")
            return text
        text.append(
            f"▲ {self.reader.failure or 'gateway failing'} since {hhmmss(poller.stale_since)}"
        )
        if poller.updated_at is None:
            text.append(" — no data yet")
        else:
            text.append(
                f" — showing data from {hhmmss(poller.updated_at)} ({short_duration(age)} old)"
            )
        wait = self.polling.due_in()
        if poller.busy:
            text.append(" · retrying now")
        elif wait is not None:
            text.append(f" · retrying in {short_duration(round(wait))}")
        if poller.error:
            text.append(f" · {poller.error}")
        return text

    def _late_text(self, text: Text) -> Text:
        """No failure, yet no answer for several intervals (a call that hangs, say)."""
        status, _ = self.polling.status()
        updated = self.poller.updated_at
        if updated is None:
            return text.append(f"▲ {status}")
        text.append(f"▲ stale — no answer since {hhmmss(updated)}")
        text.append(f" — showing data {short_duration(self._age())} old")
        if self.poller.busy:
            text.append(" · still waiting on the gateway")
        return text

    def _show_state(self) -> None:
        level = self.level()
        banner = self.query_one("#dash-banner", Static)
        text = self.banner_text()
        if getattr(banner, "_shown", None) != text:
            banner.update(text)
            banner._shown = text  # type: ignore[attr-defined]
        banner.set_class(level == "stale", "-stale")
        banner.set_class(level == "old", "-old")
        poller = self.poller
        if poller.updated_at is None:
            line = Text("no data yet", style="dim")
        else:
            age = short_duration(self._age())
            line = Text(f"{age} old", style="bold" if level in ("stale", "old") else "dim")
        clock = hhmmss(poller.updated_at) if poller.updated_at is not None else None
        self.query_one(DataAge).set_age(clock, line, level)
        status, stale = self.polling.status()
        self.query_one(HeaderBar).set_state(status, stale=stale, frozen=False)

    # -- keys (none needed) -----------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # A `:` typed into the command line is text. (It only reads: nothing to hide under
        # --readonly.)
        return not (action == "command_line" and isinstance(self.focused, Input))

    def context(self) -> ViewContext:
        return ViewContext(show=self.app.current_show)

    def action_refresh(self) -> None:
        self.reader.force()  # ctrl+r reads everything now
        self.poll_now(manual=True)

    def action_back(self) -> None:
        line = self.query_one(CommandLine)
        if line.is_open:
            line.action_close()
            return
        self.app.go_back()

    def action_command_line(self) -> None:
        self.query_one(CommandLine).open()
        self.app.refresh_catalog(max_age=self.app.CATALOG_MAX_AGE)

    def action_help(self) -> None:
        HelpScreen = navigation.screen("help")
        self.app.push_screen(HelpScreen(self))

    @on(CommandLine.Run)
    def _run_command(self, event: CommandLine.Run) -> None:
        self.app.run_command(event.command, self.context())


def open_dashboard(app: App[Any], context: ViewContext, arg: str) -> str | None:
    """`:dashboard`: the wall display's view."""
    app.goto(DashboardScreen())  # type: ignore[attr-defined]
    return None
