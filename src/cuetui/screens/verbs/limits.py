"""Limit verbs (CueCommander's Limits view): create, set max, rename, delete.

ManageLimit finds each limit by name, so two limits of one name make every by-name call fail
(500 "expected 1, actual 2"): create and rename refuse a name already listed before sending.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cuetui.client.limits import MAX_LIMIT_NAME, MAX_LIMIT_VALUE
from cuetui.core.actions import Action
from cuetui.core.inputs import int_error
from cuetui.screens.base.verb import Ask
from cuetui.screens.verbs.setters import subject

if TYPE_CHECKING:
    from cuetui.models import Limit
    from cuetui.screens.base.table_screen import BaseScreen

DELETE_WARNING = "Limits are farm-wide: it goes for every show's layers that name it."
MAX_LABEL = f"Most frames running at once (0-{MAX_LIMIT_VALUE}):"


@dataclass
class LimitVerbs:
    """Verbs of `:limits` over its targets (marked rows, else the highlighted limit)."""

    screen: BaseScreen[Limit]

    def _name_error(self, keep: str = "") -> Callable[[str], str | None]:
        taken = {lim.name for lim in self.screen.table.items()} - {keep}

        def check(text: str) -> str | None:
            name = text.strip()
            if not name:
                return "Give a name"
            if len(name) > MAX_LIMIT_NAME:
                return f"At most {MAX_LIMIT_NAME} characters"
            return f"A limit called {name} exists" if name in taken else None

        return check

    def create(self) -> None:
        client = self.screen.app.client

        def named(name: str) -> None:
            def valued(value: int) -> None:
                action = Action(
                    verb=f"Create limit of {value}",
                    kind="limit",
                    targets=[name],
                    name=str,
                    call=lambda n: client.create_limit(n, value),
                    past=f"Created limit of {value}:",
                )
                self.screen.act(action)

            ask = Ask(
                f"Maximum of {name}",
                MAX_LABEL,
                "",
                int_error(0, MAX_LIMIT_VALUE),
                lambda t: int(t.strip()),
            )
            self.screen.ask(ask, valued)

        ask = Ask(
            "New limit",
            "Name:",
            "",
            self._name_error(),
            str.strip,
            hint="Layers name the limits that hold their frames back",
        )
        self.screen.ask(ask, named)

    def set_max(self) -> None:
        targets = self.screen.table.targets()
        if not targets:
            return
        client = self.screen.app.client

        def valued(value: int) -> None:
            action = Action(
                verb=f"Set max {value}",
                kind="limit",
                targets=targets,
                name=lambda lim: lim.name,
                call=lambda lim: client.set_limit_max_value(lim, value),
            )
            self.screen.act(action)

        current = str(targets[0].max_value) if len(targets) == 1 else ""
        ask = Ask(
            f"Maximum of {subject(targets)}",
            MAX_LABEL,
            current,
            int_error(0, MAX_LIMIT_VALUE),
            lambda t: int(t.strip()),
        )
        self.screen.ask(ask, valued)

    def rename(self) -> None:
        lim = self.screen.table.cursor_item
        if lim is None:
            self.screen.notify("No limit selected", severity="warning")
            return
        client = self.screen.app.client

        def named(name: str) -> None:
            action = Action(
                verb=f"Rename to {name}",
                kind="limit",
                targets=[lim],
                name=lambda x: x.name,
                call=lambda x: client.rename_limit(x, name),
            )
            self.screen.act(action)

        ask = Ask(f"Rename {lim.name}", "Name:", lim.name, self._name_error(lim.name), str.strip)
        self.screen.ask(ask, named)

    def delete(self) -> None:
        targets = self.screen.table.targets()
        client = self.screen.app.client
        action = Action(
            verb="Delete",
            kind="limit",
            targets=targets,
            name=lambda lim: lim.name,
            call=client.delete_limit,
            destructive=True,
        )
        self.screen.act(action, warning=DELETE_WARNING)
