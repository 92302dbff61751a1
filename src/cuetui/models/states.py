"""The enum lists of the real protos (opencue_proto), each written once, in number order.

The models' enum types, the client's argument checks, the `key=value` parsers and the
screens' state choices all read them from here.
"""

from __future__ import annotations

JOB_STATES = ("PENDING", "FINISHED", "STARTUP", "SHUTDOWN", "POSTED")
FRAME_STATES = ("WAITING", "SETUP", "RUNNING", "SUCCEEDED", "DEPEND", "DEAD", "EATEN", "CHECKPOINT")
RUNNING_FRAME_STATES = frozenset({"RUNNING", "SETUP", "CHECKPOINT"})
"""Frame states in which a frame is on a host (its log still grows)."""
FINISHED_FRAME_STATES = frozenset({"SUCCEEDED", "DEAD"})
"""Frame states after which a frame's log no longer grows."""
LAYER_TYPES = ("PRE", "POST", "RENDER", "UTIL")
CHECKPOINT_STATES = ("DISABLED", "ENABLED", "COPYING", "COMPLETE")
HARDWARE_STATES = ("UP", "DOWN", "REBOOTING", "REBOOT_WHEN_IDLE", "REPAIR")
DOWN_HARDWARE_STATES = ("DOWN", "REPAIR", "REBOOTING")
"""The hardware states the dashboard counts as not up (read apart from allocation stats)."""
LOCK_STATES = ("OPEN", "LOCKED", "NIMBY_LOCKED")
LOCKED_STATES = ("LOCKED", "NIMBY_LOCKED")
THREAD_MODES = ("AUTO", "ALL", "VARIABLE")
DEPEND_TYPES = (
    "JOB_ON_JOB",
    "JOB_ON_LAYER",
    "JOB_ON_FRAME",
    "LAYER_ON_JOB",
    "LAYER_ON_LAYER",
    "LAYER_ON_FRAME",
    "FRAME_ON_JOB",
    "FRAME_ON_LAYER",
    "FRAME_ON_FRAME",
    "FRAME_BY_FRAME",
    "PREVIOUS_FRAME",
    "LAYER_ON_SIM_FRAME",
)
DEPEND_TARGETS = ("INTERNAL", "EXTERNAL", "ANY_TARGET")
"""Which of a job's depends DropDepends satisfies (same job / other jobs / both)."""
