"""Logging: readable console lines, a JSON log file in the data dir, secrets masked everywhere."""

from __future__ import annotations

import sys
import traceback
from pathlib import Path

from loguru import logger

from ._redact import redact

_configured: dict = {}


def _patch(record) -> None:
    """Every record masked before any sink sees it. An exception travels as its masked text only
    (`extra.traceback`, no local variables): no sink formats a traceback itself, so no sink can print
    a password held in a local variable or the repr of a settings object."""
    record["message"] = redact(record["message"])
    exc = record["exception"]
    if exc is not None and exc.type is not None:
        text = "".join(traceback.format_exception(exc.type, exc.value, exc.traceback))
        record["extra"]["traceback"] = redact(text)
        record["exception"] = None
    for k, v in list(record["extra"].items()):
        if isinstance(v, str):
            record["extra"][k] = redact(v)


def setup(data_dir: Path, quiet: bool = False, json_console: bool = False) -> None:
    """Console on stderr (stdout stays for --json), JSON lines under data_dir/logs."""
    key = (str(data_dir), quiet, json_console)
    if _configured.get("key") == key:
        return
    logger.remove()
    logger.configure(patcher=_patch)
    level = "WARNING" if quiet or json_console else "INFO"
    logger.add(
        sys.stderr,
        level=level,
        format="<green>{time:HH:mm:ss}</green> <level>{level: <7}</level> {extra[store]}{message}",
        colorize=None,
        backtrace=False,
        diagnose=False,  # never a traceback with local variables (they hold passwords)
    )
    logs = Path(data_dir) / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    logger.add(
        logs / "agent.jsonl",
        level="DEBUG",
        serialize=True,
        rotation="10 MB",
        retention=10,
        enqueue=False,
        backtrace=False,
        diagnose=False,
    )
    logger.configure(extra={"store": ""}, patcher=_patch)
    _configured["key"] = key
