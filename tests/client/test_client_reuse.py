"""Models of unchanged items are reused between answers to the same request: the items a
list answer carries byte for byte as last time come back as the same objects, the others
are parsed, and the list is always exactly what a fresh parse of the answer gives."""

from __future__ import annotations

import httpx
import pytest
from clienthelpers import Script

from cuetui.client import GatewayClient
from cuetui.client.errors import BadResponse
from cuetui.config import Settings
from cuetui.sim.harness import SimHarness


def raw(body: bytes) -> httpx.Response:
    return httpx.Response(200, content=body, headers={"content-type": "application/json"})


def jobs_answer(*items: bytes) -> bytes:
    return b'{"jobs":{"jobs":[' + b",".join(items) + b"]}}"


A = b'{"id":"a","name":"job-a","priority":10,"jobStats":{"deadFrames":0}}'
B = b'{"id":"b","name":"job-b","priority":20,"jobStats":{"deadFrames":1}}'
B2 = b'{"id":"b","name":"job-b","priority":20,"jobStats":{"deadFrames":2}}'
C = b'{"id":"c","name":"job-c","priority":30,"jobStats":null}'


async def fresh_parse(body: bytes) -> list:
    """What a client that never saw an earlier answer makes of `body`."""
    async with GatewayClient(
        "http://gateway.test", None, transport=httpx.MockTransport(Script(raw(body)))
    ) as c:
        return await c.get_jobs()


async def test_unchanged_items_are_the_same_objects_changed_ones_new(make_client) -> None:
    answers = [jobs_answer(A, B), jobs_answer(C, A, B2), jobs_answer(C, A, B2)]
    client = make_client(Script(*(raw(a) for a in answers)))
    first = await client.get_jobs()
    second = await client.get_jobs()
    third = await client.get_jobs()
    assert [j.id for j in second] == ["c", "a", "b"]  # the answer's order, new item first
    assert second[1] is first[0]  # job a: the same bytes, the same model
    assert second[2] is not first[1] and second[2].job_stats.dead_frames == 2
    assert second == await fresh_parse(answers[1])
    assert all(x is y for x, y in zip(third, second, strict=True))  # nothing changed


async def test_another_request_never_gets_these_models(make_client) -> None:
    client = make_client(Script(raw(jobs_answer(A, B)), raw(jobs_answer(A, B))))
    every = await client.get_jobs()
    one_show = await client.get_jobs(shows="testing")
    assert one_show == every and one_show[0] is not every[0]


async def test_a_nested_object_with_an_id_does_not_cut_an_item_in_two(make_client) -> None:
    # `},{"id":"` inside an item (a nested object beginning with an id): the cut is wrong,
    # the answer is parsed whole, and the next answer too.
    nested = b'{"id":"n","name":"x","jobStats":{"deadFrames":0},"extra":[{"id":"e"},{"id":"f"}]}'
    changed = nested.replace(b'"x"', b'"y"')
    answers = [jobs_answer(A, nested), jobs_answer(A, changed)]
    client = make_client(Script(*(raw(a) for a in answers)))
    assert [j.name for j in await client.get_jobs()] == ["job-a", "x"]
    second = await client.get_jobs()
    assert second == await fresh_parse(answers[1])
    assert [j.name for j in second] == ["job-a", "y"]


async def test_other_whitespace_still_parses(make_client) -> None:
    spaced = b'{"jobs": {"jobs": [{"id": "a", "name": "job-a"}, {"id": "b", "name": "job-b"}]}}'
    client = make_client(Script(raw(spaced), raw(spaced)))
    assert [j.name for j in await client.get_jobs()] == ["job-a", "job-b"]
    assert [j.name for j in await client.get_jobs()] == ["job-a", "job-b"]


async def test_a_bad_changed_item_fails_as_a_fresh_parse_does(make_client) -> None:
    bad = b'{"id":"b","name":"job-b","priority":"lots","jobStats":{"deadFrames":1}}'
    answers = [jobs_answer(A, B), jobs_answer(A, bad)]
    client = make_client(Script(*(raw(a) for a in answers)))
    await client.get_jobs()
    with pytest.raises(BadResponse) as reused:
        await client.get_jobs()
    with pytest.raises(BadResponse) as fresh:
        await fresh_parse(answers[1])
    assert str(reused.value) == str(fresh.value)
    assert "jobs.jobs.1.priority" in str(reused.value)  # the item's place in the answer


async def test_the_simulator_farm_after_a_tick_parses_as_fresh(sim: SimHarness) -> None:
    settings = Settings.for_gateway(sim.url, jwt_secret=sim.secret, user="wrangler")
    async with GatewayClient.from_settings(settings) as client:
        jobs, hosts = await client.get_jobs(), await client.get_hosts()
        sim.tick(3)
        jobs2, hosts2 = await client.get_jobs(), await client.get_hosts()
        async with GatewayClient.from_settings(settings) as other:
            assert jobs2 == await other.get_jobs()
            assert hosts2 == await other.get_hosts()
    before = {j.id: j for j in jobs}
    kept = [j for j in jobs2 if before.get(j.id) is j]
    assert kept, "no job kept its model"
    assert len(kept) < len(jobs2), "the tick changed no job"
    assert all(before[j.id] is not j for j in jobs2 if j not in jobs), (
        "a changed job kept its model"
    )
    assert {h.id for h in hosts2} == {h.id for h in hosts}


def hosts_answer(*items: bytes) -> bytes:
    return b'{"hosts":{"hosts":[' + b",".join(items) + b"]}}"


def host(id: str, load: int, ping: int, state: str = "UP") -> bytes:
    return (
        b'{"id":"%s","name":"h-%s","cores":8,"idleCores":8,"load":%d,"bootTime":1,'
        b'"pingTime":%d,"os":"rhel9","tags":["a"],"state":"%s"}'
        % (id.encode(), id.encode(), load, ping, state.encode())
    )


async def test_a_host_that_only_reported_is_the_last_model_with_its_ping_and_load(
    make_client,
) -> None:
    answers = [
        hosts_answer(host("a", 0, 100), host("b", 5, 100), host("c", 0, 100)),
        # a reported (ping, load), b only changed state, c did not change
        hosts_answer(host("a", 250, 103), host("b", 5, 100, "DOWN"), host("c", 0, 100)),
    ]
    client = make_client(Script(*(raw(a) for a in answers)))
    first = await client.get_hosts()
    second = await client.get_hosts()
    fresh = GatewayClient(
        "http://gateway.test", None, transport=httpx.MockTransport(Script(raw(answers[1])))
    )
    async with fresh:
        assert second == await fresh.get_hosts()
    a, b, c = second
    assert (a.load, a.ping_time, a.tags, a.name) == (250, 103, ["a"], "h-a")
    assert a is not first[0] and first[0].ping_time == 100  # the last answer's model kept
    assert b.state == "DOWN" and b is not first[1]
    assert c is first[2]


async def test_a_host_without_an_integer_ping_is_parsed_whole(make_client) -> None:
    odd = host("a", 0, 100).replace(b'"pingTime":100', b'"pingTime":"100"')
    answers = [
        hosts_answer(host("a", 0, 99), host("b", 0, 99)),
        hosts_answer(odd, host("b", 0, 99)),
    ]
    client = make_client(Script(*(raw(a) for a in answers)))
    await client.get_hosts()
    second = await client.get_hosts()
    assert [h.ping_time for h in second] == [100, 99]
