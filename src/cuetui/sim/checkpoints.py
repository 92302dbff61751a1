"""Checkpointing frames (mixed into SimulatedFarm), after Cuebot's FrameDao checkpoint rules.

A layer with checkpointing on saves its work as it renders. When one of its frames is
stopped mid-run (killed, or lost with its host), the frame does not start over: it goes to
CHECKPOINT with checkpointState COPYING while rqd copies the checkpoint out, then, as
`FrameDao.updateFrameCheckpointState(COMPLETE)` does, checkpointCount + 1 and the frame is
WAITING again. Its next run resumes: only the remaining render time is left.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from opencue_proto import job_pb2

from cuetui.sim import model as m
from cuetui.sim.transitions import EXIT_DOWN_HOST, Transitions

if TYPE_CHECKING:
    from cuetui.sim.scenario import Scenario

CP = job_pb2.CheckpointState
CHECKPOINT_MIN_SECONDS = 10
"""A run shorter than this has not written a checkpoint yet, so it starts over."""


class Checkpoints(Transitions):
    """CHECKPOINT frames: entered from a stopped run, left when the copy completes."""

    scenario: Scenario
    checkpointing: dict[str, m.Frame]

    def kill_running(self, frame: m.Frame, lost: bool = False) -> None:
        if frame.proc is not None and self.checkpoint_frame(frame, EXIT_DOWN_HOST if lost else 1):
            return
        super().kill_running(frame, lost)

    def start_frame(self, frame: m.Frame, host: m.Host, elapsed: int = 0) -> m.Proc:
        proc = super().start_frame(frame, host, elapsed)
        if frame.layer.checkpoint:
            frame.msg.checkpoint_state = CP.ENABLED
        if frame.resume_left:  # resumed from its checkpoint: only the rest is left to render
            frame.end_at = frame.msg.start_time + frame.resume_left
            frame.resume_left = 0
        return proc

    def checkpoint_frame(self, frame: m.Frame, exit_status: int) -> bool:
        """Stop a running checkpointed frame into CHECKPOINT; False if it starts over instead."""
        f = frame.msg
        if not frame.layer.checkpoint or frame.proc is None:
            return False
        if self.now - f.start_time < CHECKPOINT_MIN_SECONDS:
            return False
        f.exit_status = exit_status
        f.stop_time = self.now
        if self.logs is not None:
            self.logs.checkpoint(self, frame, exit_status)
        self._release(frame)
        self.enter_checkpoint(frame, left=max(frame.end_at - self.now, 1))
        return True

    def enter_checkpoint(self, frame: m.Frame, left: int, copy_seconds: int | None = None) -> None:
        """The frame holds `left` seconds of work while its checkpoint copies out."""
        copy = self.scenario.checkpoint_copy_seconds if copy_seconds is None else copy_seconds
        frame.resume_left = left
        frame.copied_at = self.now + copy
        frame.msg.checkpoint_state = CP.COPYING
        self.checkpointing[frame.msg.id] = frame
        self.set_state(frame, m.CHECKPOINT)

    def _advance_checkpoints(self) -> None:
        for frame in list(self.checkpointing.values()):
            f = frame.msg
            if f.state != m.CHECKPOINT:  # retried or eaten while copying
                del self.checkpointing[f.id]
                f.checkpoint_state = CP.ENABLED
                continue
            if self.now >= frame.copied_at:
                del self.checkpointing[f.id]
                f.checkpoint_state = CP.COMPLETE
                f.checkpoint_count += 1
                self.set_state(frame, m.WAITING)
