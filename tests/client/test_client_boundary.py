"""The client, models, config and doctor never import Textual (they run headless)."""

from __future__ import annotations

import subprocess
import sys


def test_no_textual_in_the_foundation() -> None:
    code = (
        "import sys, cuetui.client, cuetui.models, cuetui.config, cuetui.doctor; "
        "print(any(m == 'textual' or m.startswith('textual.') for m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "False"
