"""Figures in large block digits for a wall: a 5x7 font drawn with half blocks or whole ones.

`block_lines(text, scale)` draws a figure 4 rows tall (scale 1: two font rows per character
row, with half blocks) or 7 rows tall and twice as wide (scale 2). `BigFigure` draws its
figure at the largest scale that fits its width, below the scale its screen allows.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import RenderResult
from textual.renderables.digits import Digits
from textual.widget import Widget

FONT: dict[str, tuple[str, ...]] = {
    "0": (".###.", "#...#", "#..##", "#.#.#", "##..#", "#...#", ".###."),
    "1": ("..#..", ".##..", "..#..", "..#..", "..#..", "..#..", ".###."),
    "2": (".###.", "#...#", "....#", "...#.", "..#..", ".#...", "#####"),
    "3": ("####.", "....#", "....#", ".###.", "....#", "....#", "####."),
    "4": ("...#.", "..##.", ".#.#.", "#..#.", "#####", "...#.", "...#."),
    "5": ("#####", "#....", "####.", "....#", "....#", "#...#", ".###."),
    "6": (".###.", "#....", "#....", "####.", "#...#", "#...#", ".###."),
    "7": ("#####", "....#", "...#.", "..#..", ".#...", ".#...", ".#..."),
    "8": (".###.", "#...#", "#...#", ".###.", "#...#", "#...#", ".###."),
    "9": (".###.", "#...#", "#...#", ".####", "....#", "....#", ".###."),
    ".": (".", ".", ".", ".", ".", ".", "#"),
    ",": (".", ".", ".", ".", ".", "#", "#"),
    ":": (".", ".", "#", ".", "#", ".", "."),
    "-": ("...", "...", "...", "###", "...", "...", "..."),
    "/": ("....#", "...#.", "...#.", "..#..", ".#...", ".#...", "#...."),
    "%": ("##..#", "##.#.", "...#.", "..#..", ".#...", ".#.##", "#..##"),
    "k": ("#....", "#....", "#..#.", "#.#..", "##...", "#.#..", "#..#."),
    "M": ("#...#", "##.##", "#.#.#", "#.#.#", "#...#", "#...#", "#...#"),
    " ": ("..", "..", "..", "..", "..", "..", ".."),
}
HEIGHT = 7
HALF = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}


def _pixels(text: str) -> list[str]:
    """The figure's pixel rows: its characters side by side, one blank column apart."""
    rows = [""] * HEIGHT
    for i, char in enumerate(text):
        glyph = FONT.get(char, FONT[" "])
        for r in range(HEIGHT):
            rows[r] += ("." if i else "") + glyph[r]
    return rows


def block_width(text: str, scale: int) -> int:
    """Columns the figure takes at `scale` (0: Textual's 3-row digits)."""
    if scale == 0:
        return len(text) * 3
    return len(_pixels(text)[0]) * scale


def block_lines(text: str, scale: int) -> list[str]:
    """The figure in blocks: 4 rows (scale 1, half blocks) or 7 rows twice as wide (2)."""
    pixels = _pixels(text)
    if scale >= 2:
        return ["".join("██" if p == "#" else "  " for p in row) for row in pixels]
    lines = []
    for top in range(0, HEIGHT, 2):
        upper = pixels[top]
        lower = pixels[top + 1] if top + 1 < HEIGHT else "." * len(upper)
        lines.append("".join(HALF[(a == "#", b == "#")] for a, b in zip(upper, lower, strict=True)))
    return lines


class BigFigure(Widget):
    """One figure in block digits under its title, at the largest scale that fits."""

    DEFAULT_CSS = """
    BigFigure { width: 1fr; height: 5; border-top: solid $primary; border-title-style: bold;
                padding: 0 1; }
    BigFigure.-bad { color: $error; }
    BigFigure.-warn { color: $warning; }
    BigFigure.-good { color: $success; }
    """

    def __init__(self, title: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.border_title = title
        self.value = "-"
        self.max_scale = 1

    def set_value(self, value: str, level: str = "", title: str | None = None) -> None:
        """`level`: bad (red), warn (yellow), good (green) or "" (plain)."""
        if value != self.value:
            self.value = value
            self.refresh()
        for name in ("bad", "warn", "good"):
            self.set_class(level == name, f"-{name}")
        if title is not None:
            self.border_title = title

    def set_max_scale(self, scale: int) -> None:
        if scale != self.max_scale:
            self.max_scale = scale
            self.refresh()

    def scale(self) -> int:
        """The largest scale not above `max_scale` whose figure fits the width (0: Digits)."""
        width = self.content_size.width
        for scale in range(self.max_scale, 0, -1):
            if block_width(self.value, scale) <= width:
                return scale
        return 0

    def render(self) -> RenderResult:
        scale = self.scale()
        if scale == 0:  # too narrow for blocks: Textual's own 3-row digits, or plain text
            if block_width(self.value, 0) <= self.content_size.width:
                return Digits(self.value)
            return Text(self.value, style="bold")
        return Text("\n".join(block_lines(self.value, scale)), no_wrap=True)
