"""Farm-wide limits (CueCommander's Limits view): LimitInterface Create, SetMaxValue, Rename
and Delete.

Cuebot's ManageLimit finds a limit by its NAME in every write (`adminManager.findLimit(name)`,
`SELECT ... WHERE str_name = ?`): a miss is an uncaught 500 ("Incorrect result size: expected 1,
actual 0"), and since names are not unique a duplicate is stored by Create and then answers every
by-name call with a 500 ("expected 1, actual 2"). The id is only read by Get.
"""

from __future__ import annotations

from cuetui.client import _paths as P
from cuetui.client._core import ClientBase
from cuetui.models import Limit

LimitRef = Limit | str
MAX_LIMIT_NAME = 128
MAX_LIMIT_VALUE = 2**31 - 1  # int_max_value is an int32 on the wire


def limit_name(name: str) -> str:
    """A limit name as Cuebot can store it; ValueError names what is wrong."""
    name = name.strip()
    if not name:
        raise ValueError("a limit needs a name")
    if len(name) > MAX_LIMIT_NAME:
        raise ValueError(f"a limit name has at most {MAX_LIMIT_NAME} characters")
    return name


def limit_value(value: float) -> int:
    """A limit's maximum: a whole number of running frames, 0 or more."""
    if value != value or value < 0 or value > MAX_LIMIT_VALUE or int(value) != value:
        raise ValueError(f"a limit's maximum is a whole number from 0 to {MAX_LIMIT_VALUE:,}")
    return int(value)


def _name(limit: LimitRef) -> str:
    """What ManageLimit looks a limit up by: its name (never its id)."""
    name = limit.name if isinstance(limit, Limit) else limit
    if not name:
        raise ValueError("a limit is found by its name, and this one has none")
    return name


class LimitsMixin(ClientBase):
    """LimitInterface writes; each limit travels by name, as ManageLimit reads it."""

    async def create_limit(self, name: str, max_value: float) -> None:
        """A new limit; Cuebot stores a duplicate name too (then by-name calls fail)."""
        body = {"name": limit_name(name), "maxValue": limit_value(max_value)}
        await self._act(P.LIMIT_CREATE, body)

    async def set_limit_max_value(self, limit: LimitRef, max_value: float) -> None:
        body = {"name": _name(limit), "maxValue": limit_value(max_value)}
        await self._act(P.LIMIT_SET_MAX_VALUE, body)

    async def rename_limit(self, limit: LimitRef, new_name: str) -> None:
        body = {"oldName": _name(limit), "newName": limit_name(new_name)}
        await self._act(P.LIMIT_RENAME, body)

    async def delete_limit(self, limit: LimitRef) -> None:
        await self._act(P.LIMIT_DELETE, {"name": _name(limit)})
