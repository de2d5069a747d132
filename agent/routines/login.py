"""`storeagent login`: sign a store in once, in its own browser, and prove it.

The session signs in as it always does — the password, then the e-mailed code (typed from the store's
TOTP secret when it has one, else by the person at the window) or a QR scan by the person — and the
site's home screen, which answers only a signed-in seller, proves it. The run records the store's
login health (runner.login_health): until when its session cookies are expected to last."""

from __future__ import annotations

from ..runtime.run import Run
from ..sites._site import ref


async def login(run: Run) -> None:
    screen = ref(run.site.home)(run.driver)
    await screen.read()  # not a screen that may fail alone: an unproven login is the run's failure
    run.count("screens", 1)
