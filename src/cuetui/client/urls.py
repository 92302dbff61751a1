"""Gateway URLs for people: a password written into the URL never reaches a screen or a log.

The gateway authenticates with a JWT bearer token only. A `user:password@` in its URL is not
used by it, and httpx would turn it into a Basic `Authorization` header that replaces the
bearer token, so the client drops it before sending and every message shows it masked.
"""

from __future__ import annotations

MASK = "***"

USERINFO_NOTE = (
    "the gateway authenticates only with a JWT bearer token (CUETUI_JWT_SECRET, CUETUI_TOKEN "
    "or --token-file), not with a user name or password in its URL; cuetui does not send them"
)
# The end of a 401's message when the URL carried userinfo.
USERINFO_401 = (
    "the user name or password in the gateway URL is not used: the gateway authenticates only "
    "with a JWT bearer token (CUETUI_JWT_SECRET, CUETUI_TOKEN or --token-file)"
)


def _split(url: str) -> tuple[str, str, str] | None:
    """(scheme, userinfo, rest) of a URL with userinfo (any scheme), else None.

    Split by hand, not with urlsplit: a password typed raw with `/`, `?` or `#` in it would
    otherwise end the host part early and show. A gateway's URL has no `@` anywhere else.
    """
    scheme, sep, rest = url.partition("://")
    if not sep or not scheme.isalnum() or "@" not in rest:
        return None
    userinfo, _, after = rest.rpartition("@")
    return scheme, userinfo, after


def has_userinfo(url: str) -> bool:
    """True when the URL carries `user@` or `user:password@`."""
    return _split(url) is not None


def redact_url(url: str) -> str:
    """The URL as shown to people: `https://user:***@host:8448` (a lone user name, which may
    be a token, is masked whole). Anything that is not such a URL comes back unchanged."""
    split = _split(url)
    if split is None:
        return url
    scheme, userinfo, after = split
    user, colon, _ = userinfo.partition(":")
    masked = f"{user}:{MASK}" if colon and user and "/" not in user else MASK
    return f"{scheme}://{masked}@{after}"


def strip_userinfo(url: str) -> str:
    """The URL without its userinfo: what the client connects to."""
    split = _split(url)
    return url if split is None else f"{split[0]}://{split[2]}"


def userinfo_warning(url: str) -> str | None:
    """A warning for `cuetui config` and doctor when the URL carries userinfo, else None."""
    if not has_userinfo(url):
        return None
    return f"the gateway URL {redact_url(url)} carries a user name or password: {USERINFO_NOTE}"
