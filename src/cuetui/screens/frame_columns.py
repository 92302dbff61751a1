"""The frames table's columns: what a frame shows, its signs of life (LLU, last line, overrun)
from `SignsOfLife`."""

from __future__ import annotations

from collections.abc import Callable

from cuetui.core.signs_of_life import SignsOfLife
from cuetui.models import Frame
from cuetui.models.format import epoch, human_kb
from cuetui.widgets.cells import FRAME_STATE_STYLES
from cuetui.widgets.life_cells import (
    last_line_cell,
    llu_sort,
    llu_style,
    llu_text,
    runtime_sort,
    runtime_style,
    runtime_text,
)
from cuetui.widgets.resource_table import Column


def _state(f: Frame) -> tuple[str, str]:
    return (f.state, f.display_state)


def frame_columns(
    clock: Callable[[], float], life: SignsOfLife | None = None
) -> list[Column[Frame]]:
    """The frames table; `life` gives LLU, the last line and the overrun mark (else none)."""
    life = life or SignsOfLife(None, clock)
    return [
        Column("number", "Frame", lambda f: f.number, width=5, justify="right"),
        Column("layer", "Layer", lambda f: f.layer_name, width=10, flex=True),
        Column("state", "State", _state, width=10, fmt=lambda v: v[1],
               style=lambda v: FRAME_STATE_STYLES.get(v[0], ""), sort_key=lambda v: v[1]),
        Column("retries", "Try", lambda f: f.retry_count, width=3, justify="right",
               style=lambda v: "" if v else "dim"),
        Column("exit", "Exit", lambda f: f.exit_status, width=4, justify="right",
               style=lambda v: "bold red" if v > 0 else "dim", priority=2),
        Column("host", "Host", lambda f: f.host_name, width=12, priority=3),
        Column("start", "Start", lambda f: f.start_time, width=11, fmt=epoch, priority=4),
        Column("stop", "Stop", lambda f: f.stop_time, width=11, fmt=epoch, priority=5),
        # Live while running: the clock moves the value, so only running rows redraw.
        # Far over the layer's average: a glyph and a style (LayerTimes.overrun).
        Column("runtime", "Runtime", life.runtime, width=9, fmt=runtime_text,
               style=runtime_style, sort_key=runtime_sort, justify="right"),
        # Since the log last changed: a glyph and a style past `llu_warn_minutes`.
        Column("llu", "LLU", life.llu, width=7, fmt=llu_text, style=llu_style,
               sort_key=llu_sort, justify="right", priority=1),
        Column("memory", "Mem", lambda f: f.memory_kb, width=6, fmt=human_kb,
               justify="right", priority=1),
        Column("gpumem", "GPU mem", lambda f: f.gpu_memory_kb, width=7,
               fmt=lambda v: human_kb(v) if v else "-", justify="right",
               style=lambda v: "" if v else "dim", priority=6),
        # Checkpoints taken (CueGUI's CheckP): a frame that resumed shows how often.
        Column("checkpoints", "CheckP", lambda f: f.checkpoint_count, width=6,
               justify="right", style=lambda v: "" if v else "dim", priority=7),
        # The running frame's log's last line, read from its end off the UI (first to go).
        Column("lastline", "Last line", life.last_line, width=16, flex=True, priority=8,
               cell=last_line_cell),
    ]  # fmt: skip
