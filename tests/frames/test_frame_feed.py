"""FrameFeed's full/incremental policy with a fake client (no Textual, no HTTP)."""

from __future__ import annotations

from typing import Any

from cuetui.client.errors import Internal, UpdatedFramesFallback
from cuetui.core.frame_feed import FrameFeed
from cuetui.models import Frame, Job, UpdatedFrame, UpdatedFrames


class FakeClient:
    def __init__(self, frames: list[Frame], job: Job) -> None:
        self.frames = frames
        self.job = job
        self.calls: list[str] = []
        self.updates: list[UpdatedFrames | Exception] = []
        self.now = 1_000_000

    def estimated_server_time(self) -> int:
        return self.now

    async def get_frames(self, job: Any, **kw: Any) -> list[Frame]:
        if "ids" in kw:
            self.calls.append(f"frames ids={len(kw['ids'])} since={kw['changed_since']}")
            return [f.model_copy() for f in self.frames if f.id in kw["ids"]]
        self.calls.append(f"frames page={kw['page']} states={kw['states']}")
        return [f.model_copy() for f in self.frames]

    async def get_job(self, job_id: str) -> Job:
        self.calls.append("job")
        return self.job

    async def get_layers(self, job: Any) -> list[Any]:
        return []

    async def get_updated_frames(self, job: Any, last_check: int, **kw: Any) -> UpdatedFrames:
        self.calls.append(f"updated since {last_check}")
        result = self.updates.pop(0)
        if isinstance(result, Exception):
            raise result
        return result


def frame(n: int, state: str = "WAITING") -> Frame:
    return Frame(id=f"f{n}", number=n, name=f"{n:04d}-r", state=state)


def update(*changes: tuple[int, str], state: str = "PENDING", at: int = 1_000_010) -> UpdatedFrames:
    frames = [UpdatedFrame(id=f"f{n}", state=s) for n, s in changes]
    return UpdatedFrames(state=state, server_time=at, updated_frames=frames)


def feed_with(n: int = 5) -> tuple[FrameFeed, FakeClient]:
    job = Job(id="j", name="job")
    job.job_stats.total_frames = n
    client = FakeClient([frame(i) for i in range(1, n + 1)], job)
    return FrameFeed(client, job, limit=500), client


async def test_first_fetch_is_full_then_incremental_merges_by_id() -> None:
    feed, client = feed_with()
    frames = await feed.fetch()
    assert feed.last_mode == "full" and len(frames) == 5
    assert feed.last_check == client.now - 1
    client.updates.append(update((2, "RUNNING"), (99, "DEAD")))
    frames = await feed.fetch()
    assert feed.last_mode == "incremental"
    assert [f.state for f in frames] == ["WAITING", "RUNNING", "WAITING", "WAITING", "WAITING"]
    assert feed.last_check == 1_000_010 and not feed.full_next  # f99 is on another page


async def test_fallback_and_failures_mean_a_full_fetch() -> None:
    feed, client = feed_with()
    await feed.fetch()
    client.updates.append(UpdatedFramesFallback("no answer in time: fetch all frames"))
    await feed.fetch()
    assert feed.last_mode == "full" and "no answer" in feed.fallback_reason


async def test_job_state_change_reads_the_page_at_once() -> None:
    feed, client = feed_with()
    await feed.fetch()
    client.calls.clear()
    client.job = client.job.model_copy(update={"state": "FINISHED"})
    client.updates.append(update(state="FINISHED"))
    await feed.fetch()
    assert feed.last_mode == "full" and feed.job_state == "FINISHED"
    assert client.calls[0] == "updated since 999999" and "frames page=1 states=None" in client.calls
    # A finished job is still asked: a retry from elsewhere revives it.
    client.job = client.job.model_copy(update={"state": "PENDING"})
    client.updates.append(update(state="PENDING", at=1_000_020))
    await feed.fetch()
    assert feed.last_mode == "full" and feed.job_state == "PENDING"


async def test_a_capped_answer_reads_only_the_pages_changes() -> None:
    feed, client = feed_with()
    await feed.fetch()
    client.calls.clear()
    client.frames[2].state = "DEAD"  # among the frames the cap cut off
    client.updates.append(update(*[(i, "RUNNING") for i in range(100, 200)], at=1_000_030))
    frames = await feed.fetch()
    assert client.calls == ["updated since 999999", "frames ids=5 since=999999"]
    assert feed.last_mode == "changes" and feed.last_check == 1_000_030
    assert [f.state for f in frames][2] == "DEAD" and [f.number for f in frames] == [1, 2, 3, 4, 5]


async def test_updates_keep_what_cuebot_never_sends() -> None:
    feed, client = feed_with()
    client.frames[0].llu_time = 123
    client.frames[0].used_gpu_memory = 77
    await feed.fetch()
    client.updates.append(update((1, "RUNNING")))  # lluTime and GPU memory 0, as from Cuebot
    (first, *_) = await feed.fetch()
    assert (first.state, first.llu_time, first.used_gpu_memory) == ("RUNNING", 123, 77)


async def test_state_filter_drops_leavers_and_refetches_for_joiners() -> None:
    feed, client = feed_with()
    client.frames = [frame(1, "DEAD"), frame(2, "DEAD")]
    feed.set_states(["DEAD"])
    await feed.fetch()
    assert client.calls[-2:] in (["frames page=1 states=['DEAD']", "job"],
                                 ["job", "frames page=1 states=['DEAD']"])  # fmt: skip
    client.frames = [frame(2, "DEAD")]
    client.updates.append(update((1, "WAITING")))
    frames = await feed.fetch()  # frame 1 left: the page is read again at once
    assert [f.number for f in frames] == [2] and feed.last_mode == "full"
    client.frames = [frame(2, "DEAD"), frame(7, "DEAD")]
    client.updates.append(update((7, "DEAD")))
    frames = await feed.fetch()
    assert feed.last_mode == "full"  # frame 7 died: it belongs in this view
    assert [f.number for f in frames] == [2, 7]


async def test_many_polls_stay_incremental_until_the_check_is_stale() -> None:
    feed, client = feed_with()
    await feed.fetch()
    for i in range(25):
        client.updates.append(update((1 + i % 5, "RUNNING"), at=1_000_000 + i))
        await feed.fetch()
        assert feed.last_mode == "incremental"
    assert not any(c.startswith("frames") for c in client.calls[2:])
    client.now += 120  # off view for two minutes: Cuebot would never answer
    await feed.fetch()
    assert feed.last_mode == "full"


async def test_pages_from_counters_and_short_pages() -> None:
    feed, client = feed_with(0)
    feed.job.job_stats.total_frames = 1200
    feed.job.job_stats.dead_frames = 3
    feed.limit = 500
    assert feed.pages == 3
    assert feed.set_page(5) and feed.page == 3
    feed.set_states(["DEAD"])
    assert feed.page == 1 and feed.pages == 1
    client.frames = [frame(1)]
    await feed.fetch()
    assert feed.pages == 1


async def test_a_failing_job_read_does_not_hide_frames() -> None:
    feed, client = feed_with()

    async def broken(job_id: str) -> Job:
        raise Internal("boom")

    client.get_job = broken  # type: ignore[method-assign]
    frames = await feed.fetch()
    assert len(frames) == 5
