"""The farms wall: several profiles (facilities, gateways) side by side, each its own column.

Each column has its own client, its own poll (one request in flight, re-armed when it ends,
backing off while its gateway is silent) and its own outage line, so one farm down leaves the
others live. `cuetui --dashboard --farms prod,cloud` opens it; `:farms prod,cloud` from any
view. Read-only: it reads and never acts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static

from cuetui.core.farm_reader import FarmReader
from cuetui.core.farm_summary import JOBS_PER_SECOND, FarmSummary
from cuetui.core.polling import Poller, hhmmss
from cuetui.models.format import short_duration
from cuetui.navigation import ViewContext
from cuetui.widgets.dashboard import FarmTotals, ShowsPanel, TriagePanel
from cuetui.widgets.header import HeaderBar

if TYPE_CHECKING:
    from textual.app import App

    from cuetui.app import CuetuiApp
    from cuetui.client import GatewayClient
    from cuetui.config import Settings

STALE_AFTER = 3
"""Intervals without an answer after which a column's data reads stale."""


class FarmColumn(Vertical):
    """One farm: its name and state line, totals, shows and the jobs with dead frames."""

    DEFAULT_CSS = """
    FarmColumn { width: 1fr; border-left: vkey $primary; }
    FarmColumn > .farm-title { height: 1; padding: 0 1; text-style: bold; background: $primary;
                               color: $text; }
    FarmColumn > .farm-state { height: auto; max-height: 2; padding: 0 1; }
    FarmColumn > .farm-state.-stale { background: $warning; color: ansi_black; }
    FarmColumn > FarmTotals { height: 5; }
    FarmColumn > ShowsPanel { height: auto; }
    FarmColumn > TriagePanel { height: 1fr; }
    """

    def __init__(self, name: str, settings: Settings | None, problem: str = "") -> None:
        super().__init__()
        self.farm_name = name
        self.settings = settings
        self.problem = problem
        """Why this farm cannot be read at all (its profile is wrong): shown, never polled."""
        self._client: GatewayClient | None = None
        interval = max(0.5, settings.refresh) if settings is not None else 3.0
        self.poller: Poller[FarmSummary] = Poller(self._fetch, interval)
        self.reader = FarmReader(self.poller.note_answer)
        self.summary: FarmSummary | None = None
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        where = self.settings.gateway if self.settings is not None else ""
        yield Static(Text(f"{self.farm_name}  {where}", no_wrap=True), classes="farm-title")
        yield Static(classes="farm-state")
        yield FarmTotals("Farm")
        yield ShowsPanel("Shows")
        yield TriagePanel("Jobs with dead frames")

    def on_mount(self) -> None:
        self.poller.clock = self.app.clock  # type: ignore[attr-defined]
        self.show_state()
        if self.settings is not None:
            self.poll()

    async def on_unmount(self) -> None:
        if self._client is not None:
            await self._client.aclose()

    @property
    def client(self) -> GatewayClient:
        if self._client is None:
            from cuetui.client import GatewayClient

            assert self.settings is not None
            self._client = GatewayClient.from_settings(self.settings)
        return self._client

    async def _fetch(self) -> FarmSummary:
        return await self.reader.read(self.client, self.poller.interval)

    def poll(self) -> None:
        """Read now, unless a read is in flight (one per farm)."""
        if self.poller.busy or self.settings is None:
            return
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.run_worker(self._poll(), group=f"farm-{self.farm_name}", exit_on_error=False)

    async def _poll(self) -> None:
        outcome = await self.poller.run()
        if outcome is not None and outcome.ok and outcome.data is not None:
            self.summary = outcome.data
            base = max(0.5, self.settings.refresh) if self.settings is not None else 3.0
            self.poller.interval = max(base, outcome.data.job_count / JOBS_PER_SECOND)
            for panel in self.query(".dash-data"):
                panel.show(self.summary)  # type: ignore[attr-defined]
        self.show_state()
        if self.is_attached:  # the one re-arm point: the next read when this one ended
            self._timer = self.set_timer(self.poller.next_delay(), self.poll)

    def level(self) -> str:
        """none, live or stale (failing, or no answer for several intervals)."""
        poller = self.poller
        if poller.updated_at is None:
            return "stale" if poller.stale_since is not None else "none"
        age = self.app.clock() - poller.updated_at  # type: ignore[attr-defined]
        if poller.stale_since is not None or age > STALE_AFTER * poller.interval + 10:
            return "stale"
        return "live"

    def state_text(self) -> Text:
        poller = self.poller
        text = Text(no_wrap=False)
        if self.problem:
            return text.append(f"▲ {self.problem}")
        level = self.level()
        age = (
            None if poller.updated_at is None else max(0.0, self.app.clock() - poller.updated_at)  # type: ignore[attr-defined]
        )
        if level == "none":
            return text.append("connecting…", style="dim")
        if level == "live" and poller.updated_at is not None:
            text.append("● live", style="bold green")
            return text.append(f" · {hhmmss(poller.updated_at)} ({short_duration(age)} old)")
        failure = self.reader.failure or "no answer"
        since = poller.stale_since if poller.stale_since is not None else poller.updated_at
        text.append(f"▲ {failure}" + (f" since {hhmmss(since)}" if since is not None else ""))
        if poller.updated_at is not None:
            text.append(f" — data {short_duration(age)} old")
        return text

    def show_state(self) -> None:
        state = self.query_one(".farm-state", Static)
        state.update(self.state_text())
        state.set_class(bool(self.problem) or self.level() == "stale", "-stale")


class FarmsScreen(Screen[None]):
    """Several farms side by side, one column each; no key needed."""

    AUTO_FOCUS = ""
    KIND = "farms"
    BINDINGS: ClassVar = [
        Binding("ctrl+r", "refresh", "Refresh now", id="farms.refresh"),
        Binding("escape", "back", "Back", show=False, id="farms.back"),
    ]

    def __init__(self, farms: list[tuple[str, Settings | None, str]]) -> None:
        super().__init__()
        self.farms = farms

    @property
    def app(self) -> CuetuiApp:  # type: ignore[override]
        return super().app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield HeaderBar()
        with Horizontal():
            for name, settings, problem in self.farms:
                yield FarmColumn(name, settings, problem)

    def on_mount(self) -> None:
        names = ", ".join(name for name, _s, _p in self.farms)
        self.query_one(HeaderBar).set_source(f"farms: {names}", None, True)
        self.set_interval(1.0, self._tick)

    def _tick(self) -> None:
        for column in self.query(FarmColumn):
            column.show_state()
        live = sum(c.level() == "live" for c in self.query(FarmColumn))
        total = len(self.farms)
        header = self.query_one(HeaderBar)
        header.set_state(f"{live} of {total} farms live", stale=live < total, frozen=False)

    def action_refresh(self) -> None:
        for column in self.query(FarmColumn):
            column.reader.force()
            column.poll()

    def action_back(self) -> None:
        self.app.go_back()

    def context(self) -> ViewContext:
        return ViewContext()


def farms_of(app: CuetuiApp, names: list[str]) -> list[tuple[str, Settings | None, str]]:
    """Each profile's settings, read-only; a profile that cannot be read says why."""
    from cuetui.config import ConfigError, load_settings

    out: list[tuple[str, Settings | None, str]] = []
    for name in names:
        cli: dict[str, Any] = {"profile": name, "readonly": True}
        if app.settings.config_path is not None:
            cli["config"] = str(app.settings.config_path)
        try:
            out.append((name, load_settings(cli), ""))
        except ConfigError as exc:
            out.append((name, None, str(exc)))
    return out


def open_farms(app: App[Any], context: ViewContext, arg: str) -> str | None:
    """`:farms NAME,NAME…`: several profiles side by side."""
    names = [n for n in arg.replace(",", " ").split() if n]
    if not names:
        return ":farms needs profile names: :farms prod,cloud"
    cuetui: CuetuiApp = app  # type: ignore[assignment]
    cuetui.goto(FarmsScreen(farms_of(cuetui, names)))
    return None
