"""A signature drawn on a screen (tablet, phone, mouse), received as a PNG data URL."""

import base64
import binascii

from django.core.exceptions import ValidationError

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
MAX_SIGNATURE_BYTES = 300_000
UNREADABLE = "Le tracé de la signature est illisible : signez à nouveau."


def decode_png(data_url: str) -> bytes:
    """The PNG bytes of `data:image/png;base64,…`, or a French error on field `drawing`."""
    prefix = "data:image/png;base64,"
    if not data_url.startswith(prefix):
        raise ValidationError({"drawing": UNREADABLE})
    try:
        content = base64.b64decode(data_url[len(prefix) :], validate=True)
    except (binascii.Error, ValueError):
        raise ValidationError({"drawing": UNREADABLE}) from None
    if not content.startswith(PNG_MAGIC) or len(content) > MAX_SIGNATURE_BYTES:
        raise ValidationError({"drawing": UNREADABLE})
    return content
