"""`?` lists every key of the screen and every `:` view of the navigation table; the palette
writes keys as the footer does (no raw escapes); at 80 columns the footer keeps the keys a
wrangler needs first, and what it has no room for is in `?`."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from tests.tui.conftest import settle
from tests.tui.screen_text import screen_text
from tests.tui.test_readonly_verbs import OPENERS, footer_labels
from textual.content import Content
from textual.widgets import Footer

from cuetui import navigation
from cuetui.commands import ScreenCommands
from cuetui.screens.help import ACTING, MOVING, VIEWING, HelpScreen, grouped_rows

# What each screen's footer must show at 80 columns: how to go on from a row, the verbs a
# wrangler reaches for first, and `?` for the rest.
FOOTER_FIRST: dict[str, set[str]] = {
    "shows": {"Jobs", "Filter", "Help"},
    "jobs": {"Layers", "Frames", "Pause", "Retry", "Eat", "Kill", "Filter", "Help"},
    "layers": {"Frames", "Retry", "Eat", "Kill", "Filter", "Help"},
    "frames": {"Log", "Retry", "Eat", "Kill", "Filter", "Help"},
    "depends": {"Other job", "Satisfy", "Help"},
    "comments": {"Back", "Add comment", "Help"},
    "log": {"Retry", "Kill", "Search", "Back", "Help"},
    "hosts": {"Procs", "Lock/Unlock", "Filter", "Help"},
    "procs": {"Frames", "Kill", "Unbook", "Filter", "Help"},
    "allocs": {"Hosts", "Filter", "Help"},
    "subs": {"Hosts", "Filter", "Help"},
    "groups": {"Open", "To group", "New group", "Delete", "Filter", "Help"},
    "stuck": {"Log", "Retry", "Kill", "Host", "Filter", "Help"},
    "dashboard": set(),  # the wall's screen: no footer, nothing to press
    "help": set(),
    "detail": set(),  # a modal: its keys are in its border
}

# Key names as Textual spells them internally: a user should never read these.
RAW_KEY = re.compile(r"ctrl\+|backslash|question_mark|square_bracket|_sign|\\\\")


def label(description: str) -> str:
    """A row's label without the "(asks first…)" a confirmed verb's description carries."""
    return description.split(" (asks first")[0]


def rows_text(rows: list[tuple[str, str]]) -> dict[str, str]:
    return {label(description): keys for keys, description in rows}


async def test_question_mark_lists_every_view_of_the_navigation_table(make_app, sim) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=(120, 200)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
    lines = text.splitlines()
    for name, view in navigation.VIEWS.items():
        # The view's row: its name (and aliases) and the help the table gives it.
        row = [line for line in lines if re.search(rf"(^|\s):{name}(\s|$)", line)]
        assert row, f":{name} is not in ?"
        assert view.help in row[0], f":{name}: {row[0]!r}"
        for alias in view.aliases:
            assert f":{alias}" in row[0]
    assert ":depends" in text and ":dashboard" in text


async def test_question_mark_lists_every_key_shown_or_not_grouped(make_app, sim) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=(120, 200)) as pilot:
        await settle(pilot)
        jobs = app.screen
        groups = {g: rows_text(rows) for g, rows in grouped_rows(jobs).items()}
        # Moving: the table's cursor keys (never in the footer) and the way back.
        assert groups[MOVING]["Cursor down"] == "↓"
        assert groups[MOVING]["Page down"] == "pgdn"
        assert groups[MOVING]["Back"] == "esc ⌫"
        assert groups[MOVING]["Layers"] == "⏎"
        # Viewing: what is shown and how, hidden from the footer or not.
        assert {"Depends", "Include finished", "Mine only", "Filter", "Sort column"} <= set(
            groups[VIEWING]
        )
        assert groups[VIEWING]["Filter"] == "/"
        # Acting: every verb (footer or not) and the marks.
        assert groups[ACTING]["Kill"] == "^k"
        assert groups[ACTING]["Set priority"] == "P"
        assert "^\\" in groups[ACTING]["Clear marks"].split()
        # Every key of the screen (but Textual's focus and copy keys and the App's, which
        # have their own rows) is in `?`, with the description it has on the screen.
        listed = {
            (k, d) for rows in groups.values() for d, keys in rows.items() for k in keys.split()
        }
        for key, active in jobs.active_bindings.items():
            binding = active.binding
            if active.node is app or "focus" in binding.action or "copy" in binding.action:
                continue
            shown = app.get_key_display(replace(binding, key_display=None))
            assert any(k == shown for k, _ in listed), f"{key} ({binding.description})"
            if active.node is jobs:
                assert (shown, binding.description) in listed, key
        await pilot.press("question_mark")
        await settle(pilot)
        text = screen_text(app)
        for heading in (MOVING, VIEWING, ACTING, "Anywhere"):
            assert heading in text
        assert "^p" in text and "Command palette" in text


async def test_palette_writes_keys_as_textual_displays_them_on_every_screen(make_app, sim) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        checked = 0
        for name, opener in OPENERS.items():
            screen = await opener(app, sim)
            await app.push_screen(screen)
            await settle(pilot)
            provider = ScreenCommands(screen)
            by_description: dict[str, set[str]] = {}
            for active in screen.active_bindings.values():
                key = app.get_key_display(active.binding)
                by_description.setdefault(active.binding.description, set()).add(key)
            async for hit in provider.discover():
                # What the palette draws: its help read as Textual markup.
                shown = Content.from_markup(hit.help or "").plain
                assert not RAW_KEY.search(shown), f"{name}: {hit.text!r} reads {shown!r}"
                if shown.startswith("key "):
                    keys = set(shown[4:].split(" · ")[0].split(" "))
                    assert keys <= by_description[str(hit.text)], f"{name}: {shown}"
                    checked += 1
            app.pop_screen()
            await settle(pilot)
        assert checked > 40


async def test_clear_marks_reads_as_the_footer_writes_it_in_the_palette(make_app, sim) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        hits = {
            str(h.text): Content.from_markup(h.help or "").plain
            async for h in ScreenCommands(app.screen).discover()
        }
        # ctrl+backslash as the footer writes it: one backslash, last on the line.
        assert hits["Clear marks"].startswith("key ") and hits["Clear marks"].endswith(" ^\\")
        assert hits["Go to :hosts"] == navigation.VIEWS["hosts"].help


def _fits(screen: Any) -> bool:
    """Every key of the footer is drawn whole inside the terminal's width."""
    width = screen.app.size.width
    keys = [k for footer in screen.query(Footer) for k in footer.query("FooterKey")]
    return all(k.region.right <= width and k.region.width > 0 for k in keys)


async def test_footer_at_80x24_keeps_the_first_keys_of_every_screen(make_app, sim) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for name, opener in OPENERS.items():
            screen = await opener(app, sim)
            await app.push_screen(screen)
            await settle(pilot)
            labels = footer_labels(screen)
            first = FOOTER_FIRST.get(name, set())  # a screen added since: it fits, at least
            assert first <= labels, f"{name}: {sorted(labels)}"
            assert _fits(screen), name
            if first:
                # What the footer leaves out is in `?`.
                listed = {label(d) for rows in grouped_rows(screen).values() for _, d in rows}
                assert labels <= listed, name
            app.pop_screen()
            await settle(pilot)
