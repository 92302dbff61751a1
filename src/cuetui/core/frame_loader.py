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
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from cuetui.client.errors import GatewayError, UpdatedFramesFallback
from cuetui.core.frame_feed import MAX_CHECK_AGE, MAX_UPDATES, FrameFeed, apply_update
from cuetui.models import Frame, Job, Layer, UpdatedFrames

if TYPE_CHECKING:
    from cuetui.client import GatewayClient

REREAD_BATCH = 10
"""Pages read per step when a pass reads again what the table shows (5,000 frames at 500)."""


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
        self._fresh: dict[str, Frame] = {}
        self._pass_check = 0
        self._missing: set[str] = set()

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

    def set_states(self, states: Sequence[str]) -> None:
        self.states = tuple(states)
        self.restart(clear=True)

    def set_layers(self, layers: Sequence[Layer]) -> None:
        self.layers = list(layers)
        self.restart(clear=True)

    def set_page(self, page: int) -> bool:
        return False

    # -- fetching -------------------------------------------------------------------------

    async def fetch(self) -> list[Frame]:
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
        if gen == self.generation:
            self.last_mode = "incremental"
            if self._merge_all(update):
                return await self._changes_since(since, gen)
        return list(self.frames.values())

    async def _changes_since(self, since: int, gen: int) -> list[Frame]:
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
                    break
                for f in fresh:
                    self.frames[f.id] = f  # in its place, or a new frame at the end
                if len(fresh) < self.limit:
                    break
                page += 1
        except GatewayError:
            self.last_check = since  # ask again from there: nothing is lost
            raise
        self.last_mode = "changes"
        return list(self.frames.values())

    async def _next_page(self) -> list[Frame]:
        """The first pass: one page per call, so the table grows as each page arrives.

        A pass that reads again what the table already shows reads up to `REREAD_BATCH`
        pages per call (still one request at a time): the rows are there, and each apply
        of 20,000 rows costs more than the page it brings.
        """
        gen = self.generation
        batch = REREAD_BATCH if self.passes else 1
        for _ in range(batch):
            if not await self._read_page(gen):
                break
        if gen != self.generation or not self.loading:
            return list(self.frames.values())
        # Pages read so far in their order, then what is still shown from before.
        merged = dict(self._fresh)
        for k, f in self.frames.items():
            if k not in merged:
                merged[k] = f
        self.frames = merged
        return list(merged.values())

    async def _read_page(self, gen: int) -> bool:
        """Read the next page into the pass; False when the pass ended (or was replaced)."""
        if self.next_page == 1:
            # Counters for "loading n/total"; taken before page 1, the check sees again
            # whatever changes while the pages are read.
            job = await self._fresh_job()
            if gen != self.generation:
                return False
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
            return False
        self.last_mode = "page"
        fresh = self._fresh
        for f in page:
            fresh[f.id] = f
        if len(page) >= self.limit:
            self.next_page += 1
            return True
        # The short page is the last one: frames the pass did not see again are gone.
        self.frames, self._fresh = fresh, {}
        self.next_page = 0
        self.last_check = self._pass_check
        self.passes += 1
        return False

    async def _fetch_missing(self) -> list[Frame]:
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
        if gen == self.generation:
            self._missing.difference_update(ids)
            for f in frames:
                self.frames[f.id] = f
        return list(self.frames.values())

    def _merge_all(self, update: UpdatedFrames) -> bool:
        """Apply the answer; True when it was cut and the changed frames must be read."""
        if update.server_time > 0:
            self.last_check = update.server_time
        self.job_state = update.state
        changed = update.updated_frames
        states = set(self.states)
        for u in changed:
            frame = self.frames.get(u.id)
            if frame is None:
                if not states or u.state in states:
                    self._missing.add(u.id)
                continue
            apply_update(frame, u)
            if states and frame.state not in states:
                del self.frames[u.id]
        if len(changed) < MAX_UPDATES:
            return False
        if not states:
            self._missing.clear()  # the read of every changed frame brings them too
            return True
        # Frames entering the filter may be among those cut: read the pages again.
        self.fallback_reason = f"{len(changed)} updates (the cap): reading every page again"
        self.restart(clear=False)
        return False
