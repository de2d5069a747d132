"""The screens REAL_SITE.md shows in two forms (older and newer evidence): the sandbox answers each
in either (`--dialect`, or per screen), and each page object reads both to the sandbox's ground
truth, values exact."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from agent.browser import BrowserManager
from sandbox.launcher import SandboxProcess

from .conftest import agent_settings, cbu_settings, driver

FORMS = ("newer", "older")


@pytest.fixture(scope="module")
def site():
    with SandboxProcess(products=90, seed=13, offers=45) as sb:
        yield sb


async def read_in(site, tmp_path, screen: str, form: str, fn, cbu: bool = False):
    """What `fn(driver)` reads with the sandbox's `screen` answering in `form`."""
    site.configure(dialect={"screen": screen, "form": form})
    s = (cbu_settings if cbu else agent_settings)(site, tmp_path, name=f"{screen}-{form}")
    try:
        async with BrowserManager(s) as mgr:
            return await fn(driver(s, mgr))
    finally:
        site.configure(dialect={"screen": screen, "form": None})


async def rows_and_answer(screen, *args):
    rows = await screen.read_all(*args)
    return rows, screen.last_answer


@pytest.mark.parametrize("form", FORMS)
async def test_orders_in_both_forms(site, tmp_path, form):
    from agent.pages.orders import Orders
    got, answer = await read_in(site, tmp_path, "orders", form, lambda d: rows_and_answer(Orders(d)))
    assert ("pageData" in answer["data"]) == (form == "newer")         # the form asked for is the form read
    st = site.state()
    today = datetime.fromisoformat(st["now"]).date().isoformat()
    truth = {o["id"]: (o["buyer"], o["status"], round(float(o["amount"]), 2), o["ship_by"],
                       o["status"] == "waiting_shipment" and o["ship_by"] < today) for o in st["orders"]}
    assert {o.id: (o.buyer, o.status, round(o.amount, 2), o.ship_by, o.overdue) for o in got} == truth
    assert any(o.overdue for o in got)


def test_the_sandbox_refuses_an_unknown_form(site):
    import httpx
    r = httpx.post(site.url + "/__sandbox__/config", json={"dialect": {"screen": "orders", "form": "newest"}},
                   headers={"X-Sandbox-Token": site.token})
    assert r.status_code == 400 and "newer | older" in r.text
