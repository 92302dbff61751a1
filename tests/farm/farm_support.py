"""Helpers for the hosts, procs, allocations and subscriptions screens against the simulator."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot
from textual.widgets import OptionList

from cuetui.app import CuetuiApp
from cuetui.config import Settings
from cuetui.screens.base.table_screen import BaseScreen
from cuetui.sim.harness import SimHarness
from cuetui.widgets.confirm import ConfirmModal
from cuetui.widgets.prompt import ChoiceModal, PromptModal


def make_app(sim: SimHarness, **overrides: Any) -> CuetuiApp:
    """The real app on the simulator; its clock is the farm's, so ages are reproducible."""
    values: dict[str, Any] = {"show": "testing", "refresh": 60.0, "user": "wrangler"}
    values.update(overrides)
    settings = Settings.for_gateway(sim.url, jwt_secret=sim.secret, **values)
    return CuetuiApp(settings, clock=lambda: float(sim.farm.now))


async def settle(
    pilot: Pilot[Any], until: Callable[[], bool] | None = None, tries: int = 150
) -> None:
    """Pause until the app has no busy workers (and `until()` holds, when given)."""
    app = pilot.app
    for _ in range(tries):
        await pilot.pause(0.02)
        busy = [w for w in app.workers if w.is_running]
        if not busy and (until is None or until()):
            await pilot.pause()
            return
    raise AssertionError("the app did not settle")


async def run(pilot: Pilot[Any], command: str, kind: type[BaseScreen[Any]]) -> Any:
    """Type `:command` and wait for its screen's first data."""
    app = pilot.app
    await settle(pilot)
    await pilot.press("colon", *command, "enter")
    await settle(pilot, lambda: isinstance(app.screen, kind) and app.screen.poller.updated_at)
    return app.screen


async def opened(pilot: Pilot[Any], kind: type[BaseScreen[Any]]) -> Any:
    """Wait until a `kind` screen is on view with rows, and return it."""
    app = pilot.app
    await settle(pilot, lambda: isinstance(app.screen, kind) and app.screen.table.row_count > 0)
    return app.screen


async def cursor_to(pilot: Pilot[Any], screen: BaseScreen[Any], name: str) -> Any:
    """Put the cursor on the row whose item is called `name` and return the item."""
    for item in screen.table.visible_items():
        if item.name == name:
            screen.table.move_to(item.id)
            await pilot.pause()
            return item
    raise AssertionError(f"{name} is not on view")


async def refreshed(pilot: Pilot[Any], sim: SimHarness, path: str, screen: BaseScreen[Any]) -> None:
    """Tick the farm, then wait for the screen's next fetch of `path` to land."""
    before = len(sim.calls_to(path))
    sim.tick()
    screen.poll_now(manual=True)
    await settle(pilot, lambda: len(sim.calls_to(path)) > before)


def bodies(sim: SimHarness, path: str) -> list[dict[str, Any]]:
    return [c.body for c in sim.calls_to(path)]


def messages(app: CuetuiApp) -> list[str]:
    return [n.message for n in app._notifications]


async def said(pilot: Pilot[Any], start: str, exact: bool = False, tries: int = 250) -> str:
    """Wait for the last toast that starts with `start` (or is `start`, when exact); return it.

    The gateway has the call before the app has its answer: a test that read the last toast
    right after the simulator saw the call raced the app's own notify (seen on CI).
    """
    for _ in range(tries):
        found = [
            m for m in messages(pilot.app) if m == start or (not exact and m.startswith(start))
        ]  # type: ignore[arg-type]
        if found:
            return found[-1]
        await pilot.pause(0.02)
    raise AssertionError(
        f"no toast {'being' if exact else 'starting'} {start!r}; the toasts: {messages(pilot.app)}"
    )  # type: ignore[arg-type]


async def answer(pilot: Pilot[Any], text: str) -> None:
    """Replace the open prompt's value with `text` and press Enter."""
    await settle(pilot, lambda: isinstance(pilot.app.screen, PromptModal))
    await pilot.press("ctrl+a", "ctrl+k", *text, "enter")
    await pilot.pause()


async def choose(pilot: Pilot[Any], label: str) -> None:
    """Pick the entry `label` (its text, indentation stripped) of the open choice list."""
    await settle(pilot, lambda: isinstance(pilot.app.screen, ChoiceModal))
    modal = pilot.app.screen
    labels = [lab.strip() for lab, _ in modal.choices]
    modal.query_one(OptionList).highlighted = labels.index(label)
    await pilot.press("enter")
    await pilot.pause()


async def confirm(pilot: Pilot[Any]) -> ConfirmModal:
    """Confirm the open confirmation (Cancel is focused) and return it."""
    await settle(pilot, lambda: isinstance(pilot.app.screen, ConfirmModal))
    modal = pilot.app.screen
    await pilot.press("right", "enter")
    return modal
