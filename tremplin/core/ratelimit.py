"""A fixed-window counter per client address, for public forms that send something.

The counter lives in Django's cache (per process with the default local-memory cache; shared
by every worker with a shared cache such as Redis). The address is hashed before it becomes a
cache key. The client address is read as django-axes reads it for the login lock-out.
"""

import hashlib

from axes.helpers import get_client_ip_address
from django.core.cache import cache


def allow(request, scope: str, *, limit: int, window_seconds: int) -> bool:
    """True while the client has made at most `limit` requests of `scope` in the window."""
    address = get_client_ip_address(request) or "unknown"
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
