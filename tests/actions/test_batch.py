"""Batched actions: one request per group of targets (a job's marked frames), and what the
toast and the confirmation say about each request."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from cuetui.client.errors import ActionOutcomeUnknown, GatewayError
from cuetui.core.actions import UNKNOWN_TEXT, Action, Batch, confirm_lines, perform, requests


@dataclass(frozen=True)
class F:
    """A frame of a job (the job's id and name)."""

    name: str
    job_id: str = "j1"
    job: str = "job_a"


def frames(job: str, job_id: str, *numbers: int) -> list[F]:
    return [F(f"{n:04d}-sim", job_id, job) for n in numbers]


class Farm:
    """Records each request; `errors[job]` is raised for that job's requests."""

    def __init__(self, errors: dict[str, BaseException] | None = None) -> None:
        self.batches: list[list[str]] = []
        self.singles: list[str] = []
        self.errors = errors or {}

    async def batch(self, targets: list[F]) -> None:
        await asyncio.sleep(0)
        self.batches.append([f"{t.job}/{t.name}" for t in targets])
        if (exc := self.errors.get(targets[0].job)) is not None:
            raise exc

    async def single(self, target: F) -> None:
        self.singles.append(target.name)


def retry(farm: Farm, targets: list[F], size: int = 500, **kw: object) -> Action[F]:
    batch = Batch(key=lambda f: f.job_id, label=lambda f: f.job, call=farm.batch, size=size)
    args: dict[str, object] = dict(verb="Retry", kind="frame", targets=targets,
                                   name=lambda f: f.name, call=farm.single, queued=True,
                                   batch=batch)  # fmt: skip
    args.update(kw)
    return Action(**args)  # type: ignore[arg-type]


async def test_marked_frames_of_one_job_go_in_one_request() -> None:
    farm = Farm()
    result = await perform(retry(farm, frames("job_a", "j1", 1, 2, 3)))
    assert farm.batches == [["job_a/0001-sim", "job_a/0002-sim", "job_a/0003-sim"]]
    assert farm.singles == []
    assert result.message == "Retry requested for 3 frames of job_a"
    assert result.ok and [o.group for o in result.outcomes] == ["job_a"] * 3


async def test_frames_of_two_jobs_are_one_request_each_and_the_toast_counts_each() -> None:
    farm = Farm()
    targets = [*frames("job_a", "j1", 1, 2, 3), *frames("job_b", "j2", 7, 8)]
    result = await perform(retry(farm, targets))
    assert sorted(farm.batches) == [
        ["job_a/0001-sim", "job_a/0002-sim", "job_a/0003-sim"],
        ["job_b/0007-sim", "job_b/0008-sim"],
    ]
    assert result.message == (
        "Retry requested for 5 frames of 2 jobs: 3 frames of job_a, 2 frames of job_b"
    )


async def test_two_jobs_with_one_name_are_never_merged() -> None:
    # Frame names repeat across jobs: merging would retry job 2's 0001 as job 1's.
    farm = Farm()
    await perform(retry(farm, [*frames("job_a", "j1", 1), *frames("job_a", "j2", 1)]))
    assert farm.batches == [["job_a/0001-sim"], ["job_a/0001-sim"]]


async def test_a_big_group_is_split_at_the_batch_size() -> None:
    farm = Farm()
    action = retry(farm, frames("job_a", "j1", *range(1, 8)), size=3)
    assert [len(r) for r in requests(action)] == [3, 3, 1]
    result = await perform(action)
    assert sorted(len(b) for b in farm.batches) == [1, 3, 3]
    assert result.message == "Retry requested for 7 frames of job_a"


async def test_one_target_uses_the_single_call() -> None:
    farm = Farm()
    result = await perform(retry(farm, frames("job_a", "j1", 5), context="job_a"))
    assert farm.singles == ["0005-sim"] and farm.batches == []
    assert result.message == "Retry requested for 0005-sim of job_a"


async def test_a_failed_request_fails_its_frames_only_and_says_its_error_once() -> None:
    farm = Farm({"job_b": GatewayError("Cuebot unavailable")})
    targets = [*frames("job_a", "j1", 1, 2, 3), *frames("job_b", "j2", 7, 8)]
    result = await perform(retry(farm, targets))
    assert result.severity == "warning"
    assert [o.status for o in result.outcomes] == ["done"] * 3 + ["failed"] * 2
    assert result.message == (
        "Retry requested for 3 frames of job_a; failed for 2 frames of job_b: Cuebot unavailable"
    )


async def test_every_request_failing_or_unanswered() -> None:
    err = GatewayError("Cuebot unavailable")
    farm = Farm({"job_a": err, "job_b": err})
    targets = [*frames("job_a", "j1", 1), *frames("job_b", "j2", 7, 8)]
    result = await perform(retry(farm, targets))
    assert result.severity == "error"
    assert result.message == (
        "Retry failed for 1 frame of job_a, 2 frames of job_b: Cuebot unavailable"
    )
    farm = Farm({"job_a": ActionOutcomeUnknown("x"), "job_b": ActionOutcomeUnknown("x")})
    result = await perform(retry(farm, targets))
    assert result.message == f"Retry for 1 frame of job_a, 2 frames of job_b: {UNKNOWN_TEXT}"


async def test_a_bug_in_a_batch_call_is_a_failure_not_a_crash() -> None:
    farm = Farm({"job_a": ValueError("no frame named: nothing sent")})
    result = await perform(retry(farm, frames("job_a", "j1", 1, 2)))
    assert result.message == "Retry failed for 2 frames of job_a: no frame named: nothing sent"


def test_the_confirmation_names_how_many_frames_of_which_jobs() -> None:
    farm = Farm()
    targets = [*frames("job_a", "j1", 1, 2, 3), *frames("job_b", "j2", 7)]
    action = retry(farm, targets, verb="Kill")
    assert action.subject() == "4 frames of 2 jobs"
    assert confirm_lines(action) == [
        "Kill 4 frames of 2 jobs:",
        "3 of job_a: 0001-sim, 0002-sim, 0003-sim",
        "1 of job_b: 0007-sim",
    ]
    one_job = retry(farm, frames("job_a", "j1", 1, 2), verb="Kill")
    assert one_job.subject() == "2 frames of job_a"
    assert confirm_lines(one_job) == ["Kill 2 frames of job_a:", "0001-sim", "0002-sim"]


async def test_counted_units_say_how_many_dead_frames() -> None:
    dead = {"job_x": 12, "job_y": 3}

    async def call(job: str) -> None:
        return None

    def action(targets: list[str]) -> Action[str]:
        return Action(verb="Retry", kind="job", targets=targets, name=str, call=call,
                      queued=True, unit="dead frame", count=dead.__getitem__)  # fmt: skip

    assert (await perform(action(["job_x"]))).message == (
        "Retry requested for 12 dead frames of job_x"
    )
    both = action(["job_x", "job_y"])
    assert both.subject() == "15 dead frames of 2 jobs"
    assert (await perform(both)).message == "Retry requested for 15 dead frames of 2 jobs"
