"""Verbs declared once: a key, the verb it runs, its label, and whether it writes to the farm.

A screen lists its keys in order with `keys(...)`: plain Bindings for what only looks (drill,
views, filters) and `Verb`s for what acts. That one list gives the screen's `BINDINGS` (hence
the footer, `?` and the palette, in the listed order) and its `VERBS`; a Verb without a key is
offered by the palette only. Every Verb runs through `VerbScreen.action_verb`, and
`VerbScreen.verb_allowed` is the one place that decides what --readonly hides and refuses.
What a verb targets, calls and confirms is in `cuetui.screens.verbs`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from textual.binding import Binding

if TYPE_CHECKING:
    from cuetui.app import CuetuiApp

BindingList = list[Binding | tuple[str, str] | tuple[str, str, str]]

READONLY_MESSAGE = "Read-only: actions are off"

V = TypeVar("V")


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

    @property
    def action(self) -> str:
        return f"verb({self.name!r})"

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

    def action_verb(self, name: str) -> None:
        """Run a declared verb: its key, the palette, or a keymap all come here."""
        verb = self.VERBS.get(name)
        if verb is None:
            return
        if verb.writes and self.app.readonly:
            # The key is hidden, but a binding from elsewhere may still name the action.
            self.notify(READONLY_MESSAGE, severity="warning")
            return
        verb.run(self.verbs())

    def palette_verbs(self) -> list[Verb]:
        """The verbs without a key that this session may run."""
        allowed = (v for v in self.VERBS.values() if self.verb_allowed("verb", (v.name,)))
        return [v for v in allowed if v.key is None]
