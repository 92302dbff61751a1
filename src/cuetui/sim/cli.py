"""`cuetui sim`: run the simulated gateway standalone, and `cuetui sim token` to mint a JWT."""

from __future__ import annotations

import argparse
import math
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cuetui.sim.faults import Faults

SECRET_ENV = "CUETUI_JWT_SECRET"
DESCRIPTION = "Serve a simulated OpenCue farm behind a faithful REST gateway."


def _number(kind: type, low: float, high: float, unit: str = "") -> Callable[[str], float]:
    """An argparse type: a `kind` within [low, high]; nan, inf and the rest are refused."""

    def parse(text: str) -> float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
        if not math.isfinite(value) or not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be from {low:g} to {high:g}{unit}, not {text}")
        return value

    return parse


_SECONDS = _number(float, 0, 3600, " seconds")
_SHARE = _number(float, 0, 1, " (a share of the calls)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cuetui sim",
        description=DESCRIPTION,
        epilog=f"The JWT secret comes from ${SECRET_ENV}, or is generated and printed once. "
        "`cuetui sim token` prints a token for that secret.",
        allow_abbrev=False,
    )
    add_sim_arguments(parser)
    return parser


def add_sim_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of `cuetui sim` and its `token` command (shared with `cuetui --help`)."""
    parser.add_argument(
        "--port", type=_number(int, 0, 65535), default=8448, help="port (0: a free one)"
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument(
        "--scenario",
        default="small",
        choices=["small", "large", "xlarge"],
        help="small: 3 shows and 24 hosts with named jobs for every key; large: 2,000+ jobs "
        "over 10 shows, 5,000 hosts, a 20,000-frame job; xlarge: 10,000 jobs, 25,000 hosts, "
        "a 100,000-frame job (builds in about 10 s)",
    )
    parser.add_argument(
        "--seed", type=int, default=7, help="the same seed gives the same farm (default 7)"
    )
    parser.add_argument(
        "--tick",
        type=_number(float, 0.01, 3600, " seconds"),
        default=1.0,
        metavar="SECONDS",
        help="seconds between ticks of the farm's clock",
    )
    parser.add_argument(
        "--log-dir", default=None, metavar="DIR", help="where frame logs go (default: temp)"
    )
    parser.add_argument(
        "--defer-actions",
        action="store_true",
        help="kills, retries and eats take effect on the next tick, as Cuebot queues them",
    )
    faults = parser.add_argument_group(
        "faults", "make the gateway misbehave on demand (a SHARE of the calls: 0 to 1)"
    )
    faults.add_argument(
        "--latency", type=_SECONDS, default=0.0, metavar="SECONDS", help="delay every answer"
    )
    faults.add_argument(
        "--error-rate", type=_SHARE, default=0.0, metavar="SHARE", help="answer with a 5xx"
    )
    faults.add_argument(
        "--error-status",
        type=int,
        default=503,
        choices=[500, 502, 503, 504],
        help="the status of those errors (default 503)",
    )
    faults.add_argument(
        "--throttle-rate", type=_SHARE, default=0.0, metavar="SHARE", help="answer 429"
    )
    faults.add_argument(
        "--retry-after",
        type=_number(int, 0, 3600, " seconds"),
        default=1,
        metavar="SECONDS",
        help="the Retry-After of a 429",
    )
    faults.add_argument(
        "--drop-rate", type=_SHARE, default=0.0, metavar="SHARE", help="close the connection"
    )
    faults.add_argument(
        "--truncate-rate", type=_SHARE, default=0.0, metavar="SHARE", help="cut the body short"
    )
    faults.add_argument(
        "--garbage-rate", type=_SHARE, default=0.0, metavar="SHARE", help="answer non-JSON"
    )
    faults.add_argument("--expired-tokens", action="store_true", help="refuse every token")
    faults.add_argument(
        "--hang", action="append", default=[], metavar="PATH", help="a path that never answers"
    )
    commands = parser.add_subparsers(dest="sim_command", title="commands", metavar="token")
    token = commands.add_parser(
        "token",
        help="print a JWT for the simulator's secret (or any gateway's)",
        description=f"Print an HS256 JWT signed with ${SECRET_ENV} or the --secret-file. The "
        "secret is never taken on the command line: it would show in the process list.",
        allow_abbrev=False,
    )
    token.add_argument(
        "--secret-file",
        default=None,
        metavar="FILE",
        help=f"file holding the secret (default: ${SECRET_ENV})",
    )
    token.add_argument(
        "--sub",
        default=os.environ.get("USER", "cuetui"),
        metavar="NAME",
        help="the token's subject, a user name (default: $USER)",
    )
    token.add_argument(
        "--ttl",
        type=_number(float, 0, 10 * 365 * 86400, " seconds"),
        default=3600.0,
        metavar="SECONDS",
        help="seconds until it expires (0: never; default 3600)",
    )


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


def mint(secret: str, sub: str, ttl: float | None) -> str:
    import warnings

    import jwt

    # The gateway takes any secret; PyJWT's advice on key length is not ours to enforce.
    warnings.filterwarnings("ignore", module="jwt")

    claims: dict[str, object] = {"sub": sub, "iat": int(time.time())}
    if ttl:
        claims["exp"] = int(time.time() + ttl)
    return jwt.encode(claims, secret, algorithm="HS256")


def token_main(args: argparse.Namespace) -> int:
    """`cuetui sim token`: the secret from --secret-file or the environment, never argv."""
    if args.secret_file:
        path = Path(args.secret_file).expanduser()
        try:
            secret = path.read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as exc:
            print(f"cuetui sim token: cannot read {path}: {exc}", file=sys.stderr)
            return 2
    else:
        secret = os.environ.get(SECRET_ENV, "").strip()
    if not secret:
        print(f"cuetui sim token: set ${SECRET_ENV} or pass --secret-file FILE", file=sys.stderr)
        return 2
    print(mint(secret, args.sub, args.ttl))
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    return run(build_parser().parse_args(argv))


def run(args: argparse.Namespace) -> int:
    """Serve the farm (or mint a token) from parsed arguments (`cuetui sim ...` parses them)."""
    if args.sim_command == "token":
        return token_main(args)
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
    if generated:
        print(f"  CUETUI_GATEWAY={harness.url} {SECRET_ENV}={harness.secret} cuetui")
    else:  # the user's own secret is theirs to hold: never echoed
        print(f"  CUETUI_GATEWAY={harness.url} cuetui   (with ${SECRET_ENV} as exported)")
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
