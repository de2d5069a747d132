"""The one table that turns outcomes and errors into exit codes and the CLI's words."""

from __future__ import annotations

from ..errors import (
    AgentError,
    Busy,
    ConfigError,
    EditsFailed,
    InvalidTransition,
    InvalidValue,
    NeedsHuman,
    NotFound,
    QueueError,
    SiteError,
    Stale,
    StorageError,
)

# routine outcome -> exit code
EXIT = {"ok": 0, "failed": 1, "needs_human": 3, "stopped": 4, "partial": 6, "skipped": 7}
INFRASTRUCTURE = 5  # the machine failed us: disk full, database locked or unreachable

# error class -> (exit code, how the CLI says it); the first matching class wins
ERRORS: list[tuple[type[AgentError], int, str]] = [
    (ConfigError, 2, "{e}"),
    (NotFound, 2, "{e}; see 'storeagent queue list'"),
    (InvalidTransition, 2, "{e}; see 'storeagent queue show {e.sid}'"),
    (InvalidValue, 2, "{e}"),
    (Stale, 2, "{e}; see 'storeagent queue show {e.sid}'"),
    (Busy, 1, "{e}"),
    (EditsFailed, 1, "{e}; see 'storeagent queue show ID', then 'storeagent queue retry ID'"),
    (QueueError, 2, "{e}"),
    (NeedsHuman, 3, "a person is needed: {e}"),
    (SiteError, 1, "the site: {e}"),
    (StorageError, 1, "storage: {e}"),
    (AgentError, 1, "{e}"),
]


def describe(e: AgentError) -> tuple[int, str]:
    for cls, code, words in ERRORS:
        if isinstance(e, cls):
            return code, words.format(e=e)
    return 1, str(e)


def _network_errnos() -> set[int]:
    import errno

    names = ("ECONNREFUSED", "ECONNRESET", "EHOSTUNREACH", "ENETUNREACH", "ETIMEDOUT", "ECONNABORTED", "EPIPE")
    return {getattr(errno, n) for n in names if hasattr(errno, n)}


_NETWORK = _network_errnos()


def describe_failure(e: Exception) -> tuple[int, str]:
    """An exception that is not an AgentError: the machine (exit 5) or a bug (exit 1), in one line;
    the traceback goes to the log file only."""
    import errno

    from loguru import logger

    logger.opt(exception=e).debug("unexpected failure")
    mod = type(e).__module__
    from .. import _redact

    if isinstance(e, ConnectionError | TimeoutError) or (isinstance(e, OSError) and e.errno in _NETWORK):
        why = _redact.redact(str(e).splitlines()[0] if str(e) else type(e).__name__)
        return INFRASTRUCTURE, (
            f"infrastructure: network: {why}; check the connection, the proxy (buyer_proxies) and the "
            "addresses in the config, then run again"
        )
    if isinstance(e, OSError):
        what = {
            errno.ENOSPC: "the disk is full",
            errno.EACCES: "permission denied",
            errno.EROFS: "the disk is read-only",
            errno.EDQUOT: "the disk quota is used up",
        }.get(e.errno or 0, e.strerror or type(e).__name__)
        where = f" ({e.filename})" if getattr(e, "filename", None) else ""
        return INFRASTRUCTURE, f"infrastructure: {what}{where}; free space or fix permissions, then run again"
    if mod.startswith(("sqlalchemy", "sqlite3", "psycopg")):
        text = str(getattr(e, "orig", None) or e).splitlines()[0]
        hint = (
            "another program holds the database; wait and run again"
            if "locked" in text
            else "check database_url and the database server"
        )
        return INFRASTRUCTURE, f"infrastructure: database: {text}; {hint}"
    return (
        1,
        f"unexpected {type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''} (details in the log file under data_dir/logs)",
    )
