"""cuetui at farm scale: `python bench/run.py` (`make bench`) prints one table and writes JSON.

The simulator's `large` preset (2,000 pending jobs, 5,000 hosts, a 20,000-frame job) runs in
a child process on loopback with its clock paused; the real app runs headless in this process
(refresh costs, latency, gateway load), under a pty (start-up, idle) and in a fresh process
(memory). Every time figure is repeated for a median and a range, and refresh costs are also
given as a multiple of their floor measured back to back in the same run.

    python bench/run.py              # full run, a few minutes
    python bench/run.py --quick      # small preset, one repetition (the smoke test)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import app_phase  # noqa: E402
import load  # noqa: E402
import pty_phase  # noqa: E402
import report  # noqa: E402
from simproc import SimProcess  # noqa: E402


def parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="bench/run.py", description=__doc__.split("\n\n")[0])
    p.add_argument("--quick", action="store_true", help="small preset, 1 repetition, short")
    p.add_argument("--reps", type=int, default=9, help="repetitions per refresh figure")
    p.add_argument("--idle", type=float, default=60.0, help="idle window, seconds")
    p.add_argument("--json", type=Path, default=None, help="where the JSON goes")
    p.add_argument(
        "--only", default="", help="comma list of phases: load,startup,idle,rss,app (default all)"
    )
    p.add_argument("--strict", action="store_true", help="exit 1 when a budget fails")
    return p.parse_args(argv)


def _rss(sim: SimProcess) -> dict[str, Any]:
    env = dict(os.environ, BENCH_URL=sim.url, BENCH_SECRET=sim.secret, BENCH_BIG=sim.info["big"])
    done = subprocess.run(
        [sys.executable, str(HERE / "rss.py")],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"rss.py failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _meta(args: argparse.Namespace, preset: str) -> dict[str, Any]:
    import textual

    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        cwd=HERE,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return {
        "command": "python bench/run.py" + (" --quick" if args.quick else ""),
        "preset": preset,
        "reps": 1 if args.quick else args.reps,
        "commit": commit,
        "date": time.strftime("%Y-%m-%d %H:%M:%S"),
        "python": platform.python_version(),
        "textual": textual.__version__,
        "cpus": os.cpu_count(),
        "loadavg_start": os.getloadavg(),
    }


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    preset = "small" if args.quick else "large"
    reps = 1 if args.quick else max(1, args.reps)
    phases = set(filter(None, args.only.split(","))) or {"load", "startup", "idle", "rss", "app"}
    results: dict[str, Any] = {"meta": _meta(args, preset)}
    started = time.perf_counter()

    def step(name: str) -> bool:
        if name in phases:
            print(f"[{time.perf_counter() - started:6.1f}s] {name}…", file=sys.stderr, flush=True)
        return name in phases

    print(f"starting the simulator ({preset})…", file=sys.stderr, flush=True)
    with SimProcess(preset) as sim:
        # Order matters: the app phase ticks the farm ahead of the wall clock, the others
        # want it paused near the wall clock (GetUpdatedFrames answers within 60 s only).
        if step("load"):
            window, warm = (1.5, 1.0) if args.quick else (6.0, 2.0)
            results["load"] = asyncio.run(load.run(sim, window, warm))
        if step("startup"):
            results["startup"] = pty_phase.startup(sim, 1 if args.quick else 5)
        if step("idle"):
            window, interval = (4.0, 1.0) if args.quick else (args.idle, 5.0)
            results["idle"] = pty_phase.idle(sim, window, interval)
        if step("rss"):
            results["rss"] = _rss(sim)
        if step("app"):
            results["app"] = asyncio.run(app_phase.run(sim, reps, quick=args.quick))
    results["meta"]["loadavg_end"] = os.getloadavg()
    results["meta"]["seconds"] = time.perf_counter() - started

    rows = report.rows(results)
    results["table"] = [r.__dict__ | {"verdict": r.verdict} for r in rows]
    print(report.table(rows))
    out = args.json or HERE / "results" / f"bench-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1, default=str))
    out.with_suffix(".md").write_text(report.markdown(rows) + "\n")
    print(f"\n{results['meta']['command']}: {results['meta']['seconds']:.0f} s; JSON in {out}")
    failed = [r.figure for r in rows if r.ok is False]
    return 1 if args.strict and failed else 0


if __name__ == "__main__":
    sys.exit(main())
