"""Regenerate `screenshots/*.svg` (`make screenshots`): every screen on the seeded simulator.

    python scripts/screenshots.py              # all of them
    python scripts/screenshots.py jobs log     # only these scenes

Each scene (see tests/snapshots/scenes.py, shared with the snapshot tests; `EXTRA` below are
screenshots only) runs the real app
headless against the `small` farm, seed 7, at a fixed instant, at 120x36; the jobs screen and
the detail pane are also taken at 80x24. The files are reproducible: running this twice
changes nothing.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.snapshots.scenes import (  # noqa: E402
    SCENES,
    STARTS,
    Farm,
    Scene,
    command,
    cursor_to_name,
    loaded,
    until,
    use_utc,
)

OUT = ROOT / "screenshots"
SIZE = (120, 36)


async def facilities(pilot: Any, farm: Farm) -> None:
    """`:facilities`: each facility with its allocations, cores and hosts."""
    await loaded(pilot, "JobsScreen")
    await command(pilot, "facilities", "FacilitiesScreen")


async def show_settings(pilot: Any, farm: Farm) -> None:
    """`P` on `:shows`: the settings of the highlighted show, each with its key."""
    await loaded(pilot, "ShowsScreen")
    await cursor_to_name(pilot, "testing")
    await pilot.press("P")
    await until(pilot, lambda: type(pilot.app.screen).__name__ == "ShowSettingsModal", "P")


async def depts(pilot: Any, farm: Farm) -> None:
    """`:depts testing`: its departments, the cursor on lighting (two shot tasks)."""
    await loaded(pilot, "JobsScreen")
    await command(pilot, "depts testing", "DeptsScreen")
    await cursor_to_name(pilot, "testing.lighting")


async def owners(pilot: Any, farm: Farm) -> None:
    """`:owners`: the owners of desktop hosts and their deeds."""
    await loaded(pilot, "JobsScreen")
    await command(pilot, "owners", "OwnersScreen")


# Screenshots only (no snapshot test): name -> (the app's default show, the scene).
EXTRA: dict[str, tuple[str | None, Scene]] = {
    "facilities": ("testing", facilities),
    "show_settings": (None, show_settings),
    "depts": ("testing", depts),
    "owners": ("testing", owners),
}
ALL = {**SCENES, **EXTRA}
# (scene, size, file name without .svg)
SHOTS = [(name, SIZE, name.replace("_", "-")) for name in ALL]
SHOTS.insert(2, ("jobs", (80, 24), "jobs-80x24"))
SHOTS.append(("detail", (80, 24), "detail-80x24"))


def shoot(farm: Farm, name: str, size: tuple[int, int]) -> str:
    """The SVG of scene `name` at `size`."""
    show, scene = ALL[name]
    app = farm.app(show=show, **STARTS.get(name, {}))

    async def auto_pilot(pilot: Any) -> None:
        await scene(pilot, farm)
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()
        app.exit(app.export_screenshot(title="cuetui"))

    svg = app.run(headless=True, size=size, auto_pilot=auto_pilot)
    if not isinstance(svg, str):
        raise RuntimeError(f"{name}: the app ended without a screenshot")
    return svg


def main(argv: list[str]) -> int:
    unknown = [a for a in argv if a not in ALL]
    if unknown:
        print(f"unknown scene(s): {', '.join(unknown)}; known: {', '.join(ALL)}")
        return 2
    use_utc()
    OUT.mkdir(exist_ok=True)
    farm = Farm.start()
    try:
        for name, size, stem in SHOTS:
            if argv and name not in argv:
                continue
            path = OUT / f"{stem}.svg"
            path.write_text(shoot(farm, name, size), encoding="utf-8")
            print(f"{path.relative_to(ROOT)}  ({size[0]}x{size[1]})")
    finally:
        farm.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
