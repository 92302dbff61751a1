"""The harness: restart on the same port, faults on demand, thread safety, the CLI."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import httpx
import pytest
from simhelpers import call

from cuetui.sim.cli import main as sim_main
from cuetui.sim.harness import SimHarness

GET_SHOWS = "/show.ShowInterface/GetShows"


def post(sim: SimHarness, path: str = GET_SHOWS, timeout: float = 5) -> httpx.Response:
    return httpx.post(f"{sim.url}{path}", json={}, headers=sim.headers(), timeout=timeout)


def test_stop_and_start_serve_the_same_farm_on_the_same_port(sim: SimHarness) -> None:
    url, farm = sim.url, sim.farm
    job_id = farm.anchors["paused"]
    call(sim, "job.JobInterface/Resume", {"job": {"id": job_id}})
    sim.stop()
    with pytest.raises(httpx.ConnectError):
        post(sim)
    sim.tick(3)  # the farm lives on while the gateway is down
    sim.start()
    assert sim.url == url and sim.farm is farm
    assert call(sim, "job.JobInterface/GetJob", {"id": job_id})["job"]["isPaused"] is False


def test_tick_is_safe_while_requests_are_served(sim: SimHarness) -> None:
    errors: list[BaseException] = []

    def ticker() -> None:
        try:
            sim.tick(100)
        except BaseException as exc:
            errors.append(exc)

    t = threading.Thread(target=ticker)
    t.start()
    while t.is_alive():
        assert post(sim, "/job.JobInterface/GetJobs").status_code == 200
    t.join()
    assert not errors


def test_latency(sim: SimHarness) -> None:
    sim.faults.latency = 0.3
    t0 = time.monotonic()
    assert post(sim).status_code == 200
    assert time.monotonic() - t0 >= 0.3


def test_server_errors(sim: SimHarness) -> None:
    sim.faults.queue("error")
    r = post(sim)
    assert r.status_code == 503 and r.json()["code"] == 14
    sim.faults.error_status = 502
    sim.faults.queue("error")
    r = post(sim)
    assert r.status_code == 502 and r.headers["content-type"] == "text/html"
    assert post(sim).status_code == 200  # only the queued ones fail


def test_error_rate_and_paths(sim: SimHarness) -> None:
    sim.faults.error_rate = 1.0
    sim.faults.paths = {"/job.JobInterface/GetJobs"}
    assert post(sim).status_code == 200
    assert post(sim, "/job.JobInterface/GetJobs").status_code == 503
    sim.faults.reset()
    assert post(sim, "/job.JobInterface/GetJobs").status_code == 200


def test_throttle_with_retry_after(sim: SimHarness) -> None:
    sim.faults.retry_after = 7
    sim.faults.queue("throttle")
    r = post(sim)
    assert r.status_code == 429 and r.headers["retry-after"] == "7"


def test_dropped_connection(sim: SimHarness) -> None:
    sim.faults.queue("drop")
    with pytest.raises(httpx.RemoteProtocolError):
        post(sim)
    assert post(sim).status_code == 200
    assert sim.calls_to(GET_SHOWS)[0].status is None  # recorded, never answered


def test_truncated_body(sim: SimHarness) -> None:
    sim.faults.queue("truncate")
    with pytest.raises(httpx.RemoteProtocolError):
        post(sim)


def test_garbage_body(sim: SimHarness) -> None:
    sim.faults.queue("garbage")
    r = post(sim)
    assert r.status_code == 200
    with pytest.raises(ValueError):
        r.json()


def test_hanging_call_never_answers_and_stop_still_works(sim: SimHarness) -> None:
    sim.faults.hang("/job.JobInterface/GetJobs")
    with pytest.raises(httpx.ReadTimeout):
        post(sim, "/job.JobInterface/GetJobs", timeout=0.5)
    assert post(sim).status_code == 200  # other paths answer
    result: list[object] = []

    def hung() -> None:
        try:
            post(sim, "/job.JobInterface/GetJobs", timeout=30)
        except httpx.HTTPError as exc:
            result.append(exc)

    t = threading.Thread(target=hung)
    t.start()
    time.sleep(0.3)
    t0 = time.monotonic()
    sim.stop()
    assert time.monotonic() - t0 < 5
    t.join(5)
    assert result and isinstance(result[0], httpx.RemoteProtocolError)


def test_unknown_fault_kind_is_refused(sim: SimHarness) -> None:
    with pytest.raises(ValueError):
        sim.faults.queue("gremlins")


def test_free_running_ticks_by_itself() -> None:
    with SimHarness(free_running=True, tick_interval=0.05) as sim:
        now = sim.farm.now
        time.sleep(0.5)
        assert sim.farm.now > now


def test_token_subcommand(capsys, monkeypatch) -> None:
    monkeypatch.setenv("CUETUI_JWT_SECRET", "x" * 32)
    assert sim_main(["token", "--sub", "alice", "--ttl", "60"]) == 0
    import jwt

    claims = jwt.decode(capsys.readouterr().out.strip(), "x" * 32, algorithms=["HS256"])
    assert claims["sub"] == "alice" and claims["exp"] - claims["iat"] == 60
    monkeypatch.delenv("CUETUI_JWT_SECRET")
    assert sim_main(["token"]) == 2


def test_cuetui_sim_serves_curl_and_stops_on_sigterm() -> None:
    env = {**os.environ, "CUETUI_JWT_SECRET": "s" * 32}
    proc = subprocess.Popen(
        [sys.executable, "-m", "cuetui", "sim", "--port", "0", "--tick", "0.2"],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        lines = []
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.append(line)
            if line.startswith("one tick every"):
                break
        out = "".join(lines)
        url = next(w for w in out.split() if w.startswith("http://127.0.0.1:"))
        token = next(line.split("=", 1)[1].strip() for line in lines if "export TOKEN=" in line)
        r = httpx.post(f"{url}{GET_SHOWS}", content=b"{}",
                       headers={"Authorization": f"Bearer {token}"})  # fmt: skip
        assert r.status_code == 200 and r.json()["shows"]["shows"]
        assert "from $CUETUI_JWT_SECRET" in out
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(10) == 0


def test_temporary_log_dir_is_removed() -> None:
    with SimHarness() as sim:
        log_dir = sim.log_dir
        assert any(log_dir.rglob("*.rqlog"))
    assert not log_dir.exists()
    forgotten = SimHarness()
    log_dir = forgotten.log_dir
    del forgotten
    import gc

    gc.collect()
    assert not log_dir.exists()


def test_fault_flags_reach_the_faults() -> None:
    from cuetui.sim.cli import apply_fault_flags, build_parser
    from cuetui.sim.faults import Faults

    args = build_parser().parse_args(
        ["--latency", "0.5", "--error-rate", "0.1", "--error-status", "502", "--throttle-rate",
         "0.2", "--retry-after", "3", "--drop-rate", "0.05", "--truncate-rate", "0.01",
         "--garbage-rate", "0.02", "--expired-tokens", "--hang", "/job.JobInterface/GetJobs"]
    )  # fmt: skip
    faults = Faults()
    apply_fault_flags(faults, args)
    assert (faults.latency, faults.error_rate, faults.error_status) == (0.5, 0.1, 502)
    assert (faults.throttle_rate, faults.retry_after, faults.drop_rate) == (0.2, 3, 0.05)
    assert (faults.truncate_rate, faults.garbage_rate) == (0.01, 0.02)
    assert faults.expired_tokens and faults.hang_paths == {"/job.JobInterface/GetJobs"}
    defaults = build_parser().parse_args([])
    assert (defaults.port, defaults.scenario, defaults.seed, defaults.tick) == (
        8448,
        "small",
        7,
        1.0,
    )
