"""`cuetui demo` journals its actions apart from the user's own journal."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cuetui.config import Settings, default_journal_path
from cuetui.core.journal import journal_path


def test_demo_journals_in_a_folder_that_goes_with_its_farm(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: dict[str, Any] = {}

    def fake_run_app(settings: Settings, **_: Any) -> int:
        path = journal_path(settings)
        assert path is not None
        seen.update(path=path, existed=path.parent.is_dir())
        return 0

    monkeypatch.setattr("cuetui.app.run_app", fake_run_app)
    from cuetui.demo import run_demo

    assert run_demo() == 0
    path: Path = seen["path"]
    assert path != default_journal_path()
    assert path.parent.name.startswith("cuetui-demo-journal-")
    assert seen["existed"]
    # Gone with the demo's farm: nothing of it is left in the user's state folder.
    assert not path.parent.exists()
