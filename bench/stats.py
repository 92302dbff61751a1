"""Median and spread of repeated samples (these machines are shared: one sample means little)."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from typing import Any


def summary(values: Sequence[float]) -> dict[str, Any]:
    """median, min, max, quartiles and the count (empty -> only n=0)."""
    vals = sorted(float(v) for v in values)
    if not vals:
        return {"n": 0}
    q = statistics.quantiles(vals, n=4, method="inclusive") if len(vals) > 1 else [vals[0]] * 3
    return {
        "median": statistics.median(vals),
        "p25": q[0],
        "p75": q[2],
        "min": vals[0],
        "max": vals[-1],
        "n": len(vals),
    }


def percentile(values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile (p95 of 40 samples is the 38th)."""
    vals = sorted(values)
    if not vals:
        return float("nan")
    rank = max(1, min(len(vals), math.ceil(pct / 100 * len(vals))))
    return vals[rank - 1]


def ratios(num: Sequence[float], den: Sequence[float]) -> list[float]:
    """Pairwise num[i]/den[i], the samples taken back to back."""
    return [n / d for n, d in zip(num, den, strict=False) if d > 0]
