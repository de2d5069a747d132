"""Which Chromium to launch: Playwright's own build when installed, else the system one — for
headless runs the headless shell when present (Debian's `chromium-headless-shell`: the build
Playwright itself uses headless, without the full browser's UI processes), else the full browser."""

from __future__ import annotations

import os
import shutil

from ..errors import ConfigError

LAUNCH_ARGS = [
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--in-process-gpu",
]
SYSTEM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
# the binaries themselves, not Debian's /usr/bin wrapper script (which would stay a parent process)
HEADLESS_SHELLS = (
    "/usr/lib/chromium/chromium-headless-shell",
    "/usr/lib/chromium-headless-shell/chromium-headless-shell",
)
FULL_BROWSERS = ("/usr/lib/chromium/chromium",)  # headed


class NoChromium(ConfigError):
    """No browser to launch: a setting or an install step to fix (exit code 2)."""


def launch_options(pw, executable: str | None = None, headless: bool = True) -> dict:
    """Keyword arguments for `pw.chromium.launch`."""
    opts = {"headless": headless, "args": list(LAUNCH_ARGS)}
    if executable:
        if not os.path.exists(executable):
            raise NoChromium(f"browser_executable {executable!r} does not exist; fix the setting or leave it empty")
        opts["executable_path"] = executable
        return opts
    if os.path.exists(pw.chromium.executable_path):
        return opts
    for cand in HEADLESS_SHELLS if headless else ():
        if os.access(cand, os.X_OK):
            opts["executable_path"] = cand
            return opts
    for cand in () if headless else FULL_BROWSERS:
        if os.access(cand, os.X_OK):
            opts["executable_path"] = cand
            return opts
    for cand in SYSTEM_CANDIDATES:
        if os.path.exists(cand) or shutil.which(os.path.basename(cand)):
            opts["executable_path"] = cand if os.path.exists(cand) else shutil.which(os.path.basename(cand))
            return opts
    raise NoChromium(
        "no Chromium found: run 'make test' (installs Debian's chromium as root), "
        "'apt-get install -y chromium', or 'python -m playwright install chromium'"
    )
