"""The budgets of issue #6 and the one table: figure, value (median and range), budget, verdict."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass
class Row:
    figure: str
    value: str
    budget: str = ""
    ok: bool | None = None  # None: reported, no budget

    @property
    def verdict(self) -> str:
        return "" if self.ok is None else ("pass" if self.ok else "FAIL")


def _s(v: float) -> str:
    return f"{v:.3f} s" if v >= 0.001 else f"{v * 1000:.2f} ms"


def _ms(v: float) -> str:
    return f"{v * 1000:.0f} ms" if v >= 0.01 else f"{v * 1000:.1f} ms"


def _spread(d: dict[str, Any], fmt: Callable[[float], str]) -> str:
    if not d.get("n"):
        return "n/a"
    if d["n"] == 1:
        return fmt(d["median"])
    return f"{fmt(d['median'])} [{fmt(d['min'])}, {fmt(d['max'])}]"


def _x(v: float) -> str:
    return f"{v:.2f}x"


def _pct(v: float) -> str:
    return f"{v * 100:.1f}%"


def rows(r: dict[str, Any]) -> list[Row]:
    out: list[Row] = []
    app = r.get("app", {})
    frames = app.get("frames", {})
    screens = (
        ("Jobs (all {:,})", app.get("jobs"), 0.15),
        ("Hosts ({:,})", app.get("hosts"), 0.14),
        ("Frames (a page of {:,})", frames.get("page"), 0.07),
    )
    for label, m, budget in screens:
        if not m:
            continue
        name = label.format(m["first_load"]["rows"])
        out.append(Row(f"Floor {name}: httpx + json.loads", _spread(m["floor"], _s)))
        cpu, xf = m["cpu"]["median"], m["x_floor"]["median"]
        out.append(Row(f"Refresh {name}: CPU per cycle", _spread(m["cpu"], _s),
                       f"<= {budget:.2f} s", cpu <= budget))  # fmt: skip
        out.append(Row(f"Refresh {name}: x floor", _spread(m["x_floor"], _x), "<= 2x", xf <= 2))
        out.append(Row(f"First load {name}: CPU", _s(m["first_load"]["cpu"])))
    inc = frames.get("incremental")
    if inc:
        n = inc["changing"]
        out.append(Row(f"Incremental frames, {n} of the page changing: CPU",
                       _spread(inc["clock_held"]["cpu"], _s)))  # fmt: skip
        share = inc["clock_held"]["share_of_full"]
        out.append(Row("Incremental frames: share of a full refresh", _spread(share, _pct),
                       "<= 5%", share["median"] <= 0.05))  # fmt: skip
        out.append(Row(f"Incremental frames, {n} changing + visible runtimes ticking: share",
                       _spread(inc["share_of_full"], _pct)))  # fmt: skip
    if "live_cpu_share" in frames:
        out.append(Row("Frames page live (runtimes tick 1/s), CPU of a core",
                       _pct(frames["live_cpu_share"])))  # fmt: skip
    allf = app.get("all_frames")
    if not allf or not allf.get("built"):
        out.append(Row("All frames: 20,000 in the table / kept live", "not built", "", None))
    else:
        n = f"{allf['rows']:,} of {allf['total']:,}"
        out.append(Row(f"All frames: time until {n} in the table (wall)", _s(allf["load_wall"])))
        out.append(Row(f"All frames: CPU to load them ({allf['pages']} pages)",
                       _s(allf["load_cpu"])))  # fmt: skip
        out.append(Row(f"All frames: CPU per live refresh ({allf['changing']} changing)",
                       _spread(allf["refresh_cpu"], _s)))  # fmt: skip
        out.append(Row("All frames: live, runtimes ticking, CPU of a core",
                       _pct(allf["live_cpu_share"])))  # fmt: skip
    for label, m in r.get("startup", {}).items():
        if label.endswith("(app running)"):
            out.append(Row(f"Start-up to the app's first write, {label[:-14]}", _spread(m, _s)))
            continue
        out.append(Row(f"Start-up to first table ({label})", _spread(m, _s), "<= 1 s",
                       m["median"] <= 1.0))  # fmt: skip
    idle = r.get("idle")
    if idle:
        what = f"Idle CPU, all jobs, {idle['interval']:g} s refresh, {idle['window']:.0f} s"
        out.append(Row(what, _pct(idle["cpu_share"]), "<= 1%",
                       idle["cpu_share"] <= 0.01))  # fmt: skip
        bpr = idle["bytes_per_refresh"]
        out.append(Row("Idle terminal output per refresh", f"{bpr:.0f} B", "<= 1 KB", bpr <= 1024))
        most = 60 / idle["interval"]
        out.append(Row(f"Idle Jobs requests per minute ({idle['interval']:g} s)",
                       f"{idle['requests_per_minute']:.1f}", f"<= {most:g}",
                       idle["requests_per_minute"] <= most * 1.05))  # fmt: skip
    mem = r.get("rss")
    if mem:
        out.append(Row("RSS after every screen at large", f"{mem['rss_mb']:.0f} MB", "<= 150 MB",
                       mem["rss_mb"] <= 150))  # fmt: skip
        out.append(Row("Peak RSS", f"{mem['peak_mb']:.0f} MB"))
    lat = app.get("latency")
    if lat:
        for key, label in (("poll_in_flight", "5,000-host poll in flight"),
                           ("call_held", "gateway holding the call")):  # fmt: skip
            m = lat[key]
            out.append(Row(f"Key-to-paint p50, {label}", _ms(m["p50"])))
            out.append(Row(f"Key-to-paint p95, {label}", _ms(m["p95"]), "<= 50 ms",
                           m["p95"] <= 0.05))  # fmt: skip
    for name, m in r.get("load", {}).items():
        per = m["per_poll"]
        out.append(Row(f"Requests per poll, {name} on view ({m['per_minute']:.0f}/min at 1 s)",
                       "n/a" if math.isnan(per) else f"{per:.2f}", "<= 1", per <= 1.0))  # fmt: skip
        hidden = sum(m["hidden_requests"].values())
        if m["hidden_requests"]:
            under = ",".join(m["hidden_requests"])
            out.append(Row(f"Requests from screens under {name} ({under})", str(hidden), "0",
                           hidden == 0))  # fmt: skip
    return out


def table(rs: list[Row]) -> str:
    head = ("figure", "value (median [min, max])", "budget", "")
    widths = [max(len(head[i]), *(len(_cols(r)[i]) for r in rs)) for i in range(4)]
    lines = [" | ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)).rstrip()]
    lines.append("-+-".join("-" * w for w in widths))
    for r in rs:
        cells = _cols(r)
        lines.append(" | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip())
    return "\n".join(lines)


def markdown(rs: list[Row]) -> str:
    lines = ["| figure | value (median [min, max]) | budget | |", "|---|---|---|---|"]
    lines += [f"| {' | '.join(_cols(r))} |" for r in rs]
    return "\n".join(lines)


def _cols(r: Row) -> tuple[str, str, str, str]:
    return (r.figure, r.value, r.budget, r.verdict)
