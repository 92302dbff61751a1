"""The runtime half of the layer contracts in pyproject.toml: the headless packages (models,
client, core, config, doctor) import neither Textual nor the simulator, even through an import
that import-linter cannot see (an `importlib` call, a plugin).

Rich is left to the static contract: httpx loads its own CLI, and with it Rich, whenever
click, Rich and Pygments are installed (import-linter brings them into the test venv)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import cuetui.core

HEADLESS = ["cuetui.models", "cuetui.client", "cuetui.config", "cuetui.doctor"] + [
    f"cuetui.core.{m.name}" for m in pkgutil.iter_modules(cuetui.core.__path__)
]


def _loaded_after(modules: list[str]) -> set[str]:
    code = (
        f"import importlib, sys\nfor m in {modules!r}: importlib.import_module(m)\n"
        "print('\\n'.join(sorted(sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    return set(result.stdout.split())


def test_the_headless_packages_load_no_ui_and_no_simulator() -> None:
    assert len(HEADLESS) > 8  # every core module is in the list, not only its __init__
    loaded = _loaded_after(HEADLESS)
    ui = sorted(m for m in loaded if m.split(".")[0] == "textual")
    sim = sorted(m for m in loaded if m == "cuetui.sim" or m.startswith("cuetui.sim."))
    assert ui == [] and sim == []
