"""Product edits: re-publish, delete, showcase on/off, title and keywords, a new product."""

from __future__ import annotations

from loguru import logger
from pydantic import field_validator

from agent.edits._base import Edit, Model, SiteRule, Urgency, Words, clean_text, num, register, short
from agent.errors import WriteRejected

from ..limits import LIMITS


async def _product(driver, product_id: str) -> dict:
    """The product as the product manager lists it, with its zero-effect days from 数据管家."""
    from ..pages.dashboards import ZeroEffectProducts
    from ..pages.products import ProductManager

    p = await ProductManager(driver).get(product_id)
    if p is None:
        return {"exists": False, "zero_days": None, "showcase": None}
    zero = next((z.zero_days for z in await ZeroEffectProducts(driver).read() if z.product_id == p.id), 0)
    return {"exists": True, "zero_days": zero, "showcase": p.showcase}


def _title(v: str) -> str:
    v = clean_text(v, "a title", LIMITS.TITLE_MAX, "产品名称")
    if "<" in v or ">" in v:
        raise SiteRule("a title is plain text: no < or >", "产品名称不能包含 < 或 >")
    return v


class _ProductEdit(Edit):
    def urgency(self, waited: float) -> Urgency:
        days = int(num(self.evidence.get("zero_days")))
        if days:
            return Urgency(100 + days / 10, f"零效果 {days} 天", f"no effect for {days} days")
        return Urgency(120, "", "")

    async def read(self, driver):
        return await _product(driver, self.target)

    async def show(self, driver):
        from ..pages.products import ProductManager

        return await ProductManager(driver).row(self.target)


@register
class RepublishProduct(_ProductEdit):
    """Re-publish as the site does it: "发布类似产品" posts a NEW product copied from this one, then
    the old one is deleted. Done when the old product is gone."""

    kind = "republish_product"
    label = {"zh": "重新发布", "en": "re-publish product"}

    def describe(self, lang: str = "zh") -> Words:
        if lang == "en":
            return (
                f"product '{self.ev('title') or self.target}'",
                f"no effect for {self.pre.zero_days} days",
                "posted anew as a similar product, the old one deleted",
            )
        return (
            f"产品「{self.ev('title') or self.target}」",
            f"零效果 {self.pre.zero_days} 天",
            "发布类似产品（新产品），删除旧产品",
        )

    watch = "zero_days"

    class Pre(Model):
        exists: bool = True
        zero_days: int

    class Value(Model):
        zero_days: int = 0

    pre: Pre
    value: Value

    def done(self, c):
        return not c["exists"]

    async def write(self, driver):
        from ..pages.products import ProductEditor, ProductManager

        new_id = await ProductEditor(driver).similar_post(self.target)
        logger.info("re-published product {} as new product {}", self.target, new_id)
        await ProductManager(driver).delete(self.target)


@register
class DeleteProduct(_ProductEdit):
    kind = "delete_product"
    label = {"zh": "删除产品", "en": "delete product"}

    def describe(self, lang: str = "zh") -> Words:
        if lang == "en":
            return (
                f"product '{self.ev('title') or self.target}'",
                f"listed, no effect for {self.pre.zero_days} days",
                "deleted",
            )
        return (
            f"产品「{self.ev('title') or self.target}」",
            f"在售，零效果 {self.pre.zero_days} 天",
            "删除",
        )

    watch = "zero_days"  # ready: still listed with the zero-effect days the suggestion saw

    class Pre(Model):
        exists: bool = True
        zero_days: int

    class Value(Model):
        pass

    pre: Pre
    value: Value

    def done(self, c):
        return not c["exists"]

    async def write(self, driver):
        from ..pages.products import ProductManager

        await ProductManager(driver).delete(self.target)


@register
class SetShowcase(_ProductEdit):
    kind = "set_showcase"
    label = {"zh": "橱窗调整", "en": "showcase on/off"}

    def describe(self, lang: str = "zh") -> Words:
        if lang == "en":
            return (
                f"product '{self.ev('title') or self.target}'",
                "in the showcase" if self.pre.showcase else "not in the showcase",
                "put in the showcase" if self.value.showcase else "taken out of the showcase",
            )
        return (
            f"产品「{self.ev('title') or self.target}」",
            "在橱窗" if self.pre.showcase else "不在橱窗",
            "放入橱窗" if self.value.showcase else "移出橱窗",
        )

    watch = "showcase"

    class Pre(Model):
        showcase: bool

    class Value(Model):
        showcase: bool

    pre: Pre
    value: Value

    async def write(self, driver):
        from ..pages.products import ProductManager

        await ProductManager(driver).set_showcase(self.target, self.value.showcase)


@register
class SwapShowcase(Edit):
    """A showcase swap as one edit: the target product leaves its showcase slot and `new_product` takes
    it — approved, applied and read back as one. When the second half cannot be written, the first is
    undone; when even that fails, the edit fails saying plainly that the slot stands empty."""

    kind = "swap_showcase"
    label = {"zh": "橱窗换品", "en": "swap showcase product"}

    def urgency(self, waited: float) -> Urgency:
        days = int(num(self.evidence.get("out_zero_days")))
        if days:
            return Urgency(
                200 + days / 10,
                f"橱窗位上的产品零效果 {days} 天",
                f"the showcase product had no effect for {days} days",
            )
        return Urgency(200, "", "")

    def describe(self, lang: str = "zh") -> Words:
        out, new = self.ev("title") or self.target, self.ev("new_title") or self.value.new_product
        if lang == "en":
            return (f"showcase slot of '{out}'", f"'{out}' in the showcase", f"'{new}' in its place")
        return (f"橱窗位「{out}」", f"「{out}」在橱窗", f"换成「{new}」")

    def spot(self) -> str:
        return self.target

    class Pre(Model):
        out_shown: bool = True
        in_shown: bool = False

    class Value(Model):
        new_product: str

    pre: Pre
    value: Value

    async def read(self, driver):
        out, new = await _product(driver, self.target), await _product(driver, self.value.new_product)
        return {
            "out_exists": out["exists"],
            "in_exists": new["exists"],
            "out_shown": out["showcase"],
            "in_shown": new["showcase"],
        }

    async def show(self, driver):
        from ..pages.products import ProductManager

        return await ProductManager(driver).row(self.target)

    def done(self, c):
        return c["out_shown"] is False and c["in_shown"] is True

    def ready(self, c):
        """Both products listed, the newcomer not shown yet; the leaving one still shown — or already
        out, when an interrupted attempt wrote the first half."""
        return bool(c["out_exists"] and c["in_exists"]) and c["in_shown"] is False

    async def write(self, driver):
        from ..pages.products import ProductManager

        pm = ProductManager(driver)
        await pm.set_showcase(self.target, False)  # frees the slot (the site counts them)
        try:
            await pm.set_showcase(self.value.new_product, True)
        except Exception as second:
            out, new = self.ev("title") or self.target, self.ev("new_title") or self.value.new_product
            try:
                await pm.set_showcase(self.target, True)  # undo the first half: the slot as it was
            except Exception as undo:
                raise WriteRejected(
                    f"「{new}」未能放入橱窗（{second}），「{out}」也未能放回：这个橱窗位现在空着，请在产品管理里手动放入 · "
                    f"'{new}' could not go in ({second}) and '{out}' could not go back ({undo}): the slot is empty"
                ) from None
            raise WriteRejected(
                f"「{new}」未能放入橱窗（{second}）；已把「{out}」放回，橱窗和原来一样 · "
                f"'{new}' could not go in ({second}); '{out}' was put back, the showcase is as it was"
            ) from None


@register
class EditTitle(Edit):
    kind, main_field = "edit_title", "title"
    label = {"zh": "修改标题", "en": "edit title"}

    def urgency(self, waited: float) -> Urgency:
        if self.evidence.get("source") == "keyword_index":
            heat = int(num(self.evidence.get("heat")))
            return Urgency(
                145 + heat / 1000, f"关键词指数热度 {heat}，还没进标题", f"an index word (heat {heat}) in no title"
            )
        imp = int(num(self.evidence.get("impressions")))
        return Urgency(
            150 + imp / 100, f"引流词 {imp} 次曝光还没进标题", f"a traffic word with {imp} impressions in no title"
        )

    def describe(self, lang: str = "zh") -> Words:
        if lang == "en":
            return (
                f"product {self.target}",
                f"title '{short(self.pre.title)}'",
                f"title '{short(self.value.title)}'",
            )
        return (
            f"产品 {self.target}",
            f"标题「{short(self.pre.title)}」",
            f"标题「{short(self.value.title)}」",
        )

    def spot(self) -> str:
        return self.pre.title

    watch = "title"

    class Pre(Model):
        title: str

    class Value(Model):
        title: str
        keywords: list[str] = []

        @field_validator("title")
        @classmethod
        def _title(cls, v: str) -> str:
            return _title(v)

    pre: Pre
    value: Value

    async def read(self, driver):
        from ..pages.products import ProductEditor

        title, keywords = await ProductEditor(driver).read(self.target)
        return {"title": title, "keywords": keywords}

    async def write(self, driver):
        from ..pages.products import ProductEditor

        await ProductEditor(driver).edit(self.target, self.value.title, self.value.keywords)


@register
class PublishProduct(Edit):
    """A NEW product posted through the editor's "发布类似产品" from one of the store's strong products,
    with its own title and keywords (for a traffic word no title covers yet). The target is that word:
    one open suggestion per word. Done when a product with exactly the approved title is listed; its
    quality score and what the editor says is missing are read back with it (a low score is a finding
    of the next diagnosis)."""

    kind, main_field = "publish_product", "title"
    label = {"zh": "发布新品", "en": "publish new product"}

    def urgency(self, waited: float) -> Urgency:
        imp = int(num(self.evidence.get("impressions")))
        return Urgency(140 + imp / 100, f"新词 {imp} 次曝光，没有产品标题含它", f"a new word with {imp} impressions")

    def describe(self, lang: str = "zh") -> Words:
        source = self.ev("source_title") or self.value.source
        if lang == "en":
            return (
                f"new product for '{self.target}'",
                "no product's title has it",
                f"posted like '{short(source, 40)}': '{short(self.value.title)}'",
            )
        return (
            f"新品「{self.target}」",
            "没有产品标题含这个词",
            f"仿「{short(source, 40)}」发布：「{short(self.value.title)}」",
        )

    def spot(self) -> str:
        return self.ev("source_title") or self.value.source

    class Pre(Model):
        source_exists: bool = True
        published: bool = False

    class Value(Model):
        source: str
        title: str
        keywords: list[str]

        @field_validator("title")
        @classmethod
        def _t(cls, v: str) -> str:
            return _title(v)

        @field_validator("keywords")
        @classmethod
        def _k(cls, v: list[str]) -> list[str]:
            v = [clean_text(k, "a keyword", LIMITS.TITLE_MAX, "关键词") for k in v if k.strip()]
            if not v or len(v) > 3:
                raise SiteRule("a product has 1 to 3 keywords", "请填写 1-3 个关键词")
            return v

    pre: Pre
    value: Value

    async def read(self, driver):
        from ..pages.products import ProductEditor, ProductManager

        pm = ProductManager(driver)
        new = await pm.titled(self.value.title)
        source = await pm.get(self.value.source)
        out: dict = {"source_exists": source is not None, "published": new is not None}
        if new is not None:
            score, missing = await ProductEditor(driver).quality(new.id)
            out.update(new_id=new.id, quality_score=score, missing=missing)
        return out

    async def show(self, driver):
        from ..pages.products import ProductManager

        return await ProductManager(driver).row(self.value.source)

    def done(self, c):
        return bool(c["published"])

    def ready(self, c):
        return bool(c["source_exists"]) and not c["published"]

    async def write(self, driver):
        from ..pages.products import ProductEditor

        new_id = await ProductEditor(driver).similar_post(self.value.source, self.value.title, self.value.keywords)
        logger.info("posted new product {} from product {}", new_id, self.value.source)
