"""How people name each screen, routine and diagnosis rule (Chinese first, then English): run records
name a screen by its page object's class, reports and messages by these words. The routines every
site has are named here; each site names its own screens, routines and rules (`agent/sites/<site>/
words.py`)."""

from __future__ import annotations

from functools import cache
from importlib import import_module

from .. import sites

Words = dict[str, tuple[str, str]]

SCREENS: Words = {  # what the shared rankings routine reads on every site
    "PaidKeywords": ("付费关键词", "Paid keywords"),
    "BuyerSearch": ("买家搜索（排名）", "Buyer search (ranks)"),
}

ROUTINES: Words = {
    "keepalive": ("保持活跃", "keep-alive"),
    "metrics": ("数据采集", "metrics"),
    "inquiries": ("询盘", "inquiries"),
    "rankings": ("排名", "rankings"),
    "diagnose": ("店铺诊断", "diagnosis"),
    "apply": ("执行已批准的修改", "apply approved edits"),
    "doctor": ("页面体检", "doctor"),
    "capture": ("采集答案", "capture"),
}


@cache
def _words(part: str) -> Words:
    """Every site's words for `part` (SCREENS, ROUTINES, RULES), the shared ones first."""
    out: Words = dict({"ROUTINES": ROUTINES, "SCREENS": SCREENS}.get(part, {}))
    for name in sites.SITES:
        out.update(getattr(import_module(sites.get(name).words), part))
    return out


def _title(part: str, name: str, lang: str) -> str:
    words = _words(part).get(name)
    return (words[0] if lang == "zh" else words[1]) if words else name


def screen_title(name: str, lang: str = "zh") -> str:
    """A screen as people name it (its class name when it has no words yet)."""
    return _title("SCREENS", name, lang)


def routine_title(name: str, lang: str = "zh") -> str:
    return _title("ROUTINES", name, lang)


def rule_title(name: str, lang: str = "zh") -> str:
    """A diagnosis rule as a report names the ones it skipped."""
    return _title("RULES", name, lang)
