"""Isolate the command-line tests from the user's config file, environment and colours."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

_ENV = (
    "CUETUI_GATEWAY",
    "CUETUI_TOKEN",
    "CUETUI_JWT_SECRET",
    "CUETUI_PROFILE",
    "CUETUI_CONFIG",
    "TEXTUAL_THEME",
    "NO_COLOR",
)


@pytest.fixture(autouse=True)
def _isolated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    # By hand, not monkeypatch: `--no-color` sets NO_COLOR in os.environ, and it must not
    # outlive the test that set it.
    saved = {name: os.environ.pop(name, None) for name in (*_ENV, "XDG_CONFIG_HOME")}
    os.environ["XDG_CONFIG_HOME"] = str(tmp_path_factory.mktemp("xdg"))
    try:
        yield
    finally:
        for name, value in saved.items():
            os.environ.pop(name, None)
            if value is not None:
                os.environ[name] = value
