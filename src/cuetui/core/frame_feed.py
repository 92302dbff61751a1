"""The frames of one job page by page, kept fresh with GetUpdatedFrames (no Textual).

CueGUI's FrameMonitorTree does a full GetFrames when asked (filter, action, job change) and
otherwise merges GetUpdatedFrames into the frames it has, by id. This does the same: every
poll is one GetUpdatedFrames, merged into the page's frames in place. Cuebot's answer never
says "reload" (WhiteboardDaoJdbc.getUpdatedFrames: the job's state, at most 100 frames with
`ts_updated > lastCheck`, and `serverTime`); the page is read whole only when the answer
cannot be merged: the call failed or timed out (Cuebot never answers a `lastCheck` over
60 s old, nor for a job it no longer has), the job's state changed (finished, revived: the
counters and pages moved), or a frame entered or left the state filter. An answer cut at
100 frames reads only this page's frames changed since the last check (GetFrames by ids and
`changeDate`), so a fast-moving job does not cost a full page per poll.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from cuetui.client.errors import GatewayError, UpdatedFramesFallback
from cuetui.models import Frame, Job, JobStats, Layer, LayerStats, UpdatedFrame, UpdatedFrames

if TYPE_CHECKING:
    from cuetui.client import GatewayClient

MAX_CHECK_AGE = 50
"""Seconds: an older `lastCheck` gets no answer from Cuebot (60 s), so fetch all instead."""
MAX_UPDATES = 100
"""Cuebot's cap on one GetUpdatedFrames answer: reaching it means some may be missing."""
MAX_IDS = 1000
"""Frame ids asked by id at most (one `frame.pk_frame=?` phrase each in FrameSearch's query):
a page with more changed frames is read whole instead."""
# Fields Cuebot's UPDATED_FRAME_MAPPER never sets: their 0 in an update means "not sent".
_NOT_UPDATED = ("llu_time", "max_gpu_memory", "used_gpu_memory", "max_pss")

# Job or layer counter per FrameState, to tell how many pages a filtered view has.
_STATE_COUNTERS = {
    "WAITING": "waiting_frames",
    "RUNNING": "running_frames",
    "DEAD": "dead_frames",
    "EATEN": "eaten_frames",
    "DEPEND": "depend_frames",
    "SUCCEEDED": "succeeded_frames",
}


class FrameFeed:
    """One page of a job's frames, filtered server-side by state and layer."""

    def __init__(
        self,
        client: GatewayClient,
        job: Job,
        *,
        layers: Sequence[Layer] = (),
        limit: int = 500,
    ) -> None:
        self.client = client
        self.job = job
        self.layers: list[Layer] = list(layers)
        self.limit = max(1, int(limit))
        self.page = 1
        self.states: tuple[str, ...] = ()
        self.frames: dict[str, Frame] = {}
        self.last_check = 0
        self.job_state: str | None = None
        self.full_next = True
        self.generation = 0
        self.last_mode = ""
        """What the last fetch did: "full" (the page), "incremental" (GetUpdatedFrames
        merged) or "changes" (a capped update, then the page's changed frames by id)."""
        self.fallback_reason = ""
        self._page_len = 0

    # -- what to show -------------------------------------------------------------------

    def invalidate(self) -> None:
        """Fetch the whole page next time (after an action, or when the view changes)."""
        self.full_next = True
        self.generation += 1

    def set_page(self, page: int) -> bool:
        page = max(1, page)
        pages = self.pages
        if pages is not None:
            page = min(page, pages)
        if page == self.page:
            return False
        self.page = page
        self.invalidate()
        return True

    def set_states(self, states: Sequence[str]) -> None:
        self.states = tuple(states)
        self.page = 1
        self.invalidate()

    def set_layers(self, layers: Sequence[Layer]) -> None:
        self.layers = list(layers)
        self.page = 1
        self.invalidate()

    @property
    def matching_total(self) -> int | None:
        """Frames matching the filters, from the job's (or layers') counters; None if unknown."""
        stats: list[LayerStats] | list[JobStats]
        stats = [ly.layer_stats for ly in self.layers] or [self.job.job_stats]
        if not self.states:
            return sum(s.total_frames for s in stats)
        if any(state not in _STATE_COUNTERS for state in self.states):
            return None
        counters = [_STATE_COUNTERS[state] for state in self.states]
        return sum(int(getattr(s, name)) for s in stats for name in counters)

    @property
    def pages(self) -> int | None:
        total = self.matching_total
        if self._page_len and self._page_len < self.limit:
            return self.page  # a short page is the last one, whatever the counters say
        if total is None:
            return None
        return max(1, self.page, math.ceil(total / self.limit))

    # -- fetching -------------------------------------------------------------------------

    async def fetch(self) -> list[Frame]:
        """The page's frames now: a full fetch or a merge of what changed."""
        if self.full_next or not self.last_check:
            return await self._full()
        if self.client.estimated_server_time() - self.last_check > MAX_CHECK_AGE:
            # Off view for a while: waiting for the deadline would only delay the fallback.
            return await self._full()
        gen, since = self.generation, self.last_check
        # Asked of a finished job too (CueGUI stops): a retry from elsewhere revives it, and
        # the answer's state change is what brings the page back.
        try:
            update = await self.client.get_updated_frames(
                self.job, since, layers=self.layers or None
            )
        except UpdatedFramesFallback as exc:
            self.fallback_reason = str(exc)
            return await self._full()
        if gen != self.generation:
            return list(self.frames.values())  # the view changed meanwhile: full next
        capped = self._merge(update)
        if self.full_next:
            return await self._full()  # the answer says the page moved: read it now
        if capped:
            merged = {u.id for u in update.updated_frames}
            return await self._page_changes(since, gen, merged)
        self.last_mode = "incremental"
        return list(self.frames.values())

    async def _page_changes(self, since: int, gen: int, merged: set[str]) -> list[Frame]:
        """After a capped answer: the page's other frames changed since `since`, by id."""
        ids = [i for i in self.frames if i not in merged]  # those in the answer are fresh
        if len(ids) > MAX_IDS:
            return await self._full()
        if not ids:
            self.last_mode = "incremental"
            return list(self.frames.values())
        try:
            fresh = await self.client.get_frames(
                self.job, ids=ids, limit=len(ids), changed_since=since
            )
        except GatewayError:
            self.last_check = since  # nothing of the page was read: ask again from there
            raise
        if gen != self.generation:
            return list(self.frames.values())
        frames = self.frames
        for f in fresh:
            if f.id in frames:
                frames[f.id] = f  # same key, same place: the table diffs it by id
        self.last_mode = "changes"
        return list(frames.values())

    async def _full(self) -> list[Frame]:
        gen = self.generation
        # Taken before the call (a second early) so a change during the call is seen again.
        check = int(self.client.estimated_server_time()) - 1
        frames_call = self.client.get_frames(
            self.job,
            page=self.page,
            limit=self.limit,
            states=list(self.states) or None,
            layers=[ly.name for ly in self.layers] or None,
        )
        frames, job, layers = await asyncio.gather(
            frames_call, self._fresh_job(), self._fresh_layers()
        )
        if gen != self.generation:
            return list(self.frames.values())
        self.frames = {f.id: f for f in frames}
        self._page_len = len(frames)
        if job is not None:
            self.job = job
            self.job_state = job.state
        if layers is not None:
            self.layers = layers
        self.last_check = check
        self.full_next = False
        self.last_mode = "full"
        return frames

    async def _fresh_job(self) -> Job | None:
        # Counters for the page count and the job's state; a failure here must not hide
        # the frames, which came back fine.
        try:
            return await self.client.get_job(self.job.id)
        except GatewayError:
            return None

    async def _fresh_layers(self) -> list[Layer] | None:
        if not self.layers:
            return None
        wanted = {ly.id for ly in self.layers}
        try:
            every = await self.client.get_layers(self.job)
        except GatewayError:
            return None
        return [ly for ly in every if ly.id in wanted] or None

    def _merge(self, update: UpdatedFrames) -> bool:
        """Apply the answer in place; True when it was cut at the cap (some may be missing)."""
        if update.server_time > 0:
            self.last_check = update.server_time
        if self.job_state is not None and update.state != self.job_state:
            self.full_next = True  # finished, revived: the counters and pages moved
        self.job_state = update.state
        changed = update.updated_frames
        states = set(self.states)
        for u in changed:
            frame = self.frames.get(u.id)
            if frame is None:
                # On another page, or newly matching the state filter: only the latter
                # changes what this page shows.
                if states and u.state in states:
                    self.full_next = True
                continue
            apply_update(frame, u)
            if states and frame.state not in states:
                del self.frames[u.id]
                self.full_next = True  # the next page's first frame moves up into this one
        capped = len(changed) >= MAX_UPDATES
        if capped and states:
            self.full_next = True  # frames entering the filter may be among those cut
        return capped


def apply_update(frame: Frame, update: UpdatedFrame) -> None:
    """Copy an update onto its frame, keeping what Cuebot's updates never carry (LLU...)."""
    kept = [(n, getattr(frame, n)) for n in _NOT_UPDATED if not getattr(update, n)]
    frame.apply_update(update)
    for name, value in kept:
        setattr(frame, name, value)
