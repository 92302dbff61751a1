"""Department and task verbs (CueGUI's TasksDialog): managed cores, TrackIt management on/off,
and a department's tasks: add, set minimum cores, clear the adjustment, delete.

Open-source Cuebot has no TrackIt: turning management on stores the flag, the TrackIt task and
the cores, and no task ever comes from it; turning it off deletes every task of the department
(DepartmentManagerService.disableTiManaged), so it asks first and says how many go. As in
CueGUI, a managed department's tasks are not added or deleted here, and a task's minimum on a
managed department is stored as an adjustment.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cuetui.client.depts import MAX_CORES, MAX_SHOT, MAX_TI_TASK
from cuetui.core.actions import Action
from cuetui.core.inputs import int_error
from cuetui.screens.base.verb import Ask
from cuetui.screens.verbs.setters import subject

if TYPE_CHECKING:
    from cuetui.models.department import Department, Task
    from cuetui.screens.base.table_screen import BaseScreen

NO_TRACKIT = (
    "Open-source Cuebot has no TrackIt: the department is marked managed with these cores, "
    "but no tasks come from TrackIt."
)
MANAGED_HINT = "Only TrackIt management reads it; Cuebot keeps whole cores."
CORES_LABEL = f"Cores, a whole number (0-{MAX_CORES}):"


def disable_warning(dept: Department, tasks: int | None) -> str:
    gone = "its tasks" if tasks is None else f"its {tasks} task{'s' if tasks != 1 else ''}"
    return (
        f"Cuebot deletes {gone} with the management of {dept.dept}: "
        "the shots lose their minimum cores."
    )


def _cores_ask(title: str, current: float | None, hint: str = "") -> Ask[int]:
    value = "" if current is None else f"{current:g}"
    return Ask(
        title, CORES_LABEL, value, int_error(0, MAX_CORES), lambda t: int(t.strip()), hint=hint
    )


@dataclass
class DeptVerbs:
    """Verbs of `:depts` over its targets (marked rows, else the highlighted department)."""

    screen: BaseScreen[Department]
    task_count: Callable[[Department], int | None]

    def set_managed_cores(self) -> None:
        targets = self.screen.table.targets()
        if not targets:
            return
        client = self.screen.app.client

        def valued(value: int) -> None:
            action = Action(
                verb=f"Set managed cores {value}",
                kind="department",
                targets=targets,
                name=lambda d: d.name,
                call=lambda d: client.set_managed_cores(d, value),
            )
            self.screen.act(action)

        current = targets[0].min_cores if len(targets) == 1 else None
        self.screen.ask(
            _cores_ask(f"Managed cores of {subject(targets)}", current, MANAGED_HINT), valued
        )

    def toggle_managed(self) -> None:
        """Disable management when on (asks: the tasks go), else ask the TrackIt task and cores."""
        dept = self.screen.table.cursor_item
        if dept is None:
            self.screen.notify("No department selected", severity="warning")
            return
        client = self.screen.app.client
        if dept.ti_managed:
            action = Action(
                verb="Disable TrackIt management",
                kind="department",
                targets=[dept],
                name=lambda d: d.name,
                call=client.disable_ti_managed,
                destructive=True,
            )
            self.screen.act(action, warning=disable_warning(dept, self.task_count(dept)))
            return

        def tasked(ti_task: str) -> None:
            def valued(value: int) -> None:
                action = Action(
                    verb=f"Enable TrackIt management ({ti_task}, {value} cores)",
                    kind="department",
                    targets=[dept],
                    name=lambda d: d.name,
                    call=lambda d: client.enable_ti_managed(d, ti_task, value),
                    past="Marked TrackIt-managed (no TrackIt here: no tasks will come from it):",
                )
                self.screen.act(action)

            self.screen.ask(
                _cores_ask(f"Managed cores of {dept.name}", dept.min_cores, NO_TRACKIT), valued
            )

        ask = Ask(
            f"Manage {dept.name} with TrackIt",
            "TrackIt task:",
            dept.ti_task or dept.dept,
            _text_error(MAX_TI_TASK),
            str.strip,
            hint=NO_TRACKIT,
        )
        self.screen.ask(ask, tasked)


def _text_error(most: int, taken: set[str] | None = None) -> Callable[[str], str | None]:
    def check(text: str) -> str | None:
        value = text.strip()
        if not value:
            return "Give a name"
        if len(value) > most:
            return f"At most {most} characters"
        if taken and value in taken:
            return f"{value} has a task already"
        return None

    return check


@dataclass
class TaskVerbs:
    """Verbs of a department's tasks (marked rows, else the highlighted task)."""

    screen: BaseScreen[Task]
    dept: Callable[[], Department]

    def _unmanaged(self, what: str) -> bool:
        dept = self.dept()
        if dept.ti_managed:
            self.screen.notify(
                f"{dept.name} is managed by TrackIt: its tasks are not {what} by hand "
                "(as in CueGUI); turn management off in :depts first",
                severity="warning",
            )
            return False
        return True

    def add(self) -> None:
        if not self._unmanaged("added"):
            return
        dept, client = self.dept(), self.screen.app.client
        taken = {t.shot for t in self.screen.table.items()}

        def shot_named(shot: str) -> None:
            def valued(value: int) -> None:
                action = Action(
                    verb=f"Add task of {value} cores",
                    kind="task",
                    targets=[shot],
                    name=str,
                    call=lambda s: client.add_task(dept, s, value),
                    context=dept.name,
                    past=f"Added task of {value} cores:",
                )
                self.screen.act(action)

            self.screen.ask(_cores_ask(f"Minimum cores of {shot}", 1), valued)

        ask = Ask(f"New task in {dept.name}", "Shot:", "", _text_error(MAX_SHOT, taken), str.strip)
        self.screen.ask(ask, shot_named)

    def set_min_cores(self) -> None:
        targets = self.screen.table.targets()
        if not targets:
            return
        dept, client = self.dept(), self.screen.app.client
        hint = (
            "A managed department keeps this as an adjustment of the TrackIt minimum"
            if dept.ti_managed
            else "Cuebot shares it among the shot's pending jobs (their min cores)"
        )

        def valued(value: int) -> None:
            action = Action(
                verb=f"Set min cores {value}",
                kind="task",
                targets=targets,
                name=lambda t: t.shot,
                call=lambda t: client.set_task_min_cores(t, value),
                context=dept.name,
            )
            self.screen.act(action)

        current = max(t.min_cores for t in targets)
        self.screen.ask(_cores_ask(f"Minimum cores of {_shots(targets)}", current, hint), valued)

    def clear_adjustment(self) -> None:
        targets = self.screen.table.targets()
        client = self.screen.app.client
        action = Action(
            verb="Clear core adjustment",
            kind="task",
            targets=targets,
            name=lambda t: t.shot,
            call=client.clear_task_adjustments,
            context=self.dept().name,
        )
        self.screen.act(action)

    def delete(self) -> None:
        if not self._unmanaged("deleted"):
            return
        targets = self.screen.table.targets()
        action = Action(
            verb="Delete",
            kind="task",
            targets=targets,
            name=lambda t: t.shot,
            call=self.screen.app.client.delete_task,
            destructive=True,
            context=self.dept().name,
        )
        self.screen.act(action, warning="The shots' jobs keep the min cores they have now.")


def _shots(tasks: list[Task]) -> str:
    return tasks[0].shot if len(tasks) == 1 else f"{len(tasks)} tasks"
