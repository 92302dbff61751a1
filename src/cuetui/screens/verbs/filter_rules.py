"""Verbs on a filter's matchers and actions: add, edit, delete, each asked with the proto's
enum values as a choice list, then the value (a group from the show's tree for a move).

Commit rewrites every field of the matcher or action (found by id), so an edit sends the
whole rule again. Memory is asked in GB and sent in KB (as CueGUI), cores in cores.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cuetui.core.actions import Action as FarmAction
from cuetui.core.group_tree import group_choices
from cuetui.models.filter import (
    ACTION_TYPES,
    MATCH_SUBJECTS,
    MATCH_TYPES,
    Action,
    Matcher,
    action_value_type,
)
from cuetui.screens.base.verb import Ask
from cuetui.screens.verbs.filters import choose, run_on_jobs

if TYPE_CHECKING:
    from cuetui.models.filter import Filter
    from cuetui.models.group import NestedGroup
    from cuetui.screens.base.table_screen import BaseScreen

KB_PER_GB = 1024 * 1024
DELETE_WARNING = "New jobs are no longer matched or changed by it."


def words(name: str) -> str:
    """`SET_JOB_PRIORITY` -> `set job priority`."""
    return name.lower().replace("_", " ")


def _number(kind: str) -> Callable[[str], str | None]:
    def check(text: str) -> str | None:
        try:
            value = float(text.strip())
        except ValueError:
            return "Give a number"
        if not math.isfinite(value) or value < 0 or (kind == "INTEGER" and value != int(value)):
            return "Give a whole number from 0" if kind == "INTEGER" else "Give a number above 0"
        if kind == "FLOAT" and value <= 0:
            return "Give a number above 0"
        return None

    return check


def _tags_error(text: str) -> str | None:
    return None if text.strip() else "Give at least one tag"


@dataclass
class Rule:
    """One row of the detail view: a matcher or an action of the filter."""

    id: str
    name: str
    kind: str  # "matcher" or "action"
    item: Matcher | Action


@dataclass
class RuleVerbs:
    """Verbs of a filter's detail view: m/a add a matcher/action, E edit, d delete, r run."""

    screen: BaseScreen[Rule]
    flt: Filter
    tree: Callable[[], NestedGroup | None]
    """The show's groups (read with the rules), for MOVE_JOB_TO_GROUP."""

    def _done(self, verb: str, call: Callable[[Any], Any], name: str) -> None:
        action = FarmAction(
            verb=verb, kind="filter", targets=[self.flt], name=lambda _: name, call=call
        )
        self.screen.act(action)

    # -- matchers ---------------------------------------------------------------------------

    def add_matcher(self) -> None:
        client = self.screen.app.client

        def made(subject: str, type_: str, text: str) -> None:
            self._done(
                "Add matcher",
                lambda f: client.create_matcher(f, subject, type_, text),
                f"{self.flt.name}: {words(subject)} {words(type_)} {text}",
            )

        self._ask_matcher(None, made)

    def _ask_matcher(self, current: Matcher | None, then: Callable[[str, str, str], None]) -> None:
        subjects = [(words(s), s) for s in MATCH_SUBJECTS]
        types = [(words(t), t) for t in MATCH_TYPES]

        def subject_chosen(subject: str) -> None:
            def type_chosen(type_: str) -> None:
                ask = Ask(
                    f"{words(subject)} {words(type_)}…",
                    "Value:",
                    current.input if current else "",
                    lambda t: None if t.strip() else "Give a value to match",
                    str.strip,
                    hint="Job name, show, shot and user are matched lower-cased",
                )
                self.screen.ask(ask, lambda text: then(subject, type_, text))

            choose(
                self.screen,
                f"{words(subject)}: how it matches",
                types,
                current.type if current else None,
                type_chosen,
            )

        choose(
            self.screen, "Match on", subjects, current.subject if current else None, subject_chosen
        )

    # -- actions ----------------------------------------------------------------------------

    def add_action(self) -> None:
        client = self.screen.app.client

        def made(type_: str, value: Any, text: str) -> None:
            self._done(
                "Add action",
                lambda f: client.create_action(f, type_, value),
                f"{self.flt.name}: {words(type_)} {text}".rstrip(),
            )

        self._ask_action(None, made)

    def _ask_action(self, current: Action | None, then: Callable[[str, Any, str], None]) -> None:
        types = [(words(t), t) for t in ACTION_TYPES]
        choose(
            self.screen,
            "Action",
            types,
            current.type if current else None,
            lambda type_: self._ask_value(type_, current, then),
        )

    def _ask_value(
        self, type_: str, current: Action | None, then: Callable[[str, Any, str], None]
    ) -> None:
        kind = action_value_type(type_)
        prior = current if current is not None and current.type == type_ else None
        title = words(type_)
        if kind == "NONE_TYPE":
            then(type_, None, "")
        elif kind == "BOOLEAN_TYPE":
            choices = [("on", True), ("off", False)]
            choose(
                self.screen,
                title,
                choices,
                prior.boolean_value if prior else True,
                lambda v: then(type_, v, "on" if v else "off"),
            )
        elif kind == "GROUP_TYPE":
            root = self.tree()
            if root is None:
                self.screen.notify(
                    "The show's groups are not read yet: try again", severity="warning"
                )
                return
            groups = group_choices(root)
            here = next((g for _, g in groups if prior and g.id == prior.group_value), None)
            choose(
                self.screen, "Move jobs to group", groups, here, lambda g: then(type_, g.id, g.name)
            )
        elif kind == "STRING_TYPE":
            tags = prior.string_value if prior else ""
            tags_ask = Ask(title, "Tags (separated by |):", tags, _tags_error, str.strip)
            self.screen.ask(tags_ask, lambda v: then(type_, v, v))
        elif type_.endswith("_MEMORY"):
            value = f"{prior.integer_value / KB_PER_GB:g}" if prior else ""
            kb_ask = Ask(
                title,
                "Memory (GB):",
                value,
                _number("FLOAT"),
                lambda t: round(float(t) * KB_PER_GB),
            )
            self.screen.ask(kb_ask, lambda kb: then(type_, kb, f"{kb / KB_PER_GB:g} GB"))
        elif kind == "INTEGER_TYPE":
            value = str(prior.integer_value) if prior else ""
            int_ask = Ask(title, "Value:", value, _number("INTEGER"), lambda t: int(float(t)))
            self.screen.ask(int_ask, lambda v: then(type_, v, str(v)))
        else:
            value = f"{prior.float_value:g}" if prior else ""
            cores_ask = Ask(title, "Cores:", value, _number("FLOAT"), float)
            self.screen.ask(cores_ask, lambda v: then(type_, v, f"{v:g} cores"))

    # -- both -------------------------------------------------------------------------------

    def _row(self) -> Rule | None:
        row = self.screen.table.cursor_item
        if row is None:
            self.screen.notify("No matcher or action selected", severity="warning")
        return row

    def edit(self) -> None:
        row = self._row()
        if row is None:
            return
        client = self.screen.app.client
        item = row.item
        if isinstance(item, Matcher):

            def matcher(subject: str, type_: str, text: str) -> None:
                self._done(
                    "Change matcher",
                    lambda _: client.commit_matcher(item, subject, type_, text),
                    f"{self.flt.name}: {words(subject)} {words(type_)} {text}",
                )

            self._ask_matcher(item, matcher)
            return
        assert isinstance(item, Action)

        def action(type_: str, value: Any, text: str) -> None:
            self._done(
                "Change action",
                lambda _: client.commit_action(item, type_, value),
                f"{self.flt.name}: {words(type_)} {text}".rstrip(),
            )

        self._ask_action(item, action)

    def delete(self) -> None:
        targets = self.screen.table.targets()
        client = self.screen.app.client

        def call(rule: Rule) -> Any:
            if isinstance(rule.item, Matcher):
                return client.delete_matcher(rule.item)
            return client.delete_action(rule.item)

        kinds = {r.kind for r in targets}
        action = FarmAction(
            verb="Delete",
            kind=kinds.pop() if len(kinds) == 1 else "rule",
            targets=targets,
            name=lambda r: r.name,
            call=call,
            destructive=True,
            context=self.flt.name,
        )
        self.screen.act(action, warning=DELETE_WARNING)

    def run(self) -> None:
        run_on_jobs(self.screen, self.flt)
