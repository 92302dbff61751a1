"""Every field of a job, layer, frame, host or proc as (label, text) lines: the detail pane.

Read from the model itself (its pydantic fields, in wire order), so a field the protos add
shows without a change here; nested stats are flattened under their own heading, times are
dates, memory is in K/M/G, core-seconds are durations. A few derived lines (a job's age, a
frame's host and log file) come first where a wrangler looks for them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields, is_dataclass
from typing import Any, NamedTuple

from pydantic import BaseModel

from cuetui.client.urls import redact_url
from cuetui.models import Frame, Host, Job, Layer, Proc
from cuetui.models.format import cores, duration, epoch, human_kb, short_duration

TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
NONE = "-"
MAX_RETRIES_ABSENT = "- (OpenCue's Job message does not carry it)"


class Detail(NamedTuple):
    """One line of the pane: its label, its text (what is copied) and the heading it is under."""

    label: str
    text: str
    section: str = ""


# Labels a plain "log_dir" -> "Log dir" would get wrong or leave vague.
_LABELS = {
    "id": "Id",
    "avg_frame_sec": "Average frame time",
    "os": "OS",
    "uid": "UID",
    "log_dir": "Log directory",
    "loki_url": "Loki URL",
    "llu_time": "Log last updated",
    "alloc_name": "Allocation",
    "nimby_enabled": "NIMBY enabled",
    "parent_id": "Job id",
    "last_resource": "Last resource",
    "booked_time": "Booked",
    "dispatch_time": "Dispatched",
    "ping_time": "Last ping",
    "boot_time": "Booted",
    "start_time": "Started",
    "stop_time": "Stopped",
    "eligible_time": "Eligible since",
    "submission_time": "Submitted",
    "timeout": "Timeout",
    "timeout_llu": "Timeout LLU",
    "high_frame_sec": "Longest frame time",
    "low_frame_sec": "Shortest frame time",
    "max_rss": "Max RSS",
    "max_pss": "Max PSS",
    "used_pss": "Used PSS",
    "total_mcp": "Total MCP",
    "free_mcp": "Free MCP",
    "load": "Load",
}
_WORDS = {"gpu": "GPU", "gpus": "GPUs", "os": "OS", "rss": "RSS", "pss": "PSS", "id": "id"}
# Epoch-second fields that are not named *_time, and *_time fields that are not epochs.
_EPOCH_NAMES = frozenset({"booked_time"})
_SECONDS_NAMES = frozenset({"total_core_time", "total_gpu_time"})
_KB_NAMES = frozenset({"max_rss", "max_pss", "used_pss", "total_swap", "free_swap"})
# A nested group's subgroups and jobs are rows of their own (the groups view), not lines.
_SKIP = frozenset(
    {"child_processes", "frame_state_display_override", "groups", "inline_jobs", "jobs"}
)


def label_of(name: str) -> str:
    """A field's label: `min_cores` -> `Min cores`, `max_gpu_memory` -> `Max GPU memory`."""
    if name in _LABELS:
        return _LABELS[name]
    words = [_WORDS.get(w, w) for w in name.removesuffix("_sec").split("_")]
    text = " ".join(words) + (" time" if name.endswith("_sec") else "")
    return text[:1].upper() + text[1:]


def text_of(name: str, value: Any, now: float | None = None) -> str:
    """A field's value as the pane shows it (and as it is copied)."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value) if value else NONE
    if value is None or value == "":
        return NONE
    if isinstance(value, int | float):
        return _number(name, value, now)
    text = str(value)
    return redact_url(text) if "://" in text else text


def _number(name: str, value: float, now: float | None) -> str:
    if name in _EPOCH_NAMES or (name.endswith("_time") and name not in _SECONDS_NAMES):
        return when(int(value), now)
    if name.endswith("_sec") or name in _SECONDS_NAMES:
        return duration(value)
    if "memory" in name or "mcp" in name or name in _KB_NAMES:
        return human_kb(value)
    if name.startswith("timeout"):
        return f"{int(value)} min" if value else "none"
    if "cores" in name or "gpus" in name:
        return cores(value)
    return str(value)


def when(ts: int, now: float | None = None) -> str:
    """An epoch as a local date and time, with how long ago when `now` is known."""
    if ts <= 0:
        return NONE
    text = epoch(ts, TIME_FORMAT)
    if now is not None and now >= ts:
        text += f" ({short_duration(now - ts)} ago)"
    return text


def model_details(model: BaseModel, now: float | None = None, section: str = "") -> list[Detail]:
    """Every field of `model`, nested models flattened after the plain fields."""
    out: list[Detail] = []
    nested: list[tuple[str, BaseModel]] = []
    for name in type(model).model_fields:
        if name in _SKIP:
            continue
        value = getattr(model, name)
        if isinstance(value, BaseModel):
            nested.append((name, value))
            continue
        out.append(Detail(label_of(name), text_of(name, value, now), section))
    for name, sub in nested:
        out.extend(model_details(sub, now, label_of(name)))
    return out


def details(item: Any, now: float | None = None, job: Job | None = None) -> list[Detail]:
    """The pane's lines for `item`: derived lines first, then every field of its model.

    `job` is the frame's job, when known: it names the frame's log file.
    """
    if is_dataclass(item) and not isinstance(item, type):
        return _wrapper_details(item, now, job)
    lines: list[Detail] = []
    for kind, derive in _DERIVED:
        if isinstance(item, kind):
            lines.extend(Detail(label, text) for label, text in derive(item, now, job))
    if isinstance(item, BaseModel):
        fields = model_details(item, now)
        # The name leads: it is what the pane is about (and what is copied most).
        fields.sort(key=lambda d: d.label != "Name")
        lines[:0] = fields[:1]
        lines.extend(fields[1:])
    return lines


def _wrapper_details(item: Any, now: float | None, job: Job | None) -> list[Detail]:
    """A screen's row that wraps models (a stuck frame: its frame and job; a depend seen from
    one side): its own plain fields, then each model under its own heading."""
    lines: list[Detail] = []
    models: list[tuple[str, BaseModel]] = []
    for field in fields(item):
        value = getattr(item, field.name)
        if isinstance(value, BaseModel):
            models.append((field.name, value))
        elif value is None or isinstance(value, str | int | float | list | tuple):
            lines.append(Detail(label_of(field.name), text_of(field.name, value, now)))
    job = job or next((m for _, m in models if isinstance(m, Job)), None)
    models.sort(key=lambda nm: isinstance(nm[1], Job))  # the row's own thing first, its job last
    for name, model in models:
        heading = label_of(name)
        for detail in details(model, now, job):
            section = f"{heading} · {detail.section}" if detail.section else heading
            lines.append(detail._replace(section=section))
    return lines


Derive = Callable[[Any, float | None, Job | None], list[tuple[str, str]]]


def _job(job: Job, now: float | None, _: Job | None) -> list[tuple[str, str]]:
    stats = job.job_stats
    state = job.display_state
    return [
        ("Status", state if state.upper() == job.state else f"{state} ({job.state})"),
        ("Age", short_duration(job.age_seconds(now)) if job.start_time > 0 else NONE),
        ("Progress", f"{stats.succeeded_frames}/{stats.total_frames} succeeded"),
        ("Max retries", MAX_RETRIES_ABSENT),
    ]


def _layer(layer: Layer, now: float | None, _: Job | None) -> list[tuple[str, str]]:
    stats = layer.layer_stats
    return [
        ("Cores", layer.cores_text),
        ("Progress", f"{stats.succeeded_frames}/{stats.total_frames} succeeded"),
    ]


def _frame(frame: Frame, now: float | None, job: Job | None) -> list[tuple[str, str]]:
    status = frame.display_state
    if frame.state == "DEPEND":
        status += " (d lists what it waits on)"
    lines = [
        ("Status", status),
        ("Host", frame.host_name or NONE),
        ("Runtime", duration(frame.runtime_seconds(now))),
        ("Last cores", cores(frame.last_cores)),
    ]
    if job is not None and job.log_dir:
        lines.append(("Log file", frame.log_path(job)))
    return lines


def _host(host: Host, now: float | None, _: Job | None) -> list[tuple[str, str]]:
    ping = short_duration(host.ping_age(now)) + " ago" if host.ping_time > 0 else NONE
    return [
        ("Used cores", f"{cores(host.used_cores)} of {cores(host.cores)}"),
        ("Load %", f"{host.load_percent:.0f}%"),
        ("Ping age", ping),
    ]


def _proc(proc: Proc, now: float | None, _: Job | None) -> list[tuple[str, str]]:
    return [
        ("Host", proc.host_name or NONE),
        ("Layer", proc.layer_name or NONE),
        ("Runtime", duration(proc.runtime_seconds(now))),
    ]


_DERIVED: tuple[tuple[type[Any], Derive], ...] = (
    (Job, _job),
    (Layer, _layer),
    (Frame, _frame),
    (Host, _host),
    (Proc, _proc),
)


def title_of(item: Any, kind: str = "") -> str:
    """`job show-seq-sh010_v012`: what the pane's border says."""
    name = str(getattr(item, "name", "") or "")
    if not name and is_dataclass(item):
        # A wrapper (a stuck frame): its own thing (not its job) names it.
        models = [getattr(item, f.name) for f in fields(item)]
        models.sort(key=lambda m: isinstance(m, Job))
        names = [str(getattr(m, "name", "") or "") for m in models if isinstance(m, BaseModel)]
        name = next((n for n in names if n), "")
    return f"{kind} {name or getattr(item, 'id', '')}".strip()
