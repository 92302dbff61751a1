"""Show settings from :shows (ShowInterface setters, by show id) and subscription use."""

from __future__ import annotations

from typing import Any

from farm_support import answer, bodies, cursor_to, make_app, refreshed, run, said, settle
from textual.pilot import Pilot

from cuetui.screens.shows import ShowsScreen
from cuetui.sim.harness import SimHarness
from cuetui.widgets.confirm import ConfirmModal
from cuetui.widgets.prompt import PromptModal
from cuetui.widgets.show_settings import ShowSettingsModal

S = "/show.ShowInterface/"


def column(screen: ShowsScreen, key: str) -> Any:
    return next(c for c in screen.table._cols if c.key == key)


async def shows(pilot: Pilot[Any], sim: SimHarness) -> ShowsScreen:
    """:shows, once its subscriptions' use has been read (the poll after the first table)."""
    screen = await run(pilot, "shows", ShowsScreen)
    n = len(sim.farm.shows)
    await settle(pilot, lambda: len(sim.calls_to(S + "GetSubscriptions")) >= n)
    return screen


async def test_shows_read_their_subscriptions_use_after_the_first_table(sim: SimHarness) -> None:
    sim.tick(3)
    app = make_app(sim)
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await shows(pilot, sim)
        testing = await cursor_to(pilot, screen, "testing")
        subs = [s for s in sim.farm.subs.values() if s.show.msg.name == "testing"]
        used = sum(round(s.reserved_cores * 100) for s in subs) / 100
        size = sum(s.msg.size for s in subs) / 100
        burst = sum(s.msg.burst for s in subs) / 100
        col = column(screen, "subs")
        assert col.fmt(col.value(testing)) == f"{used:g}/{size:g}/{burst:g}"
        show_ids = {b["show"]["id"] for b in bodies(sim, S + "GetSubscriptions")}
        assert show_ids == set(sim.farm.shows)


async def test_default_cores_are_whole_and_land_after_the_poll(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await shows(pilot, sim)
        show = await cursor_to(pilot, screen, "testing")
        await pilot.press("M")
        await settle(pilot, lambda: isinstance(app.screen, PromptModal))
        assert app.screen.query_one("Input").value == "2000"
        await answer(pilot, "12.5")
        assert isinstance(app.screen, PromptModal)  # whole cores only: refused, not sent
        await answer(pilot, "300")
        await settle(pilot, lambda: sim.calls_to(S + "SetDefaultMaxCores"))
        assert bodies(sim, S + "SetDefaultMaxCores") == [{"show": {"id": show.id}, "maxCores": 300}]
        await said(pilot, "Set default max cores 300 done for testing", exact=True)
        await pilot.press("m")
        await answer(pilot, "4")
        await settle(pilot, lambda: sim.calls_to(S + "SetDefaultMinCores"))
        assert bodies(sim, S + "SetDefaultMinCores") == [{"show": {"id": show.id}, "minCores": 4}]
        await refreshed(pilot, sim, S + "GetShows", screen)
        got = screen.table.get_item(show.id)
        assert (got.default_min_cores, got.default_max_cores) == (4, 300)


async def test_booking_dispatching_and_email(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await shows(pilot, sim)
        show = await cursor_to(pilot, screen, "pipeline")
        await pilot.press("b")
        await settle(pilot, lambda: sim.calls_to(S + "EnableBooking"))
        assert bodies(sim, S + "EnableBooking") == [{"show": {"id": show.id}, "enabled": False}]
        await said(pilot, "Disable booking done for pipeline", exact=True)
        await pilot.press("d")
        await settle(pilot, lambda: sim.calls_to(S + "EnableDispatching"))
        assert bodies(sim, S + "EnableDispatching")[-1] == {
            "show": {"id": show.id},
            "enabled": False,
        }
        await pilot.press("e")
        await answer(pilot, "not-an-address")
        assert isinstance(app.screen, PromptModal)
        await answer(pilot, "leads@studio.example, pipe@studio.example")
        await settle(pilot, lambda: sim.calls_to(S + "SetCommentEmail"))
        assert bodies(sim, S + "SetCommentEmail") == [
            {"show": {"id": show.id}, "email": "leads@studio.example,pipe@studio.example"}
        ]
        await refreshed(pilot, sim, S + "GetShows", screen)
        got = screen.table.get_item(show.id)
        assert (got.booking_enabled, got.dispatch_enabled) == (False, False)
        assert got.comment_email == "leads@studio.example,pipe@studio.example"
        await pilot.press("b")  # all off: on again
        await settle(pilot, lambda: len(sim.calls_to(S + "EnableBooking")) == 2)
        assert bodies(sim, S + "EnableBooking")[-1]["enabled"] is True


async def test_deactivating_asks_first_activating_does_not(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await shows(pilot, sim)
        show = await cursor_to(pilot, screen, "aurora")
        await pilot.press("a")
        await settle(pilot, lambda: isinstance(app.screen, ConfirmModal))
        assert app.screen.focused is not None and app.screen.focused.id == "cancel"
        await pilot.press("enter")  # Cancel
        await settle(pilot)
        assert sim.calls_to(S + "SetActive") == []
        await pilot.press("a")
        await settle(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("right", "enter")
        await settle(pilot, lambda: sim.calls_to(S + "SetActive"))
        assert bodies(sim, S + "SetActive") == [{"show": {"id": show.id}, "value": False}]
        await said(pilot, "Deactivated aurora", exact=True)
        await refreshed(pilot, sim, S + "GetShows", screen)
        assert not screen.table.get_item(show.id).active
        await pilot.press("a")  # inactive: activating is one key
        await settle(pilot, lambda: len(sim.calls_to(S + "SetActive")) == 2)
        assert not isinstance(app.screen, ConfirmModal)
        assert bodies(sim, S + "SetActive")[-1] == {"show": {"id": show.id}, "value": True}
        await said(pilot, "Activated aurora", exact=True)


async def test_readonly_hides_and_refuses_every_show_setting(sim: SimHarness) -> None:
    app = make_app(sim, readonly=True)
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await shows(pilot, sim)
        for verb in ("min_cores", "max_cores", "booking", "dispatching", "comment_email", "active"):
            assert screen.check_action("verb", (verb,)) is False
            screen.action_verb(verb)
        await pilot.press("m", "M", "b", "d", "e", "a")
        await settle(pilot)
        assert app.screen is screen
        setters = ("SetDefault", "Enable", "SetCommentEmail", "SetActive")
        assert not [c for c in sim.calls if c.path.startswith(S) and setters_in(c.path, setters)]


def setters_in(path: str, names: tuple[str, ...]) -> bool:
    return path.rsplit("/", 1)[1].startswith(names)


async def test_p_lists_the_settings_and_a_key_there_runs_its_verb(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await shows(pilot, sim)
        show = await cursor_to(pilot, screen, "testing")
        await pilot.press("P")
        await settle(pilot, lambda: isinstance(app.screen, ShowSettingsModal))
        modal = app.screen
        assert modal.values() == {
            "min_cores": "1",
            "max_cores": "2000",
            "booking": "on",
            "dispatching": "on",
            "comment_email": "testing-wranglers@studio.example",
            "active": "yes",
        }
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen and not [c for c in sim.calls if "Set" in c.path]
        await pilot.press("P")
        await settle(pilot, lambda: isinstance(app.screen, ShowSettingsModal))
        await pilot.press("down", "down", "enter")  # Booking
        await settle(pilot, lambda: sim.calls_to(S + "EnableBooking"))
        assert bodies(sim, S + "EnableBooking") == [{"show": {"id": show.id}, "enabled": False}]
        await pilot.press("P")
        await settle(pilot, lambda: isinstance(app.screen, ShowSettingsModal))
        await pilot.press("e")  # the email's prompt, prefilled
        await settle(pilot, lambda: isinstance(app.screen, PromptModal))
        assert app.screen.query_one("Input").value == "testing-wranglers@studio.example"


async def test_readonly_settings_list_values_and_change_nothing(sim: SimHarness) -> None:
    app = make_app(sim, readonly=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await shows(pilot, sim)
        await cursor_to(pilot, screen, "testing")
        await pilot.press("P")
        await settle(pilot, lambda: isinstance(app.screen, ShowSettingsModal))
        await pilot.press("a", "e", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ShowSettingsModal)  # nothing chosen, nothing asked
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        assert not [c for c in sim.calls if "/show.ShowInterface/Set" in c.path]


async def test_a_failed_subscription_read_keeps_the_last_totals_and_says_stale(
    sim: SimHarness,
) -> None:
    app = make_app(sim)
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await shows(pilot, sim)
        testing = await cursor_to(pilot, screen, "testing")
        col = column(screen, "subs")
        before = col.fmt(col.value(testing))
        assert "/" in before
        sim.faults.paths = {S + "GetSubscriptions"}
        sim.faults.error_rate = 1.0
        n = len(sim.calls_to(S + "GetSubscriptions"))
        screen.poll_now(manual=True)
        await settle(pilot, lambda: len(sim.calls_to(S + "GetSubscriptions")) > n)
        await settle(pilot)
        assert screen.poller.error is not None
        assert col.fmt(col.value(screen.table.get_item(testing.id))) == before
