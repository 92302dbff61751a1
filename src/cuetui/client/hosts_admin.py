"""Host administration (CueCommander's host menu): reboot, allocation, thread mode, OS, delete,
redirect, host comments, and editing/deleting any comment (CommentInterface).

Cuebot's ManageHost finds the host by id (a miss is an uncaught 500). SetAllocation takes the
allocation's **id** (`adminManager.getAllocationDetail(id)`), RedirectToJob proc **ids** in
`procNames` and the job's id. Reboot sets REBOOTING and RebootWhenIdle REBOOT_WHEN_IDLE, then
asks rqd (an unreachable rqd is only logged). Delete removes the host and its comments whatever
its state: refusing a host that is not DOWN is CueGUI's rule, kept in the screen.
ManageComment finds a comment by id; Save writes subject and message only.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from cuetui.client import _paths as P
from cuetui.client._core import ClientBase
from cuetui.client._targets import ref, target_id
from cuetui.models import Comment, Host, Job, Proc
from cuetui.models.facility import Allocation

THREAD_MODES = ("AUTO", "ALL", "VARIABLE")
MAX_OS = 12  # host_stat.str_os is VARCHAR(12)


def thread_mode(mode: str) -> str:
    """One of ThreadMode's names; ValueError names them otherwise."""
    value = mode.strip().upper()
    if value not in THREAD_MODES:
        raise ValueError(f"thread mode is one of {', '.join(THREAD_MODES)}")
    return value


def os_name(value: str) -> str:
    """An OS name Cuebot can store (host_stat.str_os, 12 characters)."""
    value = value.strip()
    if not value:
        raise ValueError("give an OS name")
    if len(value) > MAX_OS or any(c.isspace() for c in value):
        raise ValueError(f"an OS name is one word of at most {MAX_OS} characters")
    return value


class HostsAdminMixin(ClientBase):
    """HostInterface administration calls and CommentInterface Save/Delete."""

    async def reboot_host(self, host: Host | str) -> None:
        await self._act(P.HOST_REBOOT, {"host": ref(host, "host")})

    async def reboot_host_when_idle(self, host: Host | str) -> None:
        await self._act(P.HOST_REBOOT_WHEN_IDLE, {"host": ref(host, "host")})

    async def set_host_allocation(self, host: Host | str, alloc: Allocation | str) -> None:
        """Move the host to `alloc`, sent by id as ManageHost looks it up."""
        body = {"host": ref(host, "host"), "allocationId": target_id(alloc, "allocation")}
        await self._act(P.HOST_SET_ALLOCATION, body)

    async def set_host_thread_mode(self, host: Host | str, mode: str) -> None:
        body = {"host": ref(host, "host"), "mode": thread_mode(mode)}
        await self._act(P.HOST_SET_THREAD_MODE, body)

    async def set_host_os(self, host: Host | str, os: str) -> None:
        await self._act(P.HOST_SET_OS, {"host": ref(host, "host"), "os": os_name(os)})

    async def delete_host(self, host: Host | str) -> None:
        await self._act(P.HOST_DELETE, {"host": ref(host, "host")})

    async def redirect_host_procs(
        self, host: Host | str, procs: Iterable[Proc | str], job: Job | str
    ) -> bool:
        """Redirect `procs` of `host` to `job`; False when Cuebot took none of them."""
        ids = [target_id(p, "proc") for p in procs]
        if not ids:
            raise ValueError("the host runs no procs to redirect")
        body = {"host": ref(host, "host"), "procNames": ids, "jobId": target_id(job, "job")}
        content = await self._post(P.HOST_REDIRECT_TO_JOB, body, action=True)
        try:
            data = json.loads(content or b"{}")
        except ValueError:
            return True  # it was sent and answered 2xx; only the flag is unreadable
        return bool(data.get("value")) if isinstance(data, dict) else True

    async def get_host_comments(self, host: Host | str) -> list[Comment]:
        body = {"host": ref(host, "host")}
        return await self._read_list(P.HOST_GET_COMMENTS, body, "comments", Comment)

    async def add_host_comment(self, host: Host | str, subject: str, message: str) -> None:
        """Add a comment to a host, signed with the client's user."""
        comment = {"user": self.user, "subject": subject, "message": message}
        await self._act(P.HOST_ADD_COMMENT, {"host": ref(host, "host"), "newComment": comment})

    async def save_comment(self, comment: Comment, subject: str, message: str) -> None:
        """Rewrite a comment's subject and message (Save ignores an unknown id)."""
        body = {"comment": {"id": target_id(comment, "comment"), "subject": subject,
                            "message": message}}  # fmt: skip
        await self._act(P.COMMENT_SAVE, body)

    async def delete_comment(self, comment: Comment | str) -> None:
        await self._act(P.COMMENT_DELETE, {"comment": ref(comment, "comment")})
