"""`cuetui sim`'s banner: a generated secret is printed once, the user's own never."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

SECRET = "users-own-secret-4f9a1c"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _banner(env: dict[str, str]) -> str:
    cmd = [sys.executable, "-m", "cuetui", "sim", "--port", str(_free_port())]
    proc = subprocess.Popen(
        cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    lines: list[str] = []
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.append(line)
            if line.startswith("one tick every"):
                break
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    return "".join(lines)


def test_the_users_own_secret_is_never_echoed() -> None:
    env = dict(os.environ, CUETUI_JWT_SECRET=SECRET)
    out = _banner(env)
    assert "one tick every" in out
    assert SECRET not in out
    assert "from $CUETUI_JWT_SECRET" in out


def test_a_generated_secret_is_shown_so_the_farm_can_be_used() -> None:
    env = {k: v for k, v in os.environ.items() if k != "CUETUI_JWT_SECRET"}
    out = _banner(env)
    assert "(generated; export CUETUI_JWT_SECRET to reuse it)" in out
    assert "CUETUI_JWT_SECRET=" in out
