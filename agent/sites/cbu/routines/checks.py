"""The 1688 screens `doctor` and `capture` open (read-only, first page only)."""

from __future__ import annotations

from agent.routines.doctor import Check, _count, _one, first

from ..pages.experience import ExperienceCenter
from ..pages.inquiries import CbuInquiries
from ..pages.offers import OfferList
from ..pages.showcase import Showcase
from ..pages.sycm import Sycm
from ..pages.workbench import Workbench
from ..pages.wxb import WxbKeywords


def checks(day) -> list[Check]:
    return [
        ("cbu_work", Workbench, lambda s: _one(s.read())),
        ("cbu_offers", OfferList, lambda s: first(s, s.url(show_type="valid"))),
        ("cbu_sycm", Sycm, lambda s: _count(s.read(day), lambda h: len(h.trend))),
        ("cbu_wxb", WxbKeywords, first),
        ("cbu_experience", ExperienceCenter, lambda s: _count(s.read(), len)),
        ("cbu_showcase", Showcase, lambda s: _count(s.read(), lambda x: len(x.slots))),
        ("cbu_inquiries", CbuInquiries, first),
    ]
