"""Limit calls against the real protos: ManageLimit finds every limit by NAME, so the client
sends the name (never the id), and refuses unsent what Cuebot would store wrong."""

from __future__ import annotations

import pytest
from google.protobuf import json_format
from protofill import proto_module

from cuetui.models import Limit

NUKE = Limit(id="limit-9", name="nuke", max_value=60)


def _parse(body: dict, message: str):
    return json_format.ParseDict(body, getattr(proto_module("limit"), message)())


async def test_limit_calls_send_the_name_cuebot_finds_them_by(client, capture) -> None:
    await client.create_limit(" arnold ", 400)
    await client.set_limit_max_value(NUKE, 80)
    await client.rename_limit(NUKE, " nuke-render ")
    await client.delete_limit(NUKE)
    (p1, create), (p2, setmax), (p3, rename), (p4, delete) = capture.calls
    assert p1 == "/limit.LimitInterface/Create"
    c = _parse(create, "LimitCreateRequest")
    assert (c.name, c.max_value) == ("arnold", 400)
    assert p2 == "/limit.LimitInterface/SetMaxValue"
    assert setmax == {"name": "nuke", "maxValue": 80}
    m = _parse(setmax, "LimitSetMaxValueRequest")
    assert (m.name, m.max_value) == ("nuke", 80)
    assert p3 == "/limit.LimitInterface/Rename"
    r = _parse(rename, "LimitRenameRequest")
    assert (r.old_name, r.new_name) == ("nuke", "nuke-render")
    assert (p4, delete) == ("/limit.LimitInterface/Delete", {"name": "nuke"})
    assert _parse(delete, "LimitDeleteRequest").name == "nuke"
    assert "limit-9" not in str(capture.calls)  # the id is never what Cuebot reads


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda c: c.create_limit("  ", 1), "needs a name"),
        (lambda c: c.create_limit("x" * 129, 1), "at most 128"),
        (lambda c: c.create_limit("a", -1), "whole number"),
        (lambda c: c.set_limit_max_value(NUKE, 2.5), "whole number"),
        (lambda c: c.set_limit_max_value(NUKE, 2**31), "whole number"),
        (lambda c: c.rename_limit(Limit(id="limit-1"), "b"), "by its name"),
        (lambda c: c.delete_limit(Limit(id="limit-1")), "by its name"),
    ],
)
async def test_limit_calls_refuse_what_cuebot_would_misread(client, capture, call, error) -> None:
    with pytest.raises(ValueError, match=error):
        await call(client)
    assert capture.calls == []
