"""Logging: readable console lines, a JSON log file in the data dir, secrets masked everywhere."""

from __future__ import annotations

import logging
import sys
import traceback
from logging.handlers import RotatingFileHandler
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


class _QuietFile(RotatingFileHandler):
    """The rotating log file, made (with its folder) by its first line — a command refused before it
    logs anything leaves no data folder behind; closing it on a full disk (its last buffered lines)
    loses them quietly."""

    def _open(self):
        Path(self.baseFilename).parent.mkdir(parents=True, exist_ok=True)
        return super()._open()

    def close(self) -> None:
        try:
            super().close()
        except OSError:
            pass


def setup(data_dir: Path, quiet: bool = False, json_console: bool = False, tz=None) -> None:
    """Console on stderr (stdout stays for --json), its times in the store's zone `tz` (not the
    machine's); JSON lines under data_dir/logs."""
    key = (str(data_dir), quiet, json_console, str(tz))
    if _configured.get("key") == key:
        return
    logger.remove()

    def patch(record) -> None:
        _patch(record)
        record["extra"]["at"] = (record["time"].astimezone(tz) if tz is not None else record["time"]).strftime(
            "%H:%M:%S"
        )

    logger.configure(patcher=patch)
    level = "WARNING" if quiet or json_console else "INFO"
    logger.add(
        sys.stderr,
        level=level,
        format="<green>{extra[at]}</green> <level>{level: <7}</level> {extra[store]}{message}",
        colorize=None,
        backtrace=False,
        diagnose=False,  # never a traceback with local variables (they hold passwords)
    )
    logs = Path(data_dir) / "logs"
    # the file through the standard library's rotating handler: when the disk is full (or the file
    # cannot be written) a log line is lost quietly — the command still says its one line about it,
    # never pages of "Logging error" tracebacks
    logging.raiseExceptions = False
    file = _QuietFile(logs / "agent.jsonl", maxBytes=10 * 1024 * 1024, backupCount=10, encoding="utf-8", delay=True)
    file.setFormatter(logging.Formatter("%(message)s"))
    file.terminator = ""  # loguru's JSON line ends with its own newline
    logger.add(file, level="DEBUG", serialize=True, backtrace=False, diagnose=False, format="{message}")
    logger.configure(extra={"store": ""}, patcher=patch)
    _configured["key"] = key
