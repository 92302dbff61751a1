"""Services (CueCommander's Services view): the facility's default services, or one show's
overrides of them; cores, memory, GPUs, timeouts and tags each layer of a new job starts with.

`:services` shows the defaults, `:services SHOW` that show's overrides; `O` switches between
the two (the current show's overrides).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.binding import Binding

from cuetui import navigation
from cuetui.core.details import Detail, details
from cuetui.models import Service, Show
from cuetui.models.format import cores, human_kb
from cuetui.navigation import ViewContext
from cuetui.screens.base.table_screen import BaseScreen, drill_binding
from cuetui.screens.base.verb import Confirm, Verb, keys
from cuetui.screens.verbs.services import ServiceVerbs
from cuetui.widgets.resource_table import Column

if TYPE_CHECKING:
    from textual.app import App


def _cores(centcores: int, none: str = "") -> str:
    return cores(centcores / 100) if centcores else none


def _gpus(s: Service) -> str:
    if not (s.min_gpus or s.max_gpus):
        return ""
    return f"{s.min_gpus}-{s.max_gpus}" if s.max_gpus != s.min_gpus else str(s.min_gpus)


def _minutes(n: int) -> str:
    return f"{n}m" if n else ""


def service_columns() -> list[Column[Service]]:
    return [
        Column("name", "Service", lambda s: s.name, width=12, flex=True),
        Column("threadable", "Thr", lambda s: s.threadable, width=4,
               fmt=lambda v: "yes" if v else ""),
        Column("min_cores", "Cores", lambda s: s.min_cores, width=6, fmt=_cores,
               justify="right"),
        Column("max_cores", "Max", lambda s: s.max_cores, width=5,
               fmt=lambda v: _cores(v, "-"), justify="right"),
        Column("min_memory", "Memory", lambda s: s.min_memory, width=7, fmt=human_kb,
               justify="right"),
        Column("gpus", "GPUs", _gpus, width=5, justify="right", priority=2),
        Column("gpu_memory", "GPU mem", lambda s: s.min_gpu_memory, width=7,
               fmt=lambda v: human_kb(v) if v else "", justify="right", priority=2),
        Column("timeout", "Timeout", lambda s: s.timeout, width=7, fmt=_minutes,
               justify="right", priority=1),
        Column("timeout_llu", "LLU", lambda s: s.timeout_llu, width=5, fmt=_minutes,
               justify="right", priority=1),
        Column("increase", "Mem+", lambda s: s.min_memory_increase, width=6, fmt=human_kb,
               justify="right", priority=3),
        Column("tags", "Tags", lambda s: " ".join(s.tags), width=14),
    ]  # fmt: skip


def _in_cores(line: Detail, item: Service) -> Detail:
    """A detail line of min/max cores in cores: the model holds hundredths."""
    attr = {"Min cores": "min_cores", "Max cores": "max_cores"}.get(line.label)
    return line._replace(text=_cores(getattr(item, attr), "0")) if attr else line


def _field(attr: str) -> Any:
    return lambda verbs: verbs.set_field(attr)


class ServicesScreen(BaseScreen[Service]):
    """Default services (`show` None) or a show's overrides. Verbs: n new, m/M min/max cores,
    e memory, t tags, T threadable, d delete (asks first); the rest in the palette."""

    KIND = "services"
    BINDINGS, VERBS = keys(
        drill_binding("Details"),
        Binding("O", "switch_scope", "Overrides", id="services.scope"),
        Verb("n", "create", "New", ServiceVerbs.create, id="services.create"),
        Verb("m", "min_cores", "Cores", _field("min_cores"), id="services.min_cores"),
        Verb("M", "max_cores", "Max cores", _field("max_cores"), show=False,
             id="services.max_cores"),
        Verb("e", "min_memory", "Memory", _field("min_memory"), id="services.min_memory"),
        Verb("t", "tags", "Tags", ServiceVerbs.set_tags, id="services.tags"),
        Verb("T", "threadable", "Threadable on/off", ServiceVerbs.threadable, show=False,
             id="services.threadable"),
        Verb("d", "delete", "Delete", ServiceVerbs.delete, id="services.delete",
             confirm=Confirm()),
        Verb("R", "rename", "Rename", ServiceVerbs.rename, show=False, id="services.rename"),
        Verb(None, "min_gpus", "Set min GPUs", _field("min_gpus")),
        Verb(None, "max_gpus", "Set max GPUs", _field("max_gpus")),
        Verb(None, "gpu_memory", "Set GPU memory", _field("min_gpu_memory")),
        Verb(None, "timeout", "Set timeout", _field("timeout")),
        Verb(None, "timeout_llu", "Set LLU timeout", _field("timeout_llu")),
        Verb(None, "memory_increase", "Set memory increase", _field("min_memory_increase")),
    )  # fmt: skip

    def __init__(self, show: str | None = None) -> None:
        super().__init__()
        self.show = show
        self._show: Show | None = None

    def columns(self) -> list[Column[Service]]:
        return service_columns()

    def table_options(self) -> dict[str, Any]:
        return {"sort": "name"}

    def crumb(self) -> str:
        return "service overrides" if self.show else "default services"

    def empty_text(self) -> str:
        if self.show:
            return f"No overrides in show {self.show}: its jobs get the defaults (n adds one)"
        return "No services on the farm: n creates one"

    def on_mount(self) -> None:
        if self.show:
            self.app.set_show(self.show)
        super().on_mount()

    async def show_ref(self) -> Show:
        """The show (GetServiceOverrides and CreateServiceOverride take its id), read once."""
        if self._show is None:
            self._show = await self.app.client.find_show(str(self.show))
        return self._show

    async def fetch(self) -> list[Service]:
        client = self.app.client
        if not self.show:
            return await client.get_default_services()
        return [o.service for o in await client.get_service_overrides(await self.show_ref())]

    def context(self) -> ViewContext:
        return ViewContext(show=self.show or self.app.current_show)

    def verbs(self) -> ServiceVerbs:
        return ServiceVerbs(self, self.show, self.show_ref)

    def drill(self, item: Service) -> None:
        self.action_detail()

    def action_detail(self) -> None:
        """Every value of the highlighted service, cores in cores (the wire's are hundredths)."""
        item = self.table.cursor_item
        if item is None:
            self.notify("Nothing is highlighted", severity="warning")
            return
        lines = [_in_cores(d, item) for d in details(item, now=self.app.clock())]
        what = f"{self.show} override" if self.show else "service"
        self.app.push_screen(navigation.screen("detail")(f"{what} {item.name}", lines))

    def action_switch_scope(self) -> None:
        """The current show's overrides from the defaults, the defaults from overrides."""
        if self.show:
            self.app.switch_screen(ServicesScreen())
        elif self.app.current_show:
            self.app.switch_screen(ServicesScreen(self.app.current_show))
        else:
            self.notify("No show chosen: :services SHOW shows its overrides", severity="warning")


def open_services(app: App[Any], context: ViewContext, arg: str) -> str | None:
    """`:services [show]`: the facility's defaults, or the named show's overrides."""
    show = arg.strip()
    if show in ("all", "*"):
        return "Overrides are of one show: :services SHOW (or :services for the defaults)"
    app.goto(ServicesScreen(show or None))  # type: ignore[attr-defined]
    return None


def service_arguments(app: App[Any]) -> list[str]:
    """Show names, for `:services SHOW`."""
    return sorted(getattr(app, "known_shows", ()) or ())
