"""Owners of desktop hosts and their deeds: ShowInterface GetDeeds/CreateOwner,
OwnerInterface and DeedInterface.

How Cuebot finds each (ManageOwner, ManageDeed, OwnerManagerService, WhiteboardDaoJdbc):
- OwnerInterface/GetOwner reads a **name** (or an id) and answers 404 on a miss; every other
  OwnerInterface call finds the owner by **id** (`getOwnerById`), a miss an uncaught 500.
- TakeOwnership takes the host's **name** (`findHost`); the host must be a NIMBY (desktop) host,
  else 500 "Cannot setup deeeds on non-NIMBY hosts." (sic). Any deed on the host goes first: a
  host has one owner.
- SetShow takes the show's **name**. CreateOwner takes the show by id; user names are unique
  (a duplicate is a 500).
- DeedInterface/Delete deletes by the deed's id; an unknown id is a silent no-op.
- OwnerInterface/Delete deletes the owner only: its deeds stay in the table without an owner,
  so no listing shows them and the hosts can be taken again.
- There is no call listing owners: `get_owners` reads every show's deeds, then each owner
  named there (plus any `extra` names) by GetOwner.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable

from cuetui.client import _paths as P
from cuetui.client._core import ClientBase
from cuetui.client._targets import ref
from cuetui.client.errors import NotFound
from cuetui.models import Deed, Host, Owner, Show
from cuetui.models.owner import OwnerDeeds

MAX_OWNER_NAME = 64  # owner.str_username VARCHAR(64)


def owner_name(name: str) -> str:
    """A user name as Cuebot stores an owner's; ValueError says what is wrong."""
    name = name.strip()
    if not name:
        raise ValueError("an owner needs a user name")
    if len(name) > MAX_OWNER_NAME or any(c.isspace() for c in name):
        raise ValueError(f"a user name has no spaces and at most {MAX_OWNER_NAME} characters")
    return name


class OwnersMixin(ClientBase):
    """Owners and deeds; the owner travels by id except in GetOwner (by name)."""

    async def get_show_deeds(self, show: Show | str) -> list[Deed]:
        """Deeds of the show's owners (host and owner names)."""
        return await self._read_list(P.SHOW_GET_DEEDS, {"show": ref(show, "show")}, "deeds", Deed)

    async def get_owner(self, name: str) -> Owner:
        """The owner called `name`; NotFound when there is none."""
        return await self._read_one(P.OWNER_GET_OWNER, {"name": owner_name(name)}, "owner", Owner)

    async def get_owners(self, shows: list[Show], extra: Iterable[str] = ()) -> list[OwnerDeeds]:
        """Every owner holding a deed in `shows`, and the `extra` names that exist, with deeds."""
        per_show = await asyncio.gather(*(self.get_show_deeds(s) for s in shows))
        deeds: dict[str, list[Deed]] = {}
        for deed in (d for seq in per_show for d in seq):
            deeds.setdefault(deed.owner, []).append(deed)
        names = sorted(set(deeds) | {n for n in extra if n and n not in deeds})

        async def one(name: str) -> OwnerDeeds | None:
            try:
                owner = await self.get_owner(name)
            except NotFound:
                return None  # deleted since its deeds were read, or an extra name gone
            return OwnerDeeds(**owner.model_dump(), deeds=deeds.get(name, []))

        found = await asyncio.gather(*(one(n) for n in names))
        return [o for o in found if o is not None]

    async def create_owner(self, show: Show | str, name: str) -> Owner:
        body = {"show": ref(show, "show"), "name": owner_name(name)}
        return await self._read_one(P.SHOW_CREATE_OWNER, body, "owner", Owner)

    async def take_ownership(self, owner: Owner | str, host: Host | str) -> None:
        """`owner` owns `host` (a NIMBY host, by name); its earlier deed goes."""
        name = host.name if isinstance(host, Host) else host.strip()
        if not name:
            raise ValueError("TakeOwnership finds the host by name, and none was given")
        body = {"owner": ref(owner, "owner"), "host": name}
        await self._act(P.OWNER_TAKE_OWNERSHIP, body)

    async def give_host(self, host: Host | str, user: str, show: Show | None) -> bool:
        """`user` owns `host`, as CueGUI's Take Ownership: the owner is created in `show` when
        Cuebot has none of that name. True when it was created."""
        try:
            owner = await self.get_owner(user)
            created = False
        except NotFound:
            if show is None:
                raise
            owner = await self.create_owner(show, user)
            created = True
        await self.take_ownership(owner, host)
        return created

    async def set_owner_show(self, owner: Owner | str, show: str) -> None:
        """Cuebot finds the show by name here."""
        if not show.strip():
            raise ValueError("SetShow finds the show by name, and none was given")
        await self._act(P.OWNER_SET_SHOW, {"owner": ref(owner, "owner"), "show": show.strip()})

    async def delete_owner(self, owner: Owner | str) -> None:
        await self._act(P.OWNER_DELETE, {"owner": ref(owner, "owner")})

    async def delete_deed(self, deed: Deed | str) -> None:
        """The deed goes (by id); an unknown id changes nothing and fails nothing."""
        await self._act(P.DEED_DELETE, {"deed": ref(deed, "deed")})
