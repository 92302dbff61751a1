"""A show's departments (CueGUI's TasksDialog): TrackIt management, managed cores and, on
Enter, the department's tasks (a shot's minimum cores). Cuebot calls a department a "point"."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from cuetui import navigation
from cuetui.models import Show
from cuetui.models.department import Department, Task
from cuetui.navigation import ViewContext
from cuetui.screens.base.table_screen import BaseScreen, drill_binding
from cuetui.screens.base.verb import Confirm, Verb, keys
from cuetui.screens.verbs.depts import DeptVerbs, TaskVerbs
from cuetui.widgets.resource_table import Column, ResourceTable

if TYPE_CHECKING:
    from textual.app import App


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def dept_columns(tasks: dict[str, int]) -> list[Column[Department]]:
    return [
        Column("dept", "Department", lambda d: d.dept, width=16, flex=True),
        Column("managed", "TrackIt", lambda d: d.ti_managed, width=8, fmt=_yes),
        Column("ti_task", "TrackIt task", lambda d: d.ti_task, width=16),
        Column("cores", "Managed cores", lambda d: d.min_cores, width=13, justify="right",
               fmt=lambda v: f"{v:g}"),
        Column("tasks", "Tasks", lambda d: tasks.get(d.id, 0), width=6, justify="right"),
    ]  # fmt: skip


class DeptsScreen(BaseScreen[Department]):
    """The departments of `show`. Verbs: m managed cores, e TrackIt management on/off (off
    asks first: Cuebot deletes the department's tasks). Enter: the department's tasks."""

    KIND = "departments"
    BINDINGS, VERBS = keys(
        drill_binding("Tasks"),
        Verb("m", "managed_cores", "Managed cores", DeptVerbs.set_managed_cores,
             id="depts.cores"),
        Verb("e", "managed", "TrackIt on/off", DeptVerbs.toggle_managed, id="depts.managed",
             confirm=Confirm("Disable", when="turning management off (the tasks go)")),
    )  # fmt: skip

    def __init__(self, show: str) -> None:
        super().__init__()
        self.show = show
        self._show: Show | None = None
        self.task_counts: dict[str, int] = {}

    def columns(self) -> list[Column[Department]]:
        return dept_columns(self.task_counts)

    def table_options(self) -> dict[str, Any]:
        return {"sort": "dept"}

    def crumb(self) -> str:
        return f"{self.show} departments"

    def empty_text(self) -> str:
        return f"No departments in show {self.show}"

    def on_mount(self) -> None:
        self.app.set_show(self.show)
        super().on_mount()

    async def fetch(self) -> list[Department]:
        client = self.app.client
        if self._show is None:  # GetDepartments takes the show's id: look it up once
            self._show = await client.find_show(self.show)
        depts = await client.get_departments(self._show)
        # Each department's tasks, counted: a wrangler turning management off sees what goes.
        tasks = await asyncio.gather(*(client.get_tasks(d) for d in depts))
        self.task_counts.clear()
        self.task_counts.update({d.id: len(t) for d, t in zip(depts, tasks, strict=True)})
        return depts

    def context(self) -> ViewContext:
        return ViewContext(show=self.show)

    def verbs(self) -> DeptVerbs:
        return DeptVerbs(self, lambda d: self.task_counts.get(d.id))

    def drill(self, item: Department) -> None:
        self.app.open_screen(navigation.screen("dept_tasks")(self.show, item))


def task_columns() -> list[Column[Task]]:
    return [
        Column("shot", "Shot", lambda t: t.shot, width=16, flex=True),
        Column("min", "Min cores", lambda t: t.min_cores, width=10, justify="right",
               fmt=lambda v: f"{v:g}"),
        Column("adjust", "Adjustment", lambda t: t.adjust_cores, width=11, justify="right",
               fmt=lambda v: f"{v:+g}" if v else ""),
    ]  # fmt: skip


class DeptTasksScreen(BaseScreen[Task]):
    """One department's tasks. Verbs: n add, m min cores, c clear adjustment, d delete (asks
    first); a TrackIt-managed department's tasks are not added or deleted (as CueGUI)."""

    KIND = "tasks"
    BINDINGS, VERBS = keys(
        drill_binding("Min cores"),
        Verb("n", "add", "New", TaskVerbs.add, id="tasks.add"),
        Verb("m", "min_cores", "Min cores", TaskVerbs.set_min_cores, id="tasks.cores"),
        Verb("c", "clear", "Clear adjust", TaskVerbs.clear_adjustment, id="tasks.clear"),
        Verb("d", "delete", "Delete", TaskVerbs.delete, id="tasks.delete", confirm=Confirm()),
    )

    def __init__(self, show: str, dept: Department) -> None:
        super().__init__()
        self.show = show
        self.dept = dept

    def columns(self) -> list[Column[Task]]:
        return task_columns()

    def table_options(self) -> dict[str, Any]:
        return {"sort": "shot"}

    def crumb(self) -> str:
        return f"{self.dept.dept} tasks" + (" (TrackIt)" if self.dept.ti_managed else "")

    def empty_text(self) -> str:
        return f"No tasks in {self.dept.name}" + ("" if self.dept.ti_managed else ": n adds one")

    async def fetch(self) -> list[Task]:
        tasks = await self.app.client.get_tasks(self.dept)
        for task in tasks:
            task.name = task.name or task.shot  # Cuebot sends none; messages name the shot
        return tasks

    def context(self) -> ViewContext:
        return ViewContext(show=self.show)

    def verbs(self) -> TaskVerbs:
        return TaskVerbs(self, lambda: self.dept)

    def drill(self, item: Task) -> None:
        self.action_verb("min_cores")

    def on_mount(self) -> None:
        super().on_mount()
        if self.app.readonly:
            hide_enter(self.table)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "drill" and self.app.readonly:
            return False  # Enter sets the minimum: a write, hidden as the verbs are
        return super().check_action(action, parameters)


def hide_enter(table: ResourceTable[Any]) -> None:
    """Read-only: Enter writes on this screen, so the table's Enter goes (footer, `?`)."""
    table._bindings.key_to_bindings.pop("enter", None)
    table.refresh_bindings()


def open_depts(app: App[Any], context: ViewContext, arg: str) -> str | None:
    """`:depts [show]`: the named show, else the current one."""
    show = arg.strip() or context.show
    if not show or show in ("all", "*"):
        return "Departments are of one show: :depts SHOW"
    app.goto(DeptsScreen(show))  # type: ignore[attr-defined]
    return None
