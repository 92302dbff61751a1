"""Models that came with every field share one set of fields given per class (memory)."""

from __future__ import annotations

import json

from cuetui.client._parsing import list_model
from cuetui.models import Host, Job


def _hosts(*bodies: dict[str, object]) -> list[Host]:
    answer = json.dumps({"hosts": {"hosts": list(bodies)}})
    return list_model("hosts", "hosts", Host).model_validate_json(answer).hosts.hosts


def _full(name: str) -> dict[str, object]:
    return Host(id=f"id-{name}", name=name).model_dump(by_alias=True)


def test_full_models_share_one_set_of_every_field() -> None:
    a, b = _hosts(_full("a"), _full("b"))
    assert a.model_fields_set == set(Host.model_fields)
    assert a.__pydantic_fields_set__ is b.__pydantic_fields_set__
    assert (a.name, b.name) == ("a", "b")


def test_a_model_missing_fields_keeps_its_own_set() -> None:
    full, partial = _hosts(_full("a"), {"id": "id-b", "name": "b"})
    assert partial.model_fields_set == {"id", "name"}
    assert full.model_fields_set == set(Host.model_fields)
    assert partial.cores == 0.0  # the default, as before


def test_assigning_a_field_changes_only_that_model() -> None:
    a, b = _hosts(_full("a"), _full("b"))
    a.lock_state = "LOCKED"
    assert (a.lock_state, b.lock_state) == ("LOCKED", "OPEN")
    assert a.model_fields_set == b.model_fields_set == set(Host.model_fields)


def test_nested_stats_share_their_class_set_too() -> None:
    body = Job(id="j1", name="job1").model_dump(by_alias=True)
    answer = json.dumps({"jobs": {"jobs": [body, {**body, "id": "j2", "name": "job2"}]}})
    one, two = list_model("jobs", "jobs", Job).model_validate_json(answer).jobs.jobs
    assert one.job_stats.__pydantic_fields_set__ is two.job_stats.__pydantic_fields_set__
    assert one.__pydantic_fields_set__ is two.__pydantic_fields_set__
    assert one.__pydantic_fields_set__ is not one.job_stats.__pydantic_fields_set__
