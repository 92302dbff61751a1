"""Show (+ShowStats) of `show.proto`."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from cuetui.models._base import NullAsEmpty, ProtoModel


class ShowStats(ProtoModel):
    running_frames: int = 0
    dead_frames: int = 0
    pending_frames: int = 0
    pending_jobs: int = 0
    created_job_count: int = 0
    created_frame_count: int = 0
    rendered_frame_count: int = 0
    failed_frame_count: int = 0
    reserved_cores: float = 0.0
    reserved_gpus: float = 0.0


class Show(ProtoModel):
    id: str = ""
    name: str = ""
    default_min_cores: float = 0.0
    default_max_cores: float = 0.0
    comment_email: str = ""
    booking_enabled: bool = False
    dispatch_enabled: bool = False
    active: bool = False
    show_stats: Annotated[ShowStats, NullAsEmpty] = Field(default_factory=ShowStats)
    default_min_gpus: float = 0.0
    default_max_gpus: float = 0.0
    scheduler_managed: bool = False
