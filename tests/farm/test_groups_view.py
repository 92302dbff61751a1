"""`:groups SHOW`: the show's groups nested with their jobs, and the group verbs, on the sim.

Each verb: the exact request (path and body), the toast, and the tree after the next poll.
"""

from __future__ import annotations

from farm_support import (
    answer,
    bodies,
    choose,
    confirm,
    cursor_to,
    make_app,
    refreshed,
    run,
    said,
    settle,
)

from cuetui.core.group_tree import TreeRow
from cuetui.screens.groups import GroupsScreen
from cuetui.screens.jobs import JobsScreen
from cuetui.screens.layers import LayersScreen
from cuetui.sim.harness import SimHarness
from cuetui.widgets.prompt import PromptModal

G = "/job.GroupInterface/"
WB = "/show.ShowInterface/GetJobWhiteboard"


def rows(screen: GroupsScreen) -> list[TreeRow]:
    return sorted(screen.table.items(), key=lambda r: r.order)


def row(screen: GroupsScreen, name: str) -> TreeRow:
    return next(r for r in screen.table.items() if r.name == name)


def sim_group(sim: SimHarness, job_id: str) -> str:
    return sim.farm.jobs[job_id].group.msg.name


async def test_tree_nests_groups_then_jobs_and_enter_opens_layers(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await run(pilot, "groups testing", GroupsScreen)
        assert bodies(sim, WB)[-1] == {"show": {"id": screen._show.id}}
        tree = rows(screen)
        assert (tree[0].name, tree[0].depth, tree[0].kind) == ("testing", 0, "group")
        groups_at_1 = [r.name for r in tree if r.kind == "group" and r.depth == 1]
        assert "testing_comp" in groups_at_1 and "testing_lighting" in groups_at_1
        jobs = [r for r in tree if r.kind == "job"]
        assert jobs
        for job in jobs:
            # Each job sits right under its own group, one level deeper.
            assert job.group.name == sim_group(sim, job.id)
            parent = max((r for r in tree if r.order < job.order and r.kind == "group"),
                         key=lambda r: r.order)  # fmt: skip
            assert parent.group.id == job.group.id and job.depth == parent.depth + 1
        # A group's row sums its subtree: the root counts every pending job.
        assert tree[0].jobs == len(jobs)
        # Enter on a group folds it (its jobs leave the table), again unfolds.
        busy = next(r for r in tree if r.kind == "group" and r.group.inline_jobs and r.depth)
        own = {j.id for j in busy.group.inline_jobs}
        await cursor_to(pilot, screen, busy.name)
        await pilot.press("enter")
        assert not own & {r.id for r in screen.table.items()}
        await pilot.press("enter")
        assert own <= {r.id for r in screen.table.items()}
        job = jobs[0]
        await cursor_to(pilot, screen, job.name)
        await pilot.press("enter")
        await settle(pilot, lambda: isinstance(app.screen, LayersScreen))
        assert app.screen.job.id == job.id


async def test_marked_jobs_move_to_the_picked_group(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await run(pilot, "groups testing", GroupsScreen)
        movers = [r for r in rows(screen) if r.kind == "job" and r.group.name != "testing_fx"][:2]
        for mover in movers:
            await cursor_to(pilot, screen, mover.name)
            await pilot.press("space")
        await pilot.press("t")
        await choose(pilot, "testing_fx")
        modal = await confirm(pilot)
        assert "priority 100, min cores 1" in str(modal.warning)
        fx = row(screen, "testing_fx").group
        await settle(pilot, lambda: len(sim.calls_to(G + "ReparentJobs")) == 2)
        sent = sorted(bodies(sim, G + "ReparentJobs"), key=lambda b: b["jobs"]["jobs"][0]["id"])
        want = sorted(movers, key=lambda r: r.id)
        assert sent == [{"group": {"id": fx.id}, "jobs": {"jobs": [{"id": r.id}]}} for r in want]
        await said(pilot, "Moved to testing_fx: 2 jobs", exact=True)
        await refreshed(pilot, sim, WB, screen)
        for mover in movers:
            assert row(screen, mover.name).group.name == "testing_fx"
            assert row(screen, mover.name).job.priority == 100


async def test_the_jobs_view_sends_its_marked_jobs_to_a_group(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(120, 40)) as pilot:
        jobs = await run(pilot, "jobs testing", JobsScreen)
        job = next(j for j in jobs.table.items() if j.group != "testing_anim")
        await cursor_to(pilot, jobs, job.name)
        await pilot.press("t")
        await choose(pilot, "testing_anim")
        await confirm(pilot)
        await settle(pilot, lambda: sim.calls_to(G + "ReparentJobs"))
        anim = next(g for g in sim.farm.groups.values() if g.msg.name == "testing_anim")
        assert bodies(sim, G + "ReparentJobs") == [
            {"group": {"id": anim.msg.id}, "jobs": {"jobs": [{"id": job.id}]}}
        ]
        await refreshed(pilot, sim, "/job.JobInterface/GetJobs", jobs)
        assert next(j for j in jobs.table.items() if j.id == job.id).group == "testing_anim"


async def test_create_rename_and_delete_a_group(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await run(pilot, "groups testing", GroupsScreen)
        comp = await cursor_to(pilot, screen, "testing_comp")
        await pilot.press("n")
        await answer(pilot, "   ")
        assert isinstance(app.screen, PromptModal)  # a name is needed: nothing sent
        await answer(pilot, "comp_hero")
        await settle(pilot, lambda: sim.calls_to(G + "CreateSubGroup"))
        assert bodies(sim, G + "CreateSubGroup") == [
            {"group": {"id": comp.group.id}, "name": "comp_hero"}
        ]
        await said(pilot, "Created comp_hero under testing_comp", exact=True)
        await refreshed(pilot, sim, WB, screen)
        hero = await cursor_to(pilot, screen, "comp_hero")
        assert hero.depth == 2 and hero.group.max_cores == -1
        await pilot.press("R")
        await answer(pilot, "comp_heroes")
        await settle(pilot, lambda: sim.calls_to(G + "SetName"))
        assert bodies(sim, G + "SetName") == [{"group": {"id": hero.id}, "name": "comp_heroes"}]
        await said(pilot, "Renamed comp_hero to comp_heroes", exact=True)
        await refreshed(pilot, sim, WB, screen)
        await cursor_to(pilot, screen, "comp_heroes")
        await pilot.press("d")
        modal = await confirm(pilot)
        assert "finished jobs move to the show's root group (testing)" in str(modal.warning)
        await settle(pilot, lambda: sim.calls_to(G + "Delete"))
        assert bodies(sim, G + "Delete") == [{"group": {"id": hero.id}}]
        await said(pilot, "Deleted group comp_heroes", exact=True)
        await refreshed(pilot, sim, WB, screen)
        assert "comp_heroes" not in {r.name for r in screen.table.items()}
        # A group with subgroups or jobs is not sent: Cuebot would refuse.
        await cursor_to(pilot, screen, "testing")
        await pilot.press("d")
        await pilot.pause()
        await said(pilot, "The show's root group cannot be deleted", exact=True)
        busy = next(
            r for r in rows(screen) if r.kind == "group" and r.group.inline_jobs and r.depth
        )
        await cursor_to(pilot, screen, busy.name)
        await pilot.press("d")
        await pilot.pause()
        assert await said(pilot, f"{busy.name} has ")
        assert len(sim.calls_to(G + "Delete")) == 1


async def test_cores_and_job_defaults(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await run(pilot, "groups testing", GroupsScreen)
        busy = next(
            r for r in rows(screen) if r.kind == "group" and r.group.inline_jobs and r.depth
        )
        await cursor_to(pilot, screen, busy.name)
        await pilot.press("M")
        await answer(pilot, "0")
        assert isinstance(app.screen, PromptModal)  # Cuebot refuses under one core
        await answer(pilot, "40")
        await settle(pilot, lambda: sim.calls_to(G + "SetMaxCores"))
        assert bodies(sim, G + "SetMaxCores") == [{"group": {"id": busy.id}, "maxCores": 40.0}]
        await pilot.press("m")
        await answer(pilot, "8")
        await settle(pilot, lambda: sim.calls_to(G + "SetMinCores"))
        assert bodies(sim, G + "SetMinCores") == [{"group": {"id": busy.id}, "minCores": 8.0}]
        # The default priority goes on the group's jobs too: it asks first.
        await pilot.press("P")
        await answer(pilot, "777")
        modal = await confirm(pilot)
        n = len(busy.group.inline_jobs)
        assert f"their {n} job" in str(modal.warning)
        await settle(pilot, lambda: sim.calls_to(G + "SetDefaultJobPriority"))
        assert bodies(sim, G + "SetDefaultJobPriority") == [
            {"group": {"id": busy.id}, "priority": 777}
        ]
        await pilot.press("J")
        await answer(pilot, "none")
        await confirm(pilot)
        await settle(pilot, lambda: sim.calls_to(G + "SetDefaultJobMaxCores"))
        assert bodies(sim, G + "SetDefaultJobMaxCores") == [
            {"group": {"id": busy.id}, "maxCores": -1.0}
        ]
        await refreshed(pilot, sim, WB, screen)
        after = row(screen, busy.name)
        assert (after.group.min_cores, after.group.max_cores) == (8, 40)
        assert after.group.default_job_priority == 777
        assert after.group.default_job_max_cores == -1
        assert {
            r.job.priority for r in screen.table.items() if r.job and r.group.id == busy.id
        } == {777}
        # What the row reads: min/max, the default priority and the job max left unset.
        assert str(screen.table.get_cell(busy.id, "minmax")) == "8/40"
        assert str(screen.table.get_cell(busy.id, "pri")) == "777"
        assert str(screen.table.get_cell(busy.id, "defmax")) == "-"


async def test_readonly_offers_and_sends_none_of_it(sim: SimHarness) -> None:
    app = make_app(sim, readonly=True)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await run(pilot, "groups testing", GroupsScreen)
        await cursor_to(pilot, screen, "testing_comp")
        for key in ("t", "n", "R", "d", "m", "M", "P", "j", "J"):
            await pilot.press(key)
            await pilot.pause()
            assert app.screen is screen, key
        assert not [c for c in sim.calls if c.path.startswith(G)]


async def test_a_refusal_is_toasted_in_cuebots_words(sim: SimHarness) -> None:
    """Renaming to a sibling's name: Cuebot's 500 (duplicate key) reaches the toast whole."""
    app = make_app(sim)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await run(pilot, "groups testing", GroupsScreen)
        fx = await cursor_to(pilot, screen, "testing_fx")
        await pilot.press("R")
        await answer(pilot, "testing_comp")
        await settle(pilot, lambda: sim.calls_to(G + "SetName"))
        assert bodies(sim, G + "SetName") == [{"group": {"id": fx.id}, "name": "testing_comp"}]
        said_ = await said(pilot, "Rename failed for testing_fx to testing_comp: ")
        assert "c_folder_uk" in said_
        await refreshed(pilot, sim, WB, screen)
        assert row(screen, "testing_fx").id == fx.id  # nothing changed


async def test_detail_pane_of_a_group_reads_its_fields_not_its_rows(sim: SimHarness) -> None:
    from tests.tui.screen_text import screen_text

    app = make_app(sim)
    async with app.run_test(size=(120, 60)) as pilot:
        screen = await run(pilot, "groups testing", GroupsScreen)
        await cursor_to(pilot, screen, "testing_comp")
        await pilot.press("i")
        await settle(pilot, lambda: app.screen is not screen)
        text = screen_text(app)
        assert "testing_comp" in text and "Default job priority" in text
        assert "id='" not in text and "Inline jobs" not in text  # the jobs are rows, not a repr


async def test_an_unknown_show_is_named_with_the_shows_there_are(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("colon", *"groups testin", "enter")
        await settle(pilot, lambda: isinstance(app.screen, GroupsScreen) and app.screen._load_error)
        assert app.screen._load_error == (
            "show 'testin' is not on this farm (shows: aurora, pipeline, testing); "
            "did you mean 'testing'?"
        )
        assert not sim.calls_to(WB)
