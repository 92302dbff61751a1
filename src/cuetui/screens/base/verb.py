"""Verbs declared once: a key, the verb it runs, its label, and whether it writes to the farm.

A screen lists its keys in order with `keys(...)`: plain Bindings for what only looks (drill,
views, filters) and `Verb`s for what acts. That one list gives the screen's `BINDINGS` (hence
the footer, `?` and the palette, in the listed order) and its `VERBS`; a Verb without a key is
offered by the palette only. Every Verb runs through `VerbScreen.action_verb`, and
`VerbScreen.verb_allowed` is the one place that decides what --readonly hides and refuses.
A Verb that asks before it acts declares it (`confirm=Confirm("Kill")`): the confirm modal's
button and styling, the "asks first" mark in `?` and the palette, and `ActionFlow.act`'s check
that only a declared verb may confirm (and a declared one does) all come from that.
What a verb targets and calls, and the warning its confirmation shows, is in
`cuetui.screens.verbs`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from textual.binding import Binding

if TYPE_CHECKING:
    from cuetui.app import CuetuiApp

BindingList = list[Binding | tuple[str, str] | tuple[str, str, str]]

READONLY_MESSAGE = "Read-only: actions are off"
ASKS_FIRST = "asks first"
"""How `?` and the palette mark a verb that asks before it acts."""

V = TypeVar("V")


@dataclass(frozen=True)
class Confirm:
    """How a verb asks before it acts; the warning (counts, consequences) is the verb's own."""

    label: str | None = None
    """The confirm button ("Kill"); None: the action's own verb ("Set billable")."""
    when: str | None = None
    """Asks only in this case ("unlocking a NIMBY host"); None: every time it acts."""
    danger: bool = True
    """Red dialog and button; Cancel is focused either way."""


@dataclass(frozen=True)
class Verb:
    """One key that acts. `run` gets the screen's `verbs()` object (the screen by default)."""

    key: str | None
    """None: offered by the palette only."""
    name: str
    label: str
    run: Callable[[Any], None]
    writes: bool = True
    """Changes the farm: hidden (footer, help, palette) and refused under --readonly."""
    show: bool = True
    """In the footer (every verb is in `?` and the palette)."""
    key_display: str | None = None
    id: str | None = None
    """The binding id, for keymaps (shared by screens that bind the same verb)."""
    confirm: Confirm | None = None
    """Asks before it acts (a writing verb only): see `Confirm`."""

    def __post_init__(self) -> None:
        if self.confirm is not None and not self.writes:
            raise ValueError(f"verb {self.name} asks first but does not write")

    @property
    def action(self) -> str:
        return f"verb({self.name!r})"

    @property
    def asks_first(self) -> bool:
        return self.confirm is not None

    @property
    def asks(self) -> str:
        """The mark `?` and the palette show: "asks first", "asks first when …", or ""."""
        if self.confirm is None:
            return ""
        return f"{ASKS_FIRST} when {self.confirm.when}" if self.confirm.when else ASKS_FIRST

    def binding(self) -> Binding:
        if self.key is None:
            raise ValueError(f"verb {self.name} has no key")
        return Binding(
            self.key,
            self.action,
            self.label,
            show=self.show,
            key_display=self.key_display,
            id=self.id,
            tooltip=self.asks.capitalize(),
        )


@dataclass(frozen=True)
class Ask(Generic[V]):
    """The one value a verb asks before it acts (priority, cores, memory, tags, a name).

    `ActionFlow.ask` shows it (a text prompt, or the tag editor when `tags`), checks it as
    typed, and hands `parse(text)` (the tag list for `tags`) to the verb; Esc sends nothing.
    """

    title: str
    label: str = ""
    """The text field's label (the tag editor has its own)."""
    value: str | Sequence[str] = ""
    """Prefilled: the current value when there is one target."""
    check: Callable[[str], str | None] | None = None
    """The message a bad value shows under the field, or None."""
    parse: Callable[[str], V] | None = None
    hint: str = ""
    tags: bool = False


def keys(*items: Binding | Verb) -> tuple[BindingList, dict[str, Verb]]:
    """A screen's `BINDINGS` and `VERBS` from one ordered list of bindings and verbs."""
    bindings: BindingList = []
    verbs: dict[str, Verb] = {}
    for item in items:
        if isinstance(item, Verb):
            if item.name in verbs:
                raise ValueError(f"verb {item.name} declared twice")
            verbs[item.name] = item
            if item.key is None:
                continue
            bindings.append(item.binding())
        else:
            bindings.append(item)
    return bindings, verbs


class VerbScreen:
    """Runs a screen's declared verbs and guards them; mixed into every screen that acts."""

    VERBS: ClassVar[dict[str, Verb]] = {}
    acting: Verb | None = None
    """The verb running now (set around its `run`): `ActionFlow.act` confirms by its `confirm`."""

    if TYPE_CHECKING:

        @property
        def app(self) -> CuetuiApp: ...

        def notify(self, message: str, **kwargs: Any) -> None: ...

    def verbs(self) -> Any:
        """What a Verb's `run` is given: the screen's verbs object (see screens/verbs/)."""
        return self

    def verb_allowed(self, action: str, parameters: tuple[object, ...]) -> bool:
        """False for a writing verb in a read-only session (or a verb this screen lacks).

        False, not None: Textual then removes the key from footer, help and palette.
        """
        if action != "verb":
            return True
        verb = self.VERBS.get(str(parameters[0])) if parameters else None
        return verb is not None and not (verb.writes and self.app.readonly)

    def verb_of(self, action: str) -> Verb | None:
        """The declared verb a binding's action runs (`verb('kill')`), or None."""
        if not (action.startswith("verb(") and action.endswith(")")):
            return None
        return self.VERBS.get(action[5:-1].strip("'\""))

    def action_verb(self, name: str) -> None:
        """Run a declared verb: its key, the palette, or a keymap all come here."""
        verb = self.VERBS.get(name)
        if verb is None:
            return
        if verb.writes and self.app.readonly:
            # The key is hidden, but a binding from elsewhere may still name the action.
            self.notify(READONLY_MESSAGE, severity="warning")
            return
        with self.acting_as(verb):
            verb.run(self.verbs())

    @contextmanager
    def acting_as(self, verb: Verb | None) -> Iterator[None]:
        """`acting` is `verb` inside (an answered prompt resumes its verb this way)."""
        before, self.acting = self.acting, verb
        try:
            yield
        finally:
            self.acting = before

    def palette_verbs(self) -> list[Verb]:
        """The verbs without a key that this session may run."""
        allowed = (v for v in self.VERBS.values() if self.verb_allowed("verb", (v.name,)))
        return [v for v in allowed if v.key is None]
