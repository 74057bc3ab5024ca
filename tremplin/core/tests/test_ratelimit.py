"""The fixed-window counter of public forms."""

import time

from django.core.cache import cache
from django.test import RequestFactory

from tremplin.core.ratelimit import allow, client_address


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
    assert allow(request, "link", limit=1, window_seconds=1)
    assert not allow(request, "link", limit=1, window_seconds=1)
    time.sleep(1.1)
    assert allow(request, "link", limit=1, window_seconds=1)


def test_behind_proxies_the_client_is_read_from_the_right_of_x_forwarded_for(settings):
    cache.clear()

    def via_proxy(forwarded):
        return RequestFactory().post("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)

    settings.TREMPLIN_PROXY_COUNT = 0
    assert client_address(via_proxy("203.0.113.7")) == "10.0.0.2"
    settings.TREMPLIN_PROXY_COUNT = 1
    # What the client wrote itself (left) is not trusted; what the proxy appended is.
    assert client_address(via_proxy("1.2.3.4, 203.0.113.7")) == "203.0.113.7"
    assert client_address(via_proxy("")) == "10.0.0.2"
    settings.TREMPLIN_PROXY_COUNT = 2
    assert client_address(via_proxy("1.2.3.4, 203.0.113.7, 10.0.0.9")) == "203.0.113.7"
    # Two visitors behind the same proxy have their own counters.
    settings.TREMPLIN_PROXY_COUNT = 1
    assert allow(via_proxy("203.0.113.7"), "link", limit=1, window_seconds=60)
    assert not allow(via_proxy("203.0.113.7"), "link", limit=1, window_seconds=60)
    assert allow(via_proxy("198.51.100.20"), "link", limit=1, window_seconds=60)
