"""The action journal against the simulator over real HTTP: written before each request
leaves, completed with its outcome, nothing lost in a crash, owner-only, rotated, no secret."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cuetui.client import GatewayClient
from cuetui.config import Settings
from cuetui.core.actions import Action, Batch, perform
from cuetui.core.journal import Journal, journal_for, rotated
from cuetui.core.journal_read import NO_OUTCOME, JournalEntry, read_journal
from cuetui.models import Frame, Job
from cuetui.sim.gateway import RecordedCall
from cuetui.sim.harness import SimHarness

PAUSE = "/job.JobInterface/Pause"
RETRY = "/job.FrameInterface/Retry"
RETRY_FRAMES = "/job.JobInterface/RetryFrames"


def settings_for(sim: SimHarness, journal: Path, **values: Any) -> Settings:
    values.setdefault("user", "wrangler")
    return Settings.for_gateway(
        sim.url, jwt_secret=sim.secret, profile="prod", journal=journal, **values
    )


def journaled_client(
    sim: SimHarness, path: Path, *, read_timeout: float = 5.0, warn: Any = None
) -> tuple[GatewayClient, Journal]:
    settings = settings_for(sim, path)
    client = GatewayClient.from_settings(settings, read_timeout=read_timeout)
    journal = journal_for(settings, client.user, warn=warn)
    assert journal is not None
    client.action_observer = journal
    return client, journal


def records(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def watch_calls(sim: SimHarness, hook: Callable[[RecordedCall], None]) -> None:
    """Run `hook` in the gateway's thread as each request arrives, before it is answered."""

    class Watched(list[RecordedCall]):
        def append(self, call: RecordedCall) -> None:
            hook(call)
            super().append(call)

    watched = Watched(sim.calls)
    sim.app.calls = watched
    sim.calls = watched


def pause(client: GatewayClient, jobs: list[Job]) -> Action[Job]:
    return Action("Pause", "job", jobs, lambda j: j.name, client.pause_job, past="Paused")


async def a_job(client: GatewayClient, sim: SimHarness, anchor: str = "running") -> Job:
    return await client.get_job(sim.farm.anchors[anchor])


async def test_sent_is_written_before_the_request_arrives_and_the_outcome_after(
    sim: SimHarness, tmp_path: Path
) -> None:
    path = tmp_path / "journal.jsonl"
    seen_at_arrival: list[list[dict[str, Any]]] = []
    watch_calls(
        sim, lambda call: seen_at_arrival.append(records(path)) if call.path == PAUSE else None
    )
    client, _ = journaled_client(sim, path)
    async with client:
        job = await a_job(client, sim)
        result = await perform(pause(client, [job]))
    assert result.ok
    (before,) = seen_at_arrival
    (sent,) = before  # the "sent" record alone was on disk when the request arrived
    assert sent["event"] == "sent" and sent["verb"] == "Pause" and sent["kind"] == "job"
    assert sent["targets"] == [{"name": job.name, "id": job.id}]
    assert sent["path"] == PAUSE
    assert sent["body"] == sim.calls_to(PAUSE)[0].body == {"job": {"id": job.id}}
    assert (sent["user"], sent["profile"], sent["gateway"]) == ("wrangler", "prod", sim.url)
    sent_again, outcome = records(path)
    assert sent_again == sent
    assert outcome == {
        "v": 1,
        "id": sent["id"],
        "event": "outcome",
        "time": outcome["time"],
        "outcome": "done",
        "message": "",
    }
    (entry,) = read_journal(path)
    assert (entry.outcome, entry.verb, entry.subject, entry.profile) == (
        "done",
        "Pause",
        job.name,
        "prod",
    )


async def test_a_gateway_error_is_failed_with_the_gateways_message(
    sim: SimHarness, tmp_path: Path
) -> None:
    path = tmp_path / "journal.jsonl"
    client, _ = journaled_client(sim, path)
    async with client:
        job = await a_job(client, sim)
        sim.faults.refuse_actions(503, "cuebot is down for maintenance")
        result = await perform(pause(client, [job]))
    (failed,) = result.failed
    (entry,) = read_journal(path)
    assert entry.outcome == "failed"
    assert "cuebot is down for maintenance" in entry.message
    assert entry.message == failed.error


async def test_a_timeout_after_sending_is_unknown_and_not_resent(
    sim: SimHarness, tmp_path: Path
) -> None:
    path = tmp_path / "journal.jsonl"
    client, _ = journaled_client(sim, path, read_timeout=0.5)
    async with client:
        job = await a_job(client, sim)
        sim.faults.hang(PAUSE)
        result = await perform(pause(client, [job]))
    assert [o.status for o in result.outcomes] == ["unknown"]
    assert len(sim.calls_to(PAUSE)) == 1
    (entry,) = read_journal(path)
    assert entry.outcome == "unknown"
    assert "no answer came within 0.5s" in entry.message
    assert [r["event"] for r in records(path)] == ["sent", "outcome"]


async def test_a_worker_cancelled_between_send_and_answer_reads_outcome_unknown(
    sim: SimHarness, tmp_path: Path
) -> None:
    path = tmp_path / "journal.jsonl"
    client, journal = journaled_client(sim, path)
    async with client:
        job = await a_job(client, sim)
        sim.faults.hang(PAUSE)
        task = asyncio.create_task(perform(pause(client, [job])))
        for _ in range(200):
            if sim.calls_to(PAUSE):
                break
            await asyncio.sleep(0.01)
        assert sim.calls_to(PAUSE), "the request never reached the gateway"
        assert [e.outcome for e in read_journal(path, pending=journal.pending)] == ["sending"]
        task.cancel()  # the app quits, or its worker is cancelled, mid-request
        with pytest.raises(asyncio.CancelledError):
            await task
    (entry,) = read_journal(path)
    assert (entry.outcome, entry.verb) == ("unknown", "Pause")
    assert entry.message == (
        "job.JobInterface/Pause: cuetui stopped waiting (CancelledError) before the answer "
        "came: it may or may not have been done"
    )
    assert not journal.pending


CRASHER = textwrap.dedent(
    """
    import asyncio, sys
    from pathlib import Path
    from cuetui.client import GatewayClient
    from cuetui.config import Settings
    from cuetui.core.actions import Action, perform
    from cuetui.core.journal import journal_for

    url, secret, job_id, path = sys.argv[1:]
    settings = Settings.for_gateway(url, jwt_secret=secret, journal=Path(path), user="w")

    async def main():
        client = GatewayClient.from_settings(settings)
        client.action_observer = journal_for(settings, client.user)
        job = await client.get_job(job_id)
        await perform(Action("Pause", "job", [job], lambda j: j.name, client.pause_job))

    asyncio.run(main())
    """
)


def test_a_process_killed_between_send_and_answer_reads_outcome_unknown(
    sim: SimHarness, tmp_path: Path
) -> None:
    path = tmp_path / "journal.jsonl"
    sim.faults.hang(PAUSE)
    job_id = sim.farm.anchors["running"]
    proc = subprocess.Popen(
        [sys.executable, "-c", CRASHER, sim.url, sim.secret, job_id, str(path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while not sim.calls_to(PAUSE):
            assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
            assert time.monotonic() < deadline, "the request never reached the gateway"
            time.sleep(0.02)
        proc.send_signal(signal.SIGKILL)  # a crash: nothing runs after this
    finally:
        proc.wait(30)
        if proc.stderr:
            proc.stderr.close()
    (entry,) = read_journal(path)
    assert (entry.outcome, entry.message) == ("unknown", NO_OUTCOME)
    assert entry.targets[0].id == job_id


async def test_each_request_of_a_bulk_action_is_an_entry(sim: SimHarness, tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    client, _ = journaled_client(sim, path)
    async with client:
        job = await a_job(client, sim, "failing")
        frames = await client.get_frames(job, states=["DEAD"])
        one_each: Action[Frame] = Action(
            "Retry", "frame", frames, lambda f: f.name, client.retry_frame, context=job.name
        )
        await perform(one_each)
        batched: Action[Frame] = Action(
            "Retry", "frame", frames, lambda f: f.name, client.retry_frame,
            batch=Batch(key=lambda f: job.id, label=lambda f: job.name,
                        call=lambda fs: client.retry_frames(job, fs)),
        )  # fmt: skip
        await perform(batched)
    entries = read_journal(path)
    assert len(entries) == len(frames) + 1 == 4
    newest, *singles = entries
    assert [t.id for t in newest.targets] == [f.id for f in frames]
    assert newest.of == job.name and newest.path == RETRY_FRAMES
    assert newest.body == sim.calls_to(RETRY_FRAMES)[0].body
    assert sorted(e.targets[0].id for e in singles) == sorted(f.id for f in frames)
    assert all(e.path == RETRY and e.outcome == "done" for e in singles)
    assert [e.body for e in reversed(singles)] == [c.body for c in sim.calls_to(RETRY)]


async def test_no_secret_reaches_the_file(sim: SimHarness, tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    client, _ = journaled_client(sim, path)
    async with client:
        job = await a_job(client, sim)
        await perform(pause(client, [job]))
        token = client.auth.token()
        assert token
        # A wrangler pasting the secret and a token into a comment: masked, still sent.
        pasted = f"secret {sim.secret} and Bearer {token}"
        note = Action("Comment", "job", [job], lambda j: j.name,
                      lambda j: client.add_comment(j, "creds", pasted))  # fmt: skip
        assert (await perform(note)).ok
    sent_token = (sim.calls_to(PAUSE)[0].authorization or "").removeprefix("Bearer ")
    assert sent_token
    text = path.read_text()
    assert sim.secret not in text and token not in text and sent_token not in text
    assert "eyJ" not in text and "Bearer " + token[:10] not in text
    comment = read_journal(path)[0]
    assert comment.verb == "Comment" and "**********" in json.dumps(comment.body)


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
async def test_file_and_folder_are_owner_only(sim: SimHarness, tmp_path: Path) -> None:
    state = tmp_path / "state" / "cuetui"
    path = state / "journal.jsonl"
    client, journal = journaled_client(sim, path)
    journal._own_folder = True  # as for the default folder
    async with client:
        await perform(pause(client, [await a_job(client, sim)]))
    assert stat.S_IMODE(state.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    path.chmod(0o644)  # loosened by hand: the next write tightens it
    journal.sent("/job.JobInterface/Resume", {})
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_default_location_is_the_user_state_folder(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    settings = Settings.for_gateway("http://gw:8448", user="w")
    journal = journal_for(settings, "w")
    assert journal is not None
    assert journal.path == tmp_path / "cuetui" / "journal.jsonl"
    assert journal_for(settings.model_copy(update={"journal": False}), "w") is None


def test_rotation_by_size_keeps_a_few_files_and_reads_across_them(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    journal = Journal(path, user="w", profile=None, gateway="http://gw", max_bytes=1500, backups=2)
    last = None
    for n in range(40):  # each answer comes after the next request left (concurrent sends)
        ticket = journal.sent(PAUSE, {"job": {"id": f"job-{n:03d}"}})
        journal.answered(last, None)
        last = ticket
    journal.answered(last, None)
    files = [p for p in rotated(path, 3) if p.exists()]
    assert files == rotated(path, 2)  # the file, .1 and .2: the oldest dropped
    assert all(p.stat().st_size <= 1500 for p in files)
    if os.name == "posix":
        assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in files)
    entries = read_journal(path, backups=2)
    ids = [e.body["job"]["id"] for e in entries]
    assert ids == sorted(ids, reverse=True) and ids[0] == "job-039"
    # An outcome written after a rotation still joins its "sent" record in the older file.
    assert all(e.outcome == "done" for e in entries[:-1])
    assert 5 < len(entries) < 40
    assert [e.id for e in read_journal(path, limit=3, backups=2)] == [e.id for e in entries[:3]]


async def test_an_unwritable_journal_warns_once_and_actions_go_on(
    sim: SimHarness, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    warnings: list[str] = []
    client, _ = journaled_client(sim, blocker / "journal.jsonl", warn=warnings.append)
    async with client:
        job = await a_job(client, sim)
        first = await perform(pause(client, [job]))
        second = await perform(Action("Resume", "job", [job], lambda j: j.name, client.resume_job))
    assert first.ok and second.ok
    assert len(sim.calls_to(PAUSE)) == 1
    (warning,) = warnings
    assert str(blocker / "journal.jsonl") in warning and "not journaled" in warning


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
def test_a_full_disk_warns_once(tmp_path: Path) -> None:
    warnings: list[str] = []
    journal = Journal(
        Path("/dev/full"), user="w", profile=None, gateway="http://gw", warn=warnings.append
    )
    assert journal.sent(PAUSE, {}) is None
    assert journal.sent(PAUSE, {}) is None
    (warning,) = warnings
    assert "No space left on device" in warning


def test_lines_cut_short_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    journal = Journal(path, user="w", profile=None, gateway="http://gw")
    ticket = journal.sent(PAUSE, {"job": {"id": "a"}})
    with path.open("a") as f:
        f.write('{"v":1,"id":"x","event":"se')  # a write cut short
    journal._torn = True  # as the short write left it
    journal.answered(ticket, None)
    (entry,) = read_journal(path)
    assert isinstance(entry, JournalEntry) and entry.outcome == "done"
