"""The simulator's GetHosts, GetJobs and GetProcs criteria, field by field as Cuebot's
HostSearch, JobSearch and ProcSearch build them (sim/search.py), and the older farm whose
gateway has no `lockStates`."""

from __future__ import annotations

from simhelpers import call

from cuetui.sim.harness import SimHarness

GET_HOSTS = "host.HostInterface/GetHosts"
GET_JOBS = "job.JobInterface/GetJobs"
GET_PROCS = "host.ProcInterface/GetProcs"


def hosts(sim: SimHarness, r: dict, status: int = 200) -> list[str] | dict:
    data = call(sim, GET_HOSTS, {"r": r}, status=status)
    return [h["name"] for h in data["hosts"]["hosts"]] if status == 200 else data


def test_host_fields_as_host_search_reads_them(sim: SimHarness) -> None:
    every = hosts(sim, {})
    assert len(every) == 24
    by_name = {h.msg.name: h.msg.id for h in sim.farm.hosts.values()}
    # ids and hosts: exact, any of the list.
    assert hosts(sim, {"ids": [by_name["render-0003"], by_name["ws-jsmith"]]}) == [
        "render-0003",
        "ws-jsmith",
    ]
    assert hosts(sim, {"hosts": ["render-0003", "render"]}) == ["render-0003"]
    # allocs: alloc.str_name, the full name; the bare name is another allocation.
    assert hosts(sim, {"allocs": ["local.desktop"]}) == [n for n in every if n.startswith("ws-")]
    assert hosts(sim, {"allocs": ["desktop"]}) == []
    assert hosts(sim, {"states": {"state": ["DOWN", "REPAIR"]}}) == ["render-0014", "render-0016"]
    assert hosts(sim, {"lockStates": {"state": ["NIMBY_LOCKED"]}}) == ["ws-kwong"]
    # Every set field is AND'ed.
    assert hosts(sim, {"lockStates": {"state": ["LOCKED"]}, "allocs": ["local.desktop"]}) == []


def test_host_name_patterns_are_postgres_regex_and_like(sim: SimHarness) -> None:
    # regex: `~`, a case-sensitive search.
    assert hosts(sim, {"regex": ["u-00"]}) == ["gpu-0001", "gpu-0002", "gpu-0003", "gpu-0004"]
    assert hosts(sim, {"regex": ["^ws-(k|m)"]}) == ["ws-kwong", "ws-mchen"]
    assert hosts(sim, {"regex": ["WS-"]}) == []
    # substr: LIKE '%w%', so `_` is any one character and `%` any run.
    assert hosts(sim, {"substr": ["r-001"]}) == [f"render-001{i}" for i in range(7)]
    assert hosts(sim, {"substr": ["ws_k"]}) == ["ws-kwong"]
    assert hosts(sim, {"substr": ["r%15"]}) == ["render-0015"]
    assert hosts(sim, {"substr": ["ws\\_k"]}) == []  # an escaped `_` is itself
    # A pattern PostgreSQL refuses fails the read (a 500), it is never taken literally.
    err = hosts(sim, {"regex": ["render["]}, status=500)
    assert err["code"] == 2 and "invalid regular expression" in err["message"]


def test_an_older_farm_drops_lock_states_unread(sim: SimHarness) -> None:
    # Cuebot and gateway before v1.8: HostSearchCriteria has no lock_states.
    sim.faults.unknown_fields = {"HostSearchCriteria.lock_states"}
    r = {"lockStates": {"state": ["LOCKED"]}, "regex": ["^render-001"]}
    assert hosts(sim, r) == [f"render-001{i}" for i in range(7)]
    sim.faults.reset()
    assert hosts(sim, r) == ["render-0015"]


def test_job_fields_as_job_search_reads_them(sim: SimHarness) -> None:
    def names(r: dict) -> list[str]:
        return [j["name"] for j in call(sim, GET_JOBS, {"r": r})["jobs"]["jobs"]]

    pending = names({})
    assert pending == sorted(pending)  # ORDER BY job.str_name
    # substr is LIKE: `_` is any one character (the `_` of fx_sim too).
    assert names({"substr": ["sh0_0-"]}) == [
        "testing-sh010-jsmith_fx_sim_v012",
        "testing-sh020-mchen_lighting_v004",
        "testing-sh030-arojas_comp_v002",
        "testing-sh040-tnguyen_fx_sim_v026",
    ]
    assert names({"substr": ["fx%v0_3"]}) == ["aurora-sh200-mchen_fx_sim_v003"]
    assert names({"jobs": ["aurora-sh200-mchen_fx_sim_v003", "fx_sim"]}) == [
        "aurora-sh200-mchen_fx_sim_v003"
    ]
    assert names({"regex": ["^pipeline-"], "users": ["kwong"]}) == [
        "pipeline-sh100-kwong_anim_playblast_v007",
        "pipeline-sh330-kwong_lookdev_v030",
    ]
    assert "pipeline-sh010-kwong_lighting_v025" in names(
        {"regex": ["^pipeline-"], "users": ["kwong"], "includeFinished": True}
    )
    err = call(sim, GET_JOBS, {"r": {"regex": ["("]}}, status=500)
    assert "invalid regular expression" in err["message"]


def test_proc_fields_as_proc_search_reads_them(sim: SimHarness) -> None:
    def procs(r: dict) -> list[tuple[str, int]]:
        data = call(sim, GET_PROCS, {"r": r})["procs"]["procs"]
        return [(p["name"], int(p["dispatchTime"])) for p in data]

    on_host = procs({"hosts": ["render-0001"]})
    assert len(on_host) == 16
    assert [t for _, t in on_host] == sorted(t for _, t in on_host)  # host, then dispatched
    # first_result counts from 1 (0 is 1); max_results rows from there.
    assert procs({"hosts": ["render-0001"], "firstResult": 1, "maxResults": [3]}) == on_host[:3]
    assert procs({"hosts": ["render-0001"], "firstResult": 0, "maxResults": [3]}) == on_host[:3]
    assert procs({"hosts": ["render-0001"], "firstResult": 3, "maxResults": [2]}) == on_host[2:4]
    # Memory in KB; memory_less_than is a GreaterThan criterion in host.proto: "at least".
    assert procs({"hosts": ["render-0001"], "memoryLessThan": [{"value": 2097152}]}) == on_host
    assert procs({"hosts": ["render-0001"], "memoryRange": [{"min": 1, "max": 1024}]}) == []
    # Duration: seconds since dispatch.
    now = sim.farm.now
    recent = [p for p in on_host if now - p[1] <= 30]
    assert procs({"hosts": ["render-0001"], "durationRange": [{"min": 0, "max": 30}]}) == recent
