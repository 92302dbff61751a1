"""What each call sends and how its answer is read (beyond the strict contract tests)."""

from __future__ import annotations

import os
import time

import httpx
import pytest
from clienthelpers import Script, grpc_error, ok

from cuetui.client import GatewayClient, UpdatedFramesFallback
from cuetui.config import Settings
from cuetui.models import Allocation, Job, Layer


async def test_get_jobs_body_and_parse(make_client) -> None:
    script = Script(ok({"jobs": {"jobs": [{"id": "j1", "name": "a", "isPaused": True}]}}))
    client = make_client(script)
    jobs = await client.get_jobs(shows="testing", users=["bob"])
    assert script.bodies == [
        {"r": {"users": ["bob"], "shows": ["testing"], "includeFinished": False}}
    ]
    assert jobs[0].display_state == "Paused"


async def test_explicitly_empty_filters_send_nothing(make_client) -> None:
    script = Script(ok())
    client = make_client(script)
    assert await client.get_jobs(ids=[]) == []
    assert await client.get_hosts(allocs=[]) == []
    assert await client.get_procs(hosts=[]) == []
    assert await client.get_frames("j", layers=[]) == []
    assert script.requests == []


async def test_unknown_enum_names_are_refused_before_sending(make_client) -> None:
    client = make_client(Script(ok()))
    with pytest.raises(ValueError):
        await client.get_frames("j", states=["KILLED"])
    with pytest.raises(ValueError):
        await client.get_hosts(lock_states=["NIMBY"])
    with pytest.raises(ValueError):
        await client.set_host_hardware_state("h", "BROKEN")


async def test_get_frames_always_sends_page_and_limit(make_client) -> None:
    script = Script(ok({"frames": {"frames": [{"id": "f", "name": "0001-comp"}]}}))
    client = make_client(script)
    frames = await client.get_frames(Job(id="j1"))
    assert script.bodies[0] == {
        "job": {"id": "j1"},
        "req": {"page": 1, "limit": 500, "includeFinished": True},
    }
    assert frames[0].name == "0001-comp"
    with pytest.raises(ValueError):
        await client.get_frames("j1", limit=0)


async def test_targets_need_an_id(make_client) -> None:
    client = make_client(Script(ok()))
    with pytest.raises(ValueError):
        await client.pause_job(Job(name="no id"))
    with pytest.raises(ValueError):
        await client.pause_job("")


async def test_kill_always_carries_attribution(make_client) -> None:
    script = Script(ok())
    client = make_client(script)
    await client.kill_job(Job(id="j1", name="ignored"))
    await client.kill_job("j1", reason="runaway sim")
    await client.kill_layer_frames("l1")
    await client.kill_frame("f1")
    default, custom, layer, frame = script.bodies
    assert default == {
        "job": {"id": "j1"},
        "username": "wrangler",
        "pid": str(os.getpid()),
        "hostKill": default["hostKill"],
        "reason": "Manual Job Kill Request in cuetui by wrangler",
    }
    assert default["hostKill"]
    assert custom["reason"] == "runaway sim [cuetui by wrangler]"
    assert "cuetui by wrangler" in layer["reason"] and layer["layer"] == {"id": "l1"}
    assert "cuetui by wrangler" in frame["reason"] and frame["username"] == "wrangler"


async def test_dead_frame_actions(make_client) -> None:
    script = Script(ok())
    client = make_client(script)
    await client.retry_job_dead_frames("j1")
    await client.eat_job_dead_frames("j1")
    dead = {"states": {"frameStates": ["DEAD"]}}
    assert script.bodies == [{"job": {"id": "j1"}, "req": dead}] * 2
    assert script.paths == ["/job.JobInterface/RetryFrames", "/job.JobInterface/EatFrames"]


async def test_layer_dead_retry_uses_the_job_call_with_the_layer_name(make_client) -> None:
    layer = {"layer": {"id": "l1", "name": "comp", "parentId": "j1"}}
    script = Script(ok(layer), ok())
    client = make_client(script)
    await client.retry_layer_frames("l1")
    assert script.paths == ["/job.LayerInterface/GetLayer", "/job.JobInterface/RetryFrames"]
    assert script.bodies[1] == {
        "job": {"id": "j1"},
        "req": {"layers": ["comp"], "states": {"frameStates": ["DEAD"]}},
    }
    script.requests.clear()
    await client.eat_layer_frames(Layer(id="l1", name="comp", parent_id="j1"))
    assert script.paths == ["/job.JobInterface/EatFrames"]


async def test_setters_send_typed_values(make_client) -> None:
    script = Script(ok())
    client = make_client(script)
    await client.set_job_priority("j", 50)
    await client.set_layer_min_memory("l", 4194304)
    await client.set_layer_tags("l", [" general ", "", "gpu"])
    await client.add_comment("j", "subj", "msg")
    await client.unbook_proc("p")
    await client.set_allocation_billable(
        Allocation(id="a", name="local.general", facility="local"), False
    )
    assert script.bodies == [
        {"job": {"id": "j"}, "val": 50},
        {"layer": {"id": "l"}, "memory": 4194304},
        {"layer": {"id": "l"}, "tags": ["general", "gpu"]},
        {
            "job": {"id": "j"},
            "newComment": {"user": "wrangler", "subject": "subj", "message": "msg"},
        },
        {"proc": {"id": "p"}, "kill": False},
        {"allocation": {"id": "a", "name": "general", "facility": "local"}, "value": False},
    ]
    with pytest.raises(ValueError):
        await client.set_job_priority("j", 1.5)
    with pytest.raises(ValueError):
        await client.add_host_tags("h", [" "])


async def test_repair_sends_repair_and_clear_sends_down(make_client) -> None:
    script = Script(ok())
    client = make_client(script)
    await client.set_host_repair("h")
    await client.clear_host_repair("h")
    assert [b["state"] for b in script.bodies] == ["REPAIR", "DOWN"]


async def test_limits_are_wrapped_once(make_client) -> None:
    client = make_client(Script(ok({"limits": [{"name": "maya", "maxValue": 10}]})))
    (limit,) = await client.get_limits()
    assert (limit.name, limit.max_value) == ("maya", 10)


# -- GetUpdatedFrames ---------------------------------------------------------------------


def _updated(server_time: int) -> httpx.Response:
    return ok(
        {
            "state": "PENDING",
            "serverTime": server_time,
            "updatedFrames": {"updatedFrames": [{"id": "f1", "state": "DEAD", "maxRss": "9"}]},
        }
    )


async def test_updated_frames_success_and_deadline(make_client) -> None:
    now = int(time.time())
    script = Script(_updated(now - 1))
    client = make_client(script, updated_frames_timeout=2.5)
    result = await client.get_updated_frames("j1", now - 10, layers=[Layer(id="l1")])
    assert result.server_time == now - 1
    assert result.updated_frames[0].state == "DEAD" and result.updated_frames[0].max_rss == 9
    assert script.bodies[0] == {
        "job": {"id": "j1"},
        "lastCheck": now - 10,
        "layerFilter": {"layers": [{"id": "l1"}]},
    }
    assert script.requests[0].extensions["timeout"]["read"] == 2.5
    assert abs(client.estimated_server_time() - (now - 1)) <= 2


@pytest.mark.parametrize(
    "failure",
    [httpx.ReadTimeout("hang"), grpc_error(500, 13, "x"), grpc_error(503, 14, "down")],
)
async def test_updated_frames_falls_back_without_retrying(make_client, failure) -> None:
    script = Script(failure, _updated(1))
    client = make_client(script)
    with pytest.raises(UpdatedFramesFallback) as info:
        await client.get_updated_frames("j1", int(time.time()) - 5)
    assert "fetch all frames" in str(info.value)
    assert len(script.requests) == 1


async def test_updated_frames_does_not_send_a_stale_last_check(make_client) -> None:
    script = Script(_updated(int(time.time())))
    client = make_client(script)
    with pytest.raises(UpdatedFramesFallback):
        await client.get_updated_frames("j1", 0)
    client.server_clock_offset = 0.0
    with pytest.raises(UpdatedFramesFallback):
        await client.get_updated_frames("j1", int(time.time()) - 120)
    assert script.requests == []


async def test_from_settings_uses_profile(monkeypatch) -> None:
    settings = Settings.for_gateway(
        "http://gw.test:8448", jwt_secret="s" * 40, user="alice", read_timeout=7.0
    )
    script = Script(ok())
    async with GatewayClient.from_settings(
        settings, transport=httpx.MockTransport(script)
    ) as client:
        await client.get_shows()
        assert client.user == "alice" and client.read_timeout == 7.0
    assert str(script.requests[0].url) == "http://gw.test:8448/show.ShowInterface/GetShows"


def test_bad_url_is_refused() -> None:
    with pytest.raises(ValueError):
        GatewayClient("gw.test:8448", None)


async def test_depend_reads_and_actions(make_client) -> None:
    depend = {"id": "d1", "type": "LAYER_ON_LAYER", "target": "INTERNAL", "active": True,
              "dependErJob": "j", "dependErLayer": "comp", "dependOnJob": "j",
              "dependOnLayer": "render"}  # fmt: skip
    script = Script(
        ok({"depends": {"depends": [depend]}}),
        ok({"depends": {"depends": []}}),
        ok(),
        ok(),
        ok(),
    )
    client = make_client(script)
    waits = await client.get_what_this_depends_on(Job(id="j1"))
    assert waits[0].type == "LAYER_ON_LAYER" and waits[0].depend_on_layer == "render"
    assert await client.get_what_depends_on_this("j1") == []
    await client.satisfy_depend(waits[0])
    await client.drop_depends("j1")
    await client.drop_depends(Job(id="j1"), "internal")
    assert script.paths == [
        "/job.JobInterface/GetWhatThisDependsOn",
        "/job.JobInterface/GetWhatDependsOnThis",
        "/depend.DependInterface/Satisfy",
        "/job.JobInterface/DropDepends",
        "/job.JobInterface/DropDepends",
    ]
    assert script.bodies[2:] == [
        {"depend": {"id": "d1"}},
        {"job": {"id": "j1"}, "target": "ANY_TARGET"},
        {"job": {"id": "j1"}, "target": "INTERNAL"},
    ]
    with pytest.raises(ValueError):
        await client.drop_depends("j1", "ALL")
    with pytest.raises(ValueError):
        await client.satisfy_depend("")
    assert len(script.requests) == 5
