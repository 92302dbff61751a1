"""`/` filter, `s`/`S` sort and `space` marks on a real screen, across refreshes."""

from __future__ import annotations

from tests.tui.conftest import goto_row, job_id, refresh, settle


def names(app) -> list[str]:
    return [j.name for j in app.screen.table.visible_items()]


async def test_filter_keys_substring_regex_invert_and_escape(make_app, sim) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        total = len(names(app))
        failing = job_id(sim, "failing")
        await goto_row(pilot, failing)
        await pilot.press("slash", *"JSMITH", "enter")  # case-insensitive substring
        assert names(app) and all("jsmith" in n for n in names(app))
        assert app.screen.table.cursor_key == failing  # the cursor stayed on its job
        await refresh(pilot)  # the filter holds across a refresh
        assert names(app) and all("jsmith" in n for n in names(app))
        await pilot.press("slash", "ctrl+u", *"sh0[12]0", "enter")  # regex
        assert sorted(names(app)) == [
            "testing-sh010-jsmith_fx_sim_v012",
            "testing-sh020-mchen_lighting_v004",
        ]
        await pilot.press("slash", "ctrl+u", *"!failing", "enter")  # invert, on any column
        assert names(app) and all(
            j.display_state != "Failing" for j in app.screen.table.visible_items()
        )
        await pilot.press("escape")  # clears the filter (does not leave the screen)
        assert len(names(app)) == total
        assert type(app.screen).__name__ == "JobsScreen"


async def test_filter_escape_while_typing_clears(make_app) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        total = len(names(app))
        await pilot.press("slash", *"zzz")
        assert names(app) == []
        await pilot.press("escape")
        assert len(names(app)) == total
        assert app.screen.focused is app.screen.table


async def test_sort_keeps_the_cursor_on_the_same_job(make_app, sim) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        failing = job_id(sim, "failing")
        await goto_row(pilot, failing)
        for _ in range(4):
            await pilot.press("s")  # name, comment, state, progress...
            assert app.screen.table.cursor_key == failing
        await pilot.press("S")
        assert app.screen.table.cursor_key == failing
        col, reverse = app.screen.table.sort_state
        assert col == "progress" and reverse
        keys = [j.job_stats for j in app.screen.table.visible_items()]
        fractions = [s.succeeded_frames / max(1, sum((s.succeeded_frames, s.running_frames,
                     s.waiting_frames, s.depend_frames, s.dead_frames, s.eaten_frames)))
                     for s in keys]  # fmt: skip
        assert fractions == sorted(fractions, reverse=True)
        sim.tick(20)
        await refresh(pilot)
        assert app.screen.table.cursor_key == failing


async def test_marks_survive_refreshes_and_escape_clears_them(make_app, sim) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await goto_row(pilot, job_id(sim, "failing"))
        await pilot.press("space", "space")
        marks = app.screen.table.marks
        assert len(marks) == 2
        sim.tick(5)
        await refresh(pilot)
        assert app.screen.table.marks == marks
        assert "2 marked" in str(app.screen.query_one("#crumbs-right").render())
        await pilot.press("escape")
        assert app.screen.table.marks == frozenset()
        assert type(app.screen).__name__ == "JobsScreen"


async def test_mine_and_finished_toggles_change_the_query(make_app, sim) -> None:
    app = make_app(show="testing", user="jsmith")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        sim.clear_calls()
        await pilot.press("u")
        await settle(pilot)
        body = sim.calls_to("/job.JobInterface/GetJobs")[-1].body
        assert body == {"r": {"shows": ["testing"], "users": ["jsmith"], "includeFinished": False}}
        assert names(app) and all("jsmith" in n for n in names(app))
        await pilot.press("I")  # shift+i: `i` is the detail pane
        await settle(pilot)
        body = sim.calls_to("/job.JobInterface/GetJobs")[-1].body
        assert body["r"]["includeFinished"] is True
        assert "testing-sh005-jsmith_layout_v001" in names(app)
        assert "(mine +finished)" in str(app.screen.query_one("#crumbs-left").render())


def burst(app, text: str) -> None:
    """Post keys the way a paste or a fast link delivers them: all at once, no waiting."""
    from textual import events
    from textual.keys import _character_to_key

    for ch in text:
        if ch == "\n":
            app.post_message(events.Key("enter", "\r"))
        elif ch == "\x1b":
            app.post_message(events.Key("escape", "\x1b"))
        else:
            app.post_message(events.Key(_character_to_key(ch), ch))


async def test_keys_typed_in_a_burst_go_where_they_were_meant(make_app) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        burst(app, "/fx\n:jobs all\n")  # the `f` must not open frames, `:` must not filter
        await settle(pilot)
        assert app.screen.shows is None  # :jobs all ran
        burst(app, "/abc\x1bs")  # Esc clears the filter, then `s` sorts
        await settle(pilot)
        assert app.screen.table.filter_text == ""
        assert app.screen.table.sort_state == ("name", False)
        assert app.screen.focused is app.screen.table
