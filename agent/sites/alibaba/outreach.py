"""The day's outreach, proposed for approval (seed 002): 公海开发 — "坚持每天10个公海客户开发，开发前要求对
买家信息进行分析" — a first message to the pool's buyers who look for what the store sells (their
country, level and interests read first); EDM — "每周发布主题营销" — one mailing a week to the largest
customer group about the store's new products; 老客回访 — "建议不超过30天" — a message to each customer
nobody has written to for the revisit days. Each within the site's quota as its screen shows it."""

from __future__ import annotations

from datetime import date

from agent.diagnosis.model import Suggestion

from .pages.outreach import CustomerGroup, Mailing, PoolBuyer
from .pages.visitor_marketing import Quota

LEVEL_ORDER = {"L4": 4, "L3": 3, "L2": 2, "L1": 1, "L0": 0}


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def pool_text(b: PoolBuyer, wanted: list[str]) -> str:
    first = b.name.split()[0] if b.name.split() else "there"
    return (
        f"Hello {first},\n\nWe saw you have been looking for {_and(wanted)}. We make {_and(wanted)} in our own factory "
        "and ship to buyers in your country every month. We can send you our catalogue and price list "
        "today — how many pieces do you need, and do you want your own logo?\n\nBest regards"
    )


def pool_messages(buyers: list[PoolBuyer], quota: Quota, catalogue: str, per_day: int) -> list[Suggestion]:
    """Up to `per_day` (and what the site's quota leaves today) undeveloped buyers who look for what
    the store sells (`catalogue`: its titles, lower case) — the highest buyer level first, then the
    most recently active."""
    fit = []
    for b in buyers:
        wanted = [w for w in b.interests if w.lower() in catalogue]
        if not b.developed and wanted:
            fit.append((b, wanted))
    fit.sort(key=lambda x: (LEVEL_ORDER.get(x[0].level, 0), x[0].last_active), reverse=True)
    out = []
    for b, wanted in fit[: max(0, min(per_day, quota.left))]:
        out.append(
            Suggestion.make(
                kind="pool_message",
                target=b.buyer_id,
                precondition={"developed": False},
                value={"text": pool_text(b, wanted)},
                evidence={
                    "buyer": b.name,
                    "country": b.country,
                    "level": b.level,
                    "interests": b.interests,
                    "last_active": b.last_active,
                },
                rationale=f"公海开发：{b.name}（{b.country}，{b.level}）在找「{'、'.join(wanted)}」，店铺有这些产品",
                rationale_en=f"public pool: {b.name} ({b.country}, {b.level}) looks for {', '.join(wanted)}, which the store sells",
            )
        )
    return out


def week_of(day: date) -> str:
    y, w, _ = day.isocalendar()
    return f"{y}-W{w:02d}"


def edm_mailing(
    groups: list[CustomerGroup],
    mailings: list[Mailing],
    quota: Quota,
    products: list[str],
    today: date,
    week_start: str,
    fresh: bool,
) -> list[Suggestion]:
    """One mailing for the week when none has gone out this week (`week_start`: the week's first
    moment, as the site writes times) and the site's weekly quota allows: to the largest group, about
    the store's new products (`fresh`) or else its best ones."""
    if quota.left <= 0 or not groups or not products or any(m.sent >= week_start for m in mailings):
        return []
    group = max(groups, key=lambda g: (g.size, g.group_id))
    shown = products[:3]
    subject = ("New arrivals: " if fresh else "Best sellers this week: ") + shown[0]
    subject = subject if len(subject) <= 90 else subject[:89] + "…"
    lines = "\n".join(f"- {t}" for t in shown)
    text = (
        f"Dear customer,\n\n{'Our new products this month' if fresh else 'What buyers order most from us this month'}:\n"
        f"{lines}\n\nReply to this mail for the catalogue, prices and samples. Orders placed this week ship first."
        "\n\nBest regards"
    )
    return [
        Suggestion.make(
            kind="edm_campaign",
            target=week_of(today),
            precondition={"sent": False},
            value={"group_id": group.group_id, "group": group.name, "subject": subject, "text": text},
            evidence={"size": group.size, "products": shown, "quota_left": quota.left},
            rationale=f"客群营销：本周还没有发送（每周一次），发给「{group.name}」{group.size} 人，介绍{'新品' if fresh else '热销产品'}",
            rationale_en=f"customer-group mailing: none this week (one a week); to '{group.name}' ({group.size}), "
            f"about {'new' if fresh else 'best-selling'} products",
        )
    ]


def revisit_text(contact: str, days: int, products: list[str]) -> str:
    name = contact.split()[0] if contact.split() else "there"
    news = f" Since then we have added {_and(products[:2])}." if products else ""
    return (
        f"Dear {name},\n\nIt has been {days} days since we last spoke — I hope business is going well.{news} "
        "If you are planning your next order, I can send you updated prices and lead times today.\n\nBest regards"
    )


def revisits(todo: list[dict], products: list[str], left: int) -> list[Suggestion]:
    """A message to each customer on the revisit list (the longest silent first), as far as `left` goes."""
    out = []
    for r in todo[: max(0, left)]:
        out.append(
            Suggestion.make(
                kind="revisit_message",
                target=r["customer_id"],
                precondition={"last_contact": r.get("last_contact_at")},
                value={"text": revisit_text(r["contact"], r["days"], products)},
                evidence={k: r[k] for k in ("company", "contact", "country", "days", "last_contact")},
                rationale=f"老客户回访：{r['company']}（{r['contact']}）{r['days']} 天没有往来（规则 30 天内回访）",
                rationale_en=f"revisit: {r['company']} ({r['contact']}) no contact for {r['days']} days (rule: within 30)",
            )
        )
    return out
