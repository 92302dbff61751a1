"""Host administration on :hosts against the simulator: reboot (asks), reboot when idle,
allocation (picked from GetAll, sent by id), thread mode, OS, delete (DOWN hosts only, asks),
redirect to a job (named with completion, asks): the exact request, then the effect on the
next poll."""

from __future__ import annotations

from typing import Any

from farm_support import cursor_to, make_app, messages, refreshed, run, settle
from textual.widgets import Button, Input, OptionList

from cuetui.screens.hosts import HostsScreen
from cuetui.screens.verbs.host_admin import JobNamePrompt
from cuetui.sim.harness import SimHarness
from cuetui.widgets.confirm import ConfirmModal
from cuetui.widgets.prompt import ChoiceModal, PromptModal

H = "/host.HostInterface/"
GET_HOSTS = H + "GetHosts"
WRITES = ("Reboot", "RebootWhenIdle", "SetAllocation", "SetThreadMode", "SetOs", "Delete",
          "RedirectToJob")  # fmt: skip


def writes(sim: SimHarness) -> list[tuple[str, dict[str, Any]]]:
    return [(c.path, c.body) for c in sim.calls if c.path.removeprefix(H) in WRITES]


def row(screen: HostsScreen, name: str) -> Any:
    return next((h for h in screen.table.visible_items() if h.name == name), None)


async def confirm(pilot: Any, label: str) -> None:
    """The confirmation is up with Cancel focused and `label` on its button; confirm it."""
    app = pilot.app
    await settle(pilot, lambda: isinstance(app.screen, ConfirmModal))
    assert str(app.screen.query_one("#confirm", Button).label) == label
    assert app.focused is not None and app.focused.id == "cancel"
    await pilot.press("right", "enter")


async def pick(pilot: Any, label: str) -> None:
    """Highlight the choice whose text starts with `label` and take it."""
    app = pilot.app
    await settle(pilot, lambda: isinstance(app.screen, ChoiceModal))
    options = app.screen.query_one(OptionList)
    texts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
    options.highlighted = next(i for i, t in enumerate(texts) if t.startswith(label))
    await pilot.press("enter")


async def test_reboot_asks_then_sends_and_the_row_says_rebooting(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        screen = await run(pilot, "hosts", HostsScreen)
        host = await cursor_to(pilot, screen, "render-0003")
        sim.clear_calls()
        await pilot.press("B")
        await settle(pilot, lambda: isinstance(app.screen, ConfirmModal))
        assert app.screen.title_text == "Reboot render-0003?"
        await pilot.press("escape")  # Esc: nothing sent
        await settle(pilot, lambda: app.screen is screen)
        assert writes(sim) == []
        await pilot.press("B")
        await confirm(pilot, "Reboot")
        await settle(pilot, lambda: bool(writes(sim)))
        assert writes(sim) == [(H + "Reboot", {"host": {"id": host.id}})]
        assert "Reboot requested for render-0003" in messages(app)
        await refreshed(pilot, sim, GET_HOSTS, screen)
        assert row(screen, "render-0003").state == "REBOOTING"


async def test_reboot_when_idle_is_one_key(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await run(pilot, "hosts", HostsScreen)
        host = await cursor_to(pilot, screen, "render-0005")
        sim.clear_calls()
        await pilot.press("b")
        await settle(pilot, lambda: bool(writes(sim)))
        assert not isinstance(app.screen, ConfirmModal)
        assert writes(sim) == [(H + "RebootWhenIdle", {"host": {"id": host.id}})]
        await refreshed(pilot, sim, GET_HOSTS, screen)
        assert row(screen, "render-0005").state == "REBOOT_WHEN_IDLE"


async def test_allocation_is_picked_and_sent_by_id(sim: SimHarness) -> None:
    gpu = next(a.msg.id for a in sim.farm.allocs.values() if a.msg.name == "local.gpu")
    app = make_app(sim)
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        screen = await run(pilot, "hosts", HostsScreen)
        # A host running frames: Cuebot would refuse it, so it is not sent.
        await cursor_to(pilot, screen, "render-0003")
        sim.clear_calls()
        await pilot.press("a")
        await pick(pilot, "local.gpu")
        await settle(pilot, lambda: app.screen is screen)
        assert writes(sim) == []
        assert any("Cuebot moves only hosts without procs" in m for m in messages(app))
        host = await cursor_to(pilot, screen, "render-0015")
        await pilot.press("a")
        await settle(pilot, lambda: isinstance(app.screen, ChoiceModal))
        assert "now local.general" in app.screen.title_text
        await pick(pilot, "local.gpu")
        await confirm(pilot, "Move")
        await settle(pilot, lambda: bool(writes(sim)))
        assert writes(sim) == [
            (H + "SetAllocation", {"host": {"id": host.id}, "allocationId": gpu})
        ]
        await refreshed(pilot, sim, GET_HOSTS, screen)
        assert row(screen, "render-0015").alloc_name == "local.gpu"


async def test_thread_mode_and_os(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await run(pilot, "hosts", HostsScreen)
        host = await cursor_to(pilot, screen, "render-0015")
        sim.clear_calls()
        await pilot.press("T")
        await pick(pilot, "VARIABLE")
        await settle(pilot, lambda: bool(writes(sim)))
        assert writes(sim) == [(H + "SetThreadMode", {"host": {"id": host.id}, "mode": "VARIABLE"})]
        sim.clear_calls()
        await pilot.press("O")
        await settle(pilot, lambda: isinstance(app.screen, PromptModal))
        await pilot.press("ctrl+a", "backspace", *"red hat", "enter")  # two words: refused
        await pilot.pause()
        assert isinstance(app.screen, PromptModal) and writes(sim) == []
        app.screen.query_one(Input).value = ""
        await pilot.press(*"rocky9", "enter")
        await settle(pilot, lambda: bool(writes(sim)))
        assert writes(sim) == [(H + "SetOs", {"host": {"id": host.id}, "os": "rocky9"})]
        await refreshed(pilot, sim, GET_HOSTS, screen)
        after = row(screen, "render-0015")
        assert (after.thread_mode, after.os) == ("VARIABLE", "rocky9")


async def test_delete_refuses_a_host_that_is_not_down_and_asks_for_a_down_one(
    sim: SimHarness,
) -> None:
    app = make_app(sim)
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        screen = await run(pilot, "hosts", HostsScreen)
        await cursor_to(pilot, screen, "render-0016")  # REPAIR
        sim.clear_calls()
        await pilot.press("D")
        await settle(pilot)
        assert app.screen is screen and writes(sim) == []
        assert "Only a DOWN host can be deleted: render-0016 is REPAIR" in messages(app)
        host = await cursor_to(pilot, screen, "render-0014")  # DOWN
        await pilot.press("D")
        await confirm(pilot, "Delete")
        await settle(pilot, lambda: bool(writes(sim)))
        assert writes(sim) == [(H + "Delete", {"host": {"id": host.id}})]
        await refreshed(pilot, sim, GET_HOSTS, screen)
        assert row(screen, "render-0014") is None


async def test_redirect_names_a_job_with_completion_and_sends_proc_ids(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        screen = await run(pilot, "hosts", HostsScreen)
        host = await cursor_to(pilot, screen, "render-0003")
        proc_ids = sorted(p.msg.id for p in sim.farm.hosts[host.id].procs)
        job = next(j for j in sim.farm.jobs.values() if j.msg.name.endswith("fx_sim_v012"))
        sim.clear_calls()
        await pilot.press("r")
        await settle(pilot, lambda: isinstance(app.screen, JobNamePrompt))
        prompt = app.screen
        assert job.msg.name in prompt.job_names  # completion: the jobs known (GetJobNames)
        await pilot.press(*job.msg.name, "enter")
        await confirm(pilot, "Redirect")
        await settle(pilot, lambda: bool(writes(sim)))
        ((path, body),) = writes(sim)
        assert path == H + "RedirectToJob"
        assert body["host"] == {"id": host.id} and body["jobId"] == job.msg.id
        assert sorted(body["procNames"]) == proc_ids
        assert f"Redirected to {job.msg.name}: render-0003" in " ".join(messages(app))
        assert not any(p in sim.farm.procs for p in proc_ids)  # their frames were killed


async def test_readonly_refuses_every_host_admin_key(sim: SimHarness) -> None:
    app = make_app(sim, readonly=True)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await run(pilot, "hosts", HostsScreen)
        await cursor_to(pilot, screen, "render-0014")
        sim.clear_calls()
        for key in ("B", "b", "a", "T", "O", "D", "r"):
            await pilot.press(key)
            await settle(pilot)
            assert app.screen is screen, key
        assert writes(sim) == []
