"""What a run leaves behind: screenshots, the page as it stood (HTML), scrubbed traces — named by
store, routine, screen and time, under the data folder, never with a secret in them or their names."""

from __future__ import annotations

import os
import re
import zipfile
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from loguru import logger

from .. import _redact

if TYPE_CHECKING:
    from playwright.async_api import Page


def safe_name(*parts: str) -> str:
    return "_".join(re.sub(r"[^A-Za-z0-9.-]+", "-", p).strip("-")[:40] or "x" for p in parts)


class Artifacts:
    """The data folder's `screenshots/` and `traces/`."""

    def __init__(self, data_dir: Path):
        self.data_dir = data_dir

    def path(self, kind: str, name: str, suffix: str) -> Path:
        d = self.data_dir / kind
        d.mkdir(parents=True, exist_ok=True)
        return d / (name + suffix)

    @staticmethod
    def stamp(store: str, routine: str, screen: str) -> str:
        return safe_name(store, routine, screen, datetime.now().strftime("%Y%m%d-%H%M%S-%f"))

    async def page_html(self, page: Page, store: str, routine: str, screen: str) -> str | None:
        """The page as it stands (its DOM serialised, known secrets masked), named like a screenshot."""
        try:
            html = _redact.redact(await page.content())
        except Exception as e:
            logger.warning("page not kept: {}", type(e).__name__)
            return None
        path = self.path("screenshots", self.stamp(store, routine, screen), ".html")
        path.write_text(html, encoding="utf-8")
        return str(path)

    async def screenshot(
        self, page: Page, store: str, routine: str, screen: str, shows: str | None = None
    ) -> str | None:
        """Screenshot named by store, routine, page and time; never contains a secret. With `shows`, the
        element it selects alone (the whole page when it is not there)."""
        path = self.path("screenshots", self.stamp(store, routine, screen), ".png")
        try:
            element = page.locator(shows).first if shows else None
            if element is not None and await element.is_visible():
                await element.screenshot(path=str(path), timeout=10000)
            else:
                await page.screenshot(path=str(path), full_page=False, timeout=10000)
        except Exception as e:
            logger.warning("screenshot failed: {}", e)
            return None
        return str(path)


def scrub_trace(raw: Path, final: Path) -> Path | None:
    """Write `final`: the trace `raw` with credentials (cookies, CSRF tokens, passwords) masked.
    Fail-closed: the raw trace is always deleted, and when scrubbing fails there is no trace."""
    tmp = final.with_suffix(".scrub")
    try:
        with zipfile.ZipFile(raw) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
            for item in src.infolist():
                data = src.read(item)
                try:
                    data = _redact.redact_trace_text(data.decode("utf-8")).encode("utf-8")
                except UnicodeDecodeError:
                    pass  # screenshots and other binary resources
                dst.writestr(item, data)
        os.replace(tmp, final)
        return final
    except Exception as e:  # a trace we cannot clean is not kept
        logger.warning("trace not kept: scrubbing failed ({})", type(e).__name__)
        tmp.unlink(missing_ok=True)
        return None
    finally:
        raw.unlink(missing_ok=True)
