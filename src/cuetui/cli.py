"""The `cuetui` command line: the app, and the `demo`, `sim`, `doctor`, `config` and
`completion` subcommands."""

from __future__ import annotations

import argparse
import logging
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from cuetui import __version__

if TYPE_CHECKING:
    from cuetui.config import Settings

DASHBOARD_HELP = (
    "open the wall-display dashboard: farm health at a glance, no key needed, read-only "
    "(implies --readonly), keeps the last numbers through gateway outages"
)
SHELLS = ("bash", "zsh", "fish")
# What `cuetui --help` says after the options (the config file's path is filled in).
EPILOG = """\
environment:
  CUETUI_GATEWAY      gateway URL
  CUETUI_JWT_SECRET   the gateway's JWT secret: cuetui mints short-lived tokens from it
  CUETUI_TOKEN        a ready JWT, instead of the secret
  CUETUI_PROFILE      the config file's profile to use
  CUETUI_CONFIG       config file path
  NO_COLOR            set (to anything): no colours, as --no-color
  TEXTUAL_THEME       theme, under --theme and over the config file
  Flags win over the environment, the environment over the config file.

config file:
  {config}
  `cuetui config` prints its path and the settings in effect (secrets masked).

examples:
  cuetui demo                               the simulated farm, nothing to set up
  cuetui --profile prod --show testing      a profile of the config file, a show's jobs
  cuetui doctor --gateway http://cuebot:8448
                                            check the gateway, TLS, auth and the farm
  cuetui --profile prod --dashboard         the read-only wall display
  cuetui completion bash > ~/.local/share/bash-completion/completions/cuetui
"""


class _Parser(argparse.ArgumentParser):
    """argparse, but a long word in an error (a pasted token or secret) is not repeated."""

    def error(self, message: str) -> NoReturn:
        super().error(re.sub(r"[^\s']{24,}", _not_shown, message))


def _not_shown(match: re.Match[str]) -> str:
    return f"<{len(match.group())} characters, not shown>"


def _config_path() -> str:
    from cuetui.config import default_config_path

    return str(default_config_path())


def build_parser() -> argparse.ArgumentParser:
    # allow_abbrev=False everywhere: `--tok X` must not be taken for `--token-file X`.
    parser = _Parser(
        prog="cuetui",
        description="A keyboard-driven terminal UI for an OpenCue render farm.\n"
        "With no command, opens the farm of the config file's profile (or --gateway).",
        epilog=EPILOG.format(config=_config_path()),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        allow_abbrev=False,
    )
    parser.add_argument(
        "--version", action="version", version=f"cuetui {__version__}", help="print the version"
    )
    _add_connection_args(parser)
    _add_display_args(parser)
    _add_log_args(parser)
    parser.add_argument("--dashboard", action="store_true", default=False, help=DASHBOARD_HELP)
    parser.add_argument(
        "--farms",
        default=None,
        metavar="NAMES",
        help="a wall of several farms side by side: profiles of the config file, comma "
        "separated (implies --dashboard; each farm polls on its own)",
    )
    sub = parser.add_subparsers(dest="command", title="commands", metavar="COMMAND")

    demo = _command(
        sub,
        "demo",
        "start the embedded simulated farm and open cuetui on it",
        "A seeded simulated farm on a loopback port with cuetui on it: nothing to set up, "
        "nothing real touched. Needs the simulator extra, cuetui[sim].",
    )
    demo.add_argument(
        "--scenario",
        default="small",
        choices=["small", "large", "xlarge"],
        help="small: 3 shows and 24 hosts with a failing, a paused and a checkpointing job "
        "to try every key on; large: 2,000+ jobs, 5,000 hosts; xlarge: 10,000 jobs, 25,000 "
        "hosts (default small)",
    )
    demo.add_argument(
        "--seed", type=int, default=None, help="the same seed gives the same farm (default 7)"
    )
    demo.add_argument("--readonly", action="store_true", help="hide and refuse every action")
    # SUPPRESS: `cuetui --dashboard demo` keeps the top level's flag.
    demo.add_argument(
        "--dashboard", action="store_true", default=argparse.SUPPRESS, help=DASHBOARD_HELP
    )
    _add_display_args(demo)
    _add_log_args(demo)

    from cuetui.sim.cli import DESCRIPTION, add_sim_arguments

    sim = _command(sub, "sim", "run the simulated gateway standalone (for curl, other clients)")
    sim.description = DESCRIPTION
    add_sim_arguments(sim)

    from cuetui.serve import add_serve_arguments

    serve = _command(
        sub,
        "serve",
        "serve the wall dashboard (or the read-only app) to a browser",
        "Serve the read-only wall dashboard in a web browser, one cuetui process per page "
        "(textual-serve; needs cuetui[serve]). The page reconnects by itself when the app or "
        "the connection dies. Secrets come from the environment or files, as for cuetui.",
    )
    add_serve_arguments(serve)
    _add_connection_args(serve)
    _add_display_args(serve)
    _add_log_args(serve)

    doctor = _command(
        sub,
        "doctor",
        "check the gateway, TLS, auth and farm, one line each",
        "Check the gateway, TLS, auth, latency and the farm, one line each. Exit status 0 "
        "when all pass, 3 gateway unreachable, 4 TLS, 5 credentials refused, 1 otherwise.",
    )
    _add_connection_args(doctor)

    config = _command(
        sub,
        "config",
        "print the config file path and the settings in effect (secrets masked)",
    )
    _add_connection_args(config)
    _add_display_args(config)
    _add_log_args(config)

    journal = _command(
        sub,
        "journal",
        "print the action journal: every action cuetui sent, newest first",
        "Print the action journal, newest first: when, the outcome (done, failed with the "
        "gateway's message, or unknown), the action and its targets, profile and user. The "
        "journal's file is set by `journal` in the config (`cuetui config` prints it).",
    )
    journal.add_argument(
        "--json", action="store_true", help="a JSON array of entries, with each request's body"
    )
    journal.add_argument(
        "--limit", type=int, default=None, metavar="N", help="only the newest N entries"
    )
    _add_connection_args(journal)

    completion = _command(
        sub,
        "completion",
        "print a shell completion script (bash, zsh or fish)",
        "Print a completion script for cuetui's commands and options. bash: cuetui completion "
        "bash > ~/.local/share/bash-completion/completions/cuetui; zsh: cuetui completion zsh "
        "> ~/.zfunc/_cuetui (with ~/.zfunc in $fpath); fish: cuetui completion fish > "
        "~/.config/fish/completions/cuetui.fish",
    )
    completion.add_argument("shell", choices=SHELLS, help="the shell to complete in")
    return parser


def _command(
    sub: Any, name: str, help_text: str, description: str | None = None
) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(
        name, help=help_text, description=description or help_text, allow_abbrev=False
    )
    return parser


def _add_connection_args(parser: argparse.ArgumentParser) -> None:
    # Defaults are SUPPRESS so a subcommand's flags do not overwrite the top level's.
    s = argparse.SUPPRESS
    parser.add_argument(
        "--gateway", default=s, metavar="URL", help="gateway URL, e.g. http://cuebot:8448"
    )
    parser.add_argument(
        "--profile", default=s, metavar="NAME", help="profile name from the config file"
    )
    parser.add_argument("--show", default=s, metavar="NAME", help="show to open")
    parser.add_argument(
        "--token-file",
        default=s,
        metavar="FILE",
        help="file holding a ready JWT (the secret itself is never taken on the command line)",
    )
    parser.add_argument("--config", default=s, metavar="FILE", help="config file path")
    parser.add_argument(
        "--refresh",
        type=float,
        default=s,
        metavar="SECONDS",
        help="seconds between polls, 0.5 to 3600 (default 3)",
    )
    parser.add_argument(
        "--readonly", action="store_true", default=s, help="hide and refuse every action"
    )


def _add_display_args(parser: argparse.ArgumentParser) -> None:
    s = argparse.SUPPRESS
    parser.add_argument(
        "--theme",
        default=s,
        metavar="NAME",
        help="colour theme (default: cuetui, the terminal's own 16 colours); ctrl+p lists "
        "them, and the one picked there is saved in the config file",
    )
    parser.add_argument(
        "--no-mouse",
        dest="mouse",
        action="store_false",
        default=s,
        help="leave the mouse to the terminal, to select and copy text (over SSH)",
    )
    parser.add_argument(
        "--no-color",
        dest="no_color",
        action="store_true",
        default=s,
        help="no colours, as NO_COLOR does: text styles and glyphs instead",
    )


def _add_log_args(parser: argparse.ArgumentParser) -> None:
    s = argparse.SUPPRESS
    parser.add_argument(
        "--log-file",
        default=s,
        metavar="FILE",
        help="where tracebacks, retries, token re-mints and poll failures are logged, never "
        "a secret (default: the user log folder; `cuetui config` prints it)",
    )
    parser.add_argument("--debug", action="store_true", default=s, help="log at debug level")


def _start_log(path: str | Path | None, debug: bool) -> int | None:
    """Open the log file: one that was asked for and cannot be written stops cuetui (2)."""
    from cuetui import applog

    try:
        applog.setup(Path(path) if path else None, debug=debug)
    except OSError as exc:
        where = path or applog.default_log_path()
        what = "error" if path else "warning"
        why = exc.strerror or exc
        print(f"cuetui: {what}: cannot write the log file {where}: {why}", file=sys.stderr)
        return 2 if path else None
    # A line per start: where one session's lines begin when several share the file.
    logging.getLogger("cuetui").info("cuetui %s started, pid %d", __version__, os.getpid())
    return None


# -- secrets on the command line ---------------------------------------------------------

# Words that make a flag look like it carries a secret. Such a flag is refused before
# argparse sees it, whatever it is: argparse would echo its value in an error, and the value
# is in the process list already.
_SECRET_WORDS = ("secret", "tok", "pass", "pwd", "key", "jwt", "auth", "cred", "bearer")
_NUMBER = re.compile(r"^-\.?\d")
SECRET_ADVICE = (
    "Set CUETUI_JWT_SECRET or CUETUI_TOKEN, use --token-file, or name a secret_file in the config."
)
SIM_SECRET_ADVICE = "Set CUETUI_JWT_SECRET or use `cuetui sim token --secret-file FILE`."


def _known_options(parser: argparse.ArgumentParser) -> set[str]:
    """Every option string of the parser and its subcommands (any depth)."""
    known: set[str] = set()
    for action in parser._actions:
        known.update(action.option_strings)
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                known |= _known_options(child)
    return known


def _looks_secret(flag: str) -> bool:
    name = flag.lstrip("-").lower().replace("_", "-")
    return any(word in name for word in _SECRET_WORDS)


def unknown_option(argv: list[str], parser: argparse.ArgumentParser) -> str | None:
    """The message for the first option cuetui does not have, naming only the flag.

    The value after it (or after its `=`) is never repeated: `--jwt_secret X`, `--tok X`,
    `-t X` would otherwise reach argparse, which echoes X in its usage error.
    """
    known = _known_options(parser)
    for arg in argv:
        if arg == "--":
            break
        if not arg.startswith("-") or arg == "-" or _NUMBER.match(arg):
            continue
        flag = arg.split("=", 1)[0]
        if flag in known:
            continue
        if _looks_secret(flag):
            advice = SIM_SECRET_ADVICE if argv[:1] == ["sim"] else SECRET_ADVICE
            return (
                f"cuetui: {flag} is not accepted: a secret on the command line shows in the "
                f"process list (its value is not repeated here). {advice}"
            )
        return (
            f"cuetui: unknown option {flag} (its value, if any, is not repeated here); "
            "`cuetui --help` lists the options"
        )
    return None


# -- running ------------------------------------------------------------------------------


def _completion(shell: str, parser: argparse.ArgumentParser) -> int:
    """Print the completion script: file names after FILE/DIR options, theme names."""
    try:
        import shtab
    except ModuleNotFoundError:
        print("cuetui completion: needs the shtab package: pip install shtab", file=sys.stderr)
        return 1
    from cuetui.config import known_themes

    def annotate(p: argparse.ArgumentParser) -> None:
        for action in p._actions:
            if action.metavar in ("FILE", "DIR"):
                action.complete = shtab.FILE if action.metavar == "FILE" else shtab.DIRECTORY  # type: ignore[attr-defined]
            elif "--theme" in action.option_strings:
                action.choices = known_themes()  # completion only: this parser parses nothing
            if isinstance(action, argparse._SubParsersAction):
                for child in action.choices.values():
                    annotate(child)

    annotate(parser)
    print(shtab.complete(parser, shell=shell), end="")
    return 0


def _serve(args: argparse.Namespace, cli: dict[str, Any]) -> int:
    """Check the settings here, once, so a wrong flag stops the server rather than each page."""
    from cuetui.config import ConfigError, load_settings
    from cuetui.serve import run_serve

    if not args.demo:
        try:
            settings = load_settings({**cli, "readonly": True})
        except ConfigError as exc:
            print(f"cuetui: {exc}", file=sys.stderr)
            return 2
        for warning in settings.warnings:
            print(f"cuetui: warning: {warning}", file=sys.stderr)
    if not 6 <= args.font_size <= 96:
        print(
            f"cuetui: --font-size must be from 6 to 96 pixels, not {args.font_size}",
            file=sys.stderr,
        )
        return 2
    return run_serve(args, cli)


def _journal(settings: Settings, *, as_json: bool, limit: int | None) -> int:
    """`cuetui journal`: the entries, newest first, as lines or as JSON."""
    import json

    from cuetui.core.journal import journal_path
    from cuetui.core.journal_read import JournalUnreadable, entry_line, read_journal

    if limit is not None and limit < 1:
        print(f"cuetui journal: --limit must be 1 or more, not {limit}", file=sys.stderr)
        return 2
    path = journal_path(settings)
    if path is None:
        print("cuetui journal: the journal is off (journal = false in the config)", file=sys.stderr)
        return 1
    try:
        entries = read_journal(path, limit=limit)
    except JournalUnreadable as exc:
        print(f"cuetui journal: {exc}", file=sys.stderr)
        return 1
    if as_json:
        print(json.dumps([e.as_json() for e in entries], indent=2, ensure_ascii=False))
        return 0
    if not entries:
        print(f"No action journaled yet ({path})", file=sys.stderr)
    for entry in entries:
        print(entry_line(entry))
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    problem = unknown_option(argv, parser)
    if problem is not None:
        print(problem, file=sys.stderr)
        return 2
    args = parser.parse_args(argv)
    if getattr(args, "no_color", False):
        os.environ["NO_COLOR"] = "1"  # Textual reads it when the app starts
    if args.command == "completion":
        return _completion(args.shell, parser)
    if args.command == "sim":
        from cuetui.sim.cli import run as run_sim

        return run_sim(args)
    from cuetui.config import ConfigError, load_settings

    farms = tuple(n for n in (getattr(args, "farms", None) or "").replace(",", " ").split())
    dashboard = bool(getattr(args, "dashboard", False)) or bool(farms)
    cli = vars(args)
    if args.command == "demo":
        from cuetui.demo import run_demo

        if (failed := _start_log(cli.get("log_file"), bool(cli.get("debug")))) is not None:
            return failed
        try:
            return run_demo(
                scenario=args.scenario,
                seed=args.seed,
                readonly=args.readonly,
                dashboard=dashboard,
                preferences=cli,
            )
        except ConfigError as exc:  # a bad --theme
            print(f"cuetui: {exc}", file=sys.stderr)
            return 2
    if dashboard:
        cli["readonly"] = True  # a wall display never acts on the farm
    if args.command == "serve":
        return _serve(args, cli)
    try:
        settings = load_settings(cli)
    except ConfigError as exc:
        print(f"cuetui: {exc}", file=sys.stderr)
        return 2
    if args.command != "config":  # `cuetui config` prints them with the settings
        for warning in settings.warnings:
            print(f"cuetui: warning: {warning}", file=sys.stderr)
    if args.command == "doctor":
        from cuetui.doctor import run_doctor

        return run_doctor(settings)
    if args.command == "config":
        from cuetui.config import print_config

        return print_config(settings)
    if args.command == "journal":
        return _journal(settings, as_json=args.json, limit=args.limit)
    if (failed := _start_log(settings.log_file, settings.debug)) is not None:
        return failed
    from cuetui.app import run_app

    return run_app(settings, dashboard=dashboard, farms=farms)
