"""The login screens both sites share (Alibaba Group's passport): the account/password form, the
second step that asks for a 6-digit code sent by e-mail or SMS (typed into six boxes), and the
challenge ("punish") pages. Each site names its login page's URL and what in a URL says it is
showing (`agent/sites/<site>/__init__.py`); a site whose form differs subclasses `LoginPage`.

The agent recognises a challenge but never touches it: a person must solve it."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Literal

from .. import sites

if TYPE_CHECKING:
    from playwright.async_api import Page


LOGIN_URL_MARKERS = sites.login_markers()  # every site's
CHALLENGE_URL_MARKERS = ("_____tmd_____", "/punish", "action=captcha")
# a terminal block of the network (from cloud addresses): bixi.alicdn.com/punish…cloud_ip_bl…action=deny
BLOCK_URL_MARKERS = ("cloud_ip_bl", "action=deny")
ACCOUNT = "#fm-login-id"
PASSWORD = "#fm-login-password"
SUBMIT = "#fm-login-submit"
ERROR = ".login-error"
CODE_BOXES = ".verify-code-input input, input.code-box"  # the six one-digit boxes (guess: sandbox/guesses.py)
CODE_SUBMIT = "#fm-verify-submit, .fm-verify button[type=submit]"
CHALLENGE = (
    "#nocaptcha, .nc-container, #nc_1_wrapper, #nc_1_n1z, .btn_slide, "
    "meta[http-equiv=refresh][content*='_____tmd_____']"
)
CHALLENGE_TEXTS = ("滑块验证", "安全验证", "unusual traffic", "哎哟喂,被挤爆啦")


_LOOK_JS = "sel => ({challenge: !!document.querySelector(sel), title: document.title})"


_ERROR_JS = """([sel, expired]) => { const e = document.querySelector(sel);
  return e && !document.querySelector(expired) ? (e.innerText || '').trim() || null : null; }"""


class PageState(StrEnum):
    OK = "ok"
    LOGIN = "login"
    CHALLENGE = "challenge"
    MFA = "mfa"
    BLOCKED = "blocked"


def blocked(url: str) -> bool:
    """The address is the site's terminal block of this network (no slider on it: nothing to solve)."""
    return any(m in url for m in BLOCK_URL_MARKERS)


async def classify(page: Page) -> PageState:
    for _ in range(3):
        url = page.url
        if blocked(url):
            return PageState.BLOCKED
        if any(m in url for m in CHALLENGE_URL_MARKERS):
            return PageState.CHALLENGE
        try:
            if any(m in url for m in LOGIN_URL_MARKERS):
                return PageState.MFA if await page.locator(CODE_BOXES).count() >= 6 else PageState.LOGIN
            seen = await page.evaluate(_LOOK_JS, CHALLENGE)  # one round trip: the slider's elements and the title
            if seen["challenge"]:
                return PageState.CHALLENGE
            title = seen["title"]
        except Exception:  # the page is navigating (a redirect, a meta refresh): look again once it has
            try:
                await page.wait_for_load_state("domcontentloaded", timeout=10000)
            except Exception:
                pass
            continue
        return PageState.CHALLENGE if any(t in title for t in CHALLENGE_TEXTS) else PageState.OK
    return PageState.OK


def left_for_login(url: str) -> bool:
    """The address is a login, second-step or challenge page (no round trip to the page)."""
    return any(m in url for m in (*LOGIN_URL_MARKERS, *CHALLENGE_URL_MARKERS, *BLOCK_URL_MARKERS))


class HumanLogin(Exception):
    """The login page offers no way in but one a person must take (a QR code to scan with the phone).
    `shows`: the selector of what the person needs to see (the QR code), for a picture of just that."""

    def __init__(self, message: str, shows: str | None = None):
        super().__init__(message)
        self.shows = shows


class LoginPage:
    error_selector = ERROR

    def __init__(self, page: Page, url: str):
        self.page, self.url = page, url

    async def open(self, wait_until: Literal["commit", "domcontentloaded", "load", "networkidle"] = "load") -> None:
        """The login page, unless the tab shows it already; the site's terminal block of this network
        in its place stops here (no form to fill, nothing to retry)."""
        if not any(m in self.page.url for m in LOGIN_URL_MARKERS):
            await self.page.goto(self.url, wait_until=wait_until)
        if blocked(self.page.url):
            from ..errors import Blocked

            raise Blocked(self.page.url.split("?")[0])

    async def submit(self, username: str, password: str) -> None:
        """Fill and submit the form; the site then redirects to where the session expired."""
        await self.open()
        await self.page.fill(ACCOUNT, username)
        await self.page.fill(PASSWORD, password)
        async with self.page.expect_navigation(wait_until="domcontentloaded"):
            await self.page.click(SUBMIT)

    async def error_text(self) -> str | None:
        """The form's refusal (wrong password, locked account), read in one round trip; None when the
        page shows none (a "session expired" notice is not a refusal)."""
        try:
            return await self.page.evaluate(_ERROR_JS, [self.error_selector, ".session-expired"])
        except Exception:  # the page is still on its way elsewhere: no refusal shown
            return None

    async def submit_code(self, code: str) -> None:
        """Type the 6-digit code into its six boxes, one digit each, as a person would."""
        boxes = self.page.locator(CODE_BOXES)
        for i, digit in enumerate(code[:6]):
            await boxes.nth(i).type(digit)
        async with self.page.expect_navigation(wait_until="domcontentloaded"):
            await self.page.click(CODE_SUBMIT)
