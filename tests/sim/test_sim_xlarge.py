"""The xlarge preset's shape (from its knobs, and a farm built the same way at a small size),
and what keeps the simulator fast at that size: cached answers that stay exact, reads by id
and frames pages that do not scan or sort the 100,000-frame job each time."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from opencue_proto import host_pb2, job_pb2

from cuetui.cli import build_parser as app_parser
from cuetui.sim import model as m
from cuetui.sim import views
from cuetui.sim.cli import build_parser as sim_parser
from cuetui.sim.farm import SimulatedFarm
from cuetui.sim.fragments import Fragments
from cuetui.sim.protojson import to_dict
from cuetui.sim.scenario import LARGE, XLARGE, get_scenario
from cuetui.sim.svc_host import host_seq
from cuetui.sim.svc_job import job_seq

EPOCH = 1_800_000_000
# xlarge as it is built, at a size a unit test can afford.
SMALL_XL = XLARGE.with_(
    random_jobs=60, finished_jobs=3, general_hosts=60, gpu_hosts=6, cloud_hosts=9,
    big_job_frames=1200,
)  # fmt: skip


def test_xlarge_is_five_times_large() -> None:
    xl = get_scenario("xlarge")
    assert xl is XLARGE and xl.name == "xlarge"
    assert len(xl.shows) == 10 and xl.shows == LARGE.shows
    assert xl.random_jobs == 10_000 and xl.big_job_frames == 100_000
    assert xl.general_hosts + xl.gpu_hosts + xl.cloud_hosts + len(xl.desktop_users) == 25_000
    assert LARGE.cloud_hosts == 0  # large is as it was


def test_hosts_in_three_allocations_every_show_subscribed_to_each() -> None:
    farm = SimulatedFarm(SMALL_XL, 7, epoch=EPOCH)
    per_alloc = Counter(h.alloc.msg.name for h in farm.hosts.values())
    assert per_alloc == {"local.general": 60, "local.gpu": 6, "cloud.general": 9}
    assert "cloud-0001" in {h.msg.name for h in farm.hosts.values()}
    for show in farm.shows.values():
        assert set(per_alloc) <= {s.alloc.msg.name for s in show.subs.values()}
    pending = [j for j in farm.jobs.values() if j.msg.state == job_pb2.JobState.PENDING]
    assert len(pending) >= 60 and len({j.msg.show for j in pending}) == 10
    assert len(farm.jobs[farm.anchors["big"]].frames) == 1200
    # Cloud hosts take work like the others.
    assert any(h.procs for h in farm.hosts.values() if h.alloc.msg.name == "cloud.general")


def _fingerprint(farm: SimulatedFarm) -> list[tuple[str, ...]]:
    jobs = [(j.msg.id, j.msg.name, str(j.stats.states)) for j in farm.jobs.values()]
    hosts = [(h.msg.id, h.msg.name, str(h.msg.idle_cores)) for h in farm.hosts.values()]
    return sorted(jobs) + sorted(hosts)


def test_the_same_seed_builds_the_same_farm_and_another_seed_another() -> None:
    a = SimulatedFarm(SMALL_XL, 11, epoch=EPOCH)
    b = SimulatedFarm(SMALL_XL, 11, epoch=EPOCH)
    c = SimulatedFarm(SMALL_XL, 12, epoch=EPOCH)
    assert _fingerprint(a) == _fingerprint(b)
    assert _fingerprint(a) != _fingerprint(c)
    a.tick(30)
    b.tick(30)
    assert _fingerprint(a) == _fingerprint(b)


@pytest.mark.parametrize("parser", [sim_parser, app_parser])
def test_the_command_lines_offer_xlarge(parser) -> None:
    args = ["--scenario", "xlarge"] if parser is sim_parser else ["demo", "--scenario", "xlarge"]
    assert parser().parse_args(args).scenario == "xlarge"


def _plain(msg) -> bytes:
    return json.dumps(to_dict(msg), separators=(",", ":")).encode()


def test_cached_answers_are_byte_for_byte_and_follow_every_change() -> None:
    farm = SimulatedFarm("small", 7, epoch=EPOCH)
    cache = Fragments()

    def jobs():
        return views.find_jobs(farm, job_pb2.JobSearchCriteria())

    def hosts():
        return views.find_hosts(farm, host_pb2.HostSearchCriteria())

    for _ in range(2):
        for answer in (
            job_pb2.JobGetJobsResponse(jobs=job_seq(jobs())),
            host_pb2.HostGetHostsResponse(hosts=host_seq(hosts())),
        ):
            assert cache.encode(answer) == _plain(answer)
    assert cache.hits >= len(farm.hosts)  # the second pass reused them
    host = hosts()[0]
    host.msg.lock_state = host_pb2.LockState.LOCKED
    answer = host_pb2.HostGetHostsResponse(hosts=host_seq(hosts()))
    got = json.loads(cache.encode(answer))["hosts"]["hosts"]
    assert got[0]["lockState"] == "LOCKED"
    farm.tick(5)  # frames run, jobs' stats move
    answer = job_pb2.JobGetJobsResponse(jobs=job_seq(jobs()))
    assert cache.encode(answer) == _plain(answer)


def test_reads_by_id_find_exactly_those() -> None:
    farm = SimulatedFarm("small", 7, epoch=EPOCH)
    wanted = [*sorted(farm.jobs)[:3], "no-such-id"]
    found = views.find_jobs(farm, job_pb2.JobSearchCriteria(ids=wanted))
    assert {j.msg.id for j in found} == set(wanted[:3]) - {
        j.msg.id for j in farm.jobs.values() if j.msg.state != job_pb2.JobState.PENDING
    }
    hosts = list(farm.hosts)[5:8]
    found_h = views.find_hosts(farm, host_pb2.HostSearchCriteria(ids=hosts))
    assert [h.msg.id for h in found_h] == sorted(hosts, key=lambda i: farm.hosts[i].msg.name)


def _naive_page(job: m.Job, r: job_pb2.FrameSearchCriteria, farm: SimulatedFarm) -> list[str]:
    frames = views.find_frames(farm, job, r)
    frames.sort(key=lambda f: (f.msg.dispatch_order, f.layer.msg.dispatch_order))
    start = (max(r.page, 1) - 1) * r.limit
    return [f.msg.name for f in frames[start : start + r.limit]]


def test_frames_pages_match_a_full_sort_and_follow_a_reorder() -> None:
    farm = SimulatedFarm(SMALL_XL, 7, epoch=EPOCH)
    job = farm.jobs[farm.anchors["big"]]
    running = job_pb2.FrameStateSeq(frame_states=[m.RUNNING])
    criteria = [
        job_pb2.FrameSearchCriteria(page=1, limit=100),
        job_pb2.FrameSearchCriteria(page=7, limit=100),
        job_pb2.FrameSearchCriteria(page=2, limit=10, states=running),
    ]
    for r in criteria:
        got = [f.msg.name for f in views.page_frames(farm, job, r)]
        assert got == _naive_page(job, r, farm) and got
    from cuetui.sim.svc_job import reorder_layer

    reorder_layer(farm, job.layers[0], {1100, 1101}, job_pb2.Order.FIRST)
    first = views.page_frames(farm, job, job_pb2.FrameSearchCriteria(page=1, limit=3))
    assert [f.msg.number for f in first] == [1100, 1101, 1]
