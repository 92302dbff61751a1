"""Scenes for the snapshot tests and `scripts/screenshots.py`: one seeded farm, each screen.

Everything on screen is made reproducible:

- the farm: the `small` preset, seed 7, a fixed `epoch` and a fixed number of ticks (manual
  clock, so nothing moves after that); the app's clock is the farm's clock at that moment;
- the header shows the profile name `demo` instead of the gateway's random port;
- times are formatted in UTC (`use_utc()`);
- frame logs live in a private temporary directory of a fixed length (so sizes are the same
  on every machine) and the log viewer shows it as `/shots`, the farm's own log root;
- input cursors do not blink;
- each scene waits for its data (polling a condition, with a deadline), never a fixed sleep.

A scene is `async def scene(pilot, farm)`; run it as `snap_compare`'s `run_before`.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, Static

from cuetui.app import CuetuiApp
from cuetui.config import Settings
from cuetui.sim.harness import SimHarness

EPOCH = 1_767_225_600  # 2026-01-01 00:00:00 UTC
TICKS = 30
PROFILE = "demo"
SHOTS_ROOT = "/shots"  # the farm's log root when it writes no logs (cuetui.sim.launch)
DEADLINE = 20.0  # seconds: generous, the test machines are shared


def use_utc() -> None:
    """Format every time in UTC, whatever the machine's zone."""
    os.environ["TZ"] = "UTC"
    time.tzset()


@contextmanager
def utc_farm() -> Iterator[Farm]:
    """A started seeded farm, with every time formatted in UTC until it closes."""
    before = os.environ.get("TZ")
    use_utc()  # the header's and the tables' times
    farm = Farm.start()
    try:
        yield farm
    finally:
        farm.close()
        if before is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = before
        time.tzset()


def _log_root() -> Path:
    # mkdtemp names have a fixed length: with a fixed parent, every byte count is the same.
    parent = "/tmp" if os.path.isdir("/tmp") else None
    return Path(tempfile.mkdtemp(prefix="cuetui-shots-", dir=parent))


@dataclass
class Farm:
    """The seeded simulator and the fixed instant the app sees."""

    sim: SimHarness
    now: float

    @classmethod
    def start(cls, ticks: int = TICKS) -> Farm:
        root = _log_root()
        sim = SimHarness(scenario="small", seed=7, epoch=EPOCH, log_dir=root)
        # The farm's first logs, now: start() would write them from a thread, racing the ticks.
        if sim.farm.logs is not None:
            with sim.farm.lock:
                sim.farm.logs.flush(sim.farm)
        sim.start()
        sim.tick(ticks)
        return cls(sim, float(sim.farm.now))

    def close(self) -> None:
        self.sim.close()
        shutil.rmtree(self.sim.log_dir, ignore_errors=True)

    def app(
        self, show: str | None = "testing", *, dashboard: bool = False, **overrides: Any
    ) -> CuetuiApp:
        """The app on this farm: profile `demo`, no timed polls, the farm's instant as clock
        (`dashboard`: started as `cuetui --dashboard`)."""
        values: dict[str, Any] = {
            "profile": PROFILE,
            "user": "jsmith",
            "show": show,
            "refresh": 3600.0,
        }
        values.update(overrides)
        settings = Settings.for_gateway(self.sim.url, jwt_secret=self.sim.secret, **values)
        now = self.now
        return CuetuiApp(settings, clock=lambda: now, dashboard=dashboard)

    def job_id(self, anchor: str) -> str:
        return self.sim.farm.anchors[anchor]


# -- waiting ---------------------------------------------------------------------------------


async def until(pilot: Pilot[Any], condition: Callable[[], Any], what: str) -> None:
    """Pause until no worker runs (log polls aside) and `condition()` holds."""
    app = pilot.app
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        await pilot.pause(0.02)
        busy = [w for w in app.workers if w.is_running and w.group != "log-poll"]
        if not busy and condition():
            await pilot.pause()
            return
    raise AssertionError(f"timed out waiting for {what}")


def _loaded(app: CuetuiApp, kind: str) -> bool:
    screen = app.screen
    if type(screen).__name__ != kind:
        return False
    return screen.poller.updated_at is not None and screen.table.row_count > 0  # type: ignore[attr-defined]


async def loaded(pilot: Pilot[Any], kind: str) -> Any:
    """Wait for a `kind` screen (class name) on view with its first rows."""
    await until(pilot, lambda: _loaded(pilot.app, kind), f"{kind} with rows")
    return pilot.app.screen


async def command(pilot: Pilot[Any], text: str, kind: str) -> Any:
    """Type `:text` Enter and wait for the `kind` screen's data."""
    await pilot.press("colon", *text, "enter")
    return await loaded(pilot, kind)


async def cursor_to(pilot: Pilot[Any], key: str) -> None:
    assert pilot.app.screen.table.move_to(key), f"{key} is not on view"  # type: ignore[attr-defined]
    await pilot.pause()


async def cursor_to_name(pilot: Pilot[Any], name: str) -> Any:
    table = pilot.app.screen.table  # type: ignore[attr-defined]
    for item in table.visible_items():
        if item.name == name:
            await cursor_to(pilot, item.id)
            return item
    raise AssertionError(f"{name} is not on view")


def steady_cursors(app: CuetuiApp) -> None:
    """No blinking: the cursor of every input stays drawn."""
    for field in app.screen.query(Input):
        field.cursor_blink = False


# -- scenes ----------------------------------------------------------------------------------

Scene = Callable[[Pilot[Any], Farm], Awaitable[None]]


async def shows(pilot: Pilot[Any], farm: Farm) -> None:
    await loaded(pilot, "ShowsScreen")
    await cursor_to_name(pilot, "testing")


async def jobs(pilot: Pilot[Any], farm: Farm) -> None:
    await loaded(pilot, "JobsScreen")
    await cursor_to(pilot, farm.job_id("failing"))


async def layers(pilot: Pilot[Any], farm: Farm) -> None:
    await jobs(pilot, farm)
    await cursor_to(pilot, farm.job_id("depend"))
    await pilot.press("enter")
    await loaded(pilot, "LayersScreen")


async def frames(pilot: Pilot[Any], farm: Farm) -> None:
    await jobs(pilot, farm)
    await pilot.press("f")
    await loaded(pilot, "FramesScreen")


async def checkpoint(pilot: Pilot[Any], farm: Farm) -> None:
    """The checkpoint anchor's frames: frame 3 is CHECKPOINT, its copy still going."""
    await loaded(pilot, "JobsScreen")
    await cursor_to(pilot, farm.job_id("checkpoint"))
    await pilot.press("f")
    await loaded(pilot, "FramesScreen")


async def log(pilot: Pilot[Any], farm: Farm) -> None:
    """The latest log of the failing job's frame with the most attempts, shown from `/shots`."""
    await frames(pilot, farm)
    screen = pilot.app.screen
    job = screen.job  # type: ignore[attr-defined]
    logged = [f for f in screen.table.items() if os.path.exists(f.log_path(job))]  # type: ignore[attr-defined]
    frame = max(logged, key=lambda f: (f.retry_count, -f.number))
    await cursor_to(pilot, frame.id)
    await pilot.press("l")
    await until(pilot, lambda: getattr(pilot.app.screen, "window", None), "the log")
    _show_logs_under_shots(pilot.app.screen, str(farm.sim.log_dir))
    await pilot.pause()


def _show_logs_under_shots(screen: Any, root: str) -> None:
    """Show the log's path (title, `logDestination` line) under `/shots`, now and later."""
    from cuetui.widgets.log_view import LogView

    def rooted(text: str) -> str:
        return text.replace(root, SHOTS_ROOT)

    view = screen.query_one(LogView)
    view.set_lines([rooted(line) for line in view.lines], at_end=True)
    update_status = screen._update_status

    def status() -> None:
        update_status()
        title = screen.query_one("#log-title", Static)
        title.update(rooted(str(title.render())))

    screen._update_status = status  # each log poll redraws the title
    status()


async def comments(pilot: Pilot[Any], farm: Farm) -> None:
    await jobs(pilot, farm)
    await pilot.press("c")
    await until(
        pilot,
        lambda: (
            type(pilot.app.screen).__name__ == "CommentsScreen"
            and pilot.app.screen.query_one("#comments-table").row_count
        ),
        "the comments",
    )


async def depends(pilot: Pilot[Any], farm: Farm) -> None:
    """The depend anchor's depends: its comp layer waits on its render layer."""
    await loaded(pilot, "JobsScreen")
    await cursor_to(pilot, farm.job_id("depend"))
    await pilot.press("d")
    await loaded(pilot, "DependsScreen")


async def help_keys(pilot: Pilot[Any], farm: Farm) -> None:
    await jobs(pilot, farm)
    await pilot.press("question_mark")
    await until(pilot, lambda: type(pilot.app.screen).__name__ == "HelpScreen", "the help")


async def detail(pilot: Pilot[Any], farm: Farm) -> None:
    """`i` on the failing job: every field, the highlight on its log directory."""
    await jobs(pilot, farm)
    await pilot.press("i")
    await until(pilot, lambda: type(pilot.app.screen).__name__ == "DetailScreen", "the pane")
    from cuetui.widgets.detail_pane import DetailPane

    pane = pilot.app.screen.query_one(DetailPane)
    pane.highlight_label("Log directory")
    _show_log_dir_under_shots(pane, str(farm.sim.log_dir))
    await pilot.pause()


def _show_log_dir_under_shots(pane: Any, root: str) -> None:
    """The job's log directory under `/shots`, as the log viewer shows paths."""
    pane.show_lines([d._replace(text=d.text.replace(root, SHOTS_ROOT)) for d in pane.lines])


async def stuck(pilot: Pilot[Any], farm: Farm) -> None:
    """`:stuck all`: the farm's hung frames (logs silent 30-90 min) and its long runner."""
    await jobs(pilot, farm)
    await command(pilot, "stuck all", "StuckScreen")


async def confirm(pilot: Pilot[Any], farm: Farm) -> None:
    """Kill on the failing job: the modal names it and counts the frames that will die."""
    await jobs(pilot, farm)
    await pilot.press("ctrl+k")
    await until(pilot, lambda: type(pilot.app.screen).__name__ == "ConfirmModal", "the modal")


async def command_line(pilot: Pilot[Any], farm: Farm) -> None:
    """`:ho` with `hosts` offered as the completion."""
    await jobs(pilot, farm)
    await pilot.press("colon", *"ho")
    line = pilot.app.screen.query_one("#command-line", Input)
    await until(pilot, lambda: line._suggestion, "the completion")
    steady_cursors(pilot.app)


async def filter_line(pilot: Pilot[Any], farm: Farm) -> None:
    """`/jsmith` typed, the line still open, the table narrowed."""
    await jobs(pilot, farm)
    await pilot.press("slash", *"jsmith")
    screen = pilot.app.screen
    await until(pilot, lambda: screen.table.filter_text == "jsmith", "the filter")  # type: ignore[attr-defined]
    steady_cursors(pilot.app)


async def hosts(pilot: Pilot[Any], farm: Farm) -> None:
    await loaded(pilot, "JobsScreen")
    await command(pilot, "hosts", "HostsScreen")
    await cursor_to_name(pilot, "render-0001")


async def procs(pilot: Pilot[Any], farm: Farm) -> None:
    """The procs of the busiest host (Enter on it in the hosts)."""
    await loaded(pilot, "JobsScreen")
    screen = await command(pilot, "hosts", "HostsScreen")
    busiest = min(screen.table.items(), key=lambda h: (h.idle_cores - h.cores, h.name))
    await cursor_to(pilot, busiest.id)
    await pilot.press("enter")
    await loaded(pilot, "ProcsScreen")


async def allocs(pilot: Pilot[Any], farm: Farm) -> None:
    await loaded(pilot, "JobsScreen")
    await command(pilot, "allocs", "AllocsScreen")
    await cursor_to_name(pilot, "local.general")


async def limits(pilot: Pilot[Any], farm: Farm) -> None:
    await loaded(pilot, "JobsScreen")
    await command(pilot, "limits", "LimitsScreen")
    await cursor_to_name(pilot, "nuke")


async def services(pilot: Pilot[Any], farm: Farm) -> None:
    """`:services`: the facility's default services, the cursor on nuke."""
    await loaded(pilot, "JobsScreen")
    await command(pilot, "services", "ServicesScreen")
    await cursor_to_name(pilot, "nuke")


async def subs(pilot: Pilot[Any], farm: Farm) -> None:
    await loaded(pilot, "JobsScreen")
    await command(pilot, "subs all", "SubsScreen")


async def groups(pilot: Pilot[Any], farm: Farm) -> None:
    """`:groups testing`: the show's groups nested, each with its pending jobs."""
    await loaded(pilot, "JobsScreen")
    await command(pilot, "groups testing", "GroupsScreen")


async def filters(pilot: Pilot[Any], farm: Farm) -> None:
    """`:filters testing`, then Enter on the first: its matchers and actions."""
    await loaded(pilot, "JobsScreen")
    await command(pilot, "filters testing", "FiltersScreen")
    await pilot.press("enter")
    await loaded(pilot, "FilterDetailScreen")


async def dashboard(pilot: Pilot[Any], farm: Farm) -> None:
    """The wall display as `cuetui --dashboard` opens it, its first poll on screen."""

    def live() -> bool:
        screen = pilot.app.screen
        return type(screen).__name__ == "DashboardScreen" and screen.level() == "live"  # type: ignore[attr-defined]

    await until(pilot, live, "the dashboard's data")


async def no_color(pilot: Pilot[Any], farm: Farm) -> None:
    """The jobs as `NO_COLOR=1 cuetui` draws them (set NO_COLOR before the app is made): a
    marked failing job, the cursor on the next one, the progress bars in glyphs."""
    await jobs(pilot, farm)
    await pilot.press("space")
    await pilot.pause()


# name -> (the app's default show, the scene). Shows opens without a show, as `cuetui demo`.
SCENES: dict[str, tuple[str | None, Scene]] = {
    "shows": (None, shows),
    "jobs": ("testing", jobs),
    "layers": ("testing", layers),
    "frames": ("testing", frames),
    "checkpoint": ("aurora", checkpoint),
    "log": ("testing", log),
    "comments": ("testing", comments),
    "depends": ("testing", depends),
    "help": ("testing", help_keys),
    "stuck": ("testing", stuck),
    "detail": ("testing", detail),
    "confirm": ("testing", confirm),
    "command_line": ("testing", command_line),
    "filter": ("testing", filter_line),
    "hosts": ("testing", hosts),
    "procs": ("testing", procs),
    "allocs": ("testing", allocs),
    "subs": ("testing", subs),
    "groups": ("testing", groups),
    "filters": ("testing", filters),
    "limits": ("testing", limits),
    "services": ("testing", services),
    "dashboard": (None, dashboard),
}
# How scenes that do not start like `cuetui` start: `Farm.app` keyword arguments.
STARTS: dict[str, dict[str, Any]] = {"dashboard": {"dashboard": True}}
