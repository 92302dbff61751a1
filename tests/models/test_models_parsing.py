"""Model parsing of real-shaped protojson samples and the derived values screens use."""

from __future__ import annotations

import json
import time

import pytest

from cuetui.models import (
    Allocation,
    Frame,
    Host,
    Job,
    Layer,
    Proc,
    Show,
    Subscription,
    UpdatedFrame,
    format,
)

# As the gateway's README shows a live GetFrames answer (rest_gateway/README.md).
FRAME_SAMPLE = {
    "id": "8f2b1b0e-7a4d-4c1e-9d41-1b5b3e1f0c11",
    "name": "0001-bty_tp_3d_123456",
    "layerName": "bty_tp_3d_123456",
    "number": 1,
    "state": "WAITING",
    "retryCount": 0,
    "exitStatus": -1,
    "dispatchOrder": 0,
    "startTime": 0,
    "stopTime": 0,
    "maxRss": "0",
    "usedMemory": "0",
    "reservedMemory": "0",
    "reservedGpuMemory": "0",
    "lastResource": "/0.00/0",
    "checkpointState": "DISABLED",
    "checkpointCount": 0,
    "totalCoreTime": 0,
    "lluTime": 1707840000,
    "totalGpuTime": 0,
    "maxGpuMemory": "0",
    "usedGpuMemory": "0",
    "frameStateDisplayOverride": None,
    "maxPss": "0",
    "usedPss": "0",
}

SHOW_SAMPLE = {
    "id": "00000000-0000-0000-0000-000000000000",
    "name": "testing",
    "defaultMinCores": 1,
    "defaultMaxCores": 100,
    "commentEmail": "middle-tier@example.com",
    "bookingEnabled": True,
    "dispatchEnabled": True,
    "active": True,
    "showStats": {
        "runningFrames": 0,
        "deadFrames": 0,
        "pendingFrames": 0,
        "pendingJobs": 0,
        "createdJobCount": "6",
        "createdFrameCount": "24",
        "renderedFrameCount": "0",
        "failedFrameCount": "0",
        "reservedCores": 0,
        "reservedGpus": 0,
    },
    "defaultMinGpus": 0,
    "defaultMaxGpus": 100,
}


def test_frame_sample() -> None:
    frame = Frame.model_validate_json(json.dumps(FRAME_SAMPLE))
    assert frame.state == "WAITING" and frame.exit_status == -1
    assert frame.host_name == "" and frame.last_cores == 0.0
    assert frame.frame_state_display_override.text == ""
    assert frame.display_state == "WAITING"
    assert frame.runtime_seconds() == 0


def test_frames_without_a_display_override_share_one_an_update_replaces_it() -> None:
    """A null override (nearly every frame) is one shared empty value, not two models per
    frame; a frame that has one keeps its own, and GetUpdatedFrames replaces the value."""
    a, b = (Frame.model_validate_json(json.dumps({**FRAME_SAMPLE, "id": i})) for i in ("a", "b"))
    assert a.frame_state_display_override is b.frame_state_display_override
    assert Frame().frame_state_display_override is a.frame_state_display_override
    paused = {"state": "RUNNING", "text": "Paused", "color": {"red": 200, "green": 0}}
    update = UpdatedFrame.model_validate({"id": "a", "frameStateDisplayOverride": paused})
    a.apply_update(update)
    assert a.display_state == "Paused" and a.frame_state_display_override.color.red == 200
    assert b.display_state == "WAITING" and b.frame_state_display_override.text == ""
    assert Frame().frame_state_display_override.color.red == 0


def test_show_sample() -> None:
    show = Show.model_validate(SHOW_SAMPLE)
    assert show.show_stats.created_job_count == 6
    assert show.default_min_cores == 1.0 and isinstance(show.default_min_cores, float)


def test_int64_strings_enums_floats_extra_and_missing() -> None:
    host = Host.model_validate(
        {
            "name": "render01",
            "memory": "33554432",
            "cores": 16,
            "idleCores": 7.5,
            "state": "SOMETHING_NEW",
            "lockState": 2,
            "threadMode": 99,
            "futureField": {"x": 1},
        }
    )
    assert host.memory == 33_554_432 and host.cores == 16.0
    assert host.state == "SOMETHING_NEW"  # unknown names display as they came
    assert host.lock_state == "NIMBY_LOCKED"  # numbers become names
    assert host.thread_mode == "99"  # unknown numbers stay text
    assert host.tags == [] and host.alloc_name == ""
    assert host.is_locked and host.used_cores == 8.5


def test_null_sub_messages_and_lists() -> None:
    job = Job.model_validate({"id": "j", "jobStats": None})
    assert job.job_stats.total_frames == 0
    layer = Layer.model_validate({"tags": None, "services": None, "layerStats": None})
    assert layer.tags == [] and layer.layer_stats.progress == 0.0
    alloc = Allocation.model_validate({"stats": None})
    assert alloc.usage == 0.0


def test_populate_by_name() -> None:
    assert Job(is_paused=True).is_paused
    assert Job.model_validate({"is_paused": True}).is_paused
    assert Job.model_validate({"isPaused": True}).is_paused


def _job(**stats: int) -> Job:
    return Job.model_validate({"state": stats.pop("state", "PENDING"), "jobStats": stats})


@pytest.mark.parametrize(
    ("job", "expected"),
    [
        (Job(state="FINISHED", is_paused=True), "Finished"),
        (Job(is_paused=True), "Paused"),
        (_job(deadFrames=1, dependFrames=3, pendingFrames=3), "Failing"),
        (_job(dependFrames=3, pendingFrames=3, runningFrames=0), "Dependency"),
        (_job(dependFrames=3, pendingFrames=3, runningFrames=1), "In Progress"),
        (_job(dependFrames=2, pendingFrames=3), "In Progress"),
        (_job(), "In Progress"),  # depend 0 == pending 0 is not Dependency (CueGUI)
    ],
)
def test_display_state_as_cuegui(job: Job, expected: str) -> None:
    assert job.display_state == expected


def test_progress_fractions() -> None:
    job = Job.model_validate(
        {
            "jobStats": {
                "totalFrames": 10,
                "succeededFrames": 4,
                "runningFrames": 2,
                "waitingFrames": 1,
                "dependFrames": 1,
                "deadFrames": 1,
                "eatenFrames": 1,
            }
        }
    )
    assert job.progress == pytest.approx(0.4)
    parts = job.fractions()
    assert list(parts) == ["succeeded", "running", "waiting", "depend", "dead", "eaten"]
    assert sum(parts.values()) == pytest.approx(1.0)
    assert Job().fractions()["succeeded"] == 0.0


def test_frame_derived_values() -> None:
    running = Frame.model_validate(
        {
            "name": "0007-comp",
            "state": "RUNNING",
            "startTime": 1000,
            "lastResource": "render01/4.00/1",
            "usedMemory": "2048",
            "maxRss": "4096",
            "usedGpuMemory": "512",
            "maxGpuMemory": "1024",
        }
    )
    assert running.host_name == "render01"
    assert running.last_cores == 4.0 and running.last_gpus == 1
    assert running.runtime_seconds(now=1065) == 65
    assert running.memory_kb == 2048
    done = running.model_copy(update={"state": "SUCCEEDED", "stop_time": 1100})
    assert done.runtime_seconds(now=99999) == 100 and done.memory_kb == 4096
    assert running.gpu_memory_kb == 512 and done.gpu_memory_kb == 1024
    job = Job(name="testing-sh01-bob_comp", log_dir="/shots/testing/logs")
    assert running.log_path(job) == "/shots/testing/logs/testing-sh01-bob_comp.0007-comp.rqlog"
    assert running.log_path_attempt(job, 2).endswith(".rqlog.2")


def test_updated_frame_applies_in_place() -> None:
    frame = Frame(id="f", name="0001-a", state="RUNNING", number=1)
    frame.apply_update(UpdatedFrame(id="f", state="DEAD", exit_status=1, retry_count=2))
    assert (frame.state, frame.exit_status, frame.retry_count, frame.name) == (
        "DEAD",
        1,
        2,
        "0001-a",
    )


def test_host_proc_subscription_values() -> None:
    host = Host(ping_time=1000, cores=8, load=400)
    assert host.ping_age(now=1030) == 30 and Host().ping_age(now=5) == 0
    assert host.load_percent == 50
    proc = Proc(name="render01/2.00", frame_name="0001-comp", dispatch_time=100)
    assert proc.host_name == "render01" and proc.layer_name == "comp"
    assert proc.runtime_seconds(now=160) == 60
    sub = Subscription(size=1000, burst=2500, reserved_cores=500)
    assert (sub.size_cores, sub.burst_cores, sub.reserved_cores_value) == (10.0, 25.0, 5.0)
    assert sub.usage == 0.5 and Subscription().usage == 0.0


def test_layer_cores_text() -> None:
    assert Layer(min_cores=0).cores_text == "ALL"
    assert Layer(min_cores=-2).cores_text == "ALL (-2)"
    assert Layer(min_cores=1.5).cores_text == "1.5"


@pytest.mark.parametrize(
    ("kb", "text"),
    [(0, "0K"), (512, "512K"), (2048, "2M"), (1572864, "1.5G"), (2 * 1024**3, "2.0T")],
)
def test_human_kb(kb: int, text: str) -> None:
    assert format.human_kb(kb) == text


def test_format_helpers() -> None:
    assert format.duration(3725) == "01:02:05"
    assert format.duration(-5) == "00:00:00"
    assert format.duration_hhmm(3725) == "001:02"
    assert format.short_duration(42) == "42s" and format.short_duration(7300) == "2h01m"
    assert format.short_duration(90000) == "1d1h"
    assert format.cores(16.0) == "16" and format.cores(0.5) == "0.5"
    assert format.percent(0.421) == "42%"
    assert format.centcores(250) == 2.5
    assert format.epoch(0) == ""
    assert format.epoch(time.time())


def test_bulk_parse_is_fast() -> None:
    """GetHosts of 5,000 hosts parses from bytes well inside a refresh interval."""
    from cuetui.client._parsing import list_model

    host = {
        "id": "h",
        "name": "render0001",
        "allocName": "local.general",
        "cores": 16,
        "idleCores": 8,
        "memory": "33554432",
        "idleMemory": "16777216",
        "totalMemory": "33554432",
        "freeMemory": "1000",
        "tags": ["general", "linux"],
        "state": "UP",
        "lockState": "OPEN",
        "pingTime": 1700000000,
    }
    content = json.dumps({"hosts": {"hosts": [host] * 5000}}).encode()
    model = list_model("hosts", "hosts", Host)
    started = time.perf_counter()
    hosts = model.model_validate_json(content).hosts.hosts
    elapsed = time.perf_counter() - started
    assert len(hosts) == 5000 and hosts[-1].memory == 33554432
    # Generous: CI shares its CPUs; the benchmark issue sets the real budget.
    assert elapsed < 2.0
