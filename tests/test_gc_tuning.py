"""Freed heap goes back to the system after the resident set grew by enough (glibc)."""

from __future__ import annotations

import pytest

from cuetui import gc_tuning

MB = 1024 * 1024


class Heap:
    """A fake resident set, and a malloc_trim that brings it down by 30 MB."""

    def __init__(self) -> None:
        self.resident = 200 * MB
        self.trims = 0

    def trim(self, pad: int) -> int:
        self.trims += 1
        self.resident -= 30 * MB
        return 1


@pytest.fixture
def heap(monkeypatch: pytest.MonkeyPatch) -> Heap:
    fake = Heap()
    monkeypatch.setattr(gc_tuning, "_malloc_trim", fake.trim)
    monkeypatch.setattr(gc_tuning, "resident_bytes", lambda: fake.resident)
    monkeypatch.setattr(gc_tuning, "_floor", 0)
    return fake


def test_gives_back_once_grown_by_the_threshold_and_not_on_every_poll(heap: Heap) -> None:
    assert gc_tuning.give_back() is True
    assert heap.trims == 1
    # The rows on view polled again: nothing grew, nothing is walked.
    assert gc_tuning.give_back() is False
    heap.resident += gc_tuning.TRIM_GROWTH - MB
    assert gc_tuning.give_back() is False
    # A whole list came: the resident set grew past the threshold since the last give-back.
    heap.resident += 2 * MB
    assert gc_tuning.give_back() is True
    assert heap.trims == 2


def test_nothing_to_call_off_glibc(monkeypatch: pytest.MonkeyPatch, heap: Heap) -> None:
    monkeypatch.setattr(gc_tuning, "_malloc_trim", None)
    assert gc_tuning.give_back() is False
    assert heap.trims == 0


def test_the_real_resident_set_is_read_on_linux() -> None:
    resident = gc_tuning.resident_bytes()
    assert resident is None or resident > 10 * MB
