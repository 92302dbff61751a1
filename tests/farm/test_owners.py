"""`:owners` and Take ownership on `:hosts`, on the simulator: each verb's exact request (an
owner by id, GetOwner by name, the host by name, SetShow's show by name), the toast, and the
view after the next poll; the simulator answers as ManageOwner / ManageDeed do."""

from __future__ import annotations

from typing import Any

import httpx
from farm_support import (
    answer,
    bodies,
    choose,
    confirm,
    cursor_to,
    make_app,
    messages,
    opened,
    refreshed,
    run,
    said,
    settle,
)

from cuetui.screens.hosts import HostsScreen
from cuetui.screens.owners import OwnersScreen
from cuetui.sim.harness import SimHarness
from cuetui.widgets.confirm import ConfirmModal
from cuetui.widgets.prompt import PromptModal

OWN = "/host.OwnerInterface/"
S = "/show.ShowInterface/"
GET = S + "GetDeeds"


def show_id(sim: SimHarness, name: str) -> str:
    return next(s.msg.id for s in sim.farm.shows.values() if s.msg.name == name)


def owners(screen: OwnersScreen) -> dict[str, tuple[str, list[str]]]:
    return {o.name: (o.show, o.hosts) for o in screen.table.items()}


async def test_create_give_take_set_show_drop_deed_delete(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await run(pilot, "owners", OwnersScreen)
        assert {b["show"]["id"] for b in bodies(sim, GET)} == {
            show_id(sim, s) for s in ("aurora", "pipeline", "testing")
        }
        assert {"name": "jsmith"} in bodies(sim, OWN + "GetOwner")
        assert owners(screen) == {
            "arojas": ("testing", ["ws-arojas"]),
            "jsmith": ("testing", ["ws-jsmith", "ws-kwong"]),
        }
        await pilot.press("n")
        await answer(pilot, "jsmith")  # an owner already: refused in the prompt
        assert isinstance(app.screen, PromptModal)
        await answer(pilot, "mchen")
        await choose(pilot, "aurora")
        await settle(pilot, lambda: bodies(sim, S + "CreateOwner"))
        assert bodies(sim, S + "CreateOwner") == [
            {"show": {"id": show_id(sim, "aurora")}, "name": "mchen"}
        ]
        await refreshed(pilot, sim, GET, screen)
        assert owners(screen)["mchen"] == ("aurora", [])  # no deed yet, listed all the same
        mchen = await cursor_to(pilot, screen, "mchen")
        await pilot.press("w")
        await answer(pilot, "ws-mchen")  # nobody owns it: no confirmation
        await settle(pilot, lambda: bodies(sim, OWN + "TakeOwnership"))
        assert bodies(sim, OWN + "TakeOwnership") == [
            {"owner": {"id": mchen.id}, "host": "ws-mchen"}
        ]
        await refreshed(pilot, sim, GET, screen)
        assert owners(screen)["mchen"] == ("aurora", ["ws-mchen"])
        await pilot.press("w")
        await answer(pilot, "ws-kwong")  # jsmith's: taking it asks first, Cancel focused
        await settle(pilot, lambda: isinstance(app.screen, ConfirmModal))
        assert app.focused is not None and app.focused.id == "cancel"
        assert "owned by jsmith" in str(app.screen.warning)
        await confirm(pilot)
        await settle(pilot, lambda: len(bodies(sim, OWN + "TakeOwnership")) == 2)
        assert bodies(sim, OWN + "TakeOwnership")[-1] == {
            "owner": {"id": mchen.id},
            "host": "ws-kwong",
        }
        await refreshed(pilot, sim, GET, screen)
        assert owners(screen)["jsmith"] == ("testing", ["ws-jsmith"])
        await pilot.press("S")
        await choose(pilot, "testing")
        await settle(pilot, lambda: bodies(sim, OWN + "SetShow"))
        assert bodies(sim, OWN + "SetShow") == [{"owner": {"id": mchen.id}, "show": "testing"}]
        await refreshed(pilot, sim, GET, screen)
        assert owners(screen)["mchen"] == ("testing", ["ws-kwong", "ws-mchen"])
        jsmith = await cursor_to(pilot, screen, "jsmith")
        await pilot.press("enter")  # the owner's hosts
        hosts = await opened(pilot, HostsScreen)
        assert sorted(h.name for h in hosts.table.items()) == ["ws-jsmith"]
        await pilot.press("escape")
        await settle(pilot, lambda: app.screen is screen)
        deed = next(d for d in jsmith.deeds if d.host == "ws-jsmith")
        await pilot.press("x")
        await choose(pilot, "ws-jsmith")
        await confirm(pilot)
        await settle(pilot, lambda: bodies(sim, "/host.DeedInterface/Delete"))
        assert bodies(sim, "/host.DeedInterface/Delete") == [{"deed": {"id": deed.id}}]
        await refreshed(pilot, sim, GET, screen)
        assert owners(screen)["jsmith"] == ("testing", [])
        await cursor_to(pilot, screen, "mchen")
        await pilot.press("d")
        await settle(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("escape")
        await pilot.pause()
        assert bodies(sim, OWN + "Delete") == []
        await pilot.press("d")
        await confirm(pilot)
        await settle(pilot, lambda: bodies(sim, OWN + "Delete"))
        assert bodies(sim, OWN + "Delete") == [{"owner": {"id": mchen.id}}]
        await refreshed(pilot, sim, GET, screen)
        assert "mchen" not in owners(screen)
        assert not any("No owner called" in m for m in messages(app))


async def test_take_ownership_from_hosts_creates_the_owner(sim: SimHarness) -> None:
    app = make_app(sim)
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await run(pilot, "hosts", HostsScreen)
        await cursor_to(pilot, screen, "render-0003")
        await pilot.press("W")  # not a desktop: Cuebot would refuse, so nothing is asked
        assert "not a desktop" in await said(pilot, "render-0003")
        assert not isinstance(app.screen, PromptModal)
        await cursor_to(pilot, screen, "ws-mchen")
        await pilot.press("W")
        await settle(pilot, lambda: isinstance(app.screen, PromptModal))
        assert app.screen.query_one("Input").value == "wrangler"  # the session's user
        await answer(pilot, "dana")
        await settle(pilot, lambda: isinstance(app.screen, ConfirmModal))
        assert app.focused is not None and app.focused.id == "cancel"
        await confirm(pilot)
        await settle(pilot, lambda: bodies(sim, OWN + "TakeOwnership"))
        assert bodies(sim, OWN + "GetOwner") == [{"name": "dana"}]  # 404: created in testing
        created = bodies(sim, S + "CreateOwner")
        assert created == [{"show": {"id": show_id(sim, "testing")}, "name": "dana"}]
        owner_id = bodies(sim, OWN + "TakeOwnership")[0]["owner"]["id"]
        assert bodies(sim, OWN + "TakeOwnership") == [
            {"owner": {"id": owner_id}, "host": "ws-mchen"}
        ]
        await said(pilot, "Give to dana")
        owners_screen = await run(pilot, "owners", OwnersScreen)
        assert owners(owners_screen)["dana"] == ("testing", ["ws-mchen"])


def call(sim: SimHarness, path: str, body: dict[str, Any], status: int = 200) -> dict[str, Any]:
    r = httpx.post(f"{sim.url}{path}", json=body, headers=sim.headers(), timeout=10)
    assert r.status_code == status, f"{path}: {r.status_code} {r.text}"
    return r.json()


def test_sim_looks_owners_up_as_cuebot(sim: SimHarness) -> None:
    owner = call(sim, OWN + "GetOwner", {"name": "jsmith"})["owner"]
    assert (owner["show"], owner["hostCount"]) == ("testing", 2)
    assert call(sim, OWN + "GetOwner", {"name": owner["id"]})["owner"]["name"] == "jsmith"
    assert call(sim, OWN + "GetOwner", {"name": "nobody"}, 404)["code"] == 5
    # By name where Cuebot reads the id: a 500, as getOwnerById's queryForObject.
    call(sim, OWN + "TakeOwnership", {"owner": {"name": "jsmith"}, "host": "ws-mchen"}, 500)
    render = {"owner": {"id": owner["id"]}, "host": "render-0003"}
    assert "non-NIMBY" in call(sim, OWN + "TakeOwnership", render, 500)["message"]
    call(sim, OWN + "SetShow", {"owner": {"id": owner["id"]}, "show": "nosuch"}, 500)
    dup = {"show": {"id": show_id(sim, "aurora")}, "name": "jsmith"}
    call(sim, S + "CreateOwner", dup, 500)
    call(sim, "/host.DeedInterface/Delete", {"deed": {"id": "no-such-deed"}})  # a silent no-op
    deeds = call(sim, OWN + "GetDeeds", {"owner": {"id": owner["id"]}})["deeds"]["deeds"]
    assert sorted(d["host"] for d in deeds) == ["ws-jsmith", "ws-kwong"]
    assert {d["show"] for d in deeds} == {""}  # DEED_MAPPER never sets the show
