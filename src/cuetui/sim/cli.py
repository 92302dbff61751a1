"""`cuetui sim`: run the simulated gateway standalone, and `cuetui sim token` to mint a JWT."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cuetui.sim.faults import Faults

SECRET_ENV = "CUETUI_JWT_SECRET"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cuetui sim",
        description="Serve a simulated OpenCue farm behind a faithful REST gateway.",
        epilog=f"The JWT secret comes from ${SECRET_ENV}, or is generated and printed once. "
        "`cuetui sim token` prints a token for that secret.",
    )
    parser.add_argument("--port", type=int, default=8448, help="port (0: a free one)")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--scenario", default="small", choices=["small", "large"])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--tick", type=float, default=1.0, metavar="SECONDS", help="seconds between ticks"
    )
    parser.add_argument("--log-dir", default=None, help="where frame logs go (default: temp)")
    parser.add_argument(
        "--defer-actions",
        action="store_true",
        help="kills, retries and eats take effect on the next tick, as Cuebot queues them",
    )
    faults = parser.add_argument_group("faults")
    faults.add_argument("--latency", type=float, default=0.0, metavar="SECONDS")
    faults.add_argument("--error-rate", type=float, default=0.0, metavar="SHARE")
    faults.add_argument("--error-status", type=int, default=503, choices=[500, 502, 503, 504])
    faults.add_argument("--throttle-rate", type=float, default=0.0, metavar="SHARE")
    faults.add_argument("--retry-after", type=int, default=1, metavar="SECONDS")
    faults.add_argument("--drop-rate", type=float, default=0.0, metavar="SHARE")
    faults.add_argument("--truncate-rate", type=float, default=0.0, metavar="SHARE")
    faults.add_argument("--garbage-rate", type=float, default=0.0, metavar="SHARE")
    faults.add_argument("--expired-tokens", action="store_true", help="refuse every token")
    faults.add_argument(
        "--hang", action="append", default=[], metavar="PATH", help="a path that never answers"
    )
    return parser


def apply_fault_flags(faults: Faults, args: argparse.Namespace) -> None:
    """Copy the fault flags onto the harness's Faults."""
    faults.latency = args.latency
    faults.error_rate = args.error_rate
    faults.error_status = args.error_status
    faults.throttle_rate = args.throttle_rate
    faults.retry_after = args.retry_after
    faults.drop_rate = args.drop_rate
    faults.truncate_rate = args.truncate_rate
    faults.garbage_rate = args.garbage_rate
    faults.expired_tokens = args.expired_tokens
    faults.hang_paths = set(args.hang)


def _token_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cuetui sim token", description="Print a JWT.")
    parser.add_argument("--secret", default=None, help=f"default: ${SECRET_ENV}")
    parser.add_argument("--sub", default=os.environ.get("USER", "cuetui"))
    parser.add_argument("--ttl", type=float, default=3600.0, help="seconds until it expires")
    return parser


def mint(secret: str, sub: str, ttl: float | None) -> str:
    import warnings

    import jwt

    # The gateway takes any secret; PyJWT's advice on key length is not ours to enforce.
    warnings.filterwarnings("ignore", module="jwt")

    claims: dict[str, object] = {"sub": sub, "iat": int(time.time())}
    if ttl:
        claims["exp"] = int(time.time() + ttl)
    return jwt.encode(claims, secret, algorithm="HS256")


def token_main(argv: list[str]) -> int:
    args = _token_parser().parse_args(argv)
    secret = args.secret or os.environ.get(SECRET_ENV)
    if not secret:
        print(f"cuetui sim token: set ${SECRET_ENV} or pass --secret", file=sys.stderr)
        return 2
    print(mint(secret, args.sub, args.ttl))
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["token"]:
        return token_main(argv[1:])
    args = build_parser().parse_args(argv)
    from cuetui.sim.extra import unavailable

    if (problem := unavailable("sim")) is not None:
        print(problem, file=sys.stderr)
        return 1
    from cuetui.sim.harness import SimHarness

    secret = os.environ.get(SECRET_ENV)
    generated = not secret
    t0 = time.monotonic()
    harness = SimHarness(
        scenario=args.scenario,
        seed=args.seed,
        secret=secret,
        free_running=True,
        port=args.port,
        log_dir=args.log_dir,
        tick_interval=args.tick,
        host=args.host,
        defer_actions=args.defer_actions,
    )
    apply_fault_flags(harness.faults, args)
    try:
        harness.start()
    except OSError as exc:
        print(f"cuetui sim: cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 1
    farm = harness.farm
    token = mint(harness.secret, os.environ.get("USER", "cuetui"), 86400)
    took = time.monotonic() - t0
    print(
        f"cuetui sim: {args.scenario} farm (seed {args.seed}) built in {took:.1f}s: "
        f"{len(farm.jobs)} jobs, {len(farm.hosts)} hosts"
    )
    print(f"  gateway   {harness.url}")
    print(f"  frame logs {harness.log_dir}")
    if generated:
        print(f"  secret    {harness.secret}   (generated; export {SECRET_ENV} to reuse it)")
    else:
        print(f"  secret    from ${SECRET_ENV}")
    print("a token valid 24 h (more with `cuetui sim token`), and a first call:")
    print(f"  export TOKEN={token}")
    print(
        f"  curl -s -X POST {harness.url}/show.ShowInterface/GetShows "
        '-H "Authorization: Bearer $TOKEN" -d "{}"'
    )
    print("cuetui on this farm:")
    print(f"  CUETUI_GATEWAY={harness.url} CUETUI_JWT_SECRET={harness.secret} cuetui")
    print(f"one tick every {args.tick:g}s; Ctrl-C to stop", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        harness.close()
    return 0
