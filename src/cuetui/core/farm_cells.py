"""Cell formats shared by the hosts, procs, allocations and subscriptions screens."""

from __future__ import annotations

from cuetui.models.format import cores

# rqd reports at most every 30 s (RQD_MAX_PING_INTERVAL_SEC): past two missed reports the
# host is worth a look; Cuebot's maintenance marks hosts that stay silent ~5 min DOWN.
PING_LATE = 60
PING_LOST = 300

_KB_STEPS = ((1024**3, "T"), (1024**2, "G"), (1024, "M"))


def _num(value: float) -> str:
    return f"{value:.0f}" if value >= 10 or value == int(value) else f"{value:.1f}"


def mem_pair(pair: tuple[int, int]) -> str:
    """`(part_kb, total_kb)` in the total's unit, unit once: `58/64G`, `1.5/8G`, `0/0`."""
    part, total = pair
    if total <= 0:
        return "0/0"
    size, unit = next(((s, u) for s, u in _KB_STEPS if total >= s), (1, "K"))
    return f"{_num(max(0, part) / size)}/{_num(total / size)}{unit}"


def cores_pair(pair: tuple[float, float]) -> str:
    """`(part, total)` cores: `12/16`, `0.5/8`."""
    return f"{cores(pair[0])}/{cores(pair[1])}"


def ping_style(age: int) -> str:
    if age >= PING_LOST:
        return "bold red"
    if age >= PING_LATE:
        return "yellow"
    return ""


def ping_text(age: int) -> str:
    """Seconds up to a minute (a healthy host), then minutes/hours (a stale one)."""
    if age < 60:
        return f"{age}s"
    if age < 3600:
        return f"{age // 60}m"
    if age < 86400:
        return f"{age // 3600}h{age % 3600 // 60:02d}"
    return f"{age // 86400}d{age % 86400 // 3600}h"


def percent_text(value: float) -> str:
    """A percentage that may pass 100 (a show bursting past its size)."""
    return f"{value:.0f}%"


def pair_fraction(pair: tuple[float, float]) -> float:
    """Sort key for an `(part, total)` pair: the fraction, then the total."""
    part, total = pair
    return part / total if total > 0 else -1.0
