"""`?`: every key of the screen below (shown in the footer or not), grouped, and every `:` view."""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from cuetui import navigation
from cuetui.screens.base.verb import VerbScreen

FILTER_HELP = (
    "/ filter: text or regex over the columns, case-insensitive; !text hides matches; "
    "Esc clears. : jumps to a view (Tab completes its name and argument)."
)

# Textual's own screen keys (focus cycling, copying a mouse selection) say nothing about the
# farm; the App's keys (palette, quit) have their own rows at the end.
_SKIP_ACTIONS = ("focus_next", "focus_previous", "copy")

MOVING, VIEWING, ACTING = "Moving", "Viewing", "Acting"
GROUPS = (MOVING, VIEWING, ACTING)

# Actions that move the cursor, the page, or along the path taken; a binding of the focused
# widget (the table's cursor keys, the log's scrolling) is moving too.
_MOVING_ACTIONS = frozenset(
    {"back", "close", "drill", "select_cursor", "top", "bottom", "older", "newer"}
    | {"next_match", "previous_match", "page", "cursor_top", "cursor_bottom"}
)


def screen_bindings(screen: Screen[object]) -> list[ActiveBinding]:
    """The bindings of the screen itself (readonly ones are gone) and the table's Enter."""
    out: list[ActiveBinding] = []
    for active in screen.active_bindings.values():
        binding = active.binding
        mine = active.node is screen or binding.id == "table.enter"
        if not mine or not binding.description or binding.system:
            continue
        if any(skip in binding.action for skip in _SKIP_ACTIONS):
            continue
        out.append(active)
    return out


def _all_bindings(screen: Screen[object]) -> list[ActiveBinding]:
    """Every key of the screen and of its focused widgets (cursor keys too), not the App's."""
    out: list[ActiveBinding] = []
    for active in screen.active_bindings.values():
        binding = active.binding
        if active.node is screen.app or binding.system:
            continue
        if any(skip in binding.action for skip in _SKIP_ACTIONS):
            continue
        out.append(active)
    return out


def _description(active: ActiveBinding, screen: Screen[object]) -> str:
    """The binding's description, or its action said in words (`scroll_down`: Scroll down)."""
    binding = active.binding
    if binding.description and active.node is screen:
        # A verb that asks before it acts says so, as its declaration has it (Verb.confirm).
        verb = screen.verb_of(binding.action) if isinstance(screen, VerbScreen) else None
        return f"{binding.description} ({verb.asks})" if verb and verb.asks else binding.description
    # Textual's widgets say "Scroll Up" where ours say "Scroll up": one spelling, one row.
    text = binding.description or binding.action.rpartition(".")[2].partition("(")[0]
    return text.replace("_", " ").capitalize()


def group_of(active: ActiveBinding, screen: Screen[object]) -> str:
    """Moving (cursor, pages, back), acting (verbs, marks) or viewing (everything else)."""
    action = active.binding.action.rpartition(".")[2]
    name = action.partition("(")[0]
    if name == "verb" or "mark" in name:
        return ACTING
    if active.node is not screen or name in _MOVING_ACTIONS:
        return MOVING
    if name.startswith(("cursor_", "scroll_", "page_", "first_", "last_", "goto")):
        return MOVING
    return VIEWING


def grouped_rows(screen: Screen[object]) -> dict[str, list[tuple[str, str]]]:
    """Group -> (keys, description) rows; this screen's own keys come first in each group
    (its verbs before the shared ones, its drill and Back before the table's cursor keys)."""
    app = screen.app
    keys: dict[tuple[str, str], list[str]] = {}
    own = type(screen).__dict__.get("BINDINGS", [])
    own_actions = {b.action if isinstance(b, Binding) else b[1] for b in own}
    own_actions.add("select_cursor")
    first: set[str] = set()
    screen_level: set[str] = set()
    for active in _all_bindings(screen):
        binding = active.binding
        description = _description(active, screen)
        shown = keys.setdefault((group_of(active, screen), description), [])
        # The key itself: a footer's shorthand ("n/N", "[/]") has a row per key here.
        key = app.get_key_display(replace(binding, key_display=None))
        if key not in shown:
            shown.append(key)
        if binding.action in own_actions:
            first.add(description)
        if active.node is screen or binding.action == "select_cursor":
            screen_level.add(description)
    groups: dict[str, list[tuple[str, str]]] = {group: [] for group in GROUPS}
    for (group, description), shown in keys.items():
        groups[group].append((" ".join(shown), description))
    for group in (VIEWING, ACTING):
        groups[group].sort(key=lambda row: row[1] not in first)
    groups[MOVING].sort(key=lambda row: row[1] not in screen_level)
    return groups


def binding_rows(screen: Screen[object]) -> list[tuple[str, str]]:
    """(keys, description) of every key of the screen, moving, viewing then acting."""
    return [row for rows in grouped_rows(screen).values() for row in rows]


def view_rows() -> list[tuple[str, str]]:
    """(`:name` and aliases, help) of every view of the navigation table."""
    rows = []
    for name in navigation.names():
        view = navigation.VIEWS[name]
        names = " ".join(f":{n}" for n in (view.name, *view.aliases))
        rows.append((names, view.help))
    return rows


class HelpScreen(ModalScreen[None]):
    """Lists the keys of `screen` and the `:` views; any of Esc, q, ? closes it."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 76; max-width: 100%; height: auto; max-height: 90%;
        border: round $primary; padding: 0 1; background: $background;
    }
    """
    BINDINGS: ClassVar = [
        Binding("escape,q,question_mark", "close", "Close"),
    ]

    def __init__(self, screen: Screen[object]) -> None:
        super().__init__()
        self._groups = grouped_rows(screen)
        self._title = f"Keys: {getattr(screen, 'KIND', 'screen')}"

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold cyan", no_wrap=True)
        table.add_column()

        def heading(title: str) -> None:
            table.add_row(Text(title, style="bold underline"), "")

        for group, rows in self._groups.items():
            if not rows:
                continue
            heading(group)
            for key, description in rows:
                # Text, not markup: keys such as "[/]" would be read as a closing tag.
                table.add_row(Text(key), Text(description))
        heading("Anywhere")
        # The App's keys, written as the rows above write keys (^p, not ctrl+p).
        shown = self.app.get_key_display
        table.add_row(shown(Binding("ctrl+p", "")), "Command palette: every action, views, themes")
        table.add_row(shown(Binding("ctrl+q", "")), "Quit")
        heading("Views")
        for names, help_text in view_rows():
            table.add_row(Text(names), Text(help_text))
        with VerticalScroll() as scroll:
            scroll.border_title = self._title
            # Always in sight, however far the list scrolls: where the rest of it is.
            palette, quit_key = shown(Binding("ctrl+p", "")), shown(Binding("ctrl+q", ""))
            scroll.border_subtitle = f"{palette} palette · {quit_key} quit · ↑↓ scroll · Esc close"
            yield Static(table)
            yield Static(Text(FILTER_HELP, style="dim"))

    def action_close(self) -> None:
        self.dismiss(None)
