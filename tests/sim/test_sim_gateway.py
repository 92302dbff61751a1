"""The gateway's wire behaviour: auth phrases, routing errors, protojson in and out."""

from __future__ import annotations

import base64
import json
import time

import httpx
import jwt
import pytest
from google.protobuf import json_format
from opencue_proto import host_pb2, job_pb2

from cuetui.sim.gateway import SERVICES, build_routes, validate_jwt
from cuetui.sim.harness import SimHarness
from cuetui.sim.protojson import parse_request, to_dict

GET_SHOWS = "/show.ShowInterface/GetShows"


def raw(sim: SimHarness, path: str, content: bytes | str = b"{}", **kw) -> httpx.Response:
    headers = kw.pop("headers", sim.headers())
    method = kw.pop("method", "POST")
    return httpx.request(method, f"{sim.url}{path}", content=content, headers=headers, timeout=10)


# ---------------------------------------------------------------------- auth
def test_missing_header_is_401_text_plain(sim: SimHarness) -> None:
    r = raw(sim, GET_SHOWS, headers={})
    assert r.status_code == 401
    assert r.headers["content-type"] == "text/plain; charset=utf-8"
    assert r.text == "Authorization header required\n"


@pytest.mark.filterwarnings("ignore:The HMAC key")
@pytest.mark.parametrize(
    ("make_token", "phrase"),
    [
        (lambda s: "garbage", "token is malformed: token contains an invalid number of segments"),
        (
            lambda s: jwt.encode({"sub": "x"}, "not-the-secret", algorithm="HS256"),
            "token signature is invalid: signature is invalid",
        ),
        (
            lambda s: jwt.encode({"sub": "x", "exp": int(time.time()) - 10}, s, algorithm="HS256"),
            "token has invalid claims: token is expired",
        ),
        (
            lambda s: jwt.encode({"sub": "x", "nbf": int(time.time()) + 600}, s, algorithm="HS256"),
            "token has invalid claims: token is not valid yet",
        ),
        (
            lambda s: jwt.encode({"sub": "x"}, s, algorithm="HS512"),
            None,  # any HMAC algorithm is accepted
        ),
    ],
)
def test_token_validation_phrases(sim: SimHarness, make_token, phrase) -> None:
    r = raw(sim, GET_SHOWS, headers={"Authorization": f"Bearer {make_token(sim.secret)}"})
    if phrase is None:
        assert r.status_code == 200
    else:
        assert r.status_code == 401
        assert r.text == f"Token validation error: {phrase}\n"


def test_non_hmac_and_none_algorithms_are_refused() -> None:
    def b64(data: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    rs = f"{b64({'alg': 'RS256', 'typ': 'JWT'})}.{b64({'sub': 'x'})}.c2ln"
    assert validate_jwt(rs, b"k") == (
        "token is unverifiable: error while executing keyfunc: Unexpected signing method: RS256"
    )
    none = f"{b64({'alg': 'none'})}.{b64({'sub': 'x'})}."
    assert "Unexpected signing method: none" in validate_jwt(none, b"k")


def test_token_without_bearer_prefix_and_without_claims_is_accepted(sim: SimHarness) -> None:
    # main.go only TrimPrefix("Bearer "): a bare token parses; no claim is required.
    token = jwt.encode({}, sim.secret, algorithm="HS256")
    assert raw(sim, GET_SHOWS, headers={"Authorization": token}).status_code == 200


def test_auth_is_checked_before_routing(sim: SimHarness) -> None:
    r = raw(sim, "/no.Such/Thing", headers={})
    assert r.status_code == 401 and r.text == "Authorization header required\n"


def test_expired_tokens_fault(sim: SimHarness) -> None:
    sim.faults.expired_tokens = True
    r = raw(sim, GET_SHOWS)
    assert (r.status_code, r.text) == (401, "Token validation error: token has invalid claims: "
                                            "token is expired\n")  # fmt: skip


# ---------------------------------------------------------------------- routing
def test_unknown_path_is_404_code_5(sim: SimHarness) -> None:
    for path in ("/frame.FrameInterface/Retry", "/job.LayerInterface/Kill", "/", "/x"):
        r = raw(sim, path)
        assert r.status_code == 404, path
        assert r.json() == {"code": 5, "message": "Not Found", "details": []}


def test_other_methods_than_post_are_501(sim: SimHarness) -> None:
    for method in ("GET", "PUT", "DELETE"):
        r = raw(sim, GET_SHOWS, method=method, content=b"")
        assert r.status_code == 501
        assert r.json() == {"code": 12, "message": "Method Not Allowed", "details": []}


def test_unbacked_rpc_is_501_unimplemented(sim: SimHarness) -> None:
    # A call the simulator does not back (render partitions are out of cuetui's scope).
    r = raw(sim, "/job.FrameInterface/AddRenderPartition", b'{"frame": {"id": "x"}}')
    assert r.status_code == 501
    body = r.json()
    assert (
        body["code"] == 12
        and body["details"] == []
        and "FrameInterface/AddRenderPartition" in body["message"]
    )


def test_routes_cover_the_22_services_and_the_contract_calls() -> None:
    routes = build_routes()
    assert len(SERVICES) == 22
    assert {p.split("/")[1] for p in routes} == set(SERVICES)
    contract = [
        "show.ShowInterface/GetShows",
        "show.ShowInterface/GetActiveShows",
        "job.JobInterface/GetJobs",
        "job.JobInterface/GetJob",
        "job.JobInterface/FindJob",
        "job.JobInterface/GetLayers",
        "job.JobInterface/GetFrames",
        "job.JobInterface/GetUpdatedFrames",
        "job.JobInterface/GetComments",
        "job.JobInterface/AddComment",
        "host.HostInterface/GetHosts",
        "host.HostInterface/GetProcs",
        "host.ProcInterface/GetProcs",
        "facility.AllocationInterface/GetAll",
        "show.ShowInterface/GetSubscriptions",
        "job.JobInterface/Pause",
        "job.JobInterface/Resume",
        "job.JobInterface/Kill",
        "job.JobInterface/RetryFrames",
        "job.JobInterface/EatFrames",
        "job.JobInterface/SetPriority",
        "job.JobInterface/SetMinCores",
        "job.JobInterface/SetMaxCores",
        "job.LayerInterface/KillFrames",
        "job.LayerInterface/RetryFrames",
        "job.LayerInterface/EatFrames",
        "job.LayerInterface/SetTags",
        "job.FrameInterface/Retry",
        "job.FrameInterface/Eat",
        "job.FrameInterface/MarkAsWaiting",
        "job.FrameInterface/Kill",
        "host.HostInterface/Lock",
        "host.HostInterface/Unlock",
        "host.HostInterface/AddTags",
        "host.HostInterface/RemoveTags",
        "host.HostInterface/RenameTag",
        "host.HostInterface/SetHardwareState",
        "host.ProcInterface/Kill",
        "host.ProcInterface/Unbook",
        "facility.AllocationInterface/SetBillable",
        "show.ShowInterface/GetGroups",
    ]
    missing = [p for p in contract if routes["/" + p][1] is None]
    assert missing == []


# ---------------------------------------------------------------------- protojson in
def test_bad_json_is_400_code_3(sim: SimHarness) -> None:
    for content in (b"{not json", b"[1, 2]", b'{"r": {"ids": "not-a-list-of"}}x'):
        r = raw(sim, "/job.JobInterface/GetJobs", content)
        assert r.status_code == 400, content
        assert r.json()["code"] == 3


def test_wrong_field_type_is_400(sim: SimHarness) -> None:
    r = raw(sim, "/job.JobInterface/SetPriority", b'{"job": {"id": "x"}, "val": "high"}')
    assert r.status_code == 400 and r.json()["code"] == 3


def test_empty_body_is_an_empty_request(sim: SimHarness) -> None:
    r = raw(sim, GET_SHOWS, b"")
    assert r.status_code == 200 and r.json()["shows"]["shows"]


def test_unknown_fields_are_dropped_so_a_typo_returns_every_pending_job(sim: SimHarness) -> None:
    everything = raw(sim, "/job.JobInterface/GetJobs", b'{"r": {}}').json()["jobs"]["jobs"]
    typo = raw(sim, "/job.JobInterface/GetJobs", b'{"r": {"show": "testing"}, "x": 1}').json()
    assert typo["jobs"]["jobs"] == everything
    right = raw(sim, "/job.JobInterface/GetJobs", b'{"r": {"shows": ["testing"]}}').json()
    assert 0 < len(right["jobs"]["jobs"]) < len(everything)


def test_snake_case_and_enum_numbers_are_accepted(sim: SimHarness) -> None:
    job_id = sim.farm.anchors["failing"]
    camel = {"job": {"id": job_id}, "req": {"limit": 100, "states": {"frameStates": ["DEAD"]}}}
    snake = {"job": {"id": job_id}, "req": {"limit": 100, "states": {"frame_states": [5]}}}
    a = raw(sim, "/job.JobInterface/GetFrames", json.dumps(camel)).json()
    b = raw(sim, "/job.JobInterface/GetFrames", json.dumps(snake)).json()
    assert a == b and len(a["frames"]["frames"]) == 3


def test_parse_request_matches_the_gateway() -> None:
    req = parse_request(b'{"r": {"include_finished": true, "bogus": 1}}', job_pb2.JobGetJobsRequest)
    assert req.r.include_finished is True
    assert parse_request(b"  ", job_pb2.JobGetJobsRequest) == job_pb2.JobGetJobsRequest()


# ---------------------------------------------------------------------- protojson out
def test_output_is_protojson_with_emit_unpopulated() -> None:
    frame = job_pb2.Frame(id="f", max_rss=2097152, state=job_pb2.FrameState.RUNNING)
    out = to_dict(frame)
    assert out["maxRss"] == "2097152" and out["usedMemory"] == "0"  # int64 as strings
    assert out["state"] == "RUNNING" and out["checkpointState"] == "DISABLED"  # enum names
    assert out["frameStateDisplayOverride"] is None  # unset message -> null
    assert out["retryCount"] == 0 and out["lastResource"] == ""  # defaults emitted
    host = to_dict(host_pb2.Host(cores=16.0, idle_cores=0.1, tags=[]))
    assert host["cores"] == 16 and host["idleCores"] == 0.1 and host["tags"] == []
    job = to_dict(job_pb2.Job(id="j"))
    assert "uid" not in job  # unset oneof member left out
    assert to_dict(job_pb2.Job(id="j", uid=1001))["uid"] == 1001


def test_every_served_entity_round_trips_exactly(sim: SimHarness) -> None:
    farm = sim.farm
    with farm.lock:
        messages = [j.msg for j in farm.jobs.values()]
        messages += [la.msg for la in farm.layers.values()]
        messages += [f.msg for f in farm.frames.values()]
        messages += [h.msg for h in farm.hosts.values()] + [p.msg for p in farm.procs.values()]
        messages += [a.msg for a in farm.allocs.values()] + [s.msg for s in farm.shows.values()]
    for msg in messages:
        back = json_format.ParseDict(to_dict(msg), type(msg)(), ignore_unknown_fields=False)
        assert back == msg


def test_success_headers(sim: SimHarness) -> None:
    r = raw(sim, GET_SHOWS)
    assert r.headers["content-type"] == "application/json"
    assert r.headers["grpc-metadata-content-type"] == "application/grpc"


def test_calls_are_recorded_including_refused_ones(sim: SimHarness) -> None:
    sim.clear_calls()
    raw(sim, GET_SHOWS, headers={})
    raw(sim, "/job.JobInterface/GetJobs", b'{"r": {"shows": ["testing"]}}')
    raw(sim, "/job.JobInterface/GetJobs", b"{oops")
    assert [c.path for c in sim.calls] == [GET_SHOWS] + ["/job.JobInterface/GetJobs"] * 2
    assert sim.calls[0].status == 401
    calls = sim.calls_to("job.JobInterface/GetJobs")
    assert calls[0].body == {"r": {"shows": ["testing"]}} and calls[0].status == 200
    assert calls[1].body == {} and calls[1].status == 400 and calls[1].raw == b"{oops"
    sim.clear_calls()
    assert sim.calls == []
