"""How people name 1688's screens, routines and diagnosis rules (Chinese, then English)."""

from __future__ import annotations

SCREENS: dict[str, tuple[str, str]] = {
    "Workbench": ("1688 工作台", "1688 workbench"),
    "Sycm": ("生意参谋", "生意参谋 (business advisor)"),
    "WxbKeywords": ("网销宝 · 关键词", "网销宝 keywords"),
    "OfferList": ("供应产品管理", "Offer list"),
    "ExperienceCenter": ("商品体验中心", "Product experience centre"),
    "Showcase": ("橱窗", "Showcase"),
    "CbuInquiries": ("询价管理", "1688 inquiries"),
}

ROUTINES: dict[str, tuple[str, str]] = {
    "republish": ("重发", "re-publish"),
    "wxb_review": ("网销宝复盘", "网销宝 review"),
}

COUNTS: dict[str, tuple[str, str]] = {
    "sycm_days": ("生意参谋 {n} 天", "{n} day{s} of 生意参谋"),
    "wxb_keywords": ("{n} 个网销宝关键词", "{n} 网销宝 keyword{s}"),
    "offers_on_sale": ("{n} 个在售产品", "{n} offer{s} on sale"),
    "plan_offers_on_sale": ("计划内在售 {n} 个", "{n} offer{s} of the plan on sale"),
    "republished": ("重发 {n} 个", "{n} re-published"),
    "already_today": ("{n} 个今天已重发", "{n} re-published earlier today"),
    "refused": ("{n} 个被网站拒绝", "{n} refused by the site"),
}

RULES: dict[str, tuple[str, str]] = {
    "inquiries": ("询盘回复", "inquiry replies"),
    "traffic": ("流量", "traffic"),
    "wxb": ("网销宝", "网销宝"),
    "store_quality": ("店铺质量", "store quality"),
    "titles": ("标题优化", "titles"),
    "showcase": ("橱窗", "showcase"),
    "republish_plan": ("重发计划", "re-publish plan"),
}
