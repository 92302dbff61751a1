"""The wall's trends panel: the last hour of each key figure as a sparkline, min and max."""

from __future__ import annotations

from typing import Any

from rich.console import RenderableType
from rich.text import Text
from textual.widget import Widget

from cuetui.core.trends import BUCKET_SECONDS, Trend
from cuetui.models.format import cores, short_duration
from cuetui.widgets.cells import colour_scope

LEVELS = " ▁▂▃▄▅▆▇█"
SHORT = {"cores": "Cores", "running": "Run", "dead": "Dead", "waiting": "Wait", "jobs": "Jobs"}
STYLE = {"cores": "green", "running": "yellow", "dead": "red", "waiting": "cyan", "jobs": ""}


def _figure(key: str, value: float | None) -> str:
    if value is None:
        return "-"
    return cores(value) if key == "cores" else str(round(value))


def spark_rows(values: tuple[float | None, ...], width: int, height: int) -> list[str]:
    """The newest `width` values as bars `height` rows tall; the lowest shown is one step up
    from nothing, so a flat line still shows; empty buckets (an outage) stay blank."""
    shown = values[-width:] if width > 0 else ()
    known = [v for v in shown if v is not None]
    if not known:
        return [" " * len(shown)] * height
    low, high = min(known), max(known)
    steps = height * 8
    rows = [[" "] * len(shown) for _ in range(height)]
    for col, value in enumerate(shown):
        if value is None:
            continue
        level = 1 + (
            round((value - low) / (high - low) * (steps - 1)) if high > low else steps // 2
        )
        for r in range(height):
            fill = min(8, max(0, level - (height - 1 - r) * 8))
            rows[r][col] = LEVELS[fill]
    return ["".join(row) for row in rows]


class TrendsPanel(Widget):
    """Cores in use, running, dead and waiting frames and pending jobs over the last hour."""

    DEFAULT_CSS = """
    TrendsPanel { border-top: solid $primary; border-title-style: bold; padding: 0 1;
                  height: 1fr; }
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.border_title = "Last hour"
        self.trends: tuple[Trend, ...] = ()

    def show_trends(self, trends: tuple[Trend, ...]) -> None:
        if trends != self.trends:
            self.trends = trends
            self.refresh()

    def render(self) -> RenderableType:
        if not self.trends or self.trends[0].last is None:
            return Text("waiting for the first answer…", style="dim")
        width, height = self.content_size.width, self.content_size.height
        shown = self.trends[: max(1, height)]
        rows_each = max(1, min(4, height // max(1, len(shown))))
        wide = width >= 60
        label_width = 15 if wide else 6
        figures = [
            (t, _figure(t.key, t.last), f"{_figure(t.key, t.low)}-{_figure(t.key, t.high)}")
            for t in shown
        ]
        last_w = max(len(f[1]) for f in figures)
        range_w = max(len(f[2]) for f in figures) if wide else 0
        spark_w = max(4, width - label_width - last_w - (range_w + 2 if wide else 0) - 2)
        out = Text(no_wrap=True, overflow="crop")
        with colour_scope(self.app.no_color):
            for i, (trend, last, span) in enumerate(figures):
                label = trend.label if wide else SHORT[trend.key]
                rows = spark_rows(trend.values, spark_w, rows_each)
                for r, row in enumerate(rows):
                    if i or r:
                        out.append("\n")
                    first = r == len(rows) - 1
                    out.append(f"{label if first else '':<{label_width}}", style="dim")
                    out.append(f"{row:>{spark_w}}", style=STYLE[trend.key])
                    out.append(f" {last if first else '':>{last_w}}", style="bold")
                    if wide:
                        out.append(f"  {span if first else '':>{range_w}}", style="dim")
        if height > len(shown) * rows_each:
            span = short_duration(min(len(self.trends[0].values), spark_w) * BUCKET_SECONDS)
            out.append(
                f"\n{'':<{label_width}}{'last ' + span + (', min-max' if wide else ''):>{spark_w}}",
                style="dim",
            )
        return out
