"""The `/` filter and the log search stay bounded: no typed pattern freezes cuetui."""

from __future__ import annotations

import re
import subprocess
import sys
import time

import pytest
from tests.tui.conftest import settle

from cuetui.app import CuetuiApp
from cuetui.config import Settings
from cuetui.core import text_match
from cuetui.core.text_match import compile_filter, runaway_reason, smart_case, within
from cuetui.navigation import ViewContext
from cuetui.widgets.filter_bar import FilterBar

RUNAWAY = "(.*)*#"


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        (RUNAWAY, text_match.NESTED),
        ("(a+)+$", text_match.NESTED),
        ("(x?y*)*z", text_match.NESTED),
        ("(a|ab)*c", text_match.OVERLAP),
        ("(.|x)+!", text_match.OVERLAP),
        (".*.*.*.*#", text_match.TOO_MANY),
    ],
)
def test_runaway_shapes_are_matched_as_text(pattern: str, reason: str) -> None:
    assert runaway_reason(pattern, re.IGNORECASE) == reason
    found = compile_filter(pattern)
    assert found.note == f"{reason}: matching as text"
    assert found.pattern is not None and found.pattern.search(f"x{pattern.upper()}y")
    started = time.perf_counter()
    assert not found.pattern.search("a" * 10_000)
    assert time.perf_counter() - started < 0.5


@pytest.mark.parametrize(
    "pattern",
    ["job0[3-5]", "render.*fail", "^testing-sh0(1|2)0", r"\d+-\d+", "(foo|bar)+x", "(ab){2}",
     r"(\w|\d)*#", "(?>a+)+b"],
)  # fmt: skip
def test_ordinary_regexes_stay_regexes(pattern: str) -> None:
    found = compile_filter(pattern)
    assert found.note is None
    assert found.pattern is not None and found.pattern.pattern == pattern


def test_not_a_regex_and_empty() -> None:
    assert compile_filter("job(").note == "not a regex: matching as text"
    assert compile_filter("job(").pattern.search("a JOB( here")
    assert compile_filter("").pattern is None


def test_within_stops_at_the_budget() -> None:
    now = [0.0]
    ran: list[int] = []

    def steps():
        for i in range(10):
            ran.append(i)
            now[0] += 1.0
            yield i

    assert not within(2.5, steps(), clock=lambda: now[0])
    assert ran == [0, 1, 2]
    assert within(100.0, iter(range(5)))


def test_log_search_is_smart_case_plain_text() -> None:
    assert smart_case(RUNAWAY).search("a (.*)*# b")
    assert smart_case("error").flags & re.IGNORECASE
    assert not smart_case("ERROR").flags & re.IGNORECASE
    assert smart_case("") is None


def test_core_runs_without_textual() -> None:
    code = (
        "import sys, cuetui.core.text_match; "
        "print(any(m == 'textual' or m.startswith('textual.') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "False"


def _app(sim) -> CuetuiApp:
    settings = Settings.for_gateway(sim.url, jwt_secret=sim.secret, user="tester", refresh=600.0)
    return CuetuiApp(settings)


def _note(app) -> str:
    return str(app.screen.query_one(".bar-note").render())


@pytest.mark.timeout(60)  # the old filter never came back from `(.*)*#`
async def test_runaway_filter_on_thousands_of_jobs_returns_at_once(sim_large, monkeypatch) -> None:
    # The nested repeat is refused before any row is matched; the time budget has its own
    # test below, and on a loaded machine it turned the normal regex here into text.
    monkeypatch.setattr("cuetui.widgets.resource_table.FILTER_BUDGET", 30.0)
    app = _app(sim_large)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        app.run_command("jobs all", ViewContext())
        await settle(pilot)
        table = app.screen.table
        total = table.counts[1]
        assert total >= 2000
        await pilot.press("slash")
        bar = app.screen.query_one(FilterBar)
        started = time.monotonic()
        bar.value = RUNAWAY  # as typed (key presses on 2,000 rows cost the pilot seconds each)
        await pilot.pause()
        assert time.monotonic() - started < 5
        assert table.counts == (0, total)  # no job name holds the text `(.*)*#`
        assert _note(app) == f"{text_match.NESTED}: matching as text"
        assert bar.value == RUNAWAY and bar.has_focus
        # A normal regex still filters, as a regex, without a note.
        bar.value = "sh0[12]0"
        await pilot.pause()
        shown = table.visible_items()
        assert 0 < len(shown) < total
        assert all(re.search("sh0[12]0", j.name, re.IGNORECASE) for j in shown)
        assert _note(app) == ""


async def test_a_slow_regex_falls_back_within_the_budget(make_app, monkeypatch) -> None:
    monkeypatch.setattr("cuetui.widgets.resource_table.FILTER_BUDGET", 0.0)
    app = make_app(show="testing")
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        table = app.screen.table
        await pilot.press("slash", *".*.*sh0")
        await settle(pilot)
        assert _note(app) == f"{text_match.TOO_SLOW}: matching as text"
        assert table.counts[0] == 0  # the text `.*.*sh0` is in no name
