"""Login screens: account/password form, the second-factor (TOTP) form, and the slider/punish page.

The agent recognises the slider page but never touches it: a person must solve it."""
from __future__ import annotations

from enum import Enum

from playwright.async_api import Page

LOGIN_PATH = "/newlogin/login.htm"
LOGIN_URL_MARKERS = ("/newlogin/login", "login.alibaba.com", "passport.alibaba.com")
CHALLENGE_URL_MARKERS = ("_____tmd_____", "/punish", "captcha")
MFA_URL_MARKERS = ("/newlogin/mfa",)
ACCOUNT = "#fm-login-id"
PASSWORD = "#fm-login-password"
SUBMIT = "button.fm-submit"
ERROR = ".login-error"
OTP = "#otp-code"
OTP_SUBMIT = ".mfa-submit"
SLIDER = "#nc_1_n1z"


class PageState(str, Enum):
    OK = "ok"
    LOGIN = "login"
    CHALLENGE = "challenge"
    MFA = "mfa"


async def classify(page: Page) -> PageState:
    url = page.url
    if any(m in url for m in CHALLENGE_URL_MARKERS):
        return PageState.CHALLENGE
    if any(m in url for m in MFA_URL_MARKERS):
        return PageState.MFA
    if any(m in url for m in LOGIN_URL_MARKERS):
        return PageState.LOGIN
    try:
        if await page.locator(SLIDER).count():
            return PageState.CHALLENGE
    except Exception:  # page navigated away meanwhile
        pass
    return PageState.OK


def _login_flow(url: str) -> bool:
    return any(m in url for m in (*LOGIN_URL_MARKERS, *MFA_URL_MARKERS, *CHALLENGE_URL_MARKERS))


async def only_login_pages(route) -> None:
    """For the page that signs in: the login, second-factor and challenge pages load whole; the page
    the site redirects to once the seller is in is of no use there (the store's own tab goes back to
    its screen), so its scripts, styles and data calls are not fetched."""
    req = route.request
    try:
        frame_url = req.frame.url
    except Exception:  # a service worker or a detached frame
        frame_url = ""
    if req.resource_type != "document" and not _login_flow(frame_url):
        await route.abort()
    else:
        await route.fallback()


class LoginPage:
    def __init__(self, page: Page, base_url: str, login_url: str | None = None):
        self.page, self.url = page, login_url or base_url + LOGIN_PATH

    async def submit(self, username: str, password: str) -> None:
        """Fill and submit the form; the site then redirects to where the session expired."""
        if not any(m in self.page.url for m in LOGIN_URL_MARKERS):
            await self.page.goto(self.url)
        await self.page.fill(ACCOUNT, username)
        await self.page.fill(PASSWORD, password)
        async with self.page.expect_navigation(wait_until="domcontentloaded"):
            await self.page.click(SUBMIT)

    async def error_text(self) -> str | None:
        loc = self.page.locator(ERROR)
        if await loc.count() and not await self.page.locator(".session-expired").count():
            return (await loc.first.inner_text()).strip()
        return None

    async def submit_code(self, code: str) -> None:
        await self.page.fill(OTP, code)
        async with self.page.expect_navigation(wait_until="domcontentloaded"):
            await self.page.click(OTP_SUBMIT)
