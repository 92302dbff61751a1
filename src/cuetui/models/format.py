"""Pure formatting helpers for the screens: memory, durations, times, cores."""

from __future__ import annotations

import time

_KB_UNITS = ("K", "M", "G", "T", "P")


def human_kb(kb: float | int | None) -> str:
    """Memory given in KB (every OpenCue memory field) as `512K`, `300M`, `1.5G`, `2.0T`."""
    if not kb or kb < 0:
        return "0K"
    value = float(kb)
    unit = 0
    while value >= 1024 and unit < len(_KB_UNITS) - 1:
        value /= 1024
        unit += 1
    # Like CueGUI's memoryToString: whole K and M, one decimal from G up.
    if unit <= 1:
        return f"{int(value)}{_KB_UNITS[unit]}"
    return f"{value:.1f}{_KB_UNITS[unit]}"


def duration(seconds: float | int | None) -> str:
    """`HH:MM:SS` (hours grow past 99), as CueGUI shows frame runtimes; 0 or less -> `00:00:00`."""
    total = max(0, int(seconds or 0))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}"


def duration_hhmm(seconds: float | int | None) -> str:
    """`HHH:MM`, as CueGUI shows a job's age."""
    total = max(0, int(seconds or 0))
    hours, rest = divmod(total, 3600)
    return f"{hours:03d}:{rest // 60:02d}"


def short_duration(seconds: float | int | None) -> str:
    """Compact age for narrow columns: `42s`, `7m`, `3h12m`, `5d4h`."""
    total = max(0, int(seconds or 0))
    if total < 60:
        return f"{total}s"
    if total < 3600:
        return f"{total // 60}m"
    if total < 86400:
        hours, rest = divmod(total, 3600)
        return f"{hours}h{rest // 60:02d}m"
    days, rest = divmod(total, 86400)
    return f"{days}d{rest // 3600}h"


def epoch(ts: int | float | None, fmt: str = "%m/%d %H:%M") -> str:
    """An epoch-seconds field as local time (`MM/DD HH:MM` like CueGUI); 0 or unset -> ``."""
    if not ts or ts <= 0:
        return ""
    return time.strftime(fmt, time.localtime(ts))


def cores(value: float | int | None) -> str:
    """Cores without a needless `.0`: `16`, `0.5`, `2.25`."""
    if value is None:
        return "0"
    text = f"{float(value):.2f}".rstrip("0").rstrip(".")
    return text or "0"


def percent(fraction: float | None) -> str:
    """A 0..1 fraction as `42%`."""
    if not fraction or fraction < 0:
        return "0%"
    return f"{min(fraction, 1.0) * 100:.0f}%"


def centcores(value: int | float | None) -> float:
    """Subscription sizes are in hundredths of a core; this is the value in cores."""
    return (value or 0) / 100.0
