"""Product edits: re-publish, delete, showcase on/off, title and keywords."""

from __future__ import annotations

from loguru import logger
from pydantic import field_validator

from ._base import SITE, Edit, Model, SiteRule, clean_text, register


async def _product(driver, s) -> dict:
    """The product as the product manager lists it, with its zero-effect days from 数据管家."""
    from ..pages.dashboards import ZeroEffectProducts
    from ..pages.products import ProductManager

    p = await ProductManager(driver).get(s["target"])
    if p is None:
        return {"exists": False, "zero_days": None, "showcase": None}
    zero = next((z.zero_days for z in await ZeroEffectProducts(driver).read() if z.product_id == p.id), 0)
    return {"exists": True, "zero_days": zero, "showcase": p.showcase}


class _ProductEdit(Edit):
    read = classmethod(lambda cls, driver, s: _product(driver, s))

    @classmethod
    async def show(cls, driver, s):
        from ..pages.products import ProductManager

        return await ProductManager(driver).row(s["target"])


@register
class RepublishProduct(_ProductEdit):
    """Re-publish as the site does it: "发布类似产品" posts a NEW product copied from this one, then
    the old one is deleted. Done when the old product is gone."""

    kind = "republish_product"
    label = {"zh": "重新发布", "en": "re-publish product"}
    watch = "zero_days"

    class Pre(Model):
        exists: bool = True
        zero_days: int

    class Value(Model):
        zero_days: int = 0

    @classmethod
    def done(cls, c, s):
        return not c["exists"]

    @classmethod
    async def write(cls, driver, s):
        from ..pages.products import ProductEditor, ProductManager

        new_id = await ProductEditor(driver).similar_post(s["target"])
        logger.info("re-published product {} as new product {}", s["target"], new_id)
        await ProductManager(driver).delete(s["target"])


@register
class DeleteProduct(_ProductEdit):
    kind = "delete_product"
    label = {"zh": "删除产品", "en": "delete product"}
    watch = "zero_days"  # ready: still listed with the zero-effect days the suggestion saw

    class Pre(Model):
        exists: bool = True
        zero_days: int

    class Value(Model):
        pass

    @classmethod
    def done(cls, c, s):
        return not c["exists"]

    @classmethod
    async def write(cls, driver, s):
        from ..pages.products import ProductManager

        await ProductManager(driver).delete(s["target"])


@register
class SetShowcase(_ProductEdit):
    kind = "set_showcase"
    label = {"zh": "橱窗调整", "en": "showcase on/off"}
    watch = "showcase"

    class Pre(Model):
        showcase: bool

    class Value(Model):
        showcase: bool

    @classmethod
    async def write(cls, driver, s):
        from ..pages.products import ProductManager

        await ProductManager(driver).set_showcase(s["target"], s["value"]["showcase"])


@register
class EditTitle(Edit):
    kind, main_field = "edit_title", "title"
    label = {"zh": "修改标题", "en": "edit title"}
    spot = classmethod(lambda cls, s: s["precondition"]["title"])
    watch = "title"

    class Pre(Model):
        title: str

    class Value(Model):
        title: str
        keywords: list[str] = []

        @field_validator("title")
        @classmethod
        def _title(cls, v: str) -> str:
            v = clean_text(v, "a title", SITE.TITLE_MAX, "产品名称")
            if "<" in v or ">" in v:
                raise SiteRule("a title is plain text: no < or >", "产品名称不能包含 < 或 >")
            return v

    @classmethod
    async def read(cls, driver, s):
        from ..pages.products import ProductEditor

        title, keywords = await ProductEditor(driver).read(s["target"])
        return {"title": title, "keywords": keywords}

    @classmethod
    async def write(cls, driver, s):
        from ..pages.products import ProductEditor

        await ProductEditor(driver).edit(s["target"], s["value"]["title"], s["value"]["keywords"])
