"""The log file: where it is, who may read it, how it rotates, and that no secret is written."""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from cuetui import __version__, applog
from cuetui.cli import main
from cuetui.client import MintedToken

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


def test_debug_says_when_a_token_is_minted_never_the_token(tmp_path: Path) -> None:
    path = applog.setup(tmp_path / "cuetui.log", debug=True)
    source = MintedToken(SECRET, user="wrangler", clock=lambda: 1_800_000_000.0)
    token = source.token()
    text = path.read_text()
    assert "DEBUG cuetui.client.auth: minted token 1 for sub=wrangler, iat=1800000000" in text
    assert token not in text and SECRET not in text


def test_a_file_that_cannot_be_written_is_an_os_error(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        applog.setup(tmp_path)  # a folder, not a file
    assert applog.current_path() is None


# -- the command line and `cuetui config` --------------------------------------------------


@pytest.fixture
def app_run(monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    """`cuetui` with the app replaced: records where the log went and logs one debug line."""
    seen: dict[str, object] = {}

    def run_app(settings: object, *, dashboard: bool = False, farms: object = ()) -> int:
        seen["path"] = applog.current_path()
        logging.getLogger("cuetui.test").debug("a debug line from the app")
        logging.getLogger("cuetui.test").info("an info line from the app")
        return 0

    monkeypatch.setattr("cuetui.app.run_app", run_app)
    return seen


def test_the_app_logs_to_the_default_file_at_info(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, app_run: dict[str, object]
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    assert main(["--gateway", "http://gw:1"]) == 0
    path = tmp_path / "state" / "cuetui" / "log" / "cuetui.log"
    assert app_run["path"] == path
    text = path.read_text()
    assert "an info line from the app" in text and "a debug line" not in text


def test_log_file_and_debug_flags_are_honoured(tmp_path: Path, app_run: dict[str, object]) -> None:
    path = tmp_path / "elsewhere" / "wrangler.log"
    assert main(["--gateway", "http://gw:1", "--log-file", str(path), "--debug"]) == 0
    assert app_run["path"] == path
    text = path.read_text()
    assert "DEBUG cuetui.test: a debug line from the app" in text
    assert f"INFO cuetui: cuetui {__version__} started, pid {os.getpid()}" in text
    assert mode(path) == 0o600


def test_log_file_from_the_config_file_and_under_a_flag(
    tmp_path: Path, app_run: dict[str, object]
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f'gateway = "http://gw:1"\nlog_file = "{tmp_path / "from-file.log"}"\n')
    assert main(["--config", str(config)]) == 0
    assert app_run["path"] == tmp_path / "from-file.log"
    assert main(["--config", str(config), "--log-file", str(tmp_path / "flag.log")]) == 0
    assert app_run["path"] == tmp_path / "flag.log"


def test_a_log_file_that_cannot_be_written_is_refused_clearly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], app_run: dict[str, object]
) -> None:
    assert main(["--gateway", "http://gw:1", "--log-file", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err == f"cuetui: error: cannot write the log file {tmp_path}: Is a directory\n"
    assert "path" not in app_run  # the app never started


def test_an_unwritable_default_log_only_warns(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    app_run: dict[str, object],
) -> None:
    blocker = tmp_path / "state"
    blocker.write_text("a file where the log folder would go\n")
    monkeypatch.setenv("XDG_STATE_HOME", str(blocker))
    assert main(["--gateway", "http://gw:1"]) == 0
    assert app_run["path"] is None
    assert "cuetui: warning: cannot write the log file" in capsys.readouterr().err


def test_cuetui_config_prints_the_log_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    assert main(["config"]) == 0
    default = tmp_path / "state" / "cuetui" / "log" / "cuetui.log"
    assert f"log file: {default} (info)\n" in capsys.readouterr().out
    assert not default.exists()  # printing the path creates nothing
    assert main(["config", "--log-file", str(tmp_path / "x.log"), "--debug"]) == 0
    assert f"log file: {tmp_path / 'x.log'} (debug)\n" in capsys.readouterr().out
