"""Job, layer, frame and comment calls (JobInterface, LayerInterface, FrameInterface)."""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel

from cuetui.client import _paths as P
from cuetui.client._core import ClientBase
from cuetui.client._targets import criteria, ref, str_list, target_id
from cuetui.client.errors import GatewayError, UpdatedFramesFallback
from cuetui.models import Comment, Depend, Frame, Job, Layer, UpdatedFrames
from cuetui.models.states import DEPEND_TARGETS, FRAME_STATES

# Cuebot refuses (never answers) a lastCheck more than 60 s behind its clock; stay clear.
UPDATED_FRAMES_MAX_AGE = 55
_DEAD = {"states": {"frameStates": ["DEAD"]}}


def _frame_states(states: str | Iterable[str] | None) -> list[str] | None:
    values = str_list(states)
    if values is None:
        return None
    upper = [s.upper() for s in values]
    unknown = [s for s in upper if s not in FRAME_STATES]
    if unknown:
        # An unknown enum name would be dropped by the gateway and widen the query.
        raise ValueError(f"unknown frame state(s) {unknown}; known: {', '.join(FRAME_STATES)}")
    return upper


class _JobNames(BaseModel):
    """`GetJobNames` answers a flat list of strings: `{"names": [...]}`."""

    names: list[str] | None = None


class JobsMixin(ClientBase):
    """Reads and actions on jobs, layers, frames and job comments."""

    # -- kill attribution ------------------------------------------------------------------

    def _kill_fields(self, reason: str | None, what: str) -> dict[str, str]:
        """username/pid/hostKill/reason: without a reason Cuebot silently ignores a job kill."""
        who = f"cuetui by {self.user}"
        text = (reason or "").strip()
        text = f"{text} [{who}]" if text else f"Manual {what} Kill Request in {who}"
        return {
            "username": self.user,
            "pid": str(os.getpid()),
            "hostKill": socket.gethostname(),
            "reason": text,
        }

    # -- reads -----------------------------------------------------------------------------

    async def get_jobs(
        self,
        *,
        shows: str | Iterable[str] | None = None,
        users: str | Iterable[str] | None = None,
        regex: str | Iterable[str] | None = None,
        ids: str | Iterable[str] | None = None,
        names: str | Iterable[str] | None = None,
        shots: str | Iterable[str] | None = None,
        substr: str | Iterable[str] | None = None,
        include_finished: bool = False,
    ) -> list[Job]:
        """Jobs matching every given criterion; pending only unless `include_finished`.

        With no criterion Cuebot returns every pending job on the farm. An explicitly empty
        list (e.g. `ids=[]`) matches nothing and sends no request, because Cuebot would
        read it as "no filter".
        """
        fields = {
            "ids": str_list(ids),
            "jobs": str_list(names),
            "regex": str_list(regex),
            "substr": str_list(substr),
            "users": str_list(users),
            "shots": str_list(shots),
            "shows": str_list(shows),
        }
        if any(v == [] for v in fields.values()):
            return []
        r = criteria(**fields)
        r["includeFinished"] = bool(include_finished)
        return await self._read_list(P.GET_JOBS, {"r": r}, "jobs", Job)

    async def get_job(self, job_id: str) -> Job:
        """One job by id (NotFound when it does not exist)."""
        return await self._read_one(P.GET_JOB, {"id": target_id(job_id, "job")}, "job", Job)

    async def get_job_names(
        self, *, shows: str | Iterable[str] | None = None, include_finished: bool = False
    ) -> list[str]:
        """Names of the jobs of `shows` (every show with None): names only, a cheap read for
        completing a job name. An explicitly empty list matches nothing and sends nothing."""
        names = str_list(shows)
        if names == []:
            return []
        r = criteria(shows=names)
        r["includeFinished"] = bool(include_finished)
        content = await self._post(P.GET_JOB_NAMES, {"r": r}, action=False)
        return self._parse(_JobNames, content, P.GET_JOB_NAMES).names or []

    async def find_job(self, name: str) -> Job:
        """One job by its full name (NotFound when it does not exist)."""
        if not name:
            raise ValueError("a job name is required")
        return await self._read_one(P.FIND_JOB, {"name": name}, "job", Job)

    async def get_layers(self, job: Job | str) -> list[Layer]:
        return await self._read_list(P.GET_LAYERS, {"job": ref(job, "job")}, "layers", Layer)

    async def get_layer(self, layer_id: str) -> Layer:
        body = {"id": target_id(layer_id, "layer")}
        return await self._read_one(P.GET_LAYER, body, "layer", Layer)

    async def get_frames(
        self,
        job: Job | str,
        *,
        page: int = 1,
        limit: int = 500,
        states: str | Iterable[str] | None = None,
        layers: str | Layer | Iterable[str | Layer] | None = None,
        include_finished: bool = True,
        ids: str | Iterable[str] | None = None,
        frame_range: str | None = None,
        changed_since: int | None = None,
    ) -> list[Frame]:
        """One page of a job's frames (`page` from 1; Cuebot returns nothing without a limit).

        `layers` are layer names (or Layer models); `states` are FrameState names;
        `changed_since` (server epoch seconds) keeps frames updated after it (`changeDate`).
        `include_finished` is sent as CueGUI sends it, but Cuebot's FrameSearch never reads
        it: finished frames come either way, so leave them out with `states`.
        """
        if page < 1 or limit < 1:
            raise ValueError("page and limit must be at least 1")
        layer_names = _layer_names(layers)
        state_names = _frame_states(states)
        if layer_names == [] or state_names == []:
            return []
        req: dict[str, Any] = {
            "page": int(page),
            "limit": int(limit),
            "includeFinished": bool(include_finished),
        }
        if state_names:
            req["states"] = {"frameStates": state_names}
        if layer_names:
            req["layers"] = layer_names
        if ids is not None:
            req["ids"] = str_list(ids)
        if frame_range:
            req["frameRange"] = frame_range
        if changed_since:
            req["changeDate"] = int(changed_since)
        body = {"job": ref(job, "job"), "req": req}
        return await self._read_list(P.GET_FRAMES, body, "frames", Frame)

    async def get_frame(self, frame_id: str) -> Frame:
        body = {"id": target_id(frame_id, "frame")}
        return await self._read_one(P.GET_FRAME, body, "frame", Frame)

    def estimated_server_time(self) -> int:
        """The gateway's clock now, as far as the last GetUpdatedFrames told (else ours)."""
        return int(time.time() + (self.server_clock_offset or 0.0))

    async def get_updated_frames(
        self,
        job: Job | str,
        last_check: int,
        *,
        layers: Iterable[Layer | str] | None = None,
        timeout: float | None = None,
    ) -> UpdatedFrames:
        """Frames changed since `last_check` (the `server_time` of the previous result).

        At most 100 frames come back. Raises UpdatedFramesFallback when it cannot give an
        answer: `last_check` is unset or too old (Cuebot would never answer), the short
        deadline passes, or the call fails. The caller then fetches a full page with
        `get_frames` and restarts from `estimated_server_time()`.
        `layers` filters by layer (models or layer ids).
        """
        if last_check <= 0:
            raise UpdatedFramesFallback("no previous check to compare with: fetch all frames")
        if self.server_clock_offset is not None:
            age = time.time() + self.server_clock_offset - last_check
            if age > UPDATED_FRAMES_MAX_AGE:
                raise UpdatedFramesFallback(
                    f"the last check was {age:.0f}s ago (Cuebot answers only within 60s): "
                    "fetch all frames"
                )
        body: dict[str, Any] = {"job": ref(job, "job"), "lastCheck": int(last_check)}
        if layers is not None:
            body["layerFilter"] = {"layers": [ref(layer, "layer") for layer in layers]}
        deadline = timeout if timeout is not None else self.updated_frames_timeout
        try:
            content = await self._post(
                P.GET_UPDATED_FRAMES, body, action=False, timeout=deadline, retry=False
            )
            result = self._parse(UpdatedFrames, content, P.GET_UPDATED_FRAMES)
        except GatewayError as exc:
            raise UpdatedFramesFallback(
                f"incremental frame update failed ({exc}): fetch all frames",
                path=P.GET_UPDATED_FRAMES,
                url=exc.url,
                status=exc.status,
                code=exc.code,
            ) from None
        if result.server_time > 0:
            self.server_clock_offset = result.server_time - time.time()
        return result

    async def get_comments(self, job: Job | str) -> list[Comment]:
        body = {"job": ref(job, "job")}
        return await self._read_list(P.GET_COMMENTS, body, "comments", Comment)

    async def get_depends(self, job: Job | str) -> list[Depend]:
        """What this job depends on and what depends on it (JobInterface/GetDepends)."""
        return await self._read_list(P.GET_DEPENDS, {"job": ref(job, "job")}, "depends", Depend)

    async def get_what_this_depends_on(self, job: Job | str) -> list[Depend]:
        """The active depends holding this job (or its layers/frames) back."""
        body = {"job": ref(job, "job")}
        return await self._read_list(P.GET_WHAT_THIS_DEPENDS_ON, body, "depends", Depend)

    async def get_what_depends_on_this(self, job: Job | str) -> list[Depend]:
        """The active depends of other jobs/layers/frames waiting on this job."""
        body = {"job": ref(job, "job")}
        return await self._read_list(P.GET_WHAT_DEPENDS_ON_THIS, body, "depends", Depend)

    # -- depend actions --------------------------------------------------------------------

    async def get_frame_depends(self, frame: Frame | str) -> list[Depend]:
        """What holds one frame (FrameInterface/GetWhatThisDependsOn): depends of its job,
        its layer or itself, satisfied ones too (the whiteboard does not filter them)."""
        body = {"frame": ref(frame, "frame")}
        return await self._read_list(P.FRAME_GET_WHAT_THIS_DEPENDS_ON, body, "depends", Depend)

    async def satisfy_depend(self, depend: Depend | str) -> None:
        """Satisfy one depend now (DependInterface/Satisfy): the frames it held may run."""
        await self._act(P.DEPEND_SATISFY, {"depend": ref(depend, "depend")})

    async def unsatisfy_depend(self, depend: Depend | str) -> None:
        """Make a satisfied depend hold again (DependInterface/Unsatisfy). Cuebot acts on an
        inactive FRAME_ON_FRAME or LAYER_ON_LAYER only; any other is a silent no-op."""
        await self._act(P.DEPEND_UNSATISFY, {"depend": ref(depend, "depend")})

    async def drop_depends(self, job: Job | str, target: str = "ANY_TARGET") -> None:
        """Satisfy every depend of a job; `target` INTERNAL/EXTERNAL limits it (as CueGUI's
        "Drop Internal/External Dependencies")."""
        name = target.upper()
        if name not in DEPEND_TARGETS:
            # An unknown enum name would be dropped by the gateway and become INTERNAL (0).
            raise ValueError(
                f"unknown depend target {target!r}; known: {', '.join(DEPEND_TARGETS)}"
            )
        await self._act(P.JOB_DROP_DEPENDS, {"job": ref(job, "job"), "target": name})

    # -- job actions -----------------------------------------------------------------------

    async def pause_job(self, job: Job | str) -> None:
        await self._act(P.JOB_PAUSE, {"job": ref(job, "job")})

    async def resume_job(self, job: Job | str) -> None:
        await self._act(P.JOB_RESUME, {"job": ref(job, "job")})

    async def kill_job(self, job: Job | str, *, reason: str | None = None) -> None:
        """Kill a job. Queued by Cuebot: the next refresh may still show it running."""
        body = {"job": ref(job, "job"), **self._kill_fields(reason, "Job")}
        await self._act(P.JOB_KILL, body)

    async def retry_job_dead_frames(self, job: Job | str) -> None:
        await self._act(P.JOB_RETRY_FRAMES, {"job": ref(job, "job"), "req": _DEAD})

    async def eat_job_dead_frames(self, job: Job | str) -> None:
        await self._act(P.JOB_EAT_FRAMES, {"job": ref(job, "job"), "req": _DEAD})

    async def set_job_priority(self, job: Job | str, priority: int) -> None:
        if isinstance(priority, bool) or int(priority) != priority:
            raise ValueError(f"priority must be a whole number, not {priority!r}")
        await self._act(P.JOB_SET_PRIORITY, {"job": ref(job, "job"), "val": int(priority)})

    async def set_job_min_cores(self, job: Job | str, cores: float) -> None:
        await self._act(P.JOB_SET_MIN_CORES, {"job": ref(job, "job"), "val": float(cores)})

    async def set_job_max_cores(self, job: Job | str, cores: float) -> None:
        await self._act(P.JOB_SET_MAX_CORES, {"job": ref(job, "job"), "val": float(cores)})

    async def add_comment(self, job: Job | str, subject: str, message: str) -> None:
        """Add a comment to a job, signed with the client's user."""
        comment = {"user": self.user, "subject": subject, "message": message}
        await self._act(P.ADD_COMMENT, {"job": ref(job, "job"), "newComment": comment})

    # -- layer actions ---------------------------------------------------------------------

    async def _layer_with_job(self, layer: Layer | str) -> Layer:
        if isinstance(layer, Layer) and layer.parent_id and layer.name and layer.id:
            return layer
        return await self.get_layer(target_id(layer, "layer"))

    async def kill_layer_frames(self, layer: Layer | str, *, reason: str | None = None) -> None:
        """Kill every running frame of a layer (LayerInterface/KillFrames)."""
        body = {"layer": ref(layer, "layer"), **self._kill_fields(reason, "Layer")}
        await self._act(P.LAYER_KILL_FRAMES, body)

    async def retry_layer_frames(self, layer: Layer | str, *, dead_only: bool = True) -> None:
        """Retry a layer's dead frames (as CueGUI's "Retry dead frames"); all with dead_only=False.

        Dead-only goes through JobInterface/RetryFrames with the layer's name and the DEAD
        state (LayerInterface/RetryFrames has no state filter); with an id string the layer
        is fetched first to learn its name and job.
        """
        if not dead_only:
            await self._act(P.LAYER_RETRY_FRAMES, {"layer": ref(layer, "layer")})
            return
        full = await self._layer_with_job(layer)
        req = {"layers": [full.name], **_DEAD}
        await self._act(P.JOB_RETRY_FRAMES, {"job": ref(full.parent_id, "job"), "req": req})

    async def eat_layer_frames(self, layer: Layer | str, *, dead_only: bool = True) -> None:
        """Eat a layer's dead frames; every frame of it with dead_only=False (like CueGUI "Eat")."""
        if not dead_only:
            await self._act(P.LAYER_EAT_FRAMES, {"layer": ref(layer, "layer")})
            return
        full = await self._layer_with_job(layer)
        req = {"layers": [full.name], **_DEAD}
        await self._act(P.JOB_EAT_FRAMES, {"job": ref(full.parent_id, "job"), "req": req})

    async def set_layer_tags(self, layer: Layer | str, tags: Iterable[str]) -> None:
        """Replace all of a layer's tags."""
        values = [t.strip() for t in str_list(tags) or [] if t.strip()]
        await self._act(P.LAYER_SET_TAGS, {"layer": ref(layer, "layer"), "tags": values})

    async def set_layer_min_cores(self, layer: Layer | str, cores: float) -> None:
        await self._act(
            P.LAYER_SET_MIN_CORES, {"layer": ref(layer, "layer"), "cores": float(cores)}
        )

    async def set_layer_min_memory(self, layer: Layer | str, kb: int) -> None:
        """Set a layer's minimum memory, in KB."""
        if int(kb) < 0:
            raise ValueError("memory must not be negative")
        await self._act(P.LAYER_SET_MIN_MEMORY, {"layer": ref(layer, "layer"), "memory": int(kb)})

    # -- frame actions ---------------------------------------------------------------------

    async def retry_frame(self, frame: Frame | str) -> None:
        await self._act(P.FRAME_RETRY, {"frame": ref(frame, "frame")})

    async def eat_frame(self, frame: Frame | str) -> None:
        await self._act(P.FRAME_EAT, {"frame": ref(frame, "frame")})

    async def kill_frame(self, frame: Frame | str, *, reason: str | None = None) -> None:
        body = {"frame": ref(frame, "frame"), **self._kill_fields(reason, "Frame")}
        await self._act(P.FRAME_KILL, body)

    async def mark_frame_waiting(self, frame: Frame | str) -> None:
        await self._act(P.FRAME_MARK_AS_WAITING, {"frame": ref(frame, "frame")})

    # -- several frames of one job, one request (as CueGUI's job.retryFrames(name=[...])) ---

    async def retry_frames(self, job: Job | str, frames: Iterable[Frame | str]) -> None:
        """Retry these frames of `job` in one request (JobInterface/RetryFrames naming them).

        `frames` are Frame models or frame names (`0001-layer`); they must be of `job`. An
        empty list raises ValueError and sends nothing: Cuebot reads an empty criteria as
        every frame of the job.
        """
        body = {"job": ref(job, "job"), "req": frames_named(frames)}
        await self._act(P.JOB_RETRY_FRAMES, body)

    async def eat_frames(self, job: Job | str, frames: Iterable[Frame | str]) -> None:
        """Eat these frames of `job` in one request (JobInterface/EatFrames naming them)."""
        await self._act(P.JOB_EAT_FRAMES, {"job": ref(job, "job"), "req": frames_named(frames)})

    async def kill_frames(
        self, job: Job | str, frames: Iterable[Frame | str], *, reason: str | None = None
    ) -> None:
        """Kill these frames of `job` in one request (JobInterface/KillFrames naming them).

        Cuebot kills every named frame that has a proc, whatever its state; the others are
        left alone.
        """
        body = {
            "job": ref(job, "job"),
            "req": frames_named(frames),
            **self._kill_fields(reason, "Frame"),
        }
        await self._act(P.JOB_KILL_FRAMES, body)

    async def mark_frames_waiting(self, job: Job | str, frames: Iterable[Frame | str]) -> None:
        """Mark these frames of `job` waiting in one request (JobInterface/MarkAsWaiting).

        Cuebot changes only the DEPEND frames among them (their depends are ignored once).
        """
        body = {"job": ref(job, "job"), "req": frames_named(frames)}
        await self._act(P.JOB_MARK_AS_WAITING, body)


def frames_named(frames: Iterable[Frame | str]) -> dict[str, list[str]]:
    """A FrameSearchCriteria naming exactly these frames: `{"frames": ["0001-comp", ...]}`.

    Refuses an empty list, or a frame without a name, before anything is sent: Cuebot ANDs
    the criteria's fields with the job and skips an empty one, so a criteria naming no frame
    matches every frame of the job.
    """
    if isinstance(frames, str | Frame):
        frames = [frames]
    names: dict[str, None] = {}  # ordered, each name once
    for frame in frames:
        name = frame.name if isinstance(frame, Frame) else str(frame)
        if not name.strip():
            raise ValueError("a frame came without a name from the gateway: nothing sent")
        names[name] = None
    if not names:
        raise ValueError("no frame named: nothing sent (it would match every frame of the job)")
    return {"frames": list(names)}


def _layer_names(layers: str | Layer | Iterable[str | Layer] | None) -> list[str] | None:
    if layers is None:
        return None
    if isinstance(layers, str | Layer):
        layers = [layers]
    return [item.name if isinstance(item, Layer) else str(item) for item in layers]
