"""One registry of secret strings (passwords, cookie values, CSRF tokens) seen at run time, used
to mask them in logs, traces and reports."""
from __future__ import annotations

import re
import threading

MASK = "***"
_lock = threading.Lock()
_secrets: set[str] = set()
_HEADER = re.compile(r'(?i)("(?:cookie|set-cookie|x-csrf-token|authorization)"\s*,\s*"value"\s*:\s*")[^"]*(")')


def register(*values: str | None) -> None:
    with _lock:
        for v in values:
            if v and len(v) >= 4:
                _secrets.add(v)


def known() -> list[str]:
    with _lock:
        return sorted(_secrets, key=len, reverse=True)


def redact(text: str) -> str:
    for s in known():
        if s in text:
            text = text.replace(s, MASK)
    return text


def redact_trace_text(text: str) -> str:
    """Mask header values that carry credentials in a Playwright trace, then every known secret."""
    return redact(_HEADER.sub(lambda m: m.group(1) + MASK + m.group(2), text))
