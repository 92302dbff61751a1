"""The RPC registry and the errors a handler raises (mapped to gRPC codes by the gateway)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from google.protobuf.message import Message

# Texts Cuebot puts in its errors; clients must show them, never parse them.
EMPTY_RESULT = "Incorrect result size: expected 1, actual 0"
JAVA_EMPTY_RESULT = f"org.springframework.dao.EmptyResultDataAccessException: {EMPTY_RESULT}"

Handler = Callable[[Any, Any], Message]
HANDLERS: dict[str, Handler] = {}


class RpcError(Exception):
    """A gRPC status: `code` is the numeric gRPC code."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class Hang(Exception):
    """Cuebot never answers this call (GetUpdatedFrames with a stale lastCheck)."""


def not_found(message: str = EMPTY_RESULT) -> RpcError:
    return RpcError(5, message)


def internal(message: str = JAVA_EMPTY_RESULT) -> RpcError:
    return RpcError(13, message)


def rpc(*paths: str) -> Callable[[Handler], Handler]:
    """Register a handler for `<package>.<Service>/<Method>` paths (no leading slash)."""

    def wrap(fn: Handler) -> Handler:
        for path in paths:
            HANDLERS[path] = fn
        return fn

    return wrap


def load_handlers() -> dict[str, Handler]:
    """Import every service module (they register themselves) and return the registry."""
    from cuetui.sim import (  # noqa: F401
        svc_depend,
        svc_dept,
        svc_filter,
        svc_group,
        svc_host,
        svc_job,
        svc_layer,
        svc_limit,
        svc_owner,
        svc_service,
        svc_show,
        svc_subscription,
    )

    return HANDLERS
