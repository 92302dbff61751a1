"""The frames of one job page by page, kept fresh with GetUpdatedFrames (no Textual).

CueGUI's FrameMonitorTree does a full GetFrames when asked (filter, action, job change) and
otherwise merges GetUpdatedFrames into the frames it has, by id. This does the same, plus a
full fetch when the incremental call fails or times out (Cuebot never answers a `lastCheck`
over 60 s old), when the job's state changes, when the 100-frame cap may have cut updates,
when a frame enters or leaves a state filter, and every `FULL_EVERY` polls as a safety net.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from cuetui.client.errors import GatewayError, UpdatedFramesFallback
from cuetui.models import Frame, Job, JobStats, Layer, LayerStats, UpdatedFrames

if TYPE_CHECKING:
    from cuetui.client import GatewayClient

FULL_EVERY = 10
"""Incremental polls between two full fetches (30 s at the default 3 s interval)."""
MAX_CHECK_AGE = 50
"""Seconds: an older `lastCheck` gets no answer from Cuebot (60 s), so fetch all instead."""
MAX_UPDATES = 100
"""Cuebot's cap on one GetUpdatedFrames answer: reaching it means some may be missing."""

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
        self.polls_since_full = 0
        self.generation = 0
        self.last_mode = ""
        """"full" or "incremental": what the last fetch did (shown in tests and the bench)."""
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
        if self.full_next or not self.last_check or self.polls_since_full >= FULL_EVERY:
            return await self._full()
        if self.client.estimated_server_time() - self.last_check > MAX_CHECK_AGE:
            # Off view for a while: waiting for the deadline would only delay the fallback.
            return await self._full()
        if self.job_state == "FINISHED":
            # CueGUI stops asking a finished job for changes; the periodic full fetch still
            # catches a job revived by a retry.
            self.polls_since_full += 1
            self.last_mode = "incremental"
            return list(self.frames.values())
        gen = self.generation
        try:
            update = await self.client.get_updated_frames(
                self.job, self.last_check, layers=self.layers or None
            )
        except UpdatedFramesFallback as exc:
            self.fallback_reason = str(exc)
            return await self._full()
        if gen != self.generation:
            return list(self.frames.values())  # the view changed meanwhile: full next
        self.polls_since_full += 1
        self.last_mode = "incremental"
        self._merge(update)
        return list(self.frames.values())

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
        self.polls_since_full = 0
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

    def _merge(self, update: UpdatedFrames) -> None:
        if update.server_time > 0:
            self.last_check = update.server_time
        if self.job_state is not None and update.state != self.job_state:
            self.full_next = True  # finished, revived: the counters and pages moved
        self.job_state = update.state
        changed = update.updated_frames
        if len(changed) >= MAX_UPDATES:
            self.full_next = True
        states = set(self.states)
        for u in changed:
            frame = self.frames.get(u.id)
            if frame is None:
                # On another page, or newly matching the state filter: only the latter
                # changes what this page shows.
                if states and u.state in states:
                    self.full_next = True
                continue
            frame.apply_update(u)
            if states and frame.state not in states:
                del self.frames[u.id]
                self.full_next = True  # the next page's first frame moves up into this one
