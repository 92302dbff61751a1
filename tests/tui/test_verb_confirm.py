"""Whether a verb asks first is its declaration (`Verb(confirm=Confirm(...))`), walked over
every screen of the navigation table on the simulated farm: a verb that declares a confirm
shows the modal (its declared button, Cancel focused) before any request, and Esc sends
nothing; a verb that declares none never asks. `ActionFlow.act` refuses a destructive action
from a verb that does not declare a confirm, and a confirm-declared verb that would not ask.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest
from tests.tui.conftest import job_id, settle
from tests.tui.test_readonly_verbs import OPENERS, writes
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Button

from cuetui import navigation
from cuetui.app import CuetuiApp
from cuetui.commands import ScreenCommands
from cuetui.core.actions import Action
from cuetui.models.states import RUNNING_FRAME_STATES
from cuetui.screens.base.action_flow import confirm_mismatch
from cuetui.screens.base.verb import Confirm, Verb, VerbScreen
from cuetui.screens.help import binding_rows
from cuetui.sim.harness import SimHarness
from cuetui.widgets.confirm import ConfirmModal

FLOW_LOG = "cuetui.screens.base.action_flow"
# Rows a verb that declares no confirm is tried on (it must not ask): the guard in
# ActionFlow.act already refuses one that would, wherever it runs.
PLAIN_ROWS = 1


def _action(destructive: bool) -> Action[str]:
    async def call(target: str) -> None:
        return None

    return Action("Kill", "job", ["a"], str, call, destructive=destructive)


def _verb(confirm: Confirm | None) -> Verb:
    return Verb("k", "kill", "Kill", lambda verbs: None, confirm=confirm)


def test_confirm_mismatch_is_a_declaration_error() -> None:
    assert confirm_mismatch(_verb(Confirm("Kill")), _action(True)) is None
    assert confirm_mismatch(_verb(None), _action(False)) is None
    assert confirm_mismatch(_verb(Confirm(when="a NIMBY host")), _action(False)) is None
    assert "declares no confirm" in (confirm_mismatch(_verb(None), _action(True)) or "")
    assert "declares no confirm" in (confirm_mismatch(None, _action(True)) or "")
    assert "would not ask" in (confirm_mismatch(_verb(Confirm("Kill")), _action(False)) or "")


def test_a_verb_that_asks_first_writes_and_says_so() -> None:
    with pytest.raises(ValueError, match="does not write"):
        Verb("x", "x", "X", lambda verbs: None, writes=False, confirm=Confirm())
    verb = _verb(Confirm("Kill"))
    assert verb.asks_first and verb.asks == "asks first"
    assert verb.binding().tooltip == "Asks first"
    assert _verb(Confirm(when="unlocking a NIMBY host")).asks == (
        "asks first when unlocking a NIMBY host"
    )
    assert not _verb(None).asks_first and _verb(None).binding().tooltip == ""


def test_the_farms_destructive_verbs_declare_their_confirm() -> None:
    """The declarations themselves: what asks, and with which button (None: the action's).
    A screen added later is walked by the test below; these must stay as they are."""
    declared = {
        f"{name}.{v.name}": v.confirm.label
        for name in navigation.SCREENS
        for v in getattr(navigation.screen(name), "VERBS", {}).values()
        if v.confirm is not None and v.confirm.when is None
    }
    assert (
        declared.items()
        >= {
            "jobs.eat": "Eat",
            "jobs.kill": "Kill",
            "jobs.drop_depends": "Drop",
            "layers.eat": "Eat",
            "layers.kill": "Kill",
            "frames.eat": "Eat",
            "frames.kill": "Kill",
            "log.eat": "Eat",
            "log.kill": "Kill",
            "stuck.kill": "Kill",
            "depends.satisfy": "Satisfy",
            "depends.drop_depends": "Drop",
            "hosts.repair": None,
            "hosts.set_repair": None,
            "hosts.clear_repair": None,
            "procs.kill": "Kill",
            "procs.unbook": "Unbook",
            "procs.unbook_kill": "Unbook and kill",
            "allocs.billable": None,
        }.items()
    )


async def _running_frame_log(app: CuetuiApp, sim: SimHarness) -> Screen[Any]:
    """The log of a running frame of the failing job: its kill has something to kill."""
    jobs = await app.client.get_jobs(shows=["testing"])
    job = next(j for j in jobs if j.id == job_id(sim, "failing"))
    frames = await app.client.get_frames(job, limit=20)
    frame = next(f for f in frames if f.state in RUNNING_FRAME_STATES)
    return navigation.screen("log").for_frame(job, frame)


async def _depends(app: CuetuiApp, sim: SimHarness) -> Screen[Any]:
    """The depends of the job that has an active one."""
    jobs = await app.client.get_jobs(shows=["testing"])
    return navigation.screen("depends")(next(j for j in jobs if j.id == job_id(sim, "depend")))


async def _escape_to(pilot: Pilot[Any], screen: Screen[Any]) -> None:
    """Close whatever the verb opened (a prompt, a menu) without answering it."""
    for _ in range(4):
        if pilot.app.screen is screen:
            return
        await pilot.press("escape")
        await settle(pilot)
    assert pilot.app.screen is screen


def _rows(screen: Screen[Any]) -> list[int | None]:
    """Where to put the cursor for each try: every row of a table; the log has one frame."""
    table = getattr(screen, "table", None)
    return list(range(len(table.visible_items()))) if table is not None else [None]


async def _run(pilot: Pilot[Any], screen: Screen[Any], verb: Verb, row: int | None) -> None:
    if row is not None:
        screen.table.clear_marks()  # type: ignore[attr-defined]
        screen.table.move_cursor(row=row)  # type: ignore[attr-defined]
        await pilot.pause()
    if verb.key:
        await pilot.press(verb.key)
    else:
        await screen.run_action(verb.action)
    await settle(pilot)


async def _asks(pilot: Pilot[Any], screen: Screen[Any], verb: Verb, sim: SimHarness) -> bool:
    """Run `verb` on each row until it asks; check the modal and that Esc sends nothing."""
    rows = _rows(screen)
    if verb.confirm is None:
        rows = rows[:PLAIN_ROWS]
    app = pilot.app
    for row in rows:
        sim.clear_calls()
        await _run(pilot, screen, verb, row)
        modal = app.screen
        if not isinstance(modal, ConfirmModal):
            await _escape_to(pilot, screen)
            continue
        what = f"{type(screen).__name__}.{verb.name} (row {row})"
        assert writes(sim) == [], f"{what} sent before the answer"
        confirm = verb.confirm
        if confirm is None:
            return True  # the caller says what is wrong
        # The declared button, else the action's own verb (the title starts with it).
        label = str(modal.query_one("#confirm", Button).label)
        assert label == (confirm.label or label) and modal.title_text.startswith(label), what
        assert modal.danger is confirm.danger and modal.has_class("-danger") is confirm.danger
        assert modal.focused is not None and modal.focused.id == "cancel", what
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen, what
        assert writes(sim) == [], f"{what} sent after Esc"
        return True
    return False


# Verbs that must ask on each screen (a regression guard beside the declarations).
MUST_ASK = {
    "jobs": {"kill"},
    "frames": {"kill"},
    "log": {"kill"},
    "procs": {"unbook"},
    "allocs": {"billable"},
    "hosts": {"lock"},
}


# One case per screen, so pytest-xdist spreads the walk over the workers.
@pytest.mark.timeout(300)  # every verb on every row of a screen: a minute on a busy machine
@pytest.mark.parametrize("name", sorted({*OPENERS, "log", "depends"}))
async def test_every_verb_asks_first_exactly_as_declared_on_every_screen(
    make_app: Callable[..., CuetuiApp],
    sim: SimHarness,
    caplog: pytest.LogCaptureFixture,
    name: str,
) -> None:
    opener = {**OPENERS, "log": _running_frame_log, "depends": _depends}[name]
    app = make_app(show="testing")
    asked: set[str] = set()
    caplog.set_level(logging.ERROR, logger=FLOW_LOG)
    # Kill, retry and eat wait for a tick that never comes: a verb tried without a confirm
    # (retry) leaves the dead frames a later verb's eat needs.
    sim.farm.defer_actions = True
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        screen = await opener(app, sim)
        await app.push_screen(screen)
        await settle(pilot)
        assert app.screen is screen, name
        verbs = screen.VERBS.values() if isinstance(screen, VerbScreen) else ()
        # Those that ask first first: Esc leaves the farm as it was for the next one.
        for verb in sorted((v for v in verbs if v.writes), key=lambda v: not v.asks_first):
            did = await _asks(pilot, screen, verb, sim)
            if verb.confirm is None:
                assert not did, f"{name}.{verb.name} asks first but declares no confirm"
            elif verb.confirm.when is None:
                assert did, f"{name}.{verb.name} declares a confirm but never asked"
            if did:
                asked.add(verb.name)
    refused = [r.getMessage() for r in caplog.records if r.name == FLOW_LOG]
    assert refused == []
    assert MUST_ASK.get(name, set()) <= asked


async def _jobs(pilot: Pilot[Any], sim: SimHarness) -> Screen[Any]:
    await settle(pilot)
    screen = pilot.app.screen
    assert screen.table.move_to(job_id(sim, "failing"))  # type: ignore[attr-defined]
    await pilot.pause()
    return screen


@pytest.mark.parametrize(
    ("verb", "key", "confirm"),
    [("kill", "ctrl+k", None), ("pause", "p", Confirm("Pause"))],
    ids=["destructive-without-confirm", "confirm-that-would-not-ask"],
)
async def test_a_verb_whose_declaration_disagrees_is_refused(
    make_app: Callable[..., CuetuiApp],
    sim: SimHarness,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
    verb: str,
    key: str,
    confirm: Confirm | None,
) -> None:
    """A programming error: nothing is sent, unasked or asked by guess; the log says why."""
    jobs = navigation.screen("jobs")
    monkeypatch.setitem(jobs.VERBS, verb, replace(jobs.VERBS[verb], confirm=confirm))
    app = make_app(show="testing")
    caplog.set_level(logging.ERROR, logger=FLOW_LOG)
    async with app.run_test(size=(200, 50)) as pilot:
        screen = await _jobs(pilot, sim)
        sim.clear_calls()
        notes = len(app._notifications)
        await pilot.press(key)
        await settle(pilot)
        assert app.screen is screen
        assert writes(sim) == []
        messages = [n.message for n in list(app._notifications)[notes:]]
        assert any(
            m.startswith("internal error in ") and m.endswith(": not sent") for m in messages
        )
    assert any(f"verb {verb}" in r.getMessage() for r in caplog.records if r.name == FLOW_LOG)


async def test_an_answered_prompt_acts_as_the_verb_that_asked(
    make_app: Callable[..., CuetuiApp], sim: SimHarness
) -> None:
    """`ask` resumes the verb: its action is checked against the verb that asked, not none."""
    app = make_app(show="testing")
    async with app.run_test(size=(200, 50)) as pilot:
        screen = await _jobs(pilot, sim)
        seen: list[Verb | None] = []
        start = type(screen)._start

        def spy(self: Any, action: Action[Any]) -> None:
            seen.append(self.acting)
            start(self, action)

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(type(screen), "_start", spy)
            sim.clear_calls()
            await pilot.press("P")
            await settle(pilot)
            await pilot.press("ctrl+u", *"77", "enter")
            await settle(pilot)
        assert [v.name if v else None for v in seen] == ["set_priority"]
        assert screen.acting is None
        assert writes(sim) == ["/job.JobInterface/SetPriority"]


async def test_help_and_palette_mark_the_verbs_that_ask_first(
    make_app: Callable[..., CuetuiApp], sim: SimHarness
) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=(200, 50)) as pilot:
        screen = await _jobs(pilot, sim)
        rows = dict((d, k) for k, d in binding_rows(screen))
        assert rows["Kill (asks first)"] == "^k" and rows["Eat (asks first)"] == "e"
        assert "Pause" in rows and "Pause (asks first)" not in rows
        palette = {title: help for title, help, _ in ScreenCommands(screen)._commands()}
        assert palette["Kill"] == "key ^k · asks first"
        assert palette["Pause"] == "key p"
        hosts = navigation.screen("hosts")()
        await app.push_screen(hosts)
        await settle(pilot)
        palette = {title: help for title, help, _ in ScreenCommands(hosts)._commands()}
        assert palette["Set repair state"] == "asks first"
        assert palette["Add host tags"] == ""
