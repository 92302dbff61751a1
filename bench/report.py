"""The budgets (issues 6 and 14) and the one table: figure, then per preset its value (median
and range), budget and verdict, presets side by side (`large` beside `xlarge`)."""

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


# Issue 6 set `large`'s; issue 14 sets `xlarge`'s (and the gateway's at both). A budget
# missing from a preset is reported without a verdict. `small` (--quick) has none.
BUDGETS: dict[str, dict[str, float]] = {
    "large": {
        "cpu jobs": 0.15, "cpu hosts": 0.14, "cpu frames": 0.07,
        "xfloor jobs": 1.5, "xfloor hosts": 1.5, "xfloor frames": 2.0,
        "rss": 150, "mb jobs": 1.7, "mb hosts": 1.2, "p95": 0.05, "idle bytes": 1024,
    },
    "xlarge": {
        "cpu jobs": 0.25, "cpu hosts": 0.30, "cpu frames": 0.05,
        "rss": 200, "mb jobs": 8.4, "mb hosts": 6.1, "p95": 0.05,
        "all frames wall": 15.0, "all frames refresh": 0.1,
    },
}  # fmt: skip


def _s(v: float) -> str:
    return f"{v:.3f} s" if v >= 0.001 else f"{v * 1000:.2f} ms"


def _ms(v: float) -> str:
    return f"{v * 1000:.0f} ms" if v >= 0.01 else f"{v * 1000:.1f} ms"


def _mb(v: float) -> str:
    return f"{v:.2f} MB"


def _n(v: float) -> str:
    return f"{v:.1f}"


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


class _Rows:
    """Collects rows, judging each against the preset's budget of that name (if any)."""

    def __init__(self, preset: str) -> None:
        self.budgets = BUDGETS.get(preset, {})
        self.out: list[Row] = []

    def add(
        self,
        figure: str,
        value: str,
        key: str = "",
        measured: float | None = None,
        fmt: Callable[[float], str] = str,
        at_least: bool = False,
    ) -> None:
        limit = self.budgets.get(key) if key else None
        if (
            limit is None
            or measured is None
            or (isinstance(measured, float) and math.isnan(measured))
        ):
            self.out.append(Row(figure, value))
            return
        ok = measured >= limit if at_least else measured <= limit
        self.out.append(Row(figure, value, f"{'>=' if at_least else '<='} {fmt(limit)}", ok))


def _farm(out: _Rows, sim: dict[str, Any]) -> None:
    if not sim:
        return
    out.add("Farm: pending jobs / hosts / frames of the big job",
            f"{sim['pending']:,} / {sim['hosts']:,} / {sim['big_frames']:,}")  # fmt: skip
    out.add(
        "Simulator: build (s) / its RSS", f"{sim['build_seconds']:.1f} s / {sim['rss_mb']:.0f} MB"
    )
    for name, c in sim.get("calls", {}).items():
        if "bytes" in c:
            value = (f"{_s(c['cold'])} cold, {_s(c['repeat'])} repeated, "
                     f"{_s(c['after_tick'])} after a tick; {c['bytes'] / 1e6:.2f} MB")  # fmt: skip
        else:
            value = _s(c["cold"])
        out.add(f"Simulator CPU per call: {name}", value)


def _gateway(out: _Rows, gw: dict[str, Any]) -> None:
    if not gw:
        return
    interval = gw["interval"]
    for view, m in gw["views"].items():
        key = {"jobs": "mb jobs", "hosts": "mb hosts"}.get(view, "")
        label = f"Gateway, {view} at {interval:g} s"
        value = _spread(m["mb_slices"], _mb) + f" (window {m['mb_per_minute']:.2f})"
        out.add(f"{label}: MB per minute", value, key, m["mb_per_minute"], _mb)
        paths = ", ".join(f"{p} {d['per_minute']:.1f}" for p, d in m["by_path"].items())
        out.add(f"{label}: requests per minute",
                _spread(m["requests_slices"], _n) + (f" ({paths})" if paths else ""))  # fmt: skip
        out.add(f"{label}: client CPU, share of a core", _pct(m["cpu_share"]))
        per = f"{_s(m['cpu_per_apply'])} ({m['applies']} applied)" if m["applies"] else "n/a"
        out.add(f"{label}: client CPU per applied poll", per)


def rows(r: dict[str, Any], preset: str) -> list[Row]:
    """The rows of one preset's run."""
    out = _Rows(preset)
    _farm(out, r.get("sim", {}))
    app = r.get("app", {})
    frames = app.get("frames", {})
    screens = (
        ("Jobs (:jobs all)", app.get("jobs"), "jobs"),
        ("Hosts (all)", app.get("hosts"), "hosts"),
        ("Frames (a page of 500)", frames.get("page"), "frames"),
    )
    for name, m, key in screens:
        if not m:
            continue
        out.add(f"Floor {name}: httpx + json.loads", _spread(m["floor"], _s))
        out.add(f"Refresh {name}: CPU per full refresh (ctrl+r)", _spread(m["cpu"], _s),
                f"cpu {key}", m["cpu"].get("median"), _s)  # fmt: skip
        out.add(f"Refresh {name}: x floor", _spread(m["x_floor"], _x),
                f"xfloor {key}", m["x_floor"].get("median"), _x)  # fmt: skip
        out.add(f"First load {name}: CPU / rows", f"{_s(m['first_load']['cpu'])} / {m['rows']:,}")
    inc = frames.get("incremental")
    if inc:
        n = inc["changing"]
        out.add(f"Incremental frames, {n} of the page changing: CPU",
                _spread(inc["clock_held"]["cpu"], _s))  # fmt: skip
        out.add("Incremental frames: share of a full refresh",
                _spread(inc["clock_held"]["share_of_full"], _pct))  # fmt: skip
    if "live_cpu_share" in frames:
        out.add("Frames page live (runtimes tick 1/s), CPU of a core",
                _pct(frames["live_cpu_share"]))  # fmt: skip
    allf = app.get("all_frames")
    if allf and allf.get("built"):
        out.add(
            "All frames: rows in the table / of the job", f"{allf['rows']:,} / {allf['total']:,}"
        )
        whole = allf["rows"] >= allf["total"]
        wall = _s(allf["load_wall"]) + ("" if whole else f", stopped at {allf['rows']:,} rows")
        out.add("All frames: time until all are in the table (wall)", wall, "all frames wall",
                allf["load_wall"] if whole else math.inf, _s)  # fmt: skip
        out.add("All frames: CPU to load them", f"{_s(allf['load_cpu'])} ({allf['pages']} pages)")
        out.add(f"All frames: CPU per live refresh ({allf['changing']} changing)",
                _spread(allf["refresh_cpu"], _s), "all frames refresh",
                allf["refresh_cpu"].get("median"), _s)  # fmt: skip
        out.add("All frames: live, runtimes ticking, CPU of a core",
                _pct(allf["live_cpu_share"]))  # fmt: skip
    elif allf is not None:
        out.add("All frames", "not built")
    _gateway(out, r.get("gateway", {}))
    lat = app.get("latency")
    if lat:
        for key, label in (("poll_in_flight", "a full host list in flight"),
                           ("call_held", "gateway holding the call")):  # fmt: skip
            m = lat[key]
            out.add(f"Key-to-paint p50, {label}", _ms(m["p50"]))
            out.add(f"Key-to-paint p95, {label}", _ms(m["p95"]), "p95", m["p95"], _ms)
    mem = r.get("rss")
    if mem:
        out.add("RSS after every screen", f"{mem['rss_mb']:.0f} MB", "rss", mem["rss_mb"],
                lambda v: f"{v:.0f} MB")  # fmt: skip
        out.add("Peak RSS", f"{mem['peak_mb']:.0f} MB")
    for label, m in r.get("startup", {}).items():
        if label.endswith("(app running)"):
            out.add(f"Start-up to the app's first write, {label[:-14]}", _spread(m, _s))
            continue
        out.out.append(Row(f"Start-up to first table ({label})", _spread(m, _s), "<= 1 s",
                           m["median"] <= 1.0))  # fmt: skip
    idle = r.get("idle")
    if idle:
        what = f"Idle CPU, all jobs, {idle['interval']:g} s refresh, {idle['window']:.0f} s"
        out.out.append(Row(what, _pct(idle["cpu_share"]), "<= 1%", idle["cpu_share"] <= 0.01))
        bpr = idle["bytes_per_refresh"]
        out.add("Idle terminal output per refresh", f"{bpr:.0f} B", "idle bytes", bpr,
                lambda v: f"{v:.0f} B")  # fmt: skip
        most = 60 / idle["interval"]
        out.out.append(Row(f"Idle Jobs requests per minute ({idle['interval']:g} s)",
                           f"{idle['requests_per_minute']:.1f}", f"<= {most:g}",
                           idle["requests_per_minute"] <= most * 1.05))  # fmt: skip
    for name, m in r.get("load", {}).items():
        per = m["per_poll"]
        value = "n/a" if math.isnan(per) else f"{per:.2f}"
        out.out.append(Row(f"Requests per poll, {name} on view (1 s refresh)", value, "<= 1",
                           per <= 1.0))  # fmt: skip
        hidden = sum(m["hidden_requests"].values())
        if m["hidden_requests"]:
            under = ",".join(m["hidden_requests"])
            out.out.append(Row(f"Requests from screens under {name} ({under})", str(hidden), "0",
                               hidden == 0))  # fmt: skip
    return out.out


def merged(by_preset: dict[str, list[Row]]) -> tuple[list[str], list[list[str]]]:
    """One line per figure, in first-seen order; per preset: value, budget, verdict."""
    order: list[str] = []
    cells: dict[str, dict[str, Row]] = {}
    for preset, rs in by_preset.items():
        for r in rs:
            if r.figure not in cells:
                order.append(r.figure)
                cells[r.figure] = {}
            cells[r.figure][preset] = r
    head = ["figure"]
    for preset in by_preset:
        head += [f"{preset}: median [min, max]", "budget", ""]
    lines = []
    for figure in order:
        line = [figure]
        for preset in by_preset:
            r = cells[figure].get(preset)
            line += [r.value, r.budget, r.verdict] if r else ["", "", ""]
        lines.append(line)
    return head, lines


def table(by_preset: dict[str, list[Row]]) -> str:
    head, lines = merged(by_preset)
    widths = [max(len(head[i]), *(len(ln[i]) for ln in lines)) for i in range(len(head))]
    out = [" | ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)).rstrip()]
    out.append("-+-".join("-" * w for w in widths))
    out += [
        " | ".join(c.ljust(w) for c, w in zip(ln, widths, strict=True)).rstrip() for ln in lines
    ]
    return "\n".join(out)


def markdown(by_preset: dict[str, list[Row]]) -> str:
    head, lines = merged(by_preset)
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(ln) + " |" for ln in lines]
    return "\n".join(out)
