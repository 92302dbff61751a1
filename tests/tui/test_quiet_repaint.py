"""What an idle refresh repaints: a job's Age moves in steps, not every minute."""

from __future__ import annotations

from cuetui.models import Job
from cuetui.screens.jobs import age_step, job_columns


def test_age_steps_grow_with_the_age() -> None:
    assert [age_step(m) for m in (0, 7, 9, 10, 14, 15, 59)] == [0, 7, 9, 10, 10, 15, 55]
    assert [age_step(m) for m in (60, 74, 75, 23 * 60 + 59)] == [60, 60, 75, 23 * 60 + 45]
    assert age_step(3 * 24 * 60 + 125) == 3 * 24 * 60 + 120


def test_a_jobs_age_cell_changes_once_per_step() -> None:
    now = [1_000_000.0]
    (age,) = [c for c in job_columns(lambda: now[0]) if c.key == "age"]
    job = Job(id="j", start_time=int(now[0]) - 31 * 60)
    seen = []
    for _ in range(10):  # ten minutes, one a minute
        seen.append(age.fmt(age.value(job)))
        now[0] += 60
    assert seen == ["30m"] * 4 + ["35m"] * 5 + ["40m"]
