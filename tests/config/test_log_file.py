"""The log file: where it is, who may read it, how it rotates, and that no secret is written."""

from __future__ import annotations

import logging
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from cuetui import applog

SECRET = "log-file-test-secret-0123456789"
JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0ZXN0ZXIifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ"


@pytest.fixture(autouse=True)
def _no_log_left_behind() -> Iterator[None]:
    yield
    applog.teardown()


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_default_file_is_under_the_user_log_dir_owner_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    expected = tmp_path / "state" / "cuetui" / "log" / "cuetui.log"
    assert applog.default_log_path() == expected
    assert applog.setup() == expected == applog.current_path()
    logging.getLogger("cuetui.test").info("hello")
    assert "INFO cuetui.test: hello" in expected.read_text()
    assert mode(expected) == 0o600 and mode(expected.parent) == 0o700


def test_an_existing_loose_file_is_made_owner_only(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir(mode=0o755)
    path = folder / "mine.log"
    path.write_text("old line\n")
    path.chmod(0o644)
    applog.setup(path)
    assert mode(path) == 0o600 and path.read_text() == "old line\n"  # appended to, not wiped
    assert mode(folder) == 0o755  # a folder the user chose is left as it is


def test_rotated_by_size_and_every_file_owner_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(applog, "MAX_BYTES", 400)
    path = applog.setup(tmp_path / "cuetui.log")
    log = logging.getLogger("cuetui.test")
    for n in range(40):
        log.warning("line %d of a log that outgrows its size", n)
    files = sorted(tmp_path.glob("cuetui.log*"))
    assert [f.name for f in files] == ["cuetui.log", "cuetui.log.1", "cuetui.log.2", "cuetui.log.3"]
    assert all(mode(f) == 0o600 for f in files)
    assert all(f.stat().st_size <= 400 for f in files)
    assert "line 39 of" in path.read_text()


def test_levels_info_by_default_debug_on_request(tmp_path: Path) -> None:
    path = applog.setup(tmp_path / "cuetui.log")
    log = logging.getLogger("cuetui.client")
    log.debug("a debug line")
    log.info("an info line")
    logging.getLogger("httpx").info("HTTP Request: POST ...")  # other libraries: warnings only
    text = path.read_text()
    assert "an info line" in text and "a debug line" not in text and "HTTP Request" not in text
    applog.setup(path, debug=True)
    log.debug("a debug line")
    logging.getLogger("httpx").info("HTTP Request: POST ...")
    text = path.read_text()
    assert "DEBUG cuetui.client: a debug line" in text and "HTTP Request" in text


def test_secrets_and_secret_shaped_text_never_written(tmp_path: Path) -> None:
    path = applog.setup(tmp_path / "cuetui.log")
    applog.protect(SECRET, None, "", "ab")  # empty and tiny values are ignored, not masked
    log = logging.getLogger("cuetui.test")
    log.info("secret %s in the arguments", SECRET)
    log.info("headers {'Authorization': 'Bearer %s', 'Accept': 'x'}", JWT)
    log.info("authorization=%s; a bare JWT %s", "opaque-token-value", JWT)
    log.info("gateway http://wrangler:hunter2@gw:8448/x and a tab")
    try:
        raise RuntimeError(f"failed with {SECRET} and Bearer {JWT}")
    except RuntimeError:
        log.exception("boom")
    text = path.read_text()
    for leaked in (SECRET, JWT, "hunter2", "wrangler:", "opaque-token-value"):
        assert leaked not in text
    assert "secret ********** in the arguments" in text
    assert "{'Authorization': '**********', 'Accept': 'x'}" in text
    assert "authorization=**********; a bare JWT **********" in text
    assert "http://**********@gw:8448/x and a tab" in text
    assert "RuntimeError: failed with ********** and Bearer **********" in text
    assert "Traceback (most recent call last)" in text


def test_a_file_that_cannot_be_written_is_an_os_error(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        applog.setup(tmp_path)  # a folder, not a file
    assert applog.current_path() is None
