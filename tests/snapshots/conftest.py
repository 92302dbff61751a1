"""One seeded farm for every snapshot (read only: no scene confirms an action)."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator

import pytest
from tests.snapshots.scenes import Farm


@pytest.fixture(scope="module")
def farm() -> Iterator[Farm]:
    before = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"  # the header's and the tables' times; restored after the module
    time.tzset()
    farm = Farm.start()
    try:
        yield farm
    finally:
        farm.close()
        if before is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = before
        time.tzset()
