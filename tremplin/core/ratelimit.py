"""A fixed-window counter per client address, for public forms that send something.

The counter lives in Django's cache (per process with the default local-memory cache; shared
by every worker with a shared cache such as Redis). The address is hashed before it becomes a
cache key. The login lock-out (django-axes) reads the client address with the same function.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache


def client_address(request) -> str:
    """The client's address: REMOTE_ADDR, or behind `TREMPLIN_PROXY_COUNT` proxies that each
    append what they saw to X-Forwarded-For, the entry that many places from the right (the
    entries further left were written by the client and prove nothing)."""
    proxies = getattr(settings, "TREMPLIN_PROXY_COUNT", 0)
    remote = request.META.get("REMOTE_ADDR", "")
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    return forwarded[-proxies] if len(forwarded) >= proxies else remote


def allow(request, scope: str, *, limit: int, window_seconds: int) -> bool:
    """True while the client has made at most `limit` requests of `scope` in the window."""
    address = client_address(request) or "unknown"
    digest = hashlib.sha256(f"{scope}:{address}".encode()).hexdigest()[:32]
    key = f"ratelimit:{scope}:{digest}"
    if cache.add(key, 1, timeout=window_seconds):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.set(key, 1, timeout=window_seconds)
        return True
    return count <= limit
