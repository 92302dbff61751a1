"""`cuetui serve`: the wall dashboard (or the read-only app) in a browser, through textual-serve.

Each browser tab gets its own cuetui process, started by textual-serve with the command below.
The page is cuetui's own (`serve_page/app_index.html`): no font or script from outside the
server, a font size readable across a room, and it reconnects by itself when the app or the
connection dies, so a wall heals without a click.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shlex
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

PAGE_DIR = Path(__file__).parent / "serve_page"
DEFAULT_FONT_SIZE = 20
"""Pixels: a 1920-pixel-wide page then holds about 160 columns, readable across a room."""
MISSING_EXTRA = "cuetui serve: needs the serve extra (textual-serve): pip install 'cuetui[serve]'"

# The flags handed on to each app process. Secrets are never among them: they reach the
# app through the environment (CUETUI_JWT_SECRET, CUETUI_TOKEN) or a file, never the
# process list.
_PASSED_ON = ("gateway", "profile", "show", "token_file", "config", "refresh", "theme", "farms")


def app_command(cli: Mapping[str, Any], *, dashboard: bool = True) -> str:
    """The shell command textual-serve runs per browser tab: cuetui itself, read-only."""
    words = [sys.executable, "-m", "cuetui"]
    for key in _PASSED_ON:
        value = cli.get(key)
        if value not in (None, ""):
            words += [f"--{key.replace('_', '-')}", str(value)]
    if cli.get("no_color"):
        words.append("--no-color")
    if cli.get("log_file"):
        words += ["--log-file", str(cli["log_file"])]
    words.append("--readonly")
    if dashboard:
        words.append("--dashboard")
    return shlex.join(words)


def make_server(command: str, host: str, port: int, font_size: int, title: str) -> Any:
    """textual-serve's Server with cuetui's page (ImportError without the serve extra)."""
    import textual_serve.server
    from aiohttp import web
    from textual_serve.app_service import AppService
    from textual_serve.server import Server

    class HealingAppService(AppService):
        """textual-serve leaves the page's socket open when the app process dies, and the page
        then shows a dead app for good. Closing it lets the page reload: a new app starts."""

        async def run(self) -> None:
            try:
                await super().run()
            finally:
                await self.remote_close()

    # The server builds its AppService by this module-level name, one per page.
    textual_serve.server.AppService = HealingAppService  # type: ignore[misc]

    class CuetuiServer(Server):
        async def handle_index(self, request: web.Request) -> Any:
            # The page's font size comes from ?fontsize=; without it textual-serve uses 16.
            if "fontsize" not in request.query:
                query = dict(request.query, fontsize=str(font_size))
                raise web.HTTPFound(request.rel_url.with_query(query))
            return await super().handle_index(request)

    server = CuetuiServer(command, host=host, port=port, title=title, templates_path=PAGE_DIR)
    return server


def run_serve(args: Any, cli: Mapping[str, Any]) -> int:
    """Serve until Ctrl+C. `--demo` runs the simulated farm in this process first."""
    try:
        import textual_serve  # noqa: F401
    except ModuleNotFoundError:
        print(MISSING_EXTRA, file=sys.stderr)
        return 1
    passed = dict(cli)
    harness = None
    if args.demo:
        from cuetui.sim.extra import unavailable

        if (problem := unavailable("serve --demo")) is not None:
            print(problem, file=sys.stderr)
            return 1
        from cuetui.sim.harness import SimHarness

        secret = secrets.token_hex(24)
        harness = SimHarness(scenario=args.scenario, seed=7, secret=secret, free_running=True)
        try:
            harness.start()
        except Exception as exc:  # no traceback for a demo that cannot start
            print(f"cuetui serve: the simulated farm did not start: {exc}", file=sys.stderr)
            return 1
        os.environ["CUETUI_JWT_SECRET"] = secret  # the app processes inherit it
        passed["gateway"] = harness.url
        passed["profile"] = None
    command = app_command(passed, dashboard=not args.tui)
    title = "cuetui wall" if not args.tui else "cuetui"
    server = make_server(command, args.host, args.port, args.font_size, title)
    where = f"http://{args.host}:{args.port}/"
    print(f"cuetui serve: open {where} (read-only; Ctrl+C stops)", file=sys.stderr, flush=True)
    try:
        server.serve()
    except OSError as exc:
        print(f"cuetui serve: cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 1
    finally:
        if harness is not None:
            harness.close()
    return 0


def add_serve_arguments(parser: Any) -> None:
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1: only this machine; 0.0.0.0 for a "
        "wall elsewhere on the network, which then sees the farm read-only)",
    )
    parser.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    parser.add_argument(
        "--font-size",
        type=int,
        default=DEFAULT_FONT_SIZE,
        metavar="PX",
        help=f"the page's font size in pixels (default {DEFAULT_FONT_SIZE}; a page's "
        "?fontsize= wins)",
    )
    parser.add_argument(
        "--tui",
        action="store_true",
        help="serve the whole app (read-only) instead of the dashboard; `:` opens any view",
    )
    parser.add_argument(
        "--demo", action="store_true", help="serve the embedded simulated farm (cuetui[sim])"
    )
    parser.add_argument(
        "--farms",
        default=argparse.SUPPRESS,
        metavar="NAMES",
        help="serve a wall of several farms side by side (profiles, comma separated)",
    )
    parser.add_argument(
        "--scenario",
        default="small",
        choices=["small", "large"],
        help="the simulated farm with --demo (default small)",
    )
