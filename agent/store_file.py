"""The stores people add on the review page: `stores.toml` in the data folder, the same `[[stores]]`
tables the config file takes (and checked by the same `StoreSettings`), read after it at every load —
so the next `run`, `schedule` or page sees a store the moment it is saved. Passwords never go in it:
they go to the keyring (service `storeagent`, user `<store>:<login name>`). A store's key is derived
from its display name, never typed; a name the config file uses already is refused."""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import ConfigError

if TYPE_CHECKING:
    from .settings import StoreSettings

FILE = "stores.toml"
# what the page writes; anything else in the file is the TOML's business (kept as written)
KEYS = (
    "name",
    "label",
    "site",
    "base_url",
    "search_url",
    "company_id",
    "username",
    "tracked_keywords",
    "browser",
    "cdp_url",
    "paused",
    "schedule",
)


def derive_name(label: str, taken: Iterable[str]) -> str:
    """The store's key from its display name: its Latin letters and digits (`Main Store 2` →
    `main-store-2`), else `store`; `-2`, `-3` … when taken."""
    slug = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")[:30] or "store"
    if len(slug) < 2:
        slug = "store"
    used = set(taken)
    if slug not in used:
        return slug
    return next(f"{slug}-{i}" for i in range(2, 10_000) if f"{slug}-{i}" not in used)


def _read(data_dir: Path) -> list[dict[str, Any]]:
    p = Path(data_dir) / FILE
    if not p.is_file():
        return []
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise ConfigError(f"{p}: invalid TOML ({e}); fix the file or remove the store on the review page") from None
    stores = data.get("stores") or []
    if not isinstance(stores, list) or not all(isinstance(s, dict) for s in stores):
        raise ConfigError(f"{p}: stores must be [[stores]] tables")
    return stores


def page_stores(data_dir: Path, taken: list[str]) -> list[StoreSettings]:
    """The page's stores, each checked as the config file's are (one line naming the store and key)."""
    from pydantic import ValidationError

    from .settings import StoreSettings

    out = []
    for i, raw in enumerate(_read(data_dir)):
        if "password" in raw:
            raise ConfigError(f"{Path(data_dir) / FILE}: stores.{i}: a password is never kept in a file; remove it")
        try:
            st = StoreSettings(**raw)
        except ValidationError as e:
            err = e.errors()[0]
            key = ".".join(str(x) for x in err["loc"]) or "store"
            msg = err["msg"].removeprefix("Value error, ")
            raise ConfigError(f"{Path(data_dir) / FILE}: store {raw.get('label') or i + 1}: {key}: {msg}") from None
        if st.name in taken:
            raise ConfigError(
                f"{Path(data_dir) / FILE}: store {st.shown!r} has the key {st.name!r}, which the config file uses too; "
                "remove one of them"
            )
        taken = [*taken, st.name]
        out.append(st)
    return out


def save(data_dir: Path, store: StoreSettings, replacing: str | None = None) -> None:
    """Write `store` into the page's file (in place of `replacing`, its key when edited), whole or not
    at all: a temporary file, made private, then renamed over the old one."""
    import tomli_w

    rows = [r for r in _read(data_dir) if r.get("name") != (replacing or store.name)]
    values = store.model_dump(include=set(KEYS), exclude_none=True)
    values = {k: v for k, v in values.items() if v not in ({}, [], False)}  # what is unset is left out
    rows.append(values)
    p = Path(data_dir) / FILE
    p.parent.mkdir(parents=True, exist_ok=True)
    tmp = p.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(b"# stores added on the review page (storeagent ui); the config file's stores are read first\n")
            tomli_w.dump({"stores": rows}, f)
        tmp.replace(p)
    finally:
        tmp.unlink(missing_ok=True)


def is_page_store(data_dir: Path, name: str) -> bool:
    return any(r.get("name") == name for r in _read(data_dir))
