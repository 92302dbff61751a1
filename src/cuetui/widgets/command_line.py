"""The `:` command line: jump to a view (`:jobs testing`, `:hosts`, `:quit`) with completion."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import ClassVar

from textual.binding import Binding
from textual.message import Message
from textual.suggester import Suggester

from cuetui.widgets.bar_input import BarInput


class CommandSuggester(Suggester):
    """Completes the view name, then (for views that take one) its argument."""

    def __init__(
        self,
        names: Callable[[], Iterable[str]],
        arguments: Callable[[str], Iterable[str]],
    ) -> None:
        super().__init__(use_cache=False, case_sensitive=False)
        self._names = names
        self._arguments = arguments

    async def get_suggestion(self, value: str) -> str | None:
        text = value.lstrip(":")
        prefix = value[: len(value) - len(text)]
        if " " not in text:
            for name in sorted(self._names()):
                if name.startswith(text) and name != text:
                    return prefix + name
            return None
        view, _, arg = text.partition(" ")
        # Several shows are comma-separated: complete the last one.
        head, _, last = arg.rpartition(",")
        for candidate in sorted(self._arguments(view)):
            if candidate.startswith(last) and candidate != last:
                done = f"{head}," if head else ""
                return f"{prefix}{view} {done}{candidate}"
        return None


class CommandLine(BarInput):
    """Hidden until `:`; Tab or → accepts the completion, Enter runs, Esc closes."""

    DEFAULT_CSS = """
    CommandLine, CommandLine:focus { display: none; height: 1; border: none; padding: 0 1; }
    CommandLine.-open, CommandLine.-open:focus { display: block; }
    """
    BINDINGS = [
        Binding("escape", "close", "Close", show=False),
        Binding("enter", "run", "Run", show=False),
        Binding("tab", "accept", "Complete", show=False),
    ]
    IN_ORDER: ClassVar[dict[str, str]] = {
        "enter": "action_run",
        "escape": "action_close",
        "tab": "action_accept",
    }

    class Run(Message):
        def __init__(self, command: str) -> None:
            super().__init__()
            self.command = command

    class Closed(Message):
        pass

    def __init__(self, suggester: Suggester) -> None:
        super().__init__(
            placeholder=(
                "shows | jobs [show|all] | layers | frames | hosts | procs | allocs | subs | quit"
            ),
            suggester=suggester,
            id="command-line",
        )

    def action_close(self) -> None:
        self.hide()
        self.post_message(self.Closed())

    def action_accept(self) -> None:
        if self._suggestion:
            self.value = self._suggestion
            self.cursor_position = len(self.value)

    def action_run(self) -> None:
        command = self.value.strip().lstrip(":").strip()
        self.hide()
        self.post_message(self.Closed())
        if command:
            self.post_message(self.Run(command))
