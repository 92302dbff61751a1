"""[notify] in the config file, and the delivery helpers that need no app."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from cuetui.alert_delivery import desktop_kind, desktop_sequence, run_hook
from cuetui.config import ConfigError, load_settings


def settings_from(tmp_path: Path, text: str):  # type: ignore[no-untyped-def]
    path = tmp_path / "config.toml"
    path.write_text(text)
    return load_settings({"config": str(path)}, env={})


def test_a_notify_table_turns_rules_on(tmp_path: Path) -> None:
    s = settings_from(
        tmp_path,
        '[notify]\nrules = ["my_jobs", "gateway_down"]\nusers = ["kwong"]\n'
        'gateway_down_after = 120\ndesktop = "osc777"\ncommand = "~/bin/hook --chat night"\n',
    )
    assert s.notify.rules == {"my_jobs", "gateway_down"}
    assert s.notify.users == ("kwong",) and s.notify.gateway_down_after == 120
    assert s.notify.command == (str(Path("~/bin/hook").expanduser()), "--chat", "night")


def test_a_profile_has_its_own_rules(tmp_path: Path) -> None:
    s = settings_from(
        tmp_path,
        'default_profile = "prod"\n[profiles.prod]\ngateway = "http://cuebot:8448"\n'
        '[profiles.prod.notify]\nrules = ["host_down"]\n',
    )
    assert s.notify.rules == {"host_down"}


@pytest.mark.parametrize(
    ("table", "said"),
    [
        ('rules = ["nope"]', "unknown notify rule 'nope'; rules: my_jobs, dead_frames"),
        ("rules = 'my_jobs'", "notify.rules must be a list of names"),
        ("gateway_down_after = nan", "notify.gateway_down_after must be a number"),
        ("every = 0", "notify.every must be from 2 to 3600, not 0"),
        ('desktop = "loud"', "notify.desktop must be one of auto, osc9, osc777, off"),
        ('command = ""', "notify.command must be a command line"),
        ("colour = 1", "unknown notify setting 'colour'"),
    ],
)
def test_a_bad_notify_setting_is_refused_naming_it(tmp_path: Path, table: str, said: str) -> None:
    with pytest.raises(ConfigError) as err:
        settings_from(tmp_path, f"[notify]\n{table}\n")
    assert said in str(err.value) and str(tmp_path) in str(err.value)


def test_the_desktop_sequence_follows_the_terminal() -> None:
    assert desktop_kind("auto", {"TERM_PROGRAM": "WezTerm"}) == "osc9"
    assert desktop_kind("auto", {"TERM": "foot"}) == "osc777"
    assert desktop_kind("auto", {"TERM": "xterm-256color"}) is None  # unknown: nothing
    assert desktop_kind("off", {"TERM_PROGRAM": "iTerm.app"}) is None
    assert desktop_kind("osc777", {}) == "osc777"


def test_farm_text_cannot_end_the_sequence_early() -> None:
    evil = "job\x1b]0;pwned\x07name"
    sequence = desktop_sequence("osc777", "a;b", evil)
    assert sequence == "\x1b]777;notify;a,b;job ]0,pwned name\x1b\\"
    assert sequence.count("\x1b") == 2  # the opening and the terminator only


def test_a_hook_that_fails_says_why_in_one_line(tmp_path: Path) -> None:
    assert run_hook((str(tmp_path / "missing"),), "{}") == f"{tmp_path / 'missing'} not found"
    failing = (
        sys.executable,
        "-c",
        "import sys; print('chat is down', file=sys.stderr); sys.exit(3)",
    )
    assert run_hook(failing, "{}") == f"{sys.executable} exited 3: chat is down"
    assert run_hook((sys.executable, "-c", "import sys; sys.stdin.read()"), "{}") is None
