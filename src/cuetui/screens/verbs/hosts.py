"""The host verbs: lock/unlock, tags (add, remove, rename) and repair, on the screen's targets."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cuetui.core.actions import Action, plural
from cuetui.models.format import cores
from cuetui.screens.base.verb import Ask
from cuetui.screens.verbs.host_admin import HostAdminVerbs

if TYPE_CHECKING:
    from cuetui.models import Host
    from cuetui.screens.base.table_screen import BaseScreen

SET_REPAIR_WARNING = (
    "A host in REPAIR takes no new frames until repair is cleared; frames running on it "
    "keep running."
)
CLEAR_REPAIR_WARNING = (
    "Clearing sets the host DOWN, as CueGUI does: it comes back UP when its rqd next reports."
)


def nimby_warning(hosts: list[Host]) -> str:
    """What unlocking NIMBY-locked hosts asks: someone is working at them."""
    if len(hosts) == 1:
        return f"host {hosts[0].name} is NIMBY-locked: someone is working at it; unlock anyway?"
    names = ", ".join(h.name for h in hosts)
    return f"hosts {names} are NIMBY-locked: someone is working at them; unlock anyway?"


def host_name(host: Host) -> str:
    return host.name


def subject(hosts: list[Host]) -> str:
    return hosts[0].name if len(hosts) == 1 else plural("host", len(hosts))


def tag_union(hosts: list[Host]) -> list[str]:
    """Every tag of the hosts, in first-seen order."""
    return list(dict.fromkeys(t for h in hosts for t in h.tags))


def _tag_verb(verb: str, tags: list[str]) -> str:
    """`Add tag repair`, `Remove tags a b`: the toast reads "Add tag repair done for …"."""
    return f"{verb} tag{'s' if len(tags) > 1 else ''} {' '.join(tags)}"


def _one_tag_error(text: str) -> str | None:
    from cuetui.widgets.prompt import parse_tags, tags_error

    return tags_error(text) or (None if len(parse_tags(text)) == 1 else "Give one tag.")


@dataclass
class HostVerbs(HostAdminVerbs):
    """Host verbs over the screen's targets (marked rows, else the highlighted row)."""

    screen: BaseScreen[Host]

    @property
    def _client(self) -> Any:
        return self.screen.app.client

    def _targets(self) -> list[Host]:
        return self.screen.table.targets()

    def _action(
        self, verb: str, targets: list[Host], call: Callable[[Host], Any], **kw: Any
    ) -> Action[Host]:
        return Action(verb=verb, kind="host", targets=targets, name=host_name, call=call, **kw)

    def _allowed(self) -> list[Host] | None:
        """The targets, or None (after saying why) when there are none."""
        targets = self._targets()
        if not targets:
            self.screen.notify("No host selected", severity="warning")
            return None
        return targets

    # -- lock -------------------------------------------------------------------------------

    def toggle_lock(self) -> None:
        """Lock the open hosts among the targets; when every one is locked, unlock them."""
        targets = self._targets()
        open_hosts = [h for h in targets if not h.is_locked]
        if not open_hosts:
            # NIMBY locked an artist's desktop because someone is using it: unlocking sends
            # frames to their machine, so it asks first (an ordinary unlock stays one key).
            nimby = [h for h in targets if h.lock_state == "NIMBY_LOCKED"]
            action = self._action(
                "Unlock", targets, self._client.unlock_host, destructive=bool(nimby)
            )
            self.screen.act(action, warning=nimby_warning(nimby) if nimby else None)
            return
        busy = [h for h in open_hosts if h.used_cores > 0]
        if busy:
            used = sum(h.used_cores for h in busy)
            self.screen.notify(
                f"{subject(busy)} running frames on {cores(used)} cores: those frames keep "
                "running; a locked host only takes no new ones.",
                title="Lock",
            )
        self.screen.act(self._action("Lock", open_hosts, self._client.lock_host))

    # -- repair -----------------------------------------------------------------------------

    def toggle_repair(self) -> None:
        """Set repair on the targets not in REPAIR; when all are, clear it."""
        targets = self._targets()
        if targets and all(h.state == "REPAIR" for h in targets):
            self.clear_repair()
        else:
            self.set_repair()

    def set_repair(self) -> None:
        targets = [h for h in self._targets() if h.state != "REPAIR"]
        if not targets and self._targets():
            self.screen.notify("Already in repair", severity="warning")
            return
        action = self._action("Set repair", targets, self._client.set_host_repair, destructive=True)
        self.screen.act(action, warning=SET_REPAIR_WARNING)

    def clear_repair(self) -> None:
        # Clearing sends DOWN: on a host that is not in repair it would take an UP host down.
        targets = [h for h in self._targets() if h.state == "REPAIR"]
        if not targets and self._targets():
            self.screen.notify("Clear repair: no selected host is in REPAIR", severity="warning")
            return
        action = self._action(
            "Clear repair", targets, self._client.clear_host_repair, destructive=True
        )
        self.screen.act(action, warning=CLEAR_REPAIR_WARNING)

    # -- tags -------------------------------------------------------------------------------

    def tags(self) -> None:
        """A menu (add / remove / rename) titled with the current tags."""
        targets = self._allowed()
        if targets is None:
            return
        from cuetui.widgets.prompt import ChoiceModal

        choices = [("Add tags…", "add"), ("Remove tags…", "remove"), ("Rename a tag…", "rename")]
        current = " ".join(tag_union(targets)) or "none"
        title = f"Tags of {subject(targets)}: {current}"

        def chosen(what: str | None) -> None:
            if what is not None:
                {"add": self.add_tags, "remove": self.remove_tags, "rename": self.rename_tag}[
                    what
                ]()

        self.screen.app.push_screen(ChoiceModal(title, choices, current="add"), chosen)

    def _edit(self, title: str, then: Callable[[list[Host], list[str]], None]) -> None:
        targets = self._allowed()
        if targets is None:
            return
        hint = f"Now: {' '.join(tag_union(targets)) or 'no tags'}"
        ask: Ask[list[str]] = Ask(f"{title} {subject(targets)}", hint=hint, tags=True)
        self.screen.ask(ask, lambda tags: then(targets, tags))

    def add_tags(self) -> None:
        def then(targets: list[Host], tags: list[str]) -> None:
            call = lambda h: self._client.add_host_tags(h, tags)  # noqa: E731
            self.screen.act(self._action(_tag_verb("Add", tags), targets, call))

        self._edit("Add tags to", then)

    def remove_tags(self) -> None:
        def then(selected: list[Host], tags: list[str]) -> None:
            targets = [h for h in selected if set(tags) & set(h.tags)]
            if not targets:
                self.screen.notify(f"No selected host has {' '.join(tags)}", severity="warning")
                return
            call = lambda h: self._client.remove_host_tags(h, tags)  # noqa: E731
            self.screen.act(self._action(_tag_verb("Remove", tags), targets, call))

        self._edit("Remove tags from", then)

    def take_ownership(self) -> None:
        """Give the highlighted NIMBY host to a user (screens/verbs/owners.py)."""
        from cuetui.screens.verbs.owners import TakeOwnership

        TakeOwnership(self.screen).run()

    def rename_tag(self) -> None:
        """Pick one of the current tags, then give its new name."""
        targets = self._allowed()
        if targets is None:
            return
        tags = tag_union(targets)
        if not tags:
            self.screen.notify(f"{subject(targets)} has no tags", severity="warning")
            return
        from cuetui.widgets.prompt import ChoiceModal

        def picked(old: str | None) -> None:
            if old is None:
                return

            def rename(new: str) -> Action[Host]:
                having = [h for h in targets if old in h.tags]
                call = lambda h: self._client.rename_host_tag(h, old, new)  # noqa: E731
                return self._action(f"Rename tag {old} to {new}", having, call)

            ask = Ask(f"Rename tag {old}", "New name:", old, _one_tag_error, str.strip)
            self.screen.ask_then_act(ask, rename)

        title = f"Rename which tag of {subject(targets)}?"
        self.screen.app.push_screen(ChoiceModal(title, [(t, t) for t in tags]), picked)
