"""Routines compose page objects into work; no selectors here."""
from .diagnose import diagnose
from .inquiries import inquiries
from .keepalive import keepalive
from .metrics import metrics
from .rankings import rankings

ROUTINES = {"diagnose": diagnose, "keepalive": keepalive, "metrics": metrics, "inquiries": inquiries, "rankings": rankings}
