"""One seeded farm for every snapshot (read only: no scene confirms an action)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from tests.snapshots.scenes import Farm, utc_farm


@pytest.fixture(scope="module")
def farm() -> Iterator[Farm]:
    with utc_farm() as farm:  # times in UTC, restored after the module
        yield farm
