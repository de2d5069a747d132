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

# what a run counted, as its closing line says it ({n}: the number; {s} and {ies}: the plural endings)
COUNTS: Words = {
    "logins": ("登录 {n} 次", "signed in {n} time{s}"),
    "keywords": ("{n} 个关键词", "{n} keyword{s}"),
    "pages": ("{n} 页搜索结果", "{n} result page{s}"),
    "found": ("自有产品上榜 {n} 次", "{n} own placement{s}"),
    "alerts": ("{n} 个排名下降提醒", "{n} rank alert{s}"),
    "double_ranking": ("{n} 个词自然与付费双排名", "{n} double ranking{s}"),
    "findings": ("{n} 个诊断发现", "{n} finding{s}"),
    "suggestions": ("{n} 条修改建议", "{n} suggestion{s}"),
    "queued": ("{n} 条新建议待审批", "{n} new awaiting approval"),
    "rules_skipped": ("{n} 条规则因缺数据跳过", "{n} rule{s} skipped for want of data"),
    "evidence_outlined": ("{n} 张证据截图", "{n} evidence picture{s}"),
    "screens": ("检查 {n} 个页面", "{n} screen{s} checked"),
    "screens_ok": ("{n} 个页面正常", "{n} screen{s} read"),
    "captured": ("保存 {n} 个答案", "{n} answer{s} captured"),
    "skipped": ("跳过 {n} 项", "{n} skipped"),
    "pages_visited": ("访问 {n} 个页面", "{n} page{s} visited"),
    "unreplied": ("{n} 个未回复", "{n} unreplied"),
    "over_2h": ("{n} 个超过 2 小时未回复", "{n} waiting over 2 h"),
    # apply: each edit's outcome
    "applied": ("写入 {n} 条", "{n} written"),
    "failed": ("{n} 条写入失败", "{n} failed"),
    "conflict": ("{n} 条因店铺已变化未写入", "{n} not written: the store had changed"),
    "expired": ("{n} 条已过期", "{n} expired"),
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
    "login": ("登录", "sign-in"),
}


@cache
def _words(part: str) -> Words:
    """Every site's words for `part` (SCREENS, ROUTINES, RULES), the shared ones first."""
    out: Words = dict({"ROUTINES": ROUTINES, "SCREENS": SCREENS, "COUNTS": COUNTS}.get(part, {}))
    for name in sites.SITES:
        out.update(getattr(import_module(sites.get(name).words), part, {}))
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


def count_words(key: str, n: int, lang: str = "zh") -> str:
    """A run's count as people say it: "120 个产品" / "120 products" (the key and number when a count
    has no words yet — a test keeps every count worded)."""
    words = _words("COUNTS").get(key)
    if words is None:
        return f"{key} {n}"
    return (words[0] if lang == "zh" else words[1]).format(n=n, s="" if n == 1 else "s", ies="y" if n == 1 else "ies")
