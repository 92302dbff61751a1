"""`cuetui demo`: the embedded simulated farm, free-running on loopback, with the app on it."""

from __future__ import annotations

import secrets
import sys


def run_demo(
    scenario: str = "small",
    seed: int | None = None,
    readonly: bool = False,
    dashboard: bool = False,
) -> int:
    """Start the simulator on a free port with a fresh secret and open cuetui on it
    (on the read-only wall-display dashboard with `dashboard`)."""
    from cuetui.sim.extra import unavailable

    if (problem := unavailable("demo")) is not None:
        print(problem, file=sys.stderr)
        return 1
    from cuetui.app import run_app
    from cuetui.config import Settings
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
    try:
        # No default show: the demo opens on the shows, as a first visit to a farm would.
        settings = Settings.for_gateway(
            harness.url,
            jwt_secret=secret,
            readonly=readonly or dashboard,
            profile="demo" if scenario == "small" else f"demo {scenario}",
        )
        return run_app(settings, dashboard=dashboard)
    finally:
        harness.close()
