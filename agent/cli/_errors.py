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
EXIT = {"ok": 0, "failed": 1, "needs_human": 3, "stopped": 4}

# error class -> (exit code, how the CLI says it); the first matching class wins
ERRORS: list[tuple[type[AgentError], int, str]] = [
    (ConfigError, 2, "{e}"),
    (NotFound, 2, "{e}; see 'python -m agent queue list'"),
    (InvalidTransition, 2, "{e}; see 'python -m agent queue show {e.sid}'"),
    (InvalidValue, 2, "{e}"),
    (Stale, 2, "{e}; see 'python -m agent queue show {e.sid}'"),
    (Busy, 1, "{e}"),
    (EditsFailed, 1, "{e}; see 'python -m agent queue show ID', then 'python -m agent queue retry ID'"),
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
