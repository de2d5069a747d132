"""One registry of secret strings (passwords, cookie values, CSRF tokens) seen at run time, used
to mask them in every text that leaves the process: logs, traces, run errors, JSON output,
reports. A secret is masked in every encoding it can appear in: raw, URL-encoded (form bodies,
query strings), JSON-escaped (Playwright's call log and trace), HTML-escaped (DOM snapshots)."""

from __future__ import annotations

import html
import json
import re
import threading
from urllib.parse import quote, quote_plus

MASK = "***"
_lock = threading.Lock()
_secrets: set[str] = set()
_HEX = re.compile(r"%[0-9A-F]{2}")
_HEADER = re.compile(
    r'(?i)("(?:cookie|set-cookie|x-csrf-token|x-xsrf-token|authorization)"\s*,\s*"value"\s*:\s*")[^"]*(")'
)
# The real site's token names: whatever their value, it is masked where it is written by name
# (query strings, form bodies, cookies, JSON), registered or not.
TOKEN_NAMES = (
    "_csrf_token_",
    "XSRF-TOKEN",
    "_csrf",
    "ctoken",
    "_tb_token_",
    "cookie2",
    "_m_h5_tk_enc",
    "_m_h5_tk",
    "x5secdata",
    "x5sec",
    "xman_us_t",
    "xman_t",
    "xman_f",
    "havana_tgc",
    "JSESSIONID",
    "ali_apache_id",
    "isg",
    "secReqToken",
    "KHTAccessToken",
)
_NAMED = re.compile(
    r"(?<![A-Za-z0-9_-])("
    + "|".join(re.escape(n) for n in TOKEN_NAMES)
    + r')(=|%3D|\\?"\s*:\s*\\?"|\s*=\s*\\?")([^&"\\\s;,<>]{4,})'
)


def forms(value: str) -> set[str]:
    """The ways `value` can be written in text the agent keeps."""
    urls = {quote(value, safe=""), quote_plus(value), quote(value), quote(value, safe="!$&'()*+,;=:")}  # userinfo too
    urls |= {_HEX.sub(lambda m: m.group(0).lower(), u) for u in urls}  # %2b as well as %2B
    out = {value, html.escape(value), html.escape(value, quote=False), *urls}
    out |= {repr(value)[1:-1], ascii(value)[1:-1]}  # Python's repr (a dict or a traceback printed)
    for ascii_only in (True, False):
        j = json.dumps(value, ensure_ascii=ascii_only)[1:-1]
        out |= {j, json.dumps(j, ensure_ascii=ascii_only)[1:-1]}  # and JSON inside JSON (trace events)
    return {f for f in out if len(f) >= 4}


_PARTS = re.compile(r"(?:ctoken=|^)([^&=]+?)(?=&|_\d{10,}$)")  # xman_us_t's ctoken=…, _m_h5_tk's token before _<time>


def register(*values: str | None) -> None:
    """Register secrets; a value that itself carries named tokens (xman_us_t holds ctoken=…,
    _m_h5_tk is token_time) registers those parts too."""
    with _lock:
        for v in values:
            if v and len(v) >= 4:
                _secrets.update(forms(v))
                for part in _PARTS.findall(v):
                    if len(part) >= 4:
                        _secrets.update(forms(part))


_PLAIN = re.compile(
    r"^(true|false|null|none|undefined|yes|no|on|off|[a-z]{2}([_-][A-Za-z]{2})?|-?\d{1,12}(\.\d+)?)$", re.I
)


def register_cookies(values) -> None:
    """A session's cookie values: each is masked, except the values any page shows anyway (a flag such
    as `true`, a language code, a short number): masking them would garble every log and trace."""
    register(*(v for v in values if v and not _PLAIN.match(v)))


def known() -> list[str]:
    with _lock:
        return sorted(_secrets, key=len, reverse=True)


def register_url(url: str | None) -> None:
    """The secret parts of a URL setting (a database, a broker, a proxy): its userinfo's password,
    and the userinfo as written."""
    from urllib.parse import unquote, urlsplit

    if not url or "@" not in url:
        return
    try:
        u = urlsplit(url)
    except ValueError:
        return
    if u.password:
        register(u.password, unquote(u.password))
    userinfo = u.netloc.rsplit("@", 1)[0]
    if ":" in userinfo:
        register(userinfo)


def redact(text: str) -> str:
    for s in known():
        if s in text:
            text = text.replace(s, MASK)
    return _NAMED.sub(lambda m: m.group(1) + m.group(2) + MASK, text)


def redact_obj(obj):
    """Mask secrets in every string of a JSON-like value (run details, results)."""
    if isinstance(obj, str):
        return redact(obj)
    if isinstance(obj, dict):
        return {k: redact_obj(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [redact_obj(v) for v in obj]
    return obj


def redact_trace_text(text: str) -> str:
    """Mask header values that carry credentials in a Playwright trace, then every known secret."""
    return redact(_HEADER.sub(lambda m: m.group(1) + MASK + m.group(2), text))
