"""`cuetui doctor`: end to end against the simulated gateway, and edge cases on a mock."""

from __future__ import annotations

import io
import socket
import ssl
import time

import httpx
import jwt
import pytest

from cuetui.cli import main
from cuetui.config import Settings
from cuetui.doctor import EXIT_AUTH, EXIT_FAILED, EXIT_TLS, EXIT_UNREACHABLE, run_doctor


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    for name in ("CUETUI_GATEWAY", "CUETUI_TOKEN", "CUETUI_JWT_SECRET", "CUETUI_PROFILE"):
        monkeypatch.delenv(name, raising=False)


def _count(sim, path: str, key: str, body: dict | None = None) -> int:
    response = httpx.post(f"{sim.url}{path}", json=body or {}, headers=sim.headers())
    response.raise_for_status()
    return len((response.json()[key] or {}).get(key) or [])


def _lines(text: str) -> dict[str, str]:
    """{check: whole line} of the doctor's output."""
    out = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0] in ("ok", "FAIL", "warn", "skip"):
            out[parts[1]] = line
    return out


def test_good_secret_exits_0_with_the_farms_counts(sim, monkeypatch, capsys) -> None:
    monkeypatch.setenv("CUETUI_JWT_SECRET", sim.secret)
    code = main(["doctor", "--gateway", sim.url])
    out = capsys.readouterr().out
    assert code == 0, out
    lines = _lines(out)
    assert all(line.startswith("ok") for line in lines.values()), out
    shows = _count(sim, "/show.ShowInterface/GetShows", "shows")
    jobs = _count(sim, "/job.JobInterface/GetJobs", "jobs", {"r": {"includeFinished": False}})
    hosts = _count(sim, "/host.HostInterface/GetHosts", "hosts", {"r": {}})
    allocs = _count(sim, "/facility.AllocationInterface/GetAll", "allocations")
    assert f"{shows} show" in lines["shows"]
    assert f"{jobs} pending job" in lines["jobs"]
    assert f"{hosts} host" in lines["hosts"]
    assert f"{allocs} allocation" in lines["allocs"]
    assert "ms round trip" in lines["latency"]
    assert sim.calls_to("/job.JobInterface/GetJobs")


def test_wrong_secret_exits_non_zero_with_the_401_reason(sim, monkeypatch, capsys) -> None:
    monkeypatch.setenv("CUETUI_JWT_SECRET", "not-the-secret-not-the-secret-not-the-secret")
    code = main(["doctor", "--gateway", sim.url])
    out = capsys.readouterr()
    assert code == EXIT_AUTH
    line = _lines(out.out)["auth"]
    assert line.startswith("FAIL") and "signature is invalid" in line
    assert "Traceback" not in out.out + out.err


def test_nothing_listening_names_the_url(monkeypatch, capsys) -> None:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    sock.close()
    monkeypatch.setenv("CUETUI_JWT_SECRET", "x" * 40)
    code = main(["doctor", "--gateway", url])
    out = capsys.readouterr()
    assert code == EXIT_UNREACHABLE
    line = _lines(out.out)["gateway"]
    assert line.startswith("FAIL") and url in line and "refused" in line
    assert "Traceback" not in out.out + out.err


def test_stopped_simulator_then_back(sim, capsys) -> None:
    settings = Settings.for_gateway(sim.url, jwt_secret=sim.secret)
    sim.stop()
    assert run_doctor(settings) == EXIT_UNREACHABLE
    sim.start()
    assert run_doctor(settings) == 0
    capsys.readouterr()


# -- edge cases on a scripted transport ----------------------------------------------------


def _run(handler, **settings_kw) -> tuple[int, str]:
    settings_kw.setdefault("jwt_secret", "s" * 40)
    settings = Settings.for_gateway("http://gw.test:8448", **settings_kw)
    out = io.StringIO()
    code = run_doctor(settings, out=out, transport=httpx.MockTransport(handler))
    return code, out.getvalue()


def _farm(request: httpx.Request) -> httpx.Response:
    path = request.url.path
    if path.endswith("GetShows") or path.endswith("GetActiveShows"):
        return httpx.Response(200, json={"shows": {"shows": [{"name": "a", "active": True}]}})
    if path.endswith("GetJobs"):
        return httpx.Response(200, json={"jobs": {"jobs": [{"id": "1"}, {"id": "2"}]}})
    if path.endswith("GetHosts"):
        return httpx.Response(503, json={"code": 14, "message": "cuebot down", "details": []})
    return httpx.Response(200, json={"allocations": {"allocations": []}})


def test_a_failing_count_fails_that_check_only() -> None:
    code, out = _run(_farm)
    lines = _lines(out)
    assert code == EXIT_FAILED
    assert lines["hosts"].startswith("FAIL") and "cuebot down" in lines["hosts"]
    assert "2 pending jobs" in lines["jobs"] and "0 allocations" in lines["allocs"]


def test_fresh_token_refused_as_expired_hints_clock_skew() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            401, text="Token validation error: token has invalid claims: token is expired\n"
        )

    code, out = _run(handler)
    lines = _lines(out)
    assert code == EXIT_AUTH
    assert "token is expired" in lines["auth"]
    assert lines["clock"].startswith("warn") and "NTP" in lines["clock"]


def test_expired_ready_token_is_flagged() -> None:
    token = jwt.encode({"sub": "x", "exp": int(time.time()) - 60}, "k" * 40, algorithm="HS256")

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            401, text="Token validation error: token has invalid claims: token is expired\n"
        )

    code, out = _run(handler, jwt_secret=None, token=token)
    lines = _lines(out)
    assert code == EXIT_AUTH
    assert lines["token"].startswith("warn") and "new token" in lines["auth"]


def test_tls_failure_exits_4() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        exc = httpx.ConnectError("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed")
        exc.__cause__ = ssl.SSLCertVerificationError("certificate verify failed")
        raise exc

    code, out = _run(handler)
    assert code == EXIT_TLS
    assert _lines(out)["tls"].startswith("FAIL")


def test_short_secret_warns_but_passes() -> None:
    code, out = _run(lambda r: httpx.Response(200, json={}), jwt_secret="short")
    assert code == 0
    assert _lines(out)["secret"].startswith("warn")


def test_https_to_a_plain_http_gateway_says_to_try_http(sim, monkeypatch, capsys) -> None:
    monkeypatch.setenv("CUETUI_JWT_SECRET", sim.secret)
    https = sim.url.replace("http://", "https://")
    code = main(["doctor", "--gateway", https])
    out = capsys.readouterr()
    assert code == EXIT_TLS
    line = _lines(out.out)["tls"]
    assert line.startswith("FAIL") and line.endswith(f"try {sim.url}")
    assert "Traceback" not in out.out + out.err


def test_default_show_on_the_farm_passes(sim, monkeypatch, capsys) -> None:
    monkeypatch.setenv("CUETUI_JWT_SECRET", sim.secret)
    code = main(["doctor", "--gateway", sim.url, "--show", "testing"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert _lines(out)["show"] == "ok    show      default show 'testing' is on this farm"


def test_default_show_not_on_the_farm_fails_with_exit_1(sim, monkeypatch, capsys) -> None:
    monkeypatch.setenv("CUETUI_JWT_SECRET", sim.secret)
    code = main(["doctor", "--gateway", sim.url, "--show", "nosuch"])
    out = capsys.readouterr()
    assert code == EXIT_FAILED
    lines = _lines(out.out)
    assert lines["show"].startswith("FAIL") and (
        "default show 'nosuch' is not on this farm (shows: aurora, pipeline, testing)"
        in lines["show"]
    )
    assert all(lines[c].startswith("ok") for c in ("gateway", "auth", "shows", "jobs", "hosts"))
    assert out.out.rstrip().endswith("cuetui doctor: failed: show")
    assert "Traceback" not in out.out + out.err


def test_no_default_show_adds_no_show_line(sim, monkeypatch, capsys) -> None:
    monkeypatch.setenv("CUETUI_JWT_SECRET", sim.secret)
    assert main(["doctor", "--gateway", sim.url]) == 0
    assert "show" not in _lines(capsys.readouterr().out)
