"""Service verbs (CueCommander's Services dialog): each value of a default service or of a
show's override, tags, threadable, a new one, rename, delete.

Cuebot's Update writes every field, so each edit sends the whole row with the one value
changed (the client builds it). Values are asked in cores, GB/MB and minutes and sent as
centcores, KB and minutes. What a service holds applies to layers of jobs launched after the
change: running jobs keep their values.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cuetui.client.services import MAX_CENTCORES, MAX_INT, MAX_SERVICE_NAME, service_name
from cuetui.core.actions import Action
from cuetui.core.inputs import int_error, memory_error, parse_cores, parse_memory_kb
from cuetui.models import Service
from cuetui.models.format import cores, human_kb
from cuetui.screens.base.verb import Ask
from cuetui.screens.verbs.setters import Setting, ask_and_set, subject

if TYPE_CHECKING:
    from cuetui.client import GatewayClient
    from cuetui.screens.base.table_screen import BaseScreen

GB_KB = 1024 * 1024
# CueGUI's ServiceForm.new(): what a new service starts from.
NEW_SERVICE = Service(
    threadable=False, min_cores=100, max_cores=100, min_memory=3276 * 1024, min_gpu_memory=0,
    tags=["general"], timeout=0, timeout_llu=0, min_gpus=0, max_gpus=0,
    min_memory_increase=2 * GB_KB,
)  # fmt: skip
FROM_NOW = "Applies to layers of jobs launched from now on; running jobs keep their values."
DEFAULT_DELETE = (
    "Layers of new jobs that name it get the facility's 'default' service instead (shows "
    "with an override keep theirs); running jobs keep their values."
)
OVERRIDE_DELETE = (
    "New jobs of {show} get the facility's values for it again; running jobs keep theirs."
)
KEEP_DEFAULT = (
    "The 'default' service stays: Cuebot gives it to every layer whose service it does not "
    "know, and launching such a job fails without it"
)


def centcores(text: str) -> int:
    """Cores as typed (`4`, `0.5`) -> hundredths of a core, the wire's unit."""
    return round(parse_cores(text) * 100)


def cores_check(low: float) -> Callable[[str], str | None]:
    top = MAX_CENTCORES // 100

    def check(text: str) -> str | None:
        try:
            value = parse_cores(text)
        except ValueError:
            return "Give a number of cores, e.g. 4 or 0.5"
        if value > top or round(value * 100) < low * 100:
            return f"From {low:g} to {top} cores"
        return None

    return check


def memory_check(low_kb: int) -> Callable[[str], str | None]:
    def check(text: str) -> str | None:
        problem = memory_error(text)
        if problem:
            return problem
        kb = parse_memory_kb(text)
        if kb > MAX_INT:
            return f"At most {human_kb(MAX_INT)} (Cuebot's column is 32-bit, in KB)"
        return "More than 0, e.g. 2G" if kb < low_kb else None

    return check


def _int(text: str) -> int:
    return int(text.strip())


def _minutes(n: int) -> str:
    return f"{n} min" if n else "no limit"


@dataclass(frozen=True)
class Field:
    """One value of a service: how it is asked, parsed, shown and said."""

    attr: str
    title: str
    label: str
    current: Callable[[Service], str]
    check: Callable[[str], str | None]
    parse: Callable[[str], int]
    said: Callable[[int], str]


FIELDS: dict[str, Field] = {f.attr: f for f in (
    Field("min_cores", "Min cores", "Cores (0.01-1024; 1 = one thread):",
          lambda s: cores(s.min_cores / 100), cores_check(0.01), centcores,
          lambda v: f"Set min cores {cores(v / 100)}"),
    Field("max_cores", "Max cores", "Cores (0-1024, 0 = no limit):",
          lambda s: cores(s.max_cores / 100), cores_check(0), centcores,
          lambda v: f"Set max cores {cores(v / 100)}"),
    Field("min_memory", "Min memory", "Memory (8 = 8G, or 512M):",
          lambda s: human_kb(s.min_memory), memory_check(0), parse_memory_kb,
          lambda kb: f"Set min memory {human_kb(kb)}"),
    Field("min_gpu_memory", "GPU memory", "GPU memory (8 = 8G, 0 = none):",
          lambda s: human_kb(s.min_gpu_memory), memory_check(0), parse_memory_kb,
          lambda kb: f"Set GPU memory {human_kb(kb)}"),
    Field("min_gpus", "Min GPUs", "GPUs (0-1000):", lambda s: str(s.min_gpus),
          int_error(0, 1000), _int, lambda v: f"Set min GPUs {v}"),
    Field("max_gpus", "Max GPUs", "GPUs (0-1000, 0 = no limit):", lambda s: str(s.max_gpus),
          int_error(0, 1000), _int, lambda v: f"Set max GPUs {v}"),
    Field("timeout", "Timeout", "Minutes a frame may run (0 = no limit):",
          lambda s: str(s.timeout), int_error(0, 525_600), _int,
          lambda v: f"Set timeout {_minutes(v)}"),
    Field("timeout_llu", "LLU timeout", "Minutes a log may stay silent (0 = no limit):",
          lambda s: str(s.timeout_llu), int_error(0, 525_600), _int,
          lambda v: f"Set LLU timeout {_minutes(v)}"),
    Field("min_memory_increase", "Memory increase", "Added on a retry after running out (2G):",
          lambda s: human_kb(s.min_memory_increase), memory_check(1), parse_memory_kb,
          lambda kb: f"Set memory increase {human_kb(kb)}"),
)}  # fmt: skip


def _name(svc: Service) -> str:
    return svc.name


@dataclass
class ServiceVerbs:
    """Verbs of `:services` over its targets (marked rows, else the highlighted service)."""

    screen: BaseScreen[Service]
    show: str | None
    """None: the facility's defaults; else the show whose overrides are on view."""
    show_ref: Callable[[], Awaitable[Any]]
    """The show (looked up once by the screen) for CreateServiceOverride, which takes its id."""

    @property
    def kind(self) -> str:
        return "override" if self.show else "service"

    async def _save(self, client: GatewayClient, svc: Service, **changes: Any) -> None:
        """Read the row afresh and write it whole with `changes` (Update is not a patch)."""
        if self.show:
            await client.edit_service_override(await self.show_ref(), svc, **changes)
        else:
            await client.edit_service(svc, **changes)

    def _action(
        self, verb: str, targets: list[Service], call: Callable[[Service], Awaitable[Any]]
    ) -> Action[Service]:
        return Action(
            verb=verb, kind=self.kind, targets=targets, name=_name, call=call, context=self.show
        )

    def set_field(self, attr: str) -> None:
        f = FIELDS[attr]

        def call(c: GatewayClient, svc: Service, value: int) -> Awaitable[None]:
            return self._save(c, svc, **{attr: value})

        setting: Setting[Service, int] = Setting(
            f.title, f.label, f.current, f.check, f.parse, f.said, call
        )
        ask_and_set(self.screen, setting, self._action)

    def set_tags(self) -> None:
        targets = self.screen.table.targets()
        if not targets:
            return
        client = self.screen.app.client

        def build(tags: list[str]) -> Action[Service]:
            def call(s: Service) -> Awaitable[None]:
                return self._save(client, s, tags=tags)

            return self._action(f"Set tags {' '.join(tags)}", targets, call)

        title = f"Tags of {subject(targets)} (replaces all)"
        ask: Ask[list[str]] = Ask(title, value=targets[0].tags, tags=True, hint=FROM_NOW)
        self.screen.ask_then_act(ask, build)

    def threadable(self) -> None:
        """On when any target is off, else off (as a layer's)."""
        targets = self.screen.table.targets()
        client = self.screen.app.client
        on = any(not s.threadable for s in targets)
        chosen = [s for s in targets if s.threadable != on]

        def call(s: Service) -> Awaitable[None]:
            return self._save(client, s, threadable=on)

        self.screen.act(self._action(f"Threadable {'on' if on else 'off'}", chosen, call))

    def _name_error(self, keep: str = "") -> Callable[[str], str | None]:
        taken = {s.name for s in self.screen.table.items()} - {keep}
        where = f"in {self.show}" if self.show else "on the farm"

        def check(text: str) -> str | None:
            try:
                name = service_name(text)
            except ValueError as exc:
                return str(exc).capitalize()
            return f"{name} exists {where}" if name in taken else None

        return check

    def rename(self) -> None:
        svc = self.screen.table.cursor_item
        if svc is None:
            self.screen.notify(f"No {self.kind} selected", severity="warning")
            return
        client = self.screen.app.client

        def build(name: str) -> Action[Service]:
            def call(s: Service) -> Awaitable[None]:
                return self._save(client, s, name=name)

            return self._action(f"Rename to {name}", [svc], call)

        label = f"Name (3-{MAX_SERVICE_NAME}: letters, digits, | / - _):"
        ask = Ask(f"Rename {svc.name}", label, svc.name, self._name_error(svc.name), str.strip)
        self.screen.ask_then_act(ask, build)

    def create(self) -> None:
        client = self.screen.app.client

        async def make(name: str) -> None:
            if not self.show:
                await client.create_service(NEW_SERVICE.model_copy(update={"name": name}))
                return
            # An override starts from the facility's values for that name, when it has them.
            defaults = {s.name: s for s in await client.get_default_services()}
            base = defaults.get(name, NEW_SERVICE).model_copy(update={"name": name, "id": ""})
            await client.create_service_override(await self.show_ref(), base)

        def build(name: str) -> Action[Service]:
            verb = f"Create {self.kind} {name}"
            past = f"Created override in {self.show}:" if self.show else "Created service:"
            target = Service(name=name)
            return Action(verb, self.kind, [target], _name, lambda s: make(s.name), past=past)

        if self.show:
            title = f"New override in {self.show}"
            hint = "A default service's name starts from its values; then set what differs."
        else:
            title = "New service"
            hint = "Starts as CueGUI's: 1 core, 3.2G, tag general; then set each value."
        label = f"Name (3-{MAX_SERVICE_NAME}: letters, digits, | / - _):"
        ask = Ask(title, label, "", self._name_error(), str.strip, hint=hint)
        self.screen.ask_then_act(ask, build)

    def delete(self) -> None:
        targets = self.screen.table.targets()
        if not self.show and any(s.name == "default" for s in targets):
            self.screen.notify(KEEP_DEFAULT, severity="warning")
            return
        client = self.screen.app.client
        call = client.delete_service_override if self.show else client.delete_service
        action = self._action("Delete", targets, call)
        action.destructive = True
        warning = OVERRIDE_DELETE.format(show=self.show) if self.show else DEFAULT_DELETE
        self.screen.act(action, warning=warning)
