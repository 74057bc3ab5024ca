"""Response helpers shared by the apps."""


def private(response):
    """A page reached through a signed link (no account): never indexed, and the token in its
    address never leaves in a Referer — `same-origin` still lets its forms send their Origin
    (CSRF)."""
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
