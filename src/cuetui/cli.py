"""The `cuetui` command line: the app, and the `demo`, `sim`, `doctor` and `config` subcommands."""

from __future__ import annotations

import argparse
import sys

DASHBOARD_HELP = (
    "open the wall-display dashboard: farm health at a glance, no key needed, read-only "
    "(implies --readonly), keeps the last numbers through gateway outages"
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cuetui",
        description="A keyboard-driven terminal UI for an OpenCue render farm.",
    )
    _add_connection_args(parser)
    parser.add_argument("--dashboard", action="store_true", default=False, help=DASHBOARD_HELP)
    sub = parser.add_subparsers(dest="command")

    demo = sub.add_parser("demo", help="start the embedded simulated farm and open cuetui on it")
    demo.add_argument("--scenario", default="small", choices=["small", "large"])
    demo.add_argument("--seed", type=int, default=None)
    demo.add_argument("--readonly", action="store_true", help="hide and refuse every action")
    # SUPPRESS: `cuetui --dashboard demo` keeps the top level's flag.
    demo.add_argument(
        "--dashboard", action="store_true", default=argparse.SUPPRESS, help=DASHBOARD_HELP
    )

    sub.add_parser("sim", help="run the simulated gateway standalone", add_help=False)

    doctor = sub.add_parser("doctor", help="check the gateway, auth and farm, one line each")
    _add_connection_args(doctor)

    config = sub.add_parser("config", help="print the config file path and effective settings")
    _add_connection_args(config)
    return parser


def _add_connection_args(parser: argparse.ArgumentParser) -> None:
    # Defaults are SUPPRESS so a subcommand's flags do not overwrite the top level's.
    s = argparse.SUPPRESS
    parser.add_argument("--gateway", default=s, help="gateway URL, e.g. http://cuebot:8448")
    parser.add_argument("--profile", default=s, help="profile name from the config file")
    parser.add_argument("--show", default=s, help="show to open")
    parser.add_argument(
        "--token-file",
        default=s,
        help="file holding a ready JWT (the secret itself is never taken on the command line)",
    )
    parser.add_argument("--config", default=s, help="config file path")
    parser.add_argument("--refresh", type=float, default=s, help="refresh interval, seconds")
    parser.add_argument(
        "--readonly", action="store_true", default=s, help="hide and refuse every action"
    )


# Flags someone might try for a secret. Refused before argparse sees them, because argparse
# would echo the value back in its error, and the value is already in the process list.
_SECRET_FLAGS = ("--jwt-secret", "--secret", "--token", "--password")


def _secret_on_command_line(argv: list[str]) -> str | None:
    for arg in argv:
        flag = arg.split("=", 1)[0]
        if flag in _SECRET_FLAGS:
            return flag
    return None


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    flag = _secret_on_command_line(argv)
    if flag is not None:
        print(
            f"cuetui: {flag} is not accepted: a secret on the command line shows in the process "
            "list. Set CUETUI_JWT_SECRET or CUETUI_TOKEN, use --token-file, or name a "
            "secret_file in the config.",
            file=sys.stderr,
        )
        return 2
    if argv[:1] == ["sim"]:
        from cuetui.sim.cli import main as sim_main

        return sim_main(argv[1:])
    args = build_parser().parse_args(argv)
    dashboard = bool(getattr(args, "dashboard", False))
    if args.command == "demo":
        from cuetui.demo import run_demo

        return run_demo(
            scenario=args.scenario, seed=args.seed, readonly=args.readonly, dashboard=dashboard
        )

    from cuetui.config import ConfigError, load_settings

    cli = vars(args)
    if dashboard:
        cli["readonly"] = True  # a wall display never acts on the farm
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
    from cuetui.app import run_app

    return run_app(settings, dashboard=dashboard)
