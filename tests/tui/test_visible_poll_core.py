"""RowsPoll without Textual: which rows a poll asks for, when the whole list is due, ages."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from cuetui.client.tally import counting, received
from cuetui.core.visible_poll import MAX_MARKED, MIN_FULL_SHARE, RowsPoll


@dataclass
class Row:
    id: str
    v: int = 0


def poll(now: list[float], budget: float = 1000.0, interval: float = 5.0) -> RowsPoll[Row]:
    rows: RowsPoll[Row] = RowsPoll(budget=budget, clock=lambda: now[0])
    rows.interval = interval
    return rows


def test_a_cheap_list_is_fetched_whole_every_time() -> None:
    now = [100.0]
    rows = poll(now)
    assert rows.plan(["a"]) is None  # nothing known yet: the whole list
    rows.took_full([Row("a"), Row("b")], size=4_000)  # 4 kB in 5 s < 1000 B/s * 5 s
    assert not rows.split
    assert rows.plan(["a"]) is None
    assert rows.full_interval() == 5.0


def test_a_big_list_asks_for_the_rows_on_view_and_the_whole_list_when_its_bytes_allow() -> None:
    now = [100.0]
    rows = poll(now)
    rows.took_full([Row(str(i)) for i in range(100)], size=60_000)
    assert rows.split
    # 60 kB against 1000 B/s: every 60 s while the rows cost nothing.
    assert rows.full_interval() == pytest.approx(60.0)
    assert rows.plan(["3", "4", "gone"], marked=["90", "3"]) == ["3", "4", "90"]
    merged = rows.took_rows(["3", "4", "90"], [Row("3", 1), Row("90", 1)], size=500)
    # "4" did not come: it left the criteria; the rest keep their order and items.
    assert [r.id for r in merged] == [str(i) for i in range(100) if i != 4]
    assert merged[3] == Row("3", 1) and rows.items["90"].v == 1
    # 500 B per 5 s: 100 B/s of the budget goes to the rows; the list gets the rest.
    assert rows.rows_rate == pytest.approx(100.0)
    assert rows.full_interval() == pytest.approx(60_000 / 900)
    now[0] += 30
    assert rows.plan(["3"]) == ["3"]
    now[0] += 40
    assert rows.plan(["3"]) is None  # due


def test_the_rows_keep_a_share_of_the_budget_for_the_whole_list() -> None:
    now = [0.0]
    rows = poll(now)
    rows.took_full([Row("a")], size=60_000)
    rows.took_rows(["a"], [Row("a")], size=50_000)  # rows alone over the budget
    assert rows.full_interval() == pytest.approx(60_000 / (1000 * MIN_FULL_SHARE))


def test_asked_for_it_the_whole_list_comes_next_whatever_the_schedule() -> None:
    now = [0.0]
    rows = poll(now)
    rows.took_full([Row("a")], size=60_000)
    assert rows.plan(["a"]) == ["a"]
    rows.want_full()
    assert rows.plan(["a"]) is None
    rows.took_full([Row("a")], size=60_000)
    assert rows.plan(["a"]) == ["a"]


def test_marked_rows_beyond_the_view_are_bounded() -> None:
    now = [0.0]
    rows = poll(now)
    rows.took_full([Row(str(i)) for i in range(1000)], size=600_000)
    asked = rows.plan(["0"], marked=[str(i) for i in range(1000)])
    assert asked is not None and len(asked) == 1 + MAX_MARKED


def test_ages_and_rows_scrolled_to_since_the_last_poll() -> None:
    now = [0.0]
    rows = poll(now)
    rows.took_full([Row("a"), Row("b")], size=60_000)
    assert not rows.unseen(["a", "b"])
    now[0] = 50.0
    rows.took_rows(["a"], [Row("a")], size=100)
    assert rows.age("a") == 0 and rows.age("b") == 50
    assert rows.is_old("b", 25) and not rows.is_old("a", 25)
    assert rows.unseen(["b"]) and not rows.unseen(["a"])
    assert rows.age("zzz") is None and not rows.is_old("zzz", 0)


def test_rows_without_an_id_stay_for_the_table_to_report() -> None:
    now = [0.0]
    rows = poll(now)
    shown = rows.took_full([Row("a"), Row(""), Row("a")], size=60_000)
    assert len(shown) == 3
    assert [r.id for r in rows.took_rows(["a"], [Row("a")], size=10)] == ["a", "", "a"]


def test_a_view_that_cannot_ask_by_id_keeps_nothing() -> None:
    rows: RowsPoll[Row] = RowsPoll(enabled=False)
    items = [Row("a")]
    assert rows.took_full(items, size=10**9) is items
    assert not rows.split and rows.items == {}


async def test_a_poll_counts_the_bytes_of_its_own_task_only() -> None:
    now = [0.0]
    rows = poll(now)

    async def fetch() -> list[Row]:
        received(70_000)
        return [Row("a")]

    async def fetch_rows(ids: list[str]) -> list[Row]:
        received(123)
        return [Row(i) for i in ids]

    received(5)  # no tally open: not counted anywhere
    with counting() as outer:
        assert [r.id for r in await rows.run(["a"], [], fetch, fetch_rows)] == ["a"]
        assert rows.full_bytes == 70_000
        await rows.run(["a"], [], fetch, fetch_rows)
        assert rows.rows_rate == pytest.approx(123 / 5)
    assert outer.bytes == 0  # each poll's tally is its own
