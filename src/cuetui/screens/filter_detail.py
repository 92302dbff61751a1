"""One filter's matchers and actions (CueGUI's FilterDialog lower panes), in one table:
matchers first ("job name contains comp"), then the actions they trigger."""

from __future__ import annotations

import asyncio
from typing import Any

from cuetui.models import Show
from cuetui.models.filter import Action, Filter, Matcher
from cuetui.models.group import NestedGroup
from cuetui.navigation import ViewContext
from cuetui.screens.base.table_screen import BaseScreen, drill_binding
from cuetui.screens.base.verb import Confirm, Verb, keys
from cuetui.screens.verbs.filter_rules import KB_PER_GB, Rule, RuleVerbs, words
from cuetui.widgets.resource_table import Column


def action_value(action: Action, groups: dict[str, str]) -> str:
    """The value as a wrangler reads it: a group's name, GB, cores, on/off."""
    kind = action.value_type
    if kind == "GROUP_TYPE":
        return groups.get(action.group_value, action.group_value or "(no group)")
    if kind == "BOOLEAN_TYPE":
        return "on" if action.boolean_value else "off"
    if kind == "NONE_TYPE":
        return ""
    if action.type.endswith("_MEMORY"):
        return f"{action.integer_value / KB_PER_GB:g} GB"
    if kind == "FLOAT_TYPE":
        return f"{action.float_value:g} cores"
    return str(action.value)


def rule_columns() -> list[Column[Rule]]:
    def what(r: Rule) -> str:
        return words(r.item.subject if isinstance(r.item, Matcher) else r.item.type)

    return [
        Column("kind", "Kind", lambda r: r.kind, width=8),
        Column("what", "What", what, width=30, flex=True),
        Column("how", "Match", lambda r: words(r.item.type) if r.kind == "matcher" else "",
               width=16),
        Column("value", "Value", lambda r: r.name.split(": ", 1)[-1], width=24, flex=True),
    ]  # fmt: skip


class FilterDetailScreen(BaseScreen[Rule]):
    """A filter's matchers and actions. Verbs: m add a matcher, a add an action, E (or Enter)
    edit the highlighted one, d delete (asks first), r run the filter on jobs (asks first)."""

    KIND = "rules"
    BINDINGS, VERBS = keys(
        drill_binding("Edit"),
        Verb("m", "add_matcher", "Matcher", RuleVerbs.add_matcher, id="rules.matcher"),
        Verb("a", "add_action", "Action", RuleVerbs.add_action, id="rules.action"),
        Verb("E", "edit", "Edit", RuleVerbs.edit, id="rules.edit", show=False),  # Enter too
        Verb("d", "delete", "Delete", RuleVerbs.delete, id="rules.delete", confirm=Confirm()),
        Verb(
            "r",
            "run",
            "Run on jobs",
            RuleVerbs.run,
            id="rules.run",
            confirm=Confirm("Run", when="the jobs are picked"),
        ),
    )

    def __init__(self, show: str, flt: Filter, show_model: Show | None = None) -> None:
        super().__init__()
        self.show = show
        self.flt = flt
        self._show = show_model
        self.groups_tree: NestedGroup | None = None
        self.group_names: dict[str, str] = {}

    def columns(self) -> list[Column[Rule]]:
        return rule_columns()

    def crumb(self) -> str:
        return f"{self.flt.name} ({self.flt.type_text})"

    def empty_text(self) -> str:
        return f"{self.flt.name} has no matchers or actions (it matches nothing)"

    async def fetch(self) -> list[Rule]:
        client = self.app.client
        matchers, actions = await asyncio.gather(
            client.get_matchers(self.flt), client.get_actions(self.flt)
        )
        wanted = {a.group_value for a in actions if a.value_type == "GROUP_TYPE"}
        if self.groups_tree is None or not wanted <= set(self.group_names):
            await self._read_groups()
        rows = [Rule(m.id, f"{words(m.subject)}: {m.input}", "matcher", m) for m in matchers]
        rows += [
            Rule(a.id, f"{words(a.type)}: {action_value(a, self.group_names)}", "action", a)
            for a in actions
        ]
        return rows

    async def _read_groups(self) -> None:
        """The show's groups: a move action names its group by id."""
        client = self.app.client
        if self._show is None:
            self._show = await client.find_show(self.show)
        self.groups_tree = await client.get_job_whiteboard(self._show)
        names: dict[str, str] = {}

        def walk(group: NestedGroup) -> None:
            names[group.id] = group.name
            for child in group.children:
                walk(child)

        walk(self.groups_tree)
        self.group_names = names

    def context(self) -> ViewContext:
        return ViewContext(show=self.show)

    def verbs(self) -> RuleVerbs:
        return RuleVerbs(self, self.flt, lambda: self.groups_tree)

    def table_options(self) -> dict[str, Any]:
        return {}

    def drill(self, item: Rule) -> None:
        self.action_verb("edit")  # Enter edits the matcher or action under the cursor

    def on_mount(self) -> None:
        super().on_mount()
        if self.app.readonly:  # Enter edits, a write: it leaves the footer and `?`
            self.table._bindings.key_to_bindings.pop("enter", None)
            self.table.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "drill" and self.app.readonly:
            return False
        return super().check_action(action, parameters)
