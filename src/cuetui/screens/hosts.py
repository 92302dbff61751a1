"""Hosts: hardware and lock state, free resources and ping age; lock, tag and repair verbs."""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from textual.binding import Binding

from cuetui import navigation
from cuetui.core.criteria import KNOWN_ALLOCS, HostFilter, host_completions
from cuetui.core.farm_cells import (
    cores_pair,
    mem_pair,
    pair_fraction,
    percent_text,
    ping_style,
    ping_text,
)
from cuetui.models import Host
from cuetui.models.format import epoch
from cuetui.navigation import ViewContext
from cuetui.screens.base.names import host_names, seen_hosts
from cuetui.screens.base.table_screen import BaseScreen, drill_binding
from cuetui.screens.base.verb import Confirm, Verb, keys
from cuetui.screens.verbs.hosts import HostVerbs
from cuetui.widgets.resource_table import Column

if TYPE_CHECKING:
    from textual.app import App

# CueGUI colours non-UP hosts as "dying", REBOOT_WHEN_IDLE apart, and LOCKED as "paused".
STATE_TEXT = {"REBOOT_WHEN_IDLE": "RBT-IDLE"}
STATE_STYLES = {
    "UP": "",
    "DOWN": "bold red",
    "REPAIR": "bold red",
    "REBOOTING": "red",
    "REBOOT_WHEN_IDLE": "bold yellow",
}
LOCK_TEXT = {"NIMBY_LOCKED": "NIMBY"}
LOCK_STYLES = {"OPEN": "dim", "LOCKED": "bold", "NIMBY_LOCKED": "bold"}


def host_row_style(host: Host) -> str:
    """DOWN/REPAIR red, REBOOT_WHEN_IDLE marked, LOCKED/NIMBY_LOCKED dimmed."""
    if host.state == "REBOOT_WHEN_IDLE":
        return "yellow"
    if host.state != "UP":
        return "red"
    if host.is_locked:
        return "dim"
    return ""


def host_columns(clock: Callable[[], float], *, one_alloc: bool = False) -> list[Column[Host]]:
    def ping_age(host: Host) -> int:
        age = host.ping_age(clock())
        # Whole minutes once late: a silent host's row changes once a minute, not per poll.
        return age if age < 60 else age - age % 60

    return [
        Column("name", "Host", lambda h: h.name, width=11, flex=True),
        # Hosts of one allocation all say the same: hide it first then.
        Column("alloc", "Alloc", lambda h: h.alloc_name, width=13, priority=9 if one_alloc else 2),
        Column("state", "State", lambda h: h.state, width=8,
               fmt=lambda v: STATE_TEXT.get(v, v), style=lambda v: STATE_STYLES.get(v, "")),
        Column("lock", "Lock", lambda h: h.lock_state, width=6,
               fmt=lambda v: LOCK_TEXT.get(v, v), style=lambda v: LOCK_STYLES.get(v, "")),
        # idle/total cores, free/total memory, idle/total GPUs: what the host can still take.
        Column("cores", "Idle", lambda h: (h.idle_cores, h.cores), width=7, fmt=cores_pair,
               justify="right", sort_key=pair_fraction),
        Column("mem", "Free", lambda h: (h.free_memory, h.total_memory), width=8, fmt=mem_pair,
               justify="right", sort_key=pair_fraction),
        Column("gpus", "GPU", lambda h: (h.idle_gpus, h.gpus), width=4, fmt=cores_pair,
               justify="right", style=lambda v: "dim" if not v[1] else "",
               sort_key=pair_fraction, priority=6),
        Column("load", "Load", lambda h: round(h.load_percent), width=4, fmt=percent_text,
               justify="right", priority=4),
        Column("ping", "Ping", ping_age, width=4, fmt=ping_text, style=ping_style,
               justify="right", priority=1),
        # Before load at 80 columns: a tag (`repair`) is why a wrangler looks at a host.
        Column("tags", "Tags", lambda h: " ".join(h.tags), width=14, priority=3, flex=True),
        Column("boot", "Booted", lambda h: h.boot_time, width=11, fmt=epoch, priority=7),
        Column("os", "OS", lambda h: h.os, width=8, priority=8),
    ]  # fmt: skip


class HostsScreen(BaseScreen[Host]):
    """Hosts matching `criteria` (server-side); Enter shows a host's procs."""

    KIND = "hosts"
    POLL_BUDGET = 16_000.0  # bytes/s, ~1 MB/min: CueGUI's hosts view pulls 1.2 at `large`
    BINDINGS, VERBS = keys(
        drill_binding("Procs"),
        Verb(
            "L",
            "lock",
            "Lock/Unlock",
            HostVerbs.toggle_lock,
            id="hosts.lock",
            confirm=Confirm("Unlock", when="unlocking a NIMBY-locked host"),
        ),
        Verb("t", "tags", "Tags", HostVerbs.tags, id="hosts.tags"),
        Verb(
            "R", "repair", "Repair", HostVerbs.toggle_repair, id="hosts.repair", confirm=Confirm()
        ),
        # The palette's spelled-out forms of `R` and `t` (no key of their own).
        Verb(None, "set_repair", "Set repair state", HostVerbs.set_repair, confirm=Confirm()),
        Verb(
            None,
            "clear_repair",
            "Clear repair state (sets DOWN)",
            HostVerbs.clear_repair,
            confirm=Confirm(),
        ),
        Binding("c", "comments", "Comments", id="hosts.comments", show=False),
        Verb(
            "B",
            "reboot",
            "Reboot",
            HostVerbs.reboot,
            id="hosts.reboot",
            show=False,
            confirm=Confirm("Reboot"),
        ),
        Verb(
            "b",
            "reboot_idle",
            "Reboot when idle",
            HostVerbs.reboot_when_idle,
            id="hosts.reboot_idle",
            show=False,
        ),
        Verb(
            "a",
            "allocation",
            "Allocation",
            HostVerbs.set_allocation,
            id="hosts.alloc",
            show=False,
            confirm=Confirm("Move", when="the allocation is picked"),
        ),
        Verb(
            "T",
            "thread_mode",
            "Thread mode",
            HostVerbs.set_thread_mode,
            id="hosts.thread_mode",
            show=False,
        ),
        Verb("O", "set_os", "Set OS", HostVerbs.set_os, id="hosts.os", show=False),
        Verb(
            "r",
            "redirect",
            "Redirect procs to a job",
            HostVerbs.redirect,
            id="hosts.redirect",
            show=False,
            confirm=Confirm("Redirect", when="the job is named"),
        ),
        Verb(
            "D",
            "delete",
            "Delete (DOWN hosts)",
            HostVerbs.delete,
            id="hosts.delete",
            show=False,
            confirm=Confirm("Delete", when="the hosts are DOWN (else it refuses)"),
        ),
        Verb(
            "W",
            "take_ownership",
            "Take ownership",
            HostVerbs.take_ownership,
            id="hosts.own",
            show=False,
            confirm=Confirm("Give", when="the user is named"),
        ),
        Verb(None, "add_tags", "Add host tags", HostVerbs.add_tags),
        Verb(None, "remove_tags", "Remove host tags", HostVerbs.remove_tags),
        Verb(None, "rename_tag", "Rename a host tag", HostVerbs.rename_tag),
    )

    def __init__(self, criteria: HostFilter | None = None) -> None:
        super().__init__()
        self.criteria = criteria or HostFilter()

    def columns(self) -> list[Column[Host]]:
        return host_columns(self.app.clock, one_alloc=len(self.criteria.alloc) == 1)

    def table_options(self) -> dict[str, Any]:
        return {"sort": "name"}

    def row_style(self, item: Host) -> str:
        return host_row_style(item)

    def crumb(self) -> str:
        what = self.criteria.describe()
        return f"hosts {what}" if what else "hosts"

    def empty_text(self) -> str:
        what = self.criteria.describe()
        return f"No hosts with {what}" if what else "No hosts"

    async def fetch(self) -> list[Host]:
        return await self.app.client.get_hosts(**self.criteria.client_args())

    async def fetch_rows(self, ids: list[str]) -> list[Host]:
        """The hosts on view by id, under the view's criteria. A full GetHosts of a big farm
        is megabytes for Cuebot and the gateway (5,000 hosts: 3 MB): the rows on view come
        at the view's interval, the whole list at the interval its size allows."""
        return await self.app.client.get_hosts(ids=ids, **self.criteria.client_args())

    def after_apply(self, items: list[Host]) -> None:
        if not self.rows_poll.last_full:
            return  # the rows on view: their names and allocations are known already
        allocs = set(map(attrgetter("alloc_name"), items))
        allocs.discard("")
        KNOWN_ALLOCS.update(allocs)
        every = self.criteria == HostFilter()
        names = map(attrgetter("name"), items)
        seen_hosts(self.app, names, every_host=every)  # for `:` completion

    def context(self) -> ViewContext:
        return ViewContext(show=self.app.current_show)

    def drill(self, item: Host) -> None:
        ProcsScreen = navigation.screen("procs")
        self.app.open_screen(ProcsScreen(host=item))

    def action_comments(self) -> None:
        """`c`: the highlighted host's comments (read, add, edit, delete)."""
        host = self.table.cursor_item
        if host is None:
            self.notify("No host selected", severity="warning")
            return
        self.app.push_screen(navigation.screen("comments")(host))

    def verbs(self) -> HostVerbs:
        return HostVerbs(self)


def open_hosts(app: App[Any], context: ViewContext, arg: str) -> str | None:
    """`:hosts [alloc=… state=… lock=… regex=…]` (bare words are name regexes)."""
    try:
        criteria = HostFilter.parse(arg)
    except ValueError as exc:
        return f":hosts {exc}"
    app.goto(HostsScreen(criteria))  # type: ignore[attr-defined]
    return None


def host_arguments(app: App[Any]) -> list[str]:
    """Completions of `:hosts`: the criteria, the allocations seen and the host names."""
    hosts = host_names(app)
    return [
        *host_completions(),
        *(f"alloc={a}" for a in sorted(KNOWN_ALLOCS)),
        *(f"host={h}" for h in hosts),
        *hosts,  # a bare word is a name regex: a whole name finds that host (and its likes)
    ]
