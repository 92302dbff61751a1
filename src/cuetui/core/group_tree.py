"""A show's nested groups as table rows: each group, then its jobs, then its subgroups.

No Textual here: the groups screen shows `tree_rows(root)`; a group's row sums its whole
subtree (jobs, running frames, cores), as a wrangler reads "what runs under comp".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from cuetui.models import Job
from cuetui.models.format import cores
from cuetui.models.group import UNSET, NestedGroup


@dataclass(frozen=True, slots=True, eq=False)
class TreeRow:
    """One row of the tree: a group (`job` None) or one of its pending jobs."""

    id: str
    kind: Literal["group", "job"]
    depth: int
    order: int
    """Position in the tree: the default order, so the nesting reads top to bottom."""
    group: NestedGroup
    """The group itself, or the job's group."""
    job: Job | None = None
    jobs: int = 0
    running: int = 0
    dead: int = 0
    cores: float = 0.0
    folded: bool = False

    @property
    def name(self) -> str:
        return self.job.name if self.job is not None else self.group.name

    @property
    def is_root(self) -> bool:
        return self.job is None and self.depth == 0


def limit(value: float) -> str:
    """A group's cores or a job default: "-" when unset (-1), else whole cores."""
    return "-" if value == UNSET else cores(value)


def subtree_jobs(group: NestedGroup) -> list[Job]:
    return [job for g in group.walk() for job in g.inline_jobs]


def tree_rows(root: NestedGroup, folded: Iterable[str] = ()) -> list[TreeRow]:
    """Rows depth first; the jobs and subgroups of a group whose id is in `folded` are left out."""
    shut = set(folded)
    rows: list[TreeRow] = []

    def add(group: NestedGroup, depth: int) -> None:
        jobs = subtree_jobs(group)
        rows.append(
            TreeRow(
                id=group.id, kind="group", depth=depth, order=len(rows), group=group,
                jobs=len(jobs), running=sum(j.job_stats.running_frames for j in jobs),
                dead=sum(j.job_stats.dead_frames for j in jobs),
                cores=sum(j.job_stats.reserved_cores for j in jobs), folded=group.id in shut,
            )
        )  # fmt: skip
        if group.id in shut:
            return
        for job in group.inline_jobs:
            stats = job.job_stats
            rows.append(
                TreeRow(
                    id=job.id, kind="job", depth=depth + 1, order=len(rows), group=group,
                    job=job, jobs=1, running=stats.running_frames, dead=stats.dead_frames,
                    cores=stats.reserved_cores,
                )
            )  # fmt: skip
        for child in group.children:
            add(child, depth + 1)

    if root.id:
        add(root, 0)
    return rows


def group_choices(root: NestedGroup) -> list[tuple[str, NestedGroup]]:
    """Every group as (indented name, group), in tree order: what "move to group" offers."""
    out: list[tuple[str, NestedGroup]] = []

    def add(group: NestedGroup, depth: int) -> None:
        out.append(("  " * depth + group.name, group))
        for child in group.children:
            add(child, depth + 1)

    if root.id:
        add(root, 0)
    return out
