"""Group verbs: move jobs to a group, create a subgroup, rename, delete, cores and job defaults.

What Cuebot does with each (docs/wire-contract.md, "Groups"): moved jobs take the group's job
defaults that are set; a group's default priority / min / max cores is also set on its own
jobs at once (so those ask first when it has jobs); Delete is refused while a group has
subgroups or pending jobs, and its finished jobs go to the show's root group.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cuetui.client.errors import GatewayError
from cuetui.client.groups import group_name, job_priority, whole_cores
from cuetui.core.actions import Action, plural
from cuetui.core.group_tree import TreeRow, group_choices, limit
from cuetui.models.group import UNSET, NestedGroup
from cuetui.screens.base.verb import Ask

if TYPE_CHECKING:
    from cuetui.client import GatewayClient
    from cuetui.models import Job
    from cuetui.screens.base.table_screen import BaseScreen

NONE_WORDS = {"-", "-1", "none", "unset", "unlimited", "no limit"}


def _number(text: str) -> float:
    t = text.strip().lower()
    return float(UNSET) if t in NONE_WORDS else float(t)


def _checked(parse: Callable[[str], Any], validate: Callable[[Any], Any]) -> Any:
    """A prompt check from the client's own validation: its message, or None."""

    def check(text: str) -> str | None:
        try:
            validate(parse(text))
        except ValueError as exc:
            msg = str(exc)
            return (
                msg[:1].upper() + msg[1:]
                if msg and "could not convert" not in msg
                else ("Give a number (or -1 for none)")
            )
        return None

    return check


@dataclass(frozen=True)
class GroupSetting:
    """One value asked and set on every targeted group."""

    title: str
    label: str
    current: Callable[[NestedGroup], str]
    validate: Callable[[float], Any]
    verb: Callable[[float], str]
    call: Callable[[GatewayClient, NestedGroup, float], Awaitable[None]]
    on_jobs: bool = False
    """Cuebot also sets it on the group's own jobs now: asks first when there are some."""


def _shown(v: float) -> str:
    return "none" if v == UNSET else f"{v:g}"


MIN_CORES = GroupSetting(
    "Min cores", "Whole cores, 0 or more:", lambda g: limit(g.min_cores),
    lambda v: whole_cores(v, "min cores", least=0, unset=False),
    lambda v: f"Set min cores {v:g}", lambda c, g, v: c.set_group_min_cores(g, v),
)  # fmt: skip
MAX_CORES = GroupSetting(
    "Max cores", "Whole cores (-1: no limit):", lambda g: str(int(g.max_cores)),
    lambda v: whole_cores(v, "max cores", least=1),
    lambda v: f"Set max cores {_shown(v)}", lambda c, g, v: c.set_group_max_cores(g, v),
)  # fmt: skip
JOB_PRIORITY = GroupSetting(
    "Default job priority", "Priority 0-1000000 (-1: none):",
    lambda g: str(g.default_job_priority), job_priority,
    lambda v: f"Set default priority {_shown(v)}",
    lambda c, g, v: c.set_group_default_job_priority(g, int(v)), on_jobs=True,
)  # fmt: skip
JOB_MIN_CORES = GroupSetting(
    "Default job min cores", "Whole cores (-1: none):", lambda g: str(int(g.default_job_min_cores)),
    lambda v: whole_cores(v, "default job min cores", least=1),
    lambda v: f"Set default min cores {_shown(v)}",
    lambda c, g, v: c.set_group_default_job_min_cores(g, v), on_jobs=True,
)  # fmt: skip
JOB_MAX_CORES = GroupSetting(
    "Default job max cores", "Whole cores (-1: none):", lambda g: str(int(g.default_job_max_cores)),
    lambda v: whole_cores(v, "default job max cores", least=1),
    lambda v: f"Set default max cores {_shown(v)}",
    lambda c, g, v: c.set_group_default_job_max_cores(g, v), on_jobs=True,
)  # fmt: skip


def defaults_text(group: NestedGroup) -> str:
    """What a job moved there takes: "priority 100, min cores 1" (or that it keeps its own)."""
    parts = [
        f"{label} {value}"
        for label, value, unset in (
            ("priority", str(group.default_job_priority), group.default_job_priority == UNSET),
            ("min cores", limit(group.default_job_min_cores), group.default_job_min_cores == UNSET),
            ("max cores", limit(group.default_job_max_cores), group.default_job_max_cores == UNSET),
        )
        if not unset
    ]
    return (
        f"They take its job defaults: {', '.join(parts)}."
        if parts
        else ("It sets no job defaults: they keep their priority and cores.")
    )


def pick_group_and_move(screen: BaseScreen[Any], jobs: list[Job], root: NestedGroup) -> None:
    """Offer every group of the jobs' show, then move the jobs there (asks first)."""
    from cuetui.widgets.prompt import ChoiceModal

    verb = screen.acting  # the choice comes later: it acts as the verb that asked
    choices = group_choices(root)
    current = jobs[0].group if len({j.group for j in jobs}) == 1 else None
    here = next((g for _, g in choices if g.name == current), None)

    def chosen(group: NestedGroup | None) -> None:
        if group is None:
            return
        client = screen.app.client
        action = Action(
            verb=f"Move to {group.name}",
            kind="job",
            targets=jobs,
            name=lambda j: j.name,
            call=lambda j: client.reparent_jobs(group, [j]),
            destructive=True,
            past=f"Moved to {group.name}:",
        )
        with screen.acting_as(verb):
            screen.act(action, warning=defaults_text(group))

    title = f"Move {plural('job', len(jobs)) if len(jobs) > 1 else jobs[0].name} to group"
    screen.app.push_screen(ChoiceModal(title, choices, here), chosen)


def move_from_jobs_view(screen: BaseScreen[Job]) -> None:
    """`t` on the jobs view: read the jobs' show's groups, then pick one and move them."""
    jobs = screen.table.targets()
    if not jobs:
        return
    shows = sorted({j.show for j in jobs})
    if len(shows) != 1:
        screen.notify(
            f"Jobs of one show at a time (marked: {', '.join(shows)})", severity="warning"
        )
        return
    verb = screen.acting
    client = screen.app.client

    async def load() -> None:
        try:
            root = await client.get_job_whiteboard(await client.find_show(shows[0]))
        except GatewayError as exc:
            screen.notify(f"Groups of {shows[0]}: {exc}", severity="error", markup=False)
            return
        with screen.acting_as(verb):
            pick_group_and_move(screen, jobs, root)

    screen.run_worker(load(), group="groups", exclusive=True, exit_on_error=False)


@dataclass
class GroupVerbs:
    """The groups view's verbs over its targets (marked rows, else the highlighted one)."""

    screen: BaseScreen[TreeRow]
    root: Callable[[], NestedGroup | None]
    """The tree last read (the groups a move offers)."""

    def _rows(self, kind: str) -> list[TreeRow]:
        rows = [r for r in self.screen.table.targets() if r.kind == kind]
        if not rows:
            where = (
                "Mark jobs (space) or put the cursor on one"
                if kind == "job"
                else ("Put the cursor on a group (or mark groups)")
            )
            self.screen.notify(f"No {kind} selected: {where}", severity="warning")
        return rows

    def _group_here(self) -> NestedGroup | None:
        row = self.screen.table.cursor_item
        return row.group if row is not None else None

    def move(self) -> None:
        jobs = [r.job for r in self._rows("job") if r.job is not None]
        root = self.root()
        if jobs and root is not None:
            pick_group_and_move(self.screen, jobs, root)

    def create(self) -> None:
        """A subgroup of the highlighted group (of a job's group on a job row)."""
        parent = self._group_here()
        if parent is None:
            return
        client = self.screen.app.client

        def build(name: str) -> Action[NestedGroup]:
            return Action(
                verb=f"Create {name} under",
                kind="group",
                targets=[parent],
                name=lambda g: g.name,
                call=lambda g: client.create_subgroup(g, name),
                past=f"Created {name} under",
            )

        check = _checked(str, group_name)
        ask = Ask(f"New group under {parent.name}", "Name:", "", check, str.strip)
        self.screen.ask_then_act(ask, build)

    def rename(self) -> None:
        rows = self._rows("group")[:1]
        if not rows:
            return
        group = rows[0].group
        client = self.screen.app.client

        def build(name: str) -> Action[NestedGroup]:
            return Action(
                verb="Rename",
                kind="group",
                targets=[group],
                name=lambda g: f"{g.name} to {name}",
                call=lambda g: client.rename_group(g, name),
                past="Renamed",
            )

        ask = Ask(f"Rename {group.name}", "Name:", group.name, _checked(str, group_name), str.strip)
        self.screen.ask_then_act(ask, build)

    def delete(self) -> None:
        rows = self._rows("group")
        if not rows:
            return
        if any(r.is_root for r in rows):
            self.screen.notify("The show's root group cannot be deleted", severity="warning")
            return
        busy = [r for r in rows if r.group.children or r.group.inline_jobs]
        if busy:
            g = busy[0].group
            what = " and ".join(
                x for x in (plural("subgroup", len(g.children)) if g.children else "",
                            plural("job", len(g.inline_jobs)) if g.inline_jobs else "") if x
            )  # fmt: skip
            self.screen.notify(
                f"{g.name} has {what}: move or delete them first (Cuebot refuses)",
                severity="warning", markup=False,
            )  # fmt: skip
            return
        root = self.root()
        client = self.screen.app.client
        action = Action(
            verb="Delete",
            kind="group",
            targets=[r.group for r in rows],
            name=lambda g: g.name,
            call=client.delete_group,
            destructive=True,
            past="Deleted group",
        )
        where = f" ({root.name})" if root is not None else ""
        warning = (
            f"Its finished jobs move to the show's root group{where}. Cuebot refuses while "
            "filter actions still send jobs to it."
        )
        self.screen.act(action, warning=warning)

    def _set(self, setting: GroupSetting) -> None:
        rows = self._rows("group")
        if not rows:
            return
        groups = [r.group for r in rows]
        client = self.screen.app.client
        jobs = sum(len(g.inline_jobs) for g in groups)

        def build(value: float) -> Action[NestedGroup]:
            return Action(
                verb=setting.verb(value),
                kind="group",
                targets=groups,
                name=lambda g: g.name,
                call=lambda g: setting.call(client, g, value),
                destructive=setting.on_jobs and jobs > 0,
            )

        def then(value: float) -> None:
            warning = f"Cuebot also sets it on their {plural('job', jobs)} now." if jobs else None
            self.screen.act(build(value), warning=warning)

        current = setting.current(groups[0]) if len(groups) == 1 else ""
        name = groups[0].name if len(groups) == 1 else plural("group", len(groups))
        check = _checked(_number, setting.validate)
        self.screen.ask(
            Ask(f"{setting.title} of {name}", setting.label, current, check, _number), then
        )

    def min_cores(self) -> None:
        self._set(MIN_CORES)

    def max_cores(self) -> None:
        self._set(MAX_CORES)

    def job_priority(self) -> None:
        self._set(JOB_PRIORITY)

    def job_min_cores(self) -> None:
        self._set(JOB_MIN_CORES)

    def job_max_cores(self) -> None:
        self._set(JOB_MAX_CORES)
