"""CuetuiApp: the shell around the screens (navigation, `:` commands, actions, theme, readonly)."""

from __future__ import annotations

import logging
import os
import re
import threading
import time
from collections.abc import Callable, Iterable
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from textual import events, on, work
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen
from textual.theme import Theme
from textual.worker import Worker, WorkerState

from cuetui import applog, navigation
from cuetui.commands import ScreenCommands
from cuetui.gc_tuning import give_back
from cuetui.navigation import ViewContext
from cuetui.toasts import PlainToasts
from cuetui.widgets.command_line import CommandLine, CommandSuggester

log = logging.getLogger(__name__)

# Textual posts a worker's state changes to the screen or widget that runs it, without
# bubbling: bubbling lets the app's one handler (`_report_failed_worker`) see every worker.
Worker.StateChanged.bubble = True
ERROR_TOAST_REPEAT = 60.0
"""Seconds before the same internal error is toasted again (it is logged every time)."""

if TYPE_CHECKING:
    from cuetui.client import GatewayClient
    from cuetui.config import Settings
    from cuetui.core.actions import Action
    from cuetui.core.journal import Journal
    from cuetui.screens.base.table_screen import BaseScreen

# ANSI colours follow the terminal's own palette: readable on 16 colours, on light and dark
# backgrounds, and over SSH from any terminal. Textual's other themes stay one palette away.
IDLE_RETURN_SECONDS = 300.0

CUETUI_THEME = Theme(
    name="cuetui",
    ansi=True,
    primary="ansi_blue",
    secondary="ansi_cyan",
    warning="ansi_yellow",
    error="ansi_red",
    success="ansi_green",
    accent="ansi_cyan",
    foreground="ansi_default",
    background="ansi_default",
    surface="ansi_default",
    panel="ansi_default",
    boost="ansi_default",
    dark=True,
    variables={
        "ansi-background": "ansi_black",
        "ansi-foreground": "ansi_white",
        "border": "ansi_blue",
        "border-blurred": "ansi_bright_black",
        "block-cursor-foreground": "ansi_black",
        "block-cursor-background": "ansi_cyan",
        "block-cursor-blurred-foreground": "ansi_black",
        "block-cursor-blurred-background": "ansi_white",
        "input-cursor-background": "ansi_white",
        "input-cursor-foreground": "ansi_black",
        "input-cursor-text-style": "none",
        "input-selection-background": "ansi_bright_blue",
        "input-selection-foreground": "ansi_black",
        "screen-selection-background": "ansi_bright_blue",
        "screen-selection-foreground": "ansi_black",
        "footer-key-foreground": "ansi_cyan",
    },
)


JUMP_DEPTH = 8
"""Views a `:` jump keeps under it for Esc to lead back through (the default screen aside)."""


class CuetuiApp(PlainToasts, App[int]):
    """The triage monitor. `client` and `clock` can be injected (tests, snapshots)."""

    CSS_PATH = "app.tcss"
    TITLE = "cuetui"
    COMMANDS = App.COMMANDS | {ScreenCommands}
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="app.quit")]
    CATALOG_MAX_AGE = 300.0
    """Seconds after which opening `:` reads the farm's show and allocation names again."""

    def __init__(
        self,
        settings: Settings,
        *,
        client: GatewayClient | None = None,
        clock: Callable[[], float] = time.time,
        dashboard: bool = False,
        farms: tuple[str, ...] = (),
    ) -> None:
        # NO_COLOR: Textual picks its colour filter here, before the ANSI theme below applies;
        # left to itself it picks Monochrome, which draws the theme's "default" colours black
        # on black. ansi_color=True makes it drop the colours (NoColor): the terminal's own.
        super().__init__(ansi_color=True if "NO_COLOR" in os.environ else None)
        self.settings = settings
        self.dashboard = dashboard
        """Started as a wall display: opens on the dashboard, read-only whatever the settings."""
        self.farms = farms
        """Profiles shown side by side on a farms wall (`--farms`): its home view."""
        if farms:
            self.dashboard = dashboard = True
        self.readonly = dashboard or settings.readonly
        self.idle_return = IDLE_RETURN_SECONDS
        """A wall display left on another view goes back to the dashboard after this long."""
        self._last_input = time.monotonic()
        self.clock = clock
        self.current_show: str | None = settings.show or None
        self.known_shows: set[str] = {self.current_show} if self.current_show else set()
        self._catalog_at: float | None = None  # monotonic time of the last names read
        self._client = client
        self._own_client = client is None
        self.journal: Journal | None = None
        """Where every action sent is written first (None: off, or readonly)."""
        if client is not None:
            self._journal_actions(client)
        self._error_toasts: dict[tuple[str, str], float] = {}  # (what, error type) -> when
        applog.protect(*_secrets_of(settings))
        self.register_theme(CUETUI_THEME)
        if settings.theme:  # --theme, TEXTUAL_THEME or the config file
            self.theme = settings.theme
        elif not os.environ.get("TEXTUAL_THEME"):
            self.theme = "cuetui"
        self._saved_theme = self.theme
        self._prefs_lock = threading.Lock()

    def forget_answers(self) -> None:
        """A view has gone: the client's kept list models go, and the heap they held goes
        back to the system once the screen is painted."""
        if self._client is None:
            return
        self._client.forget_answers()
        self.call_after_refresh(give_back, True)

    @property
    def client(self) -> GatewayClient:
        if self._client is None:
            from cuetui.client import GatewayClient

            self._client = GatewayClient.from_settings(self.settings)
            self._journal_actions(self._client)
        return self._client

    def _journal_actions(self, client: GatewayClient) -> None:
        """Every action the client sends goes to the journal first (readonly sends none)."""
        from cuetui.core.journal import journal_for

        if self.readonly or client.action_observer is not None:
            return
        self.journal = journal_for(self.settings, client.user, warn=self._journal_warning)
        client.action_observer = self.journal

    def _journal_warning(self, message: str) -> None:
        self.notify(message, severity="warning", timeout=30, markup=False)

    @property
    def source_label(self) -> str:
        return self.settings.profile or self.settings.gateway

    def use_settings(self, settings: Settings) -> GatewayClient | None:
        """Another profile's settings (`:profile`): returns the old client, to be closed once
        the views on the old farm are gone; the next use of `client` opens the new one."""
        old = self._client if self._own_client else None
        self.settings = settings
        self.readonly = self.dashboard or settings.readonly
        self._client, self._own_client = None, True
        self.journal = None
        self.current_show = settings.show or None
        self.known_shows = {self.current_show} if self.current_show else set()
        self._catalog_at = None
        return old

    def on_mount(self) -> None:
        from cuetui.gc_tuning import tune

        tune()  # fewer garbage collections: they were ~40% of a big refresh (bench/)
        if self.readonly:
            self.sub_title = "read-only"
        self.push_screen(self.first_screen())
        self.refresh_catalog()
        from cuetui.alert_delivery import AlertService

        self.alerts = AlertService(self)
        """The notification rules' watcher and channels (idle while no rule is on)."""
        self.alerts.start()
        self.theme_changed_signal.subscribe(self, self._save_theme)
        if self.dashboard:
            self.set_interval(min(15.0, self.idle_return / 2), self._return_when_idle)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(
            event, (events.Key, events.MouseDown, events.MouseScrollUp, events.MouseScrollDown)
        ):
            self._last_input = time.monotonic()
        await super().on_event(event)

    def _return_when_idle(self) -> None:
        """Someone looked at a job on the wall and walked away: show the farm again."""
        from cuetui.screens.dashboard import DashboardScreen

        if time.monotonic() - self._last_input < self.idle_return:
            return
        home: type[Screen[Any]] = DashboardScreen
        if self.farms:
            from cuetui.screens.farms import FarmsScreen

            home = FarmsScreen
        if len(self.screen_stack) == 2 and isinstance(self.screen, home):
            return
        while len(self.screen_stack) > 2:
            self.pop_screen()
        if not isinstance(self.screen, home):
            self.switch_screen(self.first_screen())

    def first_screen(self) -> Screen[Any]:
        """The dashboard for a wall display, else the default show's jobs, else the shows."""
        from cuetui.screens.jobs import JobsScreen
        from cuetui.screens.shows import ShowsScreen

        if self.farms:
            from cuetui.screens.farms import FarmsScreen, farms_of

            return FarmsScreen(farms_of(self, list(self.farms)))
        if self.dashboard:
            from cuetui.screens.dashboard import DashboardScreen

            return DashboardScreen()
        if self.current_show:
            return JobsScreen([self.current_show])
        return ShowsScreen()

    def write_escape(self, sequence: str) -> None:
        """Write a terminal sequence (a desktop notification) to a real terminal only."""
        driver = getattr(self, "_driver", None)
        if driver is not None and not self.is_headless:
            driver.write(sequence)

    async def on_unmount(self) -> None:
        if self._own_client and self._client is not None:
            await self._client.aclose()

    # -- preferences ------------------------------------------------------------------------

    def _save_theme(self, theme: Theme) -> None:
        """A theme picked in the palette is the user's preference: it goes to the config file."""
        path = self.settings.prefs_path
        if path is None or theme.name == self._saved_theme:
            return
        self._saved_theme = theme.name
        self._write_theme(path)

    @work(thread=True, group="prefs", exit_on_error=False, description="save the theme")
    def _write_theme(self, path: Path) -> None:
        from cuetui.prefs import PrefsError, save_preference

        with self._prefs_lock:  # two quick picks: the last one is written, once at a time
            name = self._saved_theme
            try:
                written = save_preference(path, "theme", name, self.settings.profile)
            except PrefsError as exc:
                message, severity = f"Theme {name} not saved: {exc}", "warning"
            else:
                message, severity = f"Theme {name} saved in {written}", "information"
        self.call_from_thread(self.notify, message, severity=severity, markup=False)

    # -- navigation -------------------------------------------------------------------------

    def open_screen(self, screen: Screen[Any]) -> None:
        """Drill down: push on top of the current screen."""
        self.push_screen(screen)

    def goto(self, screen: Screen[Any]) -> None:
        """Jump to a view (`:name`, the palette): on top of the path taken, so Esc leads back.

        The path is kept to `JUMP_DEPTH` views; a jump past it starts the path again (views
        under the top are not polled, but each keeps its rows in memory).
        """
        if len(self.screen_stack) > JUMP_DEPTH:
            while len(self.screen_stack) > 2:
                self.pop_screen()
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def go_back(self) -> None:
        """Pop a level; at the bottom, go up the hierarchy (jobs -> shows)."""
        if len(self.screen_stack) > 2:
            self.pop_screen()
            return
        parent = getattr(self.screen, "parent_view", lambda: None)()
        if parent is None and self.dashboard:
            # A wall display's home is the dashboard: Esc from any view leads back to it.
            from cuetui.screens.dashboard import DashboardScreen

            if not isinstance(self.screen, DashboardScreen):
                parent = DashboardScreen()
        if parent is not None:
            self.switch_screen(parent)

    def set_show(self, show: str | None) -> None:
        self.current_show = show
        if show:
            self.known_shows.add(show)

    # -- the command line -------------------------------------------------------------------

    def refresh_catalog(self, max_age: float = 0.0) -> None:
        """Read every show and allocation name (for `:` completion) in a worker, unless the
        last read is younger than `max_age` or one is under way: never holds up a key."""
        at = self._catalog_at
        if at is not None and time.monotonic() - at < max_age:
            return
        if any(w.group == "catalog" and w.is_running for w in self.workers):
            return
        self._read_catalog()

    @work(group="catalog", exit_on_error=False, description="show and allocation names")
    async def _read_catalog(self) -> None:
        from cuetui.client.errors import GatewayError
        from cuetui.core.criteria import KNOWN_ALLOCS

        try:
            shows = await self.client.get_shows()
        except GatewayError:
            return  # completion keeps what it knows; the next `:` asks again
        self.known_shows = {s.name for s in shows if s.name} | (
            {self.current_show} if self.current_show else set()
        )
        self._catalog_at = time.monotonic()
        with suppress(GatewayError):  # else `alloc=` offers the allocations seen on screen
            KNOWN_ALLOCS.update(a.name for a in await self.client.get_allocations() if a.name)
        for line in self.screen.query(CommandLine):
            line.suggest_again()  # a `:jobs p` typed before the names came completes now

    def command_suggester(self) -> CommandSuggester:
        def arguments(name: str) -> Iterable[str]:
            view = navigation.find_view(name)  # its module is imported for its completions
            return view.arguments(self) if view else ()

        return CommandSuggester(navigation.names, arguments)

    def run_command(self, command: str, context: ViewContext) -> None:
        """Run `name [argument]` from the `:` line or the palette."""
        name, _, arg = command.strip().partition(" ")
        view = navigation.find_view(name)
        if view is None:
            known = ", ".join(f":{n}" for n in navigation.names())
            self.notify(f"Unknown command :{name}. Try {known}", severity="warning")
            return
        message = view.open(self, context, arg.strip())
        if message:
            self.notify(message, severity="warning")

    # -- actions ----------------------------------------------------------------------------

    @work(group="actions", exit_on_error=False, description="farm action")
    async def perform_action(self, action: Action[Any], origin: BaseScreen[Any] | None) -> None:
        """Run an action (never exclusive: a second kill must not cancel the first)."""
        from cuetui.core.actions import perform

        result = await perform(action)
        self.notify(
            result.message,
            severity=result.severity,
            timeout=6 if result.ok else 15,
        )
        if origin is not None:
            origin.poll_soon()

    # -- errors nobody caught -----------------------------------------------------------------

    @on(Worker.StateChanged)
    def _report_failed_worker(self, event: Worker.StateChanged) -> None:
        """Every worker that raised: the traceback to the log file, one line to the user."""
        error = event.worker.error
        if event.state != WorkerState.ERROR or error is None:
            return
        what = worker_label(event.worker)
        log.error(
            "internal error in %s (worker %r, group %r: %s)",
            what,
            event.worker.name,
            event.worker.group,
            event.worker.description,
            exc_info=error,
        )
        key, now = (what, type(error).__name__), time.monotonic()
        if now - self._error_toasts.get(key, -ERROR_TOAST_REPEAT) < ERROR_TOAST_REPEAT:
            return  # a poll failing every few seconds: one toast a minute is enough
        self._error_toasts[key] = now
        path = applog.current_path()
        where = f" The details are in {path}" if path else ""
        # Plain text: neither the error's name nor the path is markup.
        self.notify(
            f"internal error in {what} ({type(error).__name__}).{where}",
            severity="error",
            timeout=15,
            markup=False,
        )


def worker_label(worker: Worker[Any]) -> str:
    """What a worker was doing, for people: "poll on the jobs screen", "farm action"."""
    text = worker.description
    # Without a description Textual writes the call with its arguments' reprs: not for people.
    if not text or len(text) > 40 or any(c in text for c in "(<[{"):
        text = worker.name.strip("_").replace("_", " ") or worker.group
    node = worker.node
    if isinstance(node, App):
        return text
    kind = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", type(node).__name__).lower()
    return f"{text} on the {kind}"


def _secrets_of(settings: Settings) -> list[str | None]:
    """What the log must never hold: the JWT secret, a ready token, a password in the URL."""
    values = [s.get_secret_value() if s else None for s in (settings.jwt_secret, settings.token)]
    with suppress(ValueError):
        parts = urlsplit(settings.gateway)
        values += [parts.password, parts.netloc.rpartition("@")[0] or None]
    return values


def run_app(
    settings: Settings,
    *,
    client: GatewayClient | None = None,
    dashboard: bool = False,
    farms: tuple[str, ...] = (),
) -> int:
    """Run the app in this terminal; the CLI's entry point (`dashboard`: the wall display;
    `farms`: several profiles side by side)."""
    app = CuetuiApp(settings, client=client, dashboard=dashboard, farms=farms)
    app.run(mouse=settings.mouse)
    return app.return_code or 0
