"""A show's departments and their tasks (department.proto, task.proto), tolerant.

A Department is one of Cuebot's "points" (a show and a department): `name` is
`<show>.<dept>`, `id` the point's id that every DepartmentInterface call reads. A Task is a
shot's minimum cores in that department; Cuebot sends it without a name.
"""

from __future__ import annotations

from cuetui.models._base import ProtoModel


class Department(ProtoModel):
    id: str = ""
    name: str = ""
    dept: str = ""
    ti_task: str = ""
    min_cores: float = 0.0
    """The managed cores (TrackIt): what SetManagedCores / EnableTiManaged stored."""
    ti_managed: bool = False


class Task(ProtoModel):
    id: str = ""
    name: str = ""
    shot: str = ""
    dept: str = ""
    point_id: str = ""
    min_cores: float = 0.0
    """The shot's minimum cores, its adjustment included (whole cores)."""
    adjust_cores: float = 0.0

    @property
    def base_cores(self) -> float:
        """The minimum before the adjustment (a managed department adjusts, not sets)."""
        return self.min_cores - self.adjust_cores
