"""Token sources for the gateway's `Authorization: Bearer <JWT>` header.

`StaticToken` holds a ready token (from `--token-file` or `CUETUI_TOKEN`); `MintedToken`
signs short-lived HS256 tokens from the gateway's shared secret (`CUETUI_JWT_SECRET`, or a
file named in the config), re-minting before expiry and after a 401. Neither ever shows
its secret or token in `repr()`, `str()`, logs or tracebacks.
"""

from __future__ import annotations

import logging
import time
import warnings
from collections.abc import Callable
from typing import Protocol, runtime_checkable

import jwt
from jwt.warnings import InsecureKeyLengthWarning
from pydantic import SecretStr

log = logging.getLogger(__name__)

# Default token lifetime: short, so a leaked token is worth little.
DEFAULT_LIFETIME = 3600.0
# Re-mint this long before expiry, so a token never expires on the way to the gateway.
REFRESH_MARGIN = 60.0
HMAC_ALGORITHMS = ("HS256", "HS384", "HS512")


def _reveal(value: str | SecretStr) -> str:
    return value.get_secret_value() if isinstance(value, SecretStr) else value


@runtime_checkable
class TokenSource(Protocol):
    """What the client needs from an auth source."""

    #: Where the credentials came from, for messages ("CUETUI_JWT_SECRET", "token file ...").
    source: str
    #: True when the source can make a fresh token (so a 401 is worth one retry).
    can_refresh: bool

    def token(self) -> str:
        """The token to send now."""
        ...

    def invalidate(self) -> None:
        """Forget the current token (called after a 401)."""
        ...


class StaticToken:
    """A ready JWT, sent as is; it cannot be refreshed."""

    can_refresh = False

    def __init__(self, token: str | SecretStr, *, source: str = "the token") -> None:
        raw = _reveal(token).strip()
        if raw.lower().startswith("bearer "):
            raw = raw[7:].strip()
        if not raw:
            raise ValueError(f"{source} is empty")
        self._token = SecretStr(raw)
        self.source = source

    def token(self) -> str:
        return self._token.get_secret_value()

    def invalidate(self) -> None:
        """Nothing to do: a ready token cannot be replaced."""

    @property
    def expires_at(self) -> float | None:
        """The token's `exp` claim (read without verifying), or None."""
        try:
            claims = jwt.decode(self.token(), options={"verify_signature": False})
        except jwt.PyJWTError:
            return None
        exp = claims.get("exp")
        return float(exp) if isinstance(exp, int | float) else None

    def is_expired(self, now: float | None = None) -> bool:
        """True when the token's own `exp` has passed (by this machine's clock)."""
        exp = self.expires_at
        return exp is not None and exp <= (time.time() if now is None else now)

    def __repr__(self) -> str:
        return f"StaticToken(source={self.source!r}, token='**********')"

    __str__ = __repr__


class MintedToken:
    """Signs short-lived HMAC JWTs (`sub` = user, `iat`, `exp`) from the gateway's secret."""

    can_refresh = True

    def __init__(
        self,
        secret: str | SecretStr,
        *,
        user: str,
        lifetime: float = DEFAULT_LIFETIME,
        algorithm: str = "HS256",
        source: str = "as configured",
        clock: Callable[[], float] = time.time,
    ) -> None:
        if algorithm not in HMAC_ALGORITHMS:
            raise ValueError(f"the gateway accepts only {', '.join(HMAC_ALGORITHMS)}")
        if not _reveal(secret):
            raise ValueError(f"{source} is empty")
        if lifetime <= 0:
            raise ValueError("token lifetime must be positive")
        self._secret = secret if isinstance(secret, SecretStr) else SecretStr(secret)
        self.user = user
        self.lifetime = float(lifetime)
        self.algorithm = algorithm
        self.source = source
        self._clock = clock
        self._token: SecretStr | None = None
        self._expires = 0.0
        #: How many tokens have been minted (tests and doctor use it).
        self.minted = 0

    def token(self) -> str:
        now = self._clock()
        margin = min(REFRESH_MARGIN, self.lifetime / 10)
        if self._token is None or now >= self._expires - margin:
            self._mint(now)
        assert self._token is not None
        return self._token.get_secret_value()

    def _mint(self, now: float) -> None:
        iat = int(now)
        exp = int(now + self.lifetime)
        claims = {"sub": self.user, "iat": iat, "exp": exp}
        with warnings.catch_warnings():
            # The secret is the gateway's, not ours to choose; a warning printed over the
            # TUI would help nobody. `cuetui doctor` reports a short secret instead.
            warnings.simplefilter("ignore", InsecureKeyLengthWarning)
            encoded = jwt.encode(claims, self._secret.get_secret_value(), algorithm=self.algorithm)
        self._token = SecretStr(encoded)
        self._expires = float(exp)
        self.minted += 1
        log.debug("minted token %d for sub=%s, iat=%d, exp=%d", self.minted, self.user, iat, exp)

    def invalidate(self) -> None:
        self._token = None

    @property
    def secret_length(self) -> int:
        """Length of the secret in bytes (doctor warns below 32, the HS256 recommendation)."""
        return len(self._secret.get_secret_value().encode())

    @property
    def expires_at(self) -> float | None:
        """Expiry of the current token, or None before the first one is minted."""
        return self._expires if self._token is not None else None

    def __repr__(self) -> str:
        return (
            f"MintedToken(user={self.user!r}, source={self.source!r}, "
            f"algorithm={self.algorithm!r}, secret='**********')"
        )

    __str__ = __repr__


class NoAuth:
    """Sends no Authorization header (for a gateway behind an authenticating proxy, or tests)."""

    can_refresh = False
    source = "no credentials"

    def token(self) -> str:
        return ""

    def invalidate(self) -> None:
        """Nothing to forget."""

    def __repr__(self) -> str:
        return "NoAuth()"
