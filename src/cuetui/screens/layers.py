"""Layers of one job: frame counts per layer, resources, and the layer verbs."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.binding import Binding

from cuetui import navigation
from cuetui.models import Job, Layer
from cuetui.models.format import cores, duration, human_kb
from cuetui.navigation import ViewContext
from cuetui.screens.base.names import open_job_view
from cuetui.screens.base.table_screen import BaseScreen, drill_binding
from cuetui.screens.base.verb import Confirm, Verb, keys
from cuetui.screens.verbs.depends import LAYER_WAIT_BY_FRAME, LAYER_WAIT_ON
from cuetui.screens.verbs.jobs import LayerVerbs
from cuetui.screens.verbs.knobs import LAYER_KNOBS
from cuetui.widgets.cells import count_style, progress_bar, zero_dim
from cuetui.widgets.resource_table import Column

if TYPE_CHECKING:
    from textual.app import App


def layer_row_style(layer: Layer) -> str:
    s = layer.layer_stats
    if s.dead_frames:
        return "red"
    if s.total_frames and s.succeeded_frames + s.eaten_frames == s.total_frames:
        return "dim"
    return ""


def layer_columns() -> list[Column[Layer]]:
    def stat(name: str) -> Callable[[Layer], int]:
        return lambda ly: getattr(ly.layer_stats, name)

    def count(key: str, label: str, name: str, bad: str = "", **kw: Any) -> Column[Layer]:
        style = count_style(bad) if bad else zero_dim
        return Column(
            key, label, stat(name), width=max(4, len(label)), justify="right", style=style, **kw
        )

    return [
        Column("name", "Layer", lambda ly: ly.name, width=14, flex=True),
        Column("type", "Type", lambda ly: ly.type, width=6, priority=6),
        Column("services", "Services", lambda ly: ",".join(ly.services), width=10, priority=5),
        Column("tags", "Tags", lambda ly: " ".join(ly.tags), width=10, priority=4),
        Column("progress", "Progress", lambda la: la.layer_stats.part_counts(), width=8,
               cell=progress_bar, searchable=False,
               sort_key=lambda c: c[0] / max(1, sum(c)), priority=2),
        count("total", "Tot", "total_frames", priority=3),
        count("done", "Done", "succeeded_frames"),
        count("run", "Run", "running_frames", "yellow"),
        count("wait", "Wait", "waiting_frames", priority=3),
        count("depend", "Dep", "depend_frames", "magenta", priority=7),
        count("dead", "Dead", "dead_frames", "bold red"),
        count("eaten", "Eaten", "eaten_frames", priority=7),
        Column("cores", "Cores", lambda ly: ly.min_cores, width=5, justify="right",
               fmt=lambda v: "ALL" if v == 0 else cores(v), priority=1),
        Column("mem", "Mem", lambda ly: ly.min_memory, width=6, fmt=human_kb, justify="right",
               priority=1),
        # Frame times (succeeded frames): the frames table marks a running frame far over Avg.
        Column("avg", "Avg", lambda ly: ly.layer_stats.avg_frame_sec, width=8, fmt=duration,
               justify="right", style=zero_dim, priority=6),
        Column("high", "Longest", lambda ly: ly.layer_stats.high_frame_sec, width=8,
               fmt=duration, justify="right", style=zero_dim, priority=6),
        Column("rss", "MaxRSS", lambda ly: ly.layer_stats.max_rss, width=6, fmt=human_kb,
               justify="right", priority=5),
    ]  # fmt: skip


class LayersScreen(BaseScreen[Layer]):
    """The layers of `job`; Enter opens the frames of a layer."""

    KIND = "layers"
    BINDINGS, VERBS = keys(
        drill_binding("Frames"),
        Binding("f", "job_frames", "All frames", show=False, id="layers.frames"),
        Verb("r", "retry", "Retry", LayerVerbs.retry, id="layers.retry"),
        Verb("e", "eat", "Eat", LayerVerbs.eat, id="layers.eat", confirm=Confirm("Eat")),
        Verb("ctrl+k", "kill", "Kill", LayerVerbs.kill, id="layers.kill", confirm=Confirm("Kill")),
        Verb("t", "tags", "Tags", LayerVerbs.set_tags, id="layers.tags"),
        Binding("d", "depends", "Depends", show=False, id="layers.depends"),
        LAYER_WAIT_ON,
        LAYER_WAIT_BY_FRAME,
        Verb(
            "m",
            "set_min_cores",
            "Set min cores",
            LayerVerbs.set_min_cores,
            show=False,
            id="layers.min_cores",
        ),
        Verb(
            "M",
            "set_min_memory",
            "Set min memory",
            LayerVerbs.set_min_memory,
            show=False,
            id="layers.min_memory",
        ),
        *LAYER_KNOBS,
    )

    def __init__(self, job: Job) -> None:
        super().__init__()
        self.job = job

    def columns(self) -> list[Column[Layer]]:
        return layer_columns()

    def table_options(self) -> dict[str, object]:
        # Dispatch order is the order the gateway sends; keep it by default (as CueGUI does).
        return {}

    def row_style(self, item: Layer) -> str:
        return layer_row_style(item)

    def crumb(self) -> str:
        return self.job.name

    def on_mount(self) -> None:
        if self.job.show:
            self.app.set_show(self.job.show)
        super().on_mount()

    async def fetch(self) -> list[Layer]:
        return await self.app.client.get_layers(self.job)

    def context(self) -> ViewContext:
        return ViewContext(show=self.job.show, job=self.job, layer=self.table.cursor_item)

    def parent_view(self) -> BaseScreen[Any]:
        JobsScreen = navigation.screen("jobs")
        return JobsScreen([self.job.show] if self.job.show else None)

    def drill(self, item: Layer) -> None:
        self.app.open_screen(navigation.screen("frames")(self.job, layer=item))

    def action_job_frames(self) -> None:
        self.app.open_screen(navigation.screen("frames")(self.job))

    def action_depends(self) -> None:
        """The job's depends: a DEPEND layer waits on what they list."""
        DependsScreen = navigation.screen("depends")
        self.app.open_screen(DependsScreen(self.job))

    def verbs(self) -> LayerVerbs:
        return LayerVerbs(self, self.job)


def open_layers(app: App[Any], context: ViewContext, arg: str) -> str | None:
    """`:layers [JOB]`: the layers of the named job, else of the highlighted one (or on view)."""

    def show(job: Job) -> None:
        app.open_screen(LayersScreen(job))  # type: ignore[attr-defined]

    return open_job_view(app, context, arg, "layers", show)
