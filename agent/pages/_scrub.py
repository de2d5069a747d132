"""Replace every secret and personal field of a captured answer, by the rules the fixtures follow:
names, titles, keywords, messages, e-mails, phone numbers, account and token values are replaced
with made-up text; ids keep their length and first digits; metrics, timestamps, enums, flags and
every key, type and nesting stay as they are."""

from __future__ import annotations

import hashlib
import re
from typing import Any

from .. import _redact

TEXT_KEYS = re.compile(
    r"(?i)^(name|firstName|lastName|contactName|saleName|ownerName|originSaleName|buyerName|companyName|"
    r"company|subject|title|productName|product_title|buyer|buyer_name|description|content|imContent|keywords?|word|bidword|normalWord|"
    r"message|remark|privateRemark|noteContent|recentNote|groupName\d?|redModel|seKwNorm|top1SeKw|topnSeKw|"
    r"nameFirstLetter|wangwangId|wangwangid|alitalkId|loginId|ownerMemberId|ownerMemberName|memberId)$"
)
CONTACT_KEYS = re.compile(r"(?i)(email|phone|mobile|fax|address|website)")
SECRET_KEYS = re.compile(r"(?i)(^sec[A-Z]|token|csrf|cookie|encrypt|^x5|sign$|password)")
ID_KEYS = re.compile(r"(?i)(^id$|Id$|^requestNo$|Ids$)")
URL_KEYS = re.compile(r"(?i)(url|href|link|imageUrl|icon|avatar|path)$")


def _made_up(value: str, salt: str) -> str:
    digest = hashlib.sha256((salt + value).encode()).hexdigest()
    words = ["alpha", "delta", "lumen", "north", "orbit", "pixel", "quartz", "river", "sigma", "terra"]
    n = max(1, min(6, len(value.split())))
    return " ".join(words[int(digest[i * 2 : i * 2 + 2], 16) % len(words)] for i in range(n))


def _same_shape_id(value: Any) -> Any:
    text = str(value)
    if not text.isdigit():
        return value
    digest = hashlib.sha256(text.encode()).hexdigest()
    keep = min(4, len(text) // 3)
    made = text[:keep] + "".join(str(int(c, 16) % 10) for c in digest)[: len(text) - keep]
    return int(made) if isinstance(value, int) else made


def scrub(obj: Any, key: str = "") -> Any:
    if isinstance(obj, dict):
        return {k: scrub(v, k) for k, v in obj.items()}
    if isinstance(obj, list):
        if key and (TEXT_KEYS.match(key) or re.match(r"(?i)^(top10SeKw|searchWords|targetIds)$", key)):
            return [scrub(v, key) if not isinstance(v, str) else _made_up(v, key) for v in obj]
        return [scrub(v, key) for v in obj]
    if obj is None or isinstance(obj, bool):
        return obj
    if key and SECRET_KEYS.search(key) and isinstance(obj, str):
        return "x" * min(len(obj), 16)
    if key and CONTACT_KEYS.search(key) and isinstance(obj, str):
        return "buyer@example.com" if "@" in obj else re.sub(r"\d", "0", obj)
    if key and ID_KEYS.search(key) and isinstance(obj, (int, str)):
        return _same_shape_id(obj)
    if isinstance(obj, str):
        if key and TEXT_KEYS.match(key):
            return _made_up(obj, key) if obj.strip() else obj
        if key and URL_KEYS.search(key):
            return re.sub(r"\d{6,}", lambda m: str(_same_shape_id(m.group(0))), _redact.redact(obj))
        return _redact.redact(obj)
    return obj
