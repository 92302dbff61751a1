"""Creating depends from marks (W: the marked rows wait on the highlighted one), against the
sim: the exact request, the confirmation, Cancel, readonly, and the effect after a poll."""

from __future__ import annotations

from typing import Any

from opencue_proto import job_pb2
from tests.frames.frames_support import open_frames
from tests.tui.conftest import confirm, goto_row, job_id, refresh, settle

from cuetui.screens.depends import DependsScreen
from cuetui.screens.layers import LayersScreen
from cuetui.screens.verbs.depends import NEEDS_MARKS
from cuetui.sim import model as m
from cuetui.sim.harness import SimHarness
from cuetui.widgets.confirm import ConfirmModal

JOB_ON_JOB = "/job.JobInterface/CreateDependencyOnJob"
LAYER_ON_LAYER = "/job.LayerInterface/CreateDependencyOnLayer"
FRAME_BY_FRAME = "/job.LayerInterface/CreateFrameByFrameDependency"
FRAME_ON_FRAME = "/job.FrameInterface/CreateDependencyOnFrame"
CREATES = (JOB_ON_JOB, LAYER_ON_LAYER, FRAME_BY_FRAME, FRAME_ON_FRAME)


def toasts(app: Any) -> list[str]:
    return [n.message for n in app._notifications]


def sent(sim: SimHarness) -> list[tuple[str, dict]]:
    return [(c.path, c.body) for c in sim.calls if c.path in CREATES]


def states(frames: list[m.Frame]) -> list[str]:
    return [job_pb2.FrameState.Name(f.msg.state) for f in frames]


def cell(screen: Any, key: str, column: str) -> str:
    col = next(c for c in screen.table._cols if c.key == column)
    return str(col.fmt(col.value(screen.table.get_item(key))))


def two_layer_job(sim: SimHarness) -> m.Job:
    """A pending testing job of two layers, nothing running, no depend yet, neither done."""
    quiet = {m.WAITING, m.SUCCEEDED, m.DEAD}
    with sim.farm.lock:
        for job in sim.farm.jobs.values():
            layers = job.layers[:2]
            if (
                job.msg.show == "testing"
                and job.msg.state == job_pb2.JobState.PENDING
                and len(layers) == 2
                and all(f.msg.state in quiet for ly in layers for f in ly.frames)
                and all(any(f.msg.state == m.WAITING for f in ly.frames) for ly in layers)
            ):
                return job
    raise AssertionError("the small farm has no such two-layer job")


async def open_layers(pilot: Any, sim: SimHarness, job: m.Job) -> LayersScreen:
    await settle(pilot)
    await goto_row(pilot, job.msg.id)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, LayersScreen)
    sim.clear_calls()
    return pilot.app.screen


async def mark(pilot: Any, key: str) -> None:
    await goto_row(pilot, key)
    await pilot.press("space")
    await pilot.pause()


async def test_marked_job_waits_on_the_highlighted_one(make_app, sim) -> None:
    held, on = job_id(sim, "paused"), job_id(sim, "depend")
    farm = sim.farm
    held_name, on_name = farm.jobs[held].msg.name, farm.jobs[on].msg.name
    frames = farm.jobs[held].frames
    assert set(states(frames)) == {"SUCCEEDED", "WAITING"}
    app = make_app(show="testing")
    async with app.run_test(size=(160, 40), notifications=True) as pilot:
        await settle(pilot)
        screen = app.screen
        assert cell(screen, held, "depend") == "0"
        await mark(pilot, held)
        await goto_row(pilot, on)
        sim.clear_calls()
        await pilot.press("W")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, ConfirmModal)
        assert modal.title_text == f"Hold {held_name} until {on_name} finishes?"
        assert modal.lines == [f"Hold 1 job until {on_name} finishes:", held_name]
        assert modal.warning is not None and modal.warning.startswith("Job on job:")
        assert "succeeded ones render again" in modal.warning
        await pilot.press("enter")  # Cancel has the focus
        await settle(pilot)
        assert app.screen is screen and sent(sim) == []
        await pilot.press("W")
        await pilot.pause()
        await confirm(pilot)
        assert sent(sim) == [(JOB_ON_JOB, {"job": {"id": held}, "onJob": {"id": on}})]
        assert f"Holding {held_name} until {on_name} finishes" in toasts(app)
        # Cuebot's trigger: waiting and succeeded frames alike go DEPEND, at once.
        assert set(states(frames)) == {"DEPEND"}
        await refresh(pilot)
        assert cell(screen, held, "depend") == str(len(frames))
        assert not screen.table.marks  # a confirmed action clears the marks
        # The held job's depends list the new one.
        await goto_row(pilot, held)
        await pilot.press("d")
        await settle(pilot)
        depends = app.screen
        assert isinstance(depends, DependsScreen)
        rows = [r for r in depends.table.items() if r.way == "waits on"]
        assert [(r.depend.type, r.depend.depend_on_job, r.depend.active) for r in rows] == [
            ("JOB_ON_JOB", on_name, True)
        ]


async def test_without_marks_w_says_how_and_sends_nothing(make_app, sim) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=(100, 24), notifications=True) as pilot:
        await settle(pilot)
        await goto_row(pilot, job_id(sim, "depend"))
        sim.clear_calls()
        await pilot.press("W")
        await settle(pilot)
        # Only the highlighted job marked: it would wait on itself, so nothing is marked.
        await mark(pilot, job_id(sim, "depend"))
        await goto_row(pilot, job_id(sim, "depend"))
        await pilot.press("W")
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmModal)
        assert sent(sim) == []
        assert toasts(app).count(NEEDS_MARKS.format(kinds="jobs")) == 2


async def test_readonly_refuses_w_with_marks(make_app, sim) -> None:
    app = make_app(show="testing", readonly=True)
    async with app.run_test(size=(100, 24), notifications=True) as pilot:
        await settle(pilot)
        await mark(pilot, job_id(sim, "paused"))
        await goto_row(pilot, job_id(sim, "depend"))
        sim.clear_calls()
        await pilot.press("W")  # hidden: the key does nothing
        await settle(pilot)
        assert toasts(app) == []
        app.screen.action_verb("wait_on")  # as a keymap or an old binding would
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmModal)
        assert sent(sim) == []
        assert toasts(app) == ["Read-only: actions are off"]
        assert not app.screen.verb_allowed("verb", ("wait_on",))


async def test_marked_layer_waits_on_the_highlighted_layer(make_app, sim) -> None:
    job = two_layer_job(sim)
    on, held = job.layers[0], job.layers[1]
    app = make_app(show="testing")
    async with app.run_test(size=(160, 40), notifications=True) as pilot:
        screen = await open_layers(pilot, sim, job)
        await mark(pilot, held.msg.id)
        await goto_row(pilot, on.msg.id)
        await pilot.press("W")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        title = f"Hold {held.msg.name} until layer {on.msg.name} is done?"
        assert app.screen.title_text == title
        await confirm(pilot)
        body = {"layer": {"id": held.msg.id}, "dependOnLayer": {"id": on.msg.id}}
        assert sent(sim) == [(LAYER_ON_LAYER, body)]
        assert set(states(held.frames)) == {"DEPEND"}
        assert "DEPEND" not in states(on.frames)
        await refresh(pilot)
        assert cell(screen, held.msg.id, "depend") == str(len(held.frames))
        assert cell(screen, on.msg.id, "depend") == "0"


async def test_frame_by_frame_from_the_palette(make_app, sim) -> None:
    job = two_layer_job(sim)
    on, held = job.layers[0], job.layers[1]
    numbers = {f.msg.number for f in on.frames}
    # A frame waits on its namesake unless there is none or it is done (made satisfied).
    ahead = {f.msg.number for f in on.frames if f.msg.state not in m.DONE_STATES}
    before = {f.msg.name: f.msg.state for f in held.frames}
    app = make_app(show="testing")
    async with app.run_test(size=(160, 40), notifications=True) as pilot:
        screen = await open_layers(pilot, sim, job)
        await mark(pilot, held.msg.id)
        await goto_row(pilot, on.msg.id)
        screen.action_verb("wait_by_frame")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        title = f"Hold {held.msg.name} frame by frame on layer {on.msg.name}?"
        assert app.screen.title_text == title
        await confirm(pilot)
        body = {"layer": {"id": held.msg.id}, "dependLayer": {"id": on.msg.id}}
        assert sent(sim) == [(FRAME_BY_FRAME, body)]
        assert numbers & {f.msg.number for f in held.frames}
        for frame in held.frames:
            want = m.DEPEND if frame.msg.number in ahead else before[frame.msg.name]
            assert frame.msg.state == want, frame.msg.name
        await refresh(pilot)
        assert cell(screen, held.msg.id, "depend") == str(
            sum(f.msg.number in ahead for f in held.frames)
        )
        # :depends lists the one FRAME_BY_FRAME depend, not a row per frame.
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, DependsScreen)
        types = [r.depend.type for r in app.screen.table.items() if r.way == "waits on"]
        assert types.count("FRAME_BY_FRAME") == 1 and "FRAME_ON_FRAME" not in types


async def test_marked_frames_wait_on_the_highlighted_frame(make_app, sim) -> None:
    farm = sim.farm
    job = farm.jobs[job_id(sim, "failing")]
    by_number = {f.msg.number: f for f in job.frames}
    dead, done, on = by_number[5], by_number[2], by_number[9]
    assert states([dead, done, on]) == ["DEAD", "SUCCEEDED", "RUNNING"]
    app = make_app(show="testing")
    async with app.run_test(size=(160, 40), notifications=True) as pilot:
        screen = await open_frames(pilot, sim)
        await mark(pilot, done.msg.id)
        await mark(pilot, dead.msg.id)
        await goto_row(pilot, on.msg.id)
        sim.clear_calls()
        await pilot.press("W")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        assert app.screen.title_text == f"Hold 2 frames until {on.msg.name} succeeds?"
        assert app.screen.lines[1:] == [done.msg.name, dead.msg.name]
        await confirm(pilot)
        assert sorted(sent(sim), key=lambda c: c[1]["frame"]["id"]) == sorted(
            [
                (FRAME_ON_FRAME, {"frame": {"id": f.msg.id}, "dependOnFrame": {"id": on.msg.id}})
                for f in (done, dead)
            ],
            key=lambda c: c[1]["frame"]["id"],
        )
        assert states([dead, done, on]) == ["DEPEND", "DEPEND", "RUNNING"]
        await refresh(pilot)
        assert cell(screen, dead.msg.id, "state") == "DEPEND"
        assert cell(screen, done.msg.id, "state") == "DEPEND"
        assert f"Holding 2 frames until {on.msg.name} succeeds" in toasts(app)


async def test_a_finished_job_cannot_be_waited_on(make_app, sim) -> None:
    finished = job_id(sim, "finished")
    name = sim.farm.jobs[finished].msg.name
    app = make_app(show="testing")
    async with app.run_test(size=(100, 24), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("I")  # finished jobs too
        await settle(pilot)
        await mark(pilot, job_id(sim, "paused"))
        await goto_row(pilot, finished)
        sim.clear_calls()
        await pilot.press("W")
        await settle(pilot)
        # Cuebot would refuse it ("The job you are depending on is already complete.").
        assert not isinstance(app.screen, ConfirmModal) and sent(sim) == []
        assert f"{name} has finished: nothing can wait on it" in toasts(app)
