"""A big list answer is matched and parsed in batches, the event loop running between them:
a key typed while 25,000 hosts are parsed is handled within a batch, not after the list."""

from __future__ import annotations

import asyncio

import httpx
from clienthelpers import Script

from cuetui.client import _core


def raw(body: bytes) -> httpx.Response:
    return httpx.Response(200, content=body, headers={"content-type": "application/json"})


def hosts_answer(n: int, ping: int) -> bytes:
    items = b",".join(
        b'{"id":"h%d","name":"host-%d","load":%d,"pingTime":%d,"state":"UP"}' % (i, i, i, ping)
        for i in range(n)
    )
    return b'{"hosts":{"hosts":[' + items + b"]}}"


async def _ticks_during(read) -> tuple[list, int]:
    """The answer of `read()`, and how many turns a task waiting on the loop got meanwhile."""
    ticks = 0
    done = asyncio.Event()

    async def ticker() -> None:
        nonlocal ticks
        while not done.is_set():
            await asyncio.sleep(0)
            ticks += 1

    task = asyncio.create_task(ticker())
    await asyncio.sleep(0)  # the ticker is waiting before the read starts
    start = ticks
    items = await read()
    done.set()
    await task
    return items, ticks - start


async def test_a_big_answer_lets_the_loop_run_between_batches(make_client) -> None:
    n = 5 * _core.PARSE_BATCH
    client = make_client(Script(raw(hosts_answer(n, 1)), raw(hosts_answer(n, 2))))
    first, turns = await _ticks_during(client.get_hosts)
    assert [h.name for h in first[:2]] == ["host-0", "host-1"] and len(first) == n
    # Five batches to parse, each followed by a breath: the loop ran between them.
    assert turns >= 4
    # Every host reported (a new ping): matched and copied in batches too, same models' data.
    second, turns = await _ticks_during(client.get_hosts)
    assert turns >= 4
    assert [h.ping_time for h in second[:: _core.PARSE_BATCH]] == [2] * 5
    assert [h.name for h in second] == [h.name for h in first]


async def test_a_small_answer_takes_one_turn(make_client) -> None:
    client = make_client(Script(raw(hosts_answer(10, 1))))
    hosts, _ = await _ticks_during(client.get_hosts)
    assert len(hosts) == 10
