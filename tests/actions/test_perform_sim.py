"""`perform` with the real client against the simulator: done, failed, outcome unknown."""

from __future__ import annotations

from cuetui.client import GatewayClient
from cuetui.config import Settings
from cuetui.core.actions import UNKNOWN_TEXT, Action, perform
from cuetui.models import Frame
from cuetui.sim.harness import SimHarness

RETRY = "/job.FrameInterface/Retry"


def client_for(sim: SimHarness) -> GatewayClient:
    settings = Settings.for_gateway(sim.url, jwt_secret=sim.secret, user="wrangler")
    return GatewayClient.from_settings(settings, read_timeout=2.0)


async def dead_frames(client: GatewayClient, sim: SimHarness) -> list[Frame]:
    frames = await client.get_frames(sim.farm.anchors["failing"], states=["DEAD"])
    assert len(frames) == 3
    return frames


def retry(client: GatewayClient, frames: list[Frame]) -> Action[Frame]:
    return Action("Retry", "frame", frames, lambda f: f.name, client.retry_frame, queued=True,
                  context="job_x", concurrency=1)  # fmt: skip


async def test_dropped_connection_is_outcome_unknown_and_not_retried(sim: SimHarness) -> None:
    async with client_for(sim) as client:
        frames = await dead_frames(client, sim)
        sim.clear_calls()
        sim.faults.queue("drop")  # the first Retry's connection is cut
        result = await perform(retry(client, frames))
        assert [o.status for o in result.outcomes] == ["unknown", "done", "done"]
        assert len(sim.calls_to(RETRY)) == 3  # once per frame: the dropped one not resent
        assert result.severity == "warning"
        assert f"1 {UNKNOWN_TEXT} ({frames[0].name})" in result.message


async def test_gateway_error_is_a_failure_with_its_message(sim: SimHarness) -> None:
    async with client_for(sim) as client:
        frames = await dead_frames(client, sim)
        missing = frames[0].model_copy(update={"id": "00000000-0000-0000-0000-000000000000"})
        result = await perform(retry(client, [missing]))
        assert result.severity == "error"
        (outcome,) = result.failed
        assert result.message == f"Retry failed for {missing.name} of job_x: {outcome.error}"
        assert outcome.error and "\n" not in outcome.error
