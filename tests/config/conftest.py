"""Isolate the config tests from the user's real config file and environment."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _isolated_config(tmp_path_factory, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("xdg")))
    for name in (
        "CUETUI_GATEWAY",
        "CUETUI_TOKEN",
        "CUETUI_JWT_SECRET",
        "CUETUI_PROFILE",
        "CUETUI_CONFIG",
    ):
        monkeypatch.delenv(name, raising=False)
