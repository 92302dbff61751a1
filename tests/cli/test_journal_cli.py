"""`cuetui journal [--json] [--limit N]` and the `journal` setting of the config file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cuetui.cli import main
from cuetui.client.errors import GatewayError
from cuetui.config import ConfigError, default_journal_path, load_settings
from cuetui.core.journal import Journal, acting
from cuetui.core.journal_read import NO_OUTCOME

PAUSE = "/job.JobInterface/Pause"
KILL = "/job.JobInterface/Kill"


def config(tmp_path: Path, line: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(f'{line}\n\n[profiles.prod]\ngateway = "http://gw:8448"\n')
    return path


def fill(path: Path) -> None:
    """Three entries: done, failed, and one whose answer never came (a crash)."""
    journal = Journal(path, user="wrangler", profile="prod", gateway="http://gw:8448")
    with acting("Pause", "job", [("job_a", "id-a")]):
        journal.answered(journal.sent(PAUSE, {"job": {"id": "id-a"}}), None)
    with acting("Kill", "job", [("job_b", "id-b")]):
        ticket = journal.sent(KILL, {"job": {"id": "id-b"}, "reason": "bad frames"})
    journal.answered(ticket, GatewayError("job.JobInterface/Kill: permission denied"))
    with acting("Pause", "job", [("job_c", "id-c")]):
        journal.sent(PAUSE, {"job": {"id": "id-c"}})


def test_json_lists_entries_newest_first_with_outcome_and_body(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    journal = tmp_path / "state" / "journal.jsonl"
    fill(journal)
    cfg = config(tmp_path, f'journal = "{journal}"')
    assert main(["journal", "--json", "--config", str(cfg)]) == 0
    entries = json.loads(capsys.readouterr().out)
    assert [(e["verb"], e["outcome"]) for e in entries] == [
        ("Pause", "unknown"),
        ("Kill", "failed"),
        ("Pause", "done"),
    ]
    crashed, failed, done = entries
    assert crashed["message"] == NO_OUTCOME and crashed["answered"] is None
    assert failed["message"] == "job.JobInterface/Kill: permission denied"
    assert failed["body"] == {"job": {"id": "id-b"}, "reason": "bad frames"}
    assert failed["targets"] == [{"name": "job_b", "id": "id-b"}]
    assert (done["user"], done["profile"], done["gateway"]) == (
        "wrangler",
        "prod",
        "http://gw:8448",
    )
    assert done["time"].endswith("+00:00") and done["answered"]
    assert main(["journal", "--json", "--limit", "1", "--config", str(cfg)]) == 0
    assert [e["targets"][0]["id"] for e in json.loads(capsys.readouterr().out)] == ["id-c"]


def test_text_is_a_line_an_entry_with_the_failure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    journal = tmp_path / "journal.jsonl"
    fill(journal)
    assert main(["journal", "--config", str(config(tmp_path, f'journal = "{journal}"'))]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3
    assert " unknown  Pause job_c  [prod, wrangler]: no answer was recorded" in lines[0]
    assert lines[1].endswith(
        "failed   Kill job_b  [prod, wrangler]: job.JobInterface/Kill: permission denied"
    )
    assert lines[2].endswith("done     Pause job_a  [prod, wrangler]")


def test_an_empty_journal_and_a_journal_turned_off(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    journal = tmp_path / "none-yet.jsonl"
    cfg = config(tmp_path, f'journal = "{journal}"')
    assert main(["journal", "--json", "--config", str(cfg)]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["journal", "--config", str(cfg)]) == 0
    assert capsys.readouterr().err.strip() == f"No action journaled yet ({journal})"
    off = config(tmp_path, "journal = false")
    assert main(["journal", "--config", str(off)]) == 1
    assert "the journal is off (journal = false in the config)" in capsys.readouterr().err
    assert main(["journal", "--limit", "0", "--config", str(cfg)]) == 2
    assert "--limit must be 1 or more, not 0" in capsys.readouterr().err


def test_the_setting_takes_true_false_or_a_path(tmp_path: Path) -> None:
    on = load_settings({"config": str(config(tmp_path, "journal = true"))}, env={})
    assert on.journal is True and on.masked()["journal"] == str(default_journal_path())
    moved = load_settings({"config": str(config(tmp_path, 'journal = "~/j.jsonl"'))}, env={})
    assert moved.journal == Path("~/j.jsonl").expanduser()
    with pytest.raises(ConfigError, match="journal must be true, false or a file path"):
        load_settings({"config": str(config(tmp_path, 'journal = " "'))}, env={})
    with pytest.raises(ConfigError, match="'journal' must be true or false or a string"):
        load_settings({"config": str(config(tmp_path, "journal = 3"))}, env={})
