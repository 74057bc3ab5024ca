"""SMS back-ends. A gateway is plugged in by naming its class in `TREMPLIN_SMS_BACKEND`.

A back-end is any class whose instances have `send_sms(to, text)`; `to` is a French number
in the form 06XXXXXXXX or +336XXXXXXXX; it raises `SmsError` when the gateway refuses.
Back-ends never log the text nor the whole number: a masked number is enough to trace.
"""

import logging
import re
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from tremplin.core.validators import clean_phone

logger = logging.getLogger("tremplin.agenda.sms")

# SMS go only to mobile numbers: metropolitan 06/07 and their +33 form.
_MOBILE = re.compile(r"(?:0|\+33)[67]\d{8}")


class SmsError(Exception):
    pass


class SmsBackend(Protocol):
    def send_sms(self, to: str, text: str) -> None: ...


def mobile_number(phone: str) -> str | None:
    """The number in a sendable form if it is a French mobile, else None."""
    phone = clean_phone(phone)
    return phone if _MOBILE.fullmatch(phone) else None


def mask(number: str) -> str:
    """06 •• •• •• 78: enough to tell two numbers apart in a log, not to call anyone."""
    number = clean_phone(number)
    return f"{number[:2]}••••••{number[-2:]}" if len(number) >= 4 else "••"


class ConsoleSmsBackend:
    """Default back-end: sends nothing, logs that an SMS would have left (masked number)."""

    def send_sms(self, to: str, text: str) -> None:
        logger.info("SMS (console) vers %s, %d caractères", mask(to), len(text))


class MemorySmsBackend:
    """Keeps the messages in `MemorySmsBackend.outbox`, like Django's locmem e-mail back-end
    (for tests and demonstrations)."""

    outbox: list[tuple[str, str]] = []

    def send_sms(self, to: str, text: str) -> None:
        type(self).outbox.append((to, text))


def get_sms_backend() -> SmsBackend:
    return import_string(settings.TREMPLIN_SMS_BACKEND)()
