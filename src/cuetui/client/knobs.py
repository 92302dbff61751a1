"""Job, layer and frame knobs: retries, auto-eat, GPUs, timeouts, mark done, frame order.

Every entity goes by id, as ManageJob/ManageLayer look it up (a missing job answers 404, a
missing layer 500). "Mark done" releases what waits on the frames; it does not change their
state (CONTRACT.md section 7).
"""

from __future__ import annotations

from collections.abc import Iterable

from cuetui.client import _paths as P
from cuetui.client._core import ClientBase
from cuetui.client._targets import ref
from cuetui.client.jobs import frames_named
from cuetui.models import Frame, Job, Layer

ORDERS = ("FIRST", "LAST", "REVERSE")
"""JobInterface/ReorderFrames' `order` (job.Order)."""


def _count(value: int, what: str) -> int:
    if isinstance(value, bool) or int(value) != value or value < 0:
        raise ValueError(f"{what} must be a whole number of 0 or more, not {value!r}")
    return int(value)


def _range(frames: str) -> str:
    text = frames.strip()
    if not text:
        raise ValueError("a frame range is needed (1-100, 1-100x2, 1,5,9): nothing sent")
    return text


class KnobsMixin(ClientBase):
    """The rarer per-entity settings CueGUI offers in its job, layer and frame menus."""

    # -- job ------------------------------------------------------------------------------

    async def set_job_max_retries(self, job: Job | str, retries: int) -> None:
        """How many times a frame of the job is retried before it stays DEAD."""
        n = _count(retries, "max retries")
        await self._act(P.JOB_SET_MAX_RETRIES, {"job": ref(job, "job"), "maxRetries": n})

    async def set_job_auto_eat(self, job: Job | str, on: bool) -> None:
        """Auto-eat: Cuebot eats frames as they die (and the dead ones when switched on)."""
        await self._act(P.JOB_SET_AUTO_EAT, {"job": ref(job, "job"), "value": bool(on)})

    async def set_job_min_gpus(self, job: Job | str, gpus: int) -> None:
        n = _count(gpus, "GPUs")
        await self._act(P.JOB_SET_MIN_GPUS, {"job": ref(job, "job"), "val": n})

    async def set_job_max_gpus(self, job: Job | str, gpus: int) -> None:
        n = _count(gpus, "GPUs")
        await self._act(P.JOB_SET_MAX_GPUS, {"job": ref(job, "job"), "val": n})

    async def reorder_job_frames(self, job: Job | str, frames: str, order: str) -> None:
        """Move the frames of `frames` (a range: 1-100) FIRST, LAST or REVERSE in the queue."""
        if order not in ORDERS:
            raise ValueError(f"order must be one of {', '.join(ORDERS)}, not {order!r}")
        body = {"job": ref(job, "job"), "range": _range(frames), "order": order}
        await self._act(P.JOB_REORDER_FRAMES, body)

    async def stagger_job_frames(self, job: Job | str, frames: str, increment: int) -> None:
        """Spread the frames of `frames` over the queue, `increment` frames apart."""
        n = _count(increment, "the stagger increment")
        if n < 1:
            raise ValueError("the stagger increment must be 1 or more")
        body = {"job": ref(job, "job"), "range": _range(frames), "stagger": n}
        await self._act(P.JOB_STAGGER_FRAMES, body)

    async def mark_frames_done(self, job: Job | str, frames: Iterable[Frame | str]) -> None:
        """Release what waits on these frames of `job` (JobInterface/MarkDoneFrames)."""
        body = {"job": ref(job, "job"), "req": frames_named(frames)}
        await self._act(P.JOB_MARK_DONE_FRAMES, body)

    # -- layer ----------------------------------------------------------------------------

    async def set_layer_max_cores(self, layer: Layer | str, cores: float) -> None:
        await self._act(
            P.LAYER_SET_MAX_CORES, {"layer": ref(layer, "layer"), "cores": float(cores)}
        )

    async def set_layer_min_gpus(self, layer: Layer | str, gpus: int) -> None:
        n = _count(gpus, "GPUs")
        await self._act(P.LAYER_SET_MIN_GPUS, {"layer": ref(layer, "layer"), "minGpus": n})

    async def set_layer_max_gpus(self, layer: Layer | str, gpus: int) -> None:
        n = _count(gpus, "GPUs")
        await self._act(P.LAYER_SET_MAX_GPUS, {"layer": ref(layer, "layer"), "maxGpus": n})

    async def set_layer_min_gpu_memory(self, layer: Layer | str, kb: int) -> None:
        """A layer's minimum GPU memory, in KB."""
        n = _count(kb, "GPU memory")
        await self._act(P.LAYER_SET_MIN_GPU_MEMORY, {"layer": ref(layer, "layer"), "gpuMemory": n})

    async def set_layer_timeout(self, layer: Layer | str, minutes: int) -> None:
        """Kill a frame of the layer after this many minutes of running; 0: never."""
        n = _count(minutes, "the timeout")
        await self._act(P.LAYER_SET_TIMEOUT, {"layer": ref(layer, "layer"), "timeout": n})

    async def set_layer_timeout_llu(self, layer: Layer | str, minutes: int) -> None:
        """Kill a frame whose log has been silent this many minutes; 0: never."""
        n = _count(minutes, "the LLU timeout")
        await self._act(P.LAYER_SET_TIMEOUT_LLU, {"layer": ref(layer, "layer"), "timeoutLlu": n})

    async def set_layer_threadable(self, layer: Layer | str, on: bool) -> None:
        body = {"layer": ref(layer, "layer"), "threadable": bool(on)}
        await self._act(P.LAYER_SET_THREADABLE, body)

    async def mark_layer_done(self, layer: Layer | str) -> None:
        """Release what depends on the layer and its frames (LayerInterface/MarkdoneFrames)."""
        await self._act(P.LAYER_MARKDONE_FRAMES, {"layer": ref(layer, "layer")})

    async def eat_and_mark_layer_done(self, layer: Layer | str) -> None:
        """Eat every frame of the layer, then release what waits on it (CueGUI's pairing)."""
        await self._act(P.LAYER_EAT_FRAMES, {"layer": ref(layer, "layer")})
        await self.mark_layer_done(layer)

    async def eat_and_mark_frames_done(self, job: Job | str, frames: Iterable[Frame | str]) -> None:
        """Eat these frames of `job`, then release what waits on them (CueGUI's pairing)."""
        req = frames_named(frames)
        await self._act(P.JOB_EAT_FRAMES, {"job": ref(job, "job"), "req": req})
        await self._act(P.JOB_MARK_DONE_FRAMES, {"job": ref(job, "job"), "req": req})
