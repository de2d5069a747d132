"""The data folder is the user's alone and holds everything the agent writes: folders 0700, files
0600 — also those made before (by another umask, a copy, a restore) — and no link inside it leads
out of it (a log, the reports or captures written through a link would land anywhere)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .errors import ConfigError


def keep_private(data_dir: Path, browsers: Path | None = None) -> None:
    """Refuse a link out of `data_dir` (one line, nothing written); make what is there private.
    `browsers`: the login-state folder, when it is inside — its browser profiles hold the browser's
    own links (SingletonSocket …) and are the browser's business."""
    if not data_dir.is_dir():
        return
    root = data_dir.resolve()
    skip = browsers.resolve() if browsers is not None and browsers.exists() else None
    for here, dirs, files in os.walk(data_dir):  # links to folders are listed, not followed
        if skip is not None and Path(here).resolve() == skip:
            dirs[:] = []
            continue
        for name in dirs + files:
            p = Path(here) / name
            if p.is_symlink():
                target = p.resolve()
                if target != root and root not in target.parents:
                    raise ConfigError(
                        f"{p} is a link to {target}, outside the data folder: the agent keeps its files inside "
                        f"{root}; remove the link"
                    )
                continue
            _mode(p, 0o700 if name in dirs else 0o600)
    _mode(data_dir, 0o700)


def _mode(p: Path, want: int) -> None:
    try:
        if stat.S_IMODE(p.lstat().st_mode) != want:
            os.chmod(p, want)
    except OSError:  # another user's file in the folder: left as it is
        pass
