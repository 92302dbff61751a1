"""A show's groups nested with their jobs: `NestedGroup` of ShowInterface/GetJobWhiteboard."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from cuetui.models._base import NullAsEmpty, NullAsList, ProtoModel
from cuetui.models.job import GroupStats, Job

UNSET = -1
"""Cuebot's FEATURE_DISABLED: no limit (max cores) or no default (job priority, min/max)."""


class NestedGroupSeq(ProtoModel):
    nested_groups: Annotated[list[NestedGroup], NullAsList] = Field(default_factory=list)


class NestedGroup(ProtoModel):
    """One group, its subgroups (`groups.nested_groups`) and its pending jobs (`inline_jobs`).

    Cores are floats in cores; -1 (`UNSET`) means no limit or no default. Cuebot also sends
    each child's `parent` again (without its subgroups): not read, the nesting says it.
    `stats` counts the group's own pending jobs only (NestedWhiteboardDao), not its subgroups'.
    """

    id: str = ""
    name: str = ""
    department: str = ""
    default_job_priority: int = 0
    default_job_min_cores: float = 0.0
    default_job_max_cores: float = 0.0
    min_cores: float = 0.0
    max_cores: float = 0.0
    level: int = 0
    groups: Annotated[NestedGroupSeq, NullAsEmpty] = Field(default_factory=NestedGroupSeq)
    jobs: Annotated[list[str], NullAsList] = Field(default_factory=list)
    stats: Annotated[GroupStats, NullAsEmpty] = Field(default_factory=GroupStats)
    default_job_min_gpus: float = 0.0
    default_job_max_gpus: float = 0.0
    min_gpus: float = 0.0
    max_gpus: float = 0.0
    inline_jobs: Annotated[list[Job], NullAsList] = Field(default_factory=list)

    @property
    def children(self) -> list[NestedGroup]:
        return self.groups.nested_groups

    def walk(self) -> list[NestedGroup]:
        """This group and every group under it, depth first (the tree's row order)."""
        out = [self]
        for child in self.children:
            out.extend(child.walk())
        return out


NestedGroupSeq.model_rebuild()
NestedGroup.model_rebuild()
