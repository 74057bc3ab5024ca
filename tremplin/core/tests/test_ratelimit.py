"""The fixed-window counter of public forms."""

from django.core.cache import cache
from django.test import RequestFactory

from tremplin.core.ratelimit import allow


def _request(address):
    return RequestFactory().post("/", REMOTE_ADDR=address)


def test_a_client_is_stopped_after_the_limit_and_others_are_not():
    cache.clear()
    first, other = _request("203.0.113.7"), _request("198.51.100.20")
    assert [allow(first, "link", limit=3, window_seconds=60) for _ in range(5)] == [
        True,
        True,
        True,
        False,
        False,
    ]
    assert allow(other, "link", limit=3, window_seconds=60)
    # Another form has its own counter.
    assert allow(first, "other-form", limit=3, window_seconds=60)
    # The address itself is never a cache key.
    assert not any("203.0.113.7" in str(key) for key in cache._cache)


def test_the_window_ends():
    cache.clear()
    request = _request("203.0.113.8")
    assert allow(request, "link", limit=1, window_seconds=60)
    assert not allow(request, "link", limit=1, window_seconds=60)
    cache.clear()  # the window's end, as the cache expires the counter
    assert allow(request, "link", limit=1, window_seconds=60)
