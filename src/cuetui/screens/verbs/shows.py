"""Show settings as verbs: default min/max cores, booking, dispatching, comment email, active.

The defaults are what new jobs of the show start with; Cuebot keeps whole cores, so the
prompt asks whole cores. Booking and dispatching are flags Cuebot stores and shows but its
dispatcher does not read (docs/wire-contract.md): the toast says they are set, no more.
Deactivating a show asks first: it leaves `GetActiveShows` (CueGUI's show lists), while its
running jobs carry on.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cuetui.client.shows_admin import comment_emails
from cuetui.core.actions import Action
from cuetui.models.format import cores
from cuetui.screens.base.verb import Ask
from cuetui.screens.verbs.setters import subject

if TYPE_CHECKING:
    from cuetui.client import GatewayClient
    from cuetui.models import Show
    from cuetui.screens.base.table_screen import BaseScreen

MAX_DEFAULT_CORES = 100_000
DEACTIVATE_WARNING = (
    "An inactive show leaves the active show lists (GetActiveShows); its running jobs carry on."
)


def whole_cores_error(text: str) -> str | None:
    try:
        value = int(text.strip())
    except ValueError:
        return "Give whole cores, e.g. 1 or 200 (Cuebot keeps whole cores for show defaults)"
    return None if 0 <= value <= MAX_DEFAULT_CORES else f"From 0 to {MAX_DEFAULT_CORES:,}"


def email_error(text: str) -> str | None:
    try:
        comment_emails(text)
    except ValueError as exc:
        return str(exc).capitalize()
    return None


Call = Callable[["GatewayClient", "Show", Any], Awaitable[Any]]


@dataclass
class ShowVerbs:
    """Show settings over the screen's targets (marked rows, else the highlighted row)."""

    screen: BaseScreen[Show]

    def _set(self, verb: str, targets: list[Show], call: Call, value: Any) -> None:
        client = self.screen.app.client
        action = Action(
            verb=verb,
            kind="show",
            targets=targets,
            name=lambda s: s.name,
            call=lambda s: call(client, s, value),
        )
        self.screen.act(action)

    def _ask(self, title: str, label: str, current: Callable[[Show], str], check: Any,
             then: Callable[[list[Show], str], None]) -> None:  # fmt: skip
        targets = self.screen.table.targets()
        if not targets:
            return
        value = current(targets[0]) if len(targets) == 1 else ""
        ask: Ask[str] = Ask(f"{title} of {subject(targets)}", label, value, check, str.strip)
        self.screen.ask(ask, lambda text: then(targets, text))

    def min_cores(self) -> None:
        def set_it(targets: list[Show], text: str) -> None:
            self._set(
                f"Set default min cores {int(text)}",
                targets,
                lambda c, s, v: c.set_show_default_min_cores(s, v),
                int(text),
            )

        self._ask(
            "Default min cores",
            "Whole cores for new jobs:",
            lambda s: cores(s.default_min_cores),
            whole_cores_error,
            set_it,
        )

    def max_cores(self) -> None:
        def set_it(targets: list[Show], text: str) -> None:
            self._set(
                f"Set default max cores {int(text)}",
                targets,
                lambda c, s, v: c.set_show_default_max_cores(s, v),
                int(text),
            )

        self._ask(
            "Default max cores",
            "Whole cores for new jobs:",
            lambda s: cores(s.default_max_cores),
            whole_cores_error,
            set_it,
        )

    def comment_email(self) -> None:
        def set_it(targets: list[Show], text: str) -> None:
            emails = comment_emails(text)
            verb = f"Set comment email {emails}" if emails else "Clear comment email"
            self._set(verb, targets, lambda c, s, v: c.set_show_comment_email(s, v), emails)

        self._ask(
            "Comment email",
            "Addresses, separated by commas (empty: none):",
            lambda s: s.comment_email,
            email_error,
            set_it,
        )

    def _toggle(self, flag: Callable[[Show], bool]) -> tuple[list[Show], bool]:
        """The targets to change and the value: on for those off; off when all are on."""
        targets = self.screen.table.targets()
        off = [s for s in targets if not flag(s)]
        return (off, True) if off else (list(targets), False)

    def booking(self) -> None:
        targets, on = self._toggle(lambda s: s.booking_enabled)
        self._set(
            "Enable booking" if on else "Disable booking",
            targets,
            lambda c, s, v: c.enable_show_booking(s, v),
            on,
        )

    def dispatching(self) -> None:
        targets, on = self._toggle(lambda s: s.dispatch_enabled)
        self._set(
            "Enable dispatching" if on else "Disable dispatching",
            targets,
            lambda c, s, v: c.enable_show_dispatching(s, v),
            on,
        )

    def active(self) -> None:
        """Activate the inactive targets; when all are active, deactivate them (asks first)."""
        targets, on = self._toggle(lambda s: s.active)
        client = self.screen.app.client
        action = Action(
            verb="Activate" if on else "Deactivate",
            kind="show",
            targets=targets,
            name=lambda s: s.name,
            call=lambda s: client.set_show_active(s, on),
            destructive=not on,
            past="Activated" if on else "Deactivated",
        )
        self.screen.act(action, warning=None if on else DEACTIVATE_WARNING)
