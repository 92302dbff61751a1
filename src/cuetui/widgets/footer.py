"""The footer of every screen: one rule for all of them."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Footer

Keys = tuple[tuple[Any, ...], ...]


class KeysFooter(Footer):
    """The screen's own keys, compact; ctrl+p (the palette) is listed by `?`, not here.

    Textual's footer builds its keys again whenever the screen's bindings may have changed:
    each focus change, push, pop and modal. Most change nothing it shows, and each rebuild
    unmounts and mounts a dozen keys and lays the screen out again; this one rebuilds only
    when what it would show differs."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("compact", True)
        kwargs.setdefault("show_command_palette", False)
        super().__init__(**kwargs)
        self._composed: Keys | None = None

    def keys_shown(self) -> Keys:
        """What `compose` would show now: each key, its label, tooltip and whether enabled."""
        display = self.app.get_key_display
        keys = [
            (b.key, display(b), b.description, b.action, b.group, enabled, tooltip)
            for (_, b, enabled, tooltip) in self.screen.active_bindings.values()
            if b.show
        ]
        return (*keys, (self.show_command_palette, self.compact))

    def bindings_changed(self, screen: Screen[Any]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        if not self.is_attached:
            return
        keys = self.keys_shown()
        if keys != self._composed:
            self._composed = keys
            await self.recompose()
