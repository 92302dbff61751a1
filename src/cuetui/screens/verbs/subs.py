"""Subscription verbs: size and burst (asked in cores), a new subscription, delete.

The size is what a show is guaranteed, and billed for, on an allocation (CueGUI asks before
changing it); the burst caps what it may use there. Both are asked in cores and sent in
centcores by the client; a new subscription asks its show or allocation (whichever the view
is not already of), then size and burst, and Cuebot refuses a second one of the same pair.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cuetui.client.shows_admin import MAX_SUB_CORES
from cuetui.core.actions import Action
from cuetui.core.criteria import KNOWN_ALLOCS
from cuetui.models.format import cores
from cuetui.screens.base.verb import Ask
from cuetui.screens.verbs.setters import subject

if TYPE_CHECKING:
    from cuetui.models import Allocation, Subscription
    from cuetui.screens.base.table_screen import BaseScreen

SIZE_WARNING = "The size is what the show is guaranteed, and billed for, on the allocation."
DELETE_WARNING = (
    "The show can no longer book cores on the allocation; Cuebot refuses while it runs there."
)


def parse_sub_cores(text: str) -> float:
    """Cores as typed (`128`, `12.5`); ValueError for a negative, nan or inf."""
    value = float(text.strip())
    if not math.isfinite(value) or value < 0:
        raise ValueError(text)
    return value


def sub_cores_error(text: str) -> str | None:
    try:
        value = parse_sub_cores(text)
    except ValueError:
        return "Give a number of cores, e.g. 128 or 12.5"
    return f"At most {MAX_SUB_CORES:,} cores" if value > MAX_SUB_CORES else None


def _name_error(known: set[str], what: str) -> Any:
    def check(text: str) -> str | None:
        name = text.strip()
        if not name:
            return f"Give {what}"
        if known and name not in known:
            return f"No {what} {name} (known: {', '.join(sorted(known)[:6])})"
        return None

    return check


def _use_hint(targets: list[Subscription]) -> str:
    """What the prompt's value is weighed against: the one target's use, size and burst."""
    if len(targets) != 1:
        return "Set on each of them"
    sub = targets[0]
    return (
        f"In use {cores(sub.reserved_cores_value)}, size {cores(sub.size_cores)}, "
        f"burst {cores(sub.burst_cores)} cores"
    )


@dataclass
class SubVerbs:
    """Subscription verbs over the screen's targets (marked rows, else the highlighted row).

    `show` / `alloc`: what the view lists subscriptions of (a new one belongs there).
    """

    screen: BaseScreen[Subscription]
    show: str | None = None
    alloc: Allocation | None = None

    def _ask_cores(self, title: str, current: str, then: Any, hint: str = "") -> None:
        ask = Ask(title, "Cores:", current, sub_cores_error, parse_sub_cores, hint=hint)
        self.screen.ask(ask, then)

    def size(self) -> None:
        """Ask the size in cores, then confirm (it is billed), then set it on every target."""
        targets = self.screen.table.targets()
        if not targets:
            return
        client = self.screen.app.client
        current = cores(targets[0].size_cores) if len(targets) == 1 else ""

        def chosen(value: float) -> None:
            action = Action(
                verb=f"Set size {value:g} cores",
                kind="subscription",
                targets=targets,
                name=lambda s: s.name,
                call=lambda s: client.set_subscription_size(s, value),
                destructive=True,
            )
            self.screen.act(action, warning=SIZE_WARNING)

        self._ask_cores(f"Size of {subject(targets)}", current, chosen, _use_hint(targets))

    def burst(self) -> None:
        """Ask the burst (the most cores the show may use there) and set it on every target."""
        targets = self.screen.table.targets()
        if not targets:
            return
        client = self.screen.app.client
        current = cores(targets[0].burst_cores) if len(targets) == 1 else ""

        def chosen(value: float) -> None:
            action = Action(
                verb=f"Set burst {value:g} cores",
                kind="subscription",
                targets=targets,
                name=lambda s: s.name,
                call=lambda s: client.set_subscription_burst(s, value),
            )
            self.screen.act(action)

        self._ask_cores(f"Burst of {subject(targets)}", current, chosen, _use_hint(targets))

    def delete(self) -> None:
        targets = self.screen.table.targets()
        client = self.screen.app.client
        action = Action(
            verb="Delete",
            kind="subscription",
            targets=targets,
            name=lambda s: s.name,
            call=client.delete_subscription,
            destructive=True,
            past="Deleted subscription",
        )
        self.screen.act(action, warning=DELETE_WARNING)

    def create(self) -> None:
        """Ask the allocation (or show) the view is not of, then size and burst; create it."""
        if self.alloc is not None:
            self._show_then_sizes(self.alloc.name)
            return
        row = self.screen.table.cursor_item
        default = row.allocation_name if row is not None else ""
        ask = Ask(
            "New subscription: allocation",
            "Allocation (facility.name):",
            default,
            _name_error(set(KNOWN_ALLOCS), "allocation"),
            str.strip,
        )
        self.screen.ask(ask, self._show_then_sizes)

    def _show_then_sizes(self, alloc: str) -> None:
        if self.show:
            self._sizes(self.show, alloc)
            return
        row = self.screen.table.cursor_item
        default = row.show_name if row is not None else (self.screen.app.current_show or "")
        known = set(self.screen.app.known_shows)
        ask = Ask(
            f"New subscription to {alloc}: show",
            "Show:",
            default,
            _name_error(known, "show"),
            str.strip,
        )
        self.screen.ask(ask, lambda show: self._sizes(show, alloc))

    def _sizes(self, show: str, alloc: str) -> None:
        name = f"{alloc}.{show}"
        self._ask_cores(
            f"Size of {name}", "", lambda size: self._burst_then_create(show, alloc, size)
        )

    def _burst_then_create(self, show: str, alloc: str, size: float) -> None:
        name = f"{alloc}.{show}"
        client = self.screen.app.client

        def chosen(burst: float) -> None:
            async def create(_: str) -> None:
                # CreateSubscription takes the show and the allocation by id: find both.
                show_model = await client.find_show(show)
                alloc_model = await client.find_allocation(alloc)
                await client.create_subscription(show_model, alloc_model, size, burst)

            action = Action(
                verb="Create subscription",
                kind="subscription",
                targets=[name],
                name=str,
                call=create,
                past="Created subscription",
            )
            self.screen.act(action)

        self._ask_cores(f"Burst of {name} (size {size:g})", cores(size), chosen)
