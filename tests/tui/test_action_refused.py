"""An action the gateway answers with an error fails with its reason; only a lost answer is
"outcome unknown". Either way the action is sent once and never again."""

from __future__ import annotations

import httpx
from tests.tui.conftest import confirm, goto_row, job_id, refresh, settle

from cuetui.core.actions import UNKNOWN_TEXT
from cuetui.widgets.confirm import ConfirmModal

JOB = "/job.JobInterface/"
REASON = "io exception: Cuebot at cuebot-01:8443 is restarting"


def toasts(app) -> list[tuple[str, str]]:
    return [(n.message, n.severity) for n in app._notifications]


def posts(sim, method: str) -> list:
    return [c for c in sim.calls_to(JOB + method) if c.method == "POST"]


async def test_503_to_pause_fails_with_the_gateways_reason(make_app, sim) -> None:
    app = make_app(show="pipeline")
    async with app.run_test(size=(100, 24), notifications=True) as pilot:
        await settle(pilot)
        jid = job_id(sim, "running")
        name = app.screen.table.get_item(jid).name
        await goto_row(pilot, jid)
        sim.clear_calls()
        sim.faults.refuse_actions(503, REASON)
        await pilot.press("p")
        await settle(pilot)
        ((message, severity),) = [t for t in toasts(app) if "Pause" in t[0]]
        assert message.startswith(f"Pause failed for {name}: ")
        assert "Cuebot unavailable" in message and REASON in message
        assert UNKNOWN_TEXT not in message and "no answer" not in message
        assert severity == "error"
        assert [c.status for c in posts(sim, "Pause")] == [503]
        sim.faults.reset()
        await refresh(pilot)
        assert not app.screen.table.get_item(jid).is_paused  # refused, so not done
        assert len(posts(sim, "Pause")) == 1  # and never sent again


async def test_503_to_a_confirmed_kill_fails_with_the_reason_and_is_sent_once(
    make_app, sim
) -> None:
    app = make_app(show="testing")
    async with app.run_test(size=(100, 24), notifications=True) as pilot:
        await settle(pilot)
        jid = job_id(sim, "failing")
        await goto_row(pilot, jid)
        sim.clear_calls()
        sim.faults.refuse_actions(503, REASON)
        await pilot.press("ctrl+k")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await confirm(pilot)
        ((message, severity),) = [t for t in toasts(app) if "Kill" in t[0]]
        assert "Kill failed for" in message and REASON in message
        assert severity == "error"
        assert len(posts(sim, "Kill")) == 1
        sim.faults.reset()
        await refresh(pilot)
        assert app.screen.table.get_item(jid) is not None  # not killed
        assert len(posts(sim, "Kill")) == 1


async def test_connection_dropped_after_sending_is_outcome_unknown_once(make_app, sim) -> None:
    app = make_app(show="pipeline")
    async with app.run_test(size=(100, 24), notifications=True) as pilot:
        await settle(pilot)
        jid = job_id(sim, "running")
        await goto_row(pilot, jid)
        sim.clear_calls()
        sim.faults.queue("drop")  # the Pause reaches the gateway; its answer never comes
        await pilot.press("p")
        await settle(pilot)
        ((message, severity),) = [t for t in toasts(app) if "Pause" in t[0]]
        assert UNKNOWN_TEXT in message and "failed" not in message
        assert severity == "warning"
        assert len(posts(sim, "Pause")) == 1
        await refresh(pilot)
        assert len(posts(sim, "Pause")) == 1  # never resent


def test_refused_actions_leave_reads_alone(sim) -> None:
    sim.faults.refuse_actions(503, REASON)
    headers = sim.headers()
    read = httpx.post(f"{sim.url}{JOB}GetJobs", json={"r": {}}, headers=headers)
    act = httpx.post(f"{sim.url}{JOB}Pause", json={"job": {"id": "x"}}, headers=headers)
    unauthenticated = httpx.post(f"{sim.url}{JOB}Pause", json={})
    assert read.status_code == 200
    assert act.status_code == 503 and act.json() == {"code": 14, "message": REASON, "details": []}
    assert unauthenticated.status_code == 401  # auth comes first, as on the real gateway
    sim.faults.refuse_actions(502, "upstream reset")
    proxied = httpx.post(f"{sim.url}{JOB}Pause", json={"job": {"id": "x"}}, headers=headers)
    assert proxied.status_code == 502 and "upstream reset" in proxied.text
