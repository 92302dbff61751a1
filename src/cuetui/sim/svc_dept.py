"""Departments and tasks, answered as Cuebot's ManageDepartment, ManageTask and ManageShow do
(DepartmentManagerService, PointDaoJdbc, TaskDaoJdbc, WhiteboardDaoJdbc).

A department is a point (show + dept) found by its id; a task is found by `task.name` read as
its id. Misses are uncaught 500s. TrackIt is absent: EnableTiManaged stores the flag, task and
cores and pulls no task; DisableTiManaged also deletes the department's tasks. AddTask stores
the task and then fails (NullPointerException building the answer). Task SetMinCores adjusts a
managed department's task, sets an unmanaged one's, then shares the minimum among the shot's
pending jobs (syncJobsWithTask). DepartmentInterface/ClearTaskAdjustments always fails: its SQL
names task columns that do not exist.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from opencue_proto import department_pb2, show_pb2, task_pb2

from cuetui.sim import model as m
from cuetui.sim.farm import SimulatedFarm
from cuetui.sim.launch import DEPARTMENTS
from cuetui.sim.rpc import internal, rpc
from cuetui.sim.svc_show import show_of

D = "department.DepartmentInterface/"
T = "task.TaskInterface/"
NPE = "java.lang.NullPointerException"
DUPLICATE = (
    "org.springframework.dao.DuplicateKeyException: duplicate key value violates unique "
    'constraint "c_task_uniq"'
)
BAD_SQL = 'org.springframework.jdbc.BadSqlGrammarException: column "pk_show" does not exist'
NEGATIVE = "java.lang.IllegalArgumentException: min cores must be greater than or equal to 0"


@dataclass(eq=False, slots=True)
class SimTask:
    id: str
    shot: str
    min_units: int  # task.int_min_cores
    adjust_units: int = 0  # task.int_adjust_cores


@dataclass(eq=False, slots=True)
class SimPoint:
    id: str
    show: m.Show
    dept: str
    ti_task: str = ""
    min_units: int = 0  # point.int_min_cores: the managed cores
    managed: bool = False
    tasks: dict[str, SimTask] = field(default_factory=dict)


def whole_units(cores: float) -> int:
    """Convert.coresToWholeCoreUnits: the fraction dropped."""
    if cores == -1:
        return -1
    return int((cores * 100.0 + 0.5) / 100) * 100


def points(farm: SimulatedFarm) -> dict[str, SimPoint]:
    """The farm's points by id: one per show and department, seeded on first use."""
    state = getattr(farm, "points", None)
    if state is None:
        state = {}
        farm.points = state  # type: ignore[attr-defined]
        _seed(farm, state)
    return state


def _seed(farm: SimulatedFarm, state: dict[str, SimPoint]) -> None:
    """Each show's departments; lighting has two shot tasks, anim is TrackIt-managed."""
    for show in sorted(farm.shows.values(), key=lambda s: s.msg.name):
        for dept in DEPARTMENTS:
            pid = farm.new_id("point", f"{show.msg.name}.{dept}")
            point = SimPoint(pid, show, dept)
            state[pid] = point
            if dept == "lighting":
                for shot, cores in (("sh010", 20), ("sh020", 40)):
                    _add(farm, point, shot, cores * 100)
            if dept == "anim":
                point.managed, point.ti_task, point.min_units = True, "anim_ti", 5000
                _add(farm, point, "sh030", 1000).adjust_units = 500


def _add(farm: SimulatedFarm, point: SimPoint, shot: str, units: int) -> SimTask:
    if any(t.shot == shot for t in point.tasks.values()):
        raise internal(DUPLICATE)
    n = 0
    while (tid := farm.new_id("task", f"{point.id}:{shot}:{n}")) in _all_tasks(farm):
        n += 1
    task = SimTask(tid, shot, units)
    point.tasks[tid] = task
    return task


def _all_tasks(farm: SimulatedFarm) -> dict[str, tuple[SimPoint, SimTask]]:
    return {t.id: (p, t) for p in points(farm).values() for t in p.tasks.values()}


def point_of(farm: SimulatedFarm, ref: department_pb2.Department) -> SimPoint:
    """getDepartmentConfigDetail(department.id): a miss is queryForObject's uncaught 500."""
    point = points(farm).get(ref.id)
    if point is None:
        raise internal()
    return point


def task_of(farm: SimulatedFarm, ref: task_pb2.Task) -> tuple[SimPoint, SimTask]:
    """getTaskDetail(task.getName()): the NAME field is read as the task's id."""
    found = _all_tasks(farm).get(ref.name)
    if found is None:
        raise internal()
    return found


def dept_msg(point: SimPoint) -> department_pb2.Department:
    return department_pb2.Department(
        id=point.id,
        name=f"{point.show.msg.name}.{point.dept}",
        dept=point.dept,
        ti_task=point.ti_task,
        min_cores=point.min_units / 100.0,
        ti_managed=point.managed,
    )


def task_msg(point: SimPoint, task: SimTask) -> task_pb2.Task:
    """WhiteboardDaoJdbc.TASK_MAPPER: no name and no point id; cores rounded to whole."""
    return task_pb2.Task(
        id=task.id,
        shot=task.shot,
        dept=point.dept,
        min_cores=float(int((task.min_units + task.adjust_units) / 100 + 0.5)),
        adjust_cores=float(int(task.adjust_units / 100 + 0.5)),
    )


def sync_jobs(farm: SimulatedFarm, point: SimPoint, task: SimTask) -> None:
    """syncJobsWithTask: the task's minimum shared among the shot's pending jobs."""
    units = task.min_units + task.adjust_units
    jobs = [
        j
        for j in point.show.jobs
        if j.msg.state == m.job_pb2.JobState.PENDING
        and j.msg.shot == task.shot
        and j.group.msg.department == point.dept
    ]
    if not jobs:
        return
    if len(jobs) == 1:
        jobs[0].msg.min_cores = units / 100.0
        return
    each = units // (len(jobs) * 100)
    left = units % (len(jobs) * 100) // 100
    shares: dict[int, list[int]] = {}
    for i, job in enumerate(jobs):
        waiting = job.stats.states[m.WAITING]
        if waiting < each:
            left += each - waiting
            shares[i] = [waiting, waiting]
        else:
            shares[i] = [each, waiting]
    while left > 0:
        applied = False
        for i in range(len(jobs)):
            if left < 1:
                break
            if shares[i][1] - shares[i][0] > 0:
                shares[i][0] += 1
                left -= 1
                applied = True
        if not applied:
            break
    for i, job in enumerate(jobs):
        job.msg.min_cores = float(shares[i][0])


# -- ShowInterface ---------------------------------------------------------------------------


@rpc("show.ShowInterface/GetDepartments")
def show_departments(farm: SimulatedFarm, req: show_pb2.ShowGetDepartmentsRequest):
    show = show_of(farm, req.show)
    seq = department_pb2.DepartmentSeq(
        departments=[dept_msg(p) for p in points(farm).values() if p.show is show]
    )
    return show_pb2.ShowGetDepartmentsResponse(departments=seq)


@rpc("show.ShowInterface/GetDepartment")
def show_department(farm: SimulatedFarm, req: show_pb2.ShowGetDepartmentRequest):
    show = show_of(farm, req.show)
    for point in points(farm).values():
        if point.show is show and point.dept == req.department:
            return show_pb2.ShowGetDepartmentResponse(department=dept_msg(point))
    raise internal()


# -- DepartmentInterface ---------------------------------------------------------------------


@rpc(D + "GetTasks")
def dept_tasks(farm: SimulatedFarm, req: department_pb2.DeptGetTasksRequest):
    point = point_of(farm, req.department)
    tasks = sorted(point.tasks.values(), key=lambda t: t.shot)
    seq = task_pb2.TaskSeq(tasks=[task_msg(point, t) for t in tasks])
    return department_pb2.DeptGetTasksResponse(tasks=seq)


@rpc(D + "AddTask")
def dept_add_task(farm: SimulatedFarm, req: department_pb2.DeptAddTaskRequest):
    point = point_of(farm, req.department)
    _add(farm, point, req.shot, round(req.min_cores * 100))  # coresToCoreUnits
    raise internal(NPE)  # stored; toTask(t) then sets a null department id


@rpc(D + "SetManagedCores")
def dept_set_managed_cores(farm: SimulatedFarm, req: department_pb2.DeptSetManagedCoresRequest):
    point_of(farm, req.department).min_units = whole_units(req.managed_cores)
    return department_pb2.DeptSetManagedCoresResponse()  # updateManagedTasks does nothing


@rpc(D + "EnableTiManaged")
def dept_enable_ti(farm: SimulatedFarm, req: department_pb2.DeptEnableTiManagedRequest):
    point = point_of(farm, req.department)
    point.managed, point.ti_task = True, req.ti_task
    point.min_units = whole_units(req.managed_cores)
    return department_pb2.DeptEnableTiManagedResponse()


@rpc(D + "DisableTiManaged")
def dept_disable_ti(farm: SimulatedFarm, req: department_pb2.DeptDisableTiManagedRequest):
    point = point_of(farm, req.department)
    point.managed, point.ti_task, point.min_units = False, "", 0
    point.tasks.clear()  # DepartmentManagerService.disableTiManaged clears the tasks
    return department_pb2.DeptDisableTiManagedResponse()


@rpc(D + "ClearTasks")
def dept_clear_tasks(farm: SimulatedFarm, req: department_pb2.DeptClearTasksRequest):
    point_of(farm, req.department).tasks.clear()
    return department_pb2.DeptClearTasksResponse()


@rpc(D + "ClearTaskAdjustments")
def dept_clear_adjustments(farm: SimulatedFarm, req):
    point_of(farm, req.department)
    raise internal(BAD_SQL)


# -- TaskInterface ---------------------------------------------------------------------------


@rpc(T + "SetMinCores")
def task_set_min_cores(farm: SimulatedFarm, req: task_pb2.TaskSetMinCoresRequest):
    point, task = task_of(farm, req.task)
    units = whole_units(req.new_min_cores)
    if units < 0:
        raise internal(NEGATIVE)
    if point.managed:
        task.adjust_units = units - task.min_units
    else:
        task.min_units = units
    sync_jobs(farm, point, task)
    return task_pb2.TaskSetMinCoresResponse()


@rpc(T + "ClearAdjustments")
def task_clear_adjustments(farm: SimulatedFarm, req: task_pb2.TaskClearAdjustmentsRequest):
    task_of(farm, req.task)[1].adjust_units = 0
    return task_pb2.TaskClearAdjustmentsResponse()


@rpc(T + "Delete")
def task_delete(farm: SimulatedFarm, req: task_pb2.TaskDeleteRequest):
    point, task = task_of(farm, req.task)
    del point.tasks[task.id]
    return task_pb2.TaskDeleteResponse()
