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
        # Matching ignores case here, on the text as typed: Textual's case-insensitive mode
        # would lowercase it first, and `state=D` would never meet `state=DOWN`.
        super().__init__(use_cache=False, case_sensitive=True)
        self._names = names
        self._arguments = arguments

    async def get_suggestion(self, value: str) -> str | None:
        text = value.lstrip(":")
        prefix = value[: len(value) - len(text)]
        if " " not in text:
            for name in sorted(self._names()):
                if _extends(name, text):
                    return prefix + name
            return None
        view, _, arg = text.partition(" ")
        # Several shows are comma-separated, criteria space-separated: complete the last one.
        cut = max(arg.rfind(","), arg.rfind(" ")) + 1
        done, last = arg[:cut], arg[cut:]
        for candidate in sorted(self._arguments(view)):
            if _extends(candidate, last):
                return f"{prefix}{view} {done}{candidate}"
        return None


def _extends(candidate: str, typed: str) -> bool:
    return candidate.lower().startswith(typed.lower()) and len(candidate) > len(typed)


class CommandLine(BarInput):
    """Hidden until `:`; Tab or → accepts the completion, Enter runs, Esc closes."""

    DEFAULT_CSS = """
    CommandLine, CommandLine:focus { display: none; height: 1; border: none; padding: 0 1 0 0; }
    CommandLine.-open, CommandLine.-open:focus { display: block; }
    """
    # Shown in the footer while the line is open (BarInput handles the keys themselves).
    BINDINGS = [
        Binding("enter", "run", "Run"),
        Binding("escape", "close", "Close"),
        Binding("tab", "accept", "Complete"),
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
            # Fits an 80-column terminal beside the prompt.
            placeholder="shows  jobs [show|all]  layers  frames  hosts  procs  allocs  subs  quit",
            suggester=suggester,
            id="command-line",
        )

    def suggest_again(self) -> None:
        """Ask the suggester again for what is typed (its names may have just arrived)."""
        if self.is_open and self.value and self.suggester is not None:
            self.run_worker(self.suggester._get_suggestion(self, self.value))

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
