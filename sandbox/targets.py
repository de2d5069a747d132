"""Seed 002's conversion targets and traffic-source factors, planted (`--targets`): `as_is` (the
default) leaves the generated store as it is and only adds what every store has — each order's source
and day, the L1+ buyer share with its benchmarks, the 粉丝通 posts; `missed` builds a store that
misses every target and factor, `met` one that meets every one. Its own random generator: the rest
of the store stays as it was.

| target / factor (seed 002)           | missed                          | met                                |
|--------------------------------------|---------------------------------|------------------------------------|
| inquiry → order ≥ 7 % (30 days)      | no order from an inquiry        | 10 % of the month's inquiries      |
| RFQ quote → order ≥ 7 %              | no order from a quote           | 10 % of the quotes                 |
| 公海 → order ≥ 5 %                    | no order from a pool buyer      | one of the two developed buyers    |
| RFQ quota used in full               | 2 of 30 used                    | all used                           |
| L1+ buyer share ≥ its benchmark      | under the peer average          | above excellent and last month     |
| 新品: products published in 90 days  | none                            | 40                                 |
| 场景: activities joined               | none                            | every open, eligible one           |
| 粉丝通: a video in the last 7 days    | an image 20 days ago            | a video 2 days ago                 |
| 榜单: 爆品                             | none                            | as generated                       |
| 推荐: traffic words in titles         | six big words in no title       | every word in a title              |
"""

from __future__ import annotations

import math
import random
from datetime import timedelta

SOURCES = ("inquiry", "rfq", "public_pool", "other")
MODES = ("as_is", "missed", "met")


def plant(rt, mode: str) -> None:
    s, now = rt.store, rt.store.start
    rng = random.Random(s.seed * 131 + 3)
    for o in s.orders:  # every store: each order's source and the day it was placed
        o.setdefault("source", rng.choice(("inquiry", "other", "other")))
        o.setdefault("created", (now - timedelta(days=rng.randint(31, 120))).date().isoformat())
    s.l1 = {"value": 0.31, "peer": 0.35, "excellent": 0.52, "last_month": 0.29}
    s.fans_posts = [{"id": "fp1", "type": "video", "title": "Factory tour", "days_ago": 12}]
    if mode == "as_is":
        return
    met = mode == "met"
    month = [q for q in s.inquiries if q["type"] == "inquiry" and _days(now, q["received"]) <= 30]
    total = s.rfq_quota["base"] + (s.rfq_quota["reward"] if now.day >= 16 else 0)
    s.rfq_quota["used"] = total if met else 2
    wanted = {
        "inquiry": math.ceil(0.10 * len(month)) if met else 0,
        "rfq": math.ceil(0.10 * total) if met else 0,
        "public_pool": 1 if met else 0,
    }
    for o in s.orders:  # the generated orders: placed before the month, whatever their source
        o["created"] = min(o["created"], (now - timedelta(days=31)).date().isoformat())
    n = len(s.orders)
    for source, k in wanted.items():
        for i in range(k):
            s.orders.append(
                {
                    "id": f"TA{89000 + n}",
                    "buyer": f"{source.title()} Buyer {i + 1}",
                    "status": "completed",
                    "amount": round(rng.uniform(500, 9000), 2),
                    "ship_by": (now - timedelta(days=2)).date().isoformat(),
                    "source": source,
                    "created": (now - timedelta(days=rng.randint(2, 25))).date().isoformat(),
                }
            )
            n += 1
    s.l1 = (
        {"value": 0.58, "peer": 0.35, "excellent": 0.52, "last_month": 0.55}
        if met
        else {"value": 0.22, "peer": 0.35, "excellent": 0.52, "last_month": 0.30}
    )
    for i, p in enumerate(s.products):
        if met and i % 3 == 0 and i < 120:
            p.created_days = rng.randint(3, 88)
        elif not met:
            p.created_days = max(p.created_days, 95)
            p.zero_days = min(p.zero_days, p.created_days)
        if not met and p.tier == "hot":
            p.tier = "strong"
    for a in s.activities:
        a["signed_up"] = met and a["eligible"] and a["deadline"] >= now.date().isoformat()
    s.fans_posts = (
        [{"id": "fp2", "type": "video", "title": "New arrivals", "days_ago": 2}, *s.fans_posts]
        if met
        else [{"id": "fp0", "type": "image", "title": "Catalogue", "days_ago": 20}]
    )
    titles = " | ".join(p.title.lower() for p in s.products)
    if met:
        s.traffic_keywords[:] = [k for k in s.traffic_keywords if k["keyword"].lower() in titles]
    else:
        for w in ("cheap bluetooth speaker bulk", "wholesale power bank", "custom phone case printing"):
            for suffix in ("", " factory"):
                s.traffic_keywords.append(
                    {"keyword": w + suffix, "impressions": 30000, "clicks": 300, "visitors": 200, "inquiries": 4}
                )


def _days(now, iso: str) -> float:
    from datetime import datetime

    return (now - datetime.fromisoformat(iso)).total_seconds() / 86400
