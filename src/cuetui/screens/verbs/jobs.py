"""The job, layer and frame verbs: which targets, which client call, what the confirmation
says, and the frame keys the frames table and the log viewer both declare."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cuetui.core.actions import Action, Batch, plural
from cuetui.models.states import RUNNING_FRAME_STATES
from cuetui.screens.base.verb import Ask, Confirm, Verb
from cuetui.screens.verbs.setters import (
    JOB_MAX_CORES,
    JOB_MIN_CORES,
    JOB_PRIORITY,
    LAYER_MIN_CORES,
    LAYER_MIN_MEMORY,
    ask_and_set,
    subject,
)

if TYPE_CHECKING:
    from cuetui.models import Frame, Job, Layer
    from cuetui.screens.base.action_flow import ActionFlow
    from cuetui.screens.base.table_screen import BaseScreen


KILL_WARNING = "{what} cannot come back. {running} will die."
DROP_DEPENDS_WARNING = (
    "Every {which}depend of {what} is satisfied now: frames they hold may start at once. "
    "Cuebot does not bring them back."
)
# DropDepends target -> how the verb and its warning name the depends it drops.
DROP_TARGETS = {
    "ANY_TARGET": ("Drop depends", ""),
    "INTERNAL": ("Drop internal depends", "internal (same job) "),
    "EXTERNAL": ("Drop external depends", "external (other job) "),
}


# A job-level retry or eat counts the dead frames it covers ("12 dead frames of job_x").
_DEAD_FRAMES: dict[str, Any] = {"unit": "dead frame", "count": lambda j: j.job_stats.dead_frames}


def _running(n: int) -> str:
    return f"{plural('running frame', n)}" if n else "No running frames"


@dataclass
class JobVerbs:
    """Job verbs over the screen's targets (marked rows, else the highlighted row)."""

    screen: BaseScreen[Job]

    def _targets(self) -> list[Job]:
        return self.screen.table.targets()

    def _action(self, verb: str, targets: list[Job], call: Any, **kw: Any) -> Action[Job]:
        return Action(
            verb=verb, kind="job", targets=targets, name=lambda j: j.name, call=call, **kw
        )

    def pause(self) -> None:
        targets = self._targets()
        client = self.screen.app.client
        running = [j for j in targets if not j.is_paused]
        if running:
            self.screen.act(self._action("Pause", running, client.pause_job, past="Paused"))
        elif targets:
            self.screen.act(self._action("Resume", targets, client.resume_job, past="Resumed"))

    def _dead(self, verb: str) -> list[Job] | None:
        targets = self._targets()
        dead = [j for j in targets if j.job_stats.dead_frames > 0]
        if targets and not dead:
            what = targets[0].name if len(targets) == 1 else plural("job", len(targets))
            self.screen.notify(f"{verb}: no dead frames in {what}", severity="warning")
            return None
        return dead

    def retry(self) -> None:
        """Retry the dead frames, saying how many: "Retry requested for 12 dead frames of …"."""
        dead = self._dead("Retry")
        if dead is not None:
            call = self.screen.app.client.retry_job_dead_frames
            self.screen.act(self._action("Retry", dead, call, queued=True, **_DEAD_FRAMES))

    def eat(self) -> None:
        """Eat the dead frames; the confirmation says how many ("Eat 12 dead frames of …?")."""
        dead = self._dead("Eat")
        if dead is not None:
            call = self.screen.app.client.eat_job_dead_frames
            n = sum(j.job_stats.dead_frames for j in dead)
            action = self._action("Eat", dead, call, queued=True, destructive=True, **_DEAD_FRAMES)
            self.screen.act(action, warning=f"{plural('dead frame', n)} will be eaten.")

    def kill(self) -> None:
        targets = self._targets()
        client = self.screen.app.client
        action = self._action("Kill", targets, client.kill_job, queued=True, destructive=True)
        running = sum(j.job_stats.running_frames for j in targets)
        what = "Killed jobs" if len(targets) > 1 else "A killed job"
        warning = KILL_WARNING.format(what=what, running=_running(running))
        self.screen.act(action, warning=warning)

    def drop_depends(self, jobs: list[Job] | None = None, target: str = "ANY_TARGET") -> None:
        """Satisfy the depends of the jobs (CueGUI's "Drop depends"): `target` ANY_TARGET,
        INTERNAL (layer/frame on the same job) or EXTERNAL (on another job).

        `jobs` when the screen's table does not hold jobs (the depends screen: its one job).
        """
        targets = self._targets() if jobs is None else jobs
        client = self.screen.app.client
        verb, which = DROP_TARGETS[target]

        async def call(job: Job) -> None:
            await client.drop_depends(job, target)

        action = self._action(verb, targets, call, destructive=True)
        what = targets[0].name if len(targets) == 1 else "these jobs"
        warning = DROP_DEPENDS_WARNING.format(which=which, what=what)
        self.screen.act(action, warning=warning)

    def drop_internal_depends(self) -> None:
        self.drop_depends(target="INTERNAL")

    def drop_external_depends(self) -> None:
        self.drop_depends(target="EXTERNAL")

    def set_priority(self) -> None:
        ask_and_set(self.screen, JOB_PRIORITY, self._action)

    def set_min_cores(self) -> None:
        ask_and_set(self.screen, JOB_MIN_CORES, self._action)

    def set_max_cores(self) -> None:
        ask_and_set(self.screen, JOB_MAX_CORES, self._action)


@dataclass
class LayerVerbs:
    """Layer verbs; `job` names the context in messages."""

    screen: BaseScreen[Layer]
    job: Job

    def _action(self, verb: str, targets: list[Layer], call: Any, **kw: Any) -> Action[Layer]:
        return Action(
            verb=verb,
            kind="layer",
            targets=targets,
            name=lambda ly: ly.name,
            call=call,
            context=self.job.name,
            **kw,
        )

    def _targets(self) -> list[Layer]:
        return self.screen.table.targets()

    def retry(self) -> None:
        targets = [ly for ly in self._targets() if ly.layer_stats.dead_frames > 0]
        if not targets:
            self.screen.notify("Retry: no dead frames in the selected layers", severity="warning")
            return
        call = self.screen.app.client.retry_layer_frames
        self.screen.act(self._action("Retry dead frames", targets, call, queued=True))

    def eat(self) -> None:
        targets = [ly for ly in self._targets() if ly.layer_stats.dead_frames > 0]
        if not targets:
            self.screen.notify("Eat: no dead frames in the selected layers", severity="warning")
            return
        call = self.screen.app.client.eat_layer_frames
        n = sum(ly.layer_stats.dead_frames for ly in targets)
        action = self._action("Eat dead frames", targets, call, queued=True, destructive=True)
        self.screen.act(action, warning=f"{plural('dead frame', n)} will be eaten.")

    def kill(self) -> None:
        targets = self._targets()
        call = self.screen.app.client.kill_layer_frames
        running = sum(ly.layer_stats.running_frames for ly in targets)
        action = self._action("Kill frames", targets, call, queued=True, destructive=True)
        warning = f"{_running(running)} will die; they go back to waiting."
        self.screen.act(action, warning=warning)

    def set_tags(self) -> None:
        targets = self._targets()
        if not targets:
            return
        client = self.screen.app.client

        def action(tags: list[str]) -> Action[Layer]:
            call = lambda ly: client.set_layer_tags(ly, tags)  # noqa: E731
            return self._action(f"Set tags {' '.join(tags)}", targets, call)

        # Prefilled with the first target's tags: the answer replaces every target's tags.
        title = f"Tags of {subject(targets)} (replaces all)"
        ask: Ask[list[str]] = Ask(title, value=targets[0].tags, tags=True)
        self.screen.ask_then_act(ask, action)

    def set_min_cores(self) -> None:
        ask_and_set(self.screen, LAYER_MIN_CORES, self._action)

    def set_min_memory(self) -> None:
        ask_and_set(self.screen, LAYER_MIN_MEMORY, self._action)


@dataclass
class FrameVerbs:
    """Frame verbs, shared by the frames table (its targets) and the log viewer (its frame).

    One place decides which frames an action takes, its confirmation and its wording, so a
    wrangler sees the same flow whichever screen they act from. Several frames go in one
    request per job (a FrameSearchCriteria naming them, as CueGUI sends), one frame by id.
    """

    screen: ActionFlow
    job: Job | None
    targets: Callable[[], list[Frame]]
    job_of: Callable[[Frame], Job] | None = None
    """Each frame's job when the targets span jobs (`:stuck`); else they are all of `job`."""

    def _job(self, frame: Frame) -> Job:
        job = self.job_of(frame) if self.job_of is not None else self.job
        if job is None:
            raise ValueError(f"the job of frame {frame.name} is not known: nothing sent")
        return job

    def _action(
        self, verb: str, targets: list[Frame], call: Any, batch: Any, **kw: Any
    ) -> Action[Frame]:
        """`call(frame)` for one frame, `batch(job, frames)` once per job for several."""
        one_request: Batch[Frame] = Batch(
            key=lambda f: self._job(f).id,
            label=lambda f: self._job(f).name,
            call=lambda frames: batch(self._job(frames[0]), frames),
        )
        context = self.job.name if self.job is not None and self.job_of is None else None
        kw.setdefault("queued", True)
        return Action(
            verb=verb,
            kind="frame",
            targets=targets,
            name=lambda f: f.name,
            call=call,
            context=context,
            batch=one_request,
            **kw,
        )

    def retry(self) -> None:
        client = self.screen.app.client
        action = self._action("Retry", self.targets(), client.retry_frame, client.retry_frames)
        self.screen.act(action)

    def eat(self) -> None:
        targets = self.targets()
        running = sum(1 for f in targets if f.state in RUNNING_FRAME_STATES)
        warning = "Eaten frames will not run again."
        if running:
            warning += f" {plural('running frame', running)} among them."
        client = self.screen.app.client
        action = self._action("Eat", targets, client.eat_frame, client.eat_frames, destructive=True)
        self.screen.act(action, warning=warning)

    def kill(self) -> None:
        targets = self.targets()
        running = [f for f in targets if f.state in RUNNING_FRAME_STATES]
        if targets and not running:
            # Killing a frame that does not run is a no-op at best: say why nothing happens.
            what = (
                f"{targets[0].name} is not running ({targets[0].state})"
                if len(targets) == 1
                else "none of the selected frames is running"
            )
            self.screen.notify(f"Kill: {what}", severity="warning")
            return
        client = self.screen.app.client
        action = self._action(
            "Kill", running, client.kill_frame, client.kill_frames, destructive=True
        )
        warning = f"{plural('running frame', len(running))} will die and go back to waiting."
        self.screen.act(action, warning=warning)

    def waiting(self) -> None:
        """Mark DEPEND frames waiting (their depends ignored once): Cuebot changes no other."""
        targets = self.targets()
        held = [f for f in targets if f.state == "DEPEND"]
        if targets and not held:
            what = (
                f"{targets[0].name} is {targets[0].state}"
                if len(targets) == 1
                else "none of the selected frames is DEPEND"
            )
            self.screen.notify(
                f"Mark waiting: {what}; only a DEPEND frame can be marked waiting",
                severity="warning",
            )
            return
        client = self.screen.app.client
        # Not queued: Cuebot marks them in the call itself.
        action = self._action(
            "Mark waiting",
            held,
            client.mark_frame_waiting,
            client.mark_frames_waiting,
            queued=False,
        )
        self.screen.act(action)


# The frames table's and the log viewer's keys (one keymap entry moves the key on both).
RETRY_FRAMES = Verb("r", "retry", "Retry", FrameVerbs.retry, id="frames.retry")
EAT_FRAMES = Verb("e", "eat", "Eat", FrameVerbs.eat, id="frames.eat", confirm=Confirm("Eat"))
KILL_FRAMES = Verb(
    "ctrl+k", "kill", "Kill", FrameVerbs.kill, id="frames.kill", confirm=Confirm("Kill")
)
