"""Product manager (hz-productposting.alibaba.com) and the product editor (post.alibaba.com).

The list is the page's own call `managementproducts/asyQueryProductsList.do` (page/size ≤ 50,
answer {result, count, currentPage, products[]}); the screen is opened on its hash route
`#/product/all/<page>-<size>` and paged by that route, as the page pages itself. The newer list (2026)
is drawn as div.list-item rows, asks with its tokens in the URL and gives ggsNewScore, the score it
shows (preferred over finalScore); both forms are read. Re-publishing is
the editor's "similar post": it creates a NEW product, then the old one is deleted."""

from __future__ import annotations

from typing import Any

from playwright.async_api import Page
from pydantic import BaseModel

from agent.errors import TransientError
from agent.pages._base import ROW, Screen, TableScreen, answer_error, yes
from agent.pages._write import submit

PAGE_SIZE = 50
LAYERS = {"普通品": "ordinary", "潜力品": "potential", "实力优品": "highQuality", "超级优品": "superHighQuality"}
STATUSES = {"审核通过": "approved", "审核中": "pending", "审核不通过": "rejected"}


class Product(BaseModel):
    id: str
    title: str
    keywords: list[str] = []
    quality_score: float
    tier: str  # powerScoreLayer: ordinary | potential | highQuality | superHighQuality
    low_score: bool = False
    status: str
    display: str  # on | off (displayStatus y | n)
    showcase: bool
    zero_effect: bool = False  # isZeroEffectiveOffProduct
    impressions_30d: int = 0
    clicks_30d: int = 0
    inquiries_30d: int = 0
    visitors_30d: int = 0
    modified: str = ""
    created: str = ""  # gmtCreate (YYYY-MM-DD) where the list gives it; blank when it does not
    price_min: float | None = None  # skuMinPrice, the listing's lowest price (USD)
    zero_days: int = 0  # from 数据管家's zero-effect screen (ZeroEffectProducts), 0 when not listed there


def parse_product(r: dict) -> Product:
    """One product of asyQueryProductsList.do."""
    return Product(
        id=str(r["id"]),
        title=r["subject"],
        keywords=[k.strip() for k in (r.get("keywords") or "").split(",") if k.strip()],
        quality_score=float(r.get("ggsNewScore", r.get("finalScore", r.get("qualityScore"))) or 0),
        tier=r.get("powerScoreLayer") or "ordinary",
        low_score=bool(r.get("isLowScore")),
        status=r.get("status") or "",
        showcase=bool(r.get("isWindowProduct")),
        display="on" if str(r.get("displayStatus", "")).lower() == "y" else "off",
        zero_effect=bool(r.get("isZeroEffectiveOffProduct")),
        impressions_30d=int(r.get("showNum") or 0),
        clicks_30d=int(r.get("clickNum") or 0),
        inquiries_30d=int(r.get("fbNum") or 0),
        visitors_30d=int(r.get("visitorCnt") or 0),
        modified=str(r.get("gmtModified") or ""),
        created=str(r.get("gmtCreate") or ""),
        price_min=_price(r.get("skuMinPrice")),
    )


def _price(v) -> float | None:
    try:
        return float(v) if v not in (None, "") else None
    except (TypeError, ValueError):
        return None


def parse_product_list(payload: Any) -> tuple[list[dict], int]:
    if (
        not isinstance(payload, dict)
        or payload.get("result") is not True
        or not isinstance(payload.get("products"), list)
    ):
        raise answer_error("ProductManager", payload)
    return payload["products"], int(payload["count"])


class ProductManager(TableScreen[Product]):
    key, real = "products", "https://hz-productposting.alibaba.com/product/manage_products.htm"
    call, model, max_size = "managementproducts/asyQueryProductsList.do", Product, PAGE_SIZE
    columns = {
        "产品信息": ("title", None),
        "产品ID": ("id", None),
        "产品质量分": ("quality_score", float),
        "产品分层": ("tier", lambda t: LAYERS.get(t, t)),
        "审核状态": ("status", lambda t: STATUSES.get(t, t)),
        "上架状态": ("display", lambda t: "on" if yes(t) else "off"),
        "橱窗": ("showcase", yes),
        "曝光": ("impressions_30d", int),
        "点击": ("clicks_30d", int),
        "反馈": ("inquiries_30d", int),
        "更新时间": ("modified", None),
    }

    def parse_page(self, payload):
        return parse_product_list(payload)

    def to_model(self, row: dict) -> Product:
        return parse_product(row)

    async def turn_page(self, page: Page, n: int) -> None:
        await page.evaluate("h => { location.hash = h; }", f"#/product/all/{n}-{PAGE_SIZE}")

    async def list(self) -> list[Product]:
        """Every approved product (all display states), 50 a page."""
        return await self.read_all(self.url(f"#/product/all/1-{PAGE_SIZE}"))

    async def get(self, product_id: str) -> Product | None:
        """One product, found through the manager's search box (the `subject` of its call is a guess)."""
        found = await self.read_all(self.url(f"#/product/all/1-{PAGE_SIZE}", subject=str(product_id)))
        return next((p for p in found if p.id == str(product_id)), None)

    async def titled(self, title: str) -> Product | None:
        """The product with exactly this title (spaces and case aside), found through the search box."""
        want = " ".join(title.split()).lower()
        found = await self.read_all(self.url(f"#/product/all/1-{PAGE_SIZE}", subject=title))
        return next((p for p in found if " ".join(p.title.split()).lower() == want), None)

    async def row(self, product_id: str):
        """The product's row in the manager (a Locator), found through its search box and paged to;
        None when the manager does not list it."""
        return await self.show_row(self.url(f"#/product/all/1-{PAGE_SIZE}", subject=str(product_id)), product_id)

    async def _row(self, product_id: str) -> Page:
        """The manager showing the product's row, or a named error."""
        if await self.row(product_id) is None:
            raise await self.missing(f"tr[data-row-key='{product_id}']", "product not listed")
        return self.page

    async def delete(self, product_id: str) -> None:
        page = await self._row(product_id)
        await page.locator(f"{ROW}[data-row-key='{product_id}'] button.action-delete").click()
        await page.locator(".next-dialog .confirm-text").wait_for()
        await submit(
            self,
            page,
            ".next-dialog .dialog-ok",
            "deleteProducts.do",
            f"删除产品 {product_id}",
            ok=lambda b: b.get("result") is True,
            message=lambda b: b.get("errorMsg"),
        )

    async def set_showcase(self, product_id: str, on: bool) -> None:
        p = await self.get(product_id)
        if p is None:
            raise await self.missing(f"tr[data-row-key='{product_id}']", "product not listed")
        if p.showcase != on:
            page = await self._row(product_id)
            await submit(
                self,
                page,
                f"{ROW}[data-row-key='{product_id}'] button.action-showcase",
                "setWindowProduct.do",
                f"产品 {product_id} {'放入橱窗' if on else '移出橱窗'}",
                ok=lambda b: b.get("result") is True,
                message=lambda b: b.get("errorMsg"),
            )


class ProductEditor(Screen):
    """post.alibaba.com/product/publish.htm: title `#productTitle`, keywords
    `.posting-field-keywords li input` (older forms: `#productKeyword`, `#keywords2`, `#keywords3`)."""

    key, real = "product_editor", "https://post.alibaba.com/product/publish.htm"
    KEYWORDS = ".posting-field-keywords li input, #productKeyword, #keywords2, #keywords3"
    SUBMIT = ".next-btn.next-btn-primary.next-btn-large.step-buttons"

    async def _open(self, product_id: str, **query) -> Page:
        page, _ = await self.goto(self.url(itemId=product_id, **query))
        if not await page.locator("#productTitle").count():
            raise await self.missing("#productTitle")
        return page

    async def read(self, product_id: str) -> tuple[str, list[str]]:
        page = await self._open(product_id)
        title = await page.input_value("#productTitle")
        kws = await page.locator(self.KEYWORDS).evaluate_all("es => es.map(e => e.value)")
        return title, [k for k in kws if k]

    async def _fill(self, page: Page, title: str, keywords: list[str]) -> None:
        await page.fill("#productTitle", title)
        boxes = page.locator(self.KEYWORDS)
        for i in range(await boxes.count()):
            await boxes.nth(i).fill(keywords[i] if i < len(keywords) else "")

    async def edit(self, product_id: str, title: str, keywords: list[str]) -> None:
        page = await self._open(product_id)
        await self._fill(page, title, keywords)
        await submit(self, page, self.SUBMIT, "publish/submit.do", f"产品 {product_id} 标题改为「{title}」")

    async def quality(self, product_id: str) -> tuple[float, list[str]]:
        """The editor's 产品质量分 and what its quality panel says is missing (`.quality-score`,
        `.quality-tips li`: a guess, see sandbox/guesses.py)."""
        page = await self._open(product_id)
        score = page.locator(".quality-score")
        if not await score.count():
            raise await self.missing(".quality-score")
        text = (await score.first.inner_text()).strip()
        try:
            value = float(text)
        except ValueError:
            raise await self.missing(".quality-score", f"quality score {text!r} is not a number") from None
        tips = await page.locator(".quality-tips li").all_inner_texts()
        return value, [t.strip() for t in tips if t.strip()]

    async def similar_post(self, product_id: str, title: str | None = None, keywords: list[str] | None = None) -> str:
        """Post a new product as a copy of this one ("发布类似产品"), with its own title and keywords
        when given; the new product's id."""
        page = await self._open(product_id, pubType="similarPost")
        if title is not None:
            await self._fill(page, title, keywords or [])
        body = await submit(
            self, page, self.SUBMIT, "publish/submit.do", f"post a new product from product {product_id}"
        )
        try:
            return str(body["data"]["productId"])
        except (KeyError, TypeError):
            raise TransientError(f"ProductEditor: no new product id in {str(body)[:120]}") from None
