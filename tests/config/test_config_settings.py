"""Config precedence, file errors with line numbers, secrets handling, `cuetui config`."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from cuetui.cli import main
from cuetui.client import MintedToken, NoAuth, StaticToken
from cuetui.config import ConfigError, Settings, load_settings, print_config

SECRET = "config-test-secret-value-1234567890"


@pytest.fixture
def cfg(tmp_path: Path):
    """Write a config file and return its path."""

    def write(text: str) -> Path:
        path = tmp_path / "config.toml"
        path.write_text(text)
        return path

    return write


def _load(path: Path | None = None, env: dict[str, str] | None = None, **cli):
    if path is not None:
        cli["config"] = str(path)
    return load_settings(cli, env or {})


def test_defaults_without_a_file(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "none"))
    s = load_settings({}, {})
    assert s.gateway == "http://localhost:8448" and s.refresh == 3.0
    assert s.frame_page_size == 500 and s.verify is True and s.readonly is False
    assert s.config_path is None and s.profile is None and s.user
    assert isinstance(s.token_source(), NoAuth)


def test_precedence_cli_over_env_over_profile_over_top(cfg) -> None:
    path = cfg(
        """
refresh = 9
show = "top"
readonly = true

[profiles.prod]
gateway = "http://file:1"
show = "prod-show"
"""
    )
    s = _load(path)
    assert (s.profile, s.gateway, s.show, s.refresh, s.readonly) == (
        "prod",
        "http://file:1",
        "prod-show",
        9.0,
        True,
    )
    s = _load(path, {"CUETUI_GATEWAY": "http://env:2"})
    assert s.gateway == "http://env:2"
    s = _load(
        path,
        {"CUETUI_GATEWAY": "http://env:2"},
        gateway="http://cli:3",
        show="cli",
        refresh=1.5,
        readonly=True,
    )
    assert (s.gateway, s.show, s.refresh) == ("http://cli:3", "cli", 1.5)


def test_profile_selection(cfg) -> None:
    path = cfg(
        """
default_profile = "a"
[profiles.a]
gateway = "http://a:1"
[profiles.b]
gateway = "http://b:1"
"""
    )
    assert _load(path).profile == "a"
    assert _load(path, {"CUETUI_PROFILE": "b"}).gateway == "http://b:1"
    assert _load(path, {"CUETUI_PROFILE": "b"}, profile="a").gateway == "http://a:1"
    with pytest.raises(ConfigError, match=r"no profile named 'c' \(profiles: a, b\)"):
        _load(path, profile="c")


def test_config_env_var_names_the_file(cfg) -> None:
    path = cfg('gateway = "http://viaenv:1"\n')
    assert load_settings({}, {"CUETUI_CONFIG": str(path)}).gateway == "http://viaenv:1"


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ('[profiles.p]\ngateway = "http://x:1"\nrefresh = \n', "line 3"),
        ('[profiles.p]\ngatway = "http://x:1"\n', "line 2: unknown setting 'gatway'"),
        ('[profiles.p]\nrefresh = "fast"\n', "line 2: 'refresh' must be a number"),
        ("[profiles.p]\nreadonly = 1\n", "line 2: 'readonly' must be true or false"),
        ('[profiles.p]\njwt_secret = "x"\n', "line 2: 'jwt_secret' would keep a secret"),
        ('[profiles.p]\ngateway = "cuebot:8448"\n', "line 2: gateway must be an http"),
        ("[profiles.p]\nrefresh = 0.1\n", "line 2: refresh must be from 0.5 to 3600 seconds"),
        ('[profiles.p]\nverify = "/no/such/ca.pem"\n', "CA bundle /no/such/ca.pem not found"),
        (
            '[profiles.p]\ntoken_file = "/a"\nsecret_file = "/b"\n',
            "line 1: profile 'p' sets both token_file and secret_file",
        ),
        ("x = [\n", "line 1"),
    ],
)
def test_broken_file_names_file_line_and_problem(cfg, text: str, needle: str) -> None:
    path = cfg(text)
    with pytest.raises(ConfigError) as info:
        _load(path)
    message = str(info.value)
    assert message.startswith(str(path))
    assert needle in message


def test_missing_explicit_file_and_profile_without_file(tmp_path: Path, monkeypatch) -> None:
    with pytest.raises(ConfigError, match="config file not found"):
        _load(tmp_path / "nope.toml")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "none"))
    with pytest.raises(ConfigError, match="no config file"):
        load_settings({"profile": "prod"}, {})


def test_auth_order_and_sources(cfg, tmp_path: Path) -> None:
    token_file = tmp_path / "t.jwt"
    token_file.write_text("Bearer a.b.c\n")
    token_file.chmod(0o600)
    secret_file = tmp_path / "s.secret"
    secret_file.write_text(SECRET + "\n")
    secret_file.chmod(0o600)
    path = cfg(f'[profiles.p]\nsecret_file = "{secret_file}"\n')

    s = _load(path)
    assert s.auth_source == f"secret file {secret_file}" and not s.warnings
    assert isinstance(s.token_source(), MintedToken)
    assert s.jwt_secret.get_secret_value() == SECRET

    s = _load(path, {"CUETUI_JWT_SECRET": "env-secret"})
    assert s.auth_source == "CUETUI_JWT_SECRET"
    s = _load(path, {"CUETUI_JWT_SECRET": "env-secret", "CUETUI_TOKEN": "x.y.z"})
    assert s.auth_source == "CUETUI_TOKEN" and isinstance(s.token_source(), StaticToken)
    s = _load(path, {"CUETUI_TOKEN": "x.y.z"}, token_file=str(token_file))
    assert s.auth_source == f"token file {token_file}"
    assert s.token_source().token() == "a.b.c"


def test_group_readable_secret_file_warns(cfg, tmp_path: Path) -> None:
    secret_file = tmp_path / "s.secret"
    secret_file.write_text(SECRET)
    secret_file.chmod(0o644)
    s = _load(cfg(f'secret_file = "{secret_file}"\n'))
    (warning,) = s.warnings
    assert str(secret_file) in warning and "chmod 600" in warning


def test_missing_or_empty_token_file(cfg, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"token file .* not found"):
        _load(token_file=str(tmp_path / "missing.jwt"), env={})
    empty = tmp_path / "empty.jwt"
    empty.write_text("\n")
    with pytest.raises(ConfigError, match="is empty"):
        _load(token_file=str(empty))


def test_secrets_never_shown(cfg) -> None:
    s = Settings.for_gateway("http://gw:1", jwt_secret=SECRET, show="testing")
    out = io.StringIO()
    assert print_config(s, file=out) == 0
    for text in (repr(s), str(s), out.getvalue(), repr(s.token_source())):
        assert SECRET not in text
    assert "**********" in out.getvalue()
    t = Settings.for_gateway("http://gw:1", token="aaa.bbb.ccc")
    assert "aaa.bbb.ccc" not in repr(t) and isinstance(t.token_source(), StaticToken)


def test_for_gateway_overrides() -> None:
    s = Settings.for_gateway("http://gw:1/", jwt_secret="x", readonly=True, user="eve")
    assert s.gateway == "http://gw:1" and s.readonly and s.user == "eve"
    source = s.token_source()
    assert isinstance(source, MintedToken) and source.user == "eve"
    with pytest.raises(ConfigError):
        Settings.for_gateway("nope")


def test_cli_config_command_prints_path_and_masked_settings(cfg, capsys, monkeypatch) -> None:
    path = cfg('[profiles.p]\ngateway = "http://gw:9"\nshow = "testing"\n')
    monkeypatch.setenv("CUETUI_JWT_SECRET", SECRET)
    assert main(["config", "--config", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"config file: {path} (read)" in out
    assert "gateway: http://gw:9" in out and "profile: p" in out
    assert SECRET not in out and "CUETUI_JWT_SECRET" in out


def test_cli_refuses_a_secret_on_the_command_line(capsys) -> None:
    assert main(["--jwt-secret", "hunter2", "doctor"]) == 2
    assert main(["doctor", "--secret=hunter2"]) == 2
    err = capsys.readouterr().err
    assert "process list" in err and "hunter2" not in err


def test_cli_config_error_exits_2_with_message(cfg, capsys) -> None:
    path = cfg("[profiles.p]\nbogus = 1\n")
    assert main(["config", "--config", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}, line 2" in err and "Traceback" not in err
