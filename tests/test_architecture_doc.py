"""docs/architecture.md names no module that does not exist (it is redrawn with the tree)."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_DOTTED = re.compile(r"\bcuetui(?:\.\w+)+")


def _resolves(name: str) -> bool:
    parts = name.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for attr in parts[cut:]:
            if not hasattr(obj, attr):
                return False
            obj = getattr(obj, attr)
        return True
    return False


def test_every_dotted_name_in_the_architecture_doc_exists() -> None:
    text = (ROOT / "docs/architecture.md").read_text()
    names = sorted(set(_DOTTED.findall(text)))
    assert "cuetui.core.polling.PollDriver" in names  # the pattern does find names
    missing = [n for n in names if not _resolves(n)]
    assert missing == []


def test_every_folder_of_the_package_is_in_the_map() -> None:
    text = (ROOT / "docs/architecture.md").read_text()
    src = ROOT / "src/cuetui"
    folders = sorted(p.parent for p in src.rglob("__init__.py"))
    for folder in folders:
        dotted = ".".join(folder.relative_to(src.parent).parts)
        assert f"`{dotted}`" in text or dotted.startswith("cuetui.sim."), dotted
