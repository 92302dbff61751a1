"""The simulator answers GroupInterface and GetJobWhiteboard as Cuebot's ManageGroup does.

Groups and jobs by id (a miss: 500), cores kept whole, GroupDaoJdbc's refusals and the
job-default quirks CONTRACT.md lists, Delete's refusal text and its no-op on the root group.
"""

from __future__ import annotations

from typing import Any

import httpx

from cuetui.sim.harness import SimHarness

S = "/show.ShowInterface/"
G = "/job.GroupInterface/"
EMPTY = "Incorrect result size: expected 1, actual 0"


def call(sim: SimHarness, path: str, body: dict[str, Any], status: int = 200) -> dict[str, Any]:
    r = httpx.post(f"{sim.url}{path}", json=body, headers=sim.headers(), timeout=10)
    assert r.status_code == status, f"{path}: {r.status_code} {r.text}"
    return r.json()


def show_id(sim: SimHarness, name: str = "testing") -> str:
    return call(sim, S + "FindShow", {"name": name})["show"]["id"]


def tree(sim: SimHarness, show: str = "testing") -> dict[str, Any]:
    return call(sim, S + "GetJobWhiteboard", {"show": {"id": show_id(sim, show)}})["whiteboard"]


def groups(sim: SimHarness, show: str = "testing") -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}

    def walk(g: dict[str, Any]) -> None:
        out[g["name"]] = g
        for child in (g.get("groups") or {}).get("nestedGroups") or []:
            walk(child)

    walk(tree(sim, show))
    return out


def job_of(sim: SimHarness, job_id: str) -> dict[str, Any]:
    return call(sim, "/job.JobInterface/GetJob", {"id": job_id})["job"]


def ref(group: dict[str, Any]) -> dict[str, str]:
    return {"id": group["id"]}


def test_whiteboard_nests_groups_with_their_pending_jobs_inline(sim: SimHarness) -> None:
    root = tree(sim)
    assert root["name"] == "testing" and root["level"] == 0
    children = root["groups"]["nestedGroups"]
    assert {c["name"] for c in children} >= {"testing_comp", "testing_lighting"}
    # Each child carries its parent (without the subgroups) and its jobs inline.
    assert all(c["parent"]["id"] == root["id"] for c in children)
    with_jobs = [g for g in groups(sim).values() if g["jobs"]]
    assert with_jobs
    for g in with_jobs:
        assert [j["id"] for j in g["inlineJobs"]] == g["jobs"]
        assert all(j["state"] == "PENDING" for j in g["inlineJobs"])
        assert g["stats"]["pendingJobs"] == len(g["jobs"])


def test_reparent_moves_jobs_and_they_take_the_group_defaults(sim: SimHarness) -> None:
    gs = groups(sim)
    source = next(g for g in gs.values() if g["jobs"])
    job = source["jobs"][0]
    dest = gs["testing_fx"] if source["name"] != "testing_fx" else gs["testing_comp"]
    call(sim, G + "SetDefaultJobPriority", {"group": ref(dest), "priority": 321})
    call(sim, G + "SetDefaultJobMaxCores", {"group": ref(dest), "maxCores": 7.9})
    call(sim, G + "ReparentJobs", {"group": ref(dest), "jobs": {"jobs": [{"id": job}]}})
    after = groups(sim)
    assert job in after[dest["name"]]["jobs"] and job not in after[source["name"]]["jobs"]
    moved = job_of(sim, job)
    # Whole cores: 7.9 is kept as 7.
    assert (moved["group"], moved["priority"], moved["maxCores"]) == (dest["name"], 321, 7)
    miss = call(
        sim, G + "ReparentJobs", {"group": {"id": "nope"}, "jobs": {"jobs": [{"id": job}]}}, 500
    )
    assert miss["code"] == 13 and EMPTY in miss["message"]
    bad_job = {"group": ref(dest), "jobs": {"jobs": [{"id": "no-such-job"}]}}
    assert call(sim, G + "ReparentJobs", bad_job, 500)["code"] == 13
    other = groups(sim, "pipeline")["pipeline_comp"]
    cross = call(
        sim, G + "ReparentJobs", {"group": ref(other), "jobs": {"jobs": [{"id": job}]}}, 500
    )
    assert "cannot move jobs between shows" in cross["message"]


def test_create_rename_delete(sim: SimHarness) -> None:
    comp = groups(sim)["testing_comp"]
    made = call(sim, G + "CreateSubGroup", {"group": ref(comp), "name": "comp_hero"})["group"]
    assert (made["parentId"], made["level"], made["maxCores"]) == (comp["id"], 2, -1)
    assert made["defaultJobPriority"] == -1
    dup = call(sim, G + "CreateSubGroup", {"group": ref(comp), "name": "comp_hero"}, 500)
    assert "c_folder_uk" in dup["message"]
    call(sim, G + "SetName", {"group": {"id": made["id"]}, "name": "comp_heroes"})
    assert "comp_heroes" in groups(sim) and "comp_hero" not in groups(sim)
    # A group with subgroups (or pending jobs) is refused, in ManageGroup's words.
    refused = call(sim, G + "Delete", {"group": ref(comp)}, 500)
    assert refused["message"].startswith("Failed to remove group, be sure that there are no jobs")
    call(sim, G + "Delete", {"group": {"id": made["id"]}})
    assert "comp_heroes" not in groups(sim)
    gone = call(sim, G + "SetName", {"group": {"id": made["id"]}, "name": "x"}, 500)
    assert EMPTY in gone["message"]


def test_delete_of_the_root_group_refuses_then_is_a_silent_no_op(sim: SimHarness) -> None:
    root = tree(sim, "pipeline")
    refused = call(sim, G + "Delete", {"group": ref(root)}, 500)  # it has subgroups
    assert refused["message"].startswith("Failed to remove group")
    with sim.farm.lock:  # an emptied root group: Cuebot's DELETE skips pk_parent_folder NULL
        show = next(s for s in sim.farm.shows.values() if s.msg.name == "pipeline")
        assert show.root is not None
        show.root.children.clear()
        show.root.jobs.clear()
    assert call(sim, G + "Delete", {"group": ref(root)}) == {}
    assert tree(sim, "pipeline")["id"] == root["id"]


def test_cores_and_job_defaults_keep_cuebots_quirks(sim: SimHarness) -> None:
    gs = groups(sim)
    g = next(x for x in gs.values() if x["jobs"] and x["level"] > 0)
    job = g["jobs"][0]
    refused = call(sim, G + "SetMaxCores", {"group": ref(g), "maxCores": 0}, 500)
    assert "must be a whole core or greater, pass in: 0" in refused["message"]
    call(sim, G + "SetMaxCores", {"group": ref(g), "maxCores": 12.7})
    call(sim, G + "SetMinCores", {"group": ref(g), "minCores": -3})
    after = groups(sim)[g["name"]]
    assert (after["maxCores"], after["minCores"]) == (12, 0)
    # SetDefaultJobPriority(-5): -1 on the group, -5 on its jobs.
    call(sim, G + "SetDefaultJobPriority", {"group": ref(g), "priority": -5})
    assert groups(sim)[g["name"]]["defaultJobPriority"] == -1
    assert job_of(sim, job)["priority"] == -5
    # SetDefaultJobMaxCores(0): -1 on the group, 0 on the jobs.
    call(sim, G + "SetDefaultJobMaxCores", {"group": ref(g), "maxCores": 0})
    assert groups(sim)[g["name"]]["defaultJobMaxCores"] == -1
    assert job_of(sim, job)["maxCores"] == 0
    call(sim, G + "SetDefaultJobMinCores", {"group": ref(g), "minCores": 3})
    assert groups(sim)[g["name"]]["defaultJobMinCores"] == 3 and job_of(sim, job)["minCores"] == 3
