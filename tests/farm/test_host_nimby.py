"""Unlocking a NIMBY-locked host (an artist's desktop in use) asks first and says why; an
ordinary lock or unlock stays one key."""

from __future__ import annotations

from farm_support import cursor_to, make_app, messages, run, settle
from opencue_proto import host_pb2
from textual.widgets import Button, Static

from cuetui.screens.hosts import HostsScreen
from cuetui.sim.harness import SimHarness
from cuetui.widgets.confirm import ConfirmModal

HOST = "/host.HostInterface/"
LOCKS = (HOST + "Lock", HOST + "Unlock")


def lock_calls(sim: SimHarness) -> list[tuple[str, dict]]:
    return [(c.path, c.body) for c in sim.calls if c.path in LOCKS]


def nimby_lock(sim: SimHarness, name: str) -> str:
    """Put NIMBY's lock on the host `name` (someone sat down at it); its id."""
    host = next(h for h in sim.farm.hosts.values() if h.msg.name == name)
    host.msg.lock_state = host_pb2.LockState.NIMBY_LOCKED
    return host.msg.id


def modal_text(modal: ConfirmModal) -> str:
    return "\n".join(str(s.render()) for s in modal.query(Static))


async def test_unlocking_a_nimby_host_asks_and_cancel_sends_nothing(sim: SimHarness) -> None:
    host_id = nimby_lock(sim, "render-0004")
    app = make_app(sim)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await run(pilot, "hosts", HostsScreen)
        host = await cursor_to(pilot, screen, "render-0004")
        assert host.lock_state == "NIMBY_LOCKED"
        sim.clear_calls()
        await pilot.press("L")
        await settle(pilot, lambda: isinstance(app.screen, ConfirmModal))
        modal = app.screen
        assert "host render-0004 is NIMBY-locked: someone is working at it; unlock anyway?" in (
            modal_text(modal)
        )
        assert modal.title_text == "Unlock render-0004?"
        # The safe answer is the default: Enter at once cancels.
        assert isinstance(app.focused, Button) and app.focused.id == "cancel"
        await pilot.press("enter")
        await settle(pilot, lambda: app.screen is screen)
        assert lock_calls(sim) == []
        # Asked again and confirmed: exactly the unlock of that host.
        await pilot.press("L")
        await settle(pilot, lambda: isinstance(app.screen, ConfirmModal))
        assert str(app.screen.query_one("#confirm", Button).label) == "Unlock"
        await pilot.press("right", "enter")
        await settle(pilot, lambda: bool(lock_calls(sim)))
        assert lock_calls(sim) == [(HOST + "Unlock", {"host": {"id": host_id}})]
        assert "Unlock done for render-0004" in messages(app)


async def test_an_ordinary_locked_host_unlocks_with_one_key(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await run(pilot, "hosts", HostsScreen)
        host = await cursor_to(pilot, screen, "render-0015")
        assert host.lock_state == "LOCKED"
        sim.clear_calls()
        await pilot.press("L")
        await settle(pilot, lambda: bool(lock_calls(sim)))
        assert not isinstance(app.screen, ConfirmModal)
        assert lock_calls(sim) == [(HOST + "Unlock", {"host": {"id": host.id}})]


async def test_marked_hosts_with_one_nimby_ask_once_naming_it(sim: SimHarness) -> None:
    nimby_id = nimby_lock(sim, "render-0004")
    app = make_app(sim)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await run(pilot, "hosts regex=^render-00(04|15)$", HostsScreen)
        locked = await cursor_to(pilot, screen, "render-0015")
        await pilot.press("space")
        await cursor_to(pilot, screen, "render-0004")
        await pilot.press("space")
        sim.clear_calls()
        await pilot.press("L")
        await settle(pilot, lambda: isinstance(app.screen, ConfirmModal))
        text = modal_text(app.screen)
        assert "host render-0004 is NIMBY-locked" in text and "render-0015 is" not in text
        await pilot.press("right", "enter")
        await settle(pilot, lambda: len(lock_calls(sim)) == 2)
        sent = sorted(b["host"]["id"] for p, b in lock_calls(sim) if p == HOST + "Unlock")
        assert sent == sorted([locked.id, nimby_id])
