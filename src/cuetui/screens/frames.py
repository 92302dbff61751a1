"""Frames of a job (optionally of some layers): paged, filtered by state, refreshed by diff."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from textual.binding import Binding

from cuetui import navigation
from cuetui.client.errors import GatewayError
from cuetui.core.frame_feed import FrameFeed
from cuetui.core.frame_loader import ALL_FRAMES_PAGE, AllFrames, FrameBatch
from cuetui.core.signs_of_life import SignsOfLife
from cuetui.models import Frame, Job, Layer
from cuetui.models.states import FRAME_STATES, RUNNING_FRAME_STATES
from cuetui.navigation import ViewContext
from cuetui.screens.base import related
from cuetui.screens.base.names import open_job_view
from cuetui.screens.base.table_screen import BaseScreen, drill_binding
from cuetui.screens.base.verb import Verb, keys
from cuetui.screens.frame_columns import frame_columns
from cuetui.screens.frame_tails import FrameTails
from cuetui.screens.verbs.depends import FRAME_WAIT_ON
from cuetui.screens.verbs.jobs import EAT_FRAMES, KILL_FRAMES, RETRY_FRAMES, FrameVerbs
from cuetui.screens.verbs.knobs import FRAME_KNOBS
from cuetui.widgets.resource_table import Column

if TYPE_CHECKING:
    from textual.app import App

# `f` steps through these server-side state filters (CueGUI's "Filter Status" shortcuts).
STATE_CYCLE: tuple[tuple[str, ...], ...] = ((), ("DEAD",), ("RUNNING",), ("WAITING",))


def _states_label(states: Sequence[str]) -> str:
    return ",".join(states) if states else "all states"


class FramesScreen(BaseScreen[Frame]):
    """Frames of `job` (of `layer` when given); Enter or `l` opens a frame's log."""

    KIND = "frames"
    BINDINGS, VERBS = keys(
        drill_binding("Log"),
        RETRY_FRAMES,
        EAT_FRAMES,
        KILL_FRAMES,
        Verb("w", "waiting", "Mark waiting", FrameVerbs.waiting, id="frames.waiting"),
        *FRAME_KNOBS,
        Binding("l", "log", "Log", show=False, id="frames.log"),
        Binding("h", "host", "Host", show=False, id="frames.host"),
        Binding("d", "depends", "What it waits on", show=False, id="frames.depends"),
        FRAME_WAIT_ON,
        Binding("f", "cycle_states", "State filter", id="frames.states"),
        Binding("F", "pick_states", "Pick state", show=False, id="frames.pick_states"),
        Binding("L", "pick_layer", "Layer filter", show=False, id="frames.layer"),
        Binding("A", "all_frames", "All frames", show=False, id="frames.all"),
        Binding("right_square_bracket", "page(1)", "Next page", show=False, id="frames.next"),
        Binding("left_square_bracket", "page(-1)", "Prev page", show=False, id="frames.prev"),
    )

    def __init__(self, job: Job, *, layer: Layer | None = None, focus: str | None = None) -> None:
        super().__init__()
        self.job = job
        self.only_layer = layer
        self.feed: FrameFeed | None = None
        self.focus_frame = focus
        """A frame name to put the cursor on when its row first arrives (a proc's frame)."""
        self.life: SignsOfLife | None = None
        self.tails: FrameTails | None = None
        """The logs the last tail read was for: a scroll that shows others reads again."""
        self._batches: tuple[AllFrames | None, int] = (None, 0)
        """The all-frames feed whose batches the table shows, and the last one shown."""
        self._drawn: tuple[float, list[str]] = (0.0, [])
        """When the live cells on view were last computed, and which rows were on view."""

    # -- BaseScreen hooks -----------------------------------------------------------------

    def columns(self) -> list[Column[Frame]]:
        self.life = SignsOfLife(self.job, self.app.clock, self.app.settings.llu_warn_minutes)
        self.tails = FrameTails(self, self.life)
        return frame_columns(self.app.clock, self.life)

    def on_mount(self) -> None:
        limit = self.app.settings.frame_page_size or 500
        layers = [self.only_layer] if self.only_layer is not None else []
        self.feed = FrameFeed(self.app.client, self.job, layers=layers, limit=limit)
        if self.job.show:
            self.app.set_show(self.job.show)
        super().on_mount()
        self.runtimes_timer = self.set_interval(1.0, self._tick_runtimes, name="runtimes")
        """Moves running frames' runtimes between polls (the bench pauses it to time a poll)."""

    def _tick_runtimes(self) -> None:
        """Move running frames' runtimes between polls (only their cells change)."""
        if self.frozen or self.app.screen is not self or self.feed is None:
            return
        if isinstance(self.feed, AllFrames):
            if self.feed.loading:
                return  # the pages bring fresh rows
        elif not any(f.state in RUNNING_FRAME_STATES for f in self.feed.frames.values()):
            return
        if self._live_moved():
            self.redraw_rows()
        if self.tails is not None and self.tails.moved:
            self.tails.read_now()  # scrolled to other running frames: their last lines

    def redraw_rows(self) -> None:
        """Let the clock and the logs' last lines move the rows' live cells: every row of a
        page; of all frames (100,000 rows), the running rows on screen (others are drawn
        from their frame when they scroll into view)."""
        table, at = self.table, self.app.clock()
        if not isinstance(self.feed, AllFrames):
            table.apply(table.items())
        else:
            on_view = [table.get_item(k) for k in table.keys_on_view()]
            table.merge([f for f in on_view if f is not None and f.state in RUNNING_FRAME_STATES])
        self._drawn = (at, table.keys_on_view())

    def _live_moved(self) -> bool:
        """A tick has something to redraw: the clock or the rows on view moved since the
        last draw (a poll's rows drawn within the same second read the same)."""
        then, keys = self._drawn
        table = self.table
        if self.life is None or keys != table.keys_on_view():
            return True
        on_view = [f for k in keys if (f := table.get_item(k)) is not None]
        return not self.life.same_since(then, self.app.clock(), on_view)

    async def fetch(self) -> list[Frame]:
        if self.tails is None:
            return await self._fetch_frames()
        # The logs are read beside the request, so their lines reach the table with its rows.
        return await self.tails.beside(self._fetch_frames())

    async def _fetch_frames(self) -> list[Frame]:
        assert self.feed is not None
        life = self.life
        if life is None or self.feed.layers or not self._layer_times_due(life):
            return await self.feed.fetch()
        # Layer averages for the overrun mark: one GetLayers now and then, beside the frames.
        frames, layers = await asyncio.gather(self.feed.fetch(), self._get_layers())
        # A failed read keeps the last averages and waits its minute like a good one.
        life.layers.update(layers or [], self.app.clock())
        return frames

    def _layer_times_due(self, life: SignsOfLife) -> bool:
        """Only a job with running frames needs them (a layer filter's come with the feed)."""
        assert self.feed is not None
        running = self.job.job_stats.running_frames > 0 or any(
            f.state in RUNNING_FRAME_STATES for f in self.feed.frames.values()
        )
        return running and life.layers.due(self.app.clock())

    async def _get_layers(self) -> list[Layer] | None:
        try:
            return await self.app.client.get_layers(self.job)
        except GatewayError:
            return None  # no averages this time: the frames came back fine all the same

    def show_items(self, data: Any) -> list[Frame]:
        """All frames' batches are merged by id (a page, or the frames that changed), not
        diffed against every row; a whole batch, or one after a batch not shown (frozen),
        shows every frame."""
        feed = self.feed
        if not isinstance(data, FrameBatch):
            return self._show_all(data)
        if not isinstance(feed, AllFrames):  # from the mode just left: the page comes next
            return self._show_all(data if data.whole else self.table.items())
        shown_feed, seq = self._batches
        expected = seq + 1 if shown_feed is feed else 1
        self._batches = (feed, data.seq)
        if data.whole or data.seq != expected:
            return self._show_all(data if data.whole else feed.frames.values())
        self.table.merge(data)  # the other rows on view keep the values of their last draw
        return data

    def _show_all(self, data: Any) -> list[Frame]:
        at = self.app.clock()
        items = super().show_items(data)
        self._drawn = (at, self.table.keys_on_view())
        return items

    def after_apply(self, items: list[Frame]) -> None:
        if self.feed is not None:
            self.job = self.feed.job
            if self.life is not None:
                self.life.job = self.job
                if self.feed.layers:  # a layer filter: the feed's fresh layers have the times
                    self.life.layers.update(self.feed.layers, self.app.clock())
        self.refresh_crumbs()
        if self.tails is not None and self.tails.moved:
            self.tails.read_now()  # other running rows than the poll read: the first page
        loading = isinstance(self.feed, AllFrames) and self.feed.loading
        if self.focus_frame is not None:
            found = next((f for f in items if f.name == self.focus_frame), None)
            if found is not None:
                self.table.move_to(found.id)
            if found is not None or not loading:  # not on this page: the cursor stays put
                self.focus_frame = None
        # While loading, the next page right away: one request in flight, only while on view.
        if loading and self.in_view and not self.frozen and self.app.screen is self:
            self.poll_now()

    def on_screen_suspend(self) -> None:
        super().on_screen_suspend()
        if isinstance(self.feed, AllFrames) and self.feed.loading:
            self.polling.on_return()  # back on view: go on loading at once

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "page" and isinstance(self.feed, AllFrames):
            return False  # every frame is on view: no pages
        return super().check_action(action, parameters)

    def crumb(self) -> str:
        LayersScreen = navigation.screen("layers")
        feed = self.feed
        layers = feed.layers if feed is not None else ([self.only_layer] if self.only_layer else [])
        # Under the job's layers the job is already in the crumbs; from the jobs, name it.
        from_layers = any(isinstance(s, LayersScreen) for s in self.app.screen_stack)
        where = ",".join(ly.name for ly in layers) or "frames"
        text = where if from_layers else f"{self.job.name} > {where}"
        if feed is not None:
            if feed.states:
                text += f" [{_states_label(feed.states)}]"
            if isinstance(feed, AllFrames):
                return f"{text} {feed.progress()}"
            pages = feed.pages
            if pages is None or pages > 1 or feed.page > 1:
                text += f" page {feed.page}/{pages or '?'}"
        return text

    def empty_text(self) -> str:
        feed = self.feed
        text = "No frames"
        if feed is not None and feed.states:
            text += f" in state {_states_label(feed.states)}"
        layers = feed.layers if feed is not None else []
        if layers:
            text += f" of layer {','.join(ly.name for ly in layers)}"
        return f"{text} of job {self.job.name}"

    def context(self) -> ViewContext:
        return ViewContext(show=self.job.show, job=self.job, layer=self.only_layer)

    def parent_view(self) -> BaseScreen[Any]:
        LayersScreen = navigation.screen("layers")
        return LayersScreen(self.job)

    def drill(self, item: Frame) -> None:
        self._open_log(item)

    # -- view: pages and filters ----------------------------------------------------------

    def _refetch(self) -> None:
        self.refresh_crumbs()
        self.poll_now(manual=True)

    def _sorted(self) -> None:
        # The new order is looked at closely: show it on the page as the farm has it now.
        super()._sorted()
        if self.feed is not None and not isinstance(self.feed, AllFrames):
            self.feed.invalidate()
            self.poll_now(manual=True)

    def action_depends(self) -> None:
        """The depends holding the highlighted frame (a DEPEND frame's "why not running")."""
        frame = self.table.cursor_item
        if frame is None:
            return
        DependsScreen = navigation.screen("depends")
        self.app.open_screen(DependsScreen(self.job, frame=frame))

    def action_page(self, step: int) -> None:
        feed = self.feed
        if feed is None:
            return
        if feed.set_page(feed.page + step):
            self._refetch()
        else:
            edge = "first" if step < 0 else "last"
            self.notify(f"Already on the {edge} page", timeout=2)

    def action_all_frames(self) -> None:
        """Toggle every frame of the job (loaded page by page, kept live) / one page."""
        feed = self.feed
        if feed is None:
            return
        if isinstance(feed, AllFrames):
            self.feed = FrameFeed(self.app.client, self.job, layers=feed.layers, limit=feed.limit)
            self.feed.states = feed.states
        else:
            self.feed = AllFrames(
                self.app.client,
                self.job,
                layers=feed.layers,
                limit=max(ALL_FRAMES_PAGE, feed.limit),
                states=feed.states,
                shown=self.table.items(),
            )
        self.refresh_bindings()
        self._refetch()

    def action_cycle_states(self) -> None:
        feed = self.feed
        if feed is None:
            return
        current = STATE_CYCLE.index(feed.states) if feed.states in STATE_CYCLE else -1
        feed.set_states(STATE_CYCLE[(current + 1) % len(STATE_CYCLE)])
        self._refetch()

    def action_pick_states(self) -> None:
        from cuetui.widgets.prompt import ChoiceModal

        feed = self.feed
        if feed is None:
            return
        choices: list[tuple[str, tuple[str, ...]]] = [("all states", ())]
        choices += [(s.capitalize(), (s,)) for s in FRAME_STATES]

        def chosen(states: tuple[str, ...] | None) -> None:
            if states is not None:
                feed.set_states(states)
                self._refetch()

        self.app.push_screen(ChoiceModal("Show frames in state", choices, feed.states), chosen)

    def action_pick_layer(self) -> None:
        self._pick_layer()

    def _pick_layer(self) -> None:
        from cuetui.widgets.prompt import ChoiceModal

        feed = self.feed
        if feed is None:
            return

        async def load() -> None:
            try:
                layers = await self.app.client.get_layers(self.job)
            except Exception as exc:  # a GatewayError: say it, keep the view
                self.notify(f"Could not list the layers: {exc}", severity="error")
                return
            by_id = {ly.id: ly for ly in layers}
            # Values are layer ids; "" is every layer (None is Esc).
            choices = [("all layers", ""), *((ly.name, ly.id) for ly in layers)]
            current = feed.layers[0].id if len(feed.layers) == 1 else ""

            def chosen(layer_id: str | None) -> None:
                if layer_id is None:
                    return
                layer = by_id.get(layer_id)
                self.only_layer = layer
                feed.set_layers([layer] if layer else [])
                self._refetch()

            modal = ChoiceModal("Show frames of layer", choices, current)
            self.app.push_screen(modal, chosen)

        self.run_worker(load(), group="layers", exclusive=True, exit_on_error=False)

    # -- verbs ----------------------------------------------------------------------------

    def poll_soon(self, delay: float | None = None) -> None:
        # Called after an action: the page changed under us, so fetch it whole.
        if self.feed is not None:
            self.feed.invalidate()
        if delay is None:
            super().poll_soon()
        else:
            super().poll_soon(delay)

    def verbs(self) -> FrameVerbs:
        return FrameVerbs(self, self.job, self.table.targets)

    def action_log(self) -> None:
        frame = self.table.cursor_item
        if frame is not None:
            self._open_log(frame)

    def _open_log(self, frame: Frame) -> None:
        LogScreen = navigation.screen("log")
        self.app.push_screen(LogScreen.for_frame(self.job, frame))

    def action_host(self) -> None:
        """The hosts view filtered to the highlighted frame's host (its last run's)."""
        frame = self.table.cursor_item
        if frame is not None:
            related.open_host(self, frame.host_name, f"Frame {frame.name}")


def open_frames(app: App[Any], context: ViewContext, arg: str) -> str | None:
    """`:frames [JOB]`: the frames of the named job, else of the highlighted job or layer."""

    def show(job: Job) -> None:
        same = context.job is not None and job.id == context.job.id
        screen = FramesScreen(job, layer=context.layer if same else None)
        app.open_screen(screen)  # type: ignore[attr-defined]

    return open_job_view(app, context, arg, "frames", show)
