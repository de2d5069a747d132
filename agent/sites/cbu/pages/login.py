"""login.1688.com/member/signin.htm: the QR code is shown first; the password form is behind the
"密码登录" tab. When the page offers only the QR code, a person must scan it (HumanLogin)."""

from __future__ import annotations

from agent.pages.login import HumanLogin, LoginPage

LOGIN_URL = "https://login.1688.com/member/signin.htm"
PASSWORD_TAB = ".password-login-tab-item"
ACCOUNT = "#fm-login-id"
PASSWORD = "#fm-login-password"
SUBMIT = "button.fm-submit"
ERROR = ".login-error-msg"
QR_PANEL = ".qrcode-login"  # the QR code with its tip (which app, how long it is valid)


class CbuLoginPage(LoginPage):
    """The password form is the same kind as login.alibaba.com's; the error, the tab and the button differ."""

    error_selector = ERROR

    async def submit(self, username: str, password: str) -> None:
        await self.open("domcontentloaded")
        if not await self.page.locator(PASSWORD).count() and not await self.page.locator(PASSWORD_TAB).count():
            raise HumanLogin("1688 offers only its QR code: scan it with 千牛 or 手机阿里", QR_PANEL)
        if not await self.page.locator(PASSWORD).is_visible():
            await self.page.click(PASSWORD_TAB)
        await self.page.fill(ACCOUNT, username)
        await self.page.fill(PASSWORD, password)
        async with self.page.expect_navigation(wait_until="domcontentloaded"):
            await self.page.click(SUBMIT)
