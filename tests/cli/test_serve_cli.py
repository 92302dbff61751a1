"""`cuetui serve`'s command line: what each page's app is started with, and its refusals."""

from __future__ import annotations

import sys

import pytest

from cuetui.cli import main
from cuetui.serve import MISSING_EXTRA, app_command


def test_each_page_runs_cuetui_read_only_on_the_dashboard_and_never_a_secret() -> None:
    command = app_command(
        {
            "gateway": "http://cuebot:8448",
            "show": "testing",
            "token_file": "/run/cuetui/token",
            "refresh": 5.0,
            "jwt_secret": "s3cret-value",  # never a flag: it reaches the app by the environment
            "token": "ey.token",
        }
    )
    assert command.split()[1:3] == ["-m", "cuetui"]
    assert "--gateway http://cuebot:8448 --show testing --token-file /run/cuetui/token" in command
    assert command.endswith("--readonly --dashboard")
    assert "s3cret" not in command and "ey.token" not in command


def test_the_whole_app_can_be_served_read_only() -> None:
    command = app_command({"gateway": "http://cuebot:8448"}, dashboard=False)
    assert command.endswith("--readonly")


def test_without_the_serve_extra_it_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path
) -> None:
    monkeypatch.setitem(sys.modules, "textual_serve", None)  # as if not installed
    config = tmp_path / "c.toml"
    config.write_text("")
    code = main(["serve", "--gateway", "http://127.0.0.1:9", "--config", str(config)])
    assert code == 1
    assert capsys.readouterr().err.strip() == MISSING_EXTRA


@pytest.mark.parametrize("size", ["2", "400"])
def test_a_font_size_out_of_range_is_refused(
    size: str, capsys: pytest.CaptureFixture[str], tmp_path
) -> None:
    config = tmp_path / "c.toml"
    config.write_text("")
    argv = ["serve", "--gateway", "http://127.0.0.1:9", "--config", str(config)]
    assert main([*argv, "--font-size", size]) == 2
    assert f"--font-size must be from 6 to 96 pixels, not {size}" in capsys.readouterr().err
