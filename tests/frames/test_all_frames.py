"""All frames, live: every page of a job loaded in the background, then GetUpdatedFrames."""

from __future__ import annotations

import time
from typing import Any

import pytest
from frames_support import make_app, open_frames, settle

from cuetui.client import GatewayClient
from cuetui.core import frame_loader
from cuetui.core.frame_loader import AllFrames
from cuetui.models import Frame, Job, UpdatedFrame, UpdatedFrames
from cuetui.screens.frames import FramesScreen
from cuetui.sim.harness import SimHarness

GET_FRAMES = "/job.JobInterface/GetFrames"
UPDATED = "/job.JobInterface/GetUpdatedFrames"


@pytest.fixture(autouse=True)
def pages_of_the_page_size(monkeypatch: pytest.MonkeyPatch) -> None:
    """All frames reads pages of `frame_page_size` here (10 frames in 4 pages of 3), not of
    ALL_FRAMES_PAGE (2,000): the tests below are about paging."""
    monkeypatch.setattr("cuetui.screens.frames.ALL_FRAMES_PAGE", 0)


def numbers(screen: FramesScreen) -> list[int]:
    return [f.number for f in screen.table.items()]


def loaded(screen: FramesScreen) -> bool:
    feed = screen.feed
    return isinstance(feed, AllFrames) and not feed.loading


async def all_frames(pilot: Any, sim: SimHarness, anchor: str = "failing") -> FramesScreen:
    screen = await open_frames(pilot, sim, anchor)
    sim.clear_calls()
    await pilot.press("A")
    await settle(pilot, lambda: loaded(screen))
    return screen


async def test_loads_every_page_in_turn_and_shows_every_frame(sim: SimHarness) -> None:
    app = make_app(sim, frame_page_size=3)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_frames(pilot, sim)
        assert numbers(screen) == [1, 2, 3] and "page 1/4" in screen.crumb()
        screen.table.move_to(screen.table.items()[1].id)  # frame 2
        sim.clear_calls()
        await pilot.press("A")
        await settle(pilot, lambda: loaded(screen))
        job = {"id": sim.farm.anchors["failing"]}
        assert [c.body for c in sim.calls_to(GET_FRAMES)] == [
            {"job": job, "req": {"page": p, "limit": 3, "includeFinished": True}}
            for p in (1, 2, 3, 4)
        ]
        assert numbers(screen) == list(range(1, 11))
        assert screen.table.cursor_item is not None and screen.table.cursor_item.number == 2
        assert screen.crumb().endswith("all 10")
        assert not sim.calls_to(UPDATED)
        # Paging means nothing here: the keys are off (and hidden).
        assert screen.check_action("page", (1,)) is False
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert len(sim.calls_to(GET_FRAMES)) == 4
        # `A` again: back to one page.
        await pilot.press("A")
        await settle(pilot, lambda: numbers(screen) == [1, 2, 3])
        assert "page 1/4" in screen.crumb()


async def test_pages_of_two_thousand_frames(
    sim: SimHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("cuetui.screens.frames.ALL_FRAMES_PAGE", frame_loader.ALL_FRAMES_PAGE)
    app = make_app(sim, frame_page_size=3)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await all_frames(pilot, sim)
        (call,) = sim.calls_to(GET_FRAMES)  # 10 frames: one short page
        assert call.body["req"] == {"page": 1, "limit": 2000, "includeFinished": True}
        assert numbers(screen) == list(range(1, 11))


async def test_a_batch_not_shown_makes_the_next_one_show_every_frame(sim: SimHarness) -> None:
    app = make_app(sim, frame_page_size=3)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await all_frames(pilot, sim)
        feed = screen.feed
        assert isinstance(feed, AllFrames)
        gone = next(iter(feed.frames))
        del feed.frames[gone]  # what a batch dropped while frozen said, the table never saw
        feed.seq += 1
        sim.tick(5)
        await pilot.press("ctrl+r")
        await settle(pilot, lambda: screen.table.counts[1] == 9)
        assert gone not in {f.id for f in screen.table.items()}


async def test_table_grows_page_by_page_with_progress_in_the_crumbs(sim: SimHarness) -> None:
    app = make_app(sim, frame_page_size=3)
    seen: list[tuple[int, str]] = []
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_frames(pilot, sim)
        original = screen.after_apply

        def spy(items: list[Any]) -> None:
            original(items)
            seen.append((screen.table.counts[1], screen.crumb().rsplit("> frames ", 1)[-1]))

        screen.after_apply = spy  # type: ignore[method-assign]
        await pilot.press("A")
        await settle(pilot, lambda: loaded(screen))
    # Page 1 replaces the page shown (the same frames), then the table grows.
    assert seen == [
        (3, "loading 3/10"),
        (6, "loading 6/10"),
        (9, "loading 9/10"),
        (10, "all 10"),
    ]


async def test_then_live_with_updated_frames_from_before_the_first_page(sim: SimHarness) -> None:
    app = make_app(sim, frame_page_size=3)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await all_frames(pilot, sim)
        feed = screen.feed
        assert isinstance(feed, AllFrames)
        first_page_at = feed.last_check
        sim.tick(45)
        await pilot.press("ctrl+r")
        await settle(pilot, lambda: bool(sim.calls_to(UPDATED)))
        (call,) = sim.calls_to(UPDATED)
        assert call.body["lastCheck"] == first_page_at
        assert len(sim.calls_to(GET_FRAMES)) == 4  # no page read again
        assert feed.last_mode == "incremental"
        fresh = await app.client.get_frames(screen.job)
        want = {f.id: (f.state, f.retry_count, f.stop_time) for f in fresh}
        got = {f.id: (f.state, f.retry_count, f.stop_time) for f in screen.table.items()}
        assert got == want and len(got) == 10


async def test_hanging_updates_read_the_pages_again_without_clearing(sim: SimHarness) -> None:
    app = make_app(sim, frame_page_size=3)
    app._client = GatewayClient.from_settings(app.settings, updated_frames_timeout=0.3)
    sizes: list[int] = []
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await all_frames(pilot, sim)
        original = screen.after_apply

        def spy(items: list[Any]) -> None:
            original(items)
            sizes.append(screen.table.counts[1])

        screen.after_apply = spy  # type: ignore[method-assign]
        sim.clear_calls()
        sim.faults.hang(UPDATED)
        await pilot.press("ctrl+r")
        await settle(pilot, lambda: loaded(screen) and len(sim.calls_to(GET_FRAMES)) == 4)
        sim.faults.reset()
        feed = screen.feed
        assert isinstance(feed, AllFrames) and feed.passes == 2
        assert "fetch all frames" in feed.fallback_reason
        assert [c.body["req"]["page"] for c in sim.calls_to(GET_FRAMES)] == [1, 2, 3, 4]
        # Never cleared: read again over what is shown, page by page.
        assert sizes and set(sizes) == {10}
        assert numbers(screen) == list(range(1, 11))


async def test_state_filter_applies_to_every_page(sim: SimHarness) -> None:
    app = make_app(sim, frame_page_size=2)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await all_frames(pilot, sim)
        sim.clear_calls()
        await pilot.press("f")  # DEAD: frames 5, 6, 7
        await settle(pilot, lambda: loaded(screen) and len(sim.calls_to(GET_FRAMES)) == 2)
        reqs = [c.body["req"] for c in sim.calls_to(GET_FRAMES)]
        assert [r["page"] for r in reqs] == [1, 2]
        assert all(r["states"] == {"frameStates": ["DEAD"]} for r in reqs)
        assert numbers(screen) == [5, 6, 7]
        assert screen.crumb().endswith("[DEAD] all 3")


async def test_twenty_thousand_frames_arrive(sim_large: SimHarness) -> None:
    app = make_app(sim_large, show=None)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot, timeout=30)
        job = await app.client.get_job(sim_large.farm.anchors["big"])
        app.push_screen(FramesScreen(job))
        await settle(pilot, lambda: app.screen.table.row_count > 0, timeout=30)
        screen = app.screen
        assert isinstance(screen, FramesScreen)
        start = time.monotonic()
        await pilot.press("A")
        try:
            await settle(pilot, lambda: loaded(screen), timeout=60)
        except AssertionError:
            pytest.skip("20,000 frames took over 60 s on this machine")
        took = time.monotonic() - start
        assert screen.table.row_count == 20_000, took
        assert screen.crumb().endswith("all 20,000")


# -- the loader alone (a fake client: no Textual, no HTTP) ---------------------------------


class FakeClient:
    def __init__(self, n: int) -> None:
        self.frames = [Frame(id=f"f{i}", number=i, state="WAITING") for i in range(1, n + 1)]
        self.calls: list[str] = []
        self.updates: list[UpdatedFrames] = []
        self.changed: set[str] = set()
        self.now = 1_000_000

    def estimated_server_time(self) -> int:
        return self.now

    async def get_job(self, job_id: str) -> Job:
        job = Job(id="j", name="job")
        job.job_stats.total_frames = len(self.frames)
        return job

    async def get_frames(self, job: Any, *, limit: int, page: int = 1, **kw: Any) -> list[Frame]:
        if kw.get("changed_since"):
            self.calls.append(f"changed {kw['changed_since']} page {page}")
            pool = [f for f in self.frames if f.id in self.changed]
            return [f.model_copy() for f in pool[(page - 1) * limit : page * limit]]
        pool = [f for f in self.frames if not kw.get("states") or f.state in kw["states"]]
        if kw.get("ids"):
            self.calls.append(f"ids {kw['ids']}")
            return [f.model_copy() for f in pool if f.id in kw["ids"]]
        self.calls.append(f"page {page}")
        return [f.model_copy() for f in pool[(page - 1) * limit : page * limit]]

    async def get_updated_frames(self, job: Any, last_check: int, **kw: Any) -> UpdatedFrames:
        self.calls.append(f"updated {last_check}")
        return self.updates.pop(0)


def changes(*pairs: tuple[int, str]) -> UpdatedFrames:
    frames = [UpdatedFrame(id=f"f{n}", state=s) for n, s in pairs]
    return UpdatedFrames(state="PENDING", server_time=1_000_010, updated_frames=frames)


async def test_a_capped_answer_reads_the_changed_frames() -> None:
    client = FakeClient(25)
    feed = AllFrames(client, Job(id="j"), limit=2)
    while feed.loading:
        await feed.fetch()
    assert client.calls == [f"page {p}" for p in range(1, 14)]
    client.calls.clear()
    client.frames[20].state = "DEAD"  # cut off by the cap
    client.frames.append(Frame(id="f26", number=26, state="WAITING"))
    client.changed = {"f21", "f26", "f3"}
    client.updates.append(changes(*[(i % 25 + 1, "RUNNING") for i in range(100)]))
    shown = await feed.fetch()
    assert client.calls == ["updated 999999", "changed 999999 page 1", "changed 999999 page 2"]
    # The batch is every frame the answer and the reads changed, the new one last.
    assert len(shown) == 26 and not feed.loading and feed.last_mode == "changes"
    assert not shown.whole and len(feed.frames) == 26
    assert feed.frames["f21"].state == "DEAD" and shown[-1].id == "f26"
    assert feed.last_check == 1_000_010 and feed.passes == 1


async def test_a_capped_answer_under_a_state_filter_reads_the_pages_again() -> None:
    client = FakeClient(25)
    feed = AllFrames(client, Job(id="j"), limit=2, states=("WAITING",))
    while feed.loading:
        await feed.fetch()
    client.calls.clear()
    client.updates.append(changes(*[(i % 25 + 1, "WAITING") for i in range(100)]))
    shown = await feed.fetch()
    assert len(shown) == 25 and feed.loading and "cap" in feed.fallback_reason
    sizes = []
    while feed.loading:
        batch = await feed.fetch()
        assert not batch.whole and len(feed.frames) == 25  # nothing cleared
        sizes.append(len(batch))
    assert sizes == [2] * 12 + [1]  # page by page, merged over the frames shown
    assert client.calls == ["updated 999999", *(f"page {p}" for p in range(1, 14))]
    assert feed.last_check == client.now - 1 and feed.passes == 2


async def test_frames_entering_or_leaving_the_state_filter() -> None:
    client = FakeClient(6)
    client.frames[0].state = client.frames[1].state = "DEAD"
    feed = AllFrames(client, Job(id="j"), limit=5, states=("DEAD",))
    while feed.loading:
        await feed.fetch()
    assert sorted(feed.frames) == ["f1", "f2"]
    client.frames[0].state, client.frames[4].state = "WAITING", "DEAD"
    client.updates.append(changes((1, "WAITING"), (5, "DEAD")))
    shown = await feed.fetch()
    assert [f.id for f in shown] == ["f2"] and shown.whole  # f1 left at once
    shown = await feed.fetch()  # f5 joined: read by id, the only fields GetFrames gives
    assert client.calls[-1] == "ids ['f5']"
    assert [f.id for f in shown] == ["f5"] and not shown.whole and not feed.loading
    assert list(feed.frames) == ["f2", "f5"]


async def test_loads_only_while_on_view(sim: SimHarness) -> None:
    from cuetui.screens.help import HelpScreen

    app = make_app(sim, frame_page_size=3)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_frames(pilot, sim)
        sim.clear_calls()
        # Long enough that the help screen is surely on top before the first page returns,
        # even on a loaded machine.
        sim.faults.latency = 1.0
        # Not pilot.press: it waits for the app to be idle, which it is not while loading.
        screen.action_all_frames()
        app.push_screen(HelpScreen(screen))  # at once: the first step may be in flight
        await pilot.pause(2.5)  # time for pages 2 and 3 had it kept loading off view
        assert len(sim.calls_to(GET_FRAMES)) <= 1 and not loaded(screen)
        sim.faults.latency = 0.0
        app.pop_screen()
        await settle(pilot, lambda: loaded(screen))
        assert [c.body["req"]["page"] for c in sim.calls_to(GET_FRAMES)] == [1, 2, 3, 4]
        assert numbers(screen) == list(range(1, 11))
