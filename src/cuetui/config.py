"""Configuration: the TOML profiles file, environment overrides, CLI flags -> `Settings`.

The file lives at `platformdirs.user_config_dir("cuetui")/config.toml` (or `--config`, or
`CUETUI_CONFIG`)::

    default_profile = "prod"

    [profiles.prod]
    gateway = "https://opencue-gateway.example:8448"
    show = "testing"
    refresh = 3.0
    readonly = false
    verify = "/etc/ssl/farm-ca.pem"      # true, false, or a CA bundle path
    secret_file = "~/.config/cuetui/prod.secret"   # the gateway's JWT secret: cuetui mints
    # token_file = "~/.config/cuetui/prod.jwt"     # ...or a ready token

    theme = "nord"      # top level or per profile; a theme picked in the palette is saved
    mouse = false       # terminal-native text selection (over SSH)

Keys at the top level apply to every profile. Precedence, highest first: command-line
flags the user typed, then `CUETUI_GATEWAY` / `CUETUI_TOKEN` / `CUETUI_JWT_SECRET` /
`CUETUI_PROFILE`, then the profile, then the top level, then the defaults. Secrets are
never read from the command line (they would show in the process list) nor from the TOML
file itself: only from the environment or from a file the config names.
"""

from __future__ import annotations

import getpass
import math
import os
import re
import stat
import sys
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import urlsplit

import platformdirs
from pydantic import BaseModel, ConfigDict, SecretStr

from cuetui.applog import default_log_path
from cuetui.client.auth import DEFAULT_LIFETIME, MintedToken, NoAuth, StaticToken, TokenSource
from cuetui.client.urls import redact_url, userinfo_warning
from cuetui.notify_settings import NotifySettings, parse_notify

DEFAULT_GATEWAY = "http://localhost:8448"

# Settings a profile (or the top level) may set, with the type each must have.
_FILE_KEYS: dict[str, tuple[type, ...]] = {
    "gateway": (str,),
    "user": (str,),
    "show": (str,),
    "readonly": (bool,),
    "refresh": (int, float),
    "frame_page_size": (int,),
    "llu_warn_minutes": (int, float),
    "verify": (bool, str),
    "connect_timeout": (int, float),
    "read_timeout": (int, float),
    "token_file": (str,),
    "secret_file": (str,),
    "token_lifetime": (int, float),
    "log_file": (str,),
    "journal": (bool, str),
    "theme": (str,),
    "mouse": (bool,),
    "notify": (dict,),
}
_TYPE_NAMES = {
    bool: "true or false",
    str: "a string",
    int: "a whole number",
    float: "a number",
    dict: "a table ([notify])",
}
# Keys that would put a secret in the TOML file itself.
_SECRET_KEYS = {"secret", "jwt_secret", "token", "password"}
# CLI keys (argparse dests) that load_settings reads; everything else in `cli` is ignored.
# log_file and debug are the log file's flags (cuetui.applog).
_CLI_KEYS = (
    "gateway",
    "profile",
    "show",
    "token_file",
    "config",
    "refresh",
    "readonly",
    "theme",
    "mouse",
    "log_file",
    "debug",
)
# The app's own theme (ANSI colours, registered by `cuetui.app`): the default.
APP_THEME = "cuetui"
# Numbers a setting may take, inclusive, and the unit for messages. Outside them the value
# is refused, naming where it came from: `refresh = nan` would poll flat out, `inf` never.
LIMITS: dict[str, tuple[float, float, str]] = {
    "refresh": (0.5, 3600, " seconds"),
    "frame_page_size": (1, 10_000, " frames"),
    "llu_warn_minutes": (1, 10_080, " minutes"),
    "connect_timeout": (0.1, 300, " seconds"),
    "read_timeout": (0.1, 600, " seconds"),
    "token_lifetime": (60, 86_400, " seconds"),
}


class ConfigError(Exception):
    """A configuration problem; the message names the file, the line and what is wrong."""


def default_config_path() -> Path:
    """`<user config dir>/cuetui/config.toml` (platformdirs)."""
    return Path(platformdirs.user_config_dir("cuetui")) / "config.toml"


def default_journal_path() -> Path:
    """`<user state dir>/journal.jsonl`: the action journal (`cuetui.core.journal`)."""
    return Path(platformdirs.user_state_dir("cuetui")) / "journal.jsonl"


def _default_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (containers)
        return "unknown"


class Settings(BaseModel):
    """A resolved profile: everything the app, the client and doctor need.

    Build one without a config file (tests, `cuetui demo`) with `Settings.for_gateway`::

        Settings.for_gateway("http://127.0.0.1:8448", jwt_secret="s3cret", show="testing")
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    profile: str | None = None
    #: The config file that was read (None when there was none).
    config_path: Path | None = None
    gateway: str = DEFAULT_GATEWAY
    user: str = ""
    show: str | None = None
    readonly: bool = False
    refresh: float = 3.0
    frame_page_size: int = 500
    #: A running frame whose log has not changed for this long is marked (its LLU cell).
    llu_warn_minutes: float = 30.0
    verify: bool | str = True
    connect_timeout: float = 5.0
    read_timeout: float = 15.0
    token_file: Path | None = None
    secret_file: Path | None = None
    #: A ready token (from CUETUI_TOKEN or token_file). Never shown.
    token: SecretStr | None = None
    #: The gateway's JWT secret (from CUETUI_JWT_SECRET or secret_file). Never shown.
    jwt_secret: SecretStr | None = None
    token_lifetime: float = DEFAULT_LIFETIME
    #: A Textual theme name; None: `TEXTUAL_THEME`, else the app's own ANSI theme.
    theme: str | None = None
    #: False: no mouse reporting, so the terminal selects text (over SSH).
    mouse: bool = True
    #: The config file a theme picked in the palette is saved to (None: not saved).
    prefs_path: Path | None = None
    #: The log file (`--log-file`, `log_file`); None: `cuetui.applog.default_log_path()`.
    log_file: Path | None = None
    #: Log at debug level (`--debug`).
    debug: bool = False
    #: The action journal: True in the user state folder, False off, or this file
    #: (`cuetui.core.journal.journal_path`).
    journal: bool | Path = True
    #: Which farm events cuetui tells the user about, and how ([notify] in the config).
    notify: NotifySettings = NotifySettings()
    #: Where the credentials come from, for messages (never the credentials themselves).
    auth_source: str = "none"
    #: Problems worth telling the user that do not stop cuetui (e.g. file permissions).
    warnings: tuple[str, ...] = ()

    @classmethod
    def for_gateway(
        cls,
        url: str,
        *,
        jwt_secret: str | SecretStr | None = None,
        token: str | SecretStr | None = None,
        **overrides: Any,
    ) -> Settings:
        """Settings for `url` with a secret (cuetui mints tokens) or a ready token; no file.

        `overrides` set any other field (`show`, `readonly`, `refresh`, `user`, ...).
        """
        values: dict[str, Any] = {"gateway": _check_url(url, "for_gateway"), **overrides}
        values.setdefault("user", _default_user())
        if "warnings" not in values and (note := userinfo_warning(values["gateway"])):
            values["warnings"] = (note,)
        if jwt_secret is not None:
            values["jwt_secret"] = _secret(jwt_secret)
            values.setdefault("auth_source", "a JWT secret given in code")
        if token is not None:
            values["token"] = _secret(token)
            values.setdefault("auth_source", "a token given in code")
        return cls(**values)

    def token_source(self) -> TokenSource:
        """The client's auth: a ready token if there is one, else tokens minted from the secret."""
        if self.token is not None:
            return StaticToken(self.token, source=self.auth_source)
        if self.jwt_secret is not None:
            return MintedToken(
                self.jwt_secret,
                user=self.user or _default_user(),
                lifetime=self.token_lifetime,
                source=self.auth_source,
            )
        return NoAuth()

    @property
    def gateway_display(self) -> str:
        """The gateway URL for screens and messages: a password in it shows as `***`."""
        return redact_url(self.gateway)

    def masked(self) -> dict[str, Any]:
        """The settings as text, secrets masked: what `cuetui config` prints."""
        if self.token is not None:
            auth = f"ready token from {self.auth_source} (**********)"
        elif self.jwt_secret is not None:
            auth = (
                f"JWT secret from {self.auth_source} (**********): HS256 tokens for "
                f"sub={self.user}, valid {self.token_lifetime:g}s"
            )
        else:
            auth = "none (set CUETUI_JWT_SECRET or CUETUI_TOKEN)"
        return {
            "profile": self.profile or "(none)",
            "gateway": self.gateway_display,
            "user": self.user,
            "show": self.show or "(none)",
            "readonly": self.readonly,
            "refresh": f"{self.refresh:g}s",
            "frame_page_size": self.frame_page_size,
            "llu_warn_minutes": f"{self.llu_warn_minutes:g}",
            "verify": self.verify,
            "connect_timeout": f"{self.connect_timeout:g}s",
            "read_timeout": f"{self.read_timeout:g}s",
            "theme": self.theme or APP_THEME,
            "mouse": self.mouse,
            "journal": _journal_text(self.journal),
            "auth": auth,
        }


def _journal_text(journal: bool | Path) -> str:
    if journal is False:
        return "off"
    return str(default_journal_path() if journal is True else journal)


def _secret(value: str | SecretStr) -> SecretStr:
    return value if isinstance(value, SecretStr) else SecretStr(value)


def _check_url(url: str, where: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        shown = redact_url(url)
        raise ConfigError(f"{where}: gateway must be an http:// or https:// URL, not {shown!r}")
    return url.rstrip("/")


# -- reading the file -------------------------------------------------------------------


def _line_of(text: str, table: str | None, key: str) -> int | None:
    """The line (from 1) where `key` is set inside `[table]` (top level when table is None)."""
    current: str | None = None
    header = re.compile(r"^\s*\[\s*([^\]]+?)\s*\]\s*(#.*)?$")
    assign = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
    for number, line in enumerate(text.splitlines(), start=1):
        match = header.match(line)
        if match:
            current = match.group(1).replace('"', "").replace("'", "").replace(" ", "")
            continue
        if current == table and assign.match(line):
            return number
    return None


def _table_line(text: str, table: str) -> int | None:
    for number, line in enumerate(text.splitlines(), start=1):
        flat = line.strip().replace('"', "").replace("'", "").replace(" ", "")
        if flat == f"[{table}]":
            return number
    return None


def _where(path: Path, line: int | None) -> str:
    return f"{path}, line {line}" if line else str(path)


def read_config_file(path: Path) -> tuple[dict[str, Any], str]:
    """(parsed TOML, text) of the config file; ConfigError with file and line when broken."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the config file: {exc}") from None
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as exc:
        # tomllib says "<what> (at line L, column C)"; turn that into "file, line L: what".
        msg = str(exc)
        match = re.search(r"\(at line (\d+), column (\d+)\)", msg)
        if match:
            what = msg[: match.start()].strip()
            raise ConfigError(
                f"{path}, line {match.group(1)}: {what} (column {match.group(2)})"
            ) from None
        if "end of document" in msg:
            last = len(text.splitlines()) or 1
            what = msg.split("(", 1)[0].strip()
            raise ConfigError(f"{path}, line {last}: {what} (the file ends too soon)") from None
        raise ConfigError(f"{path}: {msg}") from None


def _check_table(
    values: Mapping[str, Any], table: str | None, path: Path, text: str
) -> dict[str, Any]:
    """Validate one settings table (the top level or a profile) and return its settings."""
    out: dict[str, Any] = {}
    label = f"[{table}]" if table else "the top level"
    for key, value in values.items():
        if table is None and key in ("profiles", "default_profile"):
            continue
        line = _line_of(text, table, key)
        if key in _SECRET_KEYS:
            raise ConfigError(
                f"{_where(path, line)}: '{key}' would keep a secret in the config file; put it "
                "in a file of its own (chmod 600) and name that file with secret_file or "
                "token_file, or use CUETUI_JWT_SECRET / CUETUI_TOKEN"
            )
        if key not in _FILE_KEYS:
            known = ", ".join(sorted(_FILE_KEYS))
            raise ConfigError(
                f"{_where(path, line)}: unknown setting '{key}' in {label}; known settings: {known}"
            )
        types = _FILE_KEYS[key]
        # bool is an int in Python; refuse `refresh = true`.
        if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
            names = (_TYPE_NAMES[t] for t in types if not (t is int and float in types))
            want = " or ".join(dict.fromkeys(names))
            raise ConfigError(
                f"{_where(path, line)}: '{key}' must be {want}, not {type(value).__name__} "
                f"{value!r}"
            )
        out[key] = value
    return out


def _profile_values(
    data: dict[str, Any], text: str, path: Path, profile: str | None
) -> tuple[str | None, dict[str, Any]]:
    top = _check_table(data, None, path, text)
    profiles = data.get("profiles", {})
    if not isinstance(profiles, dict):
        raise ConfigError(
            f"{_where(path, _line_of(text, None, 'profiles'))}: "
            "'profiles' must be a table of [profiles.<name>] tables"
        )
    default = data.get("default_profile")
    if default is not None and not isinstance(default, str):
        line = _line_of(text, None, "default_profile")
        raise ConfigError(f"{_where(path, line)}: 'default_profile' must be a profile name")
    name = profile or default
    if name is None:
        if len(profiles) == 1:
            # One profile and no default: that one is meant.
            name = next(iter(profiles))
        else:
            return None, top
    if name not in profiles:
        known = ", ".join(sorted(profiles)) or "none"
        where = path
        if profile is None:
            where = Path(_where(path, _line_of(text, None, "default_profile")))
        raise ConfigError(f"{where}: no profile named '{name}' (profiles: {known})")
    table = profiles[name]
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: profiles.{name} must be a table")
    values = {**top, **_check_table(table, f"profiles.{name}", path, text)}
    if "token_file" in table and "secret_file" in table:
        line = _table_line(text, f"profiles.{name}")
        raise ConfigError(
            f"{_where(path, line)}: profile '{name}' sets both token_file and secret_file; keep one"
        )
    return name, values


# -- secrets ----------------------------------------------------------------------------


def _permission_warning(path: Path, what: str) -> str | None:
    if os.name != "posix":
        return None
    try:
        mode = path.stat().st_mode
    except OSError:
        return None
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        return (
            f"{what} {path} is readable by group or others (mode {stat.S_IMODE(mode):o}); "
            f"run: chmod 600 {path}"
        )
    return None


def _read_secret_file(path: Path, what: str, origin: str) -> tuple[SecretStr, str | None]:
    try:
        raw = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise ConfigError(f"{origin}: {what} {path} not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{origin}: cannot read {what} {path}: {exc}") from None
    if not raw:
        raise ConfigError(f"{origin}: {what} {path} is empty")
    return SecretStr(raw), _permission_warning(path, what)


# -- resolution -------------------------------------------------------------------------


def _refused(origin: str, key: str) -> str:
    """`--refresh` or `<file>, line 3: refresh`: the flag, or the file and the key."""
    return origin if origin.startswith("--") else f"{origin}: {key}"


def _shown(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else repr(value)


def _number(value: Any, key: str, origin: str, *, integer: bool = False) -> float:
    """`value` as a number within `LIMITS[key]`; ConfigError naming the flag or file+key."""
    low, high, unit = LIMITS[key]
    what = "a whole number" if integer else "a number"
    try:
        number = float(value)
    except OverflowError:  # a TOML integer too big for a float
        number = math.inf
    except (TypeError, ValueError):
        raise ConfigError(f"{_refused(origin, key)} must be {what}, not {value!r}") from None
    if math.isnan(number):
        raise ConfigError(
            f"{_refused(origin, key)} must be {what} from {low:g} to {high:g}{unit}, "
            "not nan (not a number)"
        )
    if not low <= number <= high:
        raise ConfigError(
            f"{_refused(origin, key)} must be from {low:g} to {high:g}{unit}, not {_shown(value)}"
        )
    if integer:
        if number != int(number):
            raise ConfigError(f"{_refused(origin, key)} must be {what}, not {value!r}")
        return int(number)
    return number


def known_themes() -> list[str]:
    """The theme names `theme` / `--theme` take: the app's own and Textual's built-in ones."""
    from textual.theme import BUILTIN_THEMES  # only when a theme is named: Textual is heavy

    return sorted({APP_THEME, *BUILTIN_THEMES})


def check_theme(name: Any, origin: str) -> str:
    """`name` when it is a known theme, else ConfigError naming `origin` and the themes."""
    themes = known_themes()
    if not isinstance(name, str) or name not in themes:
        raise ConfigError(
            f"{_refused(origin, 'theme')}: unknown theme {name!r}; themes: {', '.join(themes)}"
        )
    return name


def load_settings(cli: Mapping[str, Any], env: Mapping[str, str] | None = None) -> Settings:
    """Resolve the effective settings from the config file, the environment and CLI flags.

    `cli` holds only the flags the user typed (argparse `vars()` with SUPPRESS defaults);
    `env` defaults to `os.environ`.
    """
    env = os.environ if env is None else env
    cli = {k: v for k, v in cli.items() if k in _CLI_KEYS and v is not None}

    explicit_path = cli.get("config") or env.get("CUETUI_CONFIG")
    path = Path(explicit_path).expanduser() if explicit_path else default_config_path()
    profile_wanted = cli.get("profile") or env.get("CUETUI_PROFILE") or None

    values: dict[str, Any] = {}
    profile: str | None = None
    config_path: Path | None = None
    origin = {k: f"{path}" for k in _FILE_KEYS}
    if path.is_file() or explicit_path:
        data, text = read_config_file(path)
        profile, values = _profile_values(data, text, path, profile_wanted)
        config_path = path
        for key in values:
            section = f"profiles.{profile}" if profile else None
            line = _line_of(text, section, key) or _line_of(text, None, key)
            origin[key] = _where(path, line)
    elif profile_wanted:
        raise ConfigError(
            f"{path}: no config file, so there is no profile '{profile_wanted}' "
            "(create the file, or leave out --profile / CUETUI_PROFILE)"
        )

    if env.get("CUETUI_GATEWAY"):
        values["gateway"] = env["CUETUI_GATEWAY"]
        origin["gateway"] = "CUETUI_GATEWAY"
    if env.get("TEXTUAL_THEME"):
        values["theme"] = env["TEXTUAL_THEME"]
        origin["theme"] = "TEXTUAL_THEME"
    for key in ("gateway", "show", "refresh", "readonly", "token_file", "theme", "mouse"):
        if key in cli:
            values[key] = cli[key]
            origin[key] = "--no-mouse" if key == "mouse" else f"--{key.replace('_', '-')}"

    settings: dict[str, Any] = {"profile": profile, "config_path": config_path}
    settings["gateway"] = _check_url(
        str(values.get("gateway", DEFAULT_GATEWAY)), origin.get("gateway", "default")
    )
    settings["user"] = str(values.get("user") or _default_user())
    settings["show"] = values.get("show") or None
    settings["readonly"] = bool(values.get("readonly", False))
    settings["refresh"] = _number(values.get("refresh", 3.0), "refresh", origin["refresh"])
    settings["frame_page_size"] = _number(
        values.get("frame_page_size", 500),
        "frame_page_size",
        origin["frame_page_size"],
        integer=True,
    )
    settings["llu_warn_minutes"] = _number(
        values.get("llu_warn_minutes", 30.0), "llu_warn_minutes", origin["llu_warn_minutes"]
    )
    for key, default in (("connect_timeout", 5.0), ("read_timeout", 15.0)):
        settings[key] = _number(values.get(key, default), key, origin[key])
    settings["token_lifetime"] = _number(
        values.get("token_lifetime", DEFAULT_LIFETIME), "token_lifetime", origin["token_lifetime"]
    )
    if values.get("theme"):
        settings["theme"] = check_theme(values["theme"], origin["theme"])
    settings["mouse"] = bool(values.get("mouse", True))
    # A theme picked in the palette goes to the file that was read, else where one would be.
    settings["prefs_path"] = path
    if cli.get("log_file") or values.get("log_file"):
        settings["log_file"] = Path(cli.get("log_file") or values["log_file"]).expanduser()
    settings["debug"] = bool(cli.get("debug", False))
    journal = values.get("journal", True)
    if isinstance(journal, str):
        if not journal.strip():
            raise ConfigError(f"{origin['journal']}: journal must be true, false or a file path")
        journal = Path(journal).expanduser()
    settings["journal"] = journal
    if "notify" in values:
        try:
            notify = parse_notify(values["notify"], origin["notify"])
        except ValueError as exc:
            raise ConfigError(str(exc)) from None
        if notify.command:  # `~/bin/hook` as a shell would find it
            notify = notify.model_copy(
                update={"command": (str(Path(notify.command[0]).expanduser()), *notify.command[1:])}
            )
        settings["notify"] = notify
    verify = values.get("verify", True)
    if isinstance(verify, str):
        bundle = Path(verify).expanduser()
        if not bundle.is_file():
            raise ConfigError(f"{origin['verify']}: CA bundle {bundle} not found")
        verify = str(bundle)
    settings["verify"] = verify

    warnings: list[str] = []
    if note := userinfo_warning(settings["gateway"]):
        warnings.append(note)
    auth = _resolve_auth(values, env, origin, warnings)
    settings.update(auth)
    settings["warnings"] = tuple(warnings)
    return Settings(**settings)


def _resolve_auth(
    values: Mapping[str, Any],
    env: Mapping[str, str],
    origin: Mapping[str, str],
    warnings: list[str],
) -> dict[str, Any]:
    """Credentials: --token-file, CUETUI_TOKEN, CUETUI_JWT_SECRET, then the profile's files."""
    out: dict[str, Any] = {}
    token_file = values.get("token_file")
    secret_file = values.get("secret_file")
    if token_file and origin.get("token_file") == "--token-file":
        path = Path(token_file).expanduser()
        out["token"], warn = _read_secret_file(path, "token file", "--token-file")
        out.update(token_file=path, auth_source=f"token file {path}")
    elif env.get("CUETUI_TOKEN", "").strip():
        out.update(token=SecretStr(env["CUETUI_TOKEN"].strip()), auth_source="CUETUI_TOKEN")
        warn = None
    elif env.get("CUETUI_JWT_SECRET", "").strip():
        secret = env["CUETUI_JWT_SECRET"].strip()
        out.update(jwt_secret=SecretStr(secret), auth_source="CUETUI_JWT_SECRET")
        warn = None
    elif token_file:
        path = Path(token_file).expanduser()
        out["token"], warn = _read_secret_file(path, "token file", origin["token_file"])
        out.update(token_file=path, auth_source=f"token file {path}")
    elif secret_file:
        path = Path(secret_file).expanduser()
        out["jwt_secret"], warn = _read_secret_file(path, "secret file", origin["secret_file"])
        out.update(secret_file=path, auth_source=f"secret file {path}")
    else:
        warn = None
    if warn:
        warnings.append(warn)
    return out


def print_config(settings: Settings, *, file: TextIO | None = None) -> int:
    """Print where the config file is and the effective settings (secrets masked)."""
    from cuetui import __version__

    out = file or sys.stdout
    path = settings.config_path or default_config_path()
    print(f"cuetui {__version__}", file=out)
    state = "read" if settings.config_path else "not found; using defaults and environment"
    print(f"config file: {path} ({state})", file=out)
    log_level = "debug" if settings.debug else "info"
    print(f"log file: {settings.log_file or default_log_path()} ({log_level})", file=out)
    for key, value in settings.masked().items():
        print(f"{key}: {value}", file=out)
    for warning in settings.warnings:
        print(f"warning: {warning}", file=out)
    return 0
