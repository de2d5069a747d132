"""The answers' shapes: an offer as manage_mini.vm lists it, and the 1688 part of the state view."""

from __future__ import annotations

from datetime import timedelta

from . import data_date

STATUS = {"valid": ("上架中", 1), "sellOut": ("库存售罄", 2), "expired": ("已过期", 3), "draft": ("待上架", 4)}


def life_of(o) -> str:
    return "expired" if o.violation else o.life


def offer_item(o) -> dict:
    """One of manage_mini.vm's items[]: the keys REAL_SITE.md names, plus gmtModified (the last
    re-publish; a guess) and the information-quality stars the list shows (a guess)."""
    life = life_of(o)
    name, value = STATUS[life]
    if o.violation:
        name = "违规下架"
    return {
        "offerId": int(o.id),
        "subject": o.subject,
        "itemNumber": o.item_number,
        "lifePeriod": life,
        "statusName": name,
        "offerStatusValue": value,
        "unitPrice": f"{o.unit_price:.2f}",
        "pictureURL": f"https://cbu01.alicdn.com/img/ibank/{o.id[-6:]}.jpg",
        "gmtModified": o.refreshed_at.strftime("%Y-%m-%d %H:%M:%S"),
        "infoStar": o.info_stars,
        "isShowcase": o.showcase_since is not None,
    }


def state_view(rt) -> dict:
    st = rt.cbu
    d = data_date(rt)
    return {
        "member_id": st.member_id,
        "company_name": st.company_name,
        "shop_score": st.shop_score,
        "nlh": st.nlh,
        "service": st.service,
        "data_date": d.isoformat(),
        "offers": [
            dict(
                offer_item(o),
                id=o.id,
                on_sale=o.on_sale,
                refreshed_at=o.refreshed_at.isoformat(),
                showcase_since=o.showcase_since.isoformat() if o.showcase_since else None,
                violation=o.violation,
                low_quality=o.low_quality,
                main_pics=o.main_pics,
                detail_pics=o.detail_pics,
                family=o.family,
            )
            for o in st.offers
        ],
        "sycm": {back: st.day(d - timedelta(days=back)) for back in range(8)},
        "wxb_keywords": [
            {
                "id": k.id,
                "keyword": k.keyword,
                "bid": k.bid,
                "status": k.status,
                "kind": k.kind,
                "yesterday": st.wxb_day(k, d),
            }
            for k in st.wxb_keywords
        ],
        "inquiries": st.inquiries,
    }
