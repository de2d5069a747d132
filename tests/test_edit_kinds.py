"""An edit kind is one class in one module: a kind defined in a module of its own — nothing else in
the project changed — is listed, says itself in both languages, is queued and approved, and is
applied against a sandbox screen and read back. A kind that cannot say itself is refused."""

from __future__ import annotations

import asyncio
import importlib.util
import sys
import textwrap

import pytest

from agent.app import App
from agent.diagnosis.model import Suggestion
from agent.edits import EDITS, Edit, kinds
from agent.edits._base import Model, register
from agent.errors import InvalidValue
from agent.queue.store import Queue

from .conftest import agent_settings

THROWAWAY = textwrap.dedent(
    '''
    """A kind of the test's own: put a product in the showcase (the product manager's 橱窗 switch)."""
    from agent.edits._base import Edit, Model, register


    @register
    class PinToShowcase(Edit):
        kind = "pin_to_showcase"
        label = {"zh": "放入橱窗（试用）", "en": "pin to showcase (trial)"}
        watch = "showcase"

        class Pre(Model):
            showcase: bool

        class Value(Model):
            showcase: bool

        pre: Pre
        value: Value

        def describe(self, lang="zh"):
            title = self.ev("title") or self.target
            if lang == "en":
                return f"product '{title}'", "not in the showcase", "in the showcase"
            return f"产品「{title}」", "不在橱窗", "放入橱窗"

        async def read(self, driver):
            from agent.sites.alibaba.pages.products import ProductManager

            p = await ProductManager(driver).get(self.target)
            return {"exists": p is not None, "showcase": p.showcase if p else None}

        async def write(self, driver):
            from agent.sites.alibaba.pages.products import ProductManager

            await ProductManager(driver).set_showcase(self.target, self.value.showcase)
    '''
)


@pytest.fixture
def throwaway_kind(tmp_path):
    path = tmp_path / "throwaway_kind.py"
    path.write_text(THROWAWAY, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("throwaway_kind", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["throwaway_kind"] = module
    spec.loader.exec_module(module)
    yield "pin_to_showcase"
    EDITS.pop("pin_to_showcase", None)
    sys.modules.pop("throwaway_kind", None)


async def test_a_kind_in_a_module_of_its_own_is_listed_described_queued_and_applied(
    throwaway_kind, fresh_sandbox, tmp_path
):
    sb = fresh_sandbox
    product = next(
        p for p in sb.state()["products"] if p["status"] == "approved" and p["display"] == "on" and not p["showcase"]
    )  # the site shows only listed, approved products
    assert throwaway_kind in kinds()
    s = Suggestion.make(
        kind=throwaway_kind,
        target=product["id"],
        rationale="试用",
        evidence={"title": product["title"]},
        precondition={"showcase": False},
        value={"showcase": True},
    )
    assert type(s.edit).__name__ == "PinToShowcase" and s.edit.value.showcase is True  # the kind's own instance
    assert s.edit.describe("zh") == (f"产品「{product['title']}」", "不在橱窗", "放入橱窗")
    assert s.edit.describe("en") == (f"product '{product['title']}'", "not in the showcase", "in the showcase")
    with pytest.raises(InvalidValue, match="showcase"):  # its value is checked where it is made
        Suggestion.make(**{**s.model_dump(), "value": {"showcase": "perhaps"}})

    settings = agent_settings(sb, tmp_path)
    app = App(settings)
    queue = Queue(app.db)
    [sid] = await asyncio.to_thread(queue.propose, "shop", [s])
    [queued] = await asyncio.to_thread(queue.list, "proposed")
    assert queued.edit == s.edit and queued.describe("en")[2] == "in the showcase"  # the same typed edit comes back
    await asyncio.to_thread(queue.approve, [sid], "王经理")
    [result] = await app.apply()
    assert result.status == "ok", result.error
    assert (await asyncio.to_thread(queue.get, sid)).state == "applied"
    after = next(p for p in sb.state()["products"] if p["id"] == product["id"])
    assert after["showcase"] is True  # the sandbox's ground truth
    assert [w for w in sb.state()["writes"] if w.get("target") == product["id"]]


def test_a_kind_that_cannot_say_itself_is_refused():
    class Mute(Edit):
        kind = "mute_kind"
        label = {"zh": "无", "en": "none"}

        class Pre(Model):
            pass

        class Value(Model):
            pass

        pre: Pre
        value: Value

        async def read(self, driver):
            return {}

        async def write(self, driver):
            return None

    with pytest.raises(TypeError, match="describe"):
        register(Mute)
    assert "mute_kind" not in kinds()
