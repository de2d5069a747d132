"""Errors the agent raises; each says what went wrong and where."""
from __future__ import annotations


class AgentError(Exception):
    pass


class ConfigError(AgentError):
    """A bad setting, option or input file: one line, exit code 2."""


class PageStructureError(AgentError):
    """An expected element or data call is missing: the screen changed its layout."""

    def __init__(self, page_object: str, selector: str, screenshot: str | None, detail: str = ""):
        self.page_object, self.selector, self.screenshot = page_object, selector, screenshot
        msg = f"{page_object}: expected {selector!r} not found"
        if detail:
            msg += f" ({detail})"
        msg += f"; screenshot {screenshot}" if screenshot else ""
        super().__init__(msg)


class NeedsHuman(AgentError):
    """A slider/punish challenge or a second factor the agent must not (or cannot) pass alone."""

    def __init__(self, reason: str, screenshot: str | None = None):
        self.reason, self.screenshot = reason, screenshot
        super().__init__(reason + (f"; screenshot {screenshot}" if screenshot else ""))


class TransientError(AgentError):
    """A 5xx answer, a timeout or a dropped connection: worth a retry."""


class LoginFailed(AgentError):
    pass


class WriteRejected(AgentError):
    """The site refused a write (its own message is kept)."""
