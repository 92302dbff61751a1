"""A table screen that polls what is seen, often, and the rest, rarely (`RowsPoll` on Textual).

A screen that defines `fetch_rows(ids)` gets it: each poll asks for the rows on view and the
marked rows by id, the whole list (`fetch`) comes when its bytes allow and at once on
ctrl+r, a new filter or sort and after an action (`cuetui.core.visible_poll` decides). The
same one request in flight, one driver, one worker per fetch as every polled screen; this
only chooses what a fetch asks for. Rows scrolled into view since the last poll are asked
for at the next tick; a row whose data is older than the stale age is drawn dim and the
header counts them ("· 3 rows old"), so old data never looks fresh.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from cuetui.core.polling import PollDriver, hhmmss
from cuetui.core.visible_poll import DEFAULT_BUDGET, RowsPoll
from cuetui.screens.base.poll_schedule import PollSchedule

if TYPE_CHECKING:
    from cuetui.app import CuetuiApp
    from cuetui.widgets.resource_table import ResourceTable

T = TypeVar("T")

# A new `/` filter or sort asks for the whole list (the rows off view may be old) once the
# typing stops: each key re-arms it.
SETTLE_DELAY = 0.5


class VisibleRows(PollSchedule, Generic[T]):
    """Mixed into BaseScreen before its PollSchedule: what each poll of the table asks for."""

    POLL_BUDGET: ClassVar[float] = DEFAULT_BUDGET
    """Bytes per second this view may pull from the gateway (see `core.visible_poll`)."""

    if TYPE_CHECKING:  # BaseScreen's
        frozen: bool
        polling: PollDriver[Any]

        @property
        def app(self) -> CuetuiApp: ...
        @property
        def table(self) -> ResourceTable[T]: ...

        async def fetch(self) -> list[T]: ...
        async def fetch_rows(self, ids: list[str]) -> list[T]: ...
        def row_style(self, item: T) -> str: ...

    def _init_rows(self, by_ids: bool) -> Callable[[], Awaitable[list[T]]]:
        """Set up the rows' schedule; returns what the poller fetches."""
        self.rows_poll: RowsPoll[T] = RowsPoll(budget=self.POLL_BUDGET, enabled=by_ids)
        self._dimmed: set[str] = set()  # rows drawn old (their data older than the stale age)
        fetch = self.fetch
        if not by_ids:
            return fetch

        async def fetch_view() -> list[T]:
            return await self._fetch_view()

        fetch_view.__qualname__ = fetch.__qualname__  # the log names the view's fetch
        return fetch_view

    def poll_now(self, manual: bool = False) -> None:
        """Fetch now (the whole list when asked by a key), or right after the one in flight."""
        if manual:
            self.rows_poll.want_full()
        super().poll_now(manual)

    async def _fetch_view(self) -> list[T]:
        """A poll of a view that can ask by id: the rows on view, or the whole list when due."""
        rows, table = self.rows_poll, self.table
        rows.interval = self.poller.interval
        return await rows.run(table.keys_on_view(), table.marks, self.fetch, self.fetch_rows)

    def _row_style_for(self) -> Callable[[T], str]:
        """The table's row style: the screen's, dimmed for old rows when polled by id."""
        return self._aged_row_style if self.rows_poll.enabled else self.row_style

    def _aged_row_style(self, item: T) -> str:
        style = self.row_style(item)
        key = self.rows_poll.key(item)
        if self.rows_poll.is_old(key, self.polling.stale_after()):
            self._dimmed.add(key)
            return f"{style} dim" if style else "dim"
        self._dimmed.discard(key)
        return style

    def _rows_status(self, stale: bool) -> str:
        """Each tick and poll: ask at once for rows scrolled into view since the last poll,
        draw rows grown old on view as old; returns what the header adds to its state."""
        rows = self.rows_poll
        if not rows.enabled:
            return ""
        table, driver = self.table, self.polling
        on_view = table.keys_on_view()
        if (
            driver.on_view
            and not driver.in_flight
            and not self.frozen
            and not self.poller.failures
            and rows.unseen(on_view)
        ):
            self.poll_now()
        after, now = driver.stale_after(), self.app.clock()
        old = [k for k in on_view if rows.is_old(k, after, now)]
        if any(k not in self._dimmed for k in old):
            table.apply(table.items())  # restyle: a row grows old without new data
        text = f" · {len(old)} rows old" if old else ""
        if rows.split and rows.full_at is not None and not stale:
            text += f" · list {hhmmss(rows.full_at)}"
        return text

    def _want_whole_list(self) -> None:
        """A new filter or sort: the rows off view may be old; fetch them all soon."""
        if self.rows_poll.split:
            self.rows_poll.want_full()
            self.polling.soon(SETTLE_DELAY)
