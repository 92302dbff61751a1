"""ConfirmModal, PromptModal and TagEditorModal driven by keys."""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from cuetui.widgets.confirm import ConfirmModal, fit_lines
from cuetui.widgets.prompt import PromptModal, TagEditorModal, parse_tags, tags_error


class ModalHost(App[None]):
    """Pushes one modal at mount and keeps what it dismissed with."""

    def __init__(self, modal: ModalScreen[Any]) -> None:
        super().__init__()
        self.modal = modal
        self.results: list[Any] = []

    def on_mount(self) -> None:
        self.push_screen(self.modal, self.results.append)


def confirm(n: int = 3, **kw: Any) -> ConfirmModal:
    names = [f"job_{i:03d}" for i in range(n)]
    return ConfirmModal("Kill jobs?", [f"Kill {n} jobs:", *names], "Kill", **kw)


async def test_confirm_focuses_cancel_and_enter_cancels() -> None:
    app = ModalHost(confirm())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.focused, Button) and app.focused.id == "cancel"
        await pilot.press("enter")
        await pilot.pause()
    assert app.results == [False]


async def test_confirm_escape_cancels() -> None:
    app = ModalHost(confirm())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
    assert app.results == [False]


async def test_confirm_button_returns_true() -> None:
    app = ModalHost(confirm())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("tab", "enter")
        await pilot.pause()
    assert app.results == [True]


async def test_confirm_click_returns_true() -> None:
    app = ModalHost(confirm(danger=False))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.click("#confirm")
        await pilot.pause()
    assert app.results == [True]


async def test_confirm_many_names_fit_80x24_and_warning_stays() -> None:
    app = ModalHost(confirm(40, warning="12 running frames will die"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        texts = [str(s.render()) for s in app.screen.query(Static)]
        assert any("more" in t and "and" in t for t in texts)
        assert "12 running frames will die" in texts
        dialog = app.screen.query_one("#dialog")
        assert dialog.region.bottom <= 24
        # Both buttons stay on screen and inside the dialog.
        for button in app.screen.query(Button):
            assert button.region.bottom <= dialog.region.bottom


def test_fit_lines_keeps_headline_and_counts_rest() -> None:
    lines = ["Kill 40 jobs:", *[f"j{i}" for i in range(40)]]
    out = fit_lines(lines, 10)
    assert out[0] == "Kill 40 jobs:" and len(out) == 10
    assert out[-1] == "… and 32 more"
    assert fit_lines(lines[:5], 10) == lines[:5]


async def test_prompt_validates_inline_then_returns_value() -> None:
    def validate(v: str) -> str | None:
        return None if v.isdigit() else "A whole number, please."

    app = ModalHost(PromptModal("Set priority", "Priority:", "100", validate))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.focused, Input)
        await pilot.press("x", "enter")  # value selected on focus: "x" replaces it
        await pilot.pause()
        assert app.results == []
        assert "whole number" in str(app.screen.query_one("#error", Static).render())
        await pilot.press("backspace", "2", "5", "0", "enter")
        await pilot.pause()
    assert app.results == ["250"]


async def test_prompt_escape_returns_none() -> None:
    app = ModalHost(PromptModal("Set priority", "Priority:", "100"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
    assert app.results == [None]


async def test_tag_editor_prefilled_returns_list() -> None:
    app = ModalHost(TagEditorModal("Set tags of render", ["general", "linux"]))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.query_one(Input).value == "general linux"
        await pilot.press("end", *" gpu", "enter")
        await pilot.pause()
    assert app.results == [["general", "linux", "gpu"]]


def test_parse_tags_and_errors() -> None:
    assert parse_tags(" a, b | c  a ") == ["a", "b", "c"]
    assert tags_error("") == "Give at least one tag."
    assert tags_error("", allow_empty=True) is None
    assert "bad/tag" in (tags_error("ok bad/tag") or "")
