"""The simulator answers LimitInterface writes as ManageLimit does: by name, failing as
`findLimit`'s queryForObject does on a miss or a duplicate name."""

from __future__ import annotations

from typing import Any

import httpx

from cuetui.sim.harness import SimHarness

L = "/limit.LimitInterface/"


def test_sim_finds_limits_by_name_and_fails_like_cuebot(sim: SimHarness) -> None:
    def call(method: str, body: dict[str, Any]) -> httpx.Response:
        return httpx.post(f"{sim.url}{L}{method}", json=body, headers=sim.headers(), timeout=10)

    assert call("Create", {"name": "nuke", "maxValue": 5}).status_code == 200  # stored...
    limits = call("GetAll", {}).json()["limits"]
    assert [lim["name"] for lim in limits].count("nuke") == 2
    dup = call("SetMaxValue", {"name": "nuke", "maxValue": 9})  # ...then every by-name call fails
    assert dup.status_code == 500 and "expected 1, actual 2" in dup.json()["message"]
    nuke = next(lim for lim in limits if lim["name"] == "nuke")
    miss = call("Delete", {"id": nuke["id"]})  # the id is not what Cuebot reads
    assert miss.status_code == 500 and "expected 1, actual 0" in miss.json()["message"]
