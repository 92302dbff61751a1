"""The rarer job, layer and frame knobs, offered by the palette (keys are scarce there).

Each list is splatted into its screen's `keys(...)`; every verb runs on the screen's verbs
object (JobVerbs, LayerVerbs, FrameVerbs) so targets, wording and batching stay theirs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cuetui.core.actions import plural
from cuetui.screens.base.verb import Ask, Confirm, Verb
from cuetui.screens.verbs.jobs import FrameVerbs, JobVerbs, LayerVerbs
from cuetui.screens.verbs.setters import (
    JOB_MAX_GPUS,
    JOB_MAX_RETRIES,
    JOB_MIN_GPUS,
    LAYER_MAX_CORES,
    LAYER_MAX_GPUS,
    LAYER_MIN_GPU_MEMORY,
    LAYER_MIN_GPUS,
    LAYER_TIMEOUT,
    LAYER_TIMEOUT_LLU,
    Setting,
    ask_and_set,
    subject,
)

if TYPE_CHECKING:
    from cuetui.models import Job

MARK_DONE_WARNING = (
    "What waits on {what} is released and may start at once; "
    "the frames keep their state. Cuebot does not bring the depends back."
)
AUTO_EAT_WARNING = (
    "Frames that fail from now on are eaten, never retried: Cuebot sets max retries to 0 "
    "(and to 1 when auto-eat goes off again)."
)
ORDERS = {"first": "FIRST", "last": "LAST", "reverse": "REVERSE"}


def _setter(setting: Setting[Any, Any]) -> Any:
    return lambda verbs: ask_and_set(verbs.screen, setting, verbs._action)


# -- job ------------------------------------------------------------------------------------
def job_auto_eat(verbs: JobVerbs) -> None:
    """Switch auto-eat on when any target has it off, else off (as pause/resume).

    Cuebot (JobDaoJdbc.updateAutoEat) stores the flag with max retries 0 when on and 1 when
    off; frames already dead stay dead.
    """
    targets = verbs._targets()
    client = verbs.screen.app.client
    off = [j for j in targets if not j.auto_eat]
    if off:
        call = lambda j: client.set_job_auto_eat(j, True)  # noqa: E731
        action = verbs._action("Auto-eat on", off, call, destructive=True)
        dead = sum(j.job_stats.dead_frames for j in off)
        warning = (AUTO_EAT_WARNING + " The {dead} stay dead.").format(
            dead=plural("dead frame", dead)
        )
        verbs.screen.act(action, warning=warning)
    elif targets:
        call = lambda j: client.set_job_auto_eat(j, False)  # noqa: E731
        verbs.screen.act(verbs._action("Auto-eat off", targets, call, past="Auto-eat off for"))


def _parse_range(text: str) -> str:
    return text.strip()


def _range_error(text: str) -> str | None:
    t = text.strip()
    if not t or any(c not in "0123456789-,xy:" for c in t):
        return "Give a frame range: 1-100, 1-100x5 or 1,5,9"
    return None


def job_reorder(verbs: JobVerbs, order: str) -> None:
    targets: list[Job] = verbs._targets()
    if not targets:
        return
    client = verbs.screen.app.client

    def build(frames: str) -> Any:
        call = lambda j: client.reorder_job_frames(j, frames, ORDERS[order])  # noqa: E731
        return verbs._action(f"Reorder frames {frames} {order}", targets, call, queued=True)

    title = f"Frames of {subject(targets)} to move {order}"
    ask = Ask(title, "Frame range (1-100):", "", _range_error, _parse_range)
    verbs.screen.ask_then_act(ask, build)


def _parse_stagger(text: str) -> tuple[str, int]:
    frames, _, step = text.strip().rpartition(" ")
    return frames.strip(), int(step)


def _stagger_error(text: str) -> str | None:
    try:
        frames, step = _parse_stagger(text)
    except ValueError:
        return "Give a range and an increment: 1-100 5"
    if _range_error(frames) or step < 1:
        return "Give a range and an increment of 1 or more: 1-100 5"
    return None


def job_stagger(verbs: JobVerbs) -> None:
    targets: list[Job] = verbs._targets()
    if not targets:
        return
    client = verbs.screen.app.client

    def build(value: tuple[str, int]) -> Any:
        frames, step = value
        call = lambda j: client.stagger_job_frames(j, frames, step)  # noqa: E731
        return verbs._action(f"Stagger frames {frames} by {step}", targets, call, queued=True)

    title = f"Stagger frames of {subject(targets)}"
    ask = Ask(title, "Range and increment (1-100 5):", "", _stagger_error, _parse_stagger)
    verbs.screen.ask_then_act(ask, build)


JOB_KNOBS: tuple[Verb, ...] = (
    Verb(None, "set_max_retries", "Set max retries", _setter(JOB_MAX_RETRIES)),
    Verb(None, "auto_eat", "Auto-eat on/off", job_auto_eat,
         confirm=Confirm("Auto-eat", when="switching it on")),
    Verb(None, "set_min_gpus", "Set min GPUs", _setter(JOB_MIN_GPUS)),
    Verb(None, "set_max_gpus", "Set max GPUs", _setter(JOB_MAX_GPUS)),
    Verb(None, "reorder_first", "Reorder frames first", lambda v: job_reorder(v, "first")),
    Verb(None, "reorder_last", "Reorder frames last", lambda v: job_reorder(v, "last")),
    Verb(None, "reorder_reverse", "Reorder frames reverse", lambda v: job_reorder(v, "reverse")),
    Verb(None, "stagger", "Stagger frames", job_stagger),
)  # fmt: skip


# -- layer ----------------------------------------------------------------------------------
def layer_threadable(verbs: LayerVerbs) -> None:
    """Threadable on when any target is off, else off."""
    targets = verbs._targets()
    client = verbs.screen.app.client
    on = any(not ly.is_threadable for ly in targets)
    chosen = [ly for ly in targets if ly.is_threadable != on]
    call = lambda ly: client.set_layer_threadable(ly, on)  # noqa: E731
    verbs.screen.act(verbs._action(f"Threadable {'on' if on else 'off'}", chosen, call))


def layer_mark_done(verbs: LayerVerbs) -> None:
    targets = verbs._targets()
    call = verbs.screen.app.client.mark_layer_done
    action = verbs._action("Mark done", targets, call, queued=True, destructive=True)
    what = targets[0].name if len(targets) == 1 else "these layers"
    verbs.screen.act(action, warning=MARK_DONE_WARNING.format(what=what))


def layer_eat_and_mark_done(verbs: LayerVerbs) -> None:
    targets = verbs._targets()
    call = verbs.screen.app.client.eat_and_mark_layer_done
    action = verbs._action("Eat and mark done", targets, call, queued=True, destructive=True)
    n = sum(ly.layer_stats.total_frames - ly.layer_stats.succeeded_frames for ly in targets)
    what = targets[0].name if len(targets) == 1 else "these layers"
    warning = (
        f"Every unfinished frame ({n}) is eaten and will not run; "
        + MARK_DONE_WARNING.format(what=what)
    )
    verbs.screen.act(action, warning=warning)


LAYER_KNOBS: tuple[Verb, ...] = (
    Verb(None, "set_max_cores", "Set max cores", _setter(LAYER_MAX_CORES)),
    Verb(None, "set_min_gpus", "Set min GPUs", _setter(LAYER_MIN_GPUS)),
    Verb(None, "set_max_gpus", "Set max GPUs", _setter(LAYER_MAX_GPUS)),
    Verb(None, "set_gpu_memory", "Set GPU memory", _setter(LAYER_MIN_GPU_MEMORY)),
    Verb(None, "set_timeout", "Set timeout", _setter(LAYER_TIMEOUT)),
    Verb(None, "set_timeout_llu", "Set LLU timeout", _setter(LAYER_TIMEOUT_LLU)),
    Verb(None, "threadable", "Threadable on/off", layer_threadable),
    Verb(None, "mark_done", "Mark done", layer_mark_done, confirm=Confirm("Mark done")),
    Verb(None, "eat_mark_done", "Eat and mark done", layer_eat_and_mark_done,
         confirm=Confirm("Eat")),
)  # fmt: skip


# -- frame ----------------------------------------------------------------------------------
def frame_mark_done(verbs: FrameVerbs) -> None:
    targets = verbs.targets()
    client = verbs.screen.app.client
    batch = client.mark_frames_done
    action = verbs._action(
        "Mark done", targets, lambda f: batch(verbs._job(f), [f]), batch, destructive=True
    )
    what = targets[0].name if len(targets) == 1 else "these frames"
    verbs.screen.act(action, warning=MARK_DONE_WARNING.format(what=what))


def frame_eat_and_mark_done(verbs: FrameVerbs) -> None:
    targets = verbs.targets()
    client = verbs.screen.app.client
    batch = client.eat_and_mark_frames_done
    action = verbs._action(
        "Eat and mark done", targets, lambda f: batch(verbs._job(f), [f]), batch, destructive=True
    )
    what = targets[0].name if len(targets) == 1 else "these frames"
    warning = "Eaten frames will not run again; " + MARK_DONE_WARNING.format(what=what)
    verbs.screen.act(action, warning=warning)


FRAME_KNOBS: tuple[Verb, ...] = (
    Verb(None, "mark_done", "Mark done", frame_mark_done, id="frames.mark_done",
         confirm=Confirm("Mark done")),
    Verb(None, "eat_mark_done", "Eat and mark done", frame_eat_and_mark_done,
         id="frames.eat_mark_done", confirm=Confirm("Eat")),
)  # fmt: skip
