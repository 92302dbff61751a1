"""cuetui at farm scale: `python bench/run.py` (`make bench`) prints one table and writes JSON.

The simulator's `large` preset (2,000 pending jobs, 5,000 hosts, a 20,000-frame job) and
`xlarge` (10,000 jobs, 25,000 hosts, a 100,000-frame job) each run in a child process on
loopback; the real app runs headless in this process (refresh costs, latency, gateway load),
under a pty (start-up, idle) and in a fresh process (memory). Every time figure is repeated
for a median and a range; the presets are printed side by side.

    python bench/run.py                    # large then xlarge, the full run
    python bench/run.py --preset xlarge    # one preset (--beside a previous JSON for the other)
    python bench/run.py --quick            # small preset, one repetition (the smoke test)
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
import gateway_load  # noqa: E402
import load  # noqa: E402
import pty_phase  # noqa: E402
import report  # noqa: E402
from simproc import SimProcess  # noqa: E402


def parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="bench/run.py", description=__doc__.split("\n\n")[0])
    p.add_argument("--quick", action="store_true", help="small preset, 1 repetition, short")
    p.add_argument(
        "--preset", default="large,xlarge", help="comma list of sim presets (default large,xlarge)"
    )
    p.add_argument("--reps", type=int, default=9, help="repetitions per refresh figure")
    p.add_argument("--idle", type=float, default=60.0, help="idle window, seconds")
    p.add_argument("--window", type=float, default=60.0, help="gateway window per view, seconds")
    p.add_argument("--json", type=Path, default=None, help="where the JSON goes")
    p.add_argument(
        "--beside", type=Path, default=None, help="a previous run's JSON: its presets beside"
    )
    p.add_argument(
        "--only",
        default="",
        help="comma list of phases: load,gateway,startup,idle,rss,app,allframes (default all;"
        " allframes is the all-frames part of app alone)",
    )
    p.add_argument("--strict", action="store_true", help="exit 1 when a budget fails")
    return p.parse_args(argv)


PHASES = ("load", "gateway", "startup", "idle", "rss", "app")


def _rss(sim: SimProcess) -> dict[str, Any]:
    env = dict(
        os.environ,
        BENCH_URL=sim.url,
        BENCH_SECRET=sim.secret,
        BENCH_BIG=sim.info["big"],
        BENCH_BUSY=sim.info["busy_host"],
    )
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


def _meta(args: argparse.Namespace, presets: list[str]) -> dict[str, Any]:
    import textual

    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        cwd=HERE,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return {
        "command": "python bench/run.py " + " ".join(sys.argv[1:]),
        "presets": presets,
        "reps": 1 if args.quick else args.reps,
        "commit": commit,
        "date": time.strftime("%Y-%m-%d %H:%M:%S"),
        "python": platform.python_version(),
        "textual": textual.__version__,
        "cpus": os.cpu_count(),
        "loadavg_start": os.getloadavg(),
    }


def _sim_summary(sim: SimProcess) -> dict[str, Any]:
    """Build time and per-call cost, printed before the client is measured."""
    info = sim.info
    print(
        f"  {info['pending']:,} pending jobs, {info['hosts']:,} hosts, big job "
        f"{info['big_frames']:,} frames; built in {info['build_seconds']:.1f} s; "
        f"simulator RSS {info['rss_mb']:.0f} MB",
        file=sys.stderr,
    )
    for name, c in info["calls"].items():
        extra = (
            f", {c['repeat'] * 1000:.1f} ms repeated, {c['after_tick'] * 1000:.1f} ms after a "
            f"tick, {c['bytes'] / 1e6:.2f} MB"
            if "bytes" in c
            else ""
        )
        print(f"  sim CPU {name}: {c['cold'] * 1000:.1f} ms cold{extra}", file=sys.stderr)
    keys = ("pending", "hosts", "big_frames", "build_seconds", "rss_mb", "calls")
    return {k: info[k] for k in keys}


def run_preset(args: argparse.Namespace, preset: str, phases: set[str], log: Any) -> dict[str, Any]:
    quick = args.quick
    reps = 1 if quick else max(1, args.reps)
    out: dict[str, Any] = {}
    log(f"starting the simulator ({preset})")
    with SimProcess(preset) as sim:
        out["sim"] = _sim_summary(sim)

        def step(name: str) -> bool:
            if name in phases:
                log(f"{preset}: {name}")
            return name in phases

        # Order matters: the app phase ticks the farm ahead of the wall clock, the others
        # want it near the wall clock (GetUpdatedFrames answers within 60 s only).
        if step("load"):
            window, warm = (1.5, 1.0) if quick else (6.0, 2.0)
            out["load"] = asyncio.run(load.run(sim, window, warm))
        if step("gateway"):
            out["gateway"] = asyncio.run(gateway_load.run(sim, 7.0 if quick else args.window))
        if step("startup"):
            out["startup"] = pty_phase.startup(sim, 1 if quick else 5)
        if step("idle"):
            window, interval = (4.0, 1.0) if quick else (args.idle, 5.0)
            out["idle"] = pty_phase.idle(sim, window, interval)
        if step("rss"):
            out["rss"] = _rss(sim)
        if step("app"):
            out["app"] = asyncio.run(app_phase.run(sim, reps, quick=quick))
        elif step("allframes"):
            out["app"] = asyncio.run(app_phase.run(sim, reps, quick=quick, only_all_frames=True))
        out["sim"]["rss_mb_end"] = sim.rss_mb()
    return out


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    presets = ["small"] if args.quick else [p for p in args.preset.split(",") if p]
    phases = set(filter(None, args.only.split(","))) or set(PHASES)
    results: dict[str, Any] = {"meta": _meta(args, presets), "runs": {}}
    started = time.perf_counter()

    def log(what: str) -> None:
        print(f"[{time.perf_counter() - started:6.1f}s] {what}…", file=sys.stderr, flush=True)

    for preset in presets:
        results["runs"][preset] = run_preset(args, preset, phases, log)
    results["meta"]["loadavg_end"] = os.getloadavg()
    results["meta"]["seconds"] = time.perf_counter() - started

    by_preset = {p: report.rows(r, p) for p, r in results["runs"].items()}
    if args.beside is not None:
        previous = json.loads(args.beside.read_text())
        commit = previous["meta"].get("commit", "?")
        earlier = {
            f"{p} ({commit})": report.rows(r, p)
            for p, r in previous.get("runs", {}).items()
            if p not in by_preset
        }
        by_preset = {**earlier, **by_preset}
    results["table"] = {
        p: [r.__dict__ | {"verdict": r.verdict} for r in rs] for p, rs in by_preset.items()
    }
    print(report.table(by_preset))
    out = args.json or HERE / "results" / f"bench-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1, default=str))
    out.with_suffix(".md").write_text(report.markdown(by_preset) + "\n")
    print(f"\n{results['meta']['command']}: {results['meta']['seconds']:.0f} s; JSON in {out}")
    failed = [r.figure for rs in by_preset.values() for r in rs if r.ok is False]
    return 1 if args.strict and failed else 0


if __name__ == "__main__":
    sys.exit(main())
