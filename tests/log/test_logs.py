"""The windowed log reader, attempt listing and unreadable-file reasons (no Textual)."""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace

import pytest

from cuetui.core.rqlog import (
    Appended,
    LogWindow,
    Reset,
    attempt_paths,
    find_line,
    frame_log_path,
    line_level,
    search_pattern,
    unreadable_reason,
)


def write(path: Path, lines: list[str], end: str = "\n") -> None:
    path.write_text("\n".join(lines) + end)


def test_frame_log_path_follows_cuegui_rule() -> None:
    job = SimpleNamespace(log_dir="/shots/s/logs/job_a", name="job_a")
    frame = SimpleNamespace(name="0001-render")
    assert frame_log_path(job, frame) == Path("/shots/s/logs/job_a/job_a.0001-render.rqlog")


def test_tail_reads_only_the_last_chunk_on_line_boundaries(tmp_path: Path) -> None:
    log = tmp_path / "a.rqlog"
    lines = [f"line {i:05d}" for i in range(10_000)]
    write(log, lines)
    window = LogWindow(log, chunk=1000)
    tail = window.tail()
    assert tail[-1] == "line 09999"
    assert tail == lines[-len(tail) :]
    assert 0 < len(tail) <= 1000 // 11 + 1
    assert not window.at_head and window.at_tail

    before = window.earlier()
    assert before == lines[-len(tail) - len(before) : -len(tail)]
    # Walking up to the top yields every line exactly once.
    got = before + tail
    while not window.at_head:
        got = window.earlier() + got
    assert got == lines


def test_head_then_later_reaches_the_end(tmp_path: Path) -> None:
    log = tmp_path / "a.rqlog"
    lines = [f"row {i}" for i in range(500)]
    write(log, lines)
    window = LogWindow(log, chunk=256)
    got = window.head()
    assert got[0] == "row 0" and window.at_head and not window.at_tail
    while not window.at_tail:
        got += window.later()
    assert got == lines


def test_a_line_longer_than_a_chunk_is_not_lost(tmp_path: Path) -> None:
    log = tmp_path / "a.rqlog"
    write(log, ["first", "x" * 5000, "last"])
    window = LogWindow(log, chunk=100)
    got = window.tail()
    assert got == ["last"]
    while not window.at_head:
        got = window.earlier() + got
    assert got == ["first", "x" * 5000, "last"]


def test_poll_appends_new_lines_and_completes_a_partial_line(tmp_path: Path) -> None:
    log = tmp_path / "a.rqlog"
    log.write_text("one\ntw")
    window = LogWindow(log)
    assert window.tail() == ["one", "tw"]
    assert window.poll() is None
    with open(log, "a") as f:
        f.write("o\nthree\n")
    change = window.poll()
    assert change == Appended(["two", "three"], drop_last=True)
    with open(log, "a") as f:
        f.write("four\n")
    assert window.poll() == Appended(["four"], drop_last=False)


def test_poll_resets_on_truncation_and_on_rotation(tmp_path: Path) -> None:
    log = tmp_path / "a.rqlog"
    write(log, ["a", "b", "c"])
    window = LogWindow(log)
    window.tail()
    write(log, ["x"])
    change = window.poll()
    assert isinstance(change, Reset) and change.lines == ["x"] and "truncated" in change.why

    # RQD renames the log to .1 and starts a new file for the next attempt.
    os.rename(log, tmp_path / "a.rqlog.1")
    write(log, ["attempt 2"])
    change = window.poll()
    assert isinstance(change, Reset) and change.lines == ["attempt 2"]
    assert "new attempt" in change.why


def test_attempt_paths_oldest_first_latest_last(tmp_path: Path) -> None:
    base = tmp_path / "j.0001-r.rqlog"
    for n in (2, 10, 1):
        (tmp_path / f"j.0001-r.rqlog.{n}").write_text("")
    (tmp_path / "j.0001-r.rqlog.bak").write_text("")
    (tmp_path / "j.0001-r.rqlog.1.gz").write_text("")
    names = [p.name for p in attempt_paths(base)]
    assert names == [
        "j.0001-r.rqlog.1",
        "j.0001-r.rqlog.2",
        "j.0001-r.rqlog.10",
        "j.0001-r.rqlog",
    ]


def test_unreadable_reasons_name_the_cause(tmp_path: Path) -> None:
    assert unreadable_reason(tmp_path / "missing.rqlog") is not None
    assert "not have started" in (unreadable_reason(tmp_path / "missing.rqlog") or "")
    gone = tmp_path / "shots" / "show" / "logs" / "a.rqlog"
    reason = unreadable_reason(gone) or ""
    assert str(tmp_path / "shots") in reason and "mounted" in reason
    assert "directory" in (unreadable_reason(tmp_path) or "")
    ok = tmp_path / "ok.rqlog"
    ok.write_text("x")
    assert unreadable_reason(ok) is None


def test_search_smart_case_and_find() -> None:
    lines = ["Render started", "ERROR: disk full", "retrying", "error again"]
    pat = search_pattern("error")
    assert pat is not None
    assert find_line(lines, pat, 0, forward=True) == 1
    assert find_line(lines, pat, 2, forward=True) == 3
    assert find_line(lines, pat, 2, forward=False) == 1
    strict = search_pattern("ERROR")
    assert strict is not None and find_line(lines, strict, 2, forward=True) is None
    assert search_pattern("") is None
    assert line_level("Fatal: no licenses could be found") == "error"
    assert line_level("warning: texture not found") == "warning"
    assert line_level("frame 1 done") is None


def test_unreadable_permission_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Root reads every file, so simulate the refusal the way the OS reports it.
    secret = tmp_path / "s.rqlog"
    secret.write_text("x")

    def refuse(*args: object, **kw: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("cuetui.core.rqlog.open", refuse, raising=False)
    assert unreadable_reason(secret) == "permission denied: this user cannot read it"
