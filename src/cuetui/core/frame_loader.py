"""All of a job's frames, loaded page by page in the background and kept live (no Textual).

CueGUI and CueWeb stop at one 500-frame page. `AllFrames` walks pages 1..N of `limit`
frames, one request per `fetch()` (the screen polls again at once while `loading`), so the
table grows page by page and one request at most is in flight. The server time is taken
before page 1; once the last (short) page is in, `fetch()` merges GetUpdatedFrames since
then by id. An answer cut at 100 frames reads the job's frames changed since the last
check (GetFrames `changeDate`, page by page: on a fast-moving job that is the frames that
moved, not all of them). When GetUpdatedFrames cannot answer (fallback, timeout, a check too
old), or a cut answer may hide frames entering the state filter, a new pass re-reads the
pages one by one over the frames already shown: nothing is cleared, and frames the pass did
not see again go when it ends.

Each fetch returns a `FrameBatch`: only the frames it brought or changed, for the table to
merge by id (a page of 2,000 into 100,000 rows costs the page), or every frame (`whole`)
when rows must go or the order changed. Batches are numbered, so a screen that missed one
(frozen) knows to show every frame instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from cuetui.client.errors import GatewayError, UpdatedFramesFallback
from cuetui.core.frame_feed import MAX_CHECK_AGE, MAX_UPDATES, FrameFeed, apply_update
from cuetui.models import Frame, Job, Layer, UpdatedFrames

if TYPE_CHECKING:
    from cuetui.client import GatewayClient

ALL_FRAMES_PAGE = 2000
"""Frames per GetFrames page in this mode: 100,000 frames in 50 requests, not 200. Cuebot
pages by the limit asked (FrameSearch.getSortedQuery's row window; its 1,000 cap is never
applied to the window) and the gateway's gRPC answer stays far under 4 MiB (~1 MB)."""


class FrameBatch(list[Frame]):
    """What one fetch brought: frames to merge into the table by id (new ones after the
    last row), or every frame to show (`whole`: rows went, or the order is not the table's).
    `seq` counts the feed's batches: a gap means one was not shown."""

    def __init__(self, frames: Iterable[Frame], *, whole: bool, seq: int) -> None:
        super().__init__(frames)
        self.whole = whole
        self.seq = seq


class AllFrames(FrameFeed):
    """Every frame of the job matching the server-side state and layer filters."""

    def __init__(
        self,
        client: GatewayClient,
        job: Job,
        *,
        layers: Sequence[Layer] = (),
        limit: int = 500,
        states: Sequence[str] = (),
        shown: Sequence[Frame] = (),
    ) -> None:
        super().__init__(client, job, layers=layers, limit=limit)
        self.states = tuple(states)
        # What the table shows until the first pass has read it again (the page on view).
        self.frames = {f.id: f for f in shown}
        self.next_page = 1
        """The page the current pass asks for next; 0 when no pass is running."""
        self.passes = 0
        self.seq = 0
        """Batches returned so far (`FrameBatch.seq`)."""
        self._fresh: dict[str, Frame] = {}
        self._pass_check = 0
        self._missing: set[str] = set()
        self._whole_next = False  # rows went (filters changed): the next batch is whole

    # -- what to show -------------------------------------------------------------------

    @property
    def loading(self) -> bool:
        return self.next_page > 0

    @property
    def loaded(self) -> int:
        """Frames read so far by the current pass (all of them when no pass runs)."""
        return len(self._fresh) if self.loading else len(self.frames)

    @property
    def pages(self) -> int | None:
        return None

    def progress(self) -> str:
        """For the crumbs: "loading 7,500/20,000" during a pass, then "all 20,000"."""
        if not self.loading:
            return f"all {len(self.frames):,}"
        total = self.matching_total
        of = f"/{total:,}" if total is not None else ""
        return f"loading {self.loaded:,}{of}"

    def invalidate(self) -> None:
        """After an action: GetUpdatedFrames brings the changes, no pass needed."""

    def restart(self, *, clear: bool) -> None:
        """Read every page again; `clear` when the filters changed (old rows do not belong)."""
        self.generation += 1
        self.next_page = 1
        self._fresh = {}
        self._missing.clear()
        if clear:
            self.frames = {}
            self._whole_next = True

    def _batch(self, frames: Iterable[Frame] = (), *, whole: bool = False) -> FrameBatch:
        """The next batch: `frames` to merge, or every frame when `whole` or rows went."""
        whole = whole or self._whole_next
        self._whole_next = False
        self.seq += 1
        shown = self.frames.values() if whole else frames
        return FrameBatch(shown, whole=whole, seq=self.seq)

    def set_states(self, states: Sequence[str]) -> None:
        self.states = tuple(states)
        self.restart(clear=True)

    def set_layers(self, layers: Sequence[Layer]) -> None:
        self.layers = list(layers)
        self.restart(clear=True)

    def set_page(self, page: int) -> bool:
        return False

    # -- fetching -------------------------------------------------------------------------

    async def fetch(self) -> FrameBatch:
        """One step: the next page of the pass, or the changes since the last check."""
        if self.loading:
            return await self._next_page()
        if self.client.estimated_server_time() - self.last_check > MAX_CHECK_AGE:
            self.fallback_reason = "the last check is too old: reading every page again"
            self.restart(clear=False)
            return await self._next_page()
        if self._missing:
            return await self._fetch_missing()
        gen, since = self.generation, self.last_check
        try:
            update = await self.client.get_updated_frames(
                self.job, since, layers=self.layers or None
            )
        except UpdatedFramesFallback as exc:
            self.fallback_reason = str(exc)
            self.restart(clear=False)
            return await self._next_page()
        if gen != self.generation:
            return self._batch(whole=True)
        self.last_mode = "incremental"
        capped, touched, went = self._merge_all(update)
        if capped:
            return await self._changes_since(since, gen, touched, whole=went)
        return self._batch(touched.values(), whole=went)

    async def _changes_since(
        self, since: int, gen: int, touched: dict[str, Frame], *, whole: bool
    ) -> FrameBatch:
        """After a capped answer: every frame changed since `since`, page by page."""
        page = 1
        try:
            while True:
                fresh = await self.client.get_frames(
                    self.job,
                    page=page,
                    limit=self.limit,
                    layers=[ly.name for ly in self.layers] or None,
                    changed_since=since,
                )
                if gen != self.generation:
                    return self._batch(whole=True)
                for f in fresh:
                    self.frames[f.id] = touched[f.id] = f  # in its place, or after the last
                if len(fresh) < self.limit:
                    break
                page += 1
        except GatewayError:
            self.last_check = since  # ask again from there: nothing is lost
            self._whole_next = True  # the frames merged before the failure were not shown
            raise
        self.last_mode = "changes"
        return self._batch(touched.values(), whole=whole)

    async def _next_page(self) -> FrameBatch:
        """One page per call, so the table grows (or is read again) as each page arrives.

        The page goes into `frames` in place: a frame shown already keeps its row, a new one
        comes after the last. When the pass ends, frames it did not see again go, and if the
        rows are not in the pages' order (the pass began on another page's rows), the batch
        is every frame, in the pages' order.
        """
        gen = self.generation
        page = await self._read_page(gen)
        if gen != self.generation or page is None:
            return self._batch(whole=True)
        frames = self.frames
        for f in page:
            frames[f.id] = f
        if self.loading:
            return self._batch(page)
        fresh, self._fresh = self._fresh, {}
        if len(frames) == len(fresh) and list(frames) == list(fresh):
            return self._batch(page)
        self.frames = fresh
        return self._batch(whole=True)

    async def _read_page(self, gen: int) -> list[Frame] | None:
        """Read the next page into the pass; None when the pass was replaced meanwhile."""
        if self.next_page == 1:
            # Counters for "loading n/total"; taken before page 1, the check sees again
            # whatever changes while the pages are read.
            job = await self._fresh_job()
            if gen != self.generation:
                return None
            if job is not None:
                self.job = job
                self.job_state = job.state
            self._pass_check = int(self.client.estimated_server_time()) - 1
        page = await self.client.get_frames(
            self.job,
            page=self.next_page,
            limit=self.limit,
            states=list(self.states) or None,
            layers=[ly.name for ly in self.layers] or None,
        )
        if gen != self.generation:
            return None
        self.last_mode = "page"
        fresh = self._fresh
        for f in page:
            fresh[f.id] = f
        if len(page) >= self.limit:
            self.next_page += 1
            return page
        # The short page is the last one: frames the pass did not see again are gone.
        self.next_page = 0
        self.last_check = self._pass_check
        self.passes += 1
        return page

    async def _fetch_missing(self) -> FrameBatch:
        # Frames that entered the state filter: GetUpdatedFrames gives only some fields.
        gen = self.generation
        ids = sorted(self._missing)
        frames = await self.client.get_frames(
            self.job,
            ids=ids,
            limit=max(1, len(ids)),
            states=list(self.states) or None,
            layers=[ly.name for ly in self.layers] or None,
        )
        if gen != self.generation:
            return self._batch(whole=True)
        self._missing.difference_update(ids)
        for f in frames:
            self.frames[f.id] = f
        return self._batch(frames)

    def _merge_all(self, update: UpdatedFrames) -> tuple[bool, dict[str, Frame], bool]:
        """Apply the answer: (cut at the cap, so the changed frames must be read; the frames
        it changed; whether some left the state filter)."""
        if update.server_time > 0:
            self.last_check = update.server_time
        self.job_state = update.state
        changed = update.updated_frames
        states = set(self.states)
        touched: dict[str, Frame] = {}
        went = False
        for u in changed:
            frame = self.frames.get(u.id)
            if frame is None:
                if not states or u.state in states:
                    self._missing.add(u.id)
                continue
            apply_update(frame, u)
            if states and frame.state not in states:
                del self.frames[u.id]
                went = True
            else:
                touched[frame.id] = frame
        if len(changed) < MAX_UPDATES:
            return False, touched, went
        if not states:
            self._missing.clear()  # the read of every changed frame brings them too
            return True, touched, went
        # Frames entering the filter may be among those cut: read the pages again.
        self.fallback_reason = f"{len(changed)} updates (the cap): reading every page again"
        self.restart(clear=False)
        return False, touched, went
