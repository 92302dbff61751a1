"""The simulator answers the filter calls as Cuebot's ManageFilter, ManageMatcher, ManageAction
and ManageShow do: by id (a miss: 500), order renumbered 1, 2, 3..., Delete on the queue,
RunFilterOnJobs applying the actions to the jobs its matchers match, enabled or not."""

from __future__ import annotations

from typing import Any

import httpx

from cuetui.sim.harness import SimHarness

S = "/show.ShowInterface/"
F = "/filter.FilterInterface/"


def call(sim: SimHarness, path: str, body: dict[str, Any], status: int = 200) -> dict[str, Any]:
    r = httpx.post(f"{sim.url}{path}", json=body, headers=sim.headers(), timeout=10)
    assert r.status_code == status, f"{path}: {r.status_code} {r.text}"
    return r.json()


def show_ref(sim: SimHarness, name: str = "testing") -> dict[str, str]:
    return {"id": call(sim, S + "FindShow", {"name": name})["show"]["id"]}


def filters(sim: SimHarness) -> list[dict[str, Any]]:
    return call(sim, S + "GetFilters", {"show": show_ref(sim)})["filters"]["filters"]


def by_name(sim: SimHarness, name: str) -> dict[str, Any]:
    return next(f for f in filters(sim) if f["name"] == name)


def test_seeded_filters_come_in_order_with_matchers_and_actions(sim: SimHarness) -> None:
    fs = filters(sim)
    assert [(f["name"], f["order"], f["enabled"], f["type"]) for f in fs] == [
        ("comp jobs to comp", 1, True, "MATCH_ALL"),
        ("fx sims low priority", 2, True, "MATCH_ANY"),
        ("hold sh9 shots", 3, False, "MATCH_ANY"),
    ]
    ref = {"filter": {"id": fs[1]["id"]}}
    matchers = call(sim, F + "GetMatchers", ref)["matchers"]["matchers"]
    assert [(m["subject"], m["type"], m["input"]) for m in matchers] == [
        ("JOB_NAME", "CONTAINS", "sim"),
        ("LAYER_NAME", "IS", "sim"),
    ]
    actions = call(sim, F + "GetActions", ref)["actions"]["actions"]
    assert [(a["type"], a["valueType"], a["integerValue"]) for a in actions] == [
        ("SET_JOB_PRIORITY", "INTEGER_TYPE", 10)
    ]


def test_order_moves_renumber(sim: SimHarness) -> None:
    last = by_name(sim, "hold sh9 shots")
    call(sim, F + "RaiseOrder", {"filter": {"id": last["id"]}})
    assert [f["name"] for f in filters(sim)][1] == "hold sh9 shots"
    call(sim, F + "OrderFirst", {"filter": {"id": last["id"]}})
    assert [(f["name"], f["order"]) for f in filters(sim)][:2] == [
        ("hold sh9 shots", 1),
        ("comp jobs to comp", 2),
    ]
    # SetOrder n: just before the filter now at n (f_order = n - 0.1), then renumbered.
    call(sim, F + "SetOrder", {"filter": {"id": last["id"]}, "order": 3})
    assert [(f["name"], f["order"]) for f in filters(sim)][1] == ("hold sh9 shots", 2)
    call(sim, F + "LowerOrder", {"filter": {"id": last["id"]}})
    call(sim, F + "LowerOrder", {"filter": {"id": last["id"]}})  # last stays last
    assert [f["order"] for f in filters(sim)] == [1, 2, 3]
    assert filters(sim)[2]["name"] == "hold sh9 shots"


def test_create_rename_type_enable_and_delete(sim: SimHarness) -> None:
    made = call(sim, S + "CreateFilter", {"show": show_ref(sim), "name": "lookdev"})["filter"]
    assert (made["name"], made["order"], made["type"], made["enabled"]) == (
        "lookdev", 4, "MATCH_ALL", True,
    )  # fmt: skip
    ref = {"filter": {"id": made["id"]}}
    call(sim, F + "SetName", {**ref, "name": "lookdev2"})
    call(sim, F + "SetType", {**ref, "type": "MATCH_ANY"})
    call(sim, F + "SetEnabled", {**ref, "enabled": False})
    got = by_name(sim, "lookdev2")
    assert (got["type"], got["enabled"]) == ("MATCH_ANY", False)
    # A duplicate name is stored, then findFilter answers 500.
    dup = call(sim, S + "CreateFilter", {"show": show_ref(sim), "name": "lookdev2"}, 500)
    assert "expected 1, actual 2" in dup["message"]
    call(sim, F + "Delete", ref)
    assert [f["order"] for f in filters(sim)] == [1, 2, 3, 4]
    assert "lookdev2" in [f["name"] for f in filters(sim)]  # the duplicate stays


def test_misses_are_500s(sim: SimHarness) -> None:
    for path in ("SetEnabled", "GetMatchers", "RaiseOrder", "Delete", "RunFilterOnJobs"):
        body = call(sim, F + path, {"filter": {"id": "nope"}}, 500)
        assert body["code"] == 13
    call(sim, "/filter.MatcherInterface/Delete", {"matcher": {"id": "nope"}}, 500)
    bad = call(sim, "/filter.ActionInterface/Commit", {"action": {"id": "nope"}}, 500)
    assert bad["message"] == "Invalid actionId on Action commit: nope"


def test_matchers_and_actions_are_created_committed_and_deleted(sim: SimHarness) -> None:
    ref = {"filter": {"id": by_name(sim, "hold sh9 shots")["id"]}}
    data = {"subject": "USER", "type": "IS", "input": "bob"}
    m = call(sim, F + "CreateMatcher", {**ref, "data": data})["matcher"]
    assert m["id"] and m["input"] == "bob"
    call(sim, "/filter.MatcherInterface/Commit", {"matcher": {**m, "input": "ann"}})
    got = call(sim, F + "GetMatchers", ref)["matchers"]["matchers"]
    assert [x["input"] for x in got] == ["sh9", "ann"]
    call(sim, "/filter.MatcherInterface/Delete", {"matcher": {"id": m["id"]}})
    assert len(call(sim, F + "GetMatchers", ref)["matchers"]["matchers"]) == 1
    data = {"type": "SET_JOB_MAX_CORES", "valueType": "FLOAT_TYPE", "floatValue": 8}
    a = call(sim, F + "CreateAction", {**ref, "data": data})["action"]
    call(sim, "/filter.ActionInterface/Commit", {"action": {**a, "floatValue": 4}})
    got = call(sim, F + "GetActions", ref)["actions"]["actions"]
    assert [(x["type"], x["floatValue"]) for x in got][-1] == ("SET_JOB_MAX_CORES", 4)
    call(sim, "/filter.ActionInterface/Delete", {"action": {"id": a["id"]}})
    assert len(call(sim, F + "GetActions", ref)["actions"]["actions"]) == 1


def test_run_on_jobs_applies_actions_to_matching_jobs_even_disabled(sim: SimHarness) -> None:
    jobs = call(sim, "/job.JobInterface/GetJobs", {"r": {"shows": ["testing"]}})["jobs"]["jobs"]
    comp = next(j for j in jobs if "comp" in j["name"])
    fx = call(sim, "/job.GroupInterface/FindGroup", {"show": "testing", "name": "testing_fx"})[
        "group"
    ]
    move = {"group": {"id": fx["id"]}, "jobs": {"jobs": [{"id": comp["id"]}]}}
    call(sim, "/job.GroupInterface/ReparentJobs", move)
    other = next(j for j in jobs if "comp" not in j["name"])
    f = by_name(sim, "comp jobs to comp")
    call(sim, F + "SetEnabled", {"filter": {"id": f["id"]}, "enabled": False})
    body = {"filter": {"id": f["id"]}, "jobs": {"jobs": [{"id": comp["id"]}, {"id": other["id"]}]}}
    call(sim, F + "RunFilterOnJobs", body)
    read = call(sim, "/job.JobInterface/GetJobs", {"r": {"shows": ["testing"]}})
    after = {j["id"]: j for j in read["jobs"]["jobs"]}
    assert after[comp["id"]]["group"] == "testing_comp"
    assert after[other["id"]]["group"] == other["group"]
