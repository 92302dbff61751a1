"""Enum values these protos do not know display as they came, never as a guess."""

from __future__ import annotations

import pytest

from cuetui.models import Frame, Host, Job


@pytest.mark.parametrize("state", ["FROZEN", 7])
def test_unknown_job_state_shows_as_it_came(state: object) -> None:
    job = Job.model_validate({"id": "j", "state": state, "jobStats": {"deadFrames": 2}})
    assert job.display_state == str(state)  # not "Failing", not "In Progress"


@pytest.mark.parametrize(("state", "shown"), [("PENDING", "Failing"), ("FINISHED", "Finished")])
def test_known_job_states_keep_cuegui_words(state: str, shown: str) -> None:
    job = Job.model_validate({"id": "j", "state": state, "jobStats": {"deadFrames": 2}})
    assert job.display_state == shown


def test_other_unknown_enums_show_as_they_came() -> None:
    assert Frame.model_validate({"state": "THAWING"}).display_state == "THAWING"
    assert Frame.model_validate({"state": 42}).display_state == "42"
    host = Host.model_validate({"state": "MELTED", "lockState": "SEALED"})
    assert (host.state, host.lock_state) == ("MELTED", "SEALED")
