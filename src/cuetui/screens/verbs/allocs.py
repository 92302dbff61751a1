"""The allocation verb: billable on, or off, for the screen's targets."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from cuetui.core.actions import Action

if TYPE_CHECKING:
    from cuetui.models import Allocation
    from cuetui.screens.base.table_screen import BaseScreen

BILLABLE_WARNING = "Billable allocations count toward the shows' subscriptions and billing."


@dataclass
class AllocVerbs:
    """Allocation verbs over the screen's targets (marked rows, else the highlighted row)."""

    screen: BaseScreen[Allocation]

    def toggle_billable(self) -> None:
        """Make the non-billable targets billable; when all are billable, make them not."""
        targets = self.screen.table.targets()
        client = self.screen.app.client
        off = [a for a in targets if not a.billable]
        value = bool(off)
        chosen = off or targets
        verb = "Set billable" if value else "Set not billable"
        action = Action(
            verb=verb,
            kind="allocation",
            targets=chosen,
            name=lambda a: a.name,
            call=lambda a: client.set_allocation_billable(a, value),
            destructive=True,
        )
        self.screen.act(action, warning=BILLABLE_WARNING)
