"""Shared fixtures: the simulated farm behind a faithful gateway (see cuetui.sim.harness)."""

from __future__ import annotations

import os
import ssl
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx._transports.default as httpx_transports
import pytest
from textual.css.stylesheet import Stylesheet

from cuetui import applog
from cuetui.sim.harness import SimHarness

# Each simulated farm writes a few hundred frame logs and removes them at the end of its
# test: on a disk filesystem under load that was most of a farm's set-up (2-3 s of wall,
# 0.2 s of CPU per test; on a RAM filesystem 0.1 s and 0.05 s). Where the machine has one,
# every temporary file of the run goes there: the harnesses' logs, tmp_path, subprocesses.
_RAM = Path("/dev/shm")
if "TMPDIR" not in os.environ and _RAM.is_dir() and os.access(_RAM, os.W_OK | os.X_OK):
    os.environ["TMPDIR"] = str(_RAM)
    tempfile.tempdir = None  # read TMPDIR again

# Every App parses the same .tcss files and DEFAULT_CSS again (Textual caches parsed rules per
# stylesheet, and each App, and each theme's reparse, makes a new one): ~0.02 s of the ~0.19 s
# of CPU an app's start and exit cost, in every test that starts one. The rules are shared by
# the worker's apps, keyed as Textual keys them plus the theme's variables; Textual only reads
# them. CSS with errors is never cached, so it fails in every test as before.
_PARSED: dict[tuple[object, ...], list[Any]] = {}
_parse_rules = Stylesheet._parse_rules


def _shared_parse_rules(
    self: Stylesheet,
    css: str,
    read_from: Any,
    is_default_rules: bool = False,
    tie_breaker: int = 0,
    scope: str = "",
) -> list[Any]:
    key = (css, read_from, is_default_rules, tie_breaker, scope, tuple(self._variables.items()))
    rules = _PARSED.get(key)
    if rules is None:
        rules = _parse_rules(self, css, read_from, is_default_rules, tie_breaker, scope)
        if not any(rule.errors for rule in rules):
            _PARSED[key] = rules
    return rules


Stylesheet._parse_rules = _shared_parse_rules  # type: ignore[method-assign]


# A top-level `httpx.post` builds a client, and each client a TLS context that loads certifi's
# CA bundle (~35 ms of CPU), even for the simulator's http:// on loopback: hundreds of tests
# post to it directly. The tests share one context; TLS itself is never used by them.
_create_ssl_context = httpx_transports.create_ssl_context
_SHARED_TLS: list[ssl.SSLContext] = []


def _shared_ssl_context(verify: Any = True, cert: Any = None, trust_env: bool = True) -> Any:
    if verify is not True or cert is not None:
        return _create_ssl_context(verify=verify, cert=cert, trust_env=trust_env)
    if not _SHARED_TLS:
        _SHARED_TLS.append(_create_ssl_context(verify=True, trust_env=trust_env))
    return _SHARED_TLS[0]


httpx_transports.create_ssl_context = _shared_ssl_context


@pytest.hookimpl(optionalhook=True)  # a hook of pytest-xdist, absent with -p no:xdist
def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """`-n auto`: two workers a core. A test of the app waits about as long as it computes
    (Textual's idle waits, the simulator's answers): with one worker a core, 2 cores were
    half idle. PYTEST_XDIST_AUTO_NUM_WORKERS still decides when it is set."""
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return 2 * (cores or 1)


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    """With -n, a worker that runs out of tests takes some of another's (`--dist worksteal`)
    unless --dist is given: the walks over every screen are long, and with -n's `load` one
    worker could be left with several of them at the end of the run."""
    given = [*config.invocation_params.args, *os.environ.get("PYTEST_ADDOPTS", "").split()]
    if getattr(config.option, "dist", "no") == "load" and not any(
        a.startswith("--dist") or a.startswith("-d") for a in given
    ):
        config.option.dist = "worksteal"


# The farm clock starts at the wall clock (so a client's `time.time()` agrees with the
# server's, as on a real farm) and only moves on `sim.tick()`. Pass `epoch=` to SimHarness
# for a farm whose times are identical from run to run.


@pytest.fixture(scope="session")
def _state_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("state")


@pytest.fixture(autouse=True)
def _no_real_log_file(_state_home: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A test that starts cuetui through its CLI logs to a temporary folder, not the user's."""
    monkeypatch.setenv("XDG_STATE_HOME", str(_state_home))
    yield
    applog.teardown()


@pytest.fixture
def sim() -> Iterator[SimHarness]:
    """The small preset, seed 7, manual clock, served on a free loopback port."""
    with SimHarness(scenario="small", seed=7) as harness:
        yield harness


@pytest.fixture
def sim_token(sim: SimHarness) -> str:
    """A valid HS256 token for the `sim` gateway."""
    return sim.token()


@pytest.fixture(scope="session")
def sim_large() -> Iterator[SimHarness]:
    """The large preset (2,000 pending jobs, 5,000 hosts), shared by the session: read only."""
    with SimHarness(scenario="large", seed=7) as harness:
        yield harness
