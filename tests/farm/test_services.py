"""`:services` on the simulator: the defaults and a show's overrides, each edit's exact request
(the whole service, by id, in wire units), its toast, and the table after the next poll; the
simulator answers as ManageService / ManageServiceOverride / ManageShow do."""

from __future__ import annotations

from typing import Any

import httpx
from farm_support import answer, bodies, cursor_to, make_app, messages, refreshed, run, said, settle
from textual.widgets import Static

from cuetui.screens.services import ServicesScreen
from cuetui.sim.harness import SimHarness
from cuetui.widgets.confirm import ConfirmModal
from cuetui.widgets.prompt import PromptModal, TagEditorModal

SV = "/service.ServiceInterface/"
SO = "/service.ServiceOverrideInterface/"
S = "/show.ShowInterface/"
GET = SV + "GetDefaultServices"
GET_OVERRIDES = S + "GetServiceOverrides"
GB = 1024 * 1024


def wire(sim: SimHarness, name: str) -> dict[str, Any]:
    """A default service as the gateway sends it (int64 fields as strings, as protojson)."""
    services = call(sim, GET, {})["services"]["services"]
    return next(s for s in services if s["name"] == name)


def sent(svc: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """What the client sends for `svc` with `changes`: every field, numbers as numbers."""
    out = {k: (int(v) if k in ("minMemory", "minGpuMemory") else v) for k, v in svc.items()}
    return {**out, **changes}


def call(sim: SimHarness, path: str, body: dict[str, Any], status: int = 200) -> dict[str, Any]:
    r = httpx.post(f"{sim.url}{path}", json=body, headers=sim.headers(), timeout=10)
    assert r.status_code == status, f"{path}: {r.status_code} {r.text}"
    return r.json()


def rows(screen: ServicesScreen) -> dict[str, Any]:
    return {s.name: s for s in screen.table.items()}


def error_text(app: Any) -> str:
    return str(app.screen.query_one("#error", Static).render())


async def test_defaults_edit_each_value_as_the_whole_service_by_id(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await run(pilot, "services", ServicesScreen)
        assert set(rows(screen)) == {"default", "arnold", "nuke", "houdini", "maya", "shell"}
        nuke = wire(sim, "nuke")
        await cursor_to(pilot, screen, "nuke")
        await pilot.press("m")
        await answer(pilot, "lots")  # refused in the prompt: nothing sent
        assert isinstance(app.screen, PromptModal) and "number of cores" in error_text(app)
        await answer(pilot, "2000")
        assert isinstance(app.screen, PromptModal) and "to 1024 cores" in error_text(app)
        await answer(pilot, "3.5")
        await settle(pilot, lambda: bodies(sim, SV + "Update"))
        assert bodies(sim, SV + "Update") == [{"service": sent(nuke, minCores=350)}]
        assert bodies(sim, SV + "GetService") == [{"name": nuke["id"]}]  # read afresh first
        await said(pilot, "Set min cores 3.5")
        await refreshed(pilot, sim, GET, screen)
        assert rows(screen)["nuke"].min_cores == 350

        nuke = wire(sim, "nuke")
        await pilot.press("e")
        await answer(pilot, "6")  # GB, as CueGUI asks
        await settle(pilot, lambda: len(bodies(sim, SV + "Update")) == 2)
        assert bodies(sim, SV + "Update")[-1] == {"service": sent(nuke, minMemory=6 * GB)}
        await refreshed(pilot, sim, GET, screen)
        assert rows(screen)["nuke"].min_memory == 6 * GB

        nuke = wire(sim, "nuke")
        await pilot.press("t")
        await settle(pilot, lambda: isinstance(app.screen, TagEditorModal))
        await pilot.press("ctrl+a", "ctrl+k", *"general comp", "enter")
        await settle(pilot, lambda: len(bodies(sim, SV + "Update")) == 3)
        assert bodies(sim, SV + "Update")[-1] == {"service": sent(nuke, tags=["general", "comp"])}
        await refreshed(pilot, sim, GET, screen)
        assert rows(screen)["nuke"].tags == ["general", "comp"]

        nuke = wire(sim, "nuke")
        await pilot.press("T")
        await settle(pilot, lambda: len(bodies(sim, SV + "Update")) == 4)
        assert bodies(sim, SV + "Update")[-1] == {"service": sent(nuke, threadable=True)}
        await screen.run_action("verb('timeout_llu')")
        await answer(pilot, "30")
        await settle(pilot, lambda: len(bodies(sim, SV + "Update")) == 5)
        assert bodies(sim, SV + "Update")[-1]["service"]["timeoutLlu"] == 30
        await refreshed(pilot, sim, GET, screen)
        assert (rows(screen)["nuke"].threadable, rows(screen)["nuke"].timeout_llu) == (True, 30)


async def test_create_and_delete_a_default_asking_first(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await run(pilot, "services", ServicesScreen)
        await pilot.press("n")
        await answer(pilot, "nuke")  # taken: refused before Cuebot's unique index would 500
        assert isinstance(app.screen, PromptModal) and "exists" in error_text(app)
        await answer(pilot, "k!")
        assert isinstance(app.screen, PromptModal) and "at least 3" in error_text(app)
        await answer(pilot, "katana")
        await settle(pilot, lambda: bodies(sim, SV + "CreateService"))
        assert bodies(sim, SV + "CreateService") == [{"data": {
            "name": "katana", "threadable": False, "minCores": 100, "maxCores": 100,
            "minMemory": 3276 * 1024, "minGpuMemory": 0, "tags": ["general"], "timeout": 0,
            "timeoutLlu": 0, "minGpus": 0, "maxGpus": 0, "minMemoryIncrease": 2 * GB,
        }}]  # fmt: skip
        await refreshed(pilot, sim, GET, screen)
        katana = rows(screen)["katana"]
        await cursor_to(pilot, screen, "katana")
        await pilot.press("d")
        await settle(pilot, lambda: isinstance(app.screen, ConfirmModal))
        assert app.focused is not None and app.focused.id == "cancel"
        await pilot.press("escape")
        await pilot.pause()
        assert bodies(sim, SV + "Delete") == []
        await pilot.press("d")
        await settle(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("right", "enter")
        await settle(pilot, lambda: bodies(sim, SV + "Delete"))
        assert bodies(sim, SV + "Delete") == [{"service": {"id": katana.id}}]
        await refreshed(pilot, sim, GET, screen)
        assert "katana" not in rows(screen)

        await cursor_to(pilot, screen, "default")
        await pilot.press("d")  # Cuebot's fallback for unknown services: refused, not asked
        await said(pilot, "The 'default' service stays")
        assert not isinstance(app.screen, ConfirmModal) and len(bodies(sim, SV + "Delete")) == 1


async def test_a_shows_overrides_create_edit_delete(sim: SimHarness) -> None:
    sim.farm.services[wire(sim, "houdini")["id"]].timeout = 240  # type: ignore[attr-defined]
    houdini = wire(sim, "houdini")
    app = make_app(sim)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await run(pilot, "services testing", ServicesScreen)
        show = call(sim, S + "FindShow", {"name": "testing"})["show"]["id"]
        assert bodies(sim, GET_OVERRIDES)[-1] == {"show": {"id": show}}
        assert set(rows(screen)) == {"arnold"}
        await pilot.press("n")
        await answer(pilot, "arnold")  # already overridden in testing
        assert isinstance(app.screen, PromptModal) and "exists in testing" in error_text(app)
        await answer(pilot, "houdini")
        await settle(pilot, lambda: bodies(sim, SO + "Update"))
        data = {k: v for k, v in sent(houdini).items() if k != "id"}
        assert bodies(sim, S + "CreateServiceOverride") == [{"show": {"id": show}, "service": data}]
        # CreateServiceOverride stores no timeouts: the client sets them by the new id.
        (follow,) = bodies(sim, SO + "Update")
        assert follow["service"]["timeout"] == 240 and follow["service"]["id"] != houdini["id"]
        await refreshed(pilot, sim, GET_OVERRIDES, screen)
        over = rows(screen)["houdini"]
        assert (over.id, over.timeout, over.min_cores) == (follow["service"]["id"], 240, 800)

        await cursor_to(pilot, screen, "houdini")
        await pilot.press("M")
        await answer(pilot, "16")
        await settle(pilot, lambda: len(bodies(sim, SO + "Update")) == 2)
        assert bodies(sim, SO + "Update")[-1]["service"] == {**follow["service"], "maxCores": 1600}
        assert bodies(sim, S + "GetServiceOverride") == [{"show": {"id": show}, "name": over.id}]
        await refreshed(pilot, sim, GET_OVERRIDES, screen)
        assert rows(screen)["houdini"].max_cores == 1600
        assert wire(sim, "houdini")["maxCores"] == 0  # the default is untouched

        await pilot.press("d")
        modal = await _confirm_modal(pilot)
        assert "testing" in str(modal.warning)
        await pilot.press("right", "enter")
        await settle(pilot, lambda: bodies(sim, SO + "Delete"))
        assert bodies(sim, SO + "Delete") == [{"service": {"id": over.id}}]
        await refreshed(pilot, sim, GET_OVERRIDES, screen)
        assert set(rows(screen)) == {"arnold"}
        assert any("houdini" in m for m in messages(app))

        await pilot.press("O")  # to the facility's defaults
        await settle(pilot, lambda: isinstance(app.screen, ServicesScreen) and not app.screen.show)
        await settle(pilot, lambda: app.screen.table.row_count == 6)


async def _confirm_modal(pilot: Any) -> ConfirmModal:
    await settle(pilot, lambda: isinstance(pilot.app.screen, ConfirmModal))
    modal = pilot.app.screen
    assert pilot.app.focused is not None and pilot.app.focused.id == "cancel"
    return modal


def test_the_simulator_answers_as_cuebot(sim: SimHarness) -> None:
    """By id only, unknown ids a silent no-op, Update writes every field, unique names a
    500, CreateServiceOverride without timeouts, a missing show a 500."""
    nuke = wire(sim, "nuke")
    call(sim, SV + "Update", {"service": {**nuke, "id": "no-such-id", "minCores": 900}})
    call(sim, SV + "Delete", {"service": {"name": "nuke"}})  # a name is not looked at
    assert wire(sim, "nuke") == nuke
    call(sim, SV + "Update", {"service": {"id": nuke["id"], "name": "nuke"}})  # not a patch
    after = wire(sim, "nuke")
    assert (after["minCores"], after["minMemory"], after["tags"]) == (0, "0", [""])
    dup = call(sim, SV + "CreateService", {"data": {"name": "arnold"}}, status=500)
    assert "i_service_str_name" in dup["message"]
    show = call(sim, S + "FindShow", {"name": "testing"})["show"]["id"]
    made = call(
        sim,
        S + "CreateServiceOverride",
        {
            "show": {"id": show},
            "service": {
                "name": "maya",
                "minCores": 200,
                "timeout": 60,
                "timeoutLlu": 5,
                "tags": ["a", "b"],
            },
        },
    )
    data = made["serviceOverride"]["data"]
    assert (data["timeout"], data["timeoutLlu"], data["tags"]) == (0, 0, ["a", "b"])
    assert data["id"] == made["serviceOverride"]["id"]
    call(sim, SV + "Delete", {"service": {"id": data["id"]}})  # the wrong table: no change
    got = call(sim, S + "GetServiceOverride", {"show": {"id": show}, "name": "maya"})
    assert got["serviceOverride"]["id"] == data["id"]
    call(sim, S + "GetServiceOverride", {"show": {"id": show}, "name": "nope"}, status=500)
    call(sim, S + "GetServiceOverrides", {"show": {"id": "no-such-show"}}, status=500)
    long = call(sim, SV + "CreateService", {"data": {"name": "x" * 37}}, status=500)
    assert "varying(36)" in long["message"]


async def test_enter_shows_every_value_in_cores_and_sizes(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await run(pilot, "services", ServicesScreen)
        await cursor_to(pilot, screen, "houdini")
        await pilot.press("enter")
        await settle(pilot, lambda: type(app.screen).__name__ == "DetailScreen")
        lines = {d.label: d.text for d in app.screen._lines}  # type: ignore[attr-defined]
        assert (lines["Min cores"], lines["Max cores"]) == ("8", "0")  # wire: 800 and 0
        assert lines["Min memory"] == "16.0G" and lines["Min memory increase"] == "2.0G"


async def test_a_service_deleted_elsewhere_is_not_written_back(sim: SimHarness) -> None:
    """The fresh read before an Update finds nothing (404): nothing is written, the toast
    carries Cuebot's words, and the next poll drops the row."""
    app = make_app(sim)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await run(pilot, "services", ServicesScreen)
        maya = await cursor_to(pilot, screen, "maya")
        call(sim, SV + "Delete", {"service": {"id": maya.id}})  # another wrangler
        await pilot.press("m")
        await answer(pilot, "2")
        await settle(pilot, lambda: bodies(sim, SV + "GetService"))
        await settle(pilot, lambda: any("expected 1, actual 0" in m for m in messages(app)))
        assert bodies(sim, SV + "Update") == []
        await refreshed(pilot, sim, GET, screen)
        assert "maya" not in rows(screen)
