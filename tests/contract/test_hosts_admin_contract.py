"""Host administration bodies as Cuebot reads them: ids where ManageHost/ManageComment look
entities up by id, the ThreadMode enum by name, the OS trimmed; bad values refused unsent."""

from __future__ import annotations

import pytest
from google.protobuf import json_format
from protofill import proto_module

from cuetui.models import Comment, Job, Proc
from cuetui.models.facility import Allocation


async def test_setters_send_what_managehost_reads(client, capture) -> None:
    host_pb2 = proto_module("host")
    await client.set_host_allocation("host-1", Allocation(id="alloc-9", name="local.gpu"))
    await client.set_host_thread_mode("host-1", "all")
    await client.set_host_os("host-1", " rocky9 ")
    await client.redirect_host_procs("host-1", [Proc(id="p1"), "p2"], Job(id="job-7", name="x"))
    (p1, a), (p2, t), (p3, o), (p4, r) = capture.calls
    assert p1 == "/host.HostInterface/SetAllocation"
    m = json_format.ParseDict(a, host_pb2.HostSetAllocationRequest())
    assert (m.host.id, m.allocation_id) == ("host-1", "alloc-9")  # by id, not name
    assert p2.endswith("/SetThreadMode")
    assert json_format.ParseDict(t, host_pb2.HostSetThreadModeRequest()).mode == host_pb2.ALL
    assert p3.endswith("/SetOs") and o == {"host": {"id": "host-1"}, "os": "rocky9"}
    assert p4 == "/host.HostInterface/RedirectToJob"
    red = json_format.ParseDict(r, host_pb2.HostRedirectToJobRequest())
    assert list(red.proc_names) == ["p1", "p2"] and red.job_id == "job-7"  # proc ids


async def test_comment_calls_send_the_comment_by_id(client, capture) -> None:
    comment_pb2 = proto_module("comment")
    await client.save_comment(Comment(id="c-1", subject="old"), "new subject", "new text")
    await client.delete_comment(Comment(id="c-2"))
    await client.add_host_comment("host-1", "disk", "sdb failing")
    (p1, save), (p2, delete), (p3, add) = capture.calls
    assert p1 == "/comment.CommentInterface/Save"
    s = json_format.ParseDict(save, comment_pb2.CommentSaveRequest())
    assert (s.comment.id, s.comment.subject, s.comment.message) == (
        "c-1",
        "new subject",
        "new text",
    )
    assert p2 == "/comment.CommentInterface/Delete" and delete == {"comment": {"id": "c-2"}}
    assert p3 == "/host.HostInterface/AddComment"
    assert add["newComment"] == {"user": "wrangler", "subject": "disk", "message": "sdb failing"}


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda c: c.set_host_thread_mode("h", "half"), "thread mode is one of AUTO, ALL"),
        (lambda c: c.set_host_os("h", "  "), "give an OS name"),
        (lambda c: c.set_host_os("h", "red hat 9"), "one word"),
        (lambda c: c.set_host_os("h", "x" * 13), "at most 12"),
        (lambda c: c.redirect_host_procs("h", [], "job-1"), "no procs"),
        (lambda c: c.set_host_allocation("h", Allocation(name="local.gpu")), "no id"),
    ],
)
async def test_bad_values_are_refused_before_sending(client, capture, call, error) -> None:
    with pytest.raises(ValueError, match=error):
        await call(client)
    assert capture.calls == []
