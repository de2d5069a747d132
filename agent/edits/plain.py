"""Every suggestion in plain words, for the people who approve them (the review page, `queue list`):
what it changes, named as the seller knows it (a product's title, a keyword, a buyer, an RFQ's
subject — not an id), and the change as before → after. One function per kind; a kind without one
falls back to its watched field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import edit_for

Words = tuple[str, str, str]  # (what, before, after)


def _money(x: Any) -> str:
    return f"{float(x):.2f} 元"


def _short(text: Any, n: int = 60) -> str:
    t = " ".join(str(text or "").split())
    return t if len(t) <= n else t[: n - 1] + "…"


def _ev(s: dict, *keys: str) -> str | None:
    ev = s.get("evidence") or {}
    return next((str(ev[k]) for k in keys if ev.get(k)), None)


KINDS: dict[str, Callable[[dict], Words]] = {
    "set_bid": lambda s: (
        f"关键词「{s['precondition'].get('keyword') or _ev(s, 'keyword') or s['target']}」",
        f"出价 {_money(s['precondition']['bid'])}",
        f"出价 {_money(s['value']['bid'])}",
    ),
    "set_budget": lambda s: (
        f"推广计划「{s['target']}」",
        f"日预算 {_money(s['precondition']['daily_budget'])}",
        f"日预算 {_money(s['value']['daily_budget'])}",
    ),
    "add_negative_keyword": lambda s: (
        f"智能推广「{s['target']}」",
        "没有此否定词",
        f"否定词「{s['value']['keyword']}」",
    ),
    "edit_title": lambda s: (
        f"产品 {s['target']}",
        f"标题「{_short(s['precondition']['title'])}」",
        f"标题「{_short(s['value']['title'])}」",
    ),
    "offer_title": lambda s: (
        f"产品 {s['target']}",
        f"标题「{s['precondition']['title']}」",
        f"标题「{s['value']['title']}」",
    ),
    "delete_product": lambda s: (
        f"产品「{_ev(s, 'title') or s['target']}」",
        f"在售，零效果 {s['precondition'].get('zero_days')} 天",
        "删除",
    ),
    "republish_product": lambda s: (
        f"产品「{_ev(s, 'title') or s['target']}」",
        f"零效果 {s['precondition'].get('zero_days')} 天",
        "发布类似产品（新产品），删除旧产品",
    ),
    "set_showcase": lambda s: (
        f"产品 {s['target']}",
        "在橱窗" if s["precondition"]["showcase"] else "不在橱窗",
        "放入橱窗" if s["value"]["showcase"] else "移出橱窗",
    ),
    "inquiry_reply": lambda s: (
        f"买家 {_ev(s, 'buyer') or s['target']} 的询盘",
        "未回复",
        f"回复「{_short(s['value']['text'])}」",
    ),
    "rfq_quote": lambda s: (
        f"RFQ「{_ev(s, 'title') or s['target']}」",
        f"剩余报价 {s['precondition']['quotes_left']} 次",
        "报价 " + "，".join(f"{q}+ 件 {float(p):.2f}" for q, p in s["value"]["ladder"]),
    ),
    "activity_signup": lambda s: (f"活动「{_ev(s, 'name') or s['target']}」", "未报名", "报名"),
    "visitor_message": lambda s: (
        f"访客 {s['target']}（{_ev(s, 'country') or '-'}）",
        "未营销",
        f"发送「{_short(s['value']['text'])}」",
    ),
    "add_customer": lambda s: (
        f"买家 {_ev(s, 'buyer') or s['target']}（{s['value'].get('country') or '-'}）",
        "不是客户",
        f"添加为客户：{s['value'].get('company') or '-'}，等级 {s['value'].get('level') or '-'}",
    ),
    "showcase_swap": lambda s: (f"橱窗产品 {s['target']}", f"{s['target']} 在橱窗", f"换成 {s['value']['new_offer']}"),
    "republish_plan": lambda s: (
        "重发计划",
        "无计划",
        f"每天 {'、'.join(s['value']['times'])} 重发"
        f"{'全部销售中产品' if not s['value'].get('offers') else str(len(s['value']['offers'])) + ' 个指定产品'}，"
        f"每天最多 {s['value']['daily_cap']} 个",
    ),
}


def _usd(x: Any) -> str:
    return f"{float(x):.2f}"


KINDS_EN: dict[str, Callable[[dict], Words]] = {
    "set_bid": lambda s: (
        f"keyword '{s['precondition'].get('keyword') or _ev(s, 'keyword') or s['target']}'",
        f"bid {_usd(s['precondition']['bid'])}",
        f"bid {_usd(s['value']['bid'])}",
    ),
    "set_budget": lambda s: (
        f"campaign '{s['target']}'",
        f"daily budget {_usd(s['precondition']['daily_budget'])}",
        f"daily budget {_usd(s['value']['daily_budget'])}",
    ),
    "add_negative_keyword": lambda s: (
        f"smart campaign '{s['target']}'",
        "no such negative keyword",
        f"negative keyword '{s['value']['keyword']}'",
    ),
    "edit_title": lambda s: (
        f"product {s['target']}",
        f"title '{_short(s['precondition']['title'])}'",
        f"title '{_short(s['value']['title'])}'",
    ),
    "offer_title": lambda s: (
        f"offer {s['target']}",
        f"title '{s['precondition']['title']}'",
        f"title '{s['value']['title']}'",
    ),
    "delete_product": lambda s: (
        f"product '{_ev(s, 'title') or s['target']}'",
        f"listed, no effect for {s['precondition'].get('zero_days')} days",
        "deleted",
    ),
    "republish_product": lambda s: (
        f"product '{_ev(s, 'title') or s['target']}'",
        f"no effect for {s['precondition'].get('zero_days')} days",
        "posted anew as a similar product, the old one deleted",
    ),
    "set_showcase": lambda s: (
        f"product {s['target']}",
        "in the showcase" if s["precondition"]["showcase"] else "not in the showcase",
        "put in the showcase" if s["value"]["showcase"] else "taken out of the showcase",
    ),
    "inquiry_reply": lambda s: (
        f"inquiry of buyer {_ev(s, 'buyer') or s['target']}",
        "not replied",
        f"reply '{_short(s['value']['text'])}'",
    ),
    "rfq_quote": lambda s: (
        f"RFQ '{_ev(s, 'title') or s['target']}'",
        f"{s['precondition']['quotes_left']} quotes left",
        "quote " + ", ".join(f"{q}+ pcs at {float(p):.2f}" for q, p in s["value"]["ladder"]),
    ),
    "activity_signup": lambda s: (f"activity '{_ev(s, 'name') or s['target']}'", "not signed up", "signed up"),
    "visitor_message": lambda s: (
        f"visitor {s['target']} ({_ev(s, 'country') or '-'})",
        "not contacted",
        f"send '{_short(s['value']['text'])}'",
    ),
    "add_customer": lambda s: (
        f"buyer {_ev(s, 'buyer') or s['target']} ({s['value'].get('country') or '-'})",
        "not a customer",
        f"added as a customer: {s['value'].get('company') or '-'}, level {s['value'].get('level') or '-'}",
    ),
    "showcase_swap": lambda s: (
        f"showcase offer {s['target']}",
        f"{s['target']} in the showcase",
        f"replaced by {s['value']['new_offer']}",
    ),
    "republish_plan": lambda s: (
        "re-publish plan",
        "no plan",
        f"every day at {', '.join(s['value']['times'])}, "
        f"{'every offer on sale' if not s['value'].get('offers') else str(len(s['value']['offers'])) + ' chosen offers'}, "
        f"at most {s['value']['daily_cap']} a day",
    ),
}


def describe(s: dict, lang: str = "zh") -> Words:
    """(what, before, after) of one suggestion row, in Chinese (or English: lang="en")."""
    fn = (KINDS_EN if lang == "en" else KINDS).get(s["kind"])
    if fn is not None:
        try:
            return fn(s)
        except (KeyError, TypeError, ValueError):  # an older row without a field: say it the generic way
            pass
    edit = edit_for(s["kind"])
    field = edit.watch or edit.main_field
    before = (s.get("precondition") or {}).get(field, "")
    after = (s.get("value") or {}).get(field, "")
    return s["target"], _short(before), _short(after)
