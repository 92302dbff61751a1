"""`perform` and its wrangler-facing summaries, without Textual or a gateway."""

from __future__ import annotations

import asyncio

import pytest

from cuetui.client.errors import ActionOutcomeUnknown, GatewayError, Internal
from cuetui.core.actions import UNKNOWN_TEXT, Action, confirm_lines, perform, plural


def frames_action(outcomes: dict[str, BaseException | None], **kw: object) -> Action[str]:
    async def call(name: str) -> None:
        await asyncio.sleep(0)
        if (exc := outcomes[name]) is not None:
            raise exc

    args: dict[str, object] = dict(
        verb="Retry", kind="frame", targets=list(outcomes), name=str, call=call, queued=True
    )
    args.update(kw)
    return Action(**args)  # type: ignore[arg-type]


async def test_all_done_queued_says_requested() -> None:
    action = frames_action({"0001-a": None, "0002-a": None, "0003-a": None}, context="job_x")
    result = await perform(action)
    assert result.message == "Retry requested for 3 frames of job_x"
    assert result.severity == "information" and result.ok
    assert [o.status for o in result.outcomes] == ["done"] * 3


async def test_single_failure_quotes_gateway_message() -> None:
    err = GatewayError("JobInterface/Pause: Cuebot error: boom")
    action = frames_action({"job_x": err}, verb="Pause", kind="job", queued=False)
    result = await perform(action)
    assert result.message == "Pause failed for job_x: JobInterface/Pause: Cuebot error: boom"
    assert result.severity == "error"
    assert result.failed[0].error == str(err)


async def test_single_done_not_queued_says_done() -> None:
    result = await perform(frames_action({"job_x": None}, verb="Pause", kind="job", queued=False))
    assert result.message == "Pause done for job_x"
    pause = frames_action({"a": None, "b": None}, verb="Pause", kind="job", queued=False,
                          past="Paused")  # fmt: skip
    assert (await perform(pause)).message == "Paused 2 jobs"


async def test_outcome_unknown_is_neither_done_nor_failed() -> None:
    action = frames_action({"0001-a": ActionOutcomeUnknown("no answer")}, verb="Kill")
    result = await perform(action)
    assert result.unknown and not result.failed and not result.done
    assert result.message == f"Kill for 0001-a: {UNKNOWN_TEXT}"
    assert result.severity == "warning"


async def test_mixed_outcomes_name_each_kind() -> None:
    action = frames_action(
        {
            "0001-a": None,
            "0002-a": Internal("Cuebot error: gone"),
            "0003-a": ActionOutcomeUnknown("no answer"),
        },
        context="job_x",
    )
    result = await perform(action)
    assert result.severity == "warning"
    msg = result.message
    assert msg.startswith("Retry requested for 1 of 3 frames of job_x")
    assert "1 failed: 0002-a: Cuebot error: gone" in msg
    assert f"1 {UNKNOWN_TEXT} (0003-a)" in msg


async def test_same_error_said_once_and_names_truncated() -> None:
    err = GatewayError("permission denied")
    action = frames_action({f"{i:04d}-a": err for i in range(6)})
    result = await perform(action)
    assert result.severity == "error"
    assert result.message == (
        "Retry failed for 6 frames: 0000-a, 0001-a, 0002-a and 3 more: permission denied"
    )


async def test_unexpected_exception_is_a_failure_not_a_crash() -> None:
    result = await perform(frames_action({"0001-a": ValueError("bad"), "0002-a": None}))
    assert result.failed[0].error == "bad"  # the client's own refusal, worded for people
    assert len(result.done) == 1


async def test_no_repr_reaches_the_message() -> None:
    huge = RuntimeError(repr(list(range(300))))
    result = await perform(frames_action({"0001-a": huge}))
    assert result.message == "Retry failed for 0001-a: not sent: internal error (RuntimeError)"


async def test_never_retries_and_bounds_concurrency() -> None:
    calls: list[str] = []
    running = 0
    peak = 0

    async def call(name: str) -> None:
        nonlocal running, peak
        calls.append(name)
        running += 1
        peak = max(peak, running)
        await asyncio.sleep(0.01)
        running -= 1
        raise GatewayError("nope")

    names = [f"f{i}" for i in range(10)]
    action = Action("Eat", "frame", names, str, call, queued=True, concurrency=3)
    result = await perform(action)
    assert sorted(calls) == sorted(names)  # once each
    assert peak <= 3
    assert [o.name for o in result.outcomes] == names  # order kept


async def test_cancellation_propagates() -> None:
    async def call(name: str) -> None:
        await asyncio.sleep(10)

    task = asyncio.create_task(perform(Action("Kill", "job", ["j"], str, call)))
    await asyncio.sleep(0.01)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task


def test_confirm_lines_and_plurals() -> None:
    action = Action("Kill", "frame", ["a", "b"], str, lambda t: asyncio.sleep(0), context="job")
    assert confirm_lines(action) == ["Kill 2 frames of job:", "a", "b"]
    one = Action("Kill", "job", ["a"], str, lambda t: asyncio.sleep(0))
    assert confirm_lines(one) == ["Kill 1 job:", "a"]
    assert plural("proc", 2) == "2 procs" and plural("host", 1) == "1 host"
