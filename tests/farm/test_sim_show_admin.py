"""The simulator answers the show administration calls as Cuebot's servants do (over HTTP).

ManageSubscription finds a subscription by id; ManageShow.createSubscription finds the
allocation by id and takes cores; ManageShow's setters find the show by id and ShowDao keeps
whole default cores, refusing negatives.
"""

from __future__ import annotations

from typing import Any

import httpx

from cuetui.sim.harness import SimHarness

S = "/show.ShowInterface/"
SUB = "/subscription.SubscriptionInterface/"
EMPTY = "Incorrect result size: expected 1, actual 0"


def call(sim: SimHarness, path: str, body: dict[str, Any], status: int = 200) -> dict[str, Any]:
    r = httpx.post(f"{sim.url}{path}", json=body, headers=sim.headers(), timeout=10)
    assert r.status_code == status, f"{path}: {r.status_code} {r.text}"
    return r.json()


def show_id(sim: SimHarness, name: str) -> str:
    return call(sim, S + "FindShow", {"name": name})["show"]["id"]


def subs(sim: SimHarness, show: str) -> dict[str, dict[str, Any]]:
    got = call(sim, S + "GetSubscriptions", {"show": {"id": show_id(sim, show)}})
    return {s["allocationName"]: s for s in got["subscriptions"]["subscriptions"]}


def alloc_id(sim: SimHarness, name: str) -> str:
    allocs = call(sim, "/facility.AllocationInterface/GetAll", {})["allocations"]["allocations"]
    return next(a["id"] for a in allocs if a["name"] == name)


def test_size_and_burst_are_centcores_and_go_by_id(sim: SimHarness) -> None:
    sub = subs(sim, "testing")["local.general"]
    call(sim, SUB + "SetSize", {"subscription": {"id": sub["id"]}, "newSize": 5050})
    call(sim, SUB + "SetBurst", {"subscription": {"id": sub["id"]}, "burst": 30000})
    got = subs(sim, "testing")["local.general"]
    assert (got["size"], got["burst"]) == (5050, 30000)
    # The name is not read: a subscription sent by name alone is a miss, a 500.
    miss = call(sim, SUB + "SetSize", {"subscription": {"name": sub["name"]}, "newSize": 1}, 500)
    assert miss["code"] == 13 and EMPTY in miss["message"]


def test_create_takes_cores_and_the_allocation_id(sim: SimHarness) -> None:
    assert "local.desktop" not in subs(sim, "pipeline")
    desktop = alloc_id(sim, "local.desktop")
    body = {"show": {"id": show_id(sim, "pipeline")}, "allocationId": desktop,
            "size": 12.5, "burst": 40}  # fmt: skip
    created = call(sim, S + "CreateSubscription", body)["subscription"]
    assert created["name"] == "local.desktop.pipeline"
    assert (created["size"], created["burst"]) == (1250, 4000)
    assert subs(sim, "pipeline")["local.desktop"]["id"] == created["id"]
    again = call(sim, S + "CreateSubscription", body, 500)
    assert "duplicate key" in again["message"]
    by_name = dict(body, allocationId="local.desktop")  # a name is not an id
    assert EMPTY in call(sim, S + "CreateSubscription", by_name, 500)["message"]


def test_delete_refuses_while_cores_run_there(sim: SimHarness) -> None:
    sim.tick(3)
    running = [s for s in subs(sim, "testing").values() if int(s["reservedCores"]) > 0]
    assert running, "the small preset runs frames on a testing subscription"
    busy = running[0]
    refused = call(sim, SUB + "Delete", {"subscription": {"id": busy["id"]}}, 500)
    assert "You cannot delete a subscription with running procs" in refused["message"]
    idle = next(s for s in subs(sim, "testing").values() if int(s["reservedCores"]) == 0)
    call(sim, SUB + "Delete", {"subscription": {"id": idle["id"]}})
    assert idle["allocationName"] not in subs(sim, "testing")
    assert EMPTY in call(sim, SUB + "Delete", {"subscription": {"id": idle["id"]}}, 500)["message"]


def test_show_setters_keep_whole_cores_and_refuse_negatives(sim: SimHarness) -> None:
    show = {"id": show_id(sim, "testing")}
    call(sim, S + "SetDefaultMinCores", {"show": show, "minCores": 2.7})
    call(sim, S + "SetDefaultMaxCores", {"show": show, "maxCores": 300})
    call(sim, S + "SetCommentEmail", {"show": show, "email": "a@x.com,b@y.org"})
    call(sim, S + "EnableBooking", {"show": show, "enabled": False})
    call(sim, S + "SetActive", {"show": show, "value": False})
    got = call(sim, S + "FindShow", {"name": "testing"})["show"]
    assert (got["defaultMinCores"], got["defaultMaxCores"]) == (2, 300)
    assert got["commentEmail"] == "a@x.com,b@y.org"
    assert (got["bookingEnabled"], got["active"]) == (False, False)
    active = call(sim, S + "GetActiveShows", {})["shows"]["shows"]
    assert "testing" not in {s["name"] for s in active}
    refused = call(sim, S + "SetDefaultMaxCores", {"show": show, "maxCores": -5}, 500)
    assert "Invalid argument, default max cores -400must be greater tham 0" in refused["message"]
    missing = call(sim, S + "SetActive", {"show": {"id": "nosuch"}, "value": True}, 500)
    assert EMPTY in missing["message"]


def test_allocation_readers_go_by_id_and_find_hosts_reads_it_as_a_name(sim: SimHarness) -> None:
    """GetHosts/GetSubscriptions filter on pk_alloc; FindHosts adds the id to `allocs`, which
    HostSearch compares with allocation names, so only allocations named in `r` match."""
    A = "/facility.AllocationInterface/"
    gpu = alloc_id(sim, "local.gpu")
    hosts = call(sim, A + "GetHosts", {"allocation": {"id": gpu}})["hosts"]["hosts"]
    assert hosts and {h["allocName"] for h in hosts} == {"local.gpu"}
    assert call(sim, A + "GetHosts", {"allocation": {"id": "nosuch"}})["hosts"]["hosts"] == []
    subs_of = call(sim, A + "GetSubscriptions", {"allocation": {"id": "nosuch"}})
    assert subs_of["subscriptions"]["subscriptions"] == []
    found = call(sim, A + "FindHosts", {"allocation": {"id": gpu}, "r": {}})["hosts"]["hosts"]
    assert found == []
    named = {"allocation": {"id": gpu}, "r": {"allocs": ["local.gpu"]}}
    assert {h["name"] for h in call(sim, A + "FindHosts", named)["hosts"]["hosts"]} == {
        h["name"] for h in hosts
    }
