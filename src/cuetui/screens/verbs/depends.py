"""The depend verbs: satisfy the targeted depends, or drop the job's depends (all, internal
or external)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from cuetui.core.actions import Action
from cuetui.screens.verbs.jobs import JobVerbs

if TYPE_CHECKING:
    from cuetui.models import Depend, Job
    from cuetui.screens.base.table_screen import BaseScreen
    from cuetui.screens.depends import DependRow

# (one depend, several)
SATISFY_WARNING = (
    "The frames it holds may start at once; Cuebot does not hold them again.",
    "The frames they hold may start at once; Cuebot does not hold them again.",
)


UNSATISFIABLE = ("LAYER_ON_LAYER", "FRAME_ON_FRAME")
UNSATISFY_WARNING = "Its waiting frames go back to DEPEND until it is satisfied again."


def side(job: str, layer: str, frame: str, own: str = "") -> str:
    """`job/layer` or `job/frame`: the parts the depend names, joined.

    The screen's own job (`own`, already in the crumbs) is left out when a layer or frame
    follows, so the part that differs fits in 80 columns.
    """
    # A frame's name already carries its layer ("0001-comp"), so it replaces the layer.
    part = frame or layer
    if part and job == own:
        return part
    return "/".join(p for p in (job, part) if p)


def depend_label(depend: Depend) -> str:
    """How confirmations and toasts name a depend: "<er> on <on>"."""
    er = side(depend.depend_er_job, depend.depend_er_layer, depend.depend_er_frame)
    on = side(depend.depend_on_job, depend.depend_on_layer, depend.depend_on_frame)
    return f"{er} on {on}"


@dataclass
class DependVerbs:
    """Depend verbs: `satisfy` over the screen's targets, `drop_depends` on its `job`."""

    screen: BaseScreen[DependRow]
    job: Job

    def satisfy(self) -> None:
        rows = self.screen.table.targets()
        seen: dict[str, Depend] = {}
        for row in rows:
            if row.depend.active:
                seen.setdefault(row.depend.id, row.depend)
        if rows and not seen:
            what = "the depend is not" if len(rows) == 1 else "none of the selected depends is"
            self.screen.notify(f"Satisfy: {what} active (already satisfied)", severity="warning")
            return
        action = Action(
            verb="Satisfy",
            kind="depend",
            targets=list(seen.values()),
            name=depend_label,
            call=self.screen.app.client.satisfy_depend,
            context=self.job.name,
            destructive=True,
        )
        warning = SATISFY_WARNING[len(action.targets) > 1]
        self.screen.act(action, warning=warning)

    def unsatisfy(self) -> None:
        """Hold again what a satisfied depend released (CueGUI's "Unsatisfy")."""
        rows = self.screen.table.targets()
        seen: dict[str, Depend] = {}
        for row in rows:
            # Cuebot re-holds frames for these two types only (others: active, nothing held).
            if not row.depend.active and row.depend.type in UNSATISFIABLE:
                seen.setdefault(row.depend.id, row.depend)
        if rows and not seen:
            self.screen.notify(
                "Unsatisfy: only a satisfied layer-on-layer or frame-on-frame "
                "depend can hold its frames again",
                severity="warning",
            )
            return
        action = Action(
            verb="Unsatisfy",
            kind="depend",
            targets=list(seen.values()),
            name=depend_label,
            call=self.screen.app.client.unsatisfy_depend,
            context=self.job.name,
            destructive=True,
        )
        self.screen.act(action, warning=UNSATISFY_WARNING)

    def drop_depends(self, target: str = "ANY_TARGET") -> None:
        # JobVerbs only reads `screen.app`/`act` here: its targets are the screen's job.
        JobVerbs(self.screen).drop_depends([self.job], target)  # type: ignore[arg-type]

    def drop_internal(self) -> None:
        self.drop_depends("INTERNAL")

    def drop_external(self) -> None:
        self.drop_depends("EXTERNAL")
