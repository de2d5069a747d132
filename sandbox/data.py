"""Deterministic store data for the sandbox: one seller's back office, generated from a seed.

Everything the routines must find is planted here on purpose (zero-effect products of several
ages, low-score products, unreplied inquiries of various ages, overdue orders, negative reviews,
P4P keywords that spend without inquiries, unused RFQ quota, open activities).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

CST = timezone(timedelta(hours=8))
FUTURE_DAYS = 30  # days of data generated past the start, so tests can move the clock forward
DEFAULT_NOW = datetime(2026, 11, 20, 9, 30, tzinfo=CST)

FAMILIES = [
    ("bluetooth speaker", ["portable", "wireless", "waterproof", "mini", "outdoor", "bass"]),
    ("wireless earbuds", ["tws", "noise cancelling", "sports", "bluetooth 5.3", "gaming"]),
    ("power bank", ["20000mah", "fast charging", "magnetic", "slim", "solar"]),
    ("smart watch", ["fitness", "heart rate", "waterproof", "amoled", "kids"]),
    ("usb cable", ["type c", "fast charging", "braided", "3 in 1", "magnetic"]),
    ("led strip light", ["rgb", "smart", "12v", "waterproof", "usb"]),
    ("phone case", ["silicone", "shockproof", "clear", "leather", "magsafe"]),
    ("wall charger", ["65w", "gan", "pd", "dual port", "usb c"]),
]
# buyers' longer searches that no generated title carries (new listings are drafted for them)
LONG_TAIL = {
    "bluetooth speaker": ["bluetooth speaker for car", "bluetooth speaker with fm radio"],
    "wireless earbuds": ["wireless earbuds for iphone", "wireless earbuds with charging case"],
    "power bank": ["power bank for laptop"],
    "smart watch": ["smart watch for android", "smart watch with sim card"],
    "usb cable": ["usb cable for iphone"],
    "led strip light": ["led strip light for bedroom"],
    "phone case": ["phone case for iphone 15"],
    "wall charger": ["wall charger for macbook"],
}
TRACKED_KEYWORDS = [f for f, _ in FAMILIES[:5]]
# what a piece of each family sells for (US $): a quote far from it is a mistake
PRICE_RANGES = {
    "bluetooth speaker": (6.0, 35.0),
    "wireless earbuds": (4.0, 25.0),
    "power bank": (5.0, 22.0),
    "smart watch": (8.0, 45.0),
    "usb cable": (0.4, 3.5),
    "led strip light": (2.0, 15.0),
    "phone case": (0.5, 4.0),
    "wall charger": (2.5, 14.0),
}
COUNTRIES = [
    ("US", -5),
    ("GB", 0),
    ("DE", 1),
    ("IN", 5.5),
    ("BR", -3),
    ("AE", 4),
    ("AU", 11),
    ("NG", 1),
    ("MX", -6),
    ("FR", 1),
    ("SA", 3),
    ("CA", -5),
]
BUYERS = [
    "John",
    "Maria",
    "Ahmed",
    "Priya",
    "Lucas",
    "Olga",
    "Kenji",
    "Fatima",
    "David",
    "Sofia",
    "Chen",
    "Amir",
    "Grace",
    "Mateo",
    "Aisha",
    "Noah",
]
OWNERS = ["张伟", "李娜", "王芳"]
TIERS = ["new", "low_score", "potential", "strong", "hot"]
STATUSES = ["approved", "approved", "approved", "approved", "pending", "rejected"]


@dataclass
class Product:
    id: str
    title: str
    keywords: list[str]
    family: str
    status: str  # approved | pending | rejected
    display: str  # on | off
    quality_score: float  # 0.0 - 5.0
    tier: str  # new | low_score | potential | strong | hot
    created_days: int  # age in days
    zero_days: int  # days since the last effect (impression/click/inquiry); 0 = active
    showcase: bool
    price: float
    moq: int
    imp_rate: float  # impressions per active day
    ctr: float
    inq_rate: float  # inquiries per click
    weight: float  # search strength
    tips: list[str] = field(default_factory=list)  # what the editor's quality panel says is missing

    def effective_days(self, period: int, offset: int = 0) -> int:
        """Days within [offset, offset+period) before the data date on which this product had effect."""
        lo, hi = offset, offset + period
        lo = max(lo, self.zero_days)
        hi = min(hi, self.created_days)
        return max(0, hi - lo)


@dataclass
class P4PKeyword:
    id: int
    keyword: str
    campaign: str  # standard | smart
    bid: float
    base_price: float
    qs_star: int
    status: str  # active | paused
    last_changed_days: int
    daily: list[dict] = field(default_factory=list)  # index 0 = data date, 1 = day before, ...


@dataclass
class Store:
    seed: int
    company_id: str
    company_name: str
    products: list[Product]
    p4p_keywords: list[P4PKeyword]
    inquiries: list[dict]
    rfqs: list[dict]
    orders: list[dict]
    reviews: list[dict]
    activities: list[dict]
    violations: list[dict]
    star: dict
    overview_daily: list[dict]  # index FUTURE_DAYS = first data date; lower = later days
    traffic_keywords: list[dict]
    traffic_sources: list[dict]
    visitors: list[dict]
    budgets: dict
    negative_keywords: list[dict]
    p4p_history: list[dict]
    rfq_quota: dict
    brand_keywords: dict  # keyword -> list of own product ids (first is the lead)
    start: datetime
    l1: dict = field(default_factory=dict)  # the L1+ buyer share and its benchmarks (targets.py)
    fans_posts: list = field(default_factory=list)  # 粉丝通 posts (targets.py)


def _pid(n: int) -> str:
    return str(1600100000000 + n * 7919)


def make_products(rng: random.Random, n: int) -> list[Product]:
    out = []
    for i in range(n):
        fam, mods = FAMILIES[i % len(FAMILIES)]
        words = rng.sample(mods, 2)
        title = f"{words[0].title()} {fam.title()} {words[1].title()} Model S{i:05d}"
        tier = rng.choices(TIERS, weights=[15, 8, 45, 22, 10])[0]
        score = round(rng.uniform(2.6, 4.4), 1) if tier == "low_score" else round(rng.uniform(4.0, 5.0), 1)
        created = rng.randint(3, 720)
        r = rng.random()
        if r < 0.06:
            zero = created  # never had effect
        elif r < 0.14:
            zero = rng.choice([35, 60, 95, 120, 185, 200])
        else:
            zero = 0
        zero = min(zero, created)
        status = rng.choice(STATUSES) if i >= 20 else "approved"
        out.append(
            Product(
                id=_pid(i),
                title=title,
                keywords=[fam, f"{words[0]} {fam}", f"{fam} {words[1]}"],
                family=fam,
                status=status,
                display="on" if status == "approved" and rng.random() > 0.05 else "off",
                quality_score=score,
                tier=tier,
                created_days=created,
                zero_days=zero,
                showcase=rng.random() < 0.08,
                price=round(rng.uniform(*PRICE_RANGES[fam]), 2),
                moq=rng.choice([1, 10, 50, 100, 500]),
                imp_rate=round(rng.uniform(5, 400), 1),
                ctr=rng.uniform(0.002, 0.05),
                inq_rate=rng.uniform(0.0, 0.12),
                weight=rng.uniform(0.2, 1.0),
            )
        )
    # Planted cases that the diagnosis must always find, whatever the size.
    if n >= 10:
        out[1].quality_score, out[1].tier = 3.2, "low_score"
        out[2].zero_days = out[2].created_days = 400  # zero effect > 180 days
        out[3].created_days, out[3].zero_days = 300, 100  # zero effect 90-180 days
        out[4].created_days, out[4].zero_days = 300, 40  # zero effect 30-90 days
        out[5].imp_rate, out[5].ctr = 900.0, 0.0015  # high impressions, low clicks
        out[6].ctr, out[6].inq_rate = 0.06, 0.0  # clicks without inquiries
        for p in out[1:7]:
            p.status, p.display = "approved", "on"
    # a mispriced listing: the best USB cable says US $33.75 a piece (a typing slip of 3.75); an RFQ
    # quote must not take its price without a second look
    cables = [p for p in out if p.family == "usb cable" and p.status == "approved" and p.display == "on"]
    if len(cables) >= 3:
        max(cables, key=lambda p: (p.quality_score, p.id)).price = 33.75
    return out


def make_p4p(rng: random.Random, n: int) -> list[P4PKeyword]:
    base_words = [f for f, _ in FAMILIES] + [f"{m} {f}" for f, ms in FAMILIES for m in ms[:3]]
    out = []
    for i in range(min(n, len(base_words))):
        kw = base_words[i]
        base = round(rng.uniform(0.3, 1.5), 1)
        bid = round(base + rng.randint(0, 25) * 0.1, 1)
        k = P4PKeyword(
            id=3000 + i,
            keyword=kw,
            campaign="smart" if i % 4 == 3 else "standard",
            bid=bid,
            base_price=base,
            qs_star=rng.choice([1, 2, 3, 3, 4, 4, 5, 5]),
            status="active",
            last_changed_days=rng.randint(0, 30),
        )
        if i == 0:  # planted: the top ad slot, so the best own product shows organic and paid on page 1
            k.bid, k.qs_star = round(base + 3.0, 1), 5
        spender = i in (0, 2)  # planted: top spenders without inquiries
        for _day in range(30):
            imp = rng.randint(200, 3000) * (3 if spender else 1)
            ctr = rng.uniform(0.001, 0.004) if i == 4 else rng.uniform(0.008, 0.04)  # planted low CTR
            clicks = int(imp * ctr)
            cpc = round(bid * rng.uniform(0.55, 0.95), 2)
            inq = 0 if spender else rng.choice([0, 0, 0, 1, 1, 2])
            k.daily.append({"impressions": imp, "clicks": clicks, "spend": round(clicks * cpc, 2), "inquiries": inq})
        out.append(k)
    return out


# what buyers write, by the language of their country, each asking something else (price, a sample,
# their logo): replies must answer it in their language
MESSAGES = {
    "en": (
        "Hello, please quote {n} pcs of {t}.",
        "Hi, can you send a sample of {t} before we order {n} pcs?",
        "We need {n} pcs of {t} with our own logo. What is your best price?",
    ),
    "es": (
        "Hola, necesito {n} piezas de {t}. ¿Cuál es su mejor precio?",
        "Buenos días, ¿pueden enviarme una muestra de {t}? Compraríamos {n} piezas.",
        "Queremos {n} piezas de {t} con nuestro logotipo. Envíe su cotización, por favor.",
    ),
    "pt": ("Olá, preciso de {n} peças de {t}. Qual é o melhor preço?",),
    "fr": ("Bonjour, pouvez-vous nous envoyer un prix pour {n} pièces de {t} ?",),
    "de": ("Hallo, bitte senden Sie uns ein Angebot für {n} Stück {t}.",),
}
COUNTRY_LANGUAGE = {"MX": "es", "BR": "pt", "FR": "fr", "DE": "de"}


def buyer_message(country: str, i: int, n: int, title: str) -> str:
    """The buyer's first message: in the country's language for some (a German buyer writes German
    every other time), each asking something else."""
    lang = COUNTRY_LANGUAGE.get(country, "en")
    if lang == "de" and i % 2:
        lang = "en"
    options = MESSAGES[lang]
    return options[i % len(options)].format(n=n, t=title)


def make_store(seed: int = 7, n_products: int = 200, n_keywords: int = 24, now: datetime = DEFAULT_NOW) -> Store:
    rng = random.Random(seed)
    company_id = str(230000000 + rng.randint(100000, 999999))
    products = make_products(rng, n_products)
    p4p = make_p4p(rng, n_keywords)

    inquiries: list[dict] = []
    for i in range(40):
        country, tz = rng.choice(COUNTRIES)
        age_h = rng.choice([0.5, 1.5, 3, 5, 9, 20, 30, 50, 80, 200, 400, 500])
        p = products[rng.randrange(len(products))]
        replied = rng.random() < 0.55 if age_h > 3 else False
        inquiries.append(
            {
                "id": str(20175200000 + i * 37),
                "type": "inquiry" if i % 5 else "tm",
                "buyer": f"{rng.choice(BUYERS)} {chr(65 + i % 26)}.",
                "country": country,
                "tz_offset": tz,
                "product_id": p.id,
                "product_title": p.title,
                "received": (now - timedelta(hours=age_h)).isoformat(timespec="seconds"),
                "replied": replied,
                "owner": rng.choice(OWNERS),
                "status": "replied" if replied else "unreplied",
                "subject": f"Inquiry about {p.family}",
                "message": buyer_message(country, i, qty := rng.choice([100, 500, 1000, 5000]), p.title),
                "quantity": qty,
                "replies": [],
            }
        )
    # real senders may leave their name blank (2 of the 20 rows of the real answer: name " "), one of
    # them with a company name: two unanswered inquiries of the sandbox are such buyers
    blank = [
        q
        for q in inquiries
        if q["type"] == "inquiry"
        and not q["replied"]
        and now - datetime.fromisoformat(q["received"]) > timedelta(hours=3)
    ][:2]
    for q, company in zip(blank, ("Smith Imports Ltd.", "")):
        q.update(buyer=" ", company=company)
    # a Mexican buyer writing Spanish among the unanswered ones, whatever the seed: replies must answer
    # in the buyer's language
    spanish = next(
        q
        for q in inquiries
        if q["type"] == "inquiry"
        and not q["replied"]
        and q not in blank
        and now - datetime.fromisoformat(q["received"]) > timedelta(hours=3)
    )
    if spanish["country"] != "MX":
        spanish.update(
            country="MX",
            tz_offset=-6,
            message=MESSAGES["es"][1].format(n=spanish["quantity"], t=spanish["product_title"]),
        )
    # three answered inquiries from more than a year ago: the newer list call returns them only when it
    # asks for the history (filter.queryType "history"; REAL_SITE.md, newer evidence)
    for j, days in enumerate((400, 480, 560)):
        p = products[(j * 7) % len(products)]
        inquiries.append(
            {
                "id": str(20175100000 + j * 37),
                "type": "inquiry",
                "buyer": f"{BUYERS[j % len(BUYERS)]} Z.",
                "country": COUNTRIES[j][0],
                "tz_offset": COUNTRIES[j][1],
                "product_id": p.id,
                "product_title": p.title,
                "received": (now - timedelta(days=days)).isoformat(timespec="seconds"),
                "replied": True,
                "owner": OWNERS[0],
                "status": "replied",
                "subject": f"Inquiry about {p.family}",
                "message": f"Hello, please quote 500 pcs of {p.title}.",
                "replies": [],
            }
        )
    rfqs = []
    for i in range(60):
        fam = FAMILIES[i % len(FAMILIES)][0]
        country, _ = rng.choice(COUNTRIES)
        rfqs.append(
            {
                "id": str(70000 + i),
                "title": f"Looking for {fam} {rng.choice(['OEM', 'bulk', 'custom logo', 'wholesale'])}",
                "keyword": fam,
                "quantity": rng.choice([100, 300, 500, 1000, 5000]),
                "unit": "Pieces",
                "country": country,
                "buyer": f"{rng.choice(BUYERS)} {chr(65 + i % 26)}.",
                "star": rng.randint(1, 5),
                "posted": (now - timedelta(hours=rng.randint(1, 200))).isoformat(timespec="seconds"),
                "quotes_left": rng.randint(0, 10),
                "description": f"Need {fam}, please send price and MOQ.",
                "quoted": False,
            }
        )
    orders = []
    for i in range(25):
        status = rng.choice(["waiting_shipment", "waiting_shipment", "shipped", "completed", "waiting_payment"])
        ship_by = now + timedelta(days=rng.randint(-6, 12))
        orders.append(
            {
                "id": f"TA{88000 + i}",
                "buyer": rng.choice(BUYERS),
                "status": status,
                "amount": round(rng.uniform(200, 20000), 2),
                "ship_by": ship_by.date().isoformat(),
            }
        )
    orders[0].update(status="waiting_shipment", ship_by=(now - timedelta(days=3)).date().isoformat())  # planted overdue
    reviews = []
    for i in range(20):
        reviews.append(
            {
                "id": str(5500 + i),
                "order_id": orders[i % len(orders)]["id"],
                "rating": rng.choice([5, 5, 5, 4, 4, 3, 2]),
                "date": (now - timedelta(days=rng.randint(1, 90))).date().isoformat(),
                "text": "ok",
                "replied": False,
            }
        )
    reviews[0].update(rating=1, date=(now - timedelta(days=5)).date().isoformat(), text="Arrived damaged")
    activities = []
    for i in range(6):
        activities.append(
            {
                "id": str(400 + i),
                "name": f"Weekly Deals W{48 + i}",
                "type": "weekly_deals",
                "eligible": i != 3,
                "deadline": (now + timedelta(days=i * 2 - 1)).date().isoformat(),
                "signed_up": i == 1,
            }
        )
    # each answered inquiry's first reply, some within the 2-hour rule and some after it (seed 000: the
    # salespeople's reply data); its own generator, so the rest of the store stays as it was
    late = random.Random(seed * 7919 + 1)
    for q in inquiries:
        if q["replied"]:
            age = (now - datetime.fromisoformat(q["received"])).total_seconds() / 3600
            after = min(late.choice([0.25, 0.75, 1.5, 1.9, 2.5, 4, 7, 12]), age - 0.1)
            at = datetime.fromisoformat(q["received"]) + timedelta(hours=after)
            q["replies"] = [{"at": at.isoformat(timespec="seconds"), "content": "Thank you for your inquiry."}]
    overview = []
    for _day in range(200 + FUTURE_DAYS):
        imp = int(rng.uniform(18000, 26000))
        clicks = int(imp * rng.uniform(0.007, 0.013))
        visitors = int(clicks * rng.uniform(0.7, 0.9))
        inq = int(visitors * rng.uniform(0.04, 0.09))
        overview.append(
            {
                "impressions": imp,
                "clicks": clicks,
                "visitors": visitors,
                "inquiries": inq,
                "search_clicks": int(clicks * rng.uniform(0.45, 0.65)),
                "peer_impressions": 21000,
                "peer_clicks": 230,
                "peer_visitors": 190,
                "peer_inquiries": 11,
                "excellent_impressions": 52000,
                "excellent_clicks": 700,
                "excellent_visitors": 560,
                "excellent_inquiries": 42,
            }
        )
    tk = []
    for f, mods in FAMILIES:
        for m in mods:
            tk.append(
                {
                    "keyword": f"{m} {f}",
                    "impressions": rng.randint(50, 5000),
                    "clicks": rng.randint(0, 120),
                    "visitors": rng.randint(0, 90),
                    "inquiries": rng.randint(0, 6),
                }
            )
    tk.append(
        {
            "keyword": "bluetooth speaker with microphone",
            "impressions": 4200,
            "clicks": 96,
            "visitors": 70,
            "inquiries": 5,
        }
    )
    tail = random.Random(seed + 32)  # its own draws: the rest of the store is as it was
    for words in LONG_TAIL.values():
        for w in words:
            tk.append(
                {
                    "keyword": w,
                    "impressions": tail.randint(150, 950),
                    "clicks": tail.randint(0, 30),
                    "visitors": tail.randint(0, 20),
                    "inquiries": tail.randint(0, 2),
                }
            )
    sources = [
        {"source": s, "visits": rng.randint(a, b)}
        for s, a, b in [
            ("search", 900, 1400),
            ("p4p", 300, 700),
            ("direct", 100, 300),
            ("rfq", 40, 120),
            ("tm", 30, 90),
            ("other", 50, 150),
        ]
    ]
    visitor_rows: list[dict] = []
    for i in range(80):
        country, _ = rng.choice(COUNTRIES)
        visitor_rows.append(
            {
                "visitor_id": f"v{10000 + i}",
                "country": country,
                "pages": rng.randint(1, 12),
                "product_id": products[rng.randrange(len(products))].id,
                "time": (now - timedelta(hours=rng.uniform(12, 36))).isoformat(timespec="seconds"),
                "inquired": rng.random() < 0.08,
                "source": rng.choice(["search", "p4p", "direct"]),
            }
        )
    own_fam = [p for p in products if p.family == "bluetooth speaker" and p.status == "approved" and p.display == "on"]
    brand = {"bluetooth speaker": [p.id for p in own_fam[:4]]} if len(own_fam) >= 2 else {}
    return Store(
        seed=seed,
        company_id=company_id,
        company_name="Shenzhen Sandbox Electronics Co., Ltd.",
        products=products,
        p4p_keywords=p4p,
        inquiries=inquiries,
        rfqs=rfqs,
        orders=orders,
        reviews=reviews,
        activities=activities,
        violations=[
            {"id": "V1", "title": "产品信息重复铺货", "date": (now - timedelta(days=2)).date().isoformat(), "points": 2}
        ],
        star={"商家力": 3.6, "交易力": 2.8, "营销力": 3.9, "保障力": 3.2},
        overview_daily=overview,
        traffic_keywords=tk,
        traffic_sources=sources,
        visitors=visitor_rows,
        budgets={
            "standard": {"daily_budget": 150.0, "spent_today": 150.0, "exhausted_at": "13:40"},
            "smart": {"daily_budget": 80.0, "spent_today": 41.5, "exhausted_at": None},
        },
        negative_keywords=[{"campaign": "smart", "keyword": "free sample"}],
        p4p_history=[],
        rfq_quota={"base": 20, "reward": 10, "used": 6},
        brand_keywords=brand,
        start=now,
    )
