"""`cuetui.core.details`: every field of a model as the detail pane lists (and copies) it."""

from __future__ import annotations

import os
import time

import pytest

from cuetui.core.details import MAX_RETRIES_ABSENT, details, label_of, text_of, title_of
from cuetui.models import Frame, Host, Job, Layer, Proc

NOW = 1_767_225_600.0  # 2026-01-01 00:00:00 UTC


@pytest.fixture(autouse=True)
def utc():
    before = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    yield
    if before is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = before
    time.tzset()


JOB = Job.model_validate(
    {
        "id": "j-1",
        "name": "show-seq-sh010-lighting_v012",
        "state": "PENDING",
        "show": "show",
        "user": "jsmith",
        "group": "lighting",
        "facility": "local",
        "os": "rhel9",
        "priority": 150,
        "minCores": 1,
        "maxCores": 2000.5,
        "logDir": "/shots/show/sh010/logs",
        "startTime": int(NOW) - 3 * 3600,
        "lokiUrl": "https://wrangler:hunter2@loki.example:3100",
        "jobStats": {"deadFrames": 2, "maxRss": 3 * 1024 * 1024, "avgFrameSec": 3725},
    }
)


def as_dict(lines):
    return {d.label: d.text for d in lines}


def test_a_job_lists_every_field_with_the_name_first() -> None:
    lines = details(JOB, now=NOW)
    assert lines[0] == ("Name", "show-seq-sh010-lighting_v012", "")
    got = as_dict(lines)
    assert got["Log directory"] == "/shots/show/sh010/logs"
    assert got["Group"] == "lighting"
    assert got["OS"] == "rhel9"
    assert got["Facility"] == "local"
    assert got["User"] == "jsmith"
    assert got["Max retries"] == MAX_RETRIES_ABSENT  # the Job message has no such field
    assert got["Status"] == "Failing (PENDING)"
    assert got["Age"] == "3h00m"
    assert got["Max cores"] == "2000.5"
    assert got["Started"] == "2025-12-31 21:00:00 (3h00m ago)"
    assert got["Stopped"] == "-"
    assert got["UID"] == "-"  # unset oneof
    assert got["Is paused"] == "no"
    # Every field of the model is there, nested stats included.
    labels = [d.label for d in lines]
    assert len(labels) == len(set(labels))
    for name in Job.model_fields:
        if name != "job_stats":
            assert label_of(name) in got, name
    stats = {d.label: d for d in lines if d.section == "Job stats"}
    assert stats["Dead frames"].text == "2"
    assert stats["Max RSS"].text == "3.0G"
    assert stats["Average frame time"].text == "01:02:05"
    assert stats["Total core time"].text == "00:00:00"


def test_no_secret_in_a_url_is_shown_or_copied() -> None:
    got = as_dict(details(JOB, now=NOW))
    assert got["Loki URL"] == "https://wrangler:***@loki.example:3100"
    assert not any("hunter2" in d.text for d in details(JOB, now=NOW))


def test_a_frame_names_its_host_runtime_and_log_file() -> None:
    frame = Frame.model_validate(
        {
            "id": "f-1",
            "name": "0003-render",
            "state": "RUNNING",
            "lastResource": "render-0007/8.00/0",
            "startTime": int(NOW) - 125,
            "lluTime": int(NOW) - 65,
            "usedMemory": 2048,
            "totalCoreTime": 7200,
        }
    )
    got = as_dict(details(frame, now=NOW, job=JOB))
    assert got["Host"] == "render-0007"
    assert got["Runtime"] == "00:02:05"
    assert got["Last cores"] == "8"
    assert (
        got["Log file"] == "/shots/show/sh010/logs/show-seq-sh010-lighting_v012.0003-render.rqlog"
    )
    assert got["Log last updated"] == "2025-12-31 23:58:55 (1m ago)"
    assert got["Used memory"] == "2M"
    assert got["Total core time"] == "02:00:00"  # seconds, not a date
    assert "Log file" not in as_dict(details(frame, now=NOW))  # no job: no path


def test_layer_host_and_proc() -> None:
    layer = Layer.model_validate(
        {
            "name": "render",
            "tags": ["general", "gpu"],
            "minCores": 0,
            "timeout": 0,
            "parentId": "j-1",
            "layerStats": {"lowFrameSec": 61},
        }
    )
    got = as_dict(details(layer, now=NOW))
    assert got["Tags"] == "general, gpu"
    assert got["Cores"] == "ALL"
    assert got["Job id"] == "j-1"
    assert got["Timeout"] == "none"
    assert got["Services"] == "-"
    assert got["Shortest frame time"] == "00:01:01"

    host = Host.model_validate(
        {
            "name": "render-0001",
            "cores": 16,
            "idleCores": 4,
            "load": 800,
            "lockState": "NIMBY_LOCKED",
            "pingTime": int(NOW) - 5,
            "totalMemory": 64 * 1024 * 1024,
            "tags": ["general"],
        }
    )
    got = as_dict(details(host, now=NOW))
    assert got["Used cores"] == "12 of 16"
    assert got["Load %"] == "50%"
    assert got["Lock state"] == "NIMBY_LOCKED"
    assert got["Total memory"] == "64.0G"
    assert got["Last ping"].endswith("(5s ago)")

    proc = Proc.model_validate(
        {
            "name": "render-0001/8",
            "frameName": "0003-render",
            "jobName": "j",
            "reservedCores": 8,
            "dispatchTime": int(NOW) - 60,
            "childProcesses": "AAEC",
        }
    )
    got = as_dict(details(proc, now=NOW))
    assert got["Host"] == "render-0001"
    assert got["Layer"] == "render"
    assert got["Runtime"] == "00:01:00"
    assert "Child processes" not in got  # proto bytes: nothing a wrangler reads
    assert title_of(proc, "proc") == "proc render-0001/8"


def test_values_read_as_a_wrangler_reads_them() -> None:
    assert text_of("is_paused", True) == "yes"
    assert text_of("tags", []) == "-"
    assert text_of("shot", "") == "-"
    assert text_of("min_memory", 4 * 1024 * 1024) == "4.0G"
    assert text_of("reserved_cores", 2.0) == "2"
    assert text_of("timeout_llu", 30) == "30 min"
    assert text_of("booked_time", 0) == "-"
    assert label_of("max_gpu_memory") == "Max GPU memory"
    assert label_of("avg_core_sec") == "Avg core time"


def test_a_row_wrapping_models_lists_each_under_its_heading() -> None:
    from cuetui.core.stuck import StuckFrame

    frame = Frame.model_validate({"id": "f-1", "name": "0003-render", "state": "RUNNING"})
    row = StuckFrame(job=JOB, frame=frame, layer_avg=60, log_path="/shots/x.rqlog")
    lines = details(row, now=NOW)
    assert ("Log path", "/shots/x.rqlog", "") in lines
    sections = [d.section for d in lines if d.label == "Name"]
    assert sections == ["Frame", "Job"]  # the frame first, its job after
    frame_lines = {d.label: d.text for d in lines if d.section == "Frame"}
    assert frame_lines["Log file"].endswith("show-seq-sh010-lighting_v012.0003-render.rqlog")
    assert ("Dead frames", "2", "Job · Job stats") in lines
    assert title_of(row, "stuck") == "stuck 0003-render"
