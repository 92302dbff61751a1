"""One-field modals: `PromptModal` (a value, validated inline) and `TagEditorModal` (tags)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static

Validator = Callable[[str], str | None]
R = TypeVar("R")

_TAG = re.compile(r"^[A-Za-z0-9_.\-]+$")

_CSS = """
{cls} {{
    align: center middle;
    background: $background 60%;
}}
{cls} > #dialog {{
    width: 64;
    max-width: 100%;
    height: auto;
    padding: 1 2;
    border: thick $primary;
    background: $surface;
}}
{cls} #title {{
    width: 100%;
    text-style: bold;
    margin-bottom: 1;
}}
{cls} #error {{
    width: 100%;
    color: $text-error;
    height: auto;
}}
{cls} #hint {{
    width: 100%;
    color: $text-muted;
}}
{cls} #buttons {{
    width: 100%;
    height: auto;
    margin-top: 1;
    align-horizontal: right;
}}
{cls} #buttons Button {{
    margin-left: 2;
}}
"""


class _OneFieldModal(ModalScreen[R | None], Generic[R]):
    """A title, a label, one input with an inline error, Cancel / OK. Esc cancels (None)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, label: str, value: str = "", *, hint: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.label = label
        self.value = value
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(self.title_text, id="title", markup=False)
            yield Label(self.label, id="label", markup=False)
            yield Input(self.value, id="value", select_on_focus=True)
            yield Static("", id="error", markup=False)
            if self.hint:
                yield Static(self.hint, id="hint", markup=False)
            with Horizontal(id="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("OK", id="ok", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#value", Input).focus()

    def check(self, value: str) -> str | None:
        """The error for `value`, or None when it may be submitted (each modal defines it)."""
        raise TypeError(f"{type(self).__name__} must define check()")

    def result_for(self, value: str) -> R:
        """What `dismiss` returns for an accepted `value` (each modal defines it)."""
        raise TypeError(f"{type(self).__name__} must define result_for()")

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def _submit(self) -> None:
        value = self.query_one("#value", Input).value
        error = self.check(value)
        if error:
            self.query_one("#error", Static).update(error)
            self.query_one("#value", Input).focus()
            return
        self.dismiss(self.result_for(value))

    @on(Input.Changed)
    def _clear_error(self) -> None:
        self.query_one("#error", Static).update("")

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class PromptModal(_OneFieldModal[str]):
    """Ask for one value. Enter submits; `validate` returns an error shown inline, or None."""

    DEFAULT_CSS = _CSS.format(cls="PromptModal")

    def __init__(
        self,
        title: str,
        label: str,
        value: str = "",
        validate: Validator | None = None,
        *,
        hint: str = "",
    ) -> None:
        super().__init__(title, label, value, hint=hint)
        self._validate = validate

    def check(self, value: str) -> str | None:
        return self._validate(value) if self._validate else None

    def result_for(self, value: str) -> str:
        return value


def parse_tags(text: str) -> list[str]:
    """Split on spaces, commas or `|` (Cuebot's own separator); keep order, drop repeats."""
    seen: dict[str, None] = {}
    for tag in re.split(r"[\s,|]+", text.strip()):
        if tag:
            seen.setdefault(tag, None)
    return list(seen)


def tags_error(text: str, *, allow_empty: bool = False) -> str | None:
    """Why `text` is not a valid tag list, or None."""
    tags = parse_tags(text)
    if not tags and not allow_empty:
        return "Give at least one tag."
    bad = [t for t in tags if not _TAG.match(t)]
    if bad:
        return f"Not a valid tag: {bad[0]} (letters, digits, _ . - only)"
    return None


class TagEditorModal(_OneFieldModal[list[str]]):
    """Edit a tag list as text; dismisses with the parsed list (or None on cancel).

    Used for "set tags" (prefilled with the current tags; the result replaces all) and for
    host add/remove tags (start empty).
    """

    DEFAULT_CSS = _CSS.format(cls="TagEditorModal")

    def __init__(
        self,
        title: str,
        tags: Sequence[str] = (),
        *,
        label: str = "Tags (separated by spaces or commas):",
        allow_empty: bool = False,
        hint: str = "",
    ) -> None:
        super().__init__(title, label, " ".join(tags), hint=hint)
        self.allow_empty = allow_empty

    def check(self, value: str) -> str | None:
        return tags_error(value, allow_empty=self.allow_empty)

    def result_for(self, value: str) -> list[str]:
        return parse_tags(value)


class ChoiceModal(ModalScreen[R | None], Generic[R]):
    """Pick one of `choices` (label, value) with the arrows and Enter; Esc cancels (None)."""

    DEFAULT_CSS = """
    ChoiceModal { align: center middle; background: $background 60%; }
    ChoiceModal > #dialog {
        width: 48; max-width: 100%; height: auto; max-height: 90%;
        padding: 1 2; border: thick $primary; background: $surface;
    }
    ChoiceModal #title { width: 100%; text-style: bold; margin-bottom: 1; }
    ChoiceModal OptionList { height: auto; max-height: 16; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, choices: Sequence[tuple[str, R]], current: R | None = None):
        super().__init__()
        self.title_text = title
        self.choices = list(choices)
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(self.title_text, id="title", markup=False)
            # Text: an OptionList reads a str as markup, and tags or layer names may hold `[`.
            yield OptionList(*[Text(label) for label, _ in self.choices], id="choices")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        values = [v for _, v in self.choices]
        if self.current in values:
            options.highlighted = values.index(self.current)
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.choices[event.option_index][1])

    def action_cancel(self) -> None:
        self.dismiss(None)
