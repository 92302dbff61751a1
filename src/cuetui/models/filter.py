"""A show's job filters (filter.proto): Filter, its Matchers and its Actions, tolerant."""

from __future__ import annotations

from typing import Annotated

from cuetui.models._base import EnumName, ProtoModel

# filter.proto's enums, in number order.
FILTER_TYPES = ("MATCH_ANY", "MATCH_ALL")
MATCH_SUBJECTS = (
    "JOB_NAME", "SHOW", "SHOT", "USER", "SERVICE_NAME", "PRIORITY", "FACILITY", "LAYER_NAME",
)  # fmt: skip
MATCH_TYPES = (
    "CONTAINS", "DOES_NOT_CONTAIN", "IS", "IS_NOT", "REGEX", "BEGINS_WITH", "ENDS_WITH",
)  # fmt: skip
ACTION_TYPES = (
    "MOVE_JOB_TO_GROUP", "PAUSE_JOB", "SET_JOB_MIN_CORES", "SET_JOB_MAX_CORES",
    "STOP_PROCESSING", "SET_JOB_PRIORITY", "SET_ALL_RENDER_LAYER_TAGS",
    "SET_ALL_RENDER_LAYER_MEMORY", "SET_ALL_RENDER_LAYER_CORES", "SET_MEMORY_OPTIMIZER",
    "SET_ALL_RENDER_LAYER_MIN_CORES", "SET_ALL_RENDER_LAYER_MAX_CORES",
    "SET_ALL_UTIL_LAYER_TAGS", "SET_ALL_UTIL_LAYER_MEMORY", "SET_ALL_UTIL_LAYER_MIN_CORES",
    "SET_ALL_UTIL_LAYER_MAX_CORES", "SET_ALL_PRE_LAYER_TAGS", "SET_ALL_PRE_LAYER_MEMORY",
    "SET_ALL_PRE_LAYER_MIN_CORES", "SET_ALL_PRE_LAYER_MAX_CORES",
)  # fmt: skip
ACTION_VALUE_TYPES = (
    "GROUP_TYPE", "STRING_TYPE", "INTEGER_TYPE", "FLOAT_TYPE", "BOOLEAN_TYPE", "NONE_TYPE",
)  # fmt: skip


def action_value_type(action_type: str) -> str:
    """The value an action type carries, as CueGUI's FilterDialog pairs them."""
    if action_type == "MOVE_JOB_TO_GROUP":
        return "GROUP_TYPE"
    if action_type in ("PAUSE_JOB", "SET_MEMORY_OPTIMIZER"):
        return "BOOLEAN_TYPE"
    if action_type == "STOP_PROCESSING":
        return "NONE_TYPE"
    if action_type.endswith("_TAGS"):
        return "STRING_TYPE"
    if action_type in ("SET_JOB_PRIORITY",) or action_type.endswith("_MEMORY"):
        return "INTEGER_TYPE"
    return "FLOAT_TYPE"  # cores


FilterType = Annotated[str, EnumName(FILTER_TYPES)]
MatchSubject = Annotated[str, EnumName(MATCH_SUBJECTS)]
MatchType = Annotated[str, EnumName(MATCH_TYPES)]
ActionType = Annotated[str, EnumName(ACTION_TYPES)]
ActionValueType = Annotated[str, EnumName(ACTION_VALUE_TYPES)]


class Filter(ProtoModel):
    """`order` is a float Cuebot renumbers 1, 2, 3... after every change of order."""

    id: str = ""
    name: str = ""
    type: FilterType = "MATCH_ANY"
    order: float = 0.0
    enabled: bool = False

    @property
    def type_text(self) -> str:
        return {"MATCH_ANY": "match any", "MATCH_ALL": "match all"}.get(self.type, self.type)


class Matcher(ProtoModel):
    id: str = ""
    subject: MatchSubject = "JOB_NAME"
    type: MatchType = "CONTAINS"
    input: str = ""

    @property
    def text(self) -> str:
        return f"{self.subject.lower()} {self.type.lower().replace('_', ' ')} {self.input!r}"


class Action(ProtoModel):
    """One of the value fields holds the value, the one `value_type` names."""

    id: str = ""
    type: ActionType = "MOVE_JOB_TO_GROUP"
    value_type: ActionValueType = "GROUP_TYPE"
    group_value: str = ""
    string_value: str = ""
    integer_value: int = 0
    float_value: float = 0.0
    boolean_value: bool = False

    @property
    def value(self) -> str | int | float | bool | None:
        """The value the action sets (a group's id for MOVE_JOB_TO_GROUP)."""
        values: dict[str, str | int | float | bool] = {
            "GROUP_TYPE": self.group_value,
            "STRING_TYPE": self.string_value,
            "INTEGER_TYPE": self.integer_value,
            "FLOAT_TYPE": self.float_value,
            "BOOLEAN_TYPE": self.boolean_value,
        }
        return values.get(self.value_type)
