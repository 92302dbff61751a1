"""A show's groups (CueCommander's Monitor Cue): the nested whiteboard and GroupInterface calls.

Cuebot's ManageGroup finds a group by id (`groupDao.getGroup`; a miss is an uncaught 500) and
ReparentJobs each job by id (a miss: 500 too, after the jobs before it moved). Cores go as
floats in cores and Cuebot keeps whole cores (`Convert.coresToWholeCoreUnits`, truncating);
-1 is "no limit" / "no default". What each setter refuses and changes is in
docs/wire-contract.md ("Groups"); the checks here refuse before sending what Cuebot would
refuse with a 500 or store as something else.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from cuetui.client import _paths as P
from cuetui.client._core import ClientBase
from cuetui.client._targets import ref
from cuetui.models import Group, Job, Show
from cuetui.models.group import UNSET, NestedGroup

MAX_GROUP_NAME = 36  # folder.str_name is VARCHAR(36)
MAX_PRIORITY = 1_000_000
MAX_GROUP_CORES = 1_000_000

GroupRef = Group | NestedGroup | str


def group_name(name: str) -> str:
    """A group name as Cuebot can store it; ValueError names what is wrong."""
    name = name.strip()
    if not name:
        raise ValueError("a group needs a name")
    if len(name) > MAX_GROUP_NAME:
        raise ValueError(f"a group name has at most {MAX_GROUP_NAME} characters")
    return name


def whole_cores(value: float, what: str, *, least: int, unset: bool = True) -> float:
    """Whole cores from `least` up, or -1 (no limit) when `unset`; ValueError otherwise.

    Cuebot truncates to whole cores, refuses a max below one core (500) and stores 0 as -1
    on a group's job defaults while giving its jobs 0: both are refused here instead.
    """
    value = float(value)
    if unset and value == UNSET:
        return float(UNSET)
    if not math.isfinite(value) or value != int(value):
        raise ValueError(f"{what} must be whole cores, not {value:g}")
    if value < least or value > MAX_GROUP_CORES:
        none = " (or -1 for none)" if unset else ""
        raise ValueError(f"{what} must be from {least} to {MAX_GROUP_CORES:,} cores{none}")
    return value


def job_priority(value: float) -> int:
    """0..1,000,000, or -1 for no default (Cuebot would store -1 but give its jobs the value)."""
    if value != int(value) or not (value == UNSET or 0 <= value <= MAX_PRIORITY):
        raise ValueError(
            f"a priority is a whole number from 0 to {MAX_PRIORITY:,} (or -1 for none)"
        )
    return int(value)


class GroupsMixin(ClientBase):
    """GetJobWhiteboard and GroupInterface: move jobs, create, rename, delete, cores, defaults."""

    async def get_job_whiteboard(self, show: Show | str) -> NestedGroup:
        """The show's root group with its subgroups and their pending jobs, nested.

        Cuebot caches each show's whiteboard for 10 s: a change shows up to 10 s later.
        """
        body = {"show": ref(show, "show")}
        return await self._read_one(P.SHOW_GET_JOB_WHITEBOARD, body, "whiteboard", NestedGroup)

    async def reparent_jobs(self, group: GroupRef, jobs: Iterable[Job | str]) -> None:
        """Move jobs to `group`; they take its job defaults (priority, min/max) that are set."""
        seq = [ref(j, "job") for j in jobs]
        if not seq:
            raise ValueError("no jobs to move")
        await self._act(
            P.GROUP_REPARENT_JOBS, {"group": ref(group, "group"), "jobs": {"jobs": seq}}
        )

    async def create_subgroup(self, parent: GroupRef, name: str) -> None:
        """A new group under `parent`; Cuebot refuses a name its siblings already have (500)."""
        body = {"group": ref(parent, "group"), "name": group_name(name)}
        await self._act(P.GROUP_CREATE_SUB_GROUP, body)

    async def rename_group(self, group: GroupRef, name: str) -> None:
        body = {"group": ref(group, "group"), "name": group_name(name)}
        await self._act(P.GROUP_SET_NAME, body)

    async def delete_group(self, group: GroupRef) -> None:
        """Cuebot refuses while the group has subgroups or pending jobs; finished jobs go to
        the show's root group. Deleting the root group does nothing (200)."""
        await self._act(P.GROUP_DELETE, {"group": ref(group, "group")})

    async def set_group_min_cores(self, group: GroupRef, cores: float) -> None:
        """The cores the group is guaranteed before other groups of the show (whole cores)."""
        value = whole_cores(cores, "min cores", least=0, unset=False)
        await self._act(P.GROUP_SET_MIN_CORES, {"group": ref(group, "group"), "minCores": value})

    async def set_group_max_cores(self, group: GroupRef, cores: float) -> None:
        """The most cores the group's jobs may run on together; -1 for no limit."""
        value = whole_cores(cores, "max cores", least=1)
        await self._act(P.GROUP_SET_MAX_CORES, {"group": ref(group, "group"), "maxCores": value})

    async def set_group_default_job_priority(self, group: GroupRef, priority: int) -> None:
        """New jobs' priority; Cuebot also sets it on every job in the group now."""
        body = {"group": ref(group, "group"), "priority": job_priority(priority)}
        await self._act(P.GROUP_SET_DEFAULT_JOB_PRIORITY, body)

    async def set_group_default_job_min_cores(self, group: GroupRef, cores: float) -> None:
        """New jobs' min cores; Cuebot also sets it on the group's jobs (not for -1)."""
        value = whole_cores(cores, "default job min cores", least=1)
        body = {"group": ref(group, "group"), "minCores": value}
        await self._act(P.GROUP_SET_DEFAULT_JOB_MIN_CORES, body)

    async def set_group_default_job_max_cores(self, group: GroupRef, cores: float) -> None:
        """New jobs' max cores; Cuebot also sets it on the group's jobs (not for -1)."""
        value = whole_cores(cores, "default job max cores", least=1)
        body = {"group": ref(group, "group"), "maxCores": value}
        await self._act(P.GROUP_SET_DEFAULT_JOB_MAX_CORES, body)
