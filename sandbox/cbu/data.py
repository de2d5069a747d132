"""Deterministic data of a 1688 (诚信通) store, generated from the seed: offers, 生意参谋's daily
figures, 网销宝 keywords, the store score, showcase slots, 商品体验中心 problems and 询价.

Planted for the seed-003 rules (whatever the seed): yesterday's free traffic is a third below the
week before and its paid traffic 40% below; yesterday brought fewer than 10 inquiries; the 旺铺评分 is under 90; fewer than 80% of
the offers on sale have 5-star information; two 网销宝 keywords had no impressions and no clicks in
7 days and one spends without sales; a showcase offer has sat there for over 15 days; one offer was
taken down for a violation."""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from ..data import CST, DEFAULT_NOW

FAMILIES = [
    ("跨境灯具", ["LED", "太阳能", "户外", "庭院", "壁灯", "防水"]),
    ("蓝牙音箱", ["便携", "无线", "防水", "迷你", "重低音", "户外"]),
    ("充电宝", ["20000毫安", "快充", "磁吸", "超薄", "自带线", "大容量"]),
    ("数据线", ["Type-C", "快充", "编织", "三合一", "苹果", "加长"]),
    ("手机壳", ["硅胶", "防摔", "透明", "皮革", "磁吸", "卡通"]),
    ("LED灯带", ["RGB", "智能", "12V", "防水", "USB", "七彩"]),
    ("收纳盒", ["塑料", "桌面", "抽屉式", "透明", "化妆品", "大号"]),
    ("保温杯", ["不锈钢", "316", "大容量", "便携", "儿童", "商务"]),
]
TRACKED_KEYWORDS = [f for f, _ in FAMILIES[:4]]
REGIONS = ["义乌", "深圳", "广州", "宁波", "东莞"]
LEADS = ["厂家直销", "批发", "跨境专供", "新款", "爆款", "源头工厂"]
LIFE = [("valid", "上架中", 1), ("sellOut", "库存售罄", 2), ("expired", "已过期", 3), ("draft", "待上架", 4)]
BUYERS = ["王先生", "李女士", "张总", "刘经理", "陈小姐", "杨先生", "赵女士", "黄总", "周经理", "吴先生"]
SHOWCASE_SLOTS = 10
HISTORY_DAYS = 60


def _h(*parts) -> int:
    return int.from_bytes(hashlib.blake2b("|".join(map(str, parts)).encode(), digest_size=8).digest(), "big")


@dataclass
class Offer:
    id: str
    subject: str
    family: str
    keywords: list[str]
    item_number: str
    life: str  # valid | sellOut | expired | draft
    unit_price: float
    info_stars: int  # 信息质量 1-5
    main_pics: int
    detail_pics: int
    refreshed_at: datetime  # the last 重发 (or publication)
    showcase_since: date | None
    weight: float
    violation: str | None = None
    low_quality: str | None = None

    @property
    def on_sale(self) -> bool:
        return self.life == "valid" and self.violation is None


@dataclass
class WxbKeyword:
    id: str
    keyword: str
    bid: float
    status: str  # 推广中 | 暂停
    kind: str  # normal | imprecise | no_sales: how its days are drawn


@dataclass
class CbuStore:
    seed: int
    member_id: str  # the seller's loginId / memberId
    company_name: str
    offers: list[Offer]
    wxb_keywords: list[WxbKeyword]
    shop_score: float  # 旺铺评分 (0-100)
    nlh: dict  # 新灯塔: totalScore and its five scores (0-5)
    service: dict  # 工作台's service figures
    start: datetime
    first_data_date: date
    inquiries: list[dict] = field(default_factory=list)

    def offer(self, oid: str) -> Offer | None:
        return next((o for o in self.offers if o.id == oid), None)

    # ---- 生意参谋, one day ------------------------------------------------------------------------
    def day(self, d: date) -> dict:
        """The day's figures (deterministic per seed and date); the first data date is planted:
        free traffic a third down on the week before, fewer than 10 inquiries."""
        h = _h(self.seed, "sycm", d.isoformat())
        free = 380 + h % 90
        paid = 110 + (h >> 8) % 40
        inquiries = 12 + (h >> 16) % 9
        if d == self.first_data_date:
            free, paid, inquiries = 255, 70, 7
        uv = free + paid
        pv = int(uv * (2.1 + (h >> 24) % 60 / 100))
        buyers = max(1, int(uv * (0.018 + (h >> 30) % 12 / 1000)))
        orders = buyers + (h >> 34) % 4
        return {
            "date": d.isoformat(),
            "revealCnt": uv * 23 + (h >> 40) % 500,
            "pv": pv,
            "uv": uv,
            "clickRate": round(0.035 + (h >> 44) % 20 / 1000, 4),
            "bounceRate": round(0.42 + (h >> 48) % 20 / 100, 4),
            "freeUv": free,
            "paidUv": paid,
            "effectiveInQUsers": inquiries,
            "wangInQCnt": inquiries + 3 + (h >> 52) % 6,
            "payByrCnt": buyers,
            "payOrdCnt": orders,
            "payAmt": round(orders * (180 + (h >> 56) % 120) + 0.5, 2),
        }

    def hourly(self, d: date) -> list[int]:
        """The day's visitors by hour (0-23), summing to uv: this store's buyers come at 10, 13, 15 and 17."""
        uv = self.day(d)["uv"]
        weights = [1, 1, 1, 1, 1, 1, 2, 4, 6, 8, 14, 9, 7, 12, 8, 11, 7, 10, 6, 5, 4, 3, 2, 1]
        total = sum(weights)
        out = [uv * w // total for w in weights]
        out[10] += uv - sum(out)
        return out

    def sources(self, d: date) -> list[dict]:
        day = self.day(d)
        free, paid = day["freeUv"], day["paidUv"]
        parts = [
            ("搜索", "free", 0.55),
            ("类目", "free", 0.15),
            ("首页推荐", "free", 0.12),
            ("直接访问", "free", 0.1),
            ("其他", "free", 0.08),
        ]
        rows, left = [], free
        for i, (name, kind, share) in enumerate(parts):
            n = left if i == len(parts) - 1 else int(free * share)
            left -= n
            rows.append({"sourceName": name, "sourceType": kind, "uv": n})
        rows.append({"sourceName": "网销宝", "sourceType": "paid", "uv": paid})
        return rows

    def keywords(self, d: date) -> list[dict]:
        out = []
        for fam, mods in FAMILIES:
            for m in mods[:3]:
                kw = f"{m}{fam}"
                h = _h(self.seed, "kw", kw, d.isoformat())
                uv = 3 + h % 40
                out.append(
                    {
                        "keyword": kw,
                        "uv": uv,
                        "pv": uv * 2 + h % 5,
                        "clickRate": round(0.02 + (h >> 8) % 50 / 1000, 4),
                        "payByrCnt": (h >> 16) % 3,
                    }
                )
        return sorted(out, key=lambda r: -r["uv"])

    def wxb_day(self, k: WxbKeyword, d: date) -> dict:
        h = _h(self.seed, "wxb", k.id, d.isoformat())
        if k.kind == "imprecise" or k.status != "推广中":
            imp = clicks = 0
        else:
            imp = 200 + h % 900
            clicks = max(1, int(imp * (0.01 + (h >> 10) % 30 / 1000)))
        spend = round(clicks * k.bid * (0.6 + (h >> 20) % 30 / 100), 2)
        sales = 0.0 if k.kind == "no_sales" or not clicks else round(spend * (1.2 + (h >> 30) % 300 / 100), 2)
        return {
            "impressions": imp,
            "clicks": clicks,
            "spend": spend,
            "sales": sales,
            "orders": 0 if not sales else 1 + (h >> 40) % 3,
        }


def _offer_id(n: int) -> str:
    return str(600000000000 + n * 104729)


def make_offers(rng: random.Random, n: int, now: datetime) -> list[Offer]:
    out = []
    for i in range(n):
        fam, mods = FAMILIES[i % len(FAMILIES)]
        a, b = rng.sample(mods, 2)
        subject = f"{rng.choice(LEADS)}{a}{b}{fam}{rng.choice(REGIONS)}货源{i:03d}"
        life = rng.choices([x[0] for x in LIFE], weights=[80, 8, 6, 6])[0]
        stars = rng.choices([5, 4, 3, 2], weights=[62, 22, 10, 6])[0]
        mains, details = (
            (rng.randint(3, 6), rng.randint(5, 12)) if stars == 5 else (rng.randint(1, 3), rng.randint(1, 6))
        )
        out.append(
            Offer(
                id=_offer_id(i),
                subject=subject,
                family=fam,
                keywords=[fam, a + fam, b + fam],
                item_number=f"HX-{1000 + i}",
                life=life,
                unit_price=round(rng.uniform(2.5, 80), 2),
                info_stars=stars,
                main_pics=mains,
                detail_pics=details,
                refreshed_at=(now - timedelta(days=1, hours=rng.randint(0, 10))).replace(microsecond=0),
                showcase_since=None,
                weight=rng.uniform(0.3, 1.0),
            )
        )
    if n >= 12:
        for o in out[:12]:
            o.life = "valid"
        out[0].violation = "图片盗用他人"  # taken down by 商品体验中心
        out[1].low_quality, out[1].info_stars, out[1].main_pics = "主图不足3张", 3, 2
        out[2].low_quality, out[2].detail_pics = "详情图片少于5张", 3
        for j in range(3, 10):  # the showcase, one slot held for 22 days
            out[j].showcase_since = (now - timedelta(days=22 if j == 3 else 4 + j)).date()
    return out


def make_cbu_store(seed: int = 7, n_offers: int = 120, now: datetime = DEFAULT_NOW) -> CbuStore:
    rng = random.Random(seed * 1688 + 1)
    offers = make_offers(rng, n_offers, now)
    on_sale = [o for o in offers if o.on_sale]
    # fewer than 80% of the offers on sale with 5-star information, whatever the draw
    five = [o for o in on_sale if o.info_stars == 5]
    for o in five[: max(0, len(five) - int(0.7 * len(on_sale)))]:
        o.info_stars, o.main_pics = 4, 2
    kws = []
    for i, (fam, mods) in enumerate(FAMILIES):
        for j, m in enumerate(mods[:2]):
            kind = "imprecise" if (i, j) in ((5, 1), (6, 1)) else "no_sales" if (i, j) == (2, 1) else "normal"
            kws.append(
                WxbKeyword(
                    id=str(880000 + i * 10 + j),
                    keyword=f"{m}{fam}",
                    bid=round(0.6 + rng.random() * 2.4, 2),
                    status="推广中",
                    kind=kind,
                )
            )
    st = CbuStore(
        seed=seed,
        member_id=f"b2b-22{rng.randint(10**8, 10**9 - 1)}",
        company_name="义乌市星辰电子商行",
        offers=offers,
        wxb_keywords=kws,
        shop_score=86.0,
        nlh={
            "totalScore": 4.2,
            "qualityScore": 4.4,
            "refundScore": 4.6,
            "lgtScore": 4.1,
            "wwScore": 3.8,
            "starScore": 4.0,
        },
        service={
            "wwResponseRate3min": 0.82,
            "satisfaction": 4.7,
            "dispatch48hRate": 0.93,
            "fulfilRate": 0.97,
            "refundRate": 0.012,
        },
        start=now,
        first_data_date=(now - timedelta(days=1)).date(),
    )
    st.inquiries = make_inquiries(st, now)
    return st


def make_inquiries(st: CbuStore, now: datetime) -> list[dict]:
    """询价 of the last 7 data days, as many a day as 生意参谋 counts (effectiveInQUsers)."""
    out = []
    sale = [o for o in st.offers if o.on_sale] or st.offers
    for back in range(7):
        d = st.first_data_date - timedelta(days=back)
        for k in range(st.day(d)["effectiveInQUsers"]):
            h = _h(st.seed, "inq", d.isoformat(), k)
            o = sale[h % len(sale)]
            at = datetime(d.year, d.month, d.day, 8 + (h >> 8) % 13, (h >> 16) % 60, tzinfo=CST)
            out.append(
                {
                    "id": f"{d:%Y%m%d}{k:03d}",
                    "buyer": BUYERS[(h >> 24) % len(BUYERS)],
                    "offerId": o.id,
                    "subject": o.subject,
                    "quantity": 50 * (1 + (h >> 32) % 20),
                    "createTime": at.isoformat(),
                    "replied": back > 1 or (h >> 40) % 3 == 0,
                }
            )
    return sorted(out, key=lambda r: r["createTime"], reverse=True)
