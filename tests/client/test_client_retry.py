"""Retry policy: reads retry transient failures with backoff; actions are never retried."""

from __future__ import annotations

import httpx
import pytest
from clienthelpers import Script, grpc_error, ok, plain

from cuetui.client import errors as E

TRANSIENT = [
    grpc_error(503, 14, "cuebot unavailable"),
    httpx.Response(502, text="bad gateway"),
    grpc_error(504, 4, "deadline"),
    plain(429, "slow down"),
]


@pytest.mark.parametrize("failure", [*TRANSIENT, httpx.ConnectError("refused")])
async def test_reads_retry_transient_failures_then_succeed(make_client, sleeps, failure) -> None:
    script = Script(failure, failure, ok({"shows": {"shows": [{"name": "testing"}]}}))
    client = make_client(script)
    shows = await client.get_shows()
    assert [s.name for s in shows] == ["testing"]
    assert len(script.requests) == 3
    assert len(sleeps.delays) == 2


async def test_reads_give_up_after_the_retry_budget(make_client, sleeps) -> None:
    script = Script(grpc_error(503, 14, "down"))
    client = make_client(script, retries=3)
    with pytest.raises(E.Unavailable):
        await client.get_hosts()
    assert len(script.requests) == 4
    # Exponential with jitter: each delay between half and all of 0.25 * 2**n.
    for n, delay in enumerate(sleeps.delays):
        ceiling = 0.25 * 2**n
        assert ceiling / 2 <= delay <= ceiling


async def test_backoff_is_capped(make_client, sleeps) -> None:
    client = make_client(Script(grpc_error(503, 14, "down")), retries=8, max_backoff=1.0)
    with pytest.raises(E.Unavailable):
        await client.get_shows()
    assert max(sleeps.delays) <= 1.0


async def test_retry_after_is_honoured(make_client, sleeps) -> None:
    script = Script(plain(429, "slow", **{"Retry-After": "3"}), ok())
    client = make_client(script)
    await client.get_shows()
    assert sleeps.delays == [pytest.approx(3.0)] or sleeps.delays[0] >= 3.0


async def test_retry_after_too_long_is_not_waited(make_client, sleeps) -> None:
    script = Script(plain(429, "slow", **{"Retry-After": "600"}), ok())
    client = make_client(script)
    with pytest.raises(E.RateLimited) as info:
        await client.get_shows()
    assert info.value.retry_after == 600
    assert sleeps.delays == [] and len(script.requests) == 1


@pytest.mark.parametrize(
    "failure",
    [
        grpc_error(500, 13, "boom"),
        grpc_error(404, 5, "Job not found"),
        grpc_error(400, 3, "bad"),
        httpx.ReadTimeout("slow"),
    ],
)
async def test_reads_do_not_retry_lasting_failures(make_client, failure) -> None:
    script = Script(failure, ok())
    client = make_client(script)
    with pytest.raises(E.GatewayError):
        await client.get_job("job-1")
    assert len(script.requests) == 1


async def test_read_timeout_is_a_timeout(make_client) -> None:
    client = make_client(Script(httpx.ReadTimeout("slow")))
    with pytest.raises(E.GatewayTimeout) as info:
        await client.get_shows()
    assert "no answer" in str(info.value)


@pytest.mark.parametrize(
    "failure",
    [
        httpx.ReadTimeout("slow"),
        httpx.WriteTimeout("slow"),
        httpx.RemoteProtocolError("Server disconnected without sending a response."),
        httpx.ReadError("reset"),
    ],
)
async def test_actions_after_sending_are_outcome_unknown_and_never_retried(
    make_client, sleeps, failure
) -> None:
    script = Script(failure, ok())
    client = make_client(script)
    with pytest.raises(E.ActionOutcomeUnknown) as info:
        await client.kill_job("job-1")
    assert len(script.requests) == 1
    assert sleeps.delays == []
    assert "may or may not" in str(info.value)


@pytest.mark.parametrize(
    ("failure", "cls", "words", "caveat"),
    [
        (grpc_error(503, 14, "cuebot is restarting"), E.Unavailable, "cuebot is restarting", False),
        (plain(503, "maintenance until 14:00"), E.Unavailable, "maintenance until 14:00", False),
        (httpx.Response(502, text="bad gateway"), E.Unavailable, "bad gateway", True),
        (grpc_error(504, 4, "deadline exceeded"), E.GatewayTimeout, "deadline exceeded", True),
    ],
)
async def test_an_answer_to_an_action_is_a_failure_with_its_reason_never_resent(
    make_client, sleeps, failure, cls, words, caveat
) -> None:
    """A 502/503/504 came back: the action failed with the gateway's words, not "unknown"."""
    script = Script(failure, ok())
    client = make_client(script)
    with pytest.raises(cls) as info:
        await client.pause_job("job-1")
    assert not isinstance(info.value, E.ActionOutcomeUnknown)
    assert words in str(info.value) and "job.JobInterface/Pause" in str(info.value)
    assert ("it may still be carried out" in str(info.value)) is caveat
    assert info.value.status == failure.status_code
    assert len(script.requests) == 1 and sleeps.delays == []


@pytest.mark.parametrize(
    ("failure", "cls"),
    [
        (httpx.ConnectError("[Errno 111] Connection refused"), E.GatewayUnreachable),
        (httpx.ConnectTimeout("timed out"), E.GatewayUnreachable),
        (plain(429, "slow", **{"Retry-After": "1"}), E.RateLimited),
        (grpc_error(500, 13, "java.lang.NullPointerException"), E.Internal),
        (grpc_error(404, 5, "Job not found"), E.NotFound),
    ],
)
async def test_actions_that_certainly_failed_are_reported_once(make_client, failure, cls) -> None:
    script = Script(failure, ok())
    client = make_client(script)
    with pytest.raises(cls):
        await client.retry_frame("frame-1")
    assert len(script.requests) == 1


async def test_connection_pool_is_shared(make_client) -> None:
    client = make_client(Script(ok()))
    http = client._http
    await client.get_shows()
    await client.pause_job("j")
    assert client._http is http
    assert client.last_latency is not None
