"""The screen a headed store browser draws on: the machine's own (`DISPLAY`) when it has one, else a
virtual display (Debian's Xvfb, started through pyvirtualdisplay) that this process starts at the
first headed browser and stops with the last."""

from __future__ import annotations

import asyncio
import os
import shutil
from typing import Any

from loguru import logger

from ..errors import ConfigError

SIZE = (1366, 900)


class NoDisplay(ConfigError):
    """A headed browser is asked for on a machine with neither a display nor Xvfb (exit code 2)."""


class VirtualDisplay:
    """One per process, shared by its headed browsers (counted: the last one out stops it)."""

    def __init__(self) -> None:
        self._display: Any = None  # pyvirtualdisplay's Display, imported when first needed
        self._users = 0
        self._lock = asyncio.Lock()

    @property
    def running(self) -> bool:
        return self._display is not None

    async def acquire(self) -> dict[str, str]:
        """The environment a headed browser is launched with (its `DISPLAY`)."""
        async with self._lock:
            self._users += 1
            if os.environ.get("DISPLAY") and self._display is None:
                return {"DISPLAY": os.environ["DISPLAY"]}
            if self._display is None:
                if not shutil.which("Xvfb"):
                    self._users -= 1
                    raise NoDisplay(
                        'a store with browser = "profile" runs a headed browser, and this machine has no '
                        "display and no Xvfb: run 'make test' as root (installs Debian's xvfb), "
                        "'apt-get install -y xvfb', or set DISPLAY"
                    )
                from pyvirtualdisplay import Display

                display = Display(visible=False, size=SIZE, manage_global_env=False)
                await asyncio.to_thread(display.start)
                self._display = display
                logger.debug("virtual display {} started for the store browsers", display.new_display_var)
            return {"DISPLAY": str(self._display.new_display_var)}

    async def release(self) -> None:
        async with self._lock:
            self._users = max(0, self._users - 1)
            if self._users == 0 and self._display is not None:
                display, self._display = self._display, None
                await asyncio.to_thread(display.stop)
