"""The settings as last read, kept so that a command whose sources did not change skips reading them
(importing pydantic and pydantic-settings is most of a short command's start-up; BENCHMARKS.md,
rank_process).

The key is a hash of everything the settings are read from: the config file's path and bytes, the
.env file's bytes, every AGENT_ variable, HOME and XDG_STATE_HOME (the default state folder), the
folder the command runs in, the arguments given and the settings code itself. What is kept is the
settings' values; `load()` checks their folders and how their keys tie together again on use (a
folder that became read-only is still reported). Settings that carry a secret — a password, or a URL
with a password in it — are never written: they are read from their sources each time. Files live
in $XDG_CACHE_HOME/storeagent (mode 0600), named by the key only; the least recently used beyond 16
are removed."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from urllib.parse import urlsplit

KEEP = 16
_CODE = (Path(__file__).parent / "settings.py", Path(__file__).parent / "_settings_sources.py")


def folder() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "storeagent"


def _bytes(p: Path) -> bytes:
    try:
        return p.read_bytes()
    except OSError:
        return b"-"


def key(config: Path, overrides: dict) -> str:
    h = hashlib.sha256()
    env = sorted(
        (k, v) for k, v in os.environ.items() if k.lower().startswith("agent_") or k in ("HOME", "XDG_STATE_HOME")
    )
    for part in (
        os.getcwd(),
        str(config.absolute()),
        json.dumps(env),
        json.dumps(overrides, sort_keys=True, default=str),
        *(f"{p.stat().st_mtime_ns}:{p.stat().st_size}" for p in _CODE),
    ):
        h.update(part.encode("utf-8", "surrogateescape") + b"\0")
    h.update(_bytes(config) + b"\0" + _bytes(Path(".env")))
    return h.hexdigest()[:40]


def read(k: str) -> dict | None:
    try:
        path = folder() / f"settings-{k}.json"
        known = json.loads(path.read_text(encoding="utf-8"))
        os.utime(path)  # in use: the last to be removed
        return known
    except (OSError, ValueError, RuntimeError):  # RuntimeError: no home folder to find the cache in
        return None


def write(k: str, settings) -> None:
    from .settings import plain

    if _carries_secret(settings):
        return
    try:
        d = folder()
        d.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = d / f".settings-{k}.{os.getpid()}.tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(plain(settings), f)
        os.replace(tmp, d / f"settings-{k}.json")
        old = sorted(d.glob("settings-*.json"), key=lambda p: p.stat().st_mtime)[:-KEEP]
        for p in old:
            p.unlink(missing_ok=True)
    except (OSError, RuntimeError):  # no cache folder to write: read the sources next time too
        return


def _carries_secret(s) -> bool:
    if s.password is not None or any(st.password is not None for st in s.stores):
        return True
    urls = [s.database_url, s.fleet.broker if s.fleet else None, *s.buyer_proxies.values()]
    return any(u and urlsplit(u).password for u in urls)
