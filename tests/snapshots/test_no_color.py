"""NO_COLOR: monochrome output a person can read (the snapshot, and no text drawn on its own
colour), with the progress bars in glyphs. Textual reads NO_COLOR when the app is made."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from tests.snapshots.scenes import Farm, no_color

from cuetui.widgets.cells import BAR_GLYPHS

_STYLE = re.compile(r"\.(terminal-\d+-r\d+) \{ ([^}]*)\}")
_RECT = re.compile(
    r'<rect fill="(#[0-9a-f]{6})" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="[\d.]+" '
    r'shape-rendering="crispEdges"/>'
)
_TEXT = re.compile(r'<text class="([^"]+)" x="([\d.]+)" y="([\d.]+)"[^>]*>([^<]*)</text>')
_WINDOW = re.compile(r'<rect fill="(#[0-9a-f]{6})" stroke=')


def unreadable_text(svg: str) -> list[str]:
    """Text in an exported screen whose colour is the colour it is drawn on."""
    fills = {}
    for name, style in _STYLE.findall(svg):
        match = re.search(r"fill: (#[0-9a-f]{6})", style)
        fills[name] = match.group(1) if match else None
    window = _WINDOW.search(svg)
    assert window, "no window background in the SVG"
    rects = [
        (float(y), float(x), float(x) + float(w), fill) for fill, x, y, w in _RECT.findall(svg)
    ]
    bad = []
    for cls, x, y, content in _TEXT.findall(svg):
        text = html.unescape(content).replace("\xa0", " ")
        if not text.strip() or cls not in fills:
            continue
        line_top = float(y) - 18.5  # a text's baseline sits 18.5 px below its line's rect
        under = [
            f
            for top, left, right, f in rects
            if abs(top - line_top) < 1 and left <= float(x) < right
        ]
        background = under[-1] if under else window.group(1)
        if fills[cls] == background:
            bad.append(f"{text.strip()!r} drawn {fills[cls]} on {background}")
    return bad


def test_no_color_jobs(snap_compare: Any, farm: Farm, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = farm.app(show="testing")
    seen: dict[str, str] = {}

    async def run_before(pilot: Any) -> None:
        await no_color(pilot, farm)
        seen["svg"] = pilot.app.export_screenshot()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
    svg = html.unescape(seen["svg"]).replace("\xa0", " ")
    assert not unreadable_text(seen["svg"])
    assert "Failing" in svg and "In Progress" in svg
    # done and dead frames of the failing job, in glyphs instead of coloured cells
    assert BAR_GLYPHS[0] in svg and BAR_GLYPHS[4] in svg


def test_bars_keep_their_parts_without_colour(monkeypatch: pytest.MonkeyPatch) -> None:
    from cuetui.widgets.cells import progress_bar
    from cuetui.widgets.dashboard import meter

    monkeypatch.delenv("NO_COLOR", raising=False)
    coloured = progress_bar([5, 2, 2, 0, 1, 0], 10)
    assert coloured.plain == " " * 10 and coloured.spans
    monkeypatch.setenv("NO_COLOR", "1")
    bar = progress_bar([5, 2, 2, 0, 1, 0], 10)
    assert bar.plain == "█████▒▒░░X" and not bar.spans
    assert meter(50, 100, 8).plain == "████····"
