"""The wall's trends (fixed memory, gaps kept honest) and its block digits."""

from __future__ import annotations

from cuetui.core.farm_summary import FarmSummary
from cuetui.core.trends import BUCKET_SECONDS, BUCKETS, Trends
from cuetui.widgets.big_figures import block_lines, block_width
from cuetui.widgets.dash_trends import spark_rows


def summary(running: int, dead: int = 0) -> FarmSummary:
    return FarmSummary(running=running, dead=dead, pending_jobs=3, waiting=5, reserved_cores=8.0)


def values(trends: Trends, key: str) -> tuple[float | None, ...]:
    return next(t.values for t in trends.series() if t.key == key)


def test_the_first_poll_fills_the_first_bucket() -> None:
    trends = Trends()
    trends.add(1000.0, summary(7, dead=2))
    assert values(trends, "running") == (7.0,)
    assert values(trends, "dead") == (2.0,)
    assert values(trends, "cores") == (8.0,)


def test_a_week_of_polls_keeps_one_hour_in_the_same_few_slots() -> None:
    trends = Trends()
    start = 1_000_000.0
    for i in range(7 * 24 * 3600 // 5):  # a poll every 5 s for a week
        trends.add(start + 5 * i, summary(i % 50))
    assert len(trends) == BUCKETS
    assert all(len(t.values) == BUCKETS for t in trends.series())


def test_polls_in_one_bucket_keep_the_last_value() -> None:
    trends = Trends()
    trends.add(0.0, summary(1))
    trends.add(BUCKET_SECONDS / 2, summary(9))
    assert values(trends, "running") == (9.0,)


def test_a_slow_poll_draws_a_line_and_an_outage_stays_empty() -> None:
    trends = Trends()
    trends.add(0.0, summary(1))
    trends.add(2 * BUCKET_SECONDS, summary(2))  # a poll a minute: the bucket between carries
    assert values(trends, "running") == (1.0, 1.0, 2.0)
    trends.add(2 * BUCKET_SECONDS + 600, summary(3))  # ten minutes without an answer
    after = values(trends, "running")
    assert after[-1] == 3.0 and after[3:-1] == (None,) * (len(after) - 4)


def test_a_clock_that_goes_back_keeps_the_newer_history() -> None:
    trends = Trends()
    trends.add(10 * BUCKET_SECONDS, summary(5))
    trends.add(0.0, summary(99))
    assert values(trends, "running") == (5.0,)


def test_sparkline_scales_between_the_lowest_and_highest_and_leaves_gaps_blank() -> None:
    assert spark_rows((0.0, 4.0, 8.0, None), 4, 1) == ["▁▅█ "]
    assert spark_rows((3.0, 3.0), 2, 1) == ["▅▅"]  # flat: a line in the middle, not nothing
    two = spark_rows((0.0, 16.0), 2, 2)
    assert two == [" █", "▁█"]
    assert spark_rows((1.0, 2.0, 3.0), 2, 1) == ["▁█"]  # the newest that fit


def test_block_digits_two_sizes() -> None:
    small = block_lines("10", 1)
    assert len(small) == 4 and len(small[0]) == block_width("10", 1) == 11
    large = block_lines("10", 2)
    assert len(large) == 7 and len(large[0]) == block_width("10", 2) == 22
    assert large[6].startswith("  ██████")  # the 1's foot, twice as wide
