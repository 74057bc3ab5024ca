"""The Content-Security-Policy header of every page.

Tremplin serves its scripts from its own static files (no inline script, no event-handler
attribute, no eval): a browser that honours the header runs nothing else, even if some text
typed by a user slipped into a page unescaped. Styles may be inline (a few ``style``
attributes, and htmx's indicator style); images may come from the map's tile server.
"""

from urllib.parse import urlsplit

from django.conf import settings


def tile_origin(url_template: str) -> str:
    """'https://{s}.tile.example.org/{z}/{x}/{y}.png' -> 'https://*.tile.example.org'."""
    if not url_template:
        return ""
    parts = urlsplit(url_template.replace("{s}", "subdomain"))
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return ""
    host = parts.hostname
    if "{s}" in url_template:
        host = "*." + host.split(".", 1)[1]
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}"


def content_security_policy() -> str:
    images = " ".join(
        filter(None, ["'self'", "data:", tile_origin(settings.TREMPLIN_MAP_TILES_URL)])
    )
    directives = {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self' 'unsafe-inline'",
        "img-src": images,
        "font-src": "'self' data:",
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = content_security_policy()

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        return response
