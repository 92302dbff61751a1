"""Filter calls against the real protos: what ManageFilter/Matcher/Action look entities up by
(ids), the action value in the field its value type names, and the models reading every field."""

from __future__ import annotations

import pytest
from google.protobuf import json_format
from protofill import populate, proto_module

from cuetui.models import Group, Job, Show
from cuetui.models.filter import Action, Filter, Matcher

FILTER = Filter(id="filter-1", name="comp")


def _parse(body: dict, message: str):
    return json_format.ParseDict(body, getattr(proto_module("filter"), message)())


async def test_filter_calls_send_ids_and_values_as_cuebot_reads_them(client, capture) -> None:
    show_pb2 = proto_module("show")
    f = proto_module("filter")
    await client.get_filters(Show(id="show-1"))
    await client.create_filter("show-1", " comp ")
    await client.set_filter_enabled(FILTER, False)
    await client.set_filter_type(FILTER, "MATCH_ANY")
    await client.set_filter_order(FILTER, 2)
    await client.create_matcher(FILTER, "SHOT", "BEGINS_WITH", "Sh9")
    await client.commit_matcher(Matcher(id="m-1"), "USER", "IS", "bob")
    await client.create_action(FILTER, "MOVE_JOB_TO_GROUP", Group(id="group-1"))
    await client.create_action(FILTER, "SET_ALL_RENDER_LAYER_MEMORY", 4194304)
    await client.commit_action(Action(id="a-1"), "PAUSE_JOB", True)
    await client.run_filter_on_jobs(FILTER, [Job(id="job-1"), "job-2"])
    (gf, cf, en, ty, order, cm, mc, move, mem, ac, run) = capture.calls
    assert gf == ("/show.ShowInterface/GetFilters", {"show": {"id": "show-1"}})
    c = json_format.ParseDict(cf[1], show_pb2.ShowCreateFilterRequest())
    assert (c.show.id, c.name) == ("show-1", "comp")
    assert en == (
        "/filter.FilterInterface/SetEnabled",
        {"filter": {"id": "filter-1"}, "enabled": False},
    )
    assert _parse(ty[1], "FilterSetTypeRequest").type == f.MATCH_ANY
    assert _parse(order[1], "FilterSetOrderRequest").order == 2
    m = _parse(cm[1], "FilterCreateMatcherRequest")
    assert (m.filter.id, m.data.subject, m.data.type) == ("filter-1", f.SHOT, f.BEGINS_WITH)
    assert m.data.input == "Sh9"  # sent as typed: Cuebot does not lower-case it
    k = _parse(mc[1], "MatcherCommitRequest")
    assert (k.matcher.id, k.matcher.subject, k.matcher.input) == ("m-1", f.USER, "bob")
    a = _parse(move[1], "FilterCreateActionRequest")
    assert (a.data.value_type, a.data.group_value) == (f.GROUP_TYPE, "group-1")
    a = _parse(mem[1], "FilterCreateActionRequest")
    assert (a.data.value_type, a.data.integer_value) == (f.INTEGER_TYPE, 4194304)
    b = _parse(ac[1], "ActionCommitRequest")
    assert (b.action.id, b.action.type, b.action.value_type) == ("a-1", f.PAUSE_JOB, f.BOOLEAN_TYPE)
    assert b.action.boolean_value is True
    r = _parse(run[1], "FilterRunFilterOnJobsRequest")
    assert r.filter.id == "filter-1" and [j.id for j in r.jobs.jobs] == ["job-1", "job-2"]


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.create_filter("show-1", "  "),
        lambda c: c.rename_filter(FILTER, "x" * 129),
        lambda c: c.set_filter_type(FILTER, "MATCH_SOME"),
        lambda c: c.set_filter_order(Filter(name="no id"), 1),
        lambda c: c.create_matcher(FILTER, "SHOT", "IS", " "),
        lambda c: c.create_matcher(FILTER, "SHOTS", "IS", "sh01"),
        lambda c: c.create_action(FILTER, "MOVE_JOB_TO_GROUP", ""),
        lambda c: c.create_action(FILTER, "SET_JOB_PRIORITY", 1.5),
        lambda c: c.create_action(FILTER, "SET_JOB_MIN_CORES", 0),
        lambda c: c.create_action(FILTER, "SET_ALL_UTIL_LAYER_TAGS", " "),
        lambda c: c.commit_action(Action(), "PAUSE_JOB", True),
        lambda c: c.run_filter_on_jobs(FILTER, []),
    ],
)
async def test_filter_calls_refuse_before_sending(client, capture, call) -> None:
    with pytest.raises(ValueError):
        await call(client)
    assert capture.calls == []


@pytest.mark.parametrize(
    "name,model", [("Filter", Filter), ("Matcher", Matcher), ("Action", Action)]
)
def test_filter_models_read_every_field(name, model) -> None:
    msg = populate(getattr(proto_module("filter"), name)())
    parsed = model.model_validate_json(json_format.MessageToJson(msg))
    back = json_format.ParseDict(parsed.model_dump(by_alias=True), type(msg)())
    assert back == msg


def test_filter_models_are_tolerant() -> None:
    f = Filter.model_validate({"id": "x", "type": 7, "order": None or 0, "extra": 1})
    assert f.type == "7" and f.type_text == "7"
    assert (
        Action.model_validate(
            {"type": "SET_JOB_PRIORITY", "valueType": 2, "integerValue": "5"}
        ).value
        == 5
    )
