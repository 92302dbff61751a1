"""Owner verbs (`:owners`, and Take ownership on `:hosts`): create an owner, give it a desktop
host, drop one of its deeds, set its show, delete it, find one by name.

Cuebot finds an owner by id in every write and by name only in GetOwner; the host of a deed by
its name; a show in SetShow by its name. A host has one owner: giving a host owned by someone
else takes it from them, so that asks first. Deleting an owner leaves its deeds ownerless (no
listing shows them and the hosts are free again).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cuetui.client.owners import MAX_OWNER_NAME
from cuetui.core.actions import Action
from cuetui.screens.base.verb import Ask
from cuetui.screens.verbs.filters import choose

if TYPE_CHECKING:
    from cuetui.models import Deed, Host
    from cuetui.models.owner import OwnerDeeds
    from cuetui.screens.base.table_screen import BaseScreen

DELETE_WARNING = (
    "Cuebot deletes the owner only: its deeds are left without an owner, no view lists them, "
    "and their hosts can be given to someone else."
)
NIMBY_ONLY = "Cuebot gives only NIMBY (desktop) hosts an owner"


def user_error(taken: set[str] | None = None) -> Any:
    def check(text: str) -> str | None:
        name = text.strip()
        if not name:
            return "Give a user name"
        if len(name) > MAX_OWNER_NAME or any(c.isspace() for c in name):
            return f"No spaces, at most {MAX_OWNER_NAME} characters"
        if taken and name in taken:
            return f"{name} is an owner already"
        return None

    return check


def take_warning(host: str, current: str | None, user: str) -> str:
    if current:
        return f"{host} is owned by {current}: it becomes {user}'s (a host has one owner)."
    return f"{host} becomes {user}'s."


async def _show_model(client: Any, name: str) -> Any:
    return await client.find_show(name)


@dataclass
class OwnerVerbs:
    """Verbs of `:owners` over the highlighted owner (marked owners for delete)."""

    screen: BaseScreen[OwnerDeeds]
    extra: set[str] = field(default_factory=set)
    """Names the view lists besides owners with deeds (created or found this session)."""

    def _owner(self) -> OwnerDeeds | None:
        owner = self.screen.table.cursor_item
        if owner is None:
            self.screen.notify("No owner selected", severity="warning")
        return owner

    def _shows(self) -> list[tuple[str, str]]:
        return [(s, s) for s in sorted(self.screen.app.known_shows)]

    def create(self) -> None:
        client = self.screen.app.client
        taken = {o.name for o in self.screen.table.items()}

        def named(user: str) -> None:
            def in_show(show: str) -> None:
                async def call(name: str) -> None:
                    await client.create_owner(await _show_model(client, show), name)

                self.extra.add(user)
                action = Action(
                    verb=f"Create owner in {show}",
                    kind="owner",
                    targets=[user],
                    name=str,
                    call=call,
                    past=f"Created owner in {show}:",
                )
                self.screen.act(action)

            choose(self.screen, f"Show of {user}", self._shows(), self.screen.app.current_show,
                   in_show)  # fmt: skip

        ask = Ask("New owner", "User name:", "", user_error(taken), str.strip,
                  hint="An owner holds deeds on desktop hosts")  # fmt: skip
        self.screen.ask(ask, named)

    def give_host(self) -> None:
        owner = self._owner()
        if owner is None:
            return
        client = self.screen.app.client
        holders = {d.host: o.name for o in self.screen.table.items() for d in o.deeds}

        def named(host: str) -> None:
            current = holders.get(host)
            if current == owner.name:
                self.screen.notify(f"{owner.name} owns {host} already")
                return
            action = Action(
                verb=f"Give {host} to",
                kind="owner",
                targets=[owner],
                name=lambda o: o.name,
                call=lambda o: client.take_ownership(o, host),
                destructive=current is not None,
            )
            self.screen.act(action, warning=take_warning(host, current, owner.name))

        ask = Ask(f"Give a host to {owner.name}", "Host name:", "", _host_error, str.strip,
                  hint=NIMBY_ONLY)  # fmt: skip
        self.screen.ask(ask, named)

    def drop_deed(self) -> None:
        owner = self._owner()
        if owner is None:
            return
        if not owner.deeds:
            self.screen.notify(f"{owner.name} owns no host", severity="warning")
            return
        client = self.screen.app.client

        def picked(deed: Deed) -> None:
            self.extra.add(owner.name)  # still listed with no deed left
            action = Action(
                verb="Delete deed",
                kind="deed",
                targets=[deed],
                name=lambda d: f"{d.host} of {d.owner}",
                call=client.delete_deed,
                destructive=True,
            )
            self.screen.act(action, warning=f"{deed.host} has no owner after this.")

        choices = [(d.host, d) for d in sorted(owner.deeds, key=lambda d: d.host)]
        choose(self.screen, f"Deed of {owner.name} to delete", choices, None, picked)

    def set_show(self) -> None:
        owner = self._owner()
        if owner is None:
            return
        client = self.screen.app.client

        def picked(show: str) -> None:
            action = Action(
                verb=f"Set show {show}",
                kind="owner",
                targets=[owner],
                name=lambda o: o.name,
                call=lambda o: client.set_owner_show(o, show),
            )
            self.screen.act(action)

        choose(self.screen, f"Show of {owner.name}", self._shows(), owner.show or None, picked)

    def delete(self) -> None:
        targets = self.screen.table.targets()
        self.extra.difference_update(o.name for o in targets)
        action = Action(
            verb="Delete",
            kind="owner",
            targets=targets,
            name=lambda o: o.name,
            call=self.screen.app.client.delete_owner,
            destructive=True,
        )
        self.screen.act(action, warning=DELETE_WARNING)

    def find(self) -> None:
        """List an owner that holds no deed (no Cuebot call lists owners): by name."""

        def named(user: str) -> None:
            self.extra.add(user)
            self.screen.notify(f"Looking for owner {user}…")
            self.screen.poll_now(manual=True)

        ask = Ask("Find owner", "User name:", "", user_error(), str.strip,
                  hint="Owners without deeds are listed only once asked for")  # fmt: skip
        from cuetui.widgets.prompt import PromptModal

        def answered(result: str | None) -> None:
            if result is not None:
                named(result.strip())

        modal = PromptModal(ask.title, ask.label, "", ask.check, hint=ask.hint)
        self.screen.app.push_screen(modal, answered)


def _host_error(text: str) -> str | None:
    name = text.strip()
    if not name:
        return "Give a host name"
    return "A host name has no spaces" if any(c.isspace() for c in name) else None


@dataclass
class TakeOwnership:
    """`:hosts` Take ownership: one NIMBY host to a user (created in the current show if new)."""

    screen: BaseScreen[Host]

    def run(self) -> None:
        host = self.screen.table.cursor_item
        if host is None:
            self.screen.notify("No host selected", severity="warning")
            return
        if not host.nimby_enabled:
            self.screen.notify(f"{host.name} is not a desktop: {NIMBY_ONLY}", severity="warning")
            return
        app = self.screen.app
        client = app.client
        show = app.current_show

        def named(user: str) -> None:
            async def call(h: Host) -> None:
                model = await client.find_show(show) if show else None
                await client.give_host(h, user, model)

            where = f" (created in {show} if new)" if show else ""
            action = Action(
                verb=f"Give to {user}{where}",
                kind="host",
                targets=[host],
                name=lambda h: h.name,
                call=call,
                destructive=True,
            )
            self.screen.act(action, warning=f"{host.name} becomes {user}'s; a host has one owner, "
                            "so whoever owns it now loses it.")  # fmt: skip

        ask = Ask(f"Take ownership of {host.name}", "User name:", client.user, user_error(),
                  str.strip, hint="Which user should own it (CueGUI's Take Ownership)")  # fmt: skip
        self.screen.ask(ask, named)
