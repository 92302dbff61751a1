"""A show's groups nested with their jobs (CueCommander's Monitor Cue), and the group verbs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.binding import Binding

from cuetui import navigation
from cuetui.client.errors import NotFound, UnknownShow
from cuetui.core.group_tree import TreeRow, limit, tree_rows
from cuetui.models import Show
from cuetui.models.format import cores
from cuetui.models.group import NestedGroup
from cuetui.navigation import ViewContext
from cuetui.screens.base.table_screen import BaseScreen, drill_binding
from cuetui.screens.base.verb import Confirm, Verb, keys
from cuetui.screens.verbs.groups import GroupVerbs
from cuetui.widgets.cells import count_style, zero_dim
from cuetui.widgets.resource_table import Column

if TYPE_CHECKING:
    from textual.app import App

ON_JOBS = Confirm(when="the group has jobs (Cuebot sets it on them too)", danger=False)


def _name(row: TreeRow) -> str:
    indent = "  " * row.depth
    if row.job is not None:
        return f"{indent}{row.name}"
    has_more = bool(row.group.children or row.group.inline_jobs)
    mark = "▸ " if row.folded else ("▾ " if has_more else "· ")
    return f"{indent}{mark}{row.name}"


def _pair(row: TreeRow) -> tuple[float, float]:
    """Min/max cores: the group's own limits, or the job's."""
    if row.job is not None:
        return row.job.min_cores, row.job.max_cores
    return row.group.min_cores, row.group.max_cores


def _group_only(fn: Any) -> Any:
    return lambda r: fn(r.group) if r.job is None else None


def _blank(fmt: Any) -> Any:
    return lambda v: "" if v is None else fmt(v)


def group_columns() -> list[Column[TreeRow]]:
    def num(key: str, label: str, value: Any, width: int, **kw: Any) -> Column[TreeRow]:
        return Column(key, label, value, width=width, justify="right", **kw)

    return [
        Column("name", "Group / job", _name, width=28, flex=True),
        num("jobs", "Jobs", lambda r: r.jobs if r.job is None else None, 4,
            fmt=_blank(str), style=lambda v: "dim" if not v else "", priority=3),
        num("run", "Run", lambda r: r.running, 4, style=count_style("yellow")),
        num("dead", "Dead", lambda r: r.dead, 4, style=count_style("bold red"), priority=4),
        num("cores", "Cores", lambda r: r.cores, 6, fmt=cores, style=zero_dim),
        num("minmax", "Min/Max", _pair, 9, fmt=lambda v: f"{limit(v[0])}/{limit(v[1])}"),
        num("pri", "Pri", lambda r: r.job.priority if r.job else r.group.default_job_priority,
            5, fmt=lambda v: limit(v), priority=2),
        num("defmin", "Job min", _group_only(lambda g: g.default_job_min_cores), 7,
            fmt=_blank(limit), priority=5),
        num("defmax", "Job max", _group_only(lambda g: g.default_job_max_cores), 7,
            fmt=_blank(limit), priority=5),
        Column("dept", "Dept", _group_only(lambda g: g.department), width=9,
               fmt=_blank(str), priority=6),
    ]  # fmt: skip


class GroupsScreen(BaseScreen[TreeRow]):
    """The groups of `show` nested, with their pending jobs; Enter on a job opens its layers,
    on a group folds or unfolds it."""

    KIND = "groups"
    BINDINGS, VERBS = keys(
        drill_binding("Open"),
        Verb("t", "move", "To group", GroupVerbs.move, id="groups.move",
             confirm=Confirm("Move", when="a group is picked", danger=False)),
        Verb("n", "create", "New group", GroupVerbs.create, id="groups.create"),
        Verb("R", "rename", "Rename", GroupVerbs.rename, show=False, id="groups.rename"),
        Verb("d", "delete", "Delete", GroupVerbs.delete, id="groups.delete",
             confirm=Confirm("Delete")),
        Verb("m", "min_cores", "Min cores", GroupVerbs.min_cores, show=False,
             id="groups.min_cores"),
        Verb("M", "max_cores", "Max cores", GroupVerbs.max_cores, show=False,
             id="groups.max_cores"),
        Verb("P", "job_priority", "Default priority", GroupVerbs.job_priority, show=False,
             id="groups.job_priority", confirm=ON_JOBS),
        Verb("j", "job_min_cores", "Default job min cores", GroupVerbs.job_min_cores,
             show=False, id="groups.job_min_cores", confirm=ON_JOBS),
        Verb("J", "job_max_cores", "Default job max cores", GroupVerbs.job_max_cores,
             show=False, id="groups.job_max_cores", confirm=ON_JOBS),
        Binding("f", "fold_all", "Fold / unfold all", show=False, id="groups.fold_all"),
    )  # fmt: skip

    def __init__(self, show: str) -> None:
        super().__init__()
        self.show = show
        self._show: Show | None = None
        self.root: NestedGroup | None = None
        self.folded: set[str] = set()

    def columns(self) -> list[Column[TreeRow]]:
        return group_columns()

    def row_style(self, item: TreeRow) -> str:
        return "bold" if item.job is None else ""

    def table_options(self) -> dict[str, Any]:
        return {"order": lambda r: r.order}

    def default_order_label(self) -> str:
        return "Tree: each group, its jobs, its subgroups"

    def crumb(self) -> str:
        return f"{self.show} groups"

    def empty_text(self) -> str:
        return f"No groups in show {self.show}"

    def on_mount(self) -> None:
        self.app.set_show(self.show)
        super().on_mount()

    async def fetch(self) -> list[TreeRow]:
        client = self.app.client
        if self._show is None:  # GetJobWhiteboard takes the show's id: look it up once
            try:
                self._show = await client.find_show(self.show)
            except NotFound:
                missing, names = await client.missing_shows([self.show])
                if missing:  # said as the jobs view says it, with a guess when one is close
                    raise UnknownShow(missing, names) from None
                raise
        self.root = await client.get_job_whiteboard(self._show)
        return tree_rows(self.root, self.folded)

    def context(self) -> ViewContext:
        row = self.table.cursor_item
        return ViewContext(show=self.show, job=row.job if row is not None else None)

    def verbs(self) -> GroupVerbs:
        return GroupVerbs(self, lambda: self.root)

    def drill(self, item: TreeRow) -> None:
        if item.job is not None:
            self.app.open_screen(navigation.screen("layers")(item.job))
            return
        self.folded.symmetric_difference_update({item.id})
        self._redraw()

    def action_fold_all(self) -> None:
        """Fold every group with subgroups or jobs, or unfold all when some are folded."""
        if self.folded or self.root is None:
            self.folded.clear()
        else:
            self.folded = {g.id for g in self.root.walk()[1:] if g.children or g.inline_jobs}
        self._redraw()

    def _redraw(self) -> None:
        """Fold and unfold from the tree last read: no request."""
        if self.root is not None:
            self.table.apply(tree_rows(self.root, self.folded))
            self._show_info()


def open_groups(app: App[Any], context: ViewContext, arg: str) -> str | None:
    """`:groups [show]`: the named show, else the current one."""
    show = arg.strip() or context.show
    if not show or show in ("all", "*"):
        return "Groups are of one show: :groups SHOW"
    app.goto(GroupsScreen(show))  # type: ignore[attr-defined]
    return None
