"""Values a user types for a verb: what parses, and the message a bad value shows."""

from __future__ import annotations

import pytest

from cuetui.core.inputs import cores_error, int_error, memory_error, parse_cores, parse_memory_kb


@pytest.mark.parametrize("text", ["nan", "inf", "-inf", "-1", "", "four"])
def test_cores_that_are_not_a_count_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_cores(text)
    assert cores_error(100)(text) == "Give a number of cores, e.g. 4 or 0.5"


def test_cores_parse_and_are_bounded() -> None:
    assert parse_cores(" 0.5 ") == 0.5
    assert cores_error(100)("4") is None
    assert cores_error(100)("101") == "At most 100"


@pytest.mark.parametrize(
    ("text", "kb"),
    [("8", 8 * 1024**2), ("8G", 8 * 1024**2), ("512M", 512 * 1024), ("1.5gb", 1572864)],
)
def test_memory_reads_as_cuegui_asks(text: str, kb: int) -> None:
    assert parse_memory_kb(text) == kb
    assert memory_error(text) is None


@pytest.mark.parametrize("text", ["nan", "infG", "-1G", "", "G"])
def test_memory_that_is_not_a_size_is_refused(text: str) -> None:
    assert memory_error(text) == "Give a size: 8 (GB), 8G or 512M"


def test_whole_numbers_in_range() -> None:
    assert int_error(0, 10)("10") is None
    assert int_error(0, 10)("11") == "Between 0 and 10"
    assert int_error(0, 10)("1.5") == "Give a whole number"
