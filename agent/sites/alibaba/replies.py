"""Replies a buyer reads as written to them: addressed by name (or the company, or the country, when
the sender left the name blank), about their product, answering what they asked — quantity, price,
a sample, their own logo — in the language they wrote in (py3langid, among the languages there is a
reply for). The seller still reads and may edit every word before it is sent."""

from __future__ import annotations

import re
from dataclasses import dataclass

LANGS = ("en", "es", "pt", "fr", "de", "ru")
# where a visitor left no words: the language of the country
COUNTRY_LANG = {"MX": "es", "ES": "es", "AR": "es", "CO": "es", "CL": "es", "PE": "es", "BR": "pt", "PT": "pt"}
COUNTRY_LANG |= {"FR": "fr", "BE": "fr", "DE": "de", "AT": "de", "CH": "de", "RU": "ru", "KZ": "ru", "BY": "ru"}

# what a buyer asks, in the words of each language (lower case, a stem is enough)
ASKS = {
    "price": (
        "price",
        "quote",
        "quotation",
        "cost",
        "precio",
        "cotiz",
        "preço",
        "preco",
        "cotação",
        "prix",
        "devis",
        "tarif",
        "preis",
        "angebot",
        "цен",
        "стоимост",
        "коммерческ",
    ),
    "sample": ("sample", "muestra", "amostra", "échantillon", "echantillon", "muster", "probe", "образ"),
    "custom": (
        "logo",
        "oem",
        "odm",
        "custom",
        "personaliz",
        "personnalis",
        "marca",
        "brand",
        "marque",
        "eigenes",
        "логотип",
        "брендир",
    ),
}
QTY = re.compile(
    r"(\d[\d.,]*)\s*(pcs|pieces|units|sets|piezas|unidades|peças|pecas|unidades|pièces|pieces|stück|stk|шт)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Asked:
    quantity: str = ""  # as the buyer wrote it ("500 pcs") or from the inquiry's product line
    price: bool = False
    sample: bool = False
    custom: bool = False


def language(text: str, country: str = "") -> str:
    """The language of the buyer's words (one of LANGS); without words, the country's; else English."""
    words = " ".join(str(text or "").split())
    if len(words) >= 12:
        import py3langid

        py3langid.set_languages(list(LANGS))
        return str(py3langid.classify(words)[0])
    return COUNTRY_LANG.get(country.upper(), "en")


def asked(text: str, quantity: int | None = None, unit: str = "") -> Asked:
    low = str(text or "").lower()
    m = QTY.search(str(text or ""))
    qty = f"{m.group(1)} {m.group(2)}" if m else (f"{quantity} {unit or 'pcs'}" if quantity else "")
    return Asked(
        qty,
        any(w in low for w in ASKS["price"]),
        any(w in low for w in ASKS["sample"]),
        any(w in low for w in ASKS["custom"]),
    )


WORDS = {
    "en": {
        "visit": "Hello{where}, thank you for looking at {what}. We are the manufacturer and can send you our price "
        "list, MOQ and samples today. Which model and quantity are you interested in?",
        "our": "our {}",
        "and": " and ",
        "products": "our products",
        "from": " from {}",
        "name": "Dear {}",
        "company": "Dear {} team",
        "country": "Dear buyer from {}",
        "none": "Dear buyer",
        "thanks": "Thank you for your inquiry about {}.",
        "qty": "We have noted your quantity of {}.",
        "price": "We will send you our best price{} with the lead time today.",
        "for": " for {}",
        "sample": "Samples are available: we can send one for your approval before the order.",
        "custom": "We make OEM orders with your own logo and packaging: please send us your artwork.",
        "ask": "Could you tell us the destination port and the quantity you need, so we can quote exactly?",
        "port": "Could you tell us your destination port, so we can quote the shipping too?",
        "bye": "Best regards",
    },
    "es": {
        "visit": "Hola{where}, gracias por ver {what}. Somos fabricantes y hoy podemos enviarle nuestra lista de "
        "precios, el pedido mínimo y muestras. ¿Qué modelo y cantidad le interesan?",
        "our": "nuestro {}",
        "and": " y ",
        "products": "nuestros productos",
        "from": "",
        "name": "Estimado/a {}",
        "company": "Estimado equipo de {}",
        "country": "Estimado cliente de {}",
        "none": "Estimado cliente",
        "thanks": "Gracias por su consulta sobre {}.",
        "qty": "Hemos anotado su cantidad de {}.",
        "price": "Hoy le enviaremos nuestro mejor precio{} con el plazo de entrega.",
        "for": " para {}",
        "sample": "Tenemos muestras disponibles: podemos enviarle una para su aprobación antes del pedido.",
        "custom": "Fabricamos pedidos OEM con su propio logotipo y embalaje: envíenos su diseño, por favor.",
        "ask": "¿Podría indicarnos el puerto de destino y la cantidad que necesita, para cotizar con exactitud?",
        "port": "¿Podría indicarnos su puerto de destino, para cotizar también el envío?",
        "bye": "Saludos cordiales",
    },
    "pt": {
        "visit": "Olá{where}, obrigado por ver {what}. Somos fabricantes e hoje podemos enviar a nossa lista de "
        "preços, o pedido mínimo e amostras. Qual modelo e quantidade lhe interessam?",
        "our": "o nosso {}",
        "and": " e ",
        "products": "os nossos produtos",
        "from": "",
        "name": "Prezado(a) {}",
        "company": "Prezada equipe da {}",
        "country": "Prezado cliente de {}",
        "none": "Prezado cliente",
        "thanks": "Obrigado pela sua consulta sobre {}.",
        "qty": "Anotamos a sua quantidade de {}.",
        "price": "Hoje enviaremos o nosso melhor preço{} com o prazo de entrega.",
        "for": " para {}",
        "sample": "Temos amostras disponíveis: podemos enviar uma para sua aprovação antes do pedido.",
        "custom": "Fazemos pedidos OEM com o seu próprio logotipo e embalagem: envie-nos a sua arte, por favor.",
        "ask": "Poderia informar o porto de destino e a quantidade de que precisa, para cotarmos com exatidão?",
        "port": "Poderia informar o seu porto de destino, para cotarmos também o frete?",
        "bye": "Atenciosamente",
    },
    "fr": {
        "visit": "Bonjour{where}, merci d'avoir consulté {what}. Nous sommes fabricant et pouvons vous envoyer "
        "aujourd'hui notre liste de prix, la quantité minimale et des échantillons. Quel modèle et quelle quantité vous intéressent ?",
        "our": "notre {}",
        "and": " et ",
        "products": "nos produits",
        "from": "",
        "name": "Cher/Chère {}",
        "company": "Chère équipe de {}",
        "country": "Cher client de {}",
        "none": "Cher client",
        "thanks": "Merci pour votre demande concernant {}.",
        "qty": "Nous avons bien noté votre quantité de {}.",
        "price": "Nous vous enverrons aujourd'hui notre meilleur prix{} avec le délai de livraison.",
        "for": " pour {}",
        "sample": "Des échantillons sont disponibles : nous pouvons vous en envoyer un pour validation.",
        "custom": "Nous réalisons des commandes OEM avec votre logo et votre emballage : envoyez-nous vos fichiers.",
        "ask": "Pourriez-vous nous indiquer le port de destination et la quantité souhaitée, pour un devis exact ?",
        "port": "Pourriez-vous nous indiquer votre port de destination, pour chiffrer aussi le transport ?",
        "bye": "Cordialement",
    },
    "de": {
        "visit": "Hallo{where}, danke für Ihr Interesse an {what}. Wir sind Hersteller und senden Ihnen heute "
        "Preisliste, Mindestmenge und Muster. Welches Modell und welche Menge interessieren Sie?",
        "our": "unserem {}",
        "and": " und ",
        "products": "unseren Produkten",
        "from": "",
        "name": "Sehr geehrte/r {}",
        "company": "Sehr geehrtes Team von {}",
        "country": "Sehr geehrter Kunde aus {}",
        "none": "Sehr geehrter Kunde",
        "thanks": "Vielen Dank für Ihre Anfrage zu {}.",
        "qty": "Wir haben Ihre Menge von {} notiert.",
        "price": "Wir senden Ihnen heute unseren besten Preis{} mit der Lieferzeit.",
        "for": " für {}",
        "sample": "Muster sind verfügbar: Wir können Ihnen vor der Bestellung eines zur Freigabe senden.",
        "custom": "Wir fertigen OEM-Aufträge mit Ihrem eigenen Logo und Ihrer Verpackung: Bitte senden Sie uns Ihre Vorlage.",
        "ask": "Könnten Sie uns den Zielhafen und die benötigte Menge nennen, damit wir genau anbieten können?",
        "port": "Könnten Sie uns Ihren Zielhafen nennen, damit wir auch die Fracht anbieten können?",
        "bye": "Mit freundlichen Grüßen",
    },
    "ru": {
        "visit": "Здравствуйте{where}, спасибо, что посмотрели {what}. Мы производитель и сегодня можем отправить "
        "прайс-лист, минимальный заказ и образцы. Какая модель и какое количество вас интересуют?",
        "our": "наш товар {}",
        "and": " и ",
        "products": "наши товары",
        "from": "",
        "name": "Уважаемый(ая) {}",
        "company": "Уважаемая команда {}",
        "country": "Уважаемый покупатель из {}",
        "none": "Уважаемый покупатель",
        "thanks": "Спасибо за ваш запрос о товаре {}.",
        "qty": "Мы учли нужное вам количество: {}.",
        "price": "Сегодня мы отправим вам нашу лучшую цену{} и срок поставки.",
        "for": " за {}",
        "sample": "Образцы есть в наличии: мы можем отправить образец на согласование до заказа.",
        "custom": "Мы выполняем OEM-заказы с вашим логотипом и упаковкой: пришлите, пожалуйста, ваш макет.",
        "ask": "Подскажите, пожалуйста, порт назначения и нужное количество, чтобы мы дали точное предложение?",
        "port": "Подскажите, пожалуйста, порт назначения, чтобы мы рассчитали и доставку?",
        "bye": "С уважением",
    },
}


def salutation(lang: str, name: str = "", company: str = "", country_name: str = "") -> str:
    w = WORDS[lang]
    first = str(name or "").split()
    if first:
        return w["name"].format(first[0])
    if str(company or "").strip():
        return w["company"].format(company.strip())
    return w["country"].format(country_name) if country_name else w["none"]


def inquiry_reply(
    message: str,
    product: str,
    name: str = "",
    company: str = "",
    country: str = "",
    country_name: str = "",
    quantity: int | None = None,
    unit: str = "",
) -> tuple[str, str]:
    """(the reply, its language) to an inquiry, from what the buyer wrote."""
    lang = language(message, country)
    w, a = WORDS[lang], asked(message, quantity, unit)
    lines = [w["thanks"].format(product or "our products")]
    if a.price or not (a.sample or a.custom):
        lines.append(w["price"].format(w["for"].format(a.quantity) if a.quantity else ""))
    elif a.quantity:
        lines.append(w["qty"].format(a.quantity))
    if a.sample:
        lines.append(w["sample"])
    if a.custom:
        lines.append(w["custom"])
    lines.append(w["port"] if a.quantity else w["ask"])
    head = salutation(lang, name, company, country_name)
    return f"{head},\n\n" + " ".join(lines) + f"\n\n{w['bye']}", lang


def visitor_message(titles: list[str], country: str = "", country_name: str = "") -> tuple[str, str]:
    """(the message, its language) to a visitor who looked at `titles` and wrote nothing: in the
    language of the visitor's country, naming what they looked at."""
    lang = COUNTRY_LANG.get(country.upper(), "en")
    w = WORDS[lang]
    what = w["and"].join(w["our"].format(t) for t in titles[:2]) if titles else w["products"]
    where = w["from"].format(country_name) if country_name and w["from"] else ""
    return w["visit"].format(where=where, what=what), lang
