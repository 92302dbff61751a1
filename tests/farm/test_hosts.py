"""HostsScreen against the simulated gateway: render, server-side criteria, lock/tags/repair."""

from __future__ import annotations

from farm_support import bodies, cursor_to, make_app, messages, opened, refreshed, run, settle

from cuetui.core.criteria import HostFilter
from cuetui.core.farm_cells import ping_style, ping_text
from cuetui.models import Host
from cuetui.screens.hosts import HostsScreen, host_columns, host_row_style
from cuetui.screens.procs import ProcsScreen
from cuetui.sim.harness import SimHarness
from cuetui.widgets.confirm import ConfirmModal
from cuetui.widgets.prompt import ChoiceModal, PromptModal, TagEditorModal

HOST = "/host.HostInterface/"
GET_HOSTS = HOST + "GetHosts"
ACTIONS = [HOST + v for v in ("Lock", "Unlock", "AddTags", "RemoveTags", "RenameTag",
                              "SetHardwareState")]  # fmt: skip


def actions(sim: SimHarness) -> list[tuple[str, dict]]:
    return [(c.path, c.body) for c in sim.calls if c.path in ACTIONS]


def by_name(screen: HostsScreen) -> dict[str, Host]:
    return {h.name: h for h in screen.table.visible_items()}


async def test_renders_every_host_with_its_state(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await run(pilot, "hosts", HostsScreen)
        hosts = by_name(screen)
        assert len(hosts) == 24
        assert hosts["render-0014"].state == "DOWN"
        assert hosts["render-0015"].lock_state == "LOCKED"
        assert hosts["render-0016"].state == "REPAIR"
        assert hosts["ws-kwong"].lock_state == "NIMBY_LOCKED"
        assert bodies(sim, GET_HOSTS) == [{"r": {}}]
        assert screen.crumb() == "hosts"
        # At 80 columns the essentials stay: name, alloc, state, lock, cores, mem, ping.
        shown = [c.key for c in screen.table._shown]
        assert {"name", "alloc", "state", "lock", "cores", "mem", "ping"} <= set(shown)


async def test_server_side_criteria_are_sent(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(120, 30)) as pilot:
        command = "hosts alloc=local.general state=DOWN,repair lock=LOCKED regex=render-00"
        screen = await run(pilot, command, HostsScreen)
        assert bodies(sim, GET_HOSTS)[-1] == {
            "r": {
                "regex": ["render-00"],
                "allocs": ["local.general"],
                "states": {"state": ["DOWN", "REPAIR"]},
                "lockStates": {"state": ["LOCKED"]},
            }
        }
        assert screen.crumb() == (
            "hosts alloc=local.general state=DOWN,REPAIR lock=LOCKED regex=render-00"
        )
        assert by_name(screen) == {}  # no host is both down and locked in the small farm
        screen = await run(pilot, "hosts alloc=local.general state=DOWN", HostsScreen)
        assert bodies(sim, GET_HOSTS)[-1] == {
            "r": {"allocs": ["local.general"], "states": {"state": ["DOWN"]}}
        }
        assert "render-0014" in by_name(screen)
        assert all(h.state == "DOWN" for h in by_name(screen).values())


async def test_bad_criteria_say_why_and_send_nothing(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        sim.clear_calls()
        app.run_command("hosts state=BROKEN", app.screen.context())
        app.run_command("hosts colour=red", app.screen.context())
        await settle(pilot)
        assert sim.calls_to(GET_HOSTS) == []
        text = " ".join(messages(app))
        assert "unknown hardware state BROKEN" in text
        assert "unknown criterion colour=" in text


def test_criteria_parse_aliases_and_bare_words() -> None:
    f = HostFilter.parse("a=local.gpu s=up lock=nimby render-00[12]")
    assert f.client_args() == {
        "allocs": ["local.gpu"],
        "states": ["UP"],
        "lock_states": ["NIMBY_LOCKED"],
        "regex": ["render-00[12]"],
    }
    assert HostFilter.parse("").client_args() == {}


def test_row_colours_and_stale_ping() -> None:
    assert host_row_style(Host(state="DOWN")) == "red"
    assert host_row_style(Host(state="REPAIR", lock_state="LOCKED")) == "red"
    assert host_row_style(Host(state="REBOOT_WHEN_IDLE")) == "yellow"
    assert host_row_style(Host(lock_state="NIMBY_LOCKED")) == "dim"
    assert host_row_style(Host()) == ""
    now = 1_000_000.0
    ping = next(c for c in host_columns(lambda: now) if c.key == "ping")
    assert ping.value(Host(ping_time=int(now) - 12)) == 12
    assert ping.value(Host(ping_time=int(now) - 150)) == 120  # whole minutes once late
    assert (ping_text(12), ping_style(12)) == ("12s", "")
    assert (ping_text(120), ping_style(120)) == ("2m", "yellow")
    assert ping_style(600) == "bold red"


async def test_lock_says_frames_keep_running_then_unlock(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await run(pilot, "hosts", HostsScreen)
        host = await cursor_to(pilot, screen, "render-0003")
        assert host.used_cores > 0
        await pilot.press("L")
        await settle(pilot, lambda: actions(sim))
        assert actions(sim) == [(HOST + "Lock", {"host": {"id": host.id}})]
        assert any("keep running" in m for m in messages(app))
        assert "Lock done for render-0003" in messages(app)
        await refreshed(pilot, sim, GET_HOSTS, screen)
        assert screen.table.get_item(host.id).lock_state == "LOCKED"
        await pilot.press("L")
        await settle(pilot, lambda: len(actions(sim)) == 2)
        assert actions(sim)[-1] == (HOST + "Unlock", {"host": {"id": host.id}})
        await refreshed(pilot, sim, GET_HOSTS, screen)
        assert screen.table.get_item(host.id).lock_state == "OPEN"


async def test_marked_hosts_are_locked_together(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await run(pilot, "hosts regex=^render-000[12]$", HostsScreen)
        first = await cursor_to(pilot, screen, "render-0001")
        await pilot.press("space", "space")
        second = screen.table.get_item(by_name(screen)["render-0002"].id)
        await pilot.press("L")
        await settle(pilot, lambda: len(actions(sim)) == 2)
        sent = sorted(b["host"]["id"] for p, b in actions(sim) if p == HOST + "Lock")
        assert sent == sorted([first.id, second.id])
        assert screen.table.marks == frozenset()


async def test_add_remove_and_rename_tags(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await run(pilot, "hosts", HostsScreen)
        host = await cursor_to(pilot, screen, "render-0005")
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceModal)
        assert "general linux" in app.screen.title_text  # the current tags
        await pilot.press("enter")  # Add tags…
        await pilot.pause()
        assert isinstance(app.screen, TagEditorModal)
        await pilot.press(*"repair", "enter")
        await settle(pilot, lambda: actions(sim))
        assert actions(sim) == [(HOST + "AddTags", {"host": {"id": host.id}, "tags": ["repair"]})]
        await refreshed(pilot, sim, GET_HOSTS, screen)
        assert "repair" in screen.table.get_item(host.id).tags

        await pilot.press("t", "down", "down", "enter")  # Rename a tag…
        await pilot.pause()
        assert isinstance(app.screen, ChoiceModal)
        await pilot.press("down", "down", "enter")  # the third tag: repair
        await pilot.pause()
        assert isinstance(app.screen, PromptModal)
        await pilot.press(*"fixme", "enter")  # the old name is selected: typing replaces it
        await settle(pilot, lambda: len(actions(sim)) == 2)
        assert actions(sim)[-1] == (
            HOST + "RenameTag",
            {"host": {"id": host.id}, "oldTag": "repair", "newTag": "fixme"},
        )
        await refreshed(pilot, sim, GET_HOSTS, screen)
        assert screen.table.get_item(host.id).tags == ["general", "linux", "fixme"]

        await pilot.press("t", "down", "enter")  # Remove tags…
        await pilot.pause()
        await pilot.press(*"fixme", "enter")
        await settle(pilot, lambda: len(actions(sim)) == 3)
        assert actions(sim)[-1] == (
            HOST + "RemoveTags",
            {"host": {"id": host.id}, "tags": ["fixme"]},
        )
        await refreshed(pilot, sim, GET_HOSTS, screen)
        assert screen.table.get_item(host.id).tags == ["general", "linux"]


async def test_repair_confirms_and_cancel_sends_nothing(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await run(pilot, "hosts", HostsScreen)
        host = await cursor_to(pilot, screen, "render-0002")
        await pilot.press("R")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("enter")  # Cancel has the focus
        await settle(pilot)
        assert actions(sim) == []
        await pilot.press("R")
        await pilot.pause()
        await pilot.press("right", "enter")  # Set repair
        await settle(pilot, lambda: actions(sim))
        expected = {"host": {"id": host.id}, "state": "REPAIR"}
        assert actions(sim) == [(HOST + "SetHardwareState", expected)]
        await refreshed(pilot, sim, GET_HOSTS, screen)
        assert screen.table.get_item(host.id).state == "REPAIR"
        # On a host in repair, R clears it: DOWN, as CueGUI does.
        await pilot.press("R")
        await pilot.pause()
        assert "DOWN" in str(app.screen.warning)
        await pilot.press("right", "enter")
        await settle(pilot, lambda: len(actions(sim)) == 2)
        expected = {"host": {"id": host.id}, "state": "DOWN"}
        assert actions(sim)[-1] == (HOST + "SetHardwareState", expected)


async def test_clear_repair_leaves_hosts_not_in_repair_alone(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await run(pilot, "hosts", HostsScreen)
        await cursor_to(pilot, screen, "render-0002")
        screen.action_verb("clear_repair")
        await settle(pilot)
        assert actions(sim) == []
        assert "no selected host is in REPAIR" in " ".join(messages(app))


async def test_readonly_hides_and_refuses_host_actions(sim: SimHarness) -> None:
    app = make_app(sim, readonly=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await run(pilot, "hosts", HostsScreen)
        await cursor_to(pilot, screen, "render-0002")
        for action in ("lock", "tags", "repair", "set_repair", "clear_repair"):
            assert screen.check_action("verb", (action,)) is False
        shown = {b.binding.action for b in screen.active_bindings.values() if b.enabled}
        assert not shown & {"verb('lock')", "verb('tags')", "verb('repair')"}
        await pilot.press("L", "t", "R")
        screen.action_verb("tags")  # a keymap or the palette
        await settle(pilot)
        assert app.screen is screen
        assert actions(sim) == []


async def test_enter_shows_the_hosts_procs(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await run(pilot, "hosts", HostsScreen)
        host = await cursor_to(pilot, screen, "render-0003")
        await pilot.press("enter")
        await opened(pilot, ProcsScreen)
        assert bodies(sim, HOST + "GetProcs") == [{"host": {"id": host.id}}]
        assert {p.host_name for p in app.screen.table.items()} == {"render-0003"}
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen


async def test_five_thousand_hosts_keep_the_cursor_and_poll_the_whole_list_slower(
    sim_large: SimHarness,
) -> None:
    app = make_app(sim_large, show=None, refresh=3.0)
    async with app.run_test(size=(80, 24)) as pilot:
        app.goto(HostsScreen())
        screen = await opened(pilot, HostsScreen)
        assert screen.table.counts == (5000, 5000)
        # A full GetHosts of 5,000 hosts is 3 MB: the rows on view every 3 s, the whole
        # list every few minutes (its bytes against the view's budget).
        assert screen.poller.interval == 3.0
        assert screen.rows_poll.split
        assert screen.rows_poll.full_interval() > 120
        await pilot.press("pagedown", "pagedown", "down")
        host = screen.table.cursor_item
        before = len(sim_large.calls_to(GET_HOSTS))
        await pilot.press("ctrl+r")
        await settle(pilot, lambda: len(sim_large.calls_to(GET_HOSTS)) > before)
        assert screen.table.cursor_item.id == host.id
