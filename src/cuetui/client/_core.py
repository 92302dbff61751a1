"""The transport under GatewayClient: one pooled httpx client, auth, retries, error mapping.

Reads are retried with exponential backoff and jitter on transient failures (connection
errors, 502/503/504, 429 honouring Retry-After). Actions are sent at most once: once the
request may have reached the gateway, a lost answer is `ActionOutcomeUnknown`, never a retry;
an answer that came (a 503 included) is a failure carrying the gateway's message.
"""

from __future__ import annotations

import asyncio
import getpass
import json
import logging
import random
import ssl
import time
from collections.abc import Awaitable, Callable
from typing import Any, Protocol, TypeVar
from urllib.parse import urlsplit

import httpx
from pydantic import BaseModel, ValidationError

from cuetui.client import _paths as P
from cuetui.client import tally
from cuetui.client._parsing import (
    Pieces,
    drop_nulls,
    flat_list_model,
    join_items,
    list_model,
    match_models,
    piece_id,
    renew_volatile,
    single_model,
    split_items,
)
from cuetui.client.auth import NoAuth, StaticToken, TokenSource
from cuetui.client.errors import (
    TRANSIENT_STATUSES,
    ActionOutcomeUnknown,
    AuthError,
    BadResponse,
    ConnectionRefused,
    GatewayError,
    GatewayTimeout,
    GatewayTLSError,
    GatewayUnreachable,
    RateLimited,
    TokenExpired,
    TokenNotYetValid,
    TokenRefused,
    error_from_response,
)
from cuetui.client.urls import USERINFO_401, has_userinfo, strip_userinfo

log = logging.getLogger("cuetui.client")

M = TypeVar("M", bound=BaseModel)

# Lists whose models nobody patches in place: an item byte-identical to one of the previous
# answer to the same request gives back the same model without parsing (GetJobs of 2,000
# jobs where 40 changed: 23 ms -> 3 ms, below json.loads of the same bytes). Frames are
# patched by GetUpdatedFrames merges, so they are always parsed afresh.
_REUSABLE = frozenset(
    {P.GET_JOBS, P.GET_HOSTS, P.GET_PROCS, P.HOST_GET_PROCS, P.GET_LAYERS, P.GET_SHOWS}
)
_REUSE_SLOTS = 4
PARSE_BATCH = 1000
"""Items of a list answer matched or parsed at once (~8 ms for hosts), then `BREATHE`."""
BREATHE = 0.002
"""Seconds the event loop gets between batches: a key's handling and its paint take a few
turns of the loop (a bare `sleep(0)` gave it one, and the next batch ran before the paint)."""

try:
    from importlib.metadata import version as _dist_version

    _VERSION = _dist_version("cuetui")
except Exception:  # pragma: no cover - not installed (running from a checkout)
    _VERSION = "0"


def _default_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (containers): still send something readable
        return "unknown"


def _causes(exc: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain and len(chain) < 10:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


# What OpenSSL says when the server answers a TLS hello in plain HTTP (an https:// URL for
# a gateway served over http://): 1.1/3.0, 3.2+, and older builds.
_PLAIN_HTTP_ANSWERS = ("wrong version number", "record layer failure", "packet length too long")


def _describe_connect_error(exc: Exception, url: str) -> tuple[type[GatewayUnreachable], str]:
    chain = _causes(exc)
    text = str(exc) or exc.__class__.__name__
    # httpx says "All connection attempts failed"; the cause says why.
    low = " ".join(str(c) for c in chain).lower()
    if any(isinstance(c, ConnectionRefusedError) for c in chain):
        low += " refused"
    if any(isinstance(c, ssl.SSLError) for c in chain) or "ssl" in low or "certificate" in low:
        message = f"TLS with the gateway at {url} failed: {text}"
        if any(s in low for s in _PLAIN_HTTP_ANSWERS) and url.startswith("https://"):
            plain = "http://" + url.removeprefix("https://")
            message += f"; the gateway answered in plain HTTP: try {plain}"
        return GatewayTLSError, message
    host = urlsplit(url).hostname or url
    if any(
        s in low
        for s in (
            "name or service not known",
            "nodename nor servname",
            "temporary failure in name resolution",
            "getaddrinfo",
            "no address associated",
        )
    ):
        return GatewayUnreachable, f"cannot reach the gateway at {url}: cannot resolve {host}"
    if "refused" in low:
        return ConnectionRefused, f"cannot reach the gateway at {url}: connection refused"
    return GatewayUnreachable, f"cannot reach the gateway at {url}: {text}"


class ActionObserver(Protocol):
    """Told of every action request (the journal): before it is sent, then of its answer."""

    def sent(self, path: str, body: dict[str, Any]) -> object:
        """Called before the request leaves; what it returns comes back to `answered`."""

    def answered(self, ticket: object, error: GatewayError | None) -> None:
        """None: done; else the failure (`ActionOutcomeUnknown`: maybe done)."""


class ClientBase:
    """Connection, auth, retries and parsing shared by every GatewayClient method."""

    def __init__(
        self,
        base_url: str,
        auth: TokenSource | None,
        *,
        verify: bool | str = True,
        connect_timeout: float = 5.0,
        read_timeout: float = 15.0,
        user: str | None = None,
        retries: int = 3,
        backoff: float = 0.25,
        max_backoff: float = 8.0,
        max_retry_after: float = 30.0,
        updated_frames_timeout: float = 5.0,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Callable[[float], Awaitable[Any]] | None = None,
        rng: random.Random | None = None,
    ) -> None:
        # Userinfo is never sent (httpx would replace the bearer token with Basic auth made
        # from it) nor shown; it is remembered to explain a 401.
        self.url_had_userinfo = has_userinfo(base_url)
        base_url = strip_userinfo(base_url)
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"gateway URL must look like http://host:port, not {base_url!r}")
        self.base_url = base_url.rstrip("/")
        self.auth: TokenSource = auth if auth is not None else NoAuth()
        self.user = user or _default_user()
        self.retries = max(0, retries)
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.max_retry_after = max_retry_after
        self.updated_frames_timeout = updated_frames_timeout
        self.read_timeout = read_timeout
        self._sleep = sleep or asyncio.sleep
        self._rng = rng or random.Random()
        #: Seconds the last successful request took (doctor reports it).
        self.last_latency: float | None = None
        #: Estimated gateway clock minus local clock, from GetUpdatedFrames' serverTime.
        self.server_clock_offset: float | None = None
        # Per request: the last answer's items, their exact bytes -> the model made of them.
        self._answers: dict[tuple[str, str], dict[bytes, Any]] = {}
        #: Told of every action request before it is sent and of its answer (the journal).
        self.action_observer: ActionObserver | None = None
        self._http = httpx.AsyncClient(
            base_url=self.base_url,
            timeout=httpx.Timeout(
                connect=connect_timeout, read=read_timeout, write=read_timeout, pool=connect_timeout
            ),
            # Plain http never uses TLS: skip loading the CA bundle (~50 ms of start-up).
            verify=self._ssl_verify(verify) if parts.scheme == "https" else False,
            # Idle connections are dropped after 4 s, before common server idle timeouts
            # (uvicorn 5 s): an action sent on a connection the server is closing would
            # otherwise come back "outcome unknown" for no reason. Polls every few seconds
            # still reuse them.
            limits=httpx.Limits(
                max_connections=8, max_keepalive_connections=8, keepalive_expiry=4.0
            ),
            headers={
                "Content-Type": "application/json",
                "Accept": "application/json",
                "User-Agent": f"cuetui/{_VERSION}",
            },
            transport=transport,
            # Redirects would turn a POST into a GET; the gateway never sends them.
            follow_redirects=False,
        )

    @staticmethod
    def _ssl_verify(verify: bool | str) -> bool | ssl.SSLContext:
        if isinstance(verify, str):
            return ssl.create_default_context(cafile=verify)
        return verify

    # -- lifecycle -------------------------------------------------------------------------

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> ClientBase:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.base_url!r}, auth={self.auth!r}, user={self.user!r})"

    # -- requests --------------------------------------------------------------------------

    def _headers(self) -> dict[str, str]:
        token = self.auth.token()
        return {"Authorization": f"Bearer {token}"} if token else {}

    def _auth_error(self, err: GatewayError, *, refreshed: bool) -> AuthError:
        """Refine a 401 into expired / not yet valid / refused, with what to do."""
        refined = self._refine_401(err, refreshed=refreshed)
        if self.url_had_userinfo:
            # The user meant the URL's user name and password to log in: say why not.
            refined.message += f"; {USERINFO_401}"
            refined.args = (refined.message,)
        return refined

    def _refine_401(self, err: GatewayError, *, refreshed: bool) -> AuthError:
        reason = getattr(err, "reason", "") or err.detail or ""
        low = reason.lower()
        quoted = f'the gateway said "{" ".join(reason.split())}"' if reason else "HTTP 401"
        src = self.auth.source
        kw: dict[str, Any] = {
            "reason": reason,
            "path": err.path,
            "url": err.url,
            "status": err.status,
            "code": err.code,
        }
        minted = self.auth.can_refresh
        if "expired" in low:
            if minted:
                return TokenExpired(
                    f"{quoted} about a token minted just now: this machine's clock is probably "
                    "ahead of the gateway's; check both clocks (NTP)",
                    **kw,
                )
            return TokenExpired(
                f"{quoted}: the token from {src} has expired; get a new token, or set "
                "CUETUI_JWT_SECRET so cuetui mints its own",
                **kw,
            )
        if "not valid yet" in low or "before issued" in low or "used before" in low:
            return TokenNotYetValid(
                f"{quoted}: this machine's clock is probably behind the gateway's; "
                "check both clocks (NTP)",
                **kw,
            )
        if "header required" in low and isinstance(self.auth, NoAuth):
            return AuthError(
                f"{quoted}: no credentials configured; set CUETUI_JWT_SECRET or CUETUI_TOKEN, "
                "or use --token-file",
                **kw,
            )
        if minted:
            what = f"the JWT secret ({src}) does not match the gateway's JWT_SECRET"
        elif isinstance(self.auth, StaticToken):
            what = f"the token from {src} was refused; get a new token"
        else:
            what = "the credentials were refused"
        if refreshed and minted:
            what += " (a freshly minted token was refused too)"
        return TokenRefused(f"{quoted}: {what}", **kw)

    async def _post(
        self,
        path: str,
        body: dict[str, Any],
        *,
        action: bool,
        timeout: float | None = None,
        retry: bool = True,
    ) -> bytes:
        """POST `body` to `path`; the response bytes on 2xx, else a GatewayError.

        An action is told to `action_observer` first and its answer after; an observer
        that fails is logged and never holds the action back.
        """
        observer = self.action_observer if action else None
        if observer is None:
            return await self._post_once(path, body, action=action, timeout=timeout, retry=retry)
        try:
            ticket = observer.sent(path, body)
        except Exception:
            log.exception("the action observer failed before %s; sending anyway", path)
            ticket = None
        try:
            content = await self._post_once(path, body, action=True, timeout=timeout, retry=retry)
        except GatewayError as exc:
            _tell(observer, ticket, exc, path)
            raise
        except BaseException as exc:
            # Cancelled (cuetui quitting) or a bug, maybe after the request left.
            stopped = ActionOutcomeUnknown(
                f"{path.lstrip('/')}: cuetui stopped waiting ({type(exc).__name__}) before "
                "the answer came: it may or may not have been done",
                path=path,
                url=self.base_url + path,
            )
            _tell(observer, ticket, stopped, path)
            raise
        _tell(observer, ticket, None, path)
        return content

    async def _post_once(
        self,
        path: str,
        body: dict[str, Any],
        *,
        action: bool,
        timeout: float | None = None,
        retry: bool = True,
    ) -> bytes:
        """`_post` without the observer: the request, its retries and its errors."""
        payload = json.dumps(body, separators=(",", ":")).encode()
        url = self.base_url + path
        attempt = 0
        reauthed = False
        while True:
            started = time.monotonic()
            transient: GatewayError | None = None
            retry_after: float | None = None
            try:
                response = await self._http.post(
                    path,
                    content=payload,
                    headers=self._headers(),
                    timeout=timeout if timeout is not None else httpx.USE_CLIENT_DEFAULT,
                )
            except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
                # No connection was made, so nothing was sent: safe to report (and, for a
                # read, to retry) even for an action.
                cls, msg = _describe_connect_error(exc, self.base_url)
                if isinstance(exc, httpx.ConnectTimeout | httpx.PoolTimeout):
                    cls, msg = (
                        GatewayUnreachable,
                        (f"cannot reach the gateway at {self.base_url}: connection timed out"),
                    )
                err: GatewayError = cls(msg, path=path, url=url)
                if cls is GatewayTLSError:
                    raise err from None
                transient = err
            except httpx.TimeoutException:
                limit = timeout if timeout is not None else self.read_timeout
                if action:
                    raise ActionOutcomeUnknown(
                        f"{path.lstrip('/')} was sent but no answer came within {limit:g}s: "
                        "it may or may not have been done; refresh to see",
                        path=path,
                        url=url,
                    ) from None
                raise GatewayTimeout(
                    f"{path.lstrip('/')}: no answer from {self.base_url} within {limit:g}s",
                    path=path,
                    url=url,
                ) from None
            except httpx.TransportError as exc:
                # Dropped or reset after the request went out (or while it did).
                if action:
                    raise ActionOutcomeUnknown(
                        f"{path.lstrip('/')}: the connection to {self.base_url} broke before "
                        "the answer came: it may or may not have been done; refresh to see",
                        path=path,
                        url=url,
                    ) from None
                transient = GatewayUnreachable(
                    f"{path.lstrip('/')}: the connection to {self.base_url} broke: "
                    f"{exc or type(exc).__name__}",
                    path=path,
                    url=url,
                )
            else:
                status = response.status_code
                content = response.content
                if 200 <= status < 300:
                    self.last_latency = time.monotonic() - started
                    tally.received(len(content))  # what a poll costs the gateway
                    return content
                err = error_from_response(
                    status, content, path=path, url=url, headers=response.headers
                )
                if isinstance(err, AuthError):
                    # The gateway checks auth before it forwards anything, so a 401 means
                    # nothing was done: one resend with a fresh token is safe, even for an
                    # action.
                    if self.auth.can_refresh and not reauthed:
                        reauthed = True
                        self.auth.invalidate()
                        log.info("401 on %s; minting a fresh token and trying once more", path)
                        continue
                    raise self._auth_error(err, refreshed=reauthed) from None
                if action:
                    # An answer came, so it is a failure with the gateway's words, never
                    # "outcome unknown". A 502/504 may come after a proxy or the gateway
                    # passed the call on, so say that it may still happen (and never resend).
                    if status in (502, 504):
                        err.message += "; it may still be carried out: refresh before trying again"
                        err.args = (err.message,)
                    raise err from None
                if status not in TRANSIENT_STATUSES:
                    raise err from None
                transient = err
                if isinstance(err, RateLimited):
                    retry_after = err.retry_after
                else:
                    retry_after = _retry_after_header(response)

            # Only reads (and actions that were certainly not sent) get here.
            if action or not retry or attempt >= self.retries:
                raise transient from None
            if retry_after is not None and retry_after > self.max_retry_after:
                raise transient from None
            delay = self._backoff_delay(attempt)
            if retry_after is not None:
                delay = max(delay, retry_after)
            attempt += 1
            log.info("%s failed (%s); retry %d in %.2fs", path, transient, attempt, delay)
            await self._sleep(delay)

    def _backoff_delay(self, attempt: int) -> float:
        """Exponential backoff with jitter: between half and all of backoff * 2^attempt."""
        ceiling = min(self.max_backoff, self.backoff * (2**attempt))
        return self._rng.uniform(ceiling / 2, ceiling)

    # -- parsing ---------------------------------------------------------------------------

    def _parse(self, model: type[M], content: bytes, path: str) -> M:
        try:
            return model.model_validate_json(content or b"{}")
        except ValidationError as exc:
            first_error = exc
        try:
            data = json.loads(content)
        except (ValueError, UnicodeDecodeError):
            snippet = content[:80].decode("utf-8", "replace")
            what = "an answer cut short" if content.lstrip()[:1] in (b"{", b"[") else "not JSON"
            raise BadResponse(
                f"{path.lstrip('/')}: the gateway sent {what} ({len(content)} bytes: {snippet!r})",
                path=path,
                url=self.base_url + path,
            ) from None
        try:
            return model.model_validate(drop_nulls(data))
        except ValidationError:
            err = first_error.errors()[0]
            where = ".".join(str(p) for p in err.get("loc", ()))
            raise BadResponse(
                f"{path.lstrip('/')}: unexpected answer from the gateway at {where}: "
                f"{err.get('msg')}",
                path=path,
                url=self.base_url + path,
            ) from None

    async def _read_list(
        self, path: str, body: dict[str, Any], outer: str, item: type[M], inner: str | None = None
    ) -> list[M]:
        content = await self._post(path, body, action=False)
        inner = inner or outer
        if path not in _REUSABLE:
            return self._list_items(content, path, outer, inner, item)
        key = (path, json.dumps(body, sort_keys=True))
        last = self._answers.pop(key, None) or {}
        items = await self._reuse(key, content, last, path, outer, inner, item)
        if items is None:
            items, self._answers[key] = self._list_items(content, path, outer, inner, item), {}
        while len(self._answers) > _REUSE_SLOTS:
            del self._answers[next(iter(self._answers))]
        return items

    def forget_answers(self) -> None:
        """Drop the models kept from earlier list answers (a view that read them is gone):
        the next answer to each request is parsed whole, once."""
        self._answers.clear()

    def _list_items(
        self, content: bytes, path: str, outer: str, inner: str, item: type[M]
    ) -> list[M]:
        seq = getattr(self._parse(list_model(outer, inner, item), content, path), outer)
        return (getattr(seq, inner) or []) if seq is not None else []

    async def _reuse(
        self,
        key: tuple[str, str],
        content: bytes,
        last: dict[bytes, Any],
        path: str,
        outer: str,
        inner: str,
        item: type[M],
    ) -> list[M] | None:
        """The answer's items: the last answer's model for each piece it had byte for byte
        (`match_models`), the others parsed; remembered under `key` for the next answer.

        `PARSE_BATCH` pieces at a time, the event loop running between: matching 25,000
        hosts at once held keys ~75 ms, their copies ~40 ms more."""
        pieces = split_items(content, outer, inner)
        if pieces is None:
            return None
        volatile = getattr(item, "WIRE_VOLATILE", ())
        items: list[Any] = []
        keys: list[bytes] = []
        for start in range(0, len(pieces), PARSE_BATCH):
            if start:
                await asyncio.sleep(BREATHE)
            got, got_keys, rows = match_models(pieces[start : start + PARSE_BATCH], last, volatile)
            renew_volatile(got, rows, volatile)
            items += got
            keys += got_keys
        missing = [i for i, m in enumerate(items) if m is None]
        if missing:
            whole = await self._parse_missing(pieces, items, missing, path, outer, inner, item)
            if whole is None:
                return None
            items = whole
        self._answers[key] = dict(zip(keys, items, strict=True))
        return items

    async def _parse_missing(
        self,
        pieces: Pieces,
        items: list[Any],
        missing: list[int],
        path: str,
        outer: str,
        inner: str,
        item: type[M],
    ) -> list[M] | None:
        """`items` with the missing ones parsed, `PARSE_BATCH` at a time; None when a batch
        does not give one item per piece, each with the id its piece begins with (the whole
        answer is then parsed, and raises what it raises).

        pydantic-core holds the GIL for a whole parse (a thread would not help): 25,000 hosts
        at once held the event loop ~0.2 s, so keys typed meanwhile waited. Between batches
        the loop handles keys and paints."""
        fresh = [pieces[i] for i in missing]
        got: list[M] = []
        for start in range(0, len(fresh), PARSE_BATCH):
            if start:
                await asyncio.sleep(BREATHE)
            batch = fresh[start : start + PARSE_BATCH]
            try:
                parsed = self._list_items(join_items(batch, outer, inner), path, outer, inner, item)
            except GatewayError:
                return None
            # One item per piece, each with the id its piece begins with, proves the cut: a
            # wrong one (a nested object starting with an id) splits an item in two.
            if len(parsed) != len(batch) or any(
                getattr(m, "id", None) != piece_id(p) for m, p in zip(parsed, batch, strict=True)
            ):
                return None
            got += parsed
        for i, m in zip(missing, got, strict=True):
            items[i] = m
        return items

    async def _read_flat_list(
        self, path: str, body: dict[str, Any], key: str, item: type[M]
    ) -> list[M]:
        content = await self._post(path, body, action=False)
        return getattr(self._parse(flat_list_model(key, item), content, path), key) or []

    async def _read_one(self, path: str, body: dict[str, Any], key: str, item: type[M]) -> M:
        content = await self._post(path, body, action=False)
        value = getattr(self._parse(single_model(key, item), content, path), key)
        return value if value is not None else item()

    async def _act(self, path: str, body: dict[str, Any]) -> None:
        await self._post(path, body, action=True)


def _tell(observer: ActionObserver, ticket: object, error: GatewayError | None, path: str) -> None:
    try:
        observer.answered(ticket, error)
    except Exception:
        log.exception("the action observer failed after %s", path)


def _retry_after_header(response: httpx.Response) -> float | None:
    from cuetui.client.errors import parse_retry_after

    return parse_retry_after(response.headers.get("retry-after"))
