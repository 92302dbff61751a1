"""The ASGI app standing in for the OpenCue REST Gateway (grpc-gateway v2 in front of Cuebot).

Order of a request, as in `rest_gateway/opencue_gateway/main.go`: JWT middleware on every
path (401 text/plain), then grpc-gateway's routing (unknown path 404 code 5, other method
than POST 501 code 12), then protojson parsing (400 code 3), then the RPC. Routes come from
the opencue-proto descriptors of the 22 services the gateway registers; an RPC the
simulator does not back answers UNIMPLEMENTED (501 code 12), as Cuebot's base class would.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from google.protobuf import symbol_database

from cuetui.sim.farm import SimulatedFarm
from cuetui.sim.faults import Faults
from cuetui.sim.fragments import Fragments
from cuetui.sim.protojson import ParseError, drop_fields, parse_request, to_dict
from cuetui.sim.rpc import Hang, RpcError, load_handlers

# main.go registerGRPCHandlers: 22 services.
SERVICES = (
    "show.ShowInterface",
    "job.FrameInterface",
    "job.GroupInterface",
    "job.JobInterface",
    "job.LayerInterface",
    "host.DeedInterface",
    "host.HostInterface",
    "host.OwnerInterface",
    "host.ProcInterface",
    "comment.CommentInterface",
    "facility.AllocationInterface",
    "facility.FacilityInterface",
    "filter.FilterInterface",
    "filter.ActionInterface",
    "filter.MatcherInterface",
    "depend.DependInterface",
    "subscription.SubscriptionInterface",
    "limit.LimitInterface",
    "service.ServiceInterface",
    "service.ServiceOverrideInterface",
    "task.TaskInterface",
    "department.DepartmentInterface",
)

# grpc-gateway runtime.HTTPStatusFromCode
HTTP_STATUS = {
    0: 200, 1: 499, 2: 500, 3: 400, 4: 504, 5: 404, 6: 409, 7: 403, 8: 429,
    9: 400, 10: 409, 11: 400, 12: 501, 13: 500, 14: 503, 15: 500, 16: 401,
}  # fmt: skip

# The gRPC code a status stands for when an action is refused on purpose (faults).
_CODE_FOR_STATUS = {400: 9, 401: 16, 403: 7, 404: 5, 409: 10, 429: 8, 499: 1, 500: 13, 501: 12,
                    503: 14, 504: 4}  # fmt: skip

HMAC_ALGS = {"HS256": hashlib.sha256, "HS384": hashlib.sha384, "HS512": hashlib.sha512}
KNOWN_ALGS = set(HMAC_ALGS) | {
    "RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
    "ES256", "ES384", "ES512", "EdDSA", "none",
}  # fmt: skip


@dataclass
class RecordedCall:
    """A request as the gateway received it (refused ones included)."""

    path: str
    body: dict[str, Any]
    time: float
    method: str = "POST"
    status: int | None = None  # the HTTP status answered (None: no answer)
    authorization: str | None = None
    raw: bytes = field(default=b"", repr=False)


def build_routes() -> dict[str, tuple[type, Callable | None]]:
    """`/<pkg>.<Service>/<Method>` -> (request class, handler or None if not backed)."""
    import importlib

    db = symbol_database.Default()
    handlers = load_handlers()
    routes: dict[str, tuple[type, Callable | None]] = {}
    for full in SERVICES:
        pkg = full.split(".")[0]
        module = importlib.import_module(f"opencue_proto.{pkg}_pb2")
        service = module.DESCRIPTOR.services_by_name[full.split(".")[1]]
        for method in service.methods:
            key = f"{full}/{method.name}"
            request_class = db.GetSymbol(method.input_type.full_name)
            routes["/" + key] = (request_class, handlers.get(key))
    return routes


def _b64url(segment: str) -> bytes:
    # golang-jwt v5 decodes with RawURLEncoding: no padding allowed.
    if "=" in segment:
        raise ValueError(f"illegal base64 data at input byte {segment.index('=')}")
    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))


def validate_jwt(token: str, secret: bytes, now: float | None = None) -> str | None:
    """None if valid, else golang-jwt v5's error text (what main.go prints after the prefix)."""
    parts = token.split(".")
    if len(parts) != 3:
        return "token is malformed: token contains an invalid number of segments"
    try:
        header = json.loads(_b64url(parts[0]))
    except ValueError as exc:
        what = "base64" if not isinstance(exc, json.JSONDecodeError) else "JSON"
        return f"token is malformed: could not {what} decode header"
    try:
        claims = json.loads(_b64url(parts[1]))
    except ValueError as exc:
        what = "base64" if not isinstance(exc, json.JSONDecodeError) else "JSON"
        return f"token is malformed: could not {what} decode claim"
    alg = header.get("alg") if isinstance(header, dict) else None
    if not isinstance(alg, str):
        return "token is unverifiable: signing method (alg) is unspecified"
    if alg not in KNOWN_ALGS:
        return "token is unverifiable: signing method (alg) is unavailable"
    try:
        signature = _b64url(parts[2])
    except ValueError:
        return "token is malformed: could not base64 decode signature"
    if alg not in HMAC_ALGS:
        return (
            "token is unverifiable: error while executing keyfunc: "
            f"Unexpected signing method: {alg}"
        )
    expected = hmac.new(secret, f"{parts[0]}.{parts[1]}".encode(), HMAC_ALGS[alg]).digest()
    if not hmac.compare_digest(expected, signature):
        return "token signature is invalid: signature is invalid"
    now = time.time() if now is None else now
    if isinstance(claims, dict):
        for name in ("exp", "nbf", "iat"):
            if name in claims and not isinstance(claims[name], int | float):
                return "token has invalid claims: token contains an invalid number"
        if "exp" in claims and now > claims["exp"]:
            return "token has invalid claims: token is expired"
        if "nbf" in claims and now < claims["nbf"]:
            return "token has invalid claims: token is not valid yet"
    return None


class GatewayApp:
    """ASGI app: JWT middleware + grpc-gateway routing + the simulated Cuebot."""

    def __init__(
        self,
        farm: SimulatedFarm,
        secret: str,
        faults: Faults | None = None,
        calls: list[RecordedCall] | None = None,
    ) -> None:
        self.farm = farm
        self.secret = secret.encode()
        self.faults = faults or Faults()
        self.calls: list[RecordedCall] = calls if calls is not None else []
        self.calls_lock = threading.Lock()
        self.routes = build_routes()
        self._hanging: set[asyncio.Future] = set()
        self.max_calls = 100_000
        self.fragments = Fragments()

    # ------------------------------------------------------------------ ASGI plumbing
    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        if scope["type"] != "http":
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        call = RecordedCall(
            path=scope["path"],
            body=_body_dict(body),
            time=time.time(),
            method=scope["method"],
            authorization=headers.get("authorization"),
            raw=body,
        )
        with self.calls_lock:
            self.calls.append(call)
            if len(self.calls) > self.max_calls:  # a demo left running for days
                del self.calls[: len(self.calls) - self.max_calls]
        await self._serve(call, headers, send)

    async def _respond(
        self,
        call: RecordedCall,
        send: Callable,
        status: int,
        body: bytes,
        content_type: str,
        extra: list[tuple[bytes, bytes]] | None = None,
    ) -> None:
        call.status = status
        headers = [
            (b"content-type", content_type.encode()),
            (b"content-length", str(len(body)).encode()),
            *(extra or []),
        ]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    async def _error(self, call: RecordedCall, send: Callable, code: int, message: str) -> None:
        body = json.dumps({"code": code, "message": message, "details": []}).encode()
        await self._respond(call, send, HTTP_STATUS.get(code, 500), body, "application/json")

    async def _text_401(self, call: RecordedCall, send: Callable, text: str) -> None:
        # Go's http.Error: text/plain, nosniff, and a trailing newline.
        await self._respond(
            call,
            send,
            401,
            (text + "\n").encode(),
            "text/plain; charset=utf-8",
            [(b"x-content-type-options", b"nosniff")],
        )

    @staticmethod
    async def _drop(send: Callable) -> None:
        transport = getattr(getattr(send, "__self__", None), "transport", None)
        if transport is not None:
            transport.close()
        # Let connection_lost run so uvicorn knows there is nobody left to answer.
        for _ in range(3):
            await asyncio.sleep(0)

    async def _hang(self, send: Callable) -> None:
        future = asyncio.get_running_loop().create_future()
        self._hanging.add(future)
        try:
            await future
        except asyncio.CancelledError:
            pass
        finally:
            self._hanging.discard(future)
        await self._drop(send)

    def release_hanging(self) -> None:
        """Called in the server's loop at shutdown: hung calls end with a dropped connection."""
        for future in list(self._hanging):
            if not future.done():
                future.set_result(None)

    # ------------------------------------------------------------------ the request
    async def _serve(self, call: RecordedCall, headers: dict[str, str], send: Callable) -> None:
        faults = self.faults
        fault = faults.pick(call.path) if faults.active else None
        if faults.latency:
            await asyncio.sleep(faults.latency)
        if fault == "drop":
            return await self._drop(send)
        if fault == "hang":
            return await self._hang(send)
        if fault == "error":
            return await self._proxy_error(call, send, faults.error_status)
        if fault == "throttle":
            return await self._respond(
                call,
                send,
                429,
                b"Too Many Requests\n",
                "text/plain; charset=utf-8",
                [(b"retry-after", str(faults.retry_after).encode())],
            )

        auth = headers.get("authorization", "")
        if not auth:
            return await self._text_401(call, send, "Authorization header required")
        token = auth.removeprefix("Bearer ")
        problem = validate_jwt(token, self.secret)
        if problem is None and fault == "expired":
            problem = "token has invalid claims: token is expired"
        if problem is not None:
            return await self._text_401(call, send, f"Token validation error: {problem}")

        route = self.routes.get(call.path)
        if route is None:
            return await self._error(call, send, 5, "Not Found")
        if call.method != "POST":
            return await self._error(call, send, 12, "Method Not Allowed")
        request_class, handler = route
        try:
            request = parse_request(call.raw, request_class)
        except ParseError as exc:
            return await self._error(call, send, 3, str(exc))
        if faults.unknown_fields:
            drop_fields(request, faults.unknown_fields)
        refusal = faults.refusal(call.path) if faults.active else None
        if refusal is not None:
            return await self._refuse(call, send, *refusal)
        if handler is None:
            # grpc-java's asyncUnimplementedUnaryCall text.
            return await self._error(call, send, 12, f"Method {call.path[1:]} is unimplemented")
        try:
            with self.farm.lock:
                answer = handler(self.farm, request)
                # Unchanged jobs and hosts reuse their JSON (fragments.py): 15 MB of hosts.
                altered = faults.altered
                data = to_dict(answer) if altered else None
                payload = b"" if altered else self.fragments.encode(answer)
            if data is not None:
                faults.rewrite(data)
                payload = json.dumps(data, separators=(",", ":")).encode()
        except Hang:
            return await self._hang(send)
        except RpcError as exc:
            return await self._error(call, send, exc.code, exc.message)
        except Exception as exc:  # a simulator bug must still look like a gateway error
            return await self._error(call, send, 2, f"{type(exc).__name__}: {exc}")

        if fault == "garbage":
            return await self._respond(
                call, send, 200, b"<html><body>Gateway hiccup</body></html>", "application/json"
            )
        extra = [(b"grpc-metadata-content-type", b"application/grpc")]
        if fault == "truncate":
            call.status = 200
            head = [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(payload)).encode()),
                *extra,
            ]
            await send({"type": "http.response.start", "status": 200, "headers": head})
            await send(
                {
                    "type": "http.response.body",
                    "body": payload[: len(payload) // 2],
                    "more_body": True,
                }
            )
            return await self._drop(send)
        await self._respond(call, send, 200, payload, "application/json", extra)

    async def _refuse(self, call: RecordedCall, send: Callable, status: int, message: str) -> None:
        """An action answered `status` with `message`, the way grpc-gateway maps gRPC codes."""
        code = _CODE_FOR_STATUS.get(status)
        if code is None:  # 502 and the like: no gRPC code maps there, a proxy said it
            body = f"<html><body><h1>{status}</h1>{message}</body></html>".encode()
            return await self._respond(call, send, status, body, "text/html")
        await self._error(call, send, code, message)

    async def _proxy_error(self, call: RecordedCall, send: Callable, status: int) -> None:
        if status == 503:
            # What the gateway says when Cuebot is unreachable.
            return await self._error(
                call,
                send,
                14,
                'connection error: desc = "transport: Error while dialing: dial tcp '
                '127.0.0.1:8443: connect: connection refused"',
            )
        body = f"<html><body><h1>{status}</h1>proxy error</body></html>".encode()
        await self._respond(call, send, status, body, "text/html")


def _body_dict(body: bytes) -> dict[str, Any]:
    try:
        data = json.loads(body) if body.strip() else {}
    except (ValueError, UnicodeDecodeError):
        return {}
    return data if isinstance(data, dict) else {}
