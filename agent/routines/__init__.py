"""Routines compose page objects into work; no selectors here.

Each site names its routines and where they live (`agent.sites`), without importing them: the CLI
lists them in its help without loading pandas, SQLAlchemy or Playwright; `load(name, site)` imports
one when it runs. Routines that read the same way on both sites (rankings) are shared; the 1688
store's own work lives in `agent.routines.cbu`."""

from __future__ import annotations

from .. import sites

ROUTINES: dict[str, list[str]] = sites.all_routines()  # routine -> the sites that have it


def load(name: str, site: str = sites.DEFAULT):
    """The routine's body for a store on `site`: an async function of one `Run`."""
    return sites.get(site).routine(name)
