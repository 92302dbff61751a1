"""Every search criterion a view can send is a field each gateway-era Cuebot reads
(docs/wire-contract.md, "Search criteria"), or one the client checks again on its side."""

from __future__ import annotations

import httpx
import pytest
from protofill import message_class, rpc

from cuetui.client import GatewayClient, MintedToken
from cuetui.core.criteria import HostFilter, ProcFilter

# Read by Cuebot's HostSearch, JobSearch and ProcSearch at v1.4.10 (the first release with
# the REST gateway) and at 1cea9a8 alike.
HONOURED = {
    "HostSearchCriteria": {"ids", "hosts", "regex", "substr", "allocs", "states"},
    "JobSearchCriteria": {
        "ids", "jobs", "regex", "substr", "users", "shots", "shows", "includeFinished",
    },
    "ProcSearchCriteria": {"hosts", "jobs", "layers", "shows", "allocs", "maxResults"},
}  # fmt: skip
# Sent, but unknown to some of those Cuebots: the client keeps only what was asked for.
CHECKED_HERE = {"HostSearchCriteria": {"lockStates"}}


def criteria_of(path: str, body: dict) -> tuple[str, set[str]]:
    method = rpc(path)
    assert method is not None
    r = message_class(method.input_type)().DESCRIPTOR.fields_by_name["r"].message_type
    return r.name, set(body["r"])


def test_the_tables_name_real_fields() -> None:
    for path in (
        "/host.HostInterface/GetHosts",
        "/job.JobInterface/GetJobs",
        "/host.ProcInterface/GetProcs",
    ):
        method = rpc(path)
        assert method is not None
        r = message_class(method.input_type)().DESCRIPTOR.fields_by_name["r"].message_type
        names = {f.json_name for f in r.fields}
        assert HONOURED[r.name] | CHECKED_HERE.get(r.name, set()) <= names


async def test_what_the_views_send_is_read_by_every_cuebot(client, capture) -> None:
    hosts = HostFilter.parse("host=h1 alloc=local.general state=up lock=locked,nimby ^r x-0")
    await client.get_hosts(ids=["host-1"], **hosts.client_args())
    procs = ProcFilter.parse("show=s job=j layer=l host=h alloc=local.general")
    await client.get_procs(**procs.client_args())
    # :jobs and its rows poll: shows, the user of "mine", include-finished, ids.
    await client.get_jobs(ids=["job-1"], shows=["s"], users=["u"], include_finished=True)
    sent = [criteria_of(path, body) for path, body in capture.calls]
    assert sent == [
        ("HostSearchCriteria", {"ids", "hosts", "regex", "allocs", "states", "lockStates"}),
        ("ProcSearchCriteria", {"shows", "jobs", "layers", "hosts", "allocs"}),
        ("JobSearchCriteria", {"ids", "shows", "users", "includeFinished"}),
    ]
    for name, fields in sent:
        assert fields <= HONOURED[name] | CHECKED_HERE.get(name, set()), name


@pytest.mark.parametrize(
    ("asked", "kept"),
    [(["LOCKED"], ["b"]), (["NIMBY_LOCKED"], ["c"]), (["OPEN", "LOCKED"], ["a", "b"])],
)
async def test_lock_states_are_checked_again_on_an_answer_that_ignored_them(
    asked: list[str], kept: list[str]
) -> None:
    # A Cuebot before v1.8 answers every lock state, whatever lockStates said.
    every = [("a", "OPEN"), ("b", "LOCKED"), ("c", "NIMBY_LOCKED")]
    hosts = [{"id": n, "name": n, "lockState": s} for n, s in every]
    sent = []

    def gateway(request: httpx.Request) -> httpx.Response:
        sent.append(request.content)
        return httpx.Response(200, json={"hosts": {"hosts": hosts}})

    async with GatewayClient(
        "http://gateway.test:8448",
        MintedToken("contract-test-secret-that-is-long-enough", user="wrangler"),
        user="wrangler",
        transport=httpx.MockTransport(gateway),
        retries=0,
    ) as c:
        got = await c.get_hosts(lock_states=asked)
        assert [h.name for h in got] == kept
        assert [h.name for h in await c.get_hosts()] == ["a", "b", "c"]
    assert len(sent) == 2
