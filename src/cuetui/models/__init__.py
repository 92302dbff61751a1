"""Pydantic models of the protojson the OpenCue REST Gateway sends, with derived values.

Attribute names are the proto field names (snake_case); the camelCase protojson names are
the aliases. int64 values arriving as strings become `int`; enum values stay `str` (unknown
names are kept as they came); `null` sub-messages become their defaults.
"""

from cuetui.models import format
from cuetui.models._base import ProtoModel, json_name
from cuetui.models.facility import Allocation, AllocationStats, Facility, Subscription
from cuetui.models.host import Deed, Host, Owner, Proc
from cuetui.models.job import (
    PROGRESS_PARTS,
    RGB,
    Frame,
    FrameStateDisplayOverride,
    Group,
    GroupStats,
    Job,
    JobStats,
    Layer,
    LayerStats,
    UpdatedFrame,
    UpdatedFrames,
)
from cuetui.models.misc import Comment, Depend, Limit, Service, ServiceOverride
from cuetui.models.show import Show, ShowStats

__all__ = [
    "PROGRESS_PARTS",
    "RGB",
    "Allocation",
    "AllocationStats",
    "Comment",
    "Deed",
    "Depend",
    "Facility",
    "Frame",
    "FrameStateDisplayOverride",
    "Group",
    "GroupStats",
    "Host",
    "Job",
    "JobStats",
    "Layer",
    "LayerStats",
    "Limit",
    "Owner",
    "Proc",
    "ProtoModel",
    "Service",
    "ServiceOverride",
    "Show",
    "ShowStats",
    "Subscription",
    "UpdatedFrame",
    "UpdatedFrames",
    "format",
    "json_name",
]
