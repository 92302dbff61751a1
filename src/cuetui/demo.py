"""`cuetui demo`: the embedded simulated farm, free-running on loopback, with the app on it."""

from __future__ import annotations

import secrets
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any


def run_demo(
    scenario: str = "small",
    seed: int | None = None,
    readonly: bool = False,
    dashboard: bool = False,
    preferences: Mapping[str, Any] | None = None,
) -> int:
    """Start the simulator on a free port with a fresh secret and open cuetui on it
    (on the read-only wall-display dashboard with `dashboard`). `preferences`: the command
    line's flags, for the theme and the mouse (with the config file's)."""
    from cuetui.sim.extra import unavailable

    if (problem := unavailable("demo")) is not None:
        print(problem, file=sys.stderr)
        return 1
    from cuetui.app import run_app
    from cuetui.config import Settings

    display = _display_preferences(preferences or {})
    from cuetui.sim.harness import SimHarness

    secret = secrets.token_hex(24)
    harness = SimHarness(
        scenario=scenario,
        seed=7 if seed is None else seed,
        secret=secret,
        free_running=True,
    )
    try:
        harness.start()
    except Exception as exc:  # no traceback for a demo that cannot start
        print(f"cuetui demo: the simulated farm did not start: {exc}", file=sys.stderr)
        return 1
    # The demo's actions are journaled (`:journal` shows them) in a folder that goes with its
    # farm: the user's own journal is the record of what they did to a real farm.
    journal_dir = tempfile.TemporaryDirectory(prefix="cuetui-demo-journal-")
    try:
        # No default show: the demo opens on the shows, as a first visit to a farm would.
        settings = Settings.for_gateway(
            harness.url,
            jwt_secret=secret,
            readonly=readonly or dashboard,
            profile="demo" if scenario == "small" else f"demo {scenario}",
            journal=Path(journal_dir.name) / "journal.jsonl",
            **display,
        )
        return run_app(settings, dashboard=dashboard)
    finally:
        harness.close()
        journal_dir.cleanup()


def _display_preferences(cli: Mapping[str, Any]) -> dict[str, Any]:
    """The theme, the mouse and where a picked theme is saved, from the flags and the config
    file; the demo's farm is its own, so nothing else of the config applies.

    ConfigError for a bad flag (`--theme nope`); a broken config file is only a warning.
    """
    from cuetui.config import ConfigError, check_theme, load_settings

    try:
        settings = load_settings(
            {k: v for k, v in cli.items() if k in ("config", "profile", "theme", "mouse")}
        )
    except ConfigError as exc:
        if str(exc).startswith("--"):
            raise
        print(f"cuetui demo: warning: config file not used: {exc}", file=sys.stderr)
        theme = cli.get("theme")
        return {
            "theme": check_theme(theme, "--theme") if theme else None,
            "mouse": bool(cli.get("mouse", True)),
        }
    return {"theme": settings.theme, "mouse": settings.mouse, "prefs_path": settings.prefs_path}
