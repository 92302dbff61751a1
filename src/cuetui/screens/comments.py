"""`CommentsScreen`: a job's or a host's comments (newest first); add, edit and delete them
(`c` on a job or a host).

Under the app's header (its data state is the comments' last read) and crumbs, like every
screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, DataTable, Input, Label, Static, TextArea

from cuetui import navigation
from cuetui.core.actions import Action, perform
from cuetui.core.polling import Poller, PollOutcome
from cuetui.models import Comment, Host, Job
from cuetui.models.format import epoch
from cuetui.screens.base.place import show_place
from cuetui.screens.base.poll_schedule import ScreenPoll
from cuetui.screens.base.verb import Confirm, Verb, VerbScreen, keys
from cuetui.widgets.footer import KeysFooter
from cuetui.widgets.header import Crumbs, HeaderBar

if TYPE_CHECKING:
    from cuetui.app import CuetuiApp


class AddCommentModal(ModalScreen[tuple[str, str] | None]):
    """Subject and message; ctrl+s or Add (Save when editing) submits, Esc cancels."""

    DEFAULT_CSS = """
    AddCommentModal { align: center middle; background: $background 60%; }
    AddCommentModal > #dialog {
        width: 72; max-width: 100%; height: auto; max-height: 100%;
        padding: 0 2; border: thick $primary; background: $surface;
    }
    AddCommentModal #title { text-style: bold; margin: 1 0; }
    AddCommentModal TextArea { height: 6; }
    AddCommentModal #error { color: $text-error; height: auto; display: none; }
    AddCommentModal #error.-shown { display: block; }
    AddCommentModal #buttons { height: auto; margin: 1 0; align-horizontal: right; }
    AddCommentModal #buttons Button { margin-left: 2; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "submit", "Add comment"),
    ]

    def __init__(self, job_name: str, edit: Comment | None = None) -> None:
        super().__init__()
        self.job_name = job_name
        self.edit = edit
        """The comment being edited (its subject and message prefilled), or None to add one."""

    def compose(self) -> ComposeResult:
        edit = self.edit
        title = f"Edit comment on {self.job_name}" if edit else f"Comment on {self.job_name}"
        with Vertical(id="dialog"):
            yield Label(title, id="title", markup=False)
            yield Label("Subject:")
            yield Input(edit.subject if edit else "", id="subject")
            yield Label(f"Message (ctrl+s {'saves' if edit else 'adds'}):")
            yield TextArea(
                edit.message if edit else "", id="message", soft_wrap=True, show_line_numbers=False
            )
            yield Static("", id="error", markup=False)
            with Horizontal(id="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Save" if edit else "Add", id="add", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#subject", Input).focus()

    @on(Input.Submitted, "#subject")
    def _next_field(self) -> None:
        self.query_one("#message", TextArea).focus()

    @on(Button.Pressed, "#add")
    def action_submit(self) -> None:
        subject = self.query_one("#subject", Input).value.strip()
        message = self.query_one("#message", TextArea).text.strip()
        if not subject or not message:
            missing = "a subject" if not subject else "a message"
            error = self.query_one("#error", Static)
            error.update(f"Give {missing}.")
            error.add_class("-shown")
            return
        self.dismiss((subject, message))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


COMMENTS_EVERY = 10
"""The comments are re-read at this many times the app's refresh interval."""


DELETE_WARNING = "The comment is gone for everyone; Cuebot keeps no copy."


class CommentsScreen(VerbScreen, Screen[None]):
    """The comments of a job or a host: the list, the highlighted one in full, `a` to add
    one, `e` to edit and `d` to delete the highlighted one."""

    DEFAULT_CSS = """
    CommentsScreen DataTable { height: 1fr; }
    CommentsScreen #comment-body {
        height: auto; max-height: 50%; border-top: solid $primary; padding: 0 1;
    }
    CommentsScreen #comments-status { height: 1; color: $text-muted; padding: 0 1; }
    """
    BINDINGS, VERBS = keys(
        Binding("escape,backspace,q", "close", "Back"),
        Verb("a", "add", "Add comment", lambda screen: screen.add_comment()),
        Verb("e", "edit", "Edit comment", lambda screen: screen.edit_comment(), show=False),
        Verb(
            "d",
            "delete",
            "Delete comment",
            lambda screen: screen.delete_comment(),
            show=False,
            confirm=Confirm("Delete", when="a comment is highlighted"),
        ),
        Binding("ctrl+r", "reload", "Refresh", show=False),
        Binding("question_mark", "help", "Help", key_display="?"),
    )

    def __init__(self, job: Job | Host) -> None:
        super().__init__()
        self.job = job
        """The subject: a job, or a host (HostInterface GetComments/AddComment then)."""
        self.comments: dict[str, Comment] = {}
        self.note = ""
        """The last add's result, kept on the status line after the list reloads."""
        self.poller: Poller[list[Comment]] = Poller(self._get_comments)
        self._poll = ScreenPoll(
            self, self.poller, self._polled, name="comments", on_tick=self._show_state
        )
        self.polling = self._poll.driver

    @property
    def app(self) -> CuetuiApp:  # type: ignore[override]
        return super().app

    def crumb(self) -> str:
        # From the jobs the job is not in the crumbs yet: name it (as the frames screen does).
        named = any(
            getattr(s, "crumb", lambda: "")() == self.job.name
            for s in self.app.screen_stack
            if s is not self
        )
        return "comments" if named else f"{self.job.name} > comments"

    def compose(self) -> ComposeResult:
        yield HeaderBar()
        yield Crumbs()
        table: DataTable[Text] = DataTable(cursor_type="row", id="comments-table")
        table.add_column("When", width=11, key="when")
        table.add_column("User", width=10, key="user")
        table.add_column("Subject", key="subject")
        yield table
        yield Static("", id="comment-body", markup=False)
        yield Static("Loading…", id="comments-status", markup=False)
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self.poller.clock = getattr(self.app, "clock", self.poller.clock)
        # Comments change seldom: re-read at ten times the app's interval (30 s by default).
        refresh = float(getattr(getattr(self.app, "settings", None), "refresh", 3.0) or 3.0)
        self.poller.interval = COMMENTS_EVERY * refresh
        show_place(self)
        self._show_state()
        self._poll.mount()

    def on_screen_resume(self) -> None:
        self._poll.set_on_view(True)

    def on_screen_suspend(self) -> None:
        self._poll.set_on_view(False)

    def _show_state(self) -> None:
        status, stale = self.polling.status()
        self.query_one(HeaderBar).set_state(status, stale=stale, frozen=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.verb_allowed(action, parameters)

    def _status(self, text: str) -> None:
        self.query_one("#comments-status", Static).update(text)

    async def _get_comments(self) -> list[Comment]:
        client = self.app.client
        if isinstance(self.job, Host):
            comments: list[Comment] = await client.get_host_comments(self.job)
        else:
            comments = await client.get_comments(self.job)
        return comments

    def load(self) -> None:
        """Read the comments now (or as soon as the read in flight ends)."""
        self.polling.refresh(manual=True)

    def _polled(self, outcome: PollOutcome[list[Comment]], manual: bool) -> None:
        self._show_state()
        if outcome.ok:
            comments = list(outcome.data or [])
            comments.sort(key=lambda c: c.timestamp, reverse=True)
            self._show(comments)
        else:
            self._status(f"Could not read the comments: {outcome.error}")

    def _show(self, comments: list[Comment]) -> None:
        table = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear()
        self.comments = {}
        for i, c in enumerate(comments):
            key = c.id or str(i)
            self.comments[key] = c
            # Text, not str: a DataTable reads a str cell as markup ("[/mnt/renders] full").
            table.add_row(Text(epoch(c.timestamp)), Text(c.user), Text(c.subject), key=key)
        if comments:
            table.move_cursor(row=min(keep, len(comments) - 1))
        count = f"{len(comments)} comment(s)" if comments else "No comments yet: a adds one"
        self._status(f"{count}  ·  {self.note}" if self.note else count)
        self._show_body()

    @on(DataTable.RowHighlighted)
    def _show_body(self) -> None:
        body = self.query_one("#comment-body", Static)
        c = self._highlighted()
        if c is None:
            body.update("")
        else:
            when = epoch(c.timestamp, "%Y-%m-%d %H:%M")
            body.update(f"{c.subject}\n{c.user}, {when}\n\n{c.message}")

    def action_help(self) -> None:
        HelpScreen = navigation.screen("help")
        self.app.push_screen(HelpScreen(self))

    def action_close(self) -> None:
        self.dismiss()

    def action_reload(self) -> None:
        self.load()

    def add_comment(self) -> None:
        """`a`: the subject and message, then AddComment."""

        def answered(result: tuple[str, str] | None) -> None:
            if result is not None:
                self._add(*result)

        self.app.push_screen(AddCommentModal(self.job.name), answered)

    @work(group="actions", exit_on_error=False)
    async def _add(self, subject: str, message: str) -> None:
        client = self.app.client

        async def call(subject_: Job | Host) -> None:
            if isinstance(subject_, Host):
                await client.add_host_comment(subject_, subject, message)
            else:
                await client.add_comment(subject_, subject, message)

        kind = "host" if isinstance(self.job, Host) else "job"
        action = Action(
            "Add comment", kind, [self.job], lambda j: j.name, call, past="Added a comment to"
        )
        await self._perform(action)

    async def _perform(self, action: Action[Any]) -> None:
        result = await perform(action)
        self.notify(result.message, severity=result.severity, timeout=6 if result.ok else 15)
        self.note = result.message
        self._status(result.message)
        if not result.failed:
            self.load()

    def _highlighted(self) -> Comment | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.comments.get(key or "")

    def edit_comment(self) -> None:
        """`e`: the highlighted comment's subject and message, then CommentInterface Save."""
        comment = self._highlighted()
        if comment is None or not comment.id:
            self.notify("No comment to edit", severity="warning")
            return

        def answered(result: tuple[str, str] | None) -> None:
            if result is not None:
                self._save(comment, *result)

        self.app.push_screen(AddCommentModal(self.job.name, edit=comment), answered)

    @work(group="actions", exit_on_error=False)
    async def _save(self, comment: Comment, subject: str, message: str) -> None:
        client = self.app.client

        async def call(c: Comment) -> None:
            await client.save_comment(c, subject, message)

        action = Action(
            "Save comment",
            "comment",
            [comment],
            lambda c: repr(c.subject),
            call,
            past="Saved comment",
        )
        await self._perform(action)

    def delete_comment(self) -> None:
        """`d`: asks first (Cancel focused), then CommentInterface Delete."""
        if self.app.readonly:
            return
        comment = self._highlighted()
        if comment is None or not comment.id:
            self.notify("No comment to delete", severity="warning")
            return
        from cuetui.widgets.confirm import ConfirmModal

        def answered(ok: bool | None) -> None:
            if ok:
                self._delete(comment)

        lines = [f"{comment.subject!r} by {comment.user or 'unknown'}, {epoch(comment.timestamp)}"]
        title = f"Delete comment {comment.subject!r} on {self.job.name}?"
        modal = ConfirmModal(title, lines, "Delete", True, warning=DELETE_WARNING)
        self.app.push_screen(modal, answered)

    @work(group="actions", exit_on_error=False)
    async def _delete(self, comment: Comment) -> None:
        client = self.app.client
        action = Action(
            "Delete comment",
            "comment",
            [comment],
            lambda c: repr(c.subject),
            client.delete_comment,
            past="Deleted comment",
        )
        await self._perform(action)
