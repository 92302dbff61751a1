"""--readonly, walked over every screen of the navigation table: no writing verb in the footer,
`?` or the palette, and pressing or running one sends nothing to the farm.

The writing verbs come from each screen's own declaration (`VERBS`), not from a list kept here:
a screen added to the navigation table must get an opener below, and a verb declared on it is
checked with no change to this file.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from tests.tui.conftest import job_id, settle
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer

from cuetui import navigation
from cuetui.app import CuetuiApp
from cuetui.commands import ScreenCommands
from cuetui.core.details import details
from cuetui.screens.base.verb import Verb, VerbScreen
from cuetui.screens.help import binding_rows
from cuetui.sim.harness import SimHarness

READ = re.compile(r"^/[\w.]+/(Get|Find|Is)\w*$")


def writes(sim: SimHarness) -> list[str]:
    """Every call that is not a read: what a read-only session must never send."""
    return [c.path for c in sim.calls if not READ.match(c.path)]


async def _job(app: CuetuiApp, sim: SimHarness) -> Any:
    jobs = await app.client.get_jobs(shows=["testing"])
    return next(j for j in jobs if j.id == job_id(sim, "failing"))


async def _frame_log(app: CuetuiApp, sim: SimHarness) -> Screen[Any]:
    job = await _job(app, sim)
    frame = (await app.client.get_frames(job, limit=10))[0]
    return navigation.screen("log").for_frame(job, frame)


async def _procs(app: CuetuiApp, sim: SimHarness) -> Screen[Any]:
    hosts = await app.client.get_hosts()
    busy = next(h for h in hosts if h.used_cores > 0)
    return navigation.screen("procs")(host=busy)


def _of_job(name: str) -> Callable[[CuetuiApp, SimHarness], Awaitable[Screen[Any]]]:
    async def make(app: CuetuiApp, sim: SimHarness) -> Screen[Any]:
        return navigation.screen(name)(await _job(app, sim))

    return make


def _plain(name: str, *args: Any) -> Callable[[CuetuiApp, SimHarness], Awaitable[Screen[Any]]]:
    async def make(app: CuetuiApp, sim: SimHarness) -> Screen[Any]:
        return navigation.screen(name)(*args)

    return make


async def _help(app: CuetuiApp, sim: SimHarness) -> Screen[Any]:
    return navigation.screen("help")(app.screen)


async def _detail(app: CuetuiApp, sim: SimHarness) -> Screen[Any]:
    job = await _job(app, sim)
    return navigation.screen("detail")(f"job {job.name}", details(job))


async def _filter_detail(app: CuetuiApp, sim: SimHarness) -> Screen[Any]:
    show = await app.client.find_show("testing")
    flt = (await app.client.get_filters(show))[-1]
    return navigation.screen("filter_detail")("testing", flt, show)


async def _dept_tasks(app: CuetuiApp, sim: SimHarness) -> Screen[Any]:
    show = await app.client.find_show("testing")
    dept = next(d for d in await app.client.get_departments(show) if d.dept == "lighting")
    return navigation.screen("dept_tasks")("testing", dept)


async def _farms(app: CuetuiApp, sim: SimHarness) -> Screen[Any]:
    return navigation.screen("farms")([("sim", app.settings, "")])


# How to open each screen of the navigation table on the simulated farm.
OPENERS: dict[str, Callable[[CuetuiApp, SimHarness], Awaitable[Screen[Any]]]] = {
    "shows": _plain("shows"),
    "jobs": _plain("jobs", ["testing"]),
    "layers": _of_job("layers"),
    "frames": _of_job("frames"),
    "depends": _of_job("depends"),
    "comments": _of_job("comments"),
    "log": _frame_log,
    "hosts": _plain("hosts"),
    "procs": _procs,
    "allocs": _plain("allocs"),
    "subs": _plain("subs", "testing"),
    "groups": _plain("groups", "testing"),
    "filters": _plain("filters", "testing"),
    "filter_detail": _filter_detail,
    "dashboard": _plain("dashboard"),
    "help": _help,
    "stuck": _plain("stuck", ["testing"]),
    "detail": _detail,
    "limits": _plain("limits"),
    "facilities": _plain("facilities"),
    "journal": _plain("journal"),
    "depts": _plain("depts", "testing"),
    "dept_tasks": _dept_tasks,
    "owners": _plain("owners"),
    "services": _plain("services", "testing"),
    "farms": _farms,
}


def writing_verbs(screen: Screen[Any]) -> list[Verb]:
    verbs = screen.VERBS.values() if isinstance(screen, VerbScreen) else ()
    return [v for v in verbs if v.writes]


def help_label(verb: Verb) -> str:
    """How `?` names a verb: its label, and "(asks first)" when it declares a confirm."""
    return f"{verb.label} ({verb.asks})" if verb.asks else verb.label


def footer_labels(screen: Screen[Any]) -> set[str]:
    keys = [key for footer in screen.query(Footer) for key in footer.query("FooterKey")]
    return {str(key.description) for key in keys}


def palette_titles(screen: Screen[Any]) -> set[str]:
    return {title for title, _, _ in ScreenCommands(screen)._commands()}


def test_every_screen_of_the_navigation_table_is_walked() -> None:
    assert set(OPENERS) == set(navigation.SCREENS)


def test_verbs_are_declared_not_forwarded() -> None:
    """No screen keeps a hand-made write list or a one-line `action_<verb>` forwarder, and
    every `verb(...)` binding names a verb the screen declares."""
    declared = 0
    for name in navigation.SCREENS:
        cls = navigation.screen(name)
        assert not hasattr(cls, "WRITE_ACTIONS"), name
        verbs = getattr(cls, "VERBS", {})
        declared += sum(v.writes for v in verbs.values())
        for verb in verbs.values():
            assert not hasattr(cls, f"action_{verb.name}"), f"{name}: action_{verb.name}"
        for binding in Binding.make_bindings(cls.__dict__.get("BINDINGS", [])):
            if binding.action.startswith("verb("):
                assert binding.action[6:-2] in verbs, f"{name}: {binding.action}"
    assert declared >= 25  # jobs, layers, frames, hosts, procs, allocs, depends, comments


@pytest.mark.parametrize("readonly", [True, False])
async def test_writing_verbs_follow_readonly_on_every_screen(
    make_app: Callable[..., CuetuiApp], sim: SimHarness, readonly: bool
) -> None:
    app = make_app(show="testing", readonly=readonly)
    seen: set[str] = set()
    asking: set[str] = set()
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        for name, opener in OPENERS.items():
            screen = await opener(app, sim)
            await app.push_screen(screen)
            await settle(pilot)
            assert app.screen is screen, name
            verbs = writing_verbs(screen)
            labels = {v.label for v in verbs}
            help_labels = {d for _, d in binding_rows(screen)}
            palette = palette_titles(screen)
            asking |= {f"{name}.{v.name}" for v in verbs if v.asks_first}
            if not readonly:
                # The declaration reaches the help and the palette (and the footer, if shown);
                # `?` marks the verbs that ask first.
                assert labels <= help_labels | palette, name
                assert {help_label(v) for v in verbs if v.key} <= help_labels, name
                assert {v.label for v in verbs if v.key and v.show} <= footer_labels(screen)
                app.pop_screen()
                await settle(pilot)
                continue
            assert not labels & footer_labels(screen), name
            assert not labels & help_labels, name
            assert not {help_label(v) for v in verbs} & help_labels, name
            assert not labels & palette, name
            sim.clear_calls()
            for verb in verbs:
                seen.add(f"{name}.{verb.name}")
                assert screen.check_action("verb", (verb.name,)) is False
                if verb.key:
                    await pilot.press(verb.key)
                    await settle(pilot)
                    assert app.screen is screen, f"{name}: {verb.key} opened {app.screen}"
                # A keymap or a stale palette entry reaches the action itself: refused too.
                await screen.run_action(verb.action)
                await settle(pilot)
                assert app.screen is screen, f"{name}: {verb.name} opened {app.screen}"
            assert writes(sim) == [], name
            app.pop_screen()
            await settle(pilot)
    # Every verb that asks first was pressed (or run) and refused before any modal.
    assert {"jobs.kill", "frames.eat", "allocs.billable", "depends.satisfy"} <= asking
    if readonly:
        assert {"jobs.kill", "hosts.set_repair", "procs.unbook", "log.kill", "comments.add"} <= seen
        assert asking <= seen
