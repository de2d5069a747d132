"""The day's outreach, proposed for approval (seed 002): 公海开发 — "坚持每天10个公海客户开发，开发前要求对
买家信息进行分析" — a first message to the pool's buyers who look for what the store sells (their
country, level and interests read first); EDM — "每周发布主题营销" — one mailing a week to the largest
customer group about the store's new products; 老客回访 — "建议不超过30天" — a message to each customer
nobody has written to for the revisit days. Each within the site's quota as its screen shows it; the
messages to one buyer in the language of the buyer's country, the group mailing in English."""

from __future__ import annotations

from datetime import date

from agent.diagnosis.model import Suggestion

from .pages.outreach import CustomerGroup, Mailing, PoolBuyer
from .pages.visitor_marketing import Quota
from .replies import COUNTRY_LANG, WORDS, salutation

LEVEL_ORDER = {"L4": 4, "L3": 3, "L2": 2, "L1": 1, "L0": 0}


# a first message and a revisit in the language of the buyer's country (as visitor messages are); the
# salutation, "and" and the closing are the replies' own words
TEXTS = {
    "en": {
        "pool": "We saw you have been looking for {what}. We make {what} in our own factory and ship to buyers in "
        "your country every month. We can send you our catalogue and price list today — how many pieces do you "
        "need, and do you want your own logo?",
        "revisit": "It has been {days} days since we last spoke — I hope business is going well.{news} If you are "
        "planning your next order, I can send you updated prices and lead times today.",
        "news": " Since then we have added {what}.",
    },
    "es": {
        "pool": "Vimos que está buscando {what}. Fabricamos {what} en nuestra propia fábrica y enviamos a compradores "
        "de su país cada mes. Hoy podemos enviarle nuestro catálogo y lista de precios: ¿cuántas piezas necesita y "
        "desea su propio logotipo?",
        "revisit": "Han pasado {days} días desde nuestro último contacto; espero que su negocio vaya bien.{news} Si "
        "está planeando su próximo pedido, hoy puedo enviarle precios y plazos de entrega actualizados.",
        "news": " Desde entonces hemos añadido {what}.",
    },
    "pt": {
        "pool": "Vimos que está à procura de {what}. Fabricamos {what} na nossa própria fábrica e enviamos para "
        "compradores do seu país todos os meses. Hoje podemos enviar o nosso catálogo e lista de preços: quantas "
        "peças precisa e deseja o seu próprio logótipo?",
        "revisit": "Passaram {days} dias desde o nosso último contacto; espero que o seu negócio esteja a correr "
        "bem.{news} Se está a planear a próxima encomenda, hoje posso enviar preços e prazos de entrega atualizados.",
        "news": " Desde então acrescentámos {what}.",
    },
    "fr": {
        "pool": "Nous avons vu que vous recherchez {what}. Nous fabriquons {what} dans notre propre usine et livrons "
        "chaque mois des acheteurs de votre pays. Nous pouvons vous envoyer aujourd'hui notre catalogue et nos "
        "tarifs : combien de pièces vous faut-il, et souhaitez-vous votre propre logo ?",
        "revisit": "Cela fait {days} jours depuis notre dernier échange ; j'espère que vos affaires vont bien.{news} "
        "Si vous préparez votre prochaine commande, je peux vous envoyer aujourd'hui nos prix et délais à jour.",
        "news": " Depuis, nous avons ajouté {what}.",
    },
    "de": {
        "pool": "Wir haben gesehen, dass Sie {what} suchen. Wir fertigen {what} in unserer eigenen Fabrik und liefern "
        "jeden Monat an Käufer in Ihrem Land. Wir können Ihnen heute unseren Katalog und unsere Preisliste senden – "
        "wie viele Stück benötigen Sie, und möchten Sie Ihr eigenes Logo?",
        "revisit": "Seit unserem letzten Kontakt sind {days} Tage vergangen – ich hoffe, Ihre Geschäfte laufen "
        "gut.{news} Wenn Sie Ihre nächste Bestellung planen, sende ich Ihnen heute aktuelle Preise und Lieferzeiten.",
        "news": " Seitdem haben wir {what} neu im Sortiment.",
    },
    "ru": {
        "pool": "Мы видели, что вы ищете {what}. Мы производим {what} на собственной фабрике и каждый месяц "
        "отправляем товар покупателям в вашей стране. Сегодня можем прислать каталог и прайс-лист: сколько штук "
        "вам нужно и нужен ли ваш логотип?",
        "revisit": "С нашего последнего разговора прошло {days} дн. — надеюсь, у вас всё хорошо.{news} Если вы "
        "планируете следующий заказ, сегодня могу прислать актуальные цены и сроки поставки.",
        "news": " С тех пор мы добавили {what}.",
    },
}


def _lang(country: str) -> str:
    return COUNTRY_LANG.get(country.upper(), "en")


def _and(items: list[str], lang: str = "en") -> str:
    glue = WORDS[lang]["and"]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + glue + items[-1]


def _letter(lang: str, name: str, body: str, company: str = "") -> str:
    return f"{salutation(lang, name, company)},\n\n{body}\n\n{WORDS[lang]['bye']}"


def pool_text(b: PoolBuyer, wanted: list[str]) -> str:
    lang = _lang(b.country)
    return _letter(lang, b.name, TEXTS[lang]["pool"].format(what=_and(wanted, lang)))


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


def revisit_text(contact: str, country: str, days: int, products: list[str], company: str = "") -> str:
    lang = _lang(country)
    t = TEXTS[lang]
    news = t["news"].format(what=_and(products[:2], lang)) if products else ""
    return _letter(lang, contact, t["revisit"].format(days=days, news=news), company)


def revisits(todo: list[dict], products: list[str], left: int) -> list[Suggestion]:
    """A message to each customer on the revisit list (the longest silent first), as far as `left` goes."""
    out = []
    for r in todo[: max(0, left)]:
        out.append(
            Suggestion.make(
                kind="revisit_message",
                target=r["customer_id"],
                precondition={"last_contact": r.get("last_contact_at")},
                value={"text": revisit_text(r["contact"], r["country"], r["days"], products, r["company"])},
                evidence={k: r[k] for k in ("company", "contact", "country", "days", "last_contact")},
                rationale=f"老客户回访：{r['company']}（{r['contact']}）{r['days']} 天没有往来（规则 30 天内回访）",
                rationale_en=f"revisit: {r['company']} ({r['contact']}) no contact for {r['days']} days (rule: within 30)",
            )
        )
    return out
