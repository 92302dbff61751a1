"""Jumps between related things: a frame's or a proc's host, a job's procs.

Each jump pushes the next screen over the current one (its filter an argument, never a poll
for it), so Esc pops back along the path taken with each screen's cursor where it was.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cuetui import navigation
from cuetui.core.criteria import HostFilter, ProcFilter

if TYPE_CHECKING:
    from textual.screen import Screen

    from cuetui.models import Job


def open_host(screen: Screen[Any], host: str, what: str) -> None:
    """The hosts view filtered to exactly `host` (GetHosts naming it); `what` names the row
    whose host it is, for the message when it has none."""
    if not host:
        screen.notify(f"{what} has not run on a host", severity="warning", markup=False)
        return
    HostsScreen = navigation.screen("hosts")
    screen.app.push_screen(HostsScreen(HostFilter(host=(host,))))


def open_job_procs(screen: Screen[Any], job: Job) -> None:
    """The procs of `job` (GetProcs naming it): which hosts run its frames, and how."""
    if not job.name:
        return
    ProcsScreen = navigation.screen("procs")
    screen.app.push_screen(ProcsScreen(criteria=ProcFilter(job=(job.name,))))
