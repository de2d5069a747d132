"""Product manager (hz-productposting): list with filters, re-publish, delete (with confirmation),
showcase on/off, and the product editor (title and keywords)."""
from __future__ import annotations

from pydantic import BaseModel

from ._base import Screen, TableScreen
from ._write import submit


class Product(BaseModel):
    id: str
    title: str
    keywords: list[str] = []
    quality_score: float
    tier: str
    status: str
    display: str
    showcase: bool
    zero_days: int
    created: str


class ProductManager(TableScreen[Product]):
    key, path, api, model = "products", "/product/products_manage.htm", "/product/asyQueryProductsList.do", Product
    columns = {"产品信息": ("title", None), "产品ID": ("id", None), "产品质量分": ("quality_score", None),
               "产品分层": ("tier", None), "审核状态": ("status", None), "上架状态": ("display", None),
               "橱窗": ("showcase", "bool"), "零效果天数": ("zero_days", None), "发布时间": ("created", None)}

    async def list(self, status: str | None = None, display: str | None = None, tier: str | None = None,
                   zero_effect_days: int | None = None, below_score: float | None = None) -> list[Product]:
        return await self.read_all(status=status, displayStatus=display, tier=tier, zeroEffect=zero_effect_days, maxScore=below_score)

    async def get(self, product_id: str) -> Product | None:
        return next((p for p in await self.read_all(q=product_id) if p.id == str(product_id)), None)

    async def _row_action(self, product_id: str, button: str, call: str, confirm: bool = False) -> None:
        page, _ = await self.goto(self.url(q=product_id), self.api)
        row = page.locator(f"tr.next-table-row[data-row-key='{product_id}']")
        if not await row.count():
            raise await self.missing(f"tr[data-row-key='{product_id}']", "product not listed")
        if confirm:
            await row.locator(button).click()
            await page.locator(".next-dialog .confirm-text").wait_for()
            await submit(self, page, ".next-dialog .dialog-ok", call, f"{button.split('-')[-1]} product {product_id}")
        else:
            await submit(self, page, f"tr.next-table-row[data-row-key='{product_id}'] {button}", call,
                         f"{button.split('-')[-1]} product {product_id}")

    async def republish(self, product_id: str) -> None:
        await self._row_action(product_id, "button.action-republish", "/product/ajax/republish.json")

    async def delete(self, product_id: str) -> None:
        await self._row_action(product_id, "button.action-delete", "/product/ajax/delete.json", confirm=True)

    async def set_showcase(self, product_id: str, on: bool) -> None:
        p = await self.get(product_id)
        if p is None:
            raise await self.missing(f"tr[data-row-key='{product_id}']", "product not listed")
        if p.showcase != on:
            await self._row_action(product_id, "button.action-showcase", "/product/ajax/showcase.json")


class ProductEditor(Screen):
    key, path = "product_editor", "/product/publish.htm"

    async def read(self, product_id: str) -> tuple[str, list[str]]:
        page, _ = await self.goto(self.url(itemId=product_id))
        if not await page.locator("#productTitle").count():
            raise await self.missing("#productTitle")
        title = await page.input_value("#productTitle")
        kws = [await page.input_value(f"#keywords{i}") for i in range(3)]
        return title, [k for k in kws if k]

    async def edit(self, product_id: str, title: str, keywords: list[str]) -> None:
        page, _ = await self.goto(self.url(itemId=product_id))
        if not await page.locator("#productTitle").count():
            raise await self.missing("#productTitle")
        await page.fill("#productTitle", title)
        for i in range(3):
            await page.fill(f"#keywords{i}", keywords[i] if i < len(keywords) else "")
        await submit(self, page, ".product-submit", "/product/ajax/update.json", f"set title of {product_id} to {title!r}")
