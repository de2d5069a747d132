"""Buyer-side search: 48 organic offers a page, up to 100 pages, P4P ads interleaved by
bid x quality, a brand ad on top for keywords that bought one, organic order from relevance x
quality, and the seller's own products boosted when the request carries the seller's login.

Competitors are generated on demand from a hash, with strictly decreasing scores, so a page of a
5,000-product store is placed exactly by bisection instead of sorting thousands of offers."""

from __future__ import annotations

import hashlib
import math
import re
from bisect import bisect_left
from functools import lru_cache
from typing import Any

PAGE_SIZE = 48
MAX_PAGES = 100
TOTAL_ORGANIC = PAGE_SIZE * MAX_PAGES
DECAY = 150.0
TOP = 0.995
PERSONAL_BOOST = 1.8
N_COMP_ADS = 22
PAGE1_AD_SLOTS = (0, 2, 4, 6, 8)  # after the brand ad, alternating with organic offers
LATER_AD_SLOTS = (5, 12, 19, 26)
COMPETITOR_BRAND = ("wireless earbuds", "power bank")
ADJ = ["Hot Selling", "Factory Price", "New Arrival", "OEM", "Premium", "Wholesale", "Custom Logo", "2026 New"]


def _h(*parts) -> int:
    return int.from_bytes(hashlib.blake2b("|".join(map(str, parts)).encode(), digest_size=8).digest(), "big")


def tokens(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def relevance(title: str, keywords: list[str], keyword: str) -> float:
    kw = tokens(keyword)
    if not kw:
        return 0.0
    hay = set(tokens(title + " " + " ".join(keywords)))
    frac = sum(1 for t in kw if t in hay) / len(kw)
    return frac if frac >= 0.5 else 0.0


def comp_score(i: int) -> float:
    return TOP * math.exp(-i / DECAY)


def comps_above(score: float) -> int:
    """Number of competitor offers whose score is higher than `score`."""
    if score >= TOP:
        return 0
    return min(TOTAL_ORGANIC, max(0, math.ceil(-DECAY * math.log(score / TOP))))


def place(cands: list[tuple[float, object]], total: int = TOTAL_ORGANIC) -> tuple[list[int], list]:
    """Organic positions (0-based) of own items, best score first, among the generated competitors."""
    positions, placed = [], []
    for j, (s, item) in enumerate(cands):
        g = comps_above(s) + j
        if g >= total:
            break
        positions.append(g)
        placed.append(item)
    return positions, placed


def interleave(organic: list, ads: list, ad_slots: tuple[int, ...]) -> list:
    """A result page: the ads at their slots, organic offers in between (ads left over go last)."""
    out, oi, ai = [], 0, 0
    for pos in range(len(organic) + len(ads)):
        if ai < len(ads) and (pos == ad_slots[ai] or oi >= len(organic)):
            out.append(ads[ai])
            ai += 1
        else:
            out.append(organic[oi])
            oi += 1
    return out


def own_score(p, keyword: str, personal: bool) -> float:
    s = relevance(p.title, p.keywords, keyword) * (p.quality_score / 5.0) * p.weight
    return s * PERSONAL_BOOST if personal else s


class SearchIndex:
    """Per-keyword placement of the seller's own products among generated competitors."""

    def __init__(self, rt):
        self.rt = rt
        self.version = 0
        self._cache: dict = {}

    def invalidate(self) -> None:
        self.version += 1
        self._cache.clear()

    def _own(self, keyword: str, personal: bool):
        key = (keyword, personal, self.version)
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        cands = []
        for p in self.rt.live_products():
            if p.status != "approved" or p.display != "on":
                continue
            s = own_score(p, keyword, personal)
            if s > 0:
                cands.append((s, p))
        cands.sort(key=lambda t: (-t[0], t[1].id))
        positions, placed = place(cands)
        ads = self._ads(keyword, [p for _, p in cands])
        out = (positions, placed, ads)
        if len(self._cache) > 2000:
            self._cache.clear()
        self._cache[key] = out
        return out

    def _ads(self, keyword: str, own_ranked):
        seed = self.rt.cfg.seed
        ads: list[dict[str, Any]] = []
        for i in range(N_COMP_ADS):
            h = _h(seed, "ad", keyword, i)
            ads.append({"bid": 0.5 + (h % 350) / 100, "qs": 1 + (h >> 12) % 5, "own": None, "i": i})
        for k in self.rt.store.p4p_keywords:
            if k.keyword == keyword and k.status == "active" and own_ranked:
                ads.append({"bid": k.bid, "qs": k.qs_star, "own": own_ranked[0], "i": -1})
        ads.sort(key=lambda a: (-(a["bid"] * a["qs"]), a["i"]))
        top = [a for a in ads if a["qs"] >= 3][: len(PAGE1_AD_SLOTS)]
        rest = [a for a in ads if a not in top]
        return top + rest

    def page_ads_for(self, keyword: str) -> list[dict]:
        return self._own(" ".join(tokens(keyword)), False)[2]

    def page(self, keyword: str, page: int, personal: bool = False) -> list[dict]:
        """Slots of one result page in display order: each {kind, product, company, ...}."""
        keyword = " ".join(tokens(keyword))
        if not keyword or page < 1 or page > MAX_PAGES:
            return []
        positions, placed, ads = self._own(keyword, personal)
        organic = []
        for g in range((page - 1) * PAGE_SIZE, page * PAGE_SIZE):
            k = bisect_left(positions, g)
            if k < len(positions) and positions[k] == g:
                organic.append(self._own_offer(placed[k], keyword))
            else:
                organic.append(self._comp_offer(keyword, g - k))
        if page == 1:
            ad_slots: tuple[int, ...] = PAGE1_AD_SLOTS
            ad_from = 0
        else:
            ad_slots = LATER_AD_SLOTS
            ad_from = len(PAGE1_AD_SLOTS) + (page - 2) * len(LATER_AD_SLOTS)
        page_ads = [self._ad_offer(a, keyword) for a in ads[ad_from : ad_from + len(ad_slots)]]
        slots = interleave(organic, page_ads, ad_slots)
        if page == 1:
            brand = self._brand(keyword)
            if brand:
                slots.insert(0, brand)
        return slots

    # ---- offers ---------------------------------------------------------------------------
    def _own_offer(self, p, keyword, kind="organic") -> dict:
        st = self.rt.store
        return {
            "kind": kind,
            "product_id": p.id,
            "company_id": st.company_id,
            "company_name": st.company_name,
            "title": p.title,
            "score": p.quality_score,
            "stars": 4,
        }

    def _comp_offer(self, keyword: str, i: int, kind="organic", salt="org") -> dict:
        h = _h(self.rt.cfg.seed, salt, keyword, i)
        cid = str(231000000 + h % 400 * 977)
        return {
            "kind": kind,
            "product_id": str(1601000000000 + h % 900000000000),
            "company_id": cid,
            "company_name": f"Supplier {cid[-5:]} Technology Co., Ltd.",
            "title": f"{ADJ[h % len(ADJ)]} {keyword.title()} {ADJ[(h >> 8) % len(ADJ)]} Series {h % 9973}",
            "score": round(3.5 + (h >> 20) % 15 / 10, 1),
            "stars": (h >> 30) % 6,
        }

    def _ad_offer(self, a: dict, keyword: str) -> dict:
        if a["own"] is not None:
            o = self._own_offer(a["own"], keyword, kind="p4p")
        else:
            o = self._comp_offer(keyword, a["i"], kind="p4p", salt="ad")
        o["ad_group"] = str(12000000000 + _h("grp", keyword, a["i"]) % 999999999)
        return o

    def _brand(self, keyword: str) -> dict | None:
        own_ids = self.rt.store.brand_keywords.get(keyword)
        if own_ids:
            prods = [
                p for p in (self.rt.product(i) for i in own_ids) if p and p.status == "approved" and p.display == "on"
            ]
            if not prods:
                return None
            lead = self._own_offer(prods[0], keyword, kind="brand")
            lead["product_list"] = [self._own_offer(p, keyword, kind="brand") for p in prods[1:]]
        elif keyword in COMPETITOR_BRAND:
            lead = self._comp_offer(keyword, 0, kind="brand", salt="brand")
            lead["product_list"] = []
            for j in range(1, 5):
                o = self._comp_offer(keyword, j, kind="brand", salt="brand")
                o["company_id"], o["company_name"] = lead["company_id"], lead["company_name"]
                lead["product_list"].append(o)
        else:
            return None
        lead["ad_group"] = str(12200000000 + _h("brand", keyword) % 99999999)
        return lead


def truth(slots: list[dict]) -> list[dict]:
    out = []
    for s in slots:
        row = {"product_id": s["product_id"], "company_id": s["company_id"], "kind": s["kind"]}
        if s["kind"] == "brand":
            row["product_list"] = [o["product_id"] for o in s.get("product_list", [])]
        out.append(row)
    return out


@lru_cache(maxsize=4096)
def _bold_re(keyword: str):
    words = [re.escape(t) for t in tokens(keyword)]
    return re.compile(r"\b(" + "|".join(words) + r")\w*", re.I) if words else None


def bold(title: str, keyword: str) -> str:
    r = _bold_re(keyword)
    return r.sub(lambda m: f"<b>{m.group(0)}</b>", title) if r else title


def slug(title: str) -> str:
    return "-".join(tokens(title)[:6]).title() or "Product"


def offer_json(s: dict, keyword: str, page: int, slot: int, sub: int | None = None) -> dict:
    kind = s["kind"]
    url = f"//www.alibaba.com/product-detail/{slug(s['title'])}_{s['product_id']}.html" + (
        "?s=p" if kind == "p4p" else ""
    )
    item_type = {"organic": "normal", "p4p": "p4p", "brand": "newad"}[kind] if sub is None else "null"
    rank = slot if sub is None else sub
    track = [
        f"item_type:{item_type}",
        f"product_id:{s['product_id']}",
        f"page_number:{page}",
        f"rlt_rank:{rank}",
        f"brand_abs_pos:{48 + slot}",
        f"product_type:{item_type}",
        f"company_id:{s['company_id']}",
    ]
    o = {
        "id": int(s["product_id"]),
        "productId": s["product_id"],
        "companyId": s["company_id"],
        "companyName": s["company_name"],
        "title": bold(s["title"], keyword),
        "enPureTitle": s["title"],
        "productUrl": url,
        "isNewAd": kind == "brand",
        "isP4P": kind == "p4p",
        "isShowAd": kind == "p4p",
        "displayStarLevel": s["stars"],
        "productScore": str(s["score"]),
        "trackInfo": "@@".join(track),
    }
    if kind in ("p4p", "brand"):
        o["adInfo"] = {"adgroupId": s.get("ad_group")}
    if kind == "brand" and sub is None:
        o["productList"] = [offer_json(x, keyword, page, slot, sub=j) for j, x in enumerate(s.get("product_list", []))]
        o["trackInfo"] += "@@product_order:" + "_".join(
            [s["product_id"]] + [x["product_id"] for x in s.get("product_list", [])]
        )
    return o
