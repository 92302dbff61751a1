"""Marks of a ResourceTable: the rows an action takes (space, mark all, invert, a range).

Marks are row keys (entity ids), so they survive refreshes for rows still there; marks the
`/` filter hides are kept and counted, but `targets()` takes only the marked rows on view.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich.text import Text

from cuetui.widgets.columns import _MARKED, _UNMARKED, MARK_KEY


class RowMarks:
    """Mixed into ResourceTable (before LineTable): the marks and the keys that set them."""

    if TYPE_CHECKING:
        _marks: set[str]
        _anchor: str | None
        _index: dict[str, int]
        _keys: list[str]

        @property
        def cursor_key(self) -> str | None: ...
        @property
        def cursor_row(self) -> int: ...
        @property
        def row_count(self) -> int: ...
        def move_cursor(self, *, row: int, scroll: bool = True) -> None: ...
        def write_cells(self, key: str, cells: dict[str, object]) -> bool: ...
        def cells_written(self, repaint: bool = True) -> None: ...

    @property
    def marks(self) -> frozenset[str]:
        return frozenset(self._marks)

    @property
    def mark_counts(self) -> tuple[int, int]:
        """(marked rows on view, marked rows the filter hides): actions take the first."""
        shown = sum(1 for k in self._marks if k in self._index)
        return shown, len(self._marks) - shown

    def toggle_mark(self, advance: bool = True) -> None:
        """Mark or unmark the highlighted row; move down so space can mark a run of rows."""
        key = self.cursor_key
        if key is None:
            return
        if key in self._marks:
            self._marks.discard(key)
        else:
            self._marks.add(key)
        self._anchor = key
        self._write_marks([key])
        if advance and self.cursor_row < self.row_count - 1:
            self.move_cursor(row=self.cursor_row + 1)

    def clear_marks(self) -> bool:
        """Drop every mark; True when there were any."""
        if not self._marks:
            return False
        marks, self._marks = self._marks, set()
        self._anchor = None
        self._write_marks(marks)
        return True

    def mark_all(self) -> int:
        """Mark every row on view (what the filters left); returns how many were added."""
        new = [k for k in self._keys if k not in self._marks]
        self._marks.update(new)
        self._write_marks(new)
        return len(new)

    def invert_marks(self) -> None:
        """Marked rows on view become unmarked and the others marked (hidden rows keep theirs)."""
        keys = self._keys
        self._marks.symmetric_difference_update(keys)
        self._write_marks(keys)

    def mark_range(self) -> int:
        """Mark every row from the row last marked (space, V, shift+arrows) to the cursor.

        With no such row on view, the cursor's row is marked and the range starts there.
        Returns how many rows were added.
        """
        key = self.cursor_key
        if key is None:
            return 0
        start = self._index.get(self._anchor) if self._anchor is not None else None
        end = self.cursor_row
        lo, hi = sorted((end if start is None else start, end))
        new = [k for k in self._keys[lo : hi + 1] if k not in self._marks]
        self._marks.update(new)
        self._anchor = key
        self._write_marks(new)
        return len(new)

    def extend_marks(self, step: int) -> None:
        """Mark the cursor's row, move one row (`step` -1 or 1) and mark that one too."""
        key = self.cursor_key
        if key is None:
            return
        row = max(0, min(self.cursor_row + step, self.row_count - 1))
        keys = [key, self._keys[row]]
        self._marks.update(keys)
        self._anchor = keys[1]
        self._write_marks(keys)
        self.move_cursor(row=row)

    def _write_marks(self, keys: Iterable[str]) -> None:
        """Draw the mark cell of these rows (those on view), in one repaint."""
        loc = self._index
        wrote = False
        for key in keys:
            if key in loc:
                wrote = self.write_cells(key, {MARK_KEY: self._mark_cell(key)}) or wrote
        if wrote:
            self.cells_written()

    def _mark_cell(self, key: str) -> Text:
        return _MARKED if key in self._marks else _UNMARKED
