"""Garbage-collector and allocator settings for a process that keeps a farm's worth of objects.

CPython starts a young collection every 700 net allocations, and every few of those a full one
that walks every tracked object. A poll of 5,000 hosts allocates tens of thousands of objects,
and the app holds 150,000-600,000 (models, rows, cells, Textual's own): measured with bench/,
collections were ~40% of a Jobs or Hosts refresh (full ones 100-250 ms each) and of loading
all 20,000 frames of a job. Objects are freed by reference counting either way; only cycles
wait for a collection.

Parsing a whole list frees about as much as it keeps (pydantic-core's tree of the JSON, the
answer's bytes), in the middle of the heap, which glibc keeps resident: `give_back` returns it.
"""

from __future__ import annotations

import ctypes
import gc
import os
from collections.abc import Callable

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


# -- giving freed heap back ------------------------------------------------------------------

TRIM_GROWTH = 24 * 1024 * 1024
"""Bytes the resident set must have grown by since the last give-back before the next one."""


def _find_malloc_trim() -> Callable[[int], int] | None:
    try:
        return ctypes.CDLL(None).malloc_trim
    except (AttributeError, OSError):  # not glibc: nothing to call
        return None


_malloc_trim = _find_malloc_trim()
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
_floor = 0
"""Resident bytes right after the last give-back."""


def resident_bytes() -> int | None:
    """This process's resident set (Linux), else None."""
    try:
        with open("/proc/self/statm", "rb") as f:
            return int(f.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return None


def give_back(force: bool = False) -> bool:
    """Hand the heap's free pages back to the system when the resident set has grown by
    `TRIM_GROWTH` since the last give-back (glibc's `malloc_trim`); True when it did.

    After a whole list of 25,000 hosts is parsed, ~35 MB of the heap is free between live
    objects and stays resident (glibc returns only the heap's top by itself). Called once a
    poll's rows are painted; a give-back walks the free heap (~5 ms there), and the growth
    test keeps it to the polls that brought a whole list, not every poll of the rows on view.
    `force`: whatever the growth (a view and its lists have just gone).
    """
    global _floor
    if _malloc_trim is None:
        return False
    resident = resident_bytes()
    if resident is None or (not force and resident - _floor < TRIM_GROWTH):
        return False
    _malloc_trim(0)
    _floor = resident_bytes() or resident
    return True
