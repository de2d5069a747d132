"""Buyer-facing edits: a reply to an inquiry, a quote on an RFQ."""

from __future__ import annotations

from pydantic import field_validator

from ._base import SITE, Edit, Model, SiteRule, Words, clean_text, ev, finite, register, short


def _squash(text: str) -> str:
    """Whitespace as a page renders it (line breaks in a reply show as spaces)."""
    return " ".join(text.split())


@register
class InquiryReply(Edit):
    kind, main_field = "inquiry_reply", "text"
    label = {"zh": "回复询盘", "en": "reply to inquiry"}

    @classmethod
    def describe(cls, s: dict, lang: str = "zh") -> Words:
        if lang == "en":
            return (
                f"inquiry of buyer {ev(s, 'buyer') or s['target']}",
                "not replied",
                f"reply '{short(s['value']['text'])}'",
            )
        return (
            f"买家 {ev(s, 'buyer') or s['target']} 的询盘",
            "未回复",
            f"回复「{short(s['value']['text'])}」",
        )

    spot = classmethod(lambda cls, s: str((s.get("evidence") or {}).get("buyer") or s["target"]))

    class Pre(Model):
        replied: bool = False

    class Value(Model):
        text: str

        @field_validator("text")
        @classmethod
        def _text(cls, v: str) -> str:
            return clean_text(v, "a reply", SITE.REPLY_MAX, "回复内容")

    @classmethod
    async def read(cls, driver, s):
        from ..pages.inquiries import InquiryDetail

        replies = await InquiryDetail(driver).replies(s["target"])
        return {"replied": bool(replies), "replies": replies}

    @classmethod
    async def show(cls, driver, s):
        """The inquiry's row in the list, not its detail: opening an inquiry marks it read for the
        people who work the inbox, and a suggestion must not change what they see."""
        from ..pages.inquiries import InquiryList

        return await InquiryList(driver).row(s["target"])

    @classmethod
    def done(cls, c, s):
        return _squash(s["value"]["text"]) in map(_squash, c["replies"])

    @classmethod
    def ready(cls, c, s):
        return not c["replied"]

    @classmethod
    async def write(cls, driver, s):
        from ..pages.inquiries import InquiryDetail

        await InquiryDetail(driver).reply(s["target"], s["value"]["text"])


@register
class RfqQuote(Edit):
    kind = "rfq_quote"
    label = {"zh": "RFQ报价", "en": "quote RFQ"}

    @classmethod
    def describe(cls, s: dict, lang: str = "zh") -> Words:
        if lang == "en":
            return (
                f"RFQ '{ev(s, 'title') or s['target']}'",
                f"{s['precondition']['quotes_left']} quotes left",
                "quote " + ", ".join(f"{q}+ pcs at {float(p):.2f}" for q, p in s["value"]["ladder"]),
            )
        return (
            f"RFQ「{ev(s, 'title') or s['target']}」",
            f"剩余报价 {s['precondition']['quotes_left']} 次",
            "报价 " + "，".join(f"{q}+ 件 {float(p):.2f}" for q, p in s["value"]["ladder"]),
        )

    class Pre(Model):
        quotes_left: int

    class Value(Model):
        product_name: str
        ladder: list[tuple[int, float]]  # (from quantity, unit price)
        message: str
        port: str = ""
        trade_term: str = "FOB"
        payment: str = "T/T"
        currency: str = "USD"
        unit: str = "Pieces"
        details: str = ""

        @field_validator("ladder")
        @classmethod
        def _ladder(cls, v):
            if not v:
                raise SiteRule("a quote needs at least one price", "请填写报价")
            for qty, price in v:
                finite(price, "a price", "价格格式不正确")
                if qty <= 0 or price <= 0:
                    raise SiteRule(
                        f"a quote needs a quantity and a price above 0, got {qty} at {price}", "数量和单价须大于0"
                    )
            return v

    @classmethod
    async def read(cls, driver, s):
        from ..pages.rfq import RfqMarket

        r = next((r for r in await RfqMarket(driver).search("") if r.id == s["target"]), None)
        return {"exists": r is not None, "quoted": r.quoted if r else None, "quotes_left": r.quotes_left if r else None}

    @classmethod
    def done(cls, c, s):
        return bool(c["quoted"])

    @classmethod
    def ready(cls, c, s):
        return c["exists"] and not c["quoted"] and (c["quotes_left"] or 0) > 0

    @classmethod
    async def show(cls, driver, s):
        from ..pages.rfq import RfqMarket

        return await RfqMarket(driver).card(s["target"])

    @classmethod
    async def write(cls, driver, s):
        from ..pages.rfq import QuoteDraft, QuoteForm

        v = s["value"]
        await QuoteForm(driver).quote(s["target"], QuoteDraft(**{**v, "ladder": [tuple(x) for x in v["ladder"]]}))
