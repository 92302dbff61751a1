"""A show's job filters (CueGUI's FilterDialog): ShowInterface, FilterInterface, MatcherInterface
and ActionInterface calls.

Cuebot's ManageFilter finds a filter by id (`filterManager.getFilter(id)`; a miss is an
uncaught 500), ManageMatcher and ManageAction their entity by id too; Commit writes every field
of the matcher or action sent (not a patch). Filter Delete runs on Cuebot's queue (gone on a
later read). Order is renumbered 1, 2, 3... after each change. RunFilterOnJobs applies the
filter's actions to each job (by id) its matchers match, enabled or not. Action values go in
the field their value type names (docs/wire-contract.md, "Filters").
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from cuetui.client import _paths as P
from cuetui.client._core import ClientBase
from cuetui.client._targets import ref
from cuetui.models import Job, Show
from cuetui.models.filter import (
    ACTION_TYPES,
    FILTER_TYPES,
    MATCH_SUBJECTS,
    MATCH_TYPES,
    Action,
    Filter,
    Matcher,
    action_value_type,
)

FilterRef = Filter | str
MAX_NAME = 128  # filter.str_name VARCHAR(128)


def filter_name(name: str) -> str:
    """A filter name as Cuebot stores it; ValueError names what is wrong."""
    name = name.strip()
    if not name:
        raise ValueError("a filter needs a name")
    if len(name) > MAX_NAME:
        raise ValueError(f"a filter name has at most {MAX_NAME} characters")
    return name


def _enum(value: str, names: tuple[str, ...], what: str) -> str:
    if value not in names:
        raise ValueError(f"unknown {what} {value!r}")
    return value


def matcher_body(subject: str, type_: str, input_: str, mid: str = "") -> dict[str, Any]:
    """A Matcher message; Cuebot never lower-cases the input, so it is sent as typed."""
    text = input_.strip()
    if not text:
        raise ValueError("a matcher needs a value to match")
    body: dict[str, Any] = {
        "subject": _enum(subject, MATCH_SUBJECTS, "match subject"),
        "type": _enum(type_, MATCH_TYPES, "match type"),
        "input": text,
    }
    if mid:
        body = {"id": mid, **body}
    return body


def action_body(type_: str, value: Any, aid: str = "") -> dict[str, Any]:
    """An Action message: its type, value type and the one value field that type reads.

    Memory is in KB (the wire's unit), cores in cores, priority a whole number.
    """
    kind = action_value_type(_enum(type_, ACTION_TYPES, "action type"))
    body: dict[str, Any] = {"type": type_, "valueType": kind}
    if aid:
        body = {"id": aid, **body}
    if kind == "GROUP_TYPE":
        gid = value if isinstance(value, str) else getattr(value, "id", "")
        if not gid:
            raise ValueError("moving jobs needs a group")
        body["groupValue"] = gid
    elif kind == "STRING_TYPE":
        text = str(value).strip()
        if not text:
            raise ValueError("tags cannot be empty")
        body["stringValue"] = text
    elif kind == "INTEGER_TYPE":
        number = float(value)
        if number != int(number) or number < 0 or number > 2**31 - 1:
            raise ValueError(f"{type_.lower()} takes a whole number from 0")
        body["integerValue"] = int(number)
    elif kind == "FLOAT_TYPE":
        number = float(value)
        if not math.isfinite(number) or number <= 0:
            raise ValueError(f"{type_.lower()} takes cores above 0")
        body["floatValue"] = number
    elif kind == "BOOLEAN_TYPE":
        body["booleanValue"] = bool(value)
    return body


class FiltersMixin(ClientBase):
    """A show's filters, their order, matchers and actions, and running one on jobs."""

    async def get_filters(self, show: Show | str) -> list[Filter]:
        """The show's filters in order (first runs first), disabled ones too."""
        body = {"show": ref(show, "show")}
        return await self._read_list(P.SHOW_GET_FILTERS, body, "filters", Filter)

    async def get_matchers(self, flt: FilterRef) -> list[Matcher]:
        body = {"filter": ref(flt, "filter")}
        return await self._read_list(P.FILTER_GET_MATCHERS, body, "matchers", Matcher)

    async def get_actions(self, flt: FilterRef) -> list[Action]:
        body = {"filter": ref(flt, "filter")}
        return await self._read_list(P.FILTER_GET_ACTIONS, body, "actions", Action)

    async def create_filter(self, show: Show | str, name: str) -> Filter:
        """A new filter, last in order, MATCH_ANY and enabled (duplicate names are accepted)."""
        body = {"show": ref(show, "show"), "name": filter_name(name)}
        return await self._read_one(P.SHOW_CREATE_FILTER, body, "filter", Filter)

    async def set_filter_enabled(self, flt: FilterRef, enabled: bool) -> None:
        body = {"filter": ref(flt, "filter"), "enabled": bool(enabled)}
        await self._act(P.FILTER_SET_ENABLED, body)

    async def rename_filter(self, flt: FilterRef, name: str) -> None:
        body = {"filter": ref(flt, "filter"), "name": filter_name(name)}
        await self._act(P.FILTER_SET_NAME, body)

    async def set_filter_type(self, flt: FilterRef, type_: str) -> None:
        body = {"filter": ref(flt, "filter"), "type": _enum(type_, FILTER_TYPES, "filter type")}
        await self._act(P.FILTER_SET_TYPE, body)

    async def set_filter_order(self, flt: FilterRef, order: int) -> None:
        """Put the filter at position `order` (1 is first); the others are renumbered."""
        if order != int(order) or order < 0:
            raise ValueError("an order is a whole number from 1")
        await self._act(P.FILTER_SET_ORDER, {"filter": ref(flt, "filter"), "order": int(order)})

    async def raise_filter_order(self, flt: FilterRef) -> None:
        """One place earlier (a first filter stays first)."""
        await self._act(P.FILTER_RAISE_ORDER, {"filter": ref(flt, "filter")})

    async def lower_filter_order(self, flt: FilterRef) -> None:
        """One place later (a last filter stays last)."""
        await self._act(P.FILTER_LOWER_ORDER, {"filter": ref(flt, "filter")})

    async def order_filter_first(self, flt: FilterRef) -> None:
        await self._act(P.FILTER_ORDER_FIRST, {"filter": ref(flt, "filter")})

    async def order_filter_last(self, flt: FilterRef) -> None:
        await self._act(P.FILTER_ORDER_LAST, {"filter": ref(flt, "filter")})

    async def delete_filter(self, flt: FilterRef) -> None:
        """Deletes it with its matchers and actions, on Cuebot's queue (gone on a later read)."""
        await self._act(P.FILTER_DELETE, {"filter": ref(flt, "filter")})

    async def create_matcher(
        self, flt: FilterRef, subject: str, type_: str, input_: str
    ) -> Matcher:
        body = {"filter": ref(flt, "filter"), "data": matcher_body(subject, type_, input_)}
        return await self._read_one(P.FILTER_CREATE_MATCHER, body, "matcher", Matcher)

    async def commit_matcher(self, matcher: Matcher, subject: str, type_: str, input_: str) -> None:
        """Rewrites the matcher (found by id) with every field sent."""
        body = {"matcher": matcher_body(subject, type_, input_, _id(matcher, "matcher"))}
        await self._act(P.MATCHER_COMMIT, body)

    async def delete_matcher(self, matcher: Matcher | str) -> None:
        await self._act(P.MATCHER_DELETE, {"matcher": ref(matcher, "matcher")})

    async def create_action(self, flt: FilterRef, type_: str, value: Any = None) -> Action:
        body = {"filter": ref(flt, "filter"), "data": action_body(type_, value)}
        return await self._read_one(P.FILTER_CREATE_ACTION, body, "action", Action)

    async def commit_action(self, action: Action, type_: str, value: Any = None) -> None:
        """Rewrites the action (found by id) with its type, value type and value."""
        body = {"action": action_body(type_, value, _id(action, "action"))}
        await self._act(P.ACTION_COMMIT, body)

    async def delete_action(self, action: Action | str) -> None:
        await self._act(P.ACTION_DELETE, {"action": ref(action, "action")})

    async def run_filter_on_jobs(self, flt: FilterRef, jobs: Iterable[Job | str]) -> None:
        """Apply the filter's actions to each job its matchers match (a disabled one too)."""
        seq = [ref(j, "job") for j in jobs]
        if not seq:
            raise ValueError("no jobs to run the filter on")
        body = {"filter": ref(flt, "filter"), "jobs": {"jobs": seq}}
        await self._act(P.FILTER_RUN_ON_JOBS, body)


def _id(item: Matcher | Action, what: str) -> str:
    return ref(item, what)["id"]
