"""Verbs that ask one value and set it on every target, declared as data (`Setting`).

Priority, min/max cores and min memory differ only in the prompt, the parse and the client
call; `ask_and_set` is the one flow: the targets, the prompt prefilled with the value of a lone
target, then one Action whose call sets the answer on each target.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from cuetui.core.inputs import cores_error, int_error, memory_error, parse_cores, parse_memory_kb
from cuetui.models.format import cores, human_kb
from cuetui.screens.base.verb import Ask

if TYPE_CHECKING:
    from cuetui.client import GatewayClient
    from cuetui.core.actions import Action
    from cuetui.models import Job, Layer
    from cuetui.screens.base.table_screen import BaseScreen

T = TypeVar("T")
V = TypeVar("V")


@dataclass(frozen=True)
class Setting(Generic[T, V]):
    """One value a verb asks for and sets: its prompt, its parse, and the request."""

    title: str
    """Names the value in the prompt's title: "Priority" -> "Priority of job_x"."""
    label: str
    """The text field's label, with the range: "Priority (0-1000000):"."""
    current: Callable[[T], str]
    check: Callable[[str], str | None]
    parse: Callable[[str], V]
    verb: Callable[[V], str]
    """The action's verb for the answer, as toasts say it: "Set priority 50"."""
    call: Callable[[GatewayClient, T, V], Awaitable[Any]]


def subject(targets: list[Any]) -> str:
    """The one target's name, or "3 selected"."""
    return targets[0].name if len(targets) == 1 else f"{len(targets)} selected"


def ask_and_set(
    screen: BaseScreen[T],
    setting: Setting[T, V],
    action: Callable[[str, list[T], Callable[[T], Awaitable[Any]]], Action[T]],
) -> None:
    """Ask `setting` for the screen's targets, then act with `action(verb, targets, call)`."""
    targets = screen.table.targets()
    if not targets:
        return
    client = screen.app.client

    def build(value: V) -> Action[T]:
        return action(setting.verb(value), targets, lambda t: setting.call(client, t, value))

    # The value the prompt starts from: the target's own when there is one target.
    current = setting.current(targets[0]) if len(targets) == 1 else ""
    title = f"{setting.title} of {subject(targets)}"
    ask = Ask(title, setting.label, current, setting.check, setting.parse)
    screen.ask_then_act(ask, build)


def _int(text: str) -> int:
    return int(text.strip())


JOB_PRIORITY: Setting[Job, int] = Setting(
    "Priority", "Priority (0-1000000):", lambda j: str(j.priority), int_error(0, 1_000_000),
    _int, lambda v: f"Set priority {v}", lambda c, j, v: c.set_job_priority(j, v),
)  # fmt: skip
JOB_MIN_CORES: Setting[Job, float] = Setting(
    "Min cores", "Cores (0-50000):", lambda j: cores(j.min_cores), cores_error(50000),
    parse_cores, lambda v: f"Set min cores {v:g}", lambda c, j, v: c.set_job_min_cores(j, v),
)  # fmt: skip
JOB_MAX_CORES: Setting[Job, float] = Setting(
    "Max cores", "Cores (0-50000):", lambda j: cores(j.max_cores), cores_error(50000),
    parse_cores, lambda v: f"Set max cores {v:g}", lambda c, j, v: c.set_job_max_cores(j, v),
)  # fmt: skip
LAYER_MIN_CORES: Setting[Layer, float] = Setting(
    "Min cores", "Cores (0.01-64):", lambda ly: cores(ly.min_cores), cores_error(64),
    parse_cores, lambda v: f"Set min cores {v:g}", lambda c, ly, v: c.set_layer_min_cores(ly, v),
)  # fmt: skip
LAYER_MIN_MEMORY: Setting[Layer, int] = Setting(
    "Min memory", "Memory (8 = 8G, or 512M):", lambda ly: human_kb(ly.min_memory),
    memory_error, parse_memory_kb, lambda kb: f"Set min memory {human_kb(kb)}",
    lambda c, ly, kb: c.set_layer_min_memory(ly, kb),
)  # fmt: skip


# -- the rarer knobs (screens/verbs/knobs.py) ----------------------------------------------
def _gpus(n: float) -> str:
    return str(int(n))


def _minutes(n: int) -> str:
    return f"{n} min" if n else "no limit"


JOB_MAX_RETRIES: Setting[Job, int] = Setting(
    "Max retries", "Retries per frame (0-100):", lambda j: "", int_error(0, 100),
    _int, lambda v: f"Set max retries {v}", lambda c, j, v: c.set_job_max_retries(j, v),
)  # fmt: skip
JOB_MIN_GPUS: Setting[Job, int] = Setting(
    "Min GPUs", "GPUs (0-1000):", lambda j: _gpus(j.min_gpus), int_error(0, 1000),
    _int, lambda v: f"Set min GPUs {v}", lambda c, j, v: c.set_job_min_gpus(j, v),
)  # fmt: skip
JOB_MAX_GPUS: Setting[Job, int] = Setting(
    "Max GPUs", "GPUs (0-1000):", lambda j: _gpus(j.max_gpus), int_error(0, 1000),
    _int, lambda v: f"Set max GPUs {v}", lambda c, j, v: c.set_job_max_gpus(j, v),
)  # fmt: skip
LAYER_MAX_CORES: Setting[Layer, float] = Setting(
    "Max cores", "Cores (0-64, 0 = no limit):", lambda ly: cores(ly.max_cores), cores_error(64),
    parse_cores, lambda v: f"Set max cores {v:g}", lambda c, ly, v: c.set_layer_max_cores(ly, v),
)  # fmt: skip
LAYER_MIN_GPUS: Setting[Layer, int] = Setting(
    "Min GPUs", "GPUs (0-64):", lambda ly: _gpus(ly.min_gpus), int_error(0, 64),
    _int, lambda v: f"Set min GPUs {v}", lambda c, ly, v: c.set_layer_min_gpus(ly, v),
)  # fmt: skip
LAYER_MAX_GPUS: Setting[Layer, int] = Setting(
    "Max GPUs", "GPUs (0-64):", lambda ly: _gpus(ly.max_gpus), int_error(0, 64),
    _int, lambda v: f"Set max GPUs {v}", lambda c, ly, v: c.set_layer_max_gpus(ly, v),
)  # fmt: skip
LAYER_MIN_GPU_MEMORY: Setting[Layer, int] = Setting(
    "GPU memory", "GPU memory (8 = 8G, or 512M):", lambda ly: human_kb(ly.min_gpu_memory),
    memory_error, parse_memory_kb, lambda kb: f"Set GPU memory {human_kb(kb)}",
    lambda c, ly, kb: c.set_layer_min_gpu_memory(ly, kb),
)  # fmt: skip
LAYER_TIMEOUT: Setting[Layer, int] = Setting(
    "Timeout", "Minutes a frame may run (0 = no limit):", lambda ly: str(ly.timeout),
    int_error(0, 525_600), _int, lambda v: f"Set timeout {_minutes(v)}",
    lambda c, ly, v: c.set_layer_timeout(ly, v),
)  # fmt: skip
LAYER_TIMEOUT_LLU: Setting[Layer, int] = Setting(
    "LLU timeout", "Minutes a log may stay silent (0 = no limit):",
    lambda ly: str(ly.timeout_llu), int_error(0, 525_600), _int,
    lambda v: f"Set LLU timeout {_minutes(v)}", lambda c, ly, v: c.set_layer_timeout_llu(ly, v),
)  # fmt: skip
