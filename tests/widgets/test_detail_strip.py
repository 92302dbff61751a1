"""The middle cut of name columns and the detail strip's text (issue #12, point 6)."""

from __future__ import annotations

from cuetui.widgets.cells import progress_bar
from cuetui.widgets.columns import Column, _Cell, cut_middle
from cuetui.widgets.detail_strip import strip_text


def test_names_are_cut_in_the_middle_keeping_shot_and_version() -> None:
    assert cut_middle("show-seq-sh010-lighting_v012", 15) == "show-se…ng_v012"
    assert cut_middle("show-seq-sh010-lighting_v012", 28) == "show-seq-sh010-lighting_v012"
    assert cut_middle("abcdef", 2) == "…f"  # the end tells most
    assert cut_middle("abcdef", 1) == "…"
    assert cut_middle("abcdef", 0) == ""
    # Wide characters: whole characters, never wider than asked.
    cut = cut_middle("日本語の名前です_v012", 9)
    assert cut == "日本…v012"


def test_a_flex_column_cuts_its_cell_in_the_middle_others_at_the_end() -> None:
    name = Column("name", "Job", lambda j: j, flex=True)
    user = Column("user", "User", lambda j: j)
    text = "testing-sh010-jsmith_fx_sim_v012"
    assert str(_Cell(name, text, "", 20)) == "testing-s…x_sim_v012"
    assert str(_Cell(user, text, "", 20)) == text  # cut by the painter at the cell's end


def test_the_strip_says_label_and_value_most_wanted_first() -> None:
    cols = [
        Column("cores", "Cores", lambda j: j, fmt=lambda v: f"{v:g}"),
        Column("user", "User", lambda j: j),
        Column("progress", "Progress", lambda j: j, cell=progress_bar),
        Column("shot", "Shot", lambda j: j),
    ]
    text = strip_text(cols, (24.0, "jsmith", (3, 1, 0, 0, 1, 0), ""))
    assert text.plain == "Cores 24  User jsmith  Progress 60%  Shot -"
