"""Command palette provider: every action of the screen on view, and every view."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider

from cuetui import navigation
from cuetui.screens.base.verb import Verb, VerbScreen
from cuetui.screens.help import screen_bindings


def plain_markup(text: str) -> str:
    """`text` as Textual markup that reads back as itself.

    The palette reads help as Textual markup, where only `[` needs escaping; Rich's escape
    also doubles a trailing backslash, which Textual then shows raw (ctrl+backslash read as
    two backslashes).
    """
    return text.replace("[", "\\[")


class ScreenCommands(Provider):
    """The current screen's bindings (what --readonly hides stays hidden) and `:` views."""

    def _commands(self) -> list[tuple[str, str, Callable[[], Any]]]:
        screen, app = self.screen, self.app
        out: list[tuple[str, str, Callable[[], Any]]] = []
        seen: set[str] = set()
        # The screen's own verbs first (they are what the palette is mostly for).
        own = {b.action if isinstance(b, Binding) else b[1] for b in type(screen).BINDINGS}
        actives = sorted(screen_bindings(screen), key=lambda a: a.binding.action not in own)
        # Every key of an action, written as the footer writes keys (ctrl+backslash is ^\ ).
        keys_of: dict[str, list[str]] = {}
        for active in actives:
            shown = keys_of.setdefault(active.binding.action, [])
            key = app.get_key_display(active.binding)
            if key not in shown:
                shown.append(key)
        for active in actives:
            binding = active.binding
            if not active.enabled or binding.action in seen:
                continue
            seen.add(binding.action)
            node = active.node
            run = partial(app.run_action, binding.action, node)
            declared = screen.verb_of(binding.action) if isinstance(screen, VerbScreen) else None
            asks = f" · {declared.asks}" if declared is not None and declared.asks else ""
            out.append((binding.description, f"key {' '.join(keys_of[binding.action])}{asks}", run))
        # Verbs declared without a key, then keys that only look, offered here only.
        palette_verbs: list[Verb] = screen.palette_verbs() if isinstance(screen, VerbScreen) else []
        for verb in palette_verbs:
            out.append((verb.label, verb.asks, partial(screen.run_action, verb.action)))
        for action, description in getattr(screen, "PALETTE_ACTIONS", ()):
            if action not in seen and screen.check_action(action, ()):
                out.append((description, "", partial(screen.run_action, action)))
        alerts = getattr(app, "alerts", None)  # CuetuiApp's notification rules
        if alerts is not None:
            from cuetui.notify_settings import RULES

            for rule, what in RULES.items():
                state = "off" if rule in alerts.rules else "on"
                out.append((f"Notify: turn {state} {rule}", what, partial(alerts.toggle, rule)))
        context_of = getattr(screen, "context", None)
        context = context_of() if callable(context_of) else navigation.ViewContext()
        run_command = getattr(app, "run_command", None)  # CuetuiApp's; not every App has it
        if run_command is not None:
            for name in navigation.names():
                view = navigation.VIEWS[name]
                out.append((f"Go to :{name}", view.help, partial(run_command, name, context)))
        return out

    async def discover(self) -> Hits:
        for title, help_text, callback in self._commands():
            yield DiscoveryHit(title, callback, help=plain_markup(help_text))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=plain_markup(help_text))
