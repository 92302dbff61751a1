"""A password in the gateway URL: `cuetui config`, doctor and config errors mask it and say
that userinfo is not how the gateway authenticates (the client side: tests/client)."""

from __future__ import annotations

import pytest

from cuetui.cli import main
from cuetui.config import ConfigError, Settings, load_settings

PASSWORD = "hunter2-Zq9"


def with_userinfo(url: str, userinfo: str = f"bob:{PASSWORD}") -> str:
    scheme, rest = url.split("://")
    return f"{scheme}://{userinfo}@{rest}"


def test_cuetui_config_masks_the_password_and_warns(capsys) -> None:
    url = f"https://bob:{PASSWORD}@gw.example:8448"
    assert main(["config", "--gateway", url]) == 0
    out = capsys.readouterr().out
    assert PASSWORD not in out
    assert "gateway: https://bob:***@gw.example:8448" in out
    assert "warning: the gateway URL https://bob:***@gw.example:8448 carries a user" in out
    assert "JWT bearer token" in out


def test_a_refused_url_does_not_echo_its_password() -> None:
    with pytest.raises(ConfigError) as info:
        load_settings({"gateway": f"ftp://bob:{PASSWORD}@gw"}, {})
    assert PASSWORD not in str(info.value) and "bob:***@gw" in str(info.value)


def test_settings_display_and_warning() -> None:
    settings = Settings.for_gateway(f"https://bob:{PASSWORD}@gw:1", jwt_secret="s" * 40)
    assert settings.gateway_display == "https://bob:***@gw:1"
    assert PASSWORD not in str(settings.masked()) and PASSWORD not in " ".join(settings.warnings)
    assert "user name or password" in settings.warnings[0]


def test_doctor_masks_the_password_warns_and_passes(sim, monkeypatch, capsys) -> None:
    monkeypatch.setenv("CUETUI_JWT_SECRET", sim.secret)
    code = main(["doctor", "--gateway", with_userinfo(sim.url)])
    out = capsys.readouterr()
    assert PASSWORD not in out.out + out.err
    assert code == 0, out.out  # the token is sent, so the farm answers
    lines = [line for line in out.out.splitlines() if line.split()[:2] == ["warn", "config"]]
    assert len(lines) == 1 and "not with a user name or password in its URL" in lines[0]
    assert f"reachable at {with_userinfo(sim.url, 'bob:***')}" in out.out
