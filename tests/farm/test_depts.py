"""`:depts` on the simulator: each verb's exact request (a department by its point id, a task by
its id sent as its name, as ManageTask reads it), the toast, and the table after the next poll;
the simulator answers as ManageDepartment / ManageTask do (AddTask stores, then fails)."""

from __future__ import annotations

from typing import Any

import httpx
from farm_support import (
    answer,
    bodies,
    cursor_to,
    make_app,
    messages,
    refreshed,
    run,
    said,
    settle,
)

from cuetui.screens.depts import DeptsScreen, DeptTasksScreen
from cuetui.sim.harness import SimHarness
from cuetui.widgets.confirm import ConfirmModal
from cuetui.widgets.prompt import PromptModal

D = "/department.DepartmentInterface/"
T = "/task.TaskInterface/"
GET = "/show.ShowInterface/GetDepartments"


def show_id(sim: SimHarness, name: str = "testing") -> str:
    return next(s.msg.id for s in sim.farm.shows.values() if s.msg.name == name)


def depts(screen: DeptsScreen) -> dict[str, tuple[bool, str, float, int]]:
    return {
        d.dept: (d.ti_managed, d.ti_task, d.min_cores, screen.task_counts[d.id])
        for d in screen.table.items()
    }


def tasks(screen: DeptTasksScreen) -> dict[str, tuple[float, float]]:
    return {t.shot: (t.min_cores, t.adjust_cores) for t in screen.table.items()}


async def test_managed_cores_and_trackit_on_then_off(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await run(pilot, "depts", DeptsScreen)
        assert bodies(sim, GET)[-1] == {"show": {"id": show_id(sim)}}
        rows = depts(screen)
        assert rows["lighting"] == (False, "", 0.0, 2)
        assert rows["anim"] == (True, "anim_ti", 50.0, 1)
        light = await cursor_to(pilot, screen, "testing.lighting")
        await pilot.press("m")
        await answer(pilot, "2.5")  # Cuebot keeps whole cores: refused in the prompt
        assert isinstance(app.screen, PromptModal)
        await answer(pilot, "30")
        await settle(pilot, lambda: bodies(sim, D + "SetManagedCores"))
        assert bodies(sim, D + "SetManagedCores") == [
            {"department": {"id": light.id}, "managedCores": 30}
        ]
        await refreshed(pilot, sim, GET, screen)
        assert depts(screen)["lighting"] == (False, "", 30.0, 2)
        await pilot.press("e")
        await answer(pilot, "light_ti")
        await answer(pilot, "60")
        await settle(pilot, lambda: bodies(sim, D + "EnableTiManaged"))
        assert bodies(sim, D + "EnableTiManaged") == [
            {"department": {"id": light.id}, "tiTask": "light_ti", "managedCores": 60}
        ]
        assert "no TrackIt" in await said(pilot, "Marked TrackIt-managed")
        await refreshed(pilot, sim, GET, screen)
        assert depts(screen)["lighting"] == (True, "light_ti", 60.0, 2)
        await pilot.press("e")  # off: Cuebot deletes the tasks, so it asks first
        await settle(pilot, lambda: isinstance(app.screen, ConfirmModal))
        assert app.focused is not None and app.focused.id == "cancel"
        assert "its 2 tasks" in str(app.screen.warning)
        await pilot.press("escape")
        await pilot.pause()
        assert bodies(sim, D + "DisableTiManaged") == []
        await pilot.press("e")
        await settle(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("right", "enter")
        await settle(pilot, lambda: bodies(sim, D + "DisableTiManaged"))
        assert bodies(sim, D + "DisableTiManaged") == [{"department": {"id": light.id}}]
        await refreshed(pilot, sim, GET, screen)
        assert depts(screen)["lighting"] == (False, "", 0.0, 0)


async def test_tasks_add_set_min_cores_delete(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await run(pilot, "depts", DeptsScreen)
        light = await cursor_to(pilot, screen, "testing.lighting")
        await pilot.press("enter")
        await settle(pilot, lambda: isinstance(app.screen, DeptTasksScreen))
        tscreen = app.screen
        await settle(pilot, lambda: tscreen.poller.updated_at)
        assert bodies(sim, D + "GetTasks")[-1] == {"department": {"id": light.id}}
        assert tasks(tscreen) == {"sh010": (20.0, 0.0), "sh020": (40.0, 0.0)}
        await pilot.press("n")
        await answer(pilot, "sh010")  # listed: refused in the prompt (Cuebot: unique shot)
        assert isinstance(app.screen, PromptModal)
        await answer(pilot, "sh030")
        await answer(pilot, "12")
        await settle(pilot, lambda: bodies(sim, D + "AddTask"))
        assert bodies(sim, D + "AddTask") == [
            {"department": {"id": light.id}, "shot": "sh030", "minCores": 12}
        ]
        # Cuebot stores the task and answers 500: the client finds it stored, so it is added.
        assert (await said(pilot, "Added task of 12 cores")).startswith(
            "Added task of 12 cores: sh030"
        )
        await refreshed(pilot, sim, D + "GetTasks", tscreen)
        assert tasks(tscreen)["sh030"] == (12.0, 0.0)
        sh010 = await cursor_to(pilot, tscreen, "sh010")
        await pilot.press("enter")  # Enter sets the minimum, as m does
        await answer(pilot, "25")
        await settle(pilot, lambda: bodies(sim, T + "SetMinCores"))
        assert bodies(sim, T + "SetMinCores") == [
            {"task": {"id": sh010.id, "name": sh010.id}, "newMinCores": 25}
        ]
        await refreshed(pilot, sim, D + "GetTasks", tscreen)
        assert tasks(tscreen)["sh010"] == (25.0, 0.0)
        sh030 = await cursor_to(pilot, tscreen, "sh030")
        await pilot.press("d")
        await settle(pilot, lambda: isinstance(app.screen, ConfirmModal))
        assert app.focused is not None and app.focused.id == "cancel"
        await pilot.press("right", "enter")
        await settle(pilot, lambda: bodies(sim, T + "Delete"))
        assert bodies(sim, T + "Delete") == [{"task": {"id": sh030.id, "name": sh030.id}}]
        await refreshed(pilot, sim, D + "GetTasks", tscreen)
        assert set(tasks(tscreen)) == {"sh010", "sh020"}


async def test_managed_department_adjusts_and_refuses_add(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await run(pilot, "depts", DeptsScreen)
        await cursor_to(pilot, screen, "testing.anim")
        await pilot.press("enter")
        await settle(pilot, lambda: isinstance(app.screen, DeptTasksScreen))
        tscreen = app.screen
        await settle(pilot, lambda: tscreen.poller.updated_at)
        assert tasks(tscreen) == {"sh030": (15.0, 5.0)}
        sh030 = await cursor_to(pilot, tscreen, "sh030")
        await pilot.press("c")
        await settle(pilot, lambda: bodies(sim, T + "ClearAdjustments"))
        assert bodies(sim, T + "ClearAdjustments") == [{"task": {"id": sh030.id, "name": sh030.id}}]
        await refreshed(pilot, sim, D + "GetTasks", tscreen)
        assert tasks(tscreen) == {"sh030": (10.0, 0.0)}
        await pilot.press("m")
        await answer(pilot, "20")
        await settle(pilot, lambda: bodies(sim, T + "SetMinCores"))
        await refreshed(pilot, sim, D + "GetTasks", tscreen)
        assert tasks(tscreen) == {"sh030": (20.0, 10.0)}  # managed: an adjustment of +10
        await pilot.press("n")
        await pilot.pause()
        assert not isinstance(app.screen, PromptModal)
        assert any("managed by TrackIt" in m for m in messages(app))
        await pilot.press("d")
        await pilot.pause()
        assert bodies(sim, D + "AddTask") == [] and bodies(sim, T + "Delete") == []


def call(sim: SimHarness, path: str, body: dict[str, Any], status: int = 200) -> dict[str, Any]:
    r = httpx.post(f"{sim.url}{path}", json=body, headers=sim.headers(), timeout=10)
    assert r.status_code == status, f"{path}: {r.status_code} {r.text}"
    return r.json()


def test_sim_finds_tasks_by_name_and_departments_by_id(sim: SimHarness) -> None:
    out = call(sim, GET, {"show": {"id": show_id(sim)}})
    light = next(d for d in out["departments"]["departments"] if d["dept"] == "lighting")
    assert light["name"] == "testing.lighting"
    seq = call(sim, D + "GetTasks", {"department": {"id": light["id"]}})["tasks"]["tasks"]
    task = next(t for t in seq if t["shot"] == "sh010")
    assert task["name"] == ""  # Cuebot's whiteboard sends no name
    # As CueGUI sends it (the task as read, no name): Cuebot looks up "" and fails.
    call(sim, T + "SetMinCores", {"task": {"id": task["id"]}, "newMinCores": 5}, 500)
    call(sim, T + "SetMinCores", {"task": {"name": task["id"]}, "newMinCores": -1}, 500)
    call(sim, T + "SetMinCores", {"task": {"name": task["id"]}, "newMinCores": 7.9}, 200)
    seq = call(sim, D + "GetTasks", {"department": {"id": light["id"]}})["tasks"]["tasks"]
    assert next(t for t in seq if t["shot"] == "sh010")["minCores"] == 7  # whole cores kept
    call(sim, D + "SetManagedCores", {"department": {"name": "testing.lighting"}}, 500)
    add = {"department": {"id": light["id"]}, "shot": "sh099", "minCores": 3}
    err = call(sim, D + "AddTask", add, 500)
    assert "NullPointerException" in err["message"]
    call(sim, D + "AddTask", add, 500)  # now the unique constraint
    seq = call(sim, D + "GetTasks", {"department": {"id": light["id"]}})["tasks"]["tasks"]
    assert [t["shot"] for t in seq].count("sh099") == 1
    call(sim, D + "ClearTaskAdjustments", {"department": {"id": light["id"]}}, 500)
