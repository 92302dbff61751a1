"""The habits of a mature terminal tool: --version, a --help that says everything, shell
completion from the parser, --no-color, --theme and --no-mouse (issue #10, conventions)."""

from __future__ import annotations

import argparse
import io
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import httpx
import pytest

from cuetui import __version__
from cuetui.cli import build_parser, main
from cuetui.config import Settings, default_config_path
from cuetui.doctor import run_doctor


def _exit_code(argv: list[str]) -> int:
    with pytest.raises(SystemExit) as info:
        main(argv)
    return int(info.value.code or 0)


def test_version_everywhere(capsys) -> None:
    assert _exit_code(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"cuetui {__version__}"
    assert main(["config"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == f"cuetui {__version__}"
    settings = Settings.for_gateway("http://gw.test:8448", jwt_secret="s" * 40)
    out = io.StringIO()
    run_doctor(settings, out=out, transport=httpx.MockTransport(lambda r: httpx.Response(503)))
    assert out.getvalue().startswith(f"cuetui {__version__} (Python ")


def test_help_lists_environment_config_file_and_examples(capsys) -> None:
    assert _exit_code(["--help"]) == 0
    text = capsys.readouterr().out
    for name in (
        "CUETUI_GATEWAY",
        "CUETUI_TOKEN",
        "CUETUI_JWT_SECRET",
        "CUETUI_PROFILE",
        "CUETUI_CONFIG",
        "NO_COLOR",
        "TEXTUAL_THEME",
    ):
        assert f"\n  {name} " in text, name
    assert str(default_config_path()) in text
    assert "examples:" in text and "\n  cuetui demo " in text
    for command in ("demo", "sim", "doctor", "config", "completion"):
        assert f"\n    {command} " in text, command
    for flag in ("--version", "--theme", "--no-mouse", "--no-color", "--refresh SECONDS"):
        assert flag in text


def _parsers(parser: argparse.ArgumentParser, path: str = "cuetui"):
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {a.dest: a.help for a in action._choices_actions}
            for name, child in action.choices.items():
                assert helps.get(name), f"{path} {name} has no description in the list"
                yield from _parsers(child, f"{path} {name}")


def test_every_command_and_option_has_a_description() -> None:
    seen = []
    for path, parser in _parsers(build_parser()):
        assert parser.description, f"`{path} --help` has no description"
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                continue
            name = "/".join(action.option_strings) or action.dest
            assert action.help and action.help != argparse.SUPPRESS, f"{path} {name}"
            seen.append(f"{path} {name}")
    for expected in (
        "cuetui demo --scenario",
        "cuetui demo --seed",
        "cuetui sim --latency",
        "cuetui sim token --secret-file",
        "cuetui doctor --gateway",
        "cuetui config --theme",
        "cuetui completion shell",
    ):
        assert expected in seen


# -- completion ------------------------------------------------------------------------------


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_scripts_come_from_the_parser(shell: str, capsys) -> None:
    assert main(["completion", shell]) == 0
    script = capsys.readouterr().out
    for word in ("doctor", "demo", "no-mouse", "scenario", "secret-file", "nord"):
        assert word in script, word
    if shutil.which(shell):  # the shell itself reads it without a syntax error
        check = subprocess.run([shell, "-n"], input=script, text=True, capture_output=True)
        assert check.returncode == 0, check.stderr


@pytest.mark.skipif(not shutil.which("bash"), reason="no bash")
def test_bash_completes_commands_options_and_values(capsys, tmp_path: Path) -> None:
    assert main(["completion", "bash"]) == 0
    script = tmp_path / "cuetui.bash"
    script.write_text(capsys.readouterr().out)
    probe = """
source "$1"
complete_line() {
    read -ra COMP_WORDS <<< "$1"
    [[ "$1" == *" " ]] && COMP_WORDS+=("")
    COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
    COMPREPLY=()
    _shtab_cuetui cuetui "${COMP_WORDS[-1]}" "${COMP_WORDS[-2]}"
    echo "${COMPREPLY[*]}"
}
complete_line "cuetui do"
complete_line "cuetui demo --scenario "
complete_line "cuetui --no"
complete_line "cuetui sim token --se"
"""
    out = subprocess.run(
        ["bash", "-c", probe, "probe", str(script)], text=True, capture_output=True, check=True
    ).stdout.splitlines()
    assert out == ["doctor", "small large xlarge", "--no-mouse --no-color", "--secret-file"]


# -- colour, theme, mouse ----------------------------------------------------------------------


def test_no_color_flag_sets_no_color_for_the_app(capsys) -> None:
    assert "NO_COLOR" not in os.environ
    assert main(["--no-color", "config"]) == 0
    assert "NO_COLOR" in os.environ  # Textual reads it when the app is made
    capsys.readouterr()


def test_theme_and_mouse_flags_reach_the_settings(capsys) -> None:
    assert main(["config", "--theme", "nord", "--no-mouse"]) == 0
    out = capsys.readouterr().out
    assert "theme: nord" in out and "mouse: False" in out
    assert main(["--theme", "dracula", "config"]) == 0
    assert "theme: dracula" in capsys.readouterr().out
    assert main(["config"]) == 0
    out = capsys.readouterr().out
    assert "theme: cuetui" in out and "mouse: True" in out


def test_an_unknown_theme_is_refused_naming_the_flag(capsys) -> None:
    assert main(["config", "--theme", "nrod"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("cuetui: --theme: unknown theme 'nrod'") and "nord" in err
    assert len(err.splitlines()) == 1


def test_run_app_leaves_the_mouse_to_the_terminal(monkeypatch) -> None:
    from cuetui.app import CuetuiApp, run_app

    runs: list[dict[str, Any]] = []
    monkeypatch.setattr(CuetuiApp, "run", lambda self, **kw: runs.append(kw))
    run_app(Settings.for_gateway("http://gw.test:1", mouse=False))
    run_app(Settings.for_gateway("http://gw.test:1"))
    assert [r["mouse"] for r in runs] == [False, True]
