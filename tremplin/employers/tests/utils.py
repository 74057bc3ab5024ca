import html


def text(response) -> str:
    """The page as a user reads it; fails on an undefined template variable."""
    body = html.unescape(response.content.decode())
    assert "INVALID_TEMPLATE_VARIABLE" not in body
    return body
