"""Preferences: `theme` and `mouse` in the config file, and a picked theme written back with
a one-line edit that keeps the user's file as it was (issue #10, convention 4)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from cuetui.config import ConfigError, load_settings
from cuetui.prefs import PrefsError, save_preference, updated_text

USER_FILE = """\
# my farms
default_profile = "prod"

# the big one
[profiles.prod]
gateway = "http://prod:8448"   # behind the VPN
secret_file = "~/.config/cuetui/prod.secret"

[profiles.dev]
gateway = "http://dev:8448"
"""


def _load(path: Path, env: dict[str, str] | None = None, **cli):
    return load_settings({"config": str(path), **cli}, env or {})


def test_theme_and_mouse_from_the_file_with_precedence(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        'theme = "nord"\nmouse = false\n[profiles.a]\ngateway = "http://a:1"\n'
        '[profiles.b]\ngateway = "http://b:1"\ntheme = "dracula"\nmouse = true\n'
    )
    a = _load(path, profile="a")
    assert (a.theme, a.mouse, a.prefs_path) == ("nord", False, path)
    b = _load(path, profile="b")
    assert (b.theme, b.mouse) == ("dracula", True)
    assert _load(path, {"TEXTUAL_THEME": "gruvbox"}, profile="b").theme == "gruvbox"
    flag = _load(path, {"TEXTUAL_THEME": "gruvbox"}, profile="b", theme="monokai", mouse=False)
    assert (flag.theme, flag.mouse) == ("monokai", False)


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ('theme = "nrod"\n', "line 1: theme: unknown theme 'nrod'; themes: "),
        ('[profiles.p]\ntheme = "x"\n', "line 2: theme: unknown theme 'x'"),
        ('mouse = "no"\n', "line 1: 'mouse' must be true or false"),
        ("theme = 3\n", "line 1: 'theme' must be a string"),
    ],
)
def test_bad_preferences_name_file_and_line(tmp_path: Path, text: str, needle: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as info:
        _load(path)
    assert str(info.value).startswith(f"{path}, {needle}")


# -- writing the theme back -------------------------------------------------------------------


def test_a_new_key_goes_to_the_top_level_before_the_first_table() -> None:
    text = updated_text(USER_FILE, "theme", "nord", "prod")
    assert text == USER_FILE.replace(
        'default_profile = "prod"\n', 'default_profile = "prod"\ntheme = "nord"\n'
    )


def test_a_set_key_is_replaced_where_it_is_keeping_its_comment() -> None:
    in_profile = USER_FILE.replace(
        'secret_file = "~/.config/cuetui/prod.secret"\n',
        'secret_file = "~/.config/cuetui/prod.secret"\n  theme = "dracula"  # dark room\n',
    )
    text = updated_text(in_profile, "theme", "nord", "prod")
    assert text == in_profile.replace('  theme = "dracula"', '  theme = "nord"')
    # another profile's own theme is left alone: the top level gets it
    text = updated_text(in_profile, "theme", "nord", "dev")
    assert 'theme = "dracula"  # dark room' in text and '"prod"\ntheme = "nord"\n' in text
    top = 'theme = "monokai"\n' + USER_FILE
    assert updated_text(top, "theme", "nord", "dev") == 'theme = "nord"\n' + USER_FILE


def test_only_preferences_can_be_written() -> None:
    for key in ("secret", "jwt_secret", "token", "gateway"):
        with pytest.raises(ValueError):
            updated_text(USER_FILE, key, "x", None)


@pytest.mark.skipif(os.name != "posix", reason="file modes")
def test_save_keeps_the_file_its_mode_and_its_symlink(tmp_path: Path) -> None:
    real = tmp_path / "dotfiles" / "cuetui.toml"
    real.parent.mkdir()
    real.write_text(USER_FILE)
    real.chmod(0o640)
    link = tmp_path / "config.toml"
    link.symlink_to(real)

    assert save_preference(link, "theme", "nord", "prod") == real
    assert link.is_symlink()
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert real.read_text() == updated_text(USER_FILE, "theme", "nord", "prod")
    assert _load(link, {"CUETUI_JWT_SECRET": "s" * 32}).theme == "nord"
    assert not [p for p in real.parent.iterdir() if p.name != "cuetui.toml"]  # no temp left


def test_save_creates_a_missing_file_private(tmp_path: Path) -> None:
    path = tmp_path / "new" / "config.toml"
    save_preference(path, "theme", "dracula", None)
    assert path.read_text() == 'theme = "dracula"\n'
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_file_it_cannot_edit_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    broken = "theme = [\n"
    path.write_text(broken)
    with pytest.raises(PrefsError, match="not valid TOML"):
        save_preference(path, "theme", "nord", None)
    assert path.read_text() == broken
    dotted = 'profiles.prod.theme = "dracula"\n'  # set in a way a line edit cannot reach
    path.write_text(dotted)
    with pytest.raises(PrefsError, match="set it by hand"):
        save_preference(path, "theme", "nord", "prod")
    assert path.read_text() == dotted
