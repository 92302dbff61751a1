"""`:journal`: every action cuetui sent (from this and earlier sessions), newest first.

The rows come from the journal file (`cuetui.core.journal`), read again when it changes;
`/` filters, Enter or `i` shows an entry with its request body. Nothing here writes.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cuetui.core.details import Detail
from cuetui.core.journal import journal_path, rotated
from cuetui.core.journal_read import JournalEntry, entry_details, local_time, read_journal
from cuetui.navigation import ViewContext
from cuetui.screens.base.table_screen import BaseScreen, drill_binding
from cuetui.screens.base.verb import keys
from cuetui.widgets.resource_table import Column

if TYPE_CHECKING:
    from textual.app import App

SHOWN = 5000
"""Newest entries the view reads (`cuetui journal` prints them all)."""
OUTCOME_STYLES = {"done": "green", "failed": "bold red", "unknown": "yellow", "sending": "cyan"}


def journal_columns() -> list[Column[JournalEntry]]:
    return [
        Column("time", "Sent", lambda e: e.time, width=19, fmt=local_time),
        Column("outcome", "Outcome", lambda e: e.outcome, width=8,
               style=lambda o: OUTCOME_STYLES.get(o, "")),
        Column("verb", "Action", lambda e: e.verb, width=12),
        Column("subject", "Targets", lambda e: e.subject, width=24, flex=True),
        Column("message", "Message", lambda e: e.message if e.outcome != "done" else "",
               width=36, priority=1),
        Column("user", "User", lambda e: e.user, width=10, priority=2),
        Column("profile", "Profile", lambda e: e.profile or "", width=10, priority=3),
    ]  # fmt: skip


class JournalScreen(BaseScreen[JournalEntry]):
    """The action journal: Enter or i shows an entry and its request body."""

    KIND = "journal"
    BINDINGS, VERBS = keys(drill_binding("Details"))

    def __init__(self) -> None:
        super().__init__()
        self._read: tuple[object, list[JournalEntry]] | None = None

    def columns(self) -> list[Column[JournalEntry]]:
        return journal_columns()

    def table_options(self) -> dict[str, Any]:
        return {"sort": "time", "reverse": True}

    def crumb(self) -> str:
        return "journal"

    @property
    def path(self) -> Path | None:
        journal = self.app.journal
        return journal.path if journal is not None else journal_path(self.app.settings)

    def empty_text(self) -> str:
        path = self.path
        if path is None:
            return "The action journal is off (journal = false in the config)"
        return f"No action journaled yet in {path}"

    async def fetch(self) -> list[JournalEntry]:
        path = self.path
        if path is None:
            return []
        journal = self.app.journal
        pending = frozenset(journal.pending) if journal is not None else frozenset()
        # Read again only when a file or the requests in flight changed.
        seen = (pending, *(_signature(p) for p in rotated(path)))
        if self._read is not None and self._read[0] == seen:
            return self._read[1]
        entries = await asyncio.to_thread(read_journal, path, limit=SHOWN, pending=pending)
        self._read = (seen, entries)
        return entries

    def drill(self, item: JournalEntry) -> None:
        self.action_detail()

    def action_detail(self) -> None:
        entry = self.table.cursor_item
        if entry is None:
            self.notify("Nothing is highlighted", severity="warning")
            return
        lines: list[Detail] = entry_details(entry)
        DetailScreen = _detail_screen()
        self.app.push_screen(DetailScreen(f"journal · {entry.verb} {entry.subject}", lines))

    def context(self) -> ViewContext:
        return ViewContext(show=self.app.current_show)


def _detail_screen() -> type[Any]:
    from cuetui import navigation

    return navigation.screen("detail")


def _signature(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def open_journal(app: App[Any], context: ViewContext, arg: str) -> str | None:
    app.goto(JournalScreen())  # type: ignore[attr-defined]
    return None
