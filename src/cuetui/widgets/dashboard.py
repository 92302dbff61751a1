"""Dashboard panels: farm totals, data age, shows, the dead-frame triage list, allocations.

Each panel holds a frozen summary and renders it with Rich at its own size, so a panel shows
as many rows as fit and re-renders itself on resize. The screen (`cuetui.screens.dashboard`)
polls and hands them new summaries; an equal summary is not repainted.
"""

from __future__ import annotations

from typing import Any

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Digits, Label

from cuetui.core.farm_summary import FarmSummary
from cuetui.models.format import cores
from cuetui.widgets.big_figures import BigFigure
from cuetui.widgets.cells import BAR_GLYPHS, colour_scope, no_color, progress_bar
from cuetui.widgets.sub_bar import use_bar, use_style

# Colours as elsewhere (cells.py, the jobs and hosts screens): dead/down red, running and
# locked yellow, zeros dim; a zero that is good news (no dead frames) is green.
DEAD = "bold red"
DEGRADED = "yellow"
HEALTHY = "green"


def count_text(value: int, bad: str, zero: str = "dim") -> Text:
    """A count: `bad` style when non-zero, `zero` style when zero."""
    return Text(str(value), style=bad if value else zero)


def meter(used: float, total: float, width: int) -> Text:
    """A usage bar in backgrounds (as `progress_bar`): used green, free dotted."""
    width = max(0, width)
    if total <= 0 or width == 0:
        return Text("·" * width, style="dim")
    filled = min(width, round(width * max(0.0, used) / total))
    if used > 0 and filled == 0:
        filled = 1
    used_part = (BAR_GLYPHS[0] * filled, "") if no_color() else (" " * filled, "on green")
    return Text.assemble(used_part, ("·" * (width - filled), "dim"))


def percent_of(used: float, total: float) -> str:
    return f"{round(100 * used / total)}%" if total > 0 else "-"


def _table() -> Table:
    # One space between columns (collapsed padding): 40 columns must hold a whole row.
    return Table(
        box=None,
        expand=True,
        padding=(0, 1),
        collapse_padding=True,
        pad_edge=False,
        show_edge=False,
    )


class Panel(Widget):
    """A titled panel that renders `self.data` at its current size."""

    DEFAULT_CLASSES = "dash-data"

    DEFAULT_CSS = """
    Panel {
        border-top: solid $primary; border-title-style: bold; padding: 0 1;
        text-wrap: nowrap; text-overflow: ellipsis;
    }
    """

    def __init__(self, title: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.border_title = title
        self.data: FarmSummary | None = None

    def show(self, data: FarmSummary | None) -> None:
        """Take a new summary; repaint only when it differs."""
        if data == self.data:
            return
        self.data = data
        self.refresh(layout=self.styles.height is not None and self.styles.height.is_auto)

    def render(self) -> RenderableType:
        if self.data is None:
            return Text("waiting for the first answer…", style="dim")
        with colour_scope(self.app.no_color):
            return self.render_data(self.data, self.content_size.width, self.content_size.height)

    def render_data(self, data: FarmSummary, width: int, height: int) -> RenderableType:
        raise TypeError(f"{type(self).__name__} must define render_data()")


def _pairs(pairs: list[tuple[str, Text]], gap: int = 3) -> Text:
    """`label value   label value` with dim labels."""
    out = Text(no_wrap=True, overflow="ellipsis")
    for i, (label, value) in enumerate(pairs):
        if i:
            out.append(" " * gap)
        if label:
            out.append(f"{label} ", style="dim")
        out.append(value)
    return out


def _fit(width: int, *variants: Text) -> Text:
    """The first variant that fits `width` (longest labels first), else the last."""
    for text in variants:
        if text.cell_len <= width:
            return text
    return variants[-1]


class FarmTotals(Panel):
    """Pending jobs, frames by state, cores in use and hosts by state."""

    def render_data(self, data: FarmSummary, width: int, height: int) -> RenderableType:
        h = data.hosts
        jobs = Text(str(data.pending_jobs), style="bold")
        run = count_text(data.running, "bold yellow")
        dead = count_text(data.dead, DEAD, zero=HEALTHY)
        wait = count_text(data.waiting, "bold cyan")
        frames = _fit(
            width,
            _pairs([("Pending jobs", jobs), ("Running", run), ("Dead", dead), ("Waiting", wait)]),
            _pairs([("Pending jobs", jobs), ("Run", run), ("Dead", dead), ("Wait", wait)], 2),
            _pairs([("Jobs", jobs), ("Run", run), ("Dead", dead), ("Wait", wait)], 2),
        )
        used = f"{cores(data.reserved_cores)}/{cores(data.total_cores)}"
        pct = percent_of(data.reserved_cores, data.total_cores)
        bar = meter(data.reserved_cores, data.total_cores, width - len(used) - len(pct) - 8)
        core_line = Text.assemble(("Cores ", "dim"), (used, "bold"), " ", bar, " ", pct)
        states = [
            ("UP", count_text(h.up, HEALTHY)),
            ("DOWN", count_text(h.down, DEAD, zero=HEALTHY)),
            ("REPAIR", count_text(h.repair, DEAD, zero=HEALTHY)),
            ("LOCKED", count_text(h.locked, DEGRADED)),
            ("NIMBY", count_text(h.nimby, DEGRADED)),
        ]
        total = ("Hosts", Text(str(h.total), style="bold"))
        # The total goes first when short of room: UP + DOWN + REPAIR add up to it.
        hosts = _fit(
            width, _pairs([total, *states]), _pairs([total, *states], 2), _pairs(states, 2)
        )
        if data.dead_jobs:
            failing = Text.assemble(
                (f"{data.dead_jobs}", DEAD),
                (f" of {data.job_count} pending jobs have dead frames", "dim"),
            )
        else:
            failing = Text(f"No dead frames in {data.job_count} pending jobs", style=HEALTHY)
        lines = [frames, core_line, hosts, failing]
        return Text("\n").join(lines[: max(1, height)])


class DataAge(Vertical):
    """When the numbers on screen were read, in large digits, and how old they are."""

    DEFAULT_CSS = """
    DataAge { border-top: solid $primary; border-title-style: bold; padding: 0 1; }
    DataAge > Digits { width: auto; color: $success; }
    DataAge.-stale > Digits { color: $warning; }
    DataAge.-old > Digits { color: $error; }
    DataAge > Label { width: 100%; }
    """

    def compose(self) -> ComposeResult:
        self.border_title = "Last update"
        yield Digits("--:--:--", id="age-digits")
        yield Label(id="age-line")

    def set_age(self, clock_text: str | None, line: Text, level: str) -> None:
        """`level`: live, stale (yellow) or old (red)."""
        digits = self.query_one(Digits)
        if digits.value != (clock_text or "--:--:--"):
            digits.update(clock_text or "--:--:--")
        label = self.query_one(Label)
        if getattr(label, "_shown", None) != line:
            label.update(line)
            label._shown = line  # type: ignore[attr-defined]
        self.set_class(level == "stale", "-stale")
        self.set_class(level == "old", "-old")


class BigNumbers(Horizontal):
    """The farm's key figures in large digits (shown when the terminal is big enough)."""

    DEFAULT_CLASSES = "dash-data"
    DEFAULT_CSS = """
    BigNumbers { height: auto; }
    """

    def compose(self) -> ComposeResult:
        yield BigFigure("Dead frames", id="big-dead")
        yield BigFigure("Running frames", id="big-running")
        yield BigFigure("Waiting frames", id="big-waiting")
        yield BigFigure("Pending jobs", id="big-jobs")
        yield BigFigure("Cores in use", id="big-cores")
        yield BigFigure("Hosts not up", id="big-down")  # DOWN + REPAIR, as allocations count

    def set_max_scale(self, scale: int) -> None:
        """0: Textual's 3-row digits; 1: 4-row blocks; 2: 7-row blocks (where they fit)."""
        for figure in self.query(BigFigure):
            figure.set_max_scale(scale)

    def show(self, data: FarmSummary | None) -> None:
        """Take a new summary (Digits repaint only what changed)."""
        if data is None:
            return
        down = data.hosts.down + data.hosts.repair
        pct = percent_of(data.reserved_cores, data.total_cores)
        values = [
            ("#big-dead", str(data.dead), "bad" if data.dead else "good", None),
            ("#big-running", str(data.running), "warn" if data.running else "", None),
            ("#big-waiting", str(data.waiting), "", None),
            ("#big-jobs", str(data.pending_jobs), "", None),
            ("#big-cores", cores(data.reserved_cores), "", f"Cores in use {pct}"),
            ("#big-down", str(down), "bad" if down else "good", None),
        ]
        for selector, value, level, title in values:
            self.query_one(selector, BigFigure).set_value(value, level, title)


class ShowsPanel(Panel):
    """Per show: pending jobs, running, dead and waiting frames, cores against subscriptions."""

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        # A header and a row per show, up to half the panel column: the trends share it.
        rows = len(self.data.shows) if self.data is not None else 1
        return 1 + max(1, min(rows, max(2, container.height // 2 - 1)))

    def render_data(self, data: FarmSummary, width: int, height: int) -> RenderableType:
        table = _table()
        table.add_column("", width=1, no_wrap=True)
        table.add_column("Show", ratio=1, no_wrap=True, overflow="ellipsis", header_style="bold")
        # Figures in even columns when there is room, tight at 80 columns. Wide: cores and
        # a bar of use against size (│) and burst; narrow: used/size, coloured as the bar.
        wide = width >= 72
        figure = 7 if wide else None
        labels = (
            ("Jobs", "Run", "Dead", "Wait", "Cores") if wide else ("Jobs", "Run", "Dead", "Wait")
        )
        for label in labels:
            table.add_column(
                label, justify="right", no_wrap=True, min_width=figure, header_style="bold"
            )
        bar_width = max(8, min(24, width // 6))
        if wide:
            table.add_column("Subscription", width=bar_width, no_wrap=True, header_style="bold")
            table.add_column("Size/Burst", justify="right", no_wrap=True, header_style="bold")
        else:
            # "98/192": cores in use of the show's subscribed size (README: Wall display).
            table.add_column("Cores", justify="right", no_wrap=True, header_style="bold")
        rows = list(data.shows)
        room = max(0, height - 1)
        if len(rows) > room:
            rows = rows[: max(0, room - 1)]
        for s in rows:
            dot = ("●", DEAD) if s.dead else ("●", HEALTHY) if s.running else ("○", "dim")
            cells: list[RenderableType] = [
                Text(*dot),
                Text(s.name, style="red" if s.dead else ""),
                count_text(s.pending_jobs, ""),
                count_text(s.running, "yellow"),
                count_text(s.dead, DEAD),
                count_text(s.waiting, ""),
            ]
            used = Text(cores(s.cores), style="" if s.cores else "dim")
            if wide:
                cells.append(used)
                if s.sub is None:
                    cells += [Text("·" * bar_width, style="dim"), Text("-", style="dim")]
                else:
                    size = f"{cores(s.sub[1])}/{cores(s.sub[2])}"
                    cells += [use_bar(s.sub, bar_width), Text(size, style=use_style(s.sub))]
            elif s.sub is None:
                cells.append(used)
            else:
                cells.append(Text(f"{cores(s.sub[0])}/{cores(s.sub[1])}", style=use_style(s.sub)))
            table.add_row(*cells)
        hidden = len(data.shows) - len(rows)
        if hidden > 0:
            table.add_row("", Text(f"+{hidden} more shows", style="dim"))
        if not data.shows:
            table.add_row("", Text("no shows", style="dim"))
        return table


class TriagePanel(Panel):
    """Jobs with dead frames, most dead first: the first place a wrangler looks."""

    def render_data(self, data: FarmSummary, width: int, height: int) -> RenderableType:
        if not data.triage:
            return Text("● no dead frames", style=f"bold {HEALTHY}")
        wide = width >= 56
        bar_width = max(6, min(30, width // 4)) if wide else 8
        table = _table()
        table.add_column("Job", ratio=1, no_wrap=True, overflow="ellipsis", header_style="bold")
        table.add_column("Dead", justify="right", no_wrap=True, header_style="bold")
        table.add_column("Progress", width=bar_width, no_wrap=True, header_style="bold")
        if wide:
            table.add_column("Done/Tot", justify="right", no_wrap=True, header_style="bold")
        rows = list(data.triage)
        room = max(0, height - 1)
        if data.dead_jobs > room:
            rows = rows[: max(0, room - 1)]
        for job in rows:
            cells: list[Text] = [
                Text(job.name),
                Text(str(job.dead), style=DEAD),
                progress_bar(job.counts, bar_width),
            ]
            if wide:
                cells.append(Text(job.done))
            table.add_row(*cells)
        hidden = data.dead_jobs - len(rows)
        if hidden > 0:
            table.add_row(Text(f"+{hidden} more jobs with dead frames", style="dim"))
        return table


class AllocsPanel(Panel):
    """Per allocation: cores in use of its cores, hosts, hosts down and locked."""

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        # A header and a row per allocation, up to a sixth of the terminal: the shows and
        # the triage list above it matter more.
        rows = len(self.data.allocs) if self.data is not None else 1
        return 1 + max(1, min(rows, max(2, viewport.height // 6)))

    def render_data(self, data: FarmSummary, width: int, height: int) -> RenderableType:
        bar_width = max(6, min(40, width // 5))
        table = _table()
        table.add_column("Allocation", ratio=1, no_wrap=True, overflow="ellipsis")
        table.add_column("Cores", justify="right", no_wrap=True)
        table.add_column("", width=bar_width, no_wrap=True)
        table.add_column("Use", justify="right", no_wrap=True)
        table.add_column("Hosts", justify="right", no_wrap=True)
        table.add_column("Down", justify="right", no_wrap=True)
        table.add_column("Locked", justify="right", no_wrap=True)
        for column in table.columns:
            column.header_style = "bold"
        rows = list(data.allocs)
        room = max(0, height - 1)
        if len(rows) > room:
            rows = rows[: max(0, room - 1)]
        for a in rows:
            table.add_row(
                Text(a.name, style="red" if a.down_hosts else ""),
                Text(f"{cores(a.running_cores)}/{cores(a.cores)}"),
                meter(a.running_cores, a.cores, bar_width),
                Text(percent_of(a.running_cores, a.cores)),
                Text(str(a.hosts), style="" if a.hosts else "dim"),
                count_text(a.down_hosts, DEAD),
                count_text(a.locked_hosts, DEGRADED),
            )
        hidden = len(data.allocs) - len(rows)
        if hidden > 0:
            table.add_row(Text(f"+{hidden} more", style="dim"))
        if not data.allocs:
            table.add_row(Text("no allocations", style="dim"))
        return table
