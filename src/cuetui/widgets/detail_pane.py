"""DetailPane: every field of one item as label/value lines, one of them highlighted to copy."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from cuetui.core.details import Detail

_LABEL_MAX = 22


def _line(label: str, text: str, width: int) -> Table:
    """Label, then the value wrapping under itself (a long log path stays readable)."""
    grid = Table.grid(padding=(0, 2), expand=True)
    grid.add_column(width=width, no_wrap=True, style="bold")
    grid.add_column(ratio=1, overflow="fold")
    grid.add_row(Text(label), Text(text))
    return grid


class DetailPane(OptionList):
    """The lines of `core.details`; a heading starts each nested part (a job's stats)."""

    DEFAULT_CSS = """
    DetailPane, DetailPane:focus { height: 1fr; border: none; padding: 0; }
    DetailPane > .option-list--option-disabled { color: $text-accent; text-style: bold; }
    """

    def __init__(self, lines: Sequence[Detail], *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self._details: list[Detail] = []
        self._at: dict[int, Detail] = {}
        self.show_lines(lines)

    def show_lines(self, lines: Sequence[Detail]) -> None:
        """Show these lines instead (the highlight stays on the line of the same label)."""
        current = self.current
        self._details = list(lines)
        width = min(_LABEL_MAX, max((len(d.label) for d in self._details), default=8))
        options: list[Option] = []
        self._at = {}
        section = ""
        for detail in self._details:
            if detail.section != section:
                section = detail.section
                options.append(Option(Text(section or " "), disabled=True))
            self._at[len(options)] = detail
            options.append(Option(_line(detail.label, detail.text, width)))
        self.clear_options()
        self.add_options(options)
        if current is not None:
            self.highlight_label(current.label)

    @property
    def lines(self) -> list[Detail]:
        return list(self._details)

    @property
    def current(self) -> Detail | None:
        """The highlighted line."""
        index = self.highlighted
        return None if index is None else self._at.get(index)

    def highlight_label(self, label: str) -> bool:
        """Put the highlight on the line called `label`; False when there is none."""
        for index, detail in self._at.items():
            if detail.label == label:
                self.highlighted = index
                return True
        return False
