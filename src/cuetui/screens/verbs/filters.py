"""Filter verbs (CueGUI's FilterDialog): enable/disable, order, create, rename, type, delete,
and running a filter on chosen jobs.

Cuebot renumbers the order 1, 2, 3... after each move; a deleted filter goes on its queue and
leaves on a later read. Running a filter applies its actions to the jobs its matchers match,
enabled or not: it moves work, so it asks first and names the jobs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from cuetui import navigation
from cuetui.client.filters import MAX_NAME
from cuetui.core.actions import Action
from cuetui.models.filter import Filter
from cuetui.screens.base.verb import READONLY_MESSAGE, Ask
from cuetui.screens.verbs.setters import subject

if TYPE_CHECKING:
    from cuetui.models import Job, Show
    from cuetui.screens.base.table_screen import BaseScreen

R = TypeVar("R")
TYPE_CHOICES = [("match all: every matcher must match", "MATCH_ALL"),
                ("match any: one matcher is enough", "MATCH_ANY")]  # fmt: skip
DELETE_WARNING = "Its matchers and actions go with it; new jobs are no longer routed by it."
RUN_WARNING = (
    "Each job its matchers match gets its actions now (moved, paused, re-prioritised...), "
    "even while the filter is disabled."
)


def name_error(text: str) -> str | None:
    name = text.strip()
    if not name:
        return "Give a name"
    return f"At most {MAX_NAME} characters" if len(name) > MAX_NAME else None


def choose(
    screen: BaseScreen[Any],
    title: str,
    choices: Sequence[tuple[str, R]],
    current: R | None,
    then: Callable[[R], None],
) -> None:
    """Offer `choices`; the answer acts as the verb that asked (Esc does nothing)."""
    if screen.app.readonly:
        screen.notify(READONLY_MESSAGE, severity="warning")
        return
    from cuetui.widgets.prompt import ChoiceModal

    verb = screen.acting

    def chosen(value: R | None) -> None:
        if value is None:
            return
        with screen.acting_as(verb):
            then(value)

    screen.app.push_screen(ChoiceModal(title, choices, current), chosen)


def marked_jobs(screen: BaseScreen[Any]) -> tuple[list[Job], Job | None]:
    """The marked jobs of the nearest jobs view under this screen, and its highlighted job."""
    jobs_screen = navigation.screen("jobs")
    for below in reversed(screen.app.screen_stack):
        if isinstance(below, jobs_screen):
            table = below.table
            marked = [j for j in table.items() if j.id in table.marks]
            return marked, table.cursor_item
    return [], None


def run_on_jobs(screen: BaseScreen[Any], flt: Filter | None) -> None:
    """Run `flt` on the marked jobs of the jobs view, else on a job named at the prompt."""
    if flt is None:
        return
    client = screen.app.client
    marked, cursor = marked_jobs(screen)

    def run(targets: list[Any], name: Callable[[Any], str], call: Callable[[Any], Any]) -> None:
        action = Action(
            verb=f"Run {flt.name} on",
            kind="job",
            targets=targets,
            name=name,
            call=call,
            destructive=True,
            past=f"Ran {flt.name} on",
        )
        screen.act(action, warning=RUN_WARNING)

    if marked:
        run(marked, lambda j: j.name, lambda j: client.run_filter_on_jobs(flt, [j]))
        return

    async def by_name(name: str) -> None:
        await client.run_filter_on_jobs(flt, [await client.find_job(name)])

    def typed(names: list[str]) -> None:
        run(names, str, by_name)

    ask = Ask(
        f"Run {flt.name} on jobs",
        "Job names (comma-separated):",
        cursor.name if cursor is not None else "",
        lambda t: None if _names(t) else "Give a job name",
        _names,
        hint="Or mark jobs on :jobs first",
    )
    screen.ask(ask, typed)


def _names(text: str) -> list[str]:
    return [n.strip() for n in text.split(",") if n.strip()]


@dataclass
class FilterVerbs:
    """Verbs of `:filters` over its targets (marked rows, else the highlighted filter)."""

    screen: BaseScreen[Filter]
    show: Callable[[], Show | None]
    """The show whose filters are listed (found on the first read)."""

    def toggle(self) -> None:
        """Disable the enabled targets, or enable them all when none is enabled."""
        targets = self.screen.table.targets()
        client = self.screen.app.client
        on = not any(f.enabled for f in targets)
        verb = "Enable" if on else "Disable"
        action = Action(
            verb=verb,
            kind="filter",
            targets=targets,
            name=lambda f: f.name,
            call=lambda f: client.set_filter_enabled(f, on),
            past="Enabled" if on else "Disabled",
        )
        self.screen.act(action)

    def _one(self) -> Filter | None:
        flt = self.screen.table.cursor_item
        if flt is None:
            self.screen.notify("No filter selected", severity="warning")
        return flt

    def _move(self, verb: str, call: Callable[[Filter], Any]) -> None:
        flt = self._one()
        if flt is not None:
            action = Action(
                verb=verb, kind="filter", targets=[flt], name=lambda f: f.name, call=call
            )
            self.screen.act(action)

    def raise_order(self) -> None:
        self._move("Raise", self.screen.app.client.raise_filter_order)

    def lower_order(self) -> None:
        self._move("Lower", self.screen.app.client.lower_filter_order)

    def first(self) -> None:
        self._move("Move first", self.screen.app.client.order_filter_first)

    def last(self) -> None:
        self._move("Move last", self.screen.app.client.order_filter_last)

    def create(self) -> None:
        show = self.show()
        if show is None:
            self.screen.notify("The show is not read yet: try again", severity="warning")
            return
        client = self.screen.app.client

        def named(name: str) -> None:
            action = Action(
                verb="Create filter",
                kind="filter",
                targets=[name],
                name=str,
                call=lambda n: client.create_filter(show, n),
                past="Created filter",
            )
            self.screen.act(action)

        ask = Ask(
            f"New filter of {show.name}",
            "Name:",
            "",
            name_error,
            str.strip,
            hint="New filters match all, come last and are enabled",
        )
        self.screen.ask(ask, named)

    def rename(self) -> None:
        flt = self._one()
        if flt is None:
            return
        client = self.screen.app.client

        def named(name: str) -> None:
            action = Action(
                verb=f"Rename to {name}",
                kind="filter",
                targets=[flt],
                name=lambda f: f.name,
                call=lambda f: client.rename_filter(f, name),
            )
            self.screen.act(action)

        self.screen.ask(Ask(f"Rename {flt.name}", "Name:", flt.name, name_error, str.strip), named)

    def set_type(self) -> None:
        targets = self.screen.table.targets()
        if not targets:
            return
        client = self.screen.app.client
        current = targets[0].type if len({f.type for f in targets}) == 1 else None

        def chosen(value: str) -> None:
            label = "match all" if value == "MATCH_ALL" else "match any"
            action = Action(
                verb=f"Set {label}",
                kind="filter",
                targets=targets,
                name=lambda f: f.name,
                call=lambda f: client.set_filter_type(f, value),
            )
            self.screen.act(action)

        choose(self.screen, f"Type of {subject(targets)}", TYPE_CHOICES, current, chosen)

    def delete(self) -> None:
        targets = self.screen.table.targets()
        client = self.screen.app.client
        action = Action(
            verb="Delete",
            kind="filter",
            targets=targets,
            name=lambda f: f.name,
            call=client.delete_filter,
            destructive=True,
            queued=True,
        )
        self.screen.act(action, warning=DELETE_WARNING)

    def run(self) -> None:
        run_on_jobs(self.screen, self._one())
