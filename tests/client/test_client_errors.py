"""Error mapping: each status and body kind becomes the right typed, one-line error."""

from __future__ import annotations

import ssl

import httpx
import pytest
from clienthelpers import Script, grpc_error, ok, plain

from cuetui.client import errors as E
from cuetui.client._core import _describe_connect_error

JAVA = (
    "com.imageworks.spcue.SpcueRuntimeException: failed to find layer\n"
    "\tat com.imageworks.spcue.dao.postgres.LayerDaoJdbc.getLayerDetail(LayerDaoJdbc.java:1)\n" * 20
)


@pytest.mark.parametrize(
    ("response", "cls", "needle"),
    [
        (grpc_error(404, 5, "Not Found"), E.UnknownPath, "this gateway has no /job.JobInterface"),
        (plain(404, "404 page not found"), E.UnknownPath, "may be older than the call"),
        (grpc_error(404, 5, "Job not found"), E.NotFound, "Job not found"),
        (grpc_error(400, 3, "bad field"), E.InvalidArgument, "bad field"),
        (grpc_error(400, 9, "Finished jobs are readonly"), E.FailedPrecondition, "readonly"),
        (grpc_error(403, 7, "nope"), E.PermissionDenied, "nope"),
        (plain(403, "Forbidden by proxy"), E.PermissionDenied, "permission denied"),
        (grpc_error(500, 13, JAVA), E.Internal, "failed to find layer"),
        (grpc_error(500, 2, "boom"), E.Internal, "boom"),
        (grpc_error(501, 12, "Method Not Allowed"), E.Unimplemented, "Method Not Allowed"),
        (grpc_error(499, 1, "context canceled"), E.Cancelled, "context canceled"),
        (grpc_error(418, 99, "odd"), E.GatewayError, "odd"),
    ],
)
async def test_status_and_body_map_to_typed_errors(make_client, response, cls, needle) -> None:
    client = make_client(Script(response))
    with pytest.raises(cls) as info:
        await client.get_job("job-1")
    message = str(info.value)
    assert needle in message
    assert "\n" not in message and len(message) < 600
    assert type(info.value) is cls or cls is E.GatewayError
    assert info.value.status == response.status_code


@pytest.mark.parametrize(
    ("response", "cls"),
    [
        (grpc_error(503, 14, "connection refused to cuebot"), E.Unavailable),
        (grpc_error(504, 4, "deadline exceeded"), E.GatewayTimeout),
        (httpx.Response(502, text="<html>Bad Gateway</html>"), E.Unavailable),
        (grpc_error(429, 8, "slow down", **{"Retry-After": "120"}), E.RateLimited),
    ],
)
async def test_transient_statuses_after_retries(make_client, response, cls) -> None:
    client = make_client(Script(response), retries=1)
    with pytest.raises(cls):
        await client.get_shows()


async def test_rate_limited_carries_retry_after(make_client) -> None:
    client = make_client(Script(plain(429, "Too Many Requests", **{"Retry-After": "90"})))
    with pytest.raises(E.RateLimited) as info:
        await client.get_shows()
    assert info.value.retry_after == 90
    assert "retry after 90s" in str(info.value)


async def test_html_body_is_not_quoted(make_client) -> None:
    client = make_client(Script(httpx.Response(500, text="<html><body>oops</body></html>")))
    with pytest.raises(E.Internal) as info:
        await client.get_job("j")
    assert "<html>" not in str(info.value)


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"<html>not json</html>", "not JSON"),
        (b'{"jobs": {"jobs": [{"id": "a", "na', "cut short"),
        (b"", None),
    ],
)
async def test_bodies_that_are_not_json(make_client, content, needle) -> None:
    client = make_client(Script(httpx.Response(200, content=content)))
    if needle is None:
        # An empty 200 body is an empty message: no jobs.
        assert await client.get_jobs() == []
        return
    with pytest.raises(E.BadResponse) as info:
        await client.get_jobs()
    assert needle in str(info.value)


async def test_wrong_shape_is_bad_response(make_client) -> None:
    client = make_client(Script(ok({"jobs": {"jobs": [{"id": "a", "priority": "high"}]}})))
    with pytest.raises(E.BadResponse) as info:
        await client.get_jobs()
    assert "priority" in str(info.value)


async def test_nulls_become_defaults(make_client) -> None:
    job = {"id": "a", "jobStats": None, "name": None, "priority": None}
    client = make_client(Script(ok({"jobs": {"jobs": [job, None]}})))
    (parsed,) = await client.get_jobs()
    assert parsed.id == "a" and parsed.name == "" and parsed.job_stats.dead_frames == 0


async def test_null_list_wrappers(make_client) -> None:
    client = make_client(Script(ok({"jobs": None}), ok({"jobs": {"jobs": None}}), ok({})))
    assert await client.get_jobs() == []
    assert await client.get_jobs() == []
    assert await client.get_jobs() == []


def test_tls_and_dns_and_refused_are_named() -> None:
    url = "https://gw.example:8448"
    exc = httpx.ConnectError("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed")
    exc.__cause__ = ssl.SSLCertVerificationError("verify failed")
    cls, msg = _describe_connect_error(exc, url)
    assert cls is E.GatewayTLSError and url in msg and "TLS" in msg
    cls, msg = _describe_connect_error(
        httpx.ConnectError("[Errno -2] Name or service not known"), url
    )
    assert cls is E.GatewayUnreachable and "cannot resolve gw.example" in msg
    cls, msg = _describe_connect_error(httpx.ConnectError("[Errno 111] Connection refused"), url)
    assert msg == f"cannot reach the gateway at {url}: connection refused"


async def test_nothing_listening_names_the_url() -> None:
    import socket

    from cuetui.client import GatewayClient

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    url = f"http://127.0.0.1:{port}"

    async def no_sleep(_: float) -> None:
        return None

    async with GatewayClient(url, None, sleep=no_sleep, connect_timeout=2) as client:
        with pytest.raises(E.GatewayUnreachable) as info:
            await client.get_shows()
    assert str(info.value) == f"cannot reach the gateway at {url}: connection refused"


def test_retry_after_parsing() -> None:
    assert E.parse_retry_after("7") == 7
    assert E.parse_retry_after(None) is None
    assert E.parse_retry_after("soon") is None
    assert E.parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0


async def test_https_url_to_the_plain_http_simulator_suggests_http(sim) -> None:
    from cuetui.client import GatewayClient

    port = sim.url.rsplit(":", 1)[1]
    url = f"https://127.0.0.1:{port}"
    async with GatewayClient(url, None, verify=False, retries=0) as client:
        with pytest.raises(E.GatewayTLSError) as info:
            await client.get_shows()
    message = str(info.value)
    assert message.startswith(f"TLS with the gateway at {url} failed")
    assert message.endswith(f"the gateway answered in plain HTTP: try http://127.0.0.1:{port}")
    assert sim.calls == []  # nothing was sent


def test_a_certificate_failure_does_not_suggest_http() -> None:
    exc = httpx.ConnectError("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed")
    exc.__cause__ = ssl.SSLCertVerificationError("verify failed")
    _, msg = _describe_connect_error(exc, "https://gw.example:8448")
    assert "http://" not in msg


@pytest.mark.parametrize(
    "body",
    [
        "Client sent an HTTP request to an HTTPS server.\n",  # Go: the gateway's own TLS
        "<html><head><title>400 The plain HTTP request was sent to HTTPS port</title></head>",
    ],
)
async def test_http_url_to_a_tls_gateway_suggests_https(make_client, body) -> None:
    client = make_client(Script(plain(400, body)))
    with pytest.raises(E.InvalidArgument) as info:
        await client.get_shows()
    assert str(info.value).endswith("the gateway speaks TLS: try https://gateway.test:8448")
