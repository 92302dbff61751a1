"""The depend verbs: satisfy the targeted depends, drop the job's depends (all, internal or
external), and make the marked jobs, layers or frames wait on the highlighted one."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from cuetui.core.actions import Action
from cuetui.screens.base.verb import Confirm, Verb
from cuetui.screens.verbs.jobs import JobVerbs

if TYPE_CHECKING:
    from cuetui.client.gateway import GatewayClient
    from cuetui.models import Depend, Frame, Job, Layer
    from cuetui.screens.base.table_screen import BaseScreen
    from cuetui.screens.depends import DependRow

T = TypeVar("T")

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


# -- creating depends: the marked rows wait on the highlighted one ---------------------------

NEEDS_MARKS = "Mark the {kinds} that should wait (space), then press W on the one they wait on"
# What Cuebot does to the depend-er's frames (DependManagerService + the wait-to-depend trigger).
_HELD = "every frame of theirs not running or eaten goes DEPEND"
_AGAIN = "succeeded ones render again once it is satisfied"


@dataclass
class WaitAction(Action[T]):
    """An Action whose subject says what the targets will wait on ("until X finishes")."""

    until: str = ""

    def subject(self, *, counted: bool = False, units: bool = True) -> str:
        return f"{super().subject(counted=counted, units=units)} {self.until}"


@dataclass(frozen=True)
class WaitKind(Generic[T]):
    """One kind of depend made from marks: who waits, on what, and what Cuebot then does."""

    kind: str
    """The rows' kind: "job", "layer", "frame"."""
    until: str
    """How the subject ends, `{on}` the highlighted row's name: "until {on} finishes"."""
    effect: str
    """The confirmation's warning, `{on}` as above."""
    call: Callable[[GatewayClient], Callable[[T, T], Awaitable[Depend]]]


JOB_ON_JOB: WaitKind[Job] = WaitKind(
    "job",
    "until {on} finishes",
    f"Job on job: {_HELD} until {{on}} finishes; {_AGAIN}.",
    lambda client: client.create_job_on_job,
)
LAYER_ON_LAYER: WaitKind[Layer] = WaitKind(
    "layer",
    "until layer {on} is done",
    f"Layer on layer: {_HELD} until all of {{on}} is done; {_AGAIN}.",
    lambda client: client.create_layer_on_layer,
)
FRAME_BY_FRAME: WaitKind[Layer] = WaitKind(
    "layer",
    "frame by frame on layer {on}",
    "Frame by frame: each of their frames goes DEPEND until the frame of the same number of "
    f"{{on}} succeeds (one with no such frame runs freely); {_AGAIN}.",
    lambda client: client.create_frame_by_frame,
)
FRAME_ON_FRAME: WaitKind[Frame] = WaitKind(
    "frame",
    "until {on} succeeds",
    "Frame on frame: each goes DEPEND unless running or eaten, until {on} succeeds; "
    "a succeeded one renders again then.",
    lambda client: client.create_frame_on_frame,
)


def wait_on_this(screen: BaseScreen[Any], how: WaitKind[Any], name: Callable[[Any], str]) -> None:
    """The marked rows wait on the highlighted row (the highlighted one is left out of them)."""
    table = screen.table
    on = table.cursor_item
    kinds = f"{how.kind}s"
    if on is None:
        screen.notify(f"No {how.kind} highlighted", severity="warning")
        return
    marked = table.targets() if table.mark_counts[0] else []
    waiting = [item for item in marked if item.id != on.id]
    if not waiting:
        screen.notify(NEEDS_MARKS.format(kinds=kinds), severity="warning")
        return
    if getattr(on, "state", "") == "FINISHED":
        # Cuebot refuses: "The job you are depending on is already complete."
        screen.notify(f"{name(on)} has finished: nothing can wait on it", severity="warning")
        return
    make = how.call(screen.app.client)
    action: WaitAction[Any] = WaitAction(
        verb="Hold",
        kind=how.kind,
        targets=waiting,
        name=name,
        call=lambda item: make(item, on),
        destructive=True,
        past="Holding",
        until=how.until.format(on=name(on)),
    )
    screen.act(action, warning=how.effect.format(on=name(on)))


def _wait_verb(
    key: str | None, name: str, label: str, how: WaitKind[Any], screen_id: str | None
) -> Verb:
    def run(verbs: Any) -> None:
        # Every screen's verbs object carries its screen (JobVerbs, LayerVerbs, FrameVerbs).
        wait_on_this(verbs.screen, how, lambda item: item.name)

    # Without marks it only says how (nothing to confirm): it asks when rows are marked.
    confirm = Confirm("Hold", when="rows are marked")
    return Verb(key, name, label, run, show=False, id=screen_id, confirm=confirm)


# `W`: "wait on this" on :jobs, :layers and :frames; frame by frame is the palette's.
JOB_WAIT_ON = _wait_verb("W", "wait_on", "Marked wait on this", JOB_ON_JOB, "jobs.wait_on")
LAYER_WAIT_ON = _wait_verb("W", "wait_on", "Marked wait on this", LAYER_ON_LAYER, "layers.wait_on")
LAYER_WAIT_BY_FRAME = _wait_verb(
    None, "wait_by_frame", "Marked wait on this frame by frame", FRAME_BY_FRAME, None
)
FRAME_WAIT_ON = _wait_verb("W", "wait_on", "Marked wait on this", FRAME_ON_FRAME, "frames.wait_on")
