"""Whether the simulator's extra, `cuetui[sim]`, is installed.

A plain `pip install cuetui` watches a real farm; the simulated one (`cuetui demo`,
`cuetui sim`) needs the real protos and a web server on top. Asked before the simulator
starts, so a missing extra is one line of advice, not a traceback.
"""

from __future__ import annotations

INSTALL = "pip install 'cuetui[sim]'"


def missing_module() -> str | None:
    """The simulator's first dependency that cannot be imported, or None when all can."""
    try:
        import cuetui.sim.harness  # noqa: F401  (imports everything the running sim needs)
    except ModuleNotFoundError as exc:
        name = exc.name or ""
        if name == "cuetui" or name.startswith("cuetui."):
            raise  # our own module missing is a bug, not an extra to install
        return name or str(exc)
    return None


def unavailable(command: str) -> str | None:
    """The one line telling how to install the simulator for `cuetui <command>`, or None."""
    module = missing_module()
    if module is None:
        return None
    return (
        f"cuetui {command}: the simulated farm is an extra that is not installed "
        f"(no module {module!r}): {INSTALL} (with pipx: pipx install --force 'cuetui[sim]')"
    )
