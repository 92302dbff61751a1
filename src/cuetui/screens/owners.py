"""Owners of desktop hosts and their deeds (a host's owner is who NIMBY works for).

Cuebot has no call listing owners: the view reads every show's deeds (ShowInterface/GetDeeds)
and each owner named there (OwnerInterface/GetOwner); an owner without deeds is listed once
created here or found by name (`f`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cuetui import navigation
from cuetui.core.criteria import HostFilter
from cuetui.models.owner import OwnerDeeds
from cuetui.navigation import ViewContext
from cuetui.screens.base.table_screen import BaseScreen, drill_binding
from cuetui.screens.base.verb import Confirm, Verb, keys
from cuetui.screens.verbs.owners import OwnerVerbs
from cuetui.widgets.resource_table import Column

if TYPE_CHECKING:
    from textual.app import App

    from cuetui.models import Show


def owner_columns() -> list[Column[OwnerDeeds]]:
    return [
        Column("name", "Owner", lambda o: o.name, width=16),
        Column("show", "Show", lambda o: o.show, width=14),
        Column("count", "Hosts", lambda o: o.host_count, width=6, justify="right"),
        Column("hosts", "Deeds (hosts)", lambda o: ", ".join(o.hosts), width=30, flex=True),
    ]


class OwnersScreen(BaseScreen[OwnerDeeds]):
    """Owners and their deeds; Enter shows the owner's hosts. Verbs: n new, w give a host,
    x delete a deed (asks first), S set show, d delete (asks first), f find one by name."""

    KIND = "owners"
    BINDINGS, VERBS = keys(
        drill_binding("Hosts"),
        Verb("n", "create", "New", OwnerVerbs.create, id="owners.create"),
        Verb("w", "give", "Give host", OwnerVerbs.give_host, id="owners.give",
             confirm=Confirm("Take", when="the host has another owner")),
        Verb("x", "drop_deed", "Drop deed", OwnerVerbs.drop_deed, id="owners.deed",
             confirm=Confirm("Delete", when="the deed is picked")),
        Verb("S", "show", "Show", OwnerVerbs.set_show, id="owners.show", show=False),
        Verb("d", "delete", "Delete", OwnerVerbs.delete, id="owners.delete", confirm=Confirm()),
        Verb("f", "find", "Find", OwnerVerbs.find, id="owners.find", writes=False),
    )  # fmt: skip

    def __init__(self) -> None:
        super().__init__()
        self.extra: set[str] = set()
        self._shows: list[Show] = []

    def columns(self) -> list[Column[OwnerDeeds]]:
        return owner_columns()

    def table_options(self) -> dict[str, Any]:
        return {"sort": "name"}

    def crumb(self) -> str:
        return "owners"

    def empty_text(self) -> str:
        return "No owner holds a deed: n creates one, f finds one by name"

    async def fetch(self) -> list[OwnerDeeds]:
        client = self.app.client
        shows = await client.get_shows()
        owners = await client.get_owners(shows, extra=sorted(self.extra))
        missing = self.extra - {o.name for o in owners}
        if missing:
            self.extra -= missing
            self.app.call_later(self._not_found, sorted(missing))
        return owners

    def _not_found(self, names: list[str]) -> None:
        self.notify(f"No owner called {', '.join(names)}", severity="warning")

    def context(self) -> ViewContext:
        return ViewContext(show=self.app.current_show)

    def verbs(self) -> OwnerVerbs:
        return OwnerVerbs(self, self.extra)

    def drill(self, item: OwnerDeeds) -> None:
        if not item.hosts:
            self.notify(f"{item.name} owns no host: w gives one")
            return
        hosts = navigation.screen("hosts")
        self.app.open_screen(hosts(HostFilter(host=tuple(item.hosts))))


def open_owners(app: App[Any], context: ViewContext, arg: str) -> str | None:
    app.goto(OwnersScreen())  # type: ignore[attr-defined]
    return None
