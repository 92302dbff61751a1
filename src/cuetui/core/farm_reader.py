"""The dashboard's poll as one object: what to read from a farm, when, into a `FarmSummary`.

Every poll reads the show stats, the allocation stats and the pending jobs; the down and
locked hosts and the subscriptions only every `HOSTS_EVERY` / `SUBS_EVERY` seconds (or on
`force()`). Used by the wall (one farm) and by the farms wall (a reader per farm).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace

from cuetui.client.gateway import GatewayClient
from cuetui.core.farm_summary import (
    HOSTS_EVERY,
    SUBS_EVERY,
    FarmSummary,
    HostCounts,
    Use,
    describe_failure,
    host_counts,
    sub_use,
    summarize,
)
from cuetui.models.states import DOWN_HARDWARE_STATES, LOCKED_STATES


class FarmReader:
    """One farm's dashboard reads, with the slower parts on their own clocks."""

    def __init__(self, answered: Callable[[], None] = lambda: None) -> None:
        self.answered = answered
        """Called after each answer: the gateway is up, so a later failure is no outage."""
        self.failure = ""
        """How the last failed read failed (`describe_failure`), for the banner."""
        self._hosts: HostCounts | None = None
        self._hosts_read: float | None = None  # monotonic time of the last host read
        self._subs: dict[str, Use] = {}
        self._subs_read: float | None = None

    def force(self) -> None:
        """Read everything on the next poll (ctrl+r)."""
        self._hosts_read = self._subs_read = None

    def _due(self, last: float | None, every: float, interval: float) -> bool:
        return last is None or time.monotonic() - last >= max(every, interval)

    async def read(self, client: GatewayClient, interval: float) -> FarmSummary:
        answered = self.answered
        try:
            shows = await client.get_shows()
            answered()
            allocs = await client.get_allocations()
            answered()
            jobs = await client.get_jobs()
            answered()
            if self._due(self._hosts_read, HOSTS_EVERY, interval):
                down = await client.get_hosts(states=DOWN_HARDWARE_STATES)
                answered()
                locked = await client.get_hosts(lock_states=LOCKED_STATES)
                self._hosts = host_counts(allocs, down, locked)
                self._hosts_read = time.monotonic()
            if self._due(self._subs_read, SUBS_EVERY, interval):
                subs = []
                for alloc in allocs:  # one call per allocation, not per show
                    subs += await client.get_allocation_subscriptions(alloc)
                    answered()
                self._subs = sub_use(subs)
                self._subs_read = time.monotonic()
        except Exception as exc:
            self.failure = describe_failure(exc)
            raise
        hosts = self._hosts
        if hosts is not None:
            # The total and UP follow every poll's allocation stats; the rest waits its turn.
            total = sum(a.stats.hosts for a in allocs)
            hosts = replace(hosts, total=total, up=max(0, total - hosts.down - hosts.repair))
        return summarize(shows, jobs, allocs, hosts, self._subs)
