"""Garbage-collector settings for a process that keeps a farm's worth of objects alive.

CPython starts a young collection every 700 net allocations, and every few of those a full one
that walks every tracked object. A poll of 5,000 hosts allocates tens of thousands of objects,
and the app holds 150,000-600,000 (models, rows, cells, Textual's own): measured with bench/,
collections were ~40% of a Jobs or Hosts refresh (full ones 100-250 ms each) and of loading
all 20,000 frames of a job. Objects are freed by reference counting either way; only cycles
wait for a collection.
"""

from __future__ import annotations

import gc

THRESHOLDS = (50_000, 10, 10)
"""A young collection every 50,000 net allocations (a full one every 5,000,000)."""

_tuned = False


def tune() -> None:
    """Collect less often, and keep what exists now (imports, the app's first widgets) out of
    every later collection. Once per process: tests build many apps."""
    global _tuned
    if _tuned:
        return
    _tuned = True
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)
