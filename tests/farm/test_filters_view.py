"""`:filters SHOW` and a filter's matchers and actions, on the simulator.

Each verb: the exact request (path and body), the toast, and the table after the next poll.
"""

from __future__ import annotations

from typing import Any

from farm_support import (
    answer,
    bodies,
    choose,
    confirm,
    cursor_to,
    make_app,
    messages,
    refreshed,
    run,
    settle,
)

from cuetui.screens.filter_detail import FilterDetailScreen
from cuetui.screens.filters import FiltersScreen
from cuetui.screens.jobs import JobsScreen
from cuetui.sim.harness import SimHarness
from cuetui.sim.svc_filter import filters as sim_filters
from cuetui.widgets.confirm import ConfirmModal
from cuetui.widgets.prompt import ChoiceModal, PromptModal

F = "/filter.FilterInterface/"
GET = "/show.ShowInterface/GetFilters"


def names(screen: FiltersScreen) -> list[tuple[str, float, bool]]:
    items = sorted(screen.table.items(), key=lambda f: f.order)
    return [(f.name, f.order, f.enabled) for f in items]


def sim_filter(sim: SimHarness, name: str) -> Any:
    return next(
        f
        for f in sim_filters(sim.farm).values()
        if f.msg.name == name and f.show.msg.name == "testing"
    )


async def test_list_toggle_order_and_type(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await run(pilot, "filters testing", FiltersScreen)
        assert bodies(sim, GET)[-1] == {"show": {"id": screen._show.id}}
        assert names(screen) == [
            ("comp jobs to comp", 1, True),
            ("fx sims low priority", 2, True),
            ("hold sh9 shots", 3, False),
        ]
        flt = await cursor_to(pilot, screen, "hold sh9 shots")
        await pilot.press("e")
        await settle(pilot, lambda: bodies(sim, F + "SetEnabled"))
        assert bodies(sim, F + "SetEnabled") == [{"filter": {"id": flt.id}, "enabled": True}]
        await pilot.press("left_square_bracket")
        await settle(pilot, lambda: bodies(sim, F + "RaiseOrder"))
        assert bodies(sim, F + "RaiseOrder") == [{"filter": {"id": flt.id}}]
        await refreshed(pilot, sim, GET, screen)
        assert names(screen)[1] == ("hold sh9 shots", 2, True)
        assert any("Enable" in m for m in messages(app))
        await cursor_to(pilot, screen, "hold sh9 shots")
        await pilot.press("t")
        await choose(pilot, "match all: every matcher must match")
        await settle(pilot, lambda: bodies(sim, F + "SetType"))
        assert bodies(sim, F + "SetType") == [{"filter": {"id": flt.id}, "type": "MATCH_ALL"}]
        await refreshed(pilot, sim, GET, screen)
        assert screen.table.get_item(flt.id).type_text == "match all"


async def test_create_rename_and_delete_asking_first(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await run(pilot, "filters testing", FiltersScreen)
        await pilot.press("n")
        await answer(pilot, "lookdev")
        await settle(pilot, lambda: bodies(sim, "/show.ShowInterface/CreateFilter"))
        assert bodies(sim, "/show.ShowInterface/CreateFilter") == [
            {"show": {"id": screen._show.id}, "name": "lookdev"}
        ]
        await refreshed(pilot, sim, GET, screen)
        made = await cursor_to(pilot, screen, "lookdev")
        assert (made.order, made.type, made.enabled) == (4, "MATCH_ALL", True)
        await pilot.press("R")
        await answer(pilot, "lookdev hold")
        await settle(pilot, lambda: bodies(sim, F + "SetName"))
        assert bodies(sim, F + "SetName") == [{"filter": {"id": made.id}, "name": "lookdev hold"}]
        await refreshed(pilot, sim, GET, screen)
        await cursor_to(pilot, screen, "lookdev hold")
        await pilot.press("d")
        await settle(pilot, lambda: isinstance(app.screen, ConfirmModal))
        assert app.focused is not None and app.focused.id == "cancel"
        assert bodies(sim, F + "Delete") == []
        await pilot.press("escape")
        await pilot.pause()
        assert bodies(sim, F + "Delete") == []
        await pilot.press("d")
        await confirm(pilot)
        await settle(pilot, lambda: bodies(sim, F + "Delete"))
        assert bodies(sim, F + "Delete") == [{"filter": {"id": made.id}}]
        await refreshed(pilot, sim, GET, screen)
        assert "lookdev hold" not in [f.name for f in screen.table.items()]


async def test_detail_adds_edits_and_deletes_matchers_and_actions(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await run(pilot, "filters testing", FiltersScreen)
        flt = await cursor_to(pilot, screen, "hold sh9 shots")
        await pilot.press("enter")
        await settle(
            pilot, lambda: isinstance(app.screen, FilterDetailScreen) and app.screen.table.row_count
        )
        detail = app.screen
        assert [r.name for r in detail.table.items()] == ["shot: sh9", "pause job: on"]
        await pilot.press("m")
        await choose(pilot, "user")
        await choose(pilot, "is")
        await answer(pilot, "bob")
        await settle(pilot, lambda: bodies(sim, F + "CreateMatcher"))
        assert bodies(sim, F + "CreateMatcher") == [
            {"filter": {"id": flt.id}, "data": {"subject": "USER", "type": "IS", "input": "bob"}}
        ]
        await pilot.press("a")
        await choose(pilot, "move job to group")
        await choose(pilot, "testing_fx")
        await settle(pilot, lambda: bodies(sim, F + "CreateAction"))
        fx = next(g for g in sim.farm.groups.values() if g.msg.name == "testing_fx")
        move = {"type": "MOVE_JOB_TO_GROUP", "valueType": "GROUP_TYPE", "groupValue": fx.msg.id}
        assert bodies(sim, F + "CreateAction") == [{"filter": {"id": flt.id}, "data": move}]
        await refreshed(pilot, sim, F + "GetActions", detail)
        rows = [r.name for r in detail.table.items()]
        assert "user: bob" in rows and "move job to group: testing_fx" in rows
        # Edit the matcher: Commit sends the whole matcher again, by id.
        bob = next(r for r in detail.table.items() if r.name == "user: bob")
        detail.table.move_to(bob.id)
        await pilot.press("E")
        await choose(pilot, "user")
        await choose(pilot, "begins with")
        await answer(pilot, "ann")
        await settle(pilot, lambda: bodies(sim, "/filter.MatcherInterface/Commit"))
        assert bodies(sim, "/filter.MatcherInterface/Commit") == [
            {"matcher": {"id": bob.id, "subject": "USER", "type": "BEGINS_WITH", "input": "ann"}}
        ]
        # Memory is asked in GB and sent in KB.
        pause = next(r for r in detail.table.items() if r.name == "pause job: on")
        detail.table.move_to(pause.id)
        await pilot.press("E")
        await choose(pilot, "set all render layer memory")
        await answer(pilot, "4")
        await settle(pilot, lambda: bodies(sim, "/filter.ActionInterface/Commit"))
        assert bodies(sim, "/filter.ActionInterface/Commit") == [
            {"action": {"id": pause.id, "type": "SET_ALL_RENDER_LAYER_MEMORY",
                        "valueType": "INTEGER_TYPE", "integerValue": 4 * 1024 * 1024}}
        ]  # fmt: skip
        await refreshed(pilot, sim, F + "GetActions", detail)
        assert "set all render layer memory: 4 GB" in [r.name for r in detail.table.items()]
        assert "user: ann" in [r.name for r in detail.table.items()]
        detail.table.move_to(bob.id)
        await pilot.press("d")
        await confirm(pilot)
        await settle(pilot, lambda: bodies(sim, "/filter.MatcherInterface/Delete"))
        assert bodies(sim, "/filter.MatcherInterface/Delete") == [{"matcher": {"id": bob.id}}]
        await refreshed(pilot, sim, F + "GetMatchers", detail)
        assert [r.name for r in detail.table.items() if r.kind == "matcher"] == ["shot: sh9"]
        assert len(sim_filter(sim, "hold sh9 shots").matchers) == 1


async def test_run_on_the_marked_jobs_of_the_jobs_view(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(120, 40)) as pilot:
        jobs_screen = await run(pilot, "jobs testing", JobsScreen)
        comp = next(j for j in jobs_screen.table.items() if "comp" in j.name)
        other = next(j for j in jobs_screen.table.items() if "comp" not in j.name)
        # Move the comp job out of testing_comp first, so the filter has something to do.
        fx = next(g for g in sim.farm.groups.values() if g.msg.name == "testing_fx")
        await app.client.reparent_jobs(fx.msg.id, [comp])
        for job in (comp, other):
            jobs_screen.table.move_to(job.id)
            await pilot.press("space")
        await pilot.press("colon", *"filters testing", "enter")
        await settle(
            pilot, lambda: isinstance(app.screen, FiltersScreen) and app.screen.poller.updated_at
        )
        screen = app.screen
        flt = await cursor_to(pilot, screen, "comp jobs to comp")
        await pilot.press("r")
        await settle(pilot, lambda: isinstance(app.screen, ConfirmModal))
        modal = app.screen
        text = " ".join((modal.title_text, *modal.lines))
        # The confirmation names the filter and each job it runs on; nothing sent yet.
        assert "Run comp jobs to comp on" in text and comp.name in text and other.name in text
        assert "even while the filter is disabled" in (modal.warning or "")
        assert bodies(sim, F + "RunFilterOnJobs") == []
        await confirm(pilot)
        await settle(pilot, lambda: len(bodies(sim, F + "RunFilterOnJobs")) == 2)
        sent = bodies(sim, F + "RunFilterOnJobs")
        assert sorted(b["jobs"]["jobs"][0]["id"] for b in sent) == sorted([comp.id, other.id])
        assert all(b["filter"] == {"id": flt.id} for b in sent)
        assert sim.farm.jobs[comp.id].group.msg.name == "testing_comp"
        assert sim.farm.jobs[other.id].group.msg.name == other.group
        assert any("Ran comp jobs to comp on" in m for m in messages(app))


async def test_readonly_hides_and_refuses_every_filter_write(sim: SimHarness) -> None:
    app = make_app(sim, readonly=True)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await run(pilot, "filters testing", FiltersScreen)
        for verb in FiltersScreen.VERBS.values():
            assert not screen.verb_allowed("verb", (verb.name,))
        for key in ("e", "n", "d", "r", "t", "R", "left_square_bracket"):
            await pilot.press(key)
            await pilot.pause()
        assert not isinstance(app.screen, (ConfirmModal, PromptModal, ChoiceModal))
        await cursor_to(pilot, screen, "comp jobs to comp")
        await pilot.press("enter")
        await settle(
            pilot, lambda: isinstance(app.screen, FilterDetailScreen) and app.screen.table.row_count
        )
        for verb in FilterDetailScreen.VERBS.values():
            assert not app.screen.verb_allowed("verb", (verb.name,))
        for key in ("m", "a", "E", "d", "r"):
            await pilot.press(key)
            await pilot.pause()
        writes = [
            c.path for c in sim.calls if not c.path.split("/")[-1].startswith(("Get", "Find"))
        ]
        assert writes == []


async def test_run_on_a_typed_job_name(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await run(pilot, "filters testing", FiltersScreen)
        job = next(j for j in sim.farm.jobs.values() if j.show.msg.name == "testing")
        flt = await cursor_to(pilot, screen, "fx sims low priority")
        await pilot.press("r")
        await answer(pilot, job.msg.name)
        modal = await confirm(pilot)
        assert job.msg.name in " ".join(modal.lines) or job.msg.name in modal.title_text
        await settle(pilot, lambda: bodies(sim, F + "RunFilterOnJobs"))
        assert bodies(sim, "/job.JobInterface/FindJob")[-1] == {"name": job.msg.name}
        assert bodies(sim, F + "RunFilterOnJobs") == [
            {"filter": {"id": flt.id}, "jobs": {"jobs": [{"id": job.msg.id}]}}
        ]
