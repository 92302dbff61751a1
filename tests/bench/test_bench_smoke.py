"""The bench must not rot: `bench/run.py --quick` (small preset, one repetition) runs clean.

No budget is asserted here (the small preset says nothing about farm scale); this only proves
every phase still runs against the current app and prints every figure.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

FIGURES = (
    "Floor Jobs",
    "Refresh Jobs",
    "Refresh Hosts",
    "Refresh Frames",
    "Incremental frames",
    "All frames",
    "Start-up to first table",
    "Idle CPU",
    "Idle terminal output",
    "RSS after every screen",
    "Key-to-paint p95",
    "Requests per poll",
    "Farm: pending jobs / hosts",
    "Simulator CPU per call: GetHosts, all",
    "Gateway, jobs at",
    "Gateway, hosts at",
    "Gateway, all frames at",
    "MB per minute",
    "requests per minute",
)


@pytest.mark.timeout(330)
def test_quick_bench_prints_every_figure(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--quick", "--json", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=320,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    for figure in FIGURES:
        assert figure in done.stdout, f"{figure!r} missing from:\n{done.stdout}"
    result = json.loads(out.read_text())
    assert result["meta"]["presets"] == ["small"]
    run = result["runs"]["small"]
    assert {"sim", "load", "gateway", "startup", "idle", "rss", "app"} <= run.keys()
    assert all(row["value"] != "n/a" for row in result["table"]["small"]), result["table"]
    # The gateway was counted at the simulator: the jobs view pulled its jobs.
    assert run["gateway"]["views"]["jobs"]["by_path"]["GetJobs"]["mb_per_minute"] > 0
