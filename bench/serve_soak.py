"""The served wall over a soak: first paint, CPU and memory of `cuetui serve` and its app.

    python bench/serve_soak.py [--scenario large] [--minutes 10] [--refresh 5]

Runs the simulator in its own process (its clock ticking 5 farm seconds every 5 s), `cuetui
serve` on it, and headless Chromium on the page (Debian's chromium). Prints the first paint
(navigate -> the dashboard's figures on the page), then each minute the CPU seconds and RSS of
the server and of the page's app process, and at the end the growth after the first minute.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "bench"), str(ROOT / "tests" / "browser")]

from cdp import Browser, chromium_path, free_port  # noqa: E402

from simproc import SimProcess  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")
DRAWN = "/pending/i.test(window.__cuetuiText || '') && /Allocation/.test(window.__cuetuiText)"


def cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def app_pid(log: Path) -> int:
    found = subprocess.run(
        ["pgrep", "-f", f"cuetui .*--log-file {log} --readonly"], capture_output=True, text=True
    )
    pids = [int(p) for p in found.stdout.split()]
    cmd = {p: Path(f"/proc/{p}/cmdline").read_bytes() for p in pids}
    return next(p for p in pids if not cmd[p].startswith(b"/bin/sh"))


async def soak(args: argparse.Namespace) -> None:
    binary = chromium_path()
    if binary is None:
        sys.exit("serve_soak: needs Chromium (Debian: apt-get install chromium)")
    tmp = Path(tempfile.mkdtemp(prefix="cuetui-soak-"))
    (tmp / "c.toml").write_text("")
    with SimProcess(args.scenario) as sim:
        port = free_port()
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "cuetui",
                "serve",
                "--gateway",
                sim.url,
                "--port",
                str(port),
                "--refresh",
                str(args.refresh),
                "--config",
                str(tmp / "c.toml"),
                "--log-file",
                str(tmp / "wall.log"),
            ],
            env=dict(os.environ, CUETUI_JWT_SECRET=sim.secret),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        url = f"http://127.0.0.1:{port}/"
        for _ in range(150):
            try:
                urllib.request.urlopen(url, timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        browser = Browser(binary, 1920, 1080)
        try:
            await browser.connect()
            await browser.send("Page.enable")
            start = time.monotonic()
            await browser.send("Page.navigate", url=url + "?probe=1")
            while not await browser.evaluate(DRAWN):
                if time.monotonic() - start > 120:
                    sys.exit("serve_soak: the dashboard never drew")
                await asyncio.sleep(0.05)
            first_paint = time.monotonic() - start
            app = app_pid(tmp / "wall.log")
            print(f"{args.scenario}: {sim.info['jobs']} jobs, {sim.info['hosts']} hosts")
            print(f"first paint: {first_paint:.2f} s (navigate -> figures on the page)")
            print("minute  server CPU s  server MB  app CPU s  app MB")
            rows: list[tuple[float, float, float, float]] = []
            last = (cpu_s(server.pid), cpu_s(app))
            for minute in range(1, args.minutes + 1):
                for _ in range(12):
                    await asyncio.sleep(5)
                    sim.tick(5)
                now = (cpu_s(server.pid), cpu_s(app))
                row = (now[0] - last[0], rss_mb(server.pid), now[1] - last[1], rss_mb(app))
                last = now
                rows.append(row)
                print(f"{minute:6d}  {row[0]:12.2f}  {row[1]:9.1f}  {row[2]:9.2f}  {row[3]:6.1f}")
            if len(rows) > 1:
                grown_server = rows[-1][1] - rows[0][1]
                grown_app = rows[-1][3] - rows[0][3]
                mean_app = sum(r[2] for r in rows) / len(rows)
                print(
                    f"after minute 1: server {grown_server:+.1f} MB, app {grown_app:+.1f} MB; "
                    f"app CPU {mean_app:.2f} s/min ({mean_app / 60 * 100:.1f}% of a core) "
                    f"at --refresh {args.refresh:g}"
                )
        finally:
            await browser.close()
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="large", choices=["small", "large"])
    parser.add_argument("--minutes", type=int, default=10)
    parser.add_argument("--refresh", type=float, default=5.0)
    asyncio.run(soak(parser.parse_args()))


if __name__ == "__main__":
    main()
