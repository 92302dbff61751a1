"""Creating depends: job on job, layer on layer, layer frame by frame, frame on frame.

Cuebot's servants (ManageJob, ManageLayer, ManageFrame) look both sides up by **id** and
create the depend at once, in the call (DependManagerService.createDepend, not queued): the
waiting frames go DEPEND before the answer, and so do SUCCEEDED, DEAD and CHECKPOINT ones (a
database trigger moves any frame with a depend count out of those states), which render again
once the depend is satisfied. A depend on a job already FINISHED is refused ("The job you are
depending on is already complete."); one on a finished layer or frame is created satisfied.
Nothing depends on itself, except a frame (FrameOnFrame then holds it in DEPEND for good). A
missing job answers 404 "Job not found"; a missing layer or frame an uncaught 500.
"""

from __future__ import annotations

from typing import Any

from cuetui.client import _paths as P
from cuetui.client._core import ClientBase
from cuetui.client._parsing import single_model
from cuetui.client._targets import ref
from cuetui.models import Depend, Frame, Job, Layer


class DependsMixin(ClientBase):
    """Make one job, layer or frame wait on another; each returns the depend Cuebot made."""

    async def _create_depend(self, path: str, body: dict[str, Any]) -> Depend:
        # An action (never resent), whose answer is the depend Cuebot made.
        content = await self._post(path, body, action=True)
        key = "depend"
        value = getattr(self._parse(single_model(key, Depend), content, path), key)
        return value if value is not None else Depend()

    async def create_job_on_job(self, job: Job | str, on_job: Job | str) -> Depend:
        """`job` waits until `on_job` finishes (JobInterface/CreateDependencyOnJob)."""
        body = {"job": ref(job, "job"), "onJob": ref(on_job, "job")}
        return await self._create_depend(P.JOB_DEPEND_ON_JOB, body)

    async def create_layer_on_layer(self, layer: Layer | str, on_layer: Layer | str) -> Depend:
        """Every frame of `layer` waits until all of `on_layer` is done."""
        body = {"layer": ref(layer, "layer"), "dependOnLayer": ref(on_layer, "layer")}
        return await self._create_depend(P.LAYER_DEPEND_ON_LAYER, body)

    async def create_frame_by_frame(self, layer: Layer | str, on_layer: Layer | str) -> Depend:
        """Each frame of `layer` waits on the same frame of `on_layer` (FRAME_BY_FRAME)."""
        body = {"layer": ref(layer, "layer"), "dependLayer": ref(on_layer, "layer")}
        return await self._create_depend(P.LAYER_FRAME_BY_FRAME, body)

    async def create_frame_on_frame(self, frame: Frame | str, on_frame: Frame | str) -> Depend:
        """`frame` waits until `on_frame` succeeds (FrameInterface/CreateDependencyOnFrame)."""
        body = {"frame": ref(frame, "frame"), "dependOnFrame": ref(on_frame, "frame")}
        return await self._create_depend(P.FRAME_DEPEND_ON_FRAME, body)
