"""A show's departments and their tasks (CueGUI's TasksDialog): ShowInterface/GetDepartments,
DepartmentInterface and TaskInterface.

How Cuebot finds each (ManageDepartment, ManageTask, DepartmentManagerService, TaskDaoJdbc):
- A department is a "point" (show + department), found by the point's **id**
  (`getDepartmentConfigDetail(department.id)`); a miss is an uncaught 500.
- A task is found by `task.name`, read as the task's **id** (`getTaskDetail(task.getName())`,
  `WHERE pk_task = ?`): GetTasks sends tasks without a name, so the id goes in both fields.
  CueGUI sends the task as it got it (no name) and fails; a miss is a 500.
- Cores: SetManagedCores, EnableTiManaged and Task SetMinCores keep whole cores only
  (`coresToWholeCoreUnits` drops the fraction): we refuse fractions before sending.
- TrackIt is not part of open-source Cuebot: EnableTiManaged stores the flag, the TrackIt task
  and the cores, but `updateManagedTasks` is empty, so no task ever arrives from it.
  DisableTiManaged clears the flag, the cores AND deletes every task of the department.
- Task SetMinCores on a managed department stores an adjustment (value - minimum), else the
  minimum; then Cuebot shares the minimum among the shot's pending jobs (their min cores).
- AddTask stores the task, then fails building its answer (TaskEntity has no department id:
  a NullPointerException, 500). `add_task` reads the department's tasks after such a 500 and
  counts the task as added when its shot is there. A shot already in the department is a 500
  (unique constraint): the view refuses one it lists.
"""

from __future__ import annotations

import math
from typing import Any

from cuetui.client import _paths as P
from cuetui.client._core import ClientBase
from cuetui.client._targets import ref, target_id
from cuetui.client.errors import Internal
from cuetui.models import Show
from cuetui.models.department import Department, Task

DeptRef = Department | str
TaskRef = Task | str
MAX_CORES = 50_000  # CueGUI's dialogs stop at 50000
MAX_SHOT = 36  # task.str_shot VARCHAR(36)
MAX_TI_TASK = 36  # point.str_ti_task VARCHAR(36)


def whole_cores(value: float) -> int:
    """Cores as Cuebot keeps them here: a whole number from 0; ValueError says why not."""
    if not math.isfinite(value) or value < 0 or value > MAX_CORES or int(value) != value:
        raise ValueError(f"cores are a whole number from 0 to {MAX_CORES:,}")
    return int(value)


def shot_name(shot: str) -> str:
    shot = shot.strip()
    if not shot:
        raise ValueError("a task needs a shot")
    if len(shot) > MAX_SHOT:
        raise ValueError(f"a shot name has at most {MAX_SHOT} characters")
    return shot


def _task(task: TaskRef) -> dict[str, str]:
    """The task as ManageTask reads it: its id in `name` (and in `id`, for a fixed Cuebot)."""
    tid = target_id(task, "task")
    return {"id": tid, "name": tid}


class DeptsMixin(ClientBase):
    """Departments (points) of a show and their tasks."""

    async def get_departments(self, show: Show | str) -> list[Department]:
        """The show's departments (`show.dept` names); Cuebot finds the show by id."""
        body = {"show": ref(show, "show")}
        return await self._read_list(P.SHOW_GET_DEPARTMENTS, body, "departments", Department)

    async def get_tasks(self, dept: DeptRef) -> list[Task]:
        """The department's tasks by shot."""
        body = {"department": ref(dept, "department")}
        return await self._read_list(P.DEPT_GET_TASKS, body, "tasks", Task)

    async def set_managed_cores(self, dept: DeptRef, cores: float) -> None:
        body = {"department": ref(dept, "department"), "managedCores": whole_cores(cores)}
        await self._act(P.DEPT_SET_MANAGED_CORES, body)

    async def enable_ti_managed(self, dept: DeptRef, ti_task: str, cores: float) -> None:
        """Store the TrackIt task and cores (no TrackIt in open-source Cuebot: no tasks come)."""
        task = ti_task.strip()
        if not task or len(task) > MAX_TI_TASK:
            raise ValueError(f"a TrackIt task is 1 to {MAX_TI_TASK} characters")
        body: dict[str, Any] = {
            "department": ref(dept, "department"),
            "tiTask": task,
            "managedCores": whole_cores(cores),
        }
        await self._act(P.DEPT_ENABLE_TI_MANAGED, body)

    async def disable_ti_managed(self, dept: DeptRef) -> None:
        """Clear the flag and the cores; Cuebot deletes every task of the department too."""
        await self._act(P.DEPT_DISABLE_TI_MANAGED, {"department": ref(dept, "department")})

    async def add_task(self, dept: DeptRef, shot: str, min_cores: float) -> None:
        """A task for `shot`; a 500 after Cuebot stored it counts as added (see the module)."""
        name = shot_name(shot)
        body = {
            "department": ref(dept, "department"),
            "shot": name,
            "minCores": whole_cores(min_cores),
        }
        try:
            await self._act(P.DEPT_ADD_TASK, body)
        except Internal:
            if not any(t.shot == name for t in await self.get_tasks(dept)):
                raise

    async def set_task_min_cores(self, task: TaskRef, cores: float) -> None:
        body = {"task": _task(task), "newMinCores": whole_cores(cores)}
        await self._act(P.TASK_SET_MIN_CORES, body)

    async def clear_task_adjustments(self, task: TaskRef) -> None:
        """Back to the minimum the task was given (a managed department's adjustment goes)."""
        await self._act(P.TASK_CLEAR_ADJUSTMENTS, {"task": _task(task)})

    async def delete_task(self, task: TaskRef) -> None:
        await self._act(P.TASK_DELETE, {"task": _task(task)})
