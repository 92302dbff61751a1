"""Snapshots of every screen at 80x24 and 160x48 from the seeded farm (see scenes.py).

Update the baselines after a deliberate change with `pytest tests/snapshots --snapshot-update`
and look at the report of what changed before committing them.
"""

from __future__ import annotations

from typing import Any

import pytest
from tests.snapshots.scenes import SCENES, STARTS, Farm

SIZES = [(80, 24), (160, 48)]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("name", list(SCENES))
def test_screen(snap_compare: Any, farm: Farm, name: str, size: tuple[int, int]) -> None:
    show, scene = SCENES[name]

    async def run_before(pilot: Any) -> None:
        await scene(pilot, farm)

    app = farm.app(show=show, **STARTS.get(name, {}))
    assert snap_compare(app, terminal_size=size, run_before=run_before)
