"""A logging filter that keeps link secrets out of the logs.

Some links carry their secret in the path (a partner's answer link, a counselor's iCal
feed): the development server's request lines and Django's « Not Found: /… » warnings would
write it to the logs, where it outlives its revocation. The filter finds those links in the
URL configuration — every route with a `<… token>` parameter — and replaces the token by
« [secret] » in each record before it is written.
"""

import logging
import re
from functools import lru_cache


@lru_cache(maxsize=1)
def _secret_paths() -> re.Pattern | None:
    from django.urls import URLPattern, URLResolver, get_resolver

    prefixes: list[str] = []

    def walk(patterns, prefix: str) -> None:
        for entry in patterns:
            route = str(entry.pattern)
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, prefix + route)
            elif isinstance(entry, URLPattern):
                found = re.search(r"<(?:\w+:)?token>", route)
                if found:
                    prefixes.append("/" + prefix + route[: found.start()])

    walk(get_resolver().url_patterns, "")
    if not prefixes:
        return None
    alternatives = "|".join(re.escape(p) for p in sorted(set(prefixes), key=len, reverse=True))
    return re.compile(rf"({alternatives})[^/\s\"'?.]+")


def mask(text: str) -> str:
    pattern = _secret_paths()
    return pattern.sub(r"\1[secret]", text) if pattern else text


class MaskSecretsFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
            masked = mask(message)
        except Exception:  # never lose a log line over its masking
            return True
        if masked != message:
            record.msg, record.args = masked, ()
        return True
