"""FramesScreen against the simulated gateway over real HTTP: render, page, filter, refresh."""

from __future__ import annotations

from typing import Any

from frames_support import make_app, open_frames, settle

from cuetui.client import GatewayClient
from cuetui.screens.frames import FramesScreen
from cuetui.sim.harness import SimHarness

GET_FRAMES = "/job.JobInterface/GetFrames"
UPDATED = "/job.JobInterface/GetUpdatedFrames"


def layers_of(screen: FramesScreen) -> set[str]:
    return {f.layer_name for f in screen.table.visible_items()}


def states_of(screen: FramesScreen) -> dict[int, str]:
    return {f.number: f.state for f in screen.table.visible_items()}


async def test_renders_the_jobs_frames(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_frames(pilot, sim)
        assert states_of(screen) == {
            1: "SUCCEEDED", 2: "SUCCEEDED", 3: "SUCCEEDED", 4: "SUCCEEDED",
            5: "DEAD", 6: "DEAD", 7: "DEAD", 8: "RUNNING", 9: "RUNNING", 10: "RUNNING",
        }  # fmt: skip
        (call,) = sim.calls_to(GET_FRAMES)
        job_id = sim.farm.anchors["failing"]
        assert call.body == {
            "job": {"id": job_id},
            "req": {"page": 1, "limit": 500, "includeFinished": True},
        }
        assert "frames" in screen.crumb()


async def test_paging_sends_page_and_limit(sim: SimHarness) -> None:
    app = make_app(sim, frame_page_size=4)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_frames(pilot, sim)
        assert sorted(states_of(screen)) == [1, 2, 3, 4]
        assert "page 1/3" in screen.crumb()
        await pilot.press("right_square_bracket")
        await settle(pilot, lambda: 5 in states_of(screen))
        assert sim.calls_to(GET_FRAMES)[-1].body["req"] == {
            "page": 2, "limit": 4, "includeFinished": True,
        }  # fmt: skip
        assert sorted(states_of(screen)) == [5, 6, 7, 8]
        assert "page 2/3" in screen.crumb()
        await pilot.press("right_square_bracket", "right_square_bracket")
        await settle(pilot, lambda: 9 in states_of(screen))
        assert sim.calls_to(GET_FRAMES)[-1].body["req"]["page"] == 3
        assert sorted(states_of(screen)) == [9, 10]
        await pilot.press("left_square_bracket")
        await settle(pilot, lambda: 5 in states_of(screen))
        assert sim.calls_to(GET_FRAMES)[-1].body["req"]["page"] == 2


async def test_state_filter_is_sent_to_the_server(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_frames(pilot, sim)
        await pilot.press("f")
        await settle(pilot, lambda: len(states_of(screen)) == 3)
        req = sim.calls_to(GET_FRAMES)[-1].body["req"]
        assert req["states"] == {"frameStates": ["DEAD"]}
        assert set(states_of(screen).values()) == {"DEAD"}
        assert "[DEAD]" in screen.crumb()
        await pilot.press("f")
        await settle(pilot, lambda: set(states_of(screen).values()) == {"RUNNING"})
        assert sim.calls_to(GET_FRAMES)[-1].body["req"]["states"] == {"frameStates": ["RUNNING"]}


async def test_layer_filter_from_the_picker(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_frames(pilot, sim, "depend")
        assert layers_of(screen) == {"render", "comp"}
        await pilot.press("L")
        await settle(pilot)
        await pilot.press("down", "down", "enter")  # all layers, render, comp
        await settle(pilot, lambda: layers_of(screen) == {"comp"})
        assert sim.calls_to(GET_FRAMES)[-1].body["req"]["layers"] == ["comp"]


def snapshot(frames: Any) -> dict[int, tuple[str, int, int, int]]:
    return {f.number: (f.state, f.retry_count, f.used_memory, f.stop_time) for f in frames}


async def test_incremental_refresh_merges_changes(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_frames(pilot, sim)
        before = snapshot(screen.table.visible_items())
        full_calls = len(sim.calls_to(GET_FRAMES))
        # Within Cuebot's 60 s: an older lastCheck is never answered (the sim hangs too).
        sim.tick(45)
        await pilot.press("ctrl+r")
        await settle(pilot, lambda: bool(sim.calls_to(UPDATED)))
        (call,) = sim.calls_to(UPDATED)
        assert call.body["job"] == {"id": sim.farm.anchors["failing"]}
        assert isinstance(call.body["lastCheck"], int) and call.body["lastCheck"] > 0
        assert len(sim.calls_to(GET_FRAMES)) == full_calls  # no full fetch
        assert screen.feed is not None and screen.feed.last_mode == "incremental"
        # The table now shows what the farm says, and the farm did move.
        fresh = snapshot(await app.client.get_frames(screen.job))
        assert snapshot(screen.table.visible_items()) == fresh
        assert fresh != before


def _client(sim: SimHarness, app: Any) -> GatewayClient:
    return GatewayClient.from_settings(app.settings, updated_frames_timeout=0.3)


async def test_falls_back_to_full_fetch_when_updates_hang(sim: SimHarness) -> None:
    app = make_app(sim)
    app._client = _client(sim, app)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_frames(pilot, sim)
        sim.faults.hang(UPDATED)
        before = len(sim.calls_to(GET_FRAMES))
        await pilot.press("ctrl+r")
        await settle(pilot, lambda: len(sim.calls_to(GET_FRAMES)) > before)
        assert sim.calls_to(UPDATED)
        assert screen.feed is not None and screen.feed.last_mode == "full"
        assert "fetch all frames" in screen.feed.fallback_reason
        sim.faults.reset()


async def test_falls_back_to_full_fetch_when_updates_fail(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_frames(pilot, sim)
        before = len(sim.calls_to(GET_FRAMES))
        sim.faults.queue("error")  # the next request: GetUpdatedFrames
        await pilot.press("ctrl+r")
        await settle(pilot, lambda: len(sim.calls_to(GET_FRAMES)) > before)
        assert len(sim.calls_to(UPDATED)) == 1
        assert screen.feed is not None and screen.feed.last_mode == "full"
        assert not screen.poller.stale  # the fallback answered: the data is fresh


async def test_layer_drill_down_shows_only_that_layer(sim: SimHarness) -> None:
    from cuetui.screens.layers import LayersScreen

    app = make_app(sim)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        job = await app.client.get_job(sim.farm.anchors["depend"])
        app.push_screen(LayersScreen(job))
        await settle(
            pilot, lambda: isinstance(app.screen, LayersScreen) and app.screen.table.row_count == 2
        )
        layers = app.screen
        comp = next(ly for ly in layers.table.visible_items() if ly.name == "comp")
        layers.table.move_to(comp.id)
        sim.clear_calls()
        await pilot.press("enter")
        await settle(
            pilot, lambda: isinstance(app.screen, FramesScreen) and app.screen.table.row_count
        )
        screen = app.screen
        assert isinstance(screen, FramesScreen)
        assert layers_of(screen) == {"comp"}
        assert sim.calls_to(GET_FRAMES)[-1].body["req"]["layers"] == ["comp"]
        assert screen.crumb().startswith("comp")
        await pilot.press("ctrl+r")
        await settle(pilot, lambda: bool(sim.calls_to(UPDATED)))
        body = sim.calls_to(UPDATED)[-1].body
        assert body["layerFilter"] == {"layers": [{"id": comp.id}]}


async def test_runtime_of_running_frames_ticks_between_polls(sim: SimHarness) -> None:
    app = make_app(sim)
    now = [float(sim.farm.now)]
    app.clock = lambda: now[0]
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_frames(pilot, sim)
        running = next(f for f in screen.table.visible_items() if f.number == 8)
        done = next(f for f in screen.table.visible_items() if f.number == 1)

        def cell(frame: Any) -> str:
            return str(screen.table.get_cell(frame.id, "runtime"))

        before_running, before_done = cell(running), cell(done)
        calls = len(sim.calls)
        now[0] += 65
        await settle(pilot, lambda: cell(running) != before_running)
        assert cell(done) == before_done
        assert len(sim.calls) == calls  # no request: the clock alone moved it


async def test_state_picker_sends_the_chosen_state(sim: SimHarness) -> None:
    from cuetui.widgets.prompt import ChoiceModal

    app = make_app(sim)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_frames(pilot, sim)
        await pilot.press("F")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceModal)
        # all states, Waiting, Setup, Running, Succeeded
        await pilot.press("down", "down", "down", "down", "enter")
        await settle(pilot, lambda: set(states_of(screen).values()) == {"SUCCEEDED"})
        req = sim.calls_to(GET_FRAMES)[-1].body["req"]
        assert req["states"] == {"frameStates": ["SUCCEEDED"]}
        await pilot.press("F", "escape")  # Esc keeps the filter
        await pilot.pause()
        assert screen.feed is not None and screen.feed.states == ("SUCCEEDED",)
