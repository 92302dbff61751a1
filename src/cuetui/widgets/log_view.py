"""`LogView`: a Line API view of log lines with level colours and search highlights.

Holds only the lines the log screen loaded (a window of the file); renders only the rows on
view, so a 100,000-line window costs what 24 lines cost.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import ClassVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from cuetui.core.rqlog import line_level

_CONTROL = re.compile("[\u0000-\u0008\u000b-\u001f\u007f]")


def _clean(line: str) -> str:
    # Terminal escapes in a log would repaint the screen: show them as a visible mark.
    return _CONTROL.sub("\ufffd", line.expandtabs())


class LogView(ScrollView, can_focus=True):
    """Scrollable log lines; `pattern` highlights matches, `current` marks the match on view."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "log-view--error",
        "log-view--warning",
        "log-view--match",
        "log-view--current",
    }
    DEFAULT_CSS = """
    LogView {
        background: $surface;
        color: $text;
        & > .log-view--error { color: $text-error; }
        & > .log-view--warning { color: $text-warning; }
        & > .log-view--match { background: $warning 40%; }
        & > .log-view--current { background: $accent; color: $text; text-style: bold; }
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        # The screen owns top/end: they may need to read another part of the file.
        Binding("home", "screen.top", "Top", show=False),
        Binding("end", "screen.bottom", "End", show=False),
        Binding("j", "scroll_down", show=False),
        Binding("k", "scroll_up", show=False),
        Binding("space", "page_down", show=False),
    ]

    class ReachedTop(Message):
        """Scrolled to the first loaded line: the screen may load earlier lines."""

    class ReachedBottom(Message):
        """Scrolled to the last loaded line: the screen may load later lines or follow."""

    class LeftBottom(Message):
        """Scrolled up from the end: stop following."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lines: list[str] = []
        self.pattern: re.Pattern[str] | None = None
        self.matches: list[int] = []
        self.current: int | None = None
        self.follow = True
        """Keep the end on view (the screen's "following"): through a resize too."""
        self._width = 0
        self._cache: LRUCache[int, Strip] = LRUCache(1024)

    # -- content -------------------------------------------------------------

    def set_lines(self, lines: list[str], *, at_end: bool = True) -> None:
        """Replace everything (a new file or a reload) and show its end or its top."""
        self.lines = list(lines)
        self._width = max((cell_len(_clean(line)) for line in self.lines), default=0)
        self._reindex()
        if at_end:
            # Lazily: the view may have just been shown and not be laid out yet.
            self.scroll_end(animate=False, x_axis=False)
        else:
            self.scroll_to(x=0, y=0, animate=False)

    def append(self, lines: list[str], *, drop_last: bool = False, follow: bool = True) -> None:
        """Add lines at the end; keep the end on view when it was and `follow` is set."""
        was_end = self.is_vertical_scroll_end
        first = len(self.lines)
        if drop_last and self.lines:
            self.lines.pop()
            first -= 1
            self._drop_matches_from(first)
        self.lines.extend(lines)
        self._grow_width(lines)
        self._index_from(first)
        for y in range(first, len(self.lines)):
            self._cache.discard(y)
        self._resize()
        # The screen's `follow` too: after a resize the end may be out of view for a moment
        # (before on_resize runs) while the screen still follows.
        if follow and (was_end or self.follow):
            self.scroll_end(animate=False, x_axis=False)
        self.refresh()

    def prepend(self, lines: list[str]) -> None:
        """Add earlier lines above, keeping the same text on view."""
        if not lines:
            return
        n = len(lines)
        self.lines[:0] = lines
        self._grow_width(lines)
        self._reindex()
        if self.current is not None:
            self.current += n
        y = self.scroll_y + n
        self._resize()
        self.scroll_to(y=y, animate=False, immediate=True)

    # -- search --------------------------------------------------------------

    def set_pattern(self, pattern: re.Pattern[str] | None) -> None:
        self.pattern = pattern
        self.current = None
        self._reindex()

    def match_after(self, y: int) -> int | None:
        """First match strictly below line `y`."""
        i = bisect_right(self.matches, y)
        return self.matches[i] if i < len(self.matches) else None

    def match_before(self, y: int) -> int | None:
        """Last match strictly above line `y`."""
        i = bisect_left(self.matches, y)
        return self.matches[i - 1] if i > 0 else None

    def show_match(self, y: int) -> None:
        """Mark line `y` as the current match and bring it to the middle of the view."""
        old, self.current = self.current, y
        for line in (old, y):
            if line is not None:
                self._cache.discard(line)
        top = max(0, y - self.size.height // 2)
        self.scroll_to(y=min(top, self.max_scroll_y), animate=False, immediate=True)
        self.refresh()

    @property
    def bottom_line(self) -> int:
        """Index of the last line on view."""
        return min(len(self.lines), int(self.scroll_y) + self.size.height) - 1

    # -- internals -----------------------------------------------------------

    def _reindex(self) -> None:
        self.matches = []
        self._index_from(0)
        self._cache.clear()
        self._resize()
        self.refresh()

    def _index_from(self, first: int) -> None:
        if self.pattern is None:
            return
        search = self.pattern.search
        self.matches.extend(i for i in range(first, len(self.lines)) if search(self.lines[i]))

    def _drop_matches_from(self, first: int) -> None:
        self.matches = self.matches[: bisect_left(self.matches, first)]
        if self.current is not None and self.current >= first:
            self.current = None

    def _grow_width(self, lines: list[str]) -> None:
        self._width = max(self._width, max((cell_len(_clean(x)) for x in lines), default=0))

    def _resize(self) -> None:
        self.virtual_size = Size(self._width, len(self.lines))

    def on_resize(self, event: events.Resize) -> None:
        # A shorter view keeps its scroll_y, which is then above the end: the follow goes on.
        if self.follow and self.lines:
            self.scroll_end(animate=False, x_axis=False)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.clear()

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        if round(old) == round(new):
            return
        if new <= 0 < old:
            self.post_message(self.ReachedTop())
        if new >= self.max_scroll_y:
            self.post_message(self.ReachedBottom())
        elif old >= self.max_scroll_y > new:
            self.post_message(self.LeftBottom())

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.size.width
        base = self.rich_style
        if index >= len(self.lines):
            return Strip.blank(width, base)
        strip = self._cache.get(index)
        if strip is None:
            strip = self._render_full(index, base)
            self._cache[index] = strip
        return strip.crop_extend(scroll_x, scroll_x + width, base).apply_offsets(scroll_x, index)

    def _render_full(self, index: int, base: Style) -> Strip:
        line = _clean(self.lines[index])
        text = Text(line, no_wrap=True, end="")
        text.stylize(base)
        level = line_level(line)
        if level:
            text.stylize(self.get_component_rich_style(f"log-view--{level}"))
        if self.pattern is not None:
            component = "log-view--current" if index == self.current else "log-view--match"
            style = self.get_component_rich_style(component)
            for m in self.pattern.finditer(line):
                text.stylize(style, m.start(), m.end())
        return Strip(text.render(self.app.console), cell_len(line))
