"""Notification rules against the simulator: each event once, with its text, never on stale
data; the bell, the desktop sequence and the command hook with the event as JSON."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from opencue_proto import host_pb2

from cuetui.app import CuetuiApp
from cuetui.config import Settings
from cuetui.notify_settings import NotifySettings
from cuetui.sim import model as m
from cuetui.sim.harness import SimHarness


def notes(app: CuetuiApp) -> list[str]:
    return [n.message for n in app._notifications]


def alert_app(sim: SimHarness, user: str = "tester", **notify: Any) -> CuetuiApp:
    values: dict[str, Any] = {"every": 3600, "desktop": "osc9"}  # reads only when a test asks
    values.update(notify)
    settings = Settings.for_gateway(
        sim.url,
        jwt_secret=sim.secret,
        user=user,
        refresh=3600,
        profile="night",
        notify=NotifySettings(**values),
    )
    app = CuetuiApp(settings, clock=lambda: float(sim.farm.now))
    app.escapes = []  # type: ignore[attr-defined]
    app.bells = 0  # type: ignore[attr-defined]
    app.write_escape = app.escapes.append  # type: ignore[method-assign,attr-defined]

    def bell() -> None:
        app.bells += 1  # type: ignore[attr-defined]

    app.bell = bell  # type: ignore[method-assign]
    return app


async def read(pilot: Any) -> None:
    """One read of the watcher, delivered."""
    app = pilot.app
    app.alerts.read_now()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        await pilot.pause(0.02)
        if not app.alerts._busy and not [w for w in app.workers if w.group == "alerts"]:
            await pilot.pause()
            return
    raise AssertionError("the watcher's read did not finish")


def a_clean_job(sim: SimHarness) -> m.Job:
    """A pending job with no dead frame and a waiting frame to kill."""
    for job in sorted(sim.farm.jobs.values(), key=lambda j: j.msg.name):
        waiting = any(f.msg.state == m.WAITING for f in job.frames)
        if job.stats.states[m.DEAD] == 0 and waiting and job.msg.state == 0:  # PENDING
            return job
    raise AssertionError("the preset has no clean pending job")


def fail_a_frame(sim: SimHarness, job: m.Job) -> None:
    with sim.farm.lock:
        frame = next(f for f in job.frames if f.msg.state == m.WAITING)
        sim.farm.set_state(frame, m.DEAD)


async def test_my_job_failing_is_said_once_with_bell_desktop_and_hook(
    sim: SimHarness, tmp_path: Path
) -> None:
    job = a_clean_job(sim)
    out = tmp_path / "events.jsonl"
    hook = (
        f"{sys.executable} -c \"import sys; open('{out}', 'a').write(sys.stdin.read() + chr(10))\""
    )
    app = alert_app(sim, user=job.msg.user, rules=["my_jobs"], command=tuple(hook_argv(hook)))
    async with app.run_test(size=(100, 30)) as pilot:
        await read(pilot)  # the baseline: nothing said about what was already so
        assert not [n for n in notes(app) if "failing" in n]
        fail_a_frame(sim, job)
        await read(pilot)
        await read(pilot)  # still failing: not said again
        said = [n for n in notes(app) if "dead frame" in n]
        assert said == [f"{job.msg.name}: 1 dead frame"]
        assert app.bells == 1  # type: ignore[attr-defined]
        assert app.escapes == [f"\x1b]9;{job.msg.name} is failing: {said[0]}\x1b\\"]  # type: ignore[attr-defined]
        events = [json.loads(line) for line in out.read_text().splitlines()]
        assert len(events) == 1
        event = events[0]
        assert event["rule"] == "my_jobs" and event["job"] == job.msg.name
        assert event["job_id"] == job.msg.id and event["dead_frames"] == 1
        assert event["profile"] == "night" and event["gateway"] == sim.url
        assert sim.secret not in out.read_text()


def hook_argv(line: str) -> list[str]:
    import shlex

    return shlex.split(line)


async def test_a_watched_job_leaving_the_farm_is_said_finished(sim: SimHarness) -> None:
    job = a_clean_job(sim)
    app = alert_app(sim, user="nobody", rules=["my_jobs"], users=[job.msg.user])
    async with app.run_test(size=(100, 30)) as pilot:
        await read(pilot)
        with sim.farm.lock:
            sim.farm.finish_job(job)
        await read(pilot)
        await read(pilot)
        assert [n for n in notes(app) if "left the farm" in n] == [f"{job.msg.name} left the farm"]


async def test_dead_frames_past_the_threshold_once_and_again_after_it_clears(
    sim: SimHarness,
) -> None:
    show = "pipeline"
    jobs = [j for j in sim.farm.jobs.values() if j.show.msg.name == show and j.msg.state == 0]
    dead_now = sum(j.stats.states[m.DEAD] for j in jobs)
    app = alert_app(sim, rules=["dead_frames"], dead_frames_over=dead_now)
    async with app.run_test(size=(100, 30)) as pilot:
        await read(pilot)
        job = next(j for j in jobs if any(f.msg.state == m.WAITING for f in j.frames))
        fail_a_frame(sim, job)
        await read(pilot)
        await read(pilot)
        want = f"{show} has {dead_now + 1} dead frames (more than {dead_now})"
        assert notes(app).count(want) == 1


async def test_a_host_going_down_is_said_once(sim: SimHarness) -> None:
    app = alert_app(sim, rules=["host_down"])
    async with app.run_test(size=(100, 30)) as pilot:
        await read(pilot)
        host = next(h for h in sorted(sim.farm.hosts.values(), key=lambda h: h.msg.name)
                    if h.msg.state == host_pb2.UP)  # fmt: skip
        with sim.farm.lock:
            host.msg.state = host_pb2.DOWN
        await read(pilot)
        await read(pilot)
        assert notes(app).count(f"{host.msg.name} went DOWN") == 1


async def test_a_subscription_reaching_its_burst_is_said_once(sim: SimHarness) -> None:
    app = alert_app(sim, rules=["sub_burst"])
    async with app.run_test(size=(100, 30)) as pilot:
        await read(pilot)
        sub = max(sim.farm.subs.values(), key=lambda s: s.reserved_cores)
        assert sub.reserved_cores > 0
        with sim.farm.lock:
            sub.msg.burst = round(sub.reserved_cores * 100)  # at its burst now
        await read(pilot)
        await read(pilot)
        said = [n for n in notes(app) if "-core burst" in n]
        assert len(said) == 1 and said[0].startswith(f"{sub.msg.name} uses ")


async def test_the_gateway_down_is_said_after_the_delay_once_and_stale_data_fires_nothing(
    sim: SimHarness,
) -> None:
    job = a_clean_job(sim)
    app = alert_app(
        sim, user=job.msg.user, rules=["my_jobs", "gateway_down"], gateway_down_after=30
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await read(pilot)
        sim.faults.error_rate = 1.0  # every call answers 503
        await read(pilot)  # the outage starts: not said yet
        assert not [n for n in notes(app) if "gateway" in n]
        fail_a_frame(sim, job)  # it happens during the outage...
        sim.tick(10)  # the farm's clock is the app's: 10 ticks pass
        for _ in range(40):
            sim.farm.now += 1
            await read(pilot)
            if any("no answer from the gateway" in n for n in notes(app)):
                break
        down = [n for n in notes(app) if "no answer from the gateway" in n]
        assert len(down) == 1
        await read(pilot)
        assert len([n for n in notes(app) if "no answer from the gateway" in n]) == 1
        assert not [n for n in notes(app) if "dead frame" in n]  # ...but nothing read it yet
        sim.faults.error_rate = 0.0
        await read(pilot)
        assert any(n.startswith("the gateway answers again after") for n in notes(app))
        # The first fresh read after the outage compares with the last fresh one.
        assert [n for n in notes(app) if "dead frame" in n] == [f"{job.msg.name}: 1 dead frame"]


async def test_rules_turned_on_from_the_palette(sim: SimHarness) -> None:
    app = alert_app(sim)
    async with app.run_test(size=(100, 30)) as pilot:
        assert app.alerts.rules == frozenset()
        assert app.alerts.toggle("host_down") is True
        await pilot.pause()
        assert "host_down" in app.alerts.rules
        assert notes(app)[-1] == "Notify on: a host going DOWN or REPAIR"
        await read(pilot)
        assert app.alerts.toggle("host_down") is False
        await pilot.pause()
        assert notes(app)[-1] == "Notify off: a host going DOWN or REPAIR"
