"""Marked frames are retried, eaten, killed or marked waiting in ONE request per job (a
FrameSearchCriteria naming them, as CueGUI sends), never one request per frame."""

from __future__ import annotations

import os
import socket
from typing import Any

from frames_support import make_app, open_frames, said, settle, toasts

from cuetui.models import Frame
from cuetui.screens.frames import FramesScreen
from cuetui.screens.verbs.jobs import KILL_FRAMES, FrameVerbs
from cuetui.sim.harness import SimHarness
from cuetui.widgets.confirm import ConfirmModal

JOB = "/job.JobInterface/"
FAILING = "testing-sh010-jsmith_fx_sim_v012"  # frames 5-7 DEAD, 8-10 RUNNING
CHECKPOINT = "aurora-sh200-mchen_fx_sim_v003"  # its frames are called 0001-sim... too


def writes(sim: SimHarness) -> list[tuple[str, dict[str, Any]]]:
    """Every request that is not a read."""
    return [(c.path, c.body) for c in sim.calls if "/Get" not in c.path]


async def mark(pilot: Any, screen: FramesScreen, *numbers: int) -> list[Frame]:
    """Mark frames `numbers` (space on each) and return them."""
    marked = []
    for number in numbers:
        frame = next(f for f in screen.table.visible_items() if f.number == number)
        screen.table.move_to(frame.id)
        await pilot.pause()
        await pilot.press("space")
        marked.append(frame)
    await pilot.pause()
    return marked


async def test_three_marked_frames_are_retried_in_one_request(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        screen = await open_frames(pilot, sim)
        await mark(pilot, screen, 5, 6, 7)
        await pilot.press("r")
        await settle(pilot, lambda: writes(sim))
        assert writes(sim) == [
            (
                JOB + "RetryFrames",
                {
                    "job": {"id": screen.job.id},
                    "req": {"frames": ["0005-sim", "0006-sim", "0007-sim"]},
                },
            )
        ]
        await said(pilot, f"Retry requested for 3 frames of {FAILING}", exact=True)
        assert not screen.table.marks  # the marks went with the action
        # The refresh shows it: none of the three is dead any more.
        await settle(pilot, lambda: all(f.state != "DEAD" for f in screen.table.items()))


async def test_marked_frames_are_eaten_in_one_request_after_the_confirmation(
    sim: SimHarness,
) -> None:
    app = make_app(sim)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        screen = await open_frames(pilot, sim)
        await mark(pilot, screen, 5, 6, 7)
        await pilot.press("e")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, ConfirmModal)
        assert modal.title_text == f"Eat 3 frames of {FAILING}?"
        assert modal.lines == [f"Eat 3 frames of {FAILING}:", "0005-sim", "0006-sim", "0007-sim"]
        await pilot.press("enter")  # Cancel has the focus
        await pilot.pause(0.2)
        assert writes(sim) == []
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("tab", "enter")
        await settle(pilot, lambda: writes(sim))
        assert writes(sim) == [
            (
                JOB + "EatFrames",
                {
                    "job": {"id": screen.job.id},
                    "req": {"frames": ["0005-sim", "0006-sim", "0007-sim"]},
                },
            )
        ]
        await said(pilot, f"Eat requested for 3 frames of {FAILING}", exact=True)


async def test_marked_running_frames_are_killed_in_one_request(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        screen = await open_frames(pilot, sim)
        await mark(pilot, screen, 7, 8, 9, 10)  # 7 is DEAD: nothing to kill there
        await pilot.press("ctrl+k")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, ConfirmModal)
        assert modal.title_text == f"Kill 3 frames of {FAILING}?"
        assert modal.lines[1:] == ["0008-sim", "0009-sim", "0010-sim"]
        assert modal.warning == "3 running frames will die and go back to waiting."
        await pilot.press("tab", "enter")
        await settle(pilot, lambda: writes(sim))
        ((path, body),) = writes(sim)
        assert path == JOB + "KillFrames"
        assert body == {
            "job": {"id": screen.job.id},
            "req": {"frames": ["0008-sim", "0009-sim", "0010-sim"]},
            "username": "wrangler",
            "pid": str(os.getpid()),
            "hostKill": socket.gethostname(),
            "reason": "Manual Frame Kill Request in cuetui by wrangler",
        }
        await said(pilot, f"Kill requested for 3 frames of {FAILING}", exact=True)


async def test_marked_depend_frames_are_marked_waiting_in_one_request(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        screen = await open_frames(pilot, sim, "depend")
        held = [f for f in screen.table.visible_items() if f.state == "DEPEND"][:2]
        assert len(held) == 2
        for frame in held:
            screen.table.move_to(frame.id)
            await pilot.pause()
            await pilot.press("space")
        await pilot.press("w")
        await settle(pilot, lambda: writes(sim))
        assert writes(sim) == [
            (
                JOB + "MarkAsWaiting",
                {"job": {"id": screen.job.id}, "req": {"frames": [f.name for f in held]}},
            )
        ]
        await said(pilot, f"Mark waiting done for 2 frames of {screen.job.name}", exact=True)


async def test_mark_waiting_of_frames_not_in_depend_says_why_and_sends_nothing(
    sim: SimHarness,
) -> None:
    app = make_app(sim)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        screen = await open_frames(pilot, sim)
        await mark(pilot, screen, 5, 6)  # DEAD
        await pilot.press("w")
        await pilot.pause(0.2)
        assert writes(sim) == []
        await said(pilot, "Mark waiting: none of the selected frames is DEPEND")


async def test_frames_of_two_jobs_are_one_request_per_job(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        screen = await open_frames(pilot, sim)
        failing = screen.job
        other = await app.client.get_job(sim.farm.anchors["checkpoint"])
        theirs = await app.client.get_frames(other, states=["RUNNING"])
        ours = [f for f in screen.table.items() if f.state == "DEAD"]
        jobs = {f.id: failing for f in ours} | {f.id: other for f in theirs}
        targets = [*ours, *theirs]
        # The cross-job view (`:stuck`) builds its verbs the same way.
        verbs = FrameVerbs(screen, None, lambda: targets, job_of=lambda f: jobs[f.id])
        sim.clear_calls()
        verbs.retry()
        await settle(pilot, lambda: len(writes(sim)) >= 2)
        sent = sorted(writes(sim), key=lambda c: c[1]["job"]["id"] != failing.id)
        assert sent == [
            (
                JOB + "RetryFrames",
                {"job": {"id": failing.id}, "req": {"frames": [f.name for f in ours]}},
            ),
            (
                JOB + "RetryFrames",
                {"job": {"id": other.id}, "req": {"frames": [f.name for f in theirs]}},
            ),
        ]
        n = len(targets)
        await said(
            pilot,
            f"Retry requested for {n} frames of 2 jobs: 3 frames of {FAILING}, "
            f"{len(theirs)} frames of {CHECKPOINT}",
            exact=True,
        )


async def test_the_kill_confirmation_names_how_many_frames_of_which_jobs(
    sim: SimHarness,
) -> None:
    app = make_app(sim)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_frames(pilot, sim)
        other = await app.client.get_job(sim.farm.anchors["checkpoint"])
        theirs = await app.client.get_frames(other, states=["RUNNING"])
        ours = [f for f in screen.table.items() if f.state == "RUNNING"]
        jobs = {f.id: screen.job for f in ours} | {f.id: other for f in theirs}
        targets = [*ours, *theirs]
        with screen.acting_as(KILL_FRAMES):  # as its key runs it
            FrameVerbs(screen, None, lambda: targets, job_of=lambda f: jobs[f.id]).kill()
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, ConfirmModal)
        assert modal.title_text == f"Kill {len(targets)} frames of 2 jobs?"
        assert modal.lines[1] == f"3 of {FAILING}: 0008-sim, 0009-sim, 0010-sim"
        assert modal.lines[2].startswith(f"{len(theirs)} of {CHECKPOINT}: ")
        await pilot.press("escape")
        await pilot.pause(0.2)
        assert writes(sim) == []


async def test_frames_without_a_name_are_never_sent_as_an_empty_criteria(
    sim: SimHarness,
) -> None:
    app = make_app(sim)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        screen = await open_frames(pilot, sim)
        nameless = [f.model_copy(update={"name": ""}) for f in screen.table.items()[:2]]
        FrameVerbs(screen, screen.job, lambda: nameless).retry()
        await settle(pilot, lambda: any("nothing sent" in t for t in toasts(app)))
        assert writes(sim) == []
        assert any(t.startswith("Retry failed for 2 frames of") for t in toasts(app))


async def test_readonly_sends_nothing_for_marked_frames(sim: SimHarness) -> None:
    app = make_app(sim, readonly=True)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_frames(pilot, sim)
        await mark(pilot, screen, 5, 6, 8)
        await pilot.press("r", "e", "w", "ctrl+k")
        await pilot.pause(0.3)
        assert app.screen is screen
        # Even a verb called directly (not through a key) is refused before the wire.
        FrameVerbs(screen, screen.job, lambda: screen.table.items()[:3]).retry()
        await pilot.pause(0.3)
        assert writes(sim) == []
