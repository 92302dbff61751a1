"""Delivering farm events: a toast, a bell, a desktop notification, a command hook.

`AlertService` runs the watcher (`cuetui.core.alerts`) on its own timer, one read in flight,
only while a rule is on, and hands each event to every channel the settings allow. A desktop
notification is an OSC 9 or OSC 777 sequence written to the terminal (the terminal shows it);
the hook runs the configured command once per event with the event as JSON on stdin, in a
thread, with a timeout, never through a shell.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import subprocess
from collections.abc import Mapping
from typing import TYPE_CHECKING

from cuetui.client.urls import redact_url
from cuetui.core.alerts import AlertEngine, AlertWatch, FarmEvent, clean
from cuetui.core.polling import _reason
from cuetui.notify_settings import RULES, NotifySettings

if TYPE_CHECKING:
    from cuetui.app import CuetuiApp

log = logging.getLogger(__name__)
HOOK_TIMEOUT = 10.0
# Terminals known to show OSC 9 (iTerm2, WezTerm, ghostty, Windows Terminal) or OSC 777 (foot,
# VTE terminals such as GNOME Terminal, urxvt with its notify extension).
_OSC9_PROGRAMS = {"iTerm.app", "WezTerm", "ghostty"}


def desktop_kind(setting: str, env: Mapping[str, str]) -> str | None:
    """The sequence to use: osc9, osc777 or None (the terminal would not show it)."""
    if setting in ("osc9", "osc777"):
        return setting
    if setting == "off":
        return None
    if env.get("TERM_PROGRAM") in _OSC9_PROGRAMS or env.get("WT_SESSION"):
        return "osc9"
    if env.get("TERM", "").startswith("foot") or env.get("VTE_VERSION"):
        return "osc777"
    return None


def desktop_sequence(kind: str, title: str, text: str) -> str:
    """The escape sequence, its text cleaned of anything that could end it early."""
    title, text = clean(title), clean(text)
    if kind == "osc777":  # `;` separates its fields
        title, text = title.replace(";", ","), text.replace(";", ",")
        return f"\x1b]777;notify;{title};{text}\x1b\\"
    return f"\x1b]9;{title}: {text}\x1b\\"


def run_hook(argv: tuple[str, ...], payload: str) -> str | None:
    """Run the hook with `payload` on stdin; None when it worked, else why not (one line)."""
    try:
        done = subprocess.run(
            list(argv),
            input=payload,
            text=True,
            capture_output=True,
            timeout=HOOK_TIMEOUT,
            check=False,
        )
    except FileNotFoundError:
        return f"{argv[0]} not found"
    except PermissionError:
        return f"{argv[0]} cannot be run (permission denied)"
    except subprocess.TimeoutExpired:
        return f"{argv[0]} did not finish within {HOOK_TIMEOUT:g} s"
    except OSError as exc:
        return f"{argv[0]}: {exc.strerror or exc}"
    if done.returncode != 0:
        said = (done.stderr or "").strip().splitlines()
        return f"{argv[0]} exited {done.returncode}" + (f": {said[-1][:200]}" if said else "")
    return None


class AlertService:
    """The app's notifications: the watcher's timer, the engine, the channels."""

    def __init__(self, app: CuetuiApp) -> None:
        self.app = app
        self.notify = app.settings.notify
        self.engine = AlertEngine(self.notify)
        self._timer: object | None = None
        self._busy = False
        self.sent: list[FarmEvent] = []
        """Events delivered this session, oldest first (bounded: the last 200)."""
        self._hook_failed = False

    @property
    def rules(self) -> frozenset[str]:
        return self.notify.rules

    def start(self) -> None:
        """Arm the watcher's timer when a rule is on (and read once now)."""
        if not self.notify.rules or self._timer is not None:
            return
        self._timer = self.app.set_interval(self.notify.every, self.read_now, name="alerts")
        self.read_now()

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()  # type: ignore[attr-defined]
            self._timer = None

    def toggle(self, rule: str) -> bool:
        """Turn a rule on or off for this session; True when it is now on."""
        rules = set(self.notify.rules) ^ {rule}
        self._set(NotifySettings(**{**self.notify.model_dump(), "rules": frozenset(rules)}))
        on = rule in rules
        what = RULES[rule]
        self.app.notify(f"Notify {'on' if on else 'off'}: {what}", timeout=6)
        return on

    def _set(self, notify: NotifySettings) -> None:
        self.stop()
        self.notify = notify
        self.engine = AlertEngine(notify)  # a new baseline: no replay of what changed meanwhile
        self.start()

    def read_now(self) -> None:
        if self._busy or not self.notify.rules:
            return  # one read in flight
        self._busy = True
        self.app.run_worker(self._read(), group="alerts", exit_on_error=False, description="alerts")

    async def _read(self) -> None:
        watch = AlertWatch(self.notify, self.app.settings.user)
        try:
            try:
                read = await watch.read(self.app.client)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the gateway's trouble: only gateway_down speaks
                events = self.engine.gateway(False, self.app.clock(), _reason(exc))
            else:
                events = self.engine.gateway(True, self.app.clock())
                events += self.engine.observe(read)
        finally:
            self._busy = False
        for event in events:
            await self.deliver(event)

    async def deliver(self, event: FarmEvent) -> None:
        """Every channel: toast and bell, desktop notification, hook (each event once)."""
        self.sent = [*self.sent[-199:], event]
        log.info("notify %s: %s", event.rule, event.text)
        self.app.notify(event.text, title=event.title, severity=event.severity, timeout=12)
        if self.notify.bell:
            self.app.bell()
        kind = desktop_kind(self.notify.desktop, os.environ)
        if kind is not None:
            self.app.write_escape(desktop_sequence(kind, event.title, event.text))
        if self.notify.command:
            settings = self.app.settings
            gateway = redact_url(settings.gateway)  # never a password in a URL
            payload = event.as_json(self.app.clock(), gateway, settings.profile)
            failed = await asyncio.to_thread(run_hook, self.notify.command, json.dumps(payload))
            if failed is not None:
                log.warning("notify command failed: %s", failed)
                if not self._hook_failed:  # once: a broken hook must not toast every event
                    self._hook_failed = True
                    self.app.notify(f"Notify command failed: {failed}", severity="error")
