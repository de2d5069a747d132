"""One family of errors. Each says what went wrong in neutral words; the CLI (`agent/cli/_errors.py`)
and the review page each map a class to their own wording and, for the CLI, an exit code.

AgentError
├── ConfigError              a bad setting, option or input file
├── SiteError                the site did not behave as its screens should
│   ├── PageStructureError   an expected element or data call is missing
│   ├── TransientError       5xx, timeout, dropped connection: worth a retry
│   ├── LoginFailed          the site refused the login
│   ├── LoginLoop            a screen kept sending us back to the login page
│   └── WriteRejected        the site refused a write (its own message kept)
├── NeedsHuman               a slider or second factor only a person may pass
│   └── Blocked              the site refuses this network outright (a terminal block): no retry
├── QueueError               the suggestion queue refused a request
│   ├── NotFound             no such suggestion
│   ├── InvalidTransition    the suggestion is not in a state that allows this
│   ├── InvalidValue         a value the site would refuse
│   ├── Stale                the value changed since the approver saw it
│   ├── Busy                 another apply run holds the store
│   └── EditsFailed          approved edits the site refused or did not show after writing
└── StorageError             the database refused data (unknown or missing columns)
"""

from __future__ import annotations


class AgentError(Exception):
    pass


class ConfigError(AgentError):
    """A bad setting, option or input file: one line, exit code 2."""


class SiteError(AgentError):
    """The site did not behave as expected."""


class PageStructureError(SiteError):
    """An expected element or data call is missing: the screen changed its layout."""

    def __init__(self, page_object: str, selector: str, screenshot: str | None, detail: str = ""):
        self.page_object, self.selector, self.screenshot, self.detail = page_object, selector, screenshot, detail
        msg = f"{page_object}: expected {selector!r} not found"
        if detail:
            msg += f" ({detail})"
        msg += f"; screenshot {screenshot}" if screenshot else ""
        super().__init__(msg)


class TransientError(SiteError):
    """A 5xx answer, a timeout or a dropped connection: worth a retry."""


class SiteUnreachable(TransientError):
    """The site cannot be reached at all (connection refused, no such host, no network) after the
    retries: not one screen's fault, so the run stops rather than fail screen after screen."""


class LoginFailed(SiteError):
    pass


class LoginLoop(SiteError):
    """A screen sent the agent back to the login page after its budget of logins was spent."""


class WriteRejected(SiteError):
    """The site refused a write (its own message is kept)."""


class NeedsHuman(AgentError):
    """A slider/punish challenge or a second factor the agent must not (or cannot) pass alone."""

    def __init__(self, reason: str, screenshot: str | None = None):
        self.reason, self.screenshot = reason, screenshot
        super().__init__(reason + (f"; screenshot {screenshot}" if screenshot else ""))


class Blocked(NeedsHuman):
    """A terminal block: the site refuses the network the agent runs from (bixi…/punish…cloud_ip_bl…
    action=deny from cloud addresses). Nothing to solve and nothing to retry — retrying deepens it;
    the store must run from its usual network."""

    ZH = "站点拒绝了这个网络（云服务器地址被封禁，不是滑块）：不要重试，请在店铺平常使用的网络上运行"
    EN = (
        "the site refuses this network (a block of cloud addresses, not a slider): do not retry; "
        "run the store from its usual network"
    )

    def __init__(self, where: str, screenshot: str | None = None, lang: str = "zh"):
        self.where = where
        super().__init__((self.ZH if lang == "zh" else self.EN) + f" ({where})", screenshot)


class QueueError(AgentError):
    """The queue refused a request; `sid` names the suggestion concerned."""

    def __init__(self, message: str, sid: int | None = None):
        self.sid = sid
        super().__init__(message)


class NotFound(QueueError):
    pass


class InvalidTransition(QueueError):
    def __init__(self, sid: int, state: str, allowed: tuple[str, ...], action: str):
        self.state, self.allowed, self.action = state, allowed, action
        super().__init__(f"suggestion #{sid} is {state}; only {'/'.join(allowed)} ones can be {action}", sid)


class InvalidValue(QueueError):
    """A value the site would refuse; `zh`: the refusal in the site's own words (the review page's)."""

    def __init__(self, message: str, sid: int | None = None, zh: str | None = None):
        self.zh = zh
        super().__init__(message, sid)


class Stale(QueueError):
    """The suggestion changed after the person looked at it: approve what is shown now, or nothing."""


class Busy(QueueError):
    """Another apply run holds the store's apply lock."""


class EditsFailed(QueueError):
    """Some approved edits failed on the site; each can be retried."""

    def __init__(self, ids: list[int], detail: str = ""):
        self.ids = ids
        super().__init__(
            f"{len(ids)} edit(s) failed: {', '.join(f'#{i}' for i in ids)}" + (f" ({detail})" if detail else "")
        )


class StorageError(AgentError):
    """The database refused data: unknown or missing columns, or a broken constraint."""
