"""The GatewayError hierarchy: every failure of a gateway call, each with a one-line message.

`str(error)` is written for a wrangler, not a developer: it names the URL or the call and
says what happened (and, where there is one, what to do). The raw parts stay available as
attributes (`status`, `code`, `path`, `url`) for code that needs them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

# gRPC status codes as grpc-gateway prints them in `{"code": n, ...}`.
GRPC_CANCELLED = 1
GRPC_UNKNOWN = 2
GRPC_INVALID_ARGUMENT = 3
GRPC_DEADLINE_EXCEEDED = 4
GRPC_NOT_FOUND = 5
GRPC_PERMISSION_DENIED = 7
GRPC_RESOURCE_EXHAUSTED = 8
GRPC_FAILED_PRECONDITION = 9
GRPC_UNIMPLEMENTED = 12
GRPC_INTERNAL = 13
GRPC_UNAVAILABLE = 14
GRPC_UNAUTHENTICATED = 16

# What a TLS-only server answers to a plain-http request (Go's net/http, nginx).
_TLS_ONLY = ("http request to an https server", "plain http request was sent to https port")

# Longest gateway text quoted in a message: Java exception texts can run to pages.
_MAX_QUOTE = 300


def _one_line(text: str, limit: int = _MAX_QUOTE) -> str:
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


class GatewayError(Exception):
    """Base of every gateway failure. `str()` is one line for people."""

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        url: str | None = None,
        status: int | None = None,
        code: int | None = None,
        detail: str | None = None,
    ) -> None:
        self.message = _one_line(message, 500)
        self.path = path
        self.url = url
        self.status = status
        self.code = code
        self.detail = detail
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message

    @property
    def call(self) -> str:
        """The short name of the call (`JobInterface/Kill`) or the path when unknown."""
        if not self.path:
            return "the gateway"
        return self.path.lstrip("/").split(".", 1)[-1]


class GatewayUnreachable(GatewayError):
    """No connection to the gateway (refused, DNS, TLS, dropped). Nothing was executed."""


class ConnectionRefused(GatewayUnreachable):
    """Nothing listens at the gateway's address (it is down or restarting): cheap to ask again."""


class GatewayTLSError(GatewayUnreachable):
    """The TLS handshake failed (certificate, CA bundle, protocol)."""


class GatewayTimeout(GatewayError):
    """No answer in time (client read timeout, or gateway/Cuebot DEADLINE_EXCEEDED/504)."""


class AuthError(GatewayError):
    """HTTP 401: the gateway refused the request's credentials; `reason` is its text."""

    def __init__(self, message: str, *, reason: str = "", **kw: Any) -> None:
        self.reason = reason
        super().__init__(message, **kw)


class TokenExpired(AuthError):
    """The gateway says the token has expired."""


class TokenNotYetValid(AuthError):
    """The gateway says the token is not valid yet: the two clocks disagree."""


class TokenRefused(AuthError):
    """The gateway refused the token (bad signature, malformed, wrong algorithm)."""


class PermissionDenied(GatewayError):
    """HTTP 403 / PERMISSION_DENIED (a proxy, or Cuebot refusing the change)."""


class UnknownPath(GatewayError):
    """The gateway has no such route: it is probably older than the call."""


class NotFound(GatewayError):
    """NOT_FOUND: the show, job, host... does not exist (any more)."""


class UnknownShow(NotFound):
    """The show is not on this farm; `missing` are the names asked for, `shows` all there are."""

    def __init__(self, missing: list[str], shows: list[str], *, limit: int = 8, **kw: Any) -> None:
        self.missing = list(missing)
        self.shows = sorted(shows)
        super().__init__(unknown_show_message(self.missing, self.shows, limit=limit), **kw)


def unknown_show_message(missing: list[str], shows: list[str], *, limit: int = 8) -> str:
    """`show 'nosuch' is not on this farm (shows: a, b, c)`, with a guess when one is close."""
    import difflib

    named = ", ".join(f"'{_one_line(m, 60)}'" for m in missing)
    head = f"show {named} is" if len(missing) == 1 else f"shows {named} are"
    listed = ", ".join(shows[:limit]) + (
        f" and {len(shows) - limit} more" if len(shows) > limit else ""
    )
    text = f"{head} not on this farm ({'shows: ' + listed if shows else 'it has no shows'})"
    lowered = {s.lower(): s for s in shows}
    guesses = [
        lowered.get(m.lower()) or next(iter(difflib.get_close_matches(m, shows, 1, 0.75)), None)
        for m in missing
    ]
    guesses = [g for g in guesses if g]
    if guesses:
        text += f"; did you mean {', '.join(repr(g) for g in guesses)}?"
    return text


class InvalidArgument(GatewayError):
    """INVALID_ARGUMENT (or a body the gateway could not parse)."""


class FailedPrecondition(InvalidArgument):
    """FAILED_PRECONDITION, e.g. "Finished jobs are readonly"."""


class Unimplemented(GatewayError):
    """UNIMPLEMENTED / 501: the gateway knows the path but not this use of it."""


class Unavailable(GatewayError):
    """UNAVAILABLE / 503 / 502: the gateway is up but cannot reach Cuebot (or a proxy fails)."""


class Internal(GatewayError):
    """INTERNAL / UNKNOWN / 500: Cuebot failed; often a missing id on an action."""


class RateLimited(GatewayError):
    """HTTP 429 / RESOURCE_EXHAUSTED; `retry_after` seconds when the response said."""

    def __init__(self, message: str, *, retry_after: float | None = None, **kw: Any) -> None:
        self.retry_after = retry_after
        super().__init__(message, **kw)


class Cancelled(GatewayError):
    """CANCELLED / 499: the call was cancelled on the way."""


class BadResponse(GatewayError):
    """The gateway answered with something that is not the expected JSON (or cut short)."""


class ActionOutcomeUnknown(GatewayError):
    """An action was sent and no answer came: it may or may not have been done. Never retried."""


class UpdatedFramesFallback(GatewayError):
    """GetUpdatedFrames did not answer in time or failed: do a full GetFrames instead."""


# Statuses and codes for which a read may be tried again.
TRANSIENT_STATUSES = frozenset({429, 502, 503, 504})


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date); None if absent."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    import datetime as _dt

    if when.tzinfo is None:
        when = when.replace(tzinfo=_dt.UTC)
    return max(0.0, (when - _dt.datetime.now(_dt.UTC)).total_seconds())


def _grpc_body(content: bytes) -> tuple[int | None, str | None]:
    """(code, message) from a grpc-gateway error body, or (None, None) if it is not one."""
    try:
        data = json.loads(content)
    except (ValueError, UnicodeDecodeError):
        return None, None
    if not isinstance(data, dict) or "code" not in data:
        return None, None
    code = data.get("code")
    message = data.get("message")
    if not isinstance(code, int):
        return None, None
    return code, message if isinstance(message, str) else ""


def error_from_response(
    status: int,
    content: bytes,
    *,
    path: str,
    url: str,
    headers: Mapping[str, str] | None = None,
) -> GatewayError:
    """The typed error for a non-2xx response (401s are refined by the client's auth layer)."""
    code, message = _grpc_body(content)
    text = message if message is not None else content.decode("utf-8", "replace").strip()
    quoted = _one_line(text) if text else ""
    call = path.lstrip("/")
    kw: dict[str, Any] = {"path": path, "url": url, "status": status, "code": code}
    retry_after = parse_retry_after(headers.get("retry-after") if headers is not None else None)

    if status == 401 or code == GRPC_UNAUTHENTICATED:
        return AuthError(
            f"the gateway refused the credentials: {quoted or 'HTTP 401'}", reason=text, **kw
        )
    if status == 404 and (code is None or message == "Not Found"):
        # grpc-gateway's routing 404 says exactly "Not Found"; a proxy's 404 is not JSON.
        return UnknownPath(
            f"this gateway has no {path}: it may be older than the call", detail=text, **kw
        )
    if status == 429 or code == GRPC_RESOURCE_EXHAUSTED:
        wait = f"; retry after {retry_after:.0f}s" if retry_after is not None else ""
        return RateLimited(
            f"{call}: the gateway is rate limiting requests{wait}",
            retry_after=retry_after,
            detail=text,
            **kw,
        )
    if code is None:
        # No grpc-gateway body: a proxy or load balancer answered.
        by_status: dict[int, tuple[type[GatewayError], str]] = {
            400: (InvalidArgument, "bad request"),
            403: (PermissionDenied, "permission denied"),
            499: (Cancelled, "cancelled"),
            500: (Internal, "internal error"),
            501: (Unimplemented, "not implemented"),
            502: (Unavailable, "bad gateway (a proxy could not reach the gateway)"),
            503: (Unavailable, "service unavailable"),
            504: (GatewayTimeout, "gateway timeout"),
        }
        cls, what = by_status.get(status, (GatewayError, f"HTTP {status}"))
        suffix = f": {quoted}" if quoted and not quoted.startswith("<") else ""
        low = text.lower()
        if status == 400 and url.startswith("http://") and any(s in low for s in _TLS_ONLY):
            # Go's TLS server (the gateway's own) and nginx say so to a plain-http request.
            base = url.removesuffix(path).removeprefix("http://")
            suffix += f"; the gateway speaks TLS: try https://{base}"
        return cls(f"{call}: {what} (HTTP {status}){suffix}", detail=text, **kw)

    by_code: dict[int, tuple[type[GatewayError], str]] = {
        GRPC_NOT_FOUND: (NotFound, "not found"),
        GRPC_INVALID_ARGUMENT: (InvalidArgument, "invalid argument"),
        GRPC_FAILED_PRECONDITION: (FailedPrecondition, "refused"),
        GRPC_PERMISSION_DENIED: (PermissionDenied, "permission denied"),
        GRPC_UNAVAILABLE: (Unavailable, "Cuebot unavailable"),
        GRPC_DEADLINE_EXCEEDED: (GatewayTimeout, "Cuebot did not answer in time"),
        GRPC_UNIMPLEMENTED: (Unimplemented, "not implemented by this gateway"),
        GRPC_INTERNAL: (Internal, "Cuebot error"),
        GRPC_UNKNOWN: (Internal, "Cuebot error"),
        GRPC_CANCELLED: (Cancelled, "cancelled"),
    }
    cls, what = by_code.get(code, (GatewayError, f"gRPC code {code}"))
    return cls(f"{call}: {what}: {quoted}" if quoted else f"{call}: {what}", detail=text, **kw)
