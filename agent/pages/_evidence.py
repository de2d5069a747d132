"""A suggestion's own evidence: the row or field it concerns on the screen the page object left open,
outlined in red, photographed with a band of the screen around it, then the outline removed.

The row is found by the text a person would look for (a keyword, a product title, a buyer's name):
the deepest element whose text — or, for a form field, whose value — contains it, widened to its
table row, list item or form item."""

from __future__ import annotations

from pathlib import Path

from loguru import logger
from playwright.async_api import Locator, Page

MARK = "data-agent-evidence"
ROW = "tr, li, [role=row], label, .form-item, .next-form-item, .item, .row, .card, dd, p"
MARGIN = 90  # pixels of the screen kept around the row

_FIND = """([needle, mark, rowSel, given]) => {
  const norm = s => (s || "").replace(/\\s+/g, " ").trim().toLowerCase();
  const want = norm(needle);
  let best = given || null;
  if (!best && !want) return null;
  if (!best) {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_ELEMENT);
    for (let el = walker.currentNode; el; el = walker.nextNode()) {
      if (best && !best.contains(el)) break;                 // the first match, as deep as it goes
      if (["SCRIPT", "STYLE", "TEMPLATE", "SELECT", "OPTION"].includes(el.tagName) || !el.offsetParent && el !== document.body) continue;
      if (norm(el.innerText).includes(want)) best = el;
    }
  }
  if (!best || best === document.body) {                    // not in the text: a form field holding it
    best = null;
    for (const f of document.querySelectorAll("input, textarea")) {
      if (norm(f.value).includes(want)) { best = f; break; }
    }
  }
  if (!best || best === document.body) return null;
  const row = given || best.closest(rowSel) || best;
  row.setAttribute(mark, row.getAttribute("style") || "");
  row.style.outline = "3px solid #e4393c";
  row.style.outlineOffset = "1px";
  row.style.background = "rgba(255, 214, 0, 0.25)";
  row.scrollIntoView({block: "center"});
  const r = row.getBoundingClientRect();
  const text = (row.value !== undefined && row.tagName !== "LI" ? row.value : row.innerText) || "";
  return {x: r.left + window.scrollX, w: r.width, y: r.top + window.scrollY, h: r.height,
          text: text.replace(/\\s+/g, " ").trim().slice(0, 300)};
}"""

_CLEAR = """(mark) => { for (const el of document.querySelectorAll(`[${mark}]`)) {
  el.setAttribute("style", el.getAttribute(mark)); el.removeAttribute(mark); } }"""


async def highlight_shot(page: Page, where: str | Locator | None, path: Path) -> str | None:
    """Outline the row `where` (a Locator from the page object, or the text that marks it),
    screenshot it with the screen around it to `path`; returns the outlined row's text, or None
    (and a plain screenshot of the screen) when it is not on the screen."""
    box = None
    try:
        if isinstance(where, Locator):
            handle = await where.element_handle(timeout=5000) if await where.count() else None
            box = await page.evaluate(_FIND, ["", MARK, ROW, handle]) if handle else None
        elif where:
            box = await page.evaluate(_FIND, [where, MARK, ROW, None])
        if box:
            view = page.viewport_size or {"width": 1280, "height": 800}
            top, left = max(0.0, box["y"] - MARGIN), max(0.0, box["x"] - MARGIN / 3)
            width = max(
                480.0, min(view["width"] - left, box["w"] + MARGIN * 2 / 3)
            )  # a short field: its label beside it
            await page.screenshot(
                path=str(path),
                timeout=10000,
                full_page=True,
                clip={"x": left, "y": top, "width": width, "height": min(box["h"], 600) + 2 * MARGIN},
            )
        else:
            await page.screenshot(path=str(path), timeout=10000)
    except Exception as e:  # a page that navigated away or closed: no evidence picture, the suggestion stands
        logger.warning("evidence screenshot failed: {}", e)
        return None
    finally:
        try:
            await page.evaluate(_CLEAR, MARK)
        except Exception:
            pass
    return box["text"] if box else None
