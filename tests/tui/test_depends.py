"""The depends screen: what a job waits on and holds, satisfy and drop, against the sim."""

from __future__ import annotations

from typing import Any

from tests.tui.conftest import confirm, goto_row, job_id, refresh, settle

from cuetui.screens.base.place import crumb_path
from cuetui.screens.depends import DependsScreen, side
from cuetui.screens.layers import LayersScreen
from cuetui.sim.harness import SimHarness
from cuetui.sim.launch import make_depend
from cuetui.sim.svc_job import on_job
from cuetui.widgets.confirm import ConfirmModal

SATISFY = "/depend.DependInterface/Satisfy"
DROP = "/job.JobInterface/DropDepends"
JOB = "/job.JobInterface/"


def hold_anchor(sim: SimHarness) -> Any:
    """Make the paused job wait on the depend anchor, so the anchor also holds something."""
    farm = sim.farm
    with farm.lock:
        return make_depend(farm, farm.jobs[job_id(sim, "paused")], farm.jobs[job_id(sim, "depend")])


def expected_rows(sim: SimHarness) -> dict[str, Any]:
    """Row key -> depend, from the farm: every depend of the job, and the active ones on it."""
    farm = sim.farm
    job = farm.jobs[job_id(sim, "depend")]
    with farm.lock:
        rows = {f"waits on:{d.msg.id}": d for d in farm.deps_er.get(job.msg.id, [])}
        # Cuebot's GetWhatDependsOnThis: whatever is on the job (or its layers or frames),
        # satisfied too, a frame-by-frame's children left out.
        rows |= {
            f"holds:{d.msg.id}": d
            for d in farm.depends.values()
            if on_job(d) is job and d.parent is None
        }
    return rows


def comp_states(sim: SimHarness) -> set[str]:
    from opencue_proto import job_pb2

    job = sim.farm.jobs[job_id(sim, "depend")]
    with sim.farm.lock:
        layer = next(ly for ly in job.layers if ly.msg.name == "comp")
        return {job_pb2.FrameState.Name(f.msg.state) for f in layer.frames}


def other_jobs_hold(sim: SimHarness) -> str:
    """The row of the other job's depend on the anchor (hold_anchor's JOB_ON_JOB)."""
    rows = expected_rows(sim)
    return next(k for k, d in rows.items() if k.startswith("holds:") and d.on_job is not None)


def waits_key(sim: SimHarness) -> str:
    return next(k for k in expected_rows(sim) if k.startswith("waits on:"))


async def open_depends(pilot: Any, sim: SimHarness) -> DependsScreen:
    await settle(pilot)
    await goto_row(pilot, job_id(sim, "depend"))
    await pilot.press("d")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, DependsScreen)
    sim.clear_calls()
    return screen


def cell(screen: DependsScreen, key: str, column: str) -> str:
    col = next(c for c in screen.table._cols if c.key == column)
    return str(col.fmt(col.value(screen.table.get_item(key))))


def toasts(app: Any) -> list[str]:
    return [n.message for n in app._notifications]


async def test_d_shows_both_ways_of_the_jobs_depends(make_app, sim) -> None:
    hold_anchor(sim)
    app = make_app(show="testing")
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        jid = job_id(sim, "depend")
        await goto_row(pilot, jid)
        sim.clear_calls()
        await pilot.press("d")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DependsScreen)
        assert {c.path for c in sim.calls} == {JOB + "GetDepends", JOB + "GetWhatDependsOnThis"}
        assert all(c.body == {"job": {"id": jid}} for c in sim.calls)
        expected = expected_rows(sim)
        assert {r.id for r in screen.table.items()} == set(expected)
        assert {k.split(":")[0] for k in expected} == {"waits on", "holds"}
        job_name = sim.farm.jobs[jid].msg.name
        for key, dep in expected.items():
            msg = dep.msg
            assert cell(screen, key, "active") == "yes"
            er = (msg.depend_er_job, msg.depend_er_layer, msg.depend_er_frame, job_name)
            assert cell(screen, key, "er") == side(*er)
            on = (msg.depend_on_job, msg.depend_on_layer, msg.depend_on_frame, job_name)
            assert cell(screen, key, "on") == side(*on)
        waits = waits_key(sim)
        # The layer-on-layer inside the job comes back both ways (Cuebot's GetDepends and
        # GetWhatDependsOnThis both list it): the other job's hold is the JOB_ON_JOB one.
        assert f"holds:{waits.split(':', 1)[1]}" in expected
        holds = other_jobs_hold(sim)
        assert cell(screen, waits, "type") == "LAYER_ON_LAYER"
        assert cell(screen, waits, "target") == "internal"
        # Its own job is in the crumbs: the cells name the layers; other jobs in full.
        assert (cell(screen, waits, "er"), cell(screen, waits, "on")) == ("comp", "render")
        paused = sim.farm.jobs[job_id(sim, "paused")].msg.name
        assert (cell(screen, holds, "er"), cell(screen, holds, "on")) == (paused, job_name)
        assert cell(screen, holds, "type") == "JOB_ON_JOB"
        assert crumb_path(screen) == ["testing", f"{job_name} > depends"]


def assert_depends_of_the_anchor(app: Any, sim: Any) -> None:
    """The depends screen is on view, for the `depend` anchor, with every one of its rows."""
    assert isinstance(app.screen, DependsScreen)
    assert app.screen.job.id == job_id(sim, "depend")
    assert {r.id for r in app.screen.table.items()} == set(expected_rows(sim))


async def test_colon_depends_uses_the_highlighted_job(make_app, sim) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        await goto_row(pilot, job_id(sim, "depend"))
        await pilot.press(":", *"depends", "enter")
        await settle(pilot)
        assert_depends_of_the_anchor(app, sim)


async def test_d_on_the_layers_opens_their_jobs_depends(make_app, sim) -> None:
    from cuetui.screens.layers import LayersScreen

    app = make_app(show="testing")
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        await goto_row(pilot, job_id(sim, "depend"))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LayersScreen)
        await pilot.press("d")
        await settle(pilot)
        assert_depends_of_the_anchor(app, sim)


async def test_satisfy_confirms_then_releases_the_held_frames(make_app, sim) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=(100, 24), notifications=True) as pilot:
        screen = await open_depends(pilot, sim)
        key = waits_key(sim)
        dep_id = key.split(":", 1)[1]
        assert "DEPEND" in comp_states(sim)
        await goto_row(pilot, key)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        name = sim.farm.jobs[job_id(sim, "depend")].msg.name
        assert f"{name}/comp on {name}/render" in app.screen.lines
        assert sim.calls_to(SATISFY) == []
        await confirm(pilot)
        assert [(c.path, c.body) for c in sim.calls if c.path == SATISFY] == [
            (SATISFY, {"depend": {"id": dep_id}})
        ]
        assert "DEPEND" not in comp_states(sim)
        await refresh(pilot)
        assert cell(screen, key, "active") == "no"
        assert any(m.startswith("Satisfy done") for m in toasts(app))


async def test_cancel_and_inactive_send_nothing(make_app, sim) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=(100, 24), notifications=True) as pilot:
        screen = await open_depends(pilot, sim)
        key = waits_key(sim)
        await goto_row(pilot, key)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("enter")  # Cancel has the focus
        await settle(pilot)
        await pilot.press("D", "escape")
        await settle(pilot)
        assert app.screen is screen
        assert sim.calls_to(SATISFY) == [] and sim.calls_to(DROP) == []
        # Once satisfied (here by the farm), `s` says so instead of asking.
        with sim.farm.lock:
            sim.farm.satisfy(sim.farm.depends[key.split(":", 1)[1]])
        await refresh(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert app.screen is screen and sim.calls_to(SATISFY) == []
        assert "Satisfy: the depend is not active (already satisfied)" in toasts(app)


async def test_readonly_refuses_satisfy_and_drop(make_app, sim) -> None:
    app = make_app(show="testing", readonly=True)
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        await goto_row(pilot, job_id(sim, "depend"))
        await pilot.press("D")
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmModal)
        screen = await open_depends(pilot, sim)
        await goto_row(pilot, waits_key(sim))
        await pilot.press("s", "D")
        await settle(pilot)
        assert app.screen is screen
        assert sim.calls_to(SATISFY) == [] and sim.calls_to(DROP) == []
        assert screen.check_action("verb", ("satisfy",)) is False
        assert screen.check_action("verb", ("drop_depends",)) is False
        assert "DEPEND" in comp_states(sim)


async def test_drop_depends_from_the_depends_screen(make_app, sim) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=(100, 24), notifications=True) as pilot:
        screen = await open_depends(pilot, sim)
        jid = job_id(sim, "depend")
        await pilot.press("D")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        assert sim.farm.jobs[jid].msg.name in app.screen.lines
        await confirm(pilot)
        assert [(c.path, c.body) for c in sim.calls if c.path == DROP] == [
            (DROP, {"job": {"id": jid}, "target": "ANY_TARGET"})
        ]
        assert "DEPEND" not in comp_states(sim)
        await refresh(pilot)
        assert cell(screen, waits_key(sim), "active") == "no"


async def test_drop_depends_from_the_jobs_screen(make_app, sim) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        jid = job_id(sim, "depend")
        await goto_row(pilot, jid)
        sim.clear_calls()
        await pilot.press("D")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await confirm(pilot)
        assert [c.body for c in sim.calls_to(DROP)] == [
            {"job": {"id": jid}, "target": "ANY_TARGET"}
        ]
        assert "DEPEND" not in comp_states(sim)


async def test_a_gateway_error_is_one_line(make_app, sim) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=(100, 24), notifications=True) as pilot:
        await open_depends(pilot, sim)
        key = waits_key(sim)
        await goto_row(pilot, key)
        # The depend vanished behind our back (another wrangler, a re-submit): Cuebot fails.
        with sim.farm.lock:
            sim.farm.depends.pop(key.split(":", 1)[1])
        await pilot.press("s")
        await pilot.pause()
        await confirm(pilot)
        assert len(sim.calls_to(SATISFY)) == 1
        failed = [m for m in toasts(app) if m.startswith("Satisfy failed for")]
        assert len(failed) == 1 and "\n" not in failed[0]


async def test_enter_on_a_held_job_opens_its_layers(make_app, sim) -> None:
    hold_anchor(sim)
    app = make_app(show="testing")
    async with app.run_test(size=(100, 24)) as pilot:
        await open_depends(pilot, sim)
        holds = other_jobs_hold(sim)
        await goto_row(pilot, holds)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LayersScreen)
        assert app.screen.job.id == job_id(sim, "paused")


async def test_enter_goes_back_to_the_other_jobs_view_when_it_came_from_there(
    make_app, sim
) -> None:
    hold_anchor(sim)
    app = make_app(show="testing")
    async with app.run_test(size=(100, 24)) as pilot:
        await open_depends(pilot, sim)
        await goto_row(pilot, other_jobs_hold(sim))
        await pilot.press("enter")
        await settle(pilot)
        paused_layers = app.screen
        assert isinstance(paused_layers, LayersScreen)
        depth = len(app.screen_stack)
        # The paused job's depends: its row names the anchor, whose depends are under them...
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, DependsScreen)
        rows = [r for r in app.screen.table.items() if r.way == "waits on"]
        await goto_row(pilot, rows[0].id)
        sim.clear_calls()
        await pilot.press("enter")
        await settle(pilot)
        # ...which is on the path already (the anchor's view under them): back to it, no search.
        assert isinstance(app.screen, DependsScreen)
        assert app.screen.job.id == job_id(sim, "depend")
        assert len(app.screen_stack) < depth
        assert sim.calls_to(JOB + "FindJob") == []


def wait_on_paused(sim: SimHarness) -> Any:
    """Make the anchor job wait on the paused job too: an EXTERNAL depend beside its INTERNAL."""
    farm = sim.farm
    with farm.lock:
        return make_depend(farm, farm.jobs[job_id(sim, "depend")], farm.jobs[job_id(sim, "paused")])


async def test_drop_external_then_internal_from_the_depends_screen(make_app, sim) -> None:
    external = wait_on_paused(sim)
    app = make_app(show="testing")
    async with app.run_test(size=(100, 24), notifications=True) as pilot:
        screen = await open_depends(pilot, sim)
        jid = job_id(sim, "depend")
        internal = next(k for k in expected_rows(sim) if k.startswith("waits on:") and
                        k != f"waits on:{external.msg.id}")  # fmt: skip
        ext_key = f"waits on:{external.msg.id}"
        assert cell(screen, ext_key, "target") == "external"
        await pilot.press("E")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        assert "Every external (other job) depend of" in (app.screen.warning or "")
        await confirm(pilot)
        assert [c.body for c in sim.calls_to(DROP)] == [{"job": {"id": jid}, "target": "EXTERNAL"}]
        await refresh(pilot)
        assert cell(screen, ext_key, "active") == "no"
        assert cell(screen, internal, "active") == "yes"
        assert "DEPEND" in comp_states(sim)  # the layer-on-layer depend still holds comp
        sim.clear_calls()
        await pilot.press("I")
        await pilot.pause()
        assert "Every internal (same job) depend of" in (app.screen.warning or "")
        await confirm(pilot)
        assert [c.body for c in sim.calls_to(DROP)] == [{"job": {"id": jid}, "target": "INTERNAL"}]
        await refresh(pilot)
        assert cell(screen, internal, "active") == "no"
        assert "DEPEND" not in comp_states(sim)
        assert any(m.startswith("Drop internal depends done") for m in toasts(app))


async def test_readonly_hides_drop_internal_and_external(make_app, sim) -> None:
    app = make_app(show="testing", readonly=True)
    async with app.run_test(size=(100, 24)) as pilot:
        screen = await open_depends(pilot, sim)
        await pilot.press("I", "E")
        await settle(pilot)
        assert app.screen is screen and sim.calls_to(DROP) == []
        for verb in ("drop_internal", "drop_external"):
            assert screen.check_action("verb", (verb,)) is False


UNSATISFY = "/depend.DependInterface/Unsatisfy"


async def test_unsatisfy_holds_the_frames_again(make_app, sim) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=(100, 24), notifications=True) as pilot:
        screen = await open_depends(pilot, sim)
        key = waits_key(sim)
        dep_id = key.split(":", 1)[1]
        await goto_row(pilot, key)
        # Active: nothing to unsatisfy, said before sending.
        await pilot.press("u")
        await settle(pilot)
        assert app.screen is screen and sim.calls_to(UNSATISFY) == []
        assert any(m.startswith("Unsatisfy: only a satisfied") for m in toasts(app))
        with sim.farm.lock:
            sim.farm.satisfy(sim.farm.depends[dep_id])
        await refresh(pilot)
        assert "DEPEND" not in comp_states(sim)
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        name = sim.farm.jobs[job_id(sim, "depend")].msg.name
        assert f"{name}/comp on {name}/render" in app.screen.lines
        await confirm(pilot)
        assert [(c.path, c.body) for c in sim.calls_to(UNSATISFY)] == [
            (UNSATISFY, {"depend": {"id": dep_id}})
        ]
        await refresh(pilot)
        assert cell(screen, key, "active") == "yes"
        assert "DEPEND" in comp_states(sim)
        assert any(m.startswith("Unsatisfy done") for m in toasts(app))


def test_sim_unsatisfy_answers_as_cuebot(sim) -> None:
    """A missing depend is a 500; a JOB_ON_JOB turns active but holds no frame again."""
    from tests.sim.simhelpers import call

    external = wait_on_paused(sim)
    with sim.farm.lock:
        sim.farm.satisfy(external)
        before = [f.msg.state for f in external.er_frames]
    call(sim, UNSATISFY, {"depend": {"id": external.msg.id}})
    with sim.farm.lock:
        assert external.msg.active
        assert [f.msg.state for f in external.er_frames] == before
    call(sim, UNSATISFY, {"depend": {"id": "no-such-depend"}}, status=500)


async def test_jobs_palette_drops_internal_or_external(make_app, sim) -> None:
    external = wait_on_paused(sim)
    app = make_app(show="testing")
    async with app.run_test(size=(100, 24), notifications=True) as pilot:
        await settle(pilot)
        jid = job_id(sim, "depend")
        await goto_row(pilot, jid)
        labels = {v.label for v in app.screen.palette_verbs()}
        assert {"Drop internal depends", "Drop external depends"} <= labels
        sim.clear_calls()
        app.screen.action_verb("drop_external_depends")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await confirm(pilot)
        assert [c.body for c in sim.calls_to(DROP)] == [{"job": {"id": jid}, "target": "EXTERNAL"}]
        assert not external.msg.active and "DEPEND" in comp_states(sim)
        app.screen.action_verb("drop_internal_depends")
        await pilot.pause()
        await confirm(pilot)
        assert [c.body["target"] for c in sim.calls_to(DROP)] == ["EXTERNAL", "INTERNAL"]
        assert "DEPEND" not in comp_states(sim)


async def test_jobs_palette_hides_the_drops_when_readonly(make_app, sim) -> None:
    app = make_app(show="testing", readonly=True)
    async with app.run_test(size=(100, 24), notifications=True) as pilot:
        await settle(pilot)
        assert not any("depends" in v.label for v in app.screen.palette_verbs())
        app.screen.action_verb("drop_internal_depends")
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmModal) and sim.calls_to(DROP) == []


FRAME_DEPENDS = "/job.FrameInterface/GetWhatThisDependsOn"


async def test_d_on_a_depend_frame_shows_what_it_waits_on(make_app, sim) -> None:
    from cuetui.screens.frames import FramesScreen

    external = wait_on_paused(sim)
    app = make_app(show="testing")
    async with app.run_test(size=(100, 24), notifications=True) as pilot:
        await settle(pilot)
        await goto_row(pilot, job_id(sim, "depend"))
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, FramesScreen)
        farm = sim.farm
        with farm.lock:
            job = farm.jobs[job_id(sim, "depend")]
            comp = next(f for f in job.frames if f.layer.msg.name == "comp")
        await goto_row(pilot, comp.msg.id)
        sim.clear_calls()
        await pilot.press("d")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DependsScreen) and screen.frame is not None
        assert [(c.path, c.body) for c in sim.calls] == [
            (FRAME_DEPENDS, {"frame": {"id": comp.msg.id}})
        ]
        internal = next(d for d in farm.deps_er[job.msg.id] if d is not external)
        keys = {r.id for r in screen.table.items()}
        assert keys == {f"waits on:{internal.msg.id}", f"waits on:{external.msg.id}"}
        assert cell(screen, f"waits on:{internal.msg.id}", "on") == "render"
        assert crumb_path(screen)[-1].endswith(f"{comp.msg.name} waits on")
        # Satisfied from here, the row stays (dim "no") after the next poll.
        await goto_row(pilot, f"waits on:{external.msg.id}")
        await pilot.press("s")
        await pilot.pause()
        await confirm(pilot)
        await refresh(pilot)
        assert cell(screen, f"waits on:{external.msg.id}", "active") == "no"
