"""An owner with its deeds, as `:owners` lists them (Owner and Deed are in models/host.py)."""

from __future__ import annotations

from pydantic import Field

from cuetui.models.host import Deed, Owner


class OwnerDeeds(Owner):
    """An owner (OwnerInterface/GetOwner) and the deeds of its hosts (ShowInterface/GetDeeds)."""

    deeds: list[Deed] = Field(default_factory=list)

    @property
    def hosts(self) -> list[str]:
        return sorted(d.host for d in self.deeds)
