"""`cuetui doctor`: check the gateway, TLS, auth, latency, the default show and the farm, one
line each.

Exit status: 0 when every check passes; 3 when the gateway cannot be reached, 4 when TLS
fails, 5 when the credentials are refused, 1 for any other failed check. Failures print
the check's message, never a traceback.
"""

from __future__ import annotations

import asyncio
import platform
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TextIO, TypeVar

import httpx

from cuetui import __version__
from cuetui.client import (
    AuthError,
    GatewayClient,
    GatewayError,
    GatewayTLSError,
    GatewayUnreachable,
    MintedToken,
    NoAuth,
    StaticToken,
    TokenExpired,
    TokenNotYetValid,
    TokenSource,
)
from cuetui.client.errors import unknown_show_message
from cuetui.client.urls import redact_url
from cuetui.config import Settings
from cuetui.models import Host, Show

T = TypeVar("T")

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_UNREACHABLE = 3
EXIT_TLS = 4
EXIT_AUTH = 5

# HS256 wants a key at least as long as its output (RFC 7518 section 3.2).
MIN_SECRET_BYTES = 32


@dataclass
class Report:
    """Prints one line per check and remembers the worst outcome."""

    out: TextIO
    exit_code: int = EXIT_OK
    failures: list[str] = field(default_factory=list)

    def line(self, status: str, check: str, message: str) -> None:
        print(f"{status:<4}  {check:<8}  {message}", file=self.out, flush=True)

    def ok(self, check: str, message: str) -> None:
        self.line("ok", check, message)

    def warn(self, check: str, message: str) -> None:
        self.line("warn", check, message)

    def skip(self, check: str, message: str) -> None:
        self.line("skip", check, message)

    def fail(self, check: str, message: str, code: int = EXIT_FAILED) -> None:
        self.line("FAIL", check, message)
        self.failures.append(check)
        if self.exit_code == EXIT_OK:
            self.exit_code = code


def _auth_description(settings: Settings, auth: TokenSource) -> str:
    if isinstance(auth, MintedToken):
        return f"tokens minted from {settings.auth_source} for sub={auth.user}"
    if isinstance(auth, StaticToken):
        return f"ready token from {settings.auth_source}"
    return "no credentials"


def _tls_line(report: Report, settings: Settings) -> None:
    if not settings.gateway.startswith("https://"):
        report.ok("tls", "not used (plain http)")
    elif settings.verify is False:
        report.warn("tls", "connected, but certificate verification is OFF (verify = false)")
    elif isinstance(settings.verify, str):
        report.ok("tls", f"certificate verified against {settings.verify}")
    else:
        report.ok("tls", "certificate verified against the system CAs")


def _pre_checks(report: Report, settings: Settings, auth: TokenSource) -> None:
    for warning in settings.warnings:
        report.warn("config", warning)
    if isinstance(auth, NoAuth):
        report.warn("auth", "no credentials configured (CUETUI_JWT_SECRET, CUETUI_TOKEN)")
    if isinstance(auth, MintedToken) and auth.secret_length < MIN_SECRET_BYTES:
        report.warn(
            "secret",
            f"the JWT secret is {auth.secret_length} bytes; HS256 wants at least "
            f"{MIN_SECRET_BYTES} (a longer one must also be set on the gateway)",
        )
    if isinstance(auth, StaticToken) and auth.is_expired():
        report.warn("token", f"the token from {settings.auth_source} has expired by this clock")


async def _first_contact(
    report: Report, client: GatewayClient, settings: Settings, auth: TokenSource
) -> list[Show] | None:
    """Reachability, TLS and auth from the first call; the shows, or None to stop."""
    started = time.monotonic()
    try:
        shows = await client.get_shows()
    except GatewayTLSError as exc:
        report.ok("gateway", f"connection opened to {redact_url(settings.gateway)}")
        report.fail("tls", str(exc), EXIT_TLS)
        return None
    except GatewayUnreachable as exc:
        report.fail("gateway", str(exc), EXIT_UNREACHABLE)
        return None
    except AuthError as exc:
        report.ok("gateway", f"reachable at {redact_url(settings.gateway)}")
        _tls_line(report, settings)
        report.fail("auth", str(exc), EXIT_AUTH)
        if isinstance(exc, TokenExpired | TokenNotYetValid) and isinstance(auth, MintedToken):
            report.warn(
                "clock",
                "a freshly minted token was refused as "
                + ("expired" if isinstance(exc, TokenExpired) else "not yet valid")
                + ": the clocks of this machine and the gateway disagree; check NTP on both",
            )
        return None
    except GatewayError as exc:
        report.ok("gateway", f"reachable at {redact_url(settings.gateway)} (it answered)")
        _tls_line(report, settings)
        report.fail("auth", f"could not be checked: {exc}")
        return None
    first = time.monotonic() - started
    report.ok("gateway", f"reachable at {redact_url(settings.gateway)}")
    _tls_line(report, settings)
    report.ok("auth", f"accepted ({_auth_description(settings, auth)})")
    await _latency(report, client, first)
    return shows


async def _latency(report: Report, client: GatewayClient, first: float) -> None:
    # The first call paid for the connection (and TLS); time a few on the kept-alive one.
    samples: list[float] = []
    for _ in range(3):
        started = time.monotonic()
        try:
            await client.get_active_shows()
        except GatewayError as exc:
            report.fail("latency", f"GetActiveShows failed: {exc}")
            return
        samples.append(time.monotonic() - started)
    best = min(samples) * 1000
    report.ok("latency", f"{best:.0f} ms round trip (first request {first * 1000:.0f} ms)")


async def _count(
    report: Report, check: str, fetch: Callable[[], Awaitable[T]], text: Callable[[T], str]
) -> None:
    try:
        items = await fetch()
    except GatewayError as exc:
        report.fail(check, str(exc))
        return
    report.ok(check, text(items))


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


async def run_checks(
    settings: Settings,
    out: TextIO,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
) -> int:
    """Run every check, printing one line each; the exit status."""
    report = Report(out)
    # Which cuetui answered: the first thing to ask when a report comes in.
    print(f"cuetui {__version__} (Python {platform.python_version()})", file=out, flush=True)
    try:
        auth = settings.token_source()
    except ValueError as exc:
        report.fail("auth", str(exc), EXIT_AUTH)
        return report.exit_code
    _pre_checks(report, settings, auth)
    client = GatewayClient(
        settings.gateway,
        auth,
        verify=settings.verify,
        connect_timeout=settings.connect_timeout,
        read_timeout=settings.read_timeout,
        user=settings.user,
        # A doctor should answer quickly: one retry of a transient failure, not three.
        retries=1,
        transport=transport,
    )
    async with client:
        shows = await _first_contact(report, client, settings, auth)
        if shows is None:
            checks = ("shows", "show", "jobs", "hosts", "allocs")
            for check in (c for c in checks if c != "show" or settings.show):
                report.skip(check, "not checked")
        else:
            active = sum(1 for s in shows if s.active)
            report.ok("shows", f"{_plural(len(shows), 'show')} ({active} active)")
            _default_show(report, settings, shows)
            await _count(
                report,
                "jobs",
                client.get_jobs,
                lambda jobs: f"{_plural(len(jobs), 'pending job')}",
            )
            await _count(report, "hosts", client.get_hosts, _hosts_text)
            await _count(
                report,
                "allocs",
                client.get_allocations,
                lambda allocs: _plural(len(allocs), "allocation"),
            )
    if report.exit_code == EXIT_OK:
        print("cuetui doctor: everything works", file=out)
    else:
        print(f"cuetui doctor: failed: {', '.join(report.failures)}", file=out)
    return report.exit_code


def _default_show(report: Report, settings: Settings, shows: list[Show]) -> None:
    """The show cuetui opens on must exist: GetJobs for a missing one looks like an idle show."""
    if not settings.show:
        return
    names = [s.name for s in shows if s.name]
    if settings.show in names:
        report.ok("show", f"default show '{settings.show}' is on this farm")
        return
    report.fail(
        "show",
        f"default {unknown_show_message([settings.show], names)}: cuetui would open on an "
        "empty jobs list; fix `show` in the profile, CUETUI_PROFILE or --show",
    )


def _hosts_text(hosts: list[Host]) -> str:
    down = sum(1 for h in hosts if h.state in ("DOWN", "REPAIR"))
    locked = sum(1 for h in hosts if h.lock_state != "OPEN")
    return f"{_plural(len(hosts), 'host')} ({down} down or in repair, {locked} locked)"


def run_doctor(
    settings: Settings,
    *,
    out: TextIO | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> int:
    """`cuetui doctor`: run the checks; never a traceback for an expected failure."""
    stream = out or sys.stdout
    try:
        return asyncio.run(run_checks(settings, stream, transport=transport))
    except KeyboardInterrupt:
        print("cuetui doctor: interrupted", file=stream)
        return 130
    except Exception as exc:  # a bug, not a farm problem: still one line, not a traceback
        print(f"FAIL  internal  {type(exc).__name__}: {exc}", file=stream)
        return EXIT_FAILED
