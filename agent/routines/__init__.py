"""Routines compose page objects into work; no selectors here.

`ROUTINES` names every routine and where it lives, without importing it: the CLI lists them in its
help without loading pandas, SQLAlchemy or Playwright; `load(name)` imports one when it runs."""
from __future__ import annotations

from importlib import import_module

ROUTINES: dict[str, str] = {
    "keepalive": "keepalive:keepalive",
    "metrics": "metrics:metrics",
    "inquiries": "inquiries:inquiries",
    "rankings": "rankings:rankings",
    "diagnose": "diagnose:diagnose",
    "p4p_review": "reviews:p4p_review",
    "zero_effect": "reviews:zero_effect",
    "activities": "reviews:activities",
    "doctor": "doctor:doctor",
    "capture": "doctor:capture",
}


def load(name: str):
    """The routine's body: an async function of one `Run`."""
    module, func = ROUTINES[name].split(":")
    return getattr(import_module(f"{__name__}.{module}"), func)
