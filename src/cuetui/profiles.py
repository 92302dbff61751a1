"""`:profile NAME`: switch the running app to another profile of the config file.

The new profile's settings are read and checked first; nothing changes when they are wrong
(the message says why). Then the app drops the old gateway's client, the notification
watcher and the views on the old farm, and opens the new farm's first view, as a fresh
start would. A read-only app (a wall) stays read-only.
"""

from __future__ import annotations

import tomllib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.app import App

    from cuetui.app import CuetuiApp
    from cuetui.navigation import ViewContext


def profile_names(app: App[Any]) -> list[str]:
    """The profiles of the app's config file (for `:profile` completion)."""
    path = getattr(app, "settings", None) and app.settings.config_path  # type: ignore[attr-defined]
    if path is None:
        return []
    try:
        data = tomllib.loads(path.read_text())
    except (OSError, tomllib.TOMLDecodeError):
        return []
    profiles = data.get("profiles")
    return sorted(profiles) if isinstance(profiles, dict) else []


def open_profile(app: App[Any], context: ViewContext, arg: str) -> str | None:
    """`:profile NAME`; a message when nothing switched."""
    return switch_profile(app, arg)  # type: ignore[arg-type]


def switch_profile(app: CuetuiApp, name: str) -> str | None:
    from cuetui import applog
    from cuetui.config import ConfigError, load_settings

    current = app.settings.profile or "(none)"
    known = ", ".join(profile_names(app)) or "none in the config file"
    if not name:
        return f"Profile: {current}. :profile NAME switches (profiles: {known})"
    if name == app.settings.profile:
        return f"Already on profile {name}"
    cli: dict[str, Any] = {"profile": name}
    if app.settings.config_path is not None:
        cli["config"] = str(app.settings.config_path)
    try:
        settings = load_settings(cli)
    except ConfigError as exc:
        return str(exc)
    if app.readonly and not settings.readonly:
        settings = settings.model_copy(update={"readonly": True})  # a wall stays a wall
    applog.protect(*(s.get_secret_value() for s in (settings.jwt_secret, settings.token) if s))
    app.call_next(_switch, app, settings)
    return None


async def _switch(app: CuetuiApp, settings: Any) -> None:
    from cuetui.alert_delivery import AlertService

    old_client = app.use_settings(settings)
    while len(app.screen_stack) > 1:
        await app.pop_screen()
    await app.push_screen(app.first_screen())
    if old_client is not None:
        await old_client.aclose()
    app.alerts.stop()
    app.alerts = AlertService(app)
    app.alerts.start()
    app.refresh_catalog()
    app.notify(f"Profile {settings.profile}: {app.source_label}", timeout=6)
